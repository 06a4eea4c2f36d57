"""Batch checks: the bundled sample counterparties in CSV, GB18030 CSV, XLSX and JSON Lines give the same
verdicts as one by one; unreadable rows are reported with their line and counted; columns can be mapped."""

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from scscheck.paths import bundled_registry_dir
from scscheck.status import ExitCode

SAMPLE_COUNTERPARTIES = bundled_registry_dir() / "samples" / "counterparties.csv"
BUNDLED = ["cn.spc.dishonest-debtors", "cn.samr.serious-illegal", "cn.samr.abnormal-operations",
           "cn.chinatax.major-violations", "cn.mohrss.wage-arrears", "cn.ah.anqing.blacklist",
           "cn.zj.ningbo.environment-blacklist", "cn.zj.hangzhou.blacklist", "cn.fj.putian.brand-redlist"]
OPTION = {"名称": None, "统一社会信用代码": "--uscc", "法定代表人": "--legal-rep",
          "法定代表人身份证号码": "--legal-rep-id", "地区": "--region"}


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The bundled samples synced once for the module (a read-only cache home)."""
    from conftest import module_store
    from typer.testing import CliRunner

    from scscheck.cli import app

    home = tmp_path_factory.mktemp("batch-home")
    result = CliRunner().invoke(app, [*module_store(home, request), "--home", str(home), "sync", *BUNDLED])
    assert result.exit_code == 0, result.output
    return home


def rows() -> list[dict[str, str]]:
    with SAMPLE_COUNTERPARTIES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def at(home: Path) -> list[str]:
    """The options that point scscheck at the module's cache home (and its own store, if it has one)."""
    from helpers import STORE_OF

    return [*(["--store", STORE_OF[str(home)]] if str(home) in STORE_OF else []), "--home", str(home)]


def run(cli, home: Path, *args: str):
    return cli(*at(home), "check", *args, "--format", "json", "--fail-on", "never")


def one_by_one(cli, home: Path) -> list[str]:
    verdicts = []
    for row in rows():
        args = [row["名称"]] if row["名称"] else []
        for column, option in OPTION.items():
            if option and row[column]:
                args += [option, row[column]]
        result = run(cli, home, *args)
        assert result.exit_code == 0, result.stderr
        verdicts.append(json.loads(result.stdout)["results"][0]["verdict"])
    return verdicts


def batch(cli, home: Path, path: Path) -> list[str]:
    result = run(cli, home, "--input", str(path))
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["rejected_input"] == [] and doc["input_rows"] == len(rows())
    return [r["verdict"] for r in sorted(doc["results"], key=lambda r: r["query"]["line"])]


def test_batch_in_every_format_equals_one_by_one(cli, synced: Path, tmp_path: Path) -> None:
    expected = one_by_one(cli, synced)
    assert {"listed", "linked", "review", "clear"} <= set(expected)  # the sample file exercises every verdict
    gb = tmp_path / "counterparties-gb18030.csv"
    gb.write_bytes(SAMPLE_COUNTERPARTIES.read_text(encoding="utf-8").encode("gb18030"))
    xlsx = tmp_path / "counterparties.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    header = list(rows()[0])
    sheet.append(header)
    for row in rows():
        sheet.append([row[c] or None for c in header])
    book.save(xlsx)
    jsonl = tmp_path / "counterparties.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows()), encoding="utf-8")
    for path in (SAMPLE_COUNTERPARTIES, gb, xlsx, jsonl):
        assert batch(cli, synced, path) == expected, path.name


def test_unreadable_rows_are_reported_with_their_line_and_counted(cli, synced: Path, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("企业名称,统一社会信用代码,地区\n安庆市华禹贸易有限公司,,\n坏的代码有限公司,91340800WX2026012X,\n"
                    ",,安徽\n杭州华宇贸易有限公司,,\n", encoding="utf-8")
    result = cli(*at(synced), "check", "--input", str(path), "--format", "json")
    assert result.exit_code == ExitCode.USAGE
    doc = json.loads(result.stdout)
    assert doc["input_rows"] == 4 and len(doc["results"]) == 2
    assert [r["line"] for r in doc["rejected_input"]] == [3, 4]
    assert "not a valid USCC" in doc["rejected_input"][0]["reason"]
    assert "input line 3:" in result.stderr and "2 of 4 input rows could not be checked" in result.stderr
    listed = cli(*at(synced), "check", "--input", str(path), "--format", "csv")
    assert listed.exit_code == ExitCode.USAGE
    assert [line.split(",")[0] for line in listed.stdout.splitlines()[1:]] == ["2", "5", "3", "4"]


def test_findings_outrank_unreadable_rows_in_the_exit_code(cli, synced: Path, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("name,uscc\n安庆市华宇贸易有限公司,91340800WX2026012R\nbad,123\n", encoding="utf-8")
    result = cli(*at(synced), "check", "--input", str(path), "--format", "jsonl")
    assert result.exit_code == ExitCode.FOUND
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["verdict"] for line in lines] == ["listed", None]
    assert lines[1]["query"] == {"line": 3} and "USCC" in lines[1]["error"]


def test_columns_can_be_mapped(cli, synced: Path, tmp_path: Path) -> None:
    path = tmp_path / "suppliers.csv"
    path.write_text("供应商,代码\n安庆市华宇贸易有限公司,\n", encoding="utf-8")
    unmapped = cli(*at(synced), "check", "--input", str(path))
    assert unmapped.exit_code == ExitCode.USAGE and "--column name=COLUMN" in unmapped.stderr
    mapped = run(cli, synced, "--input", str(path), "--column", "name=供应商", "--column", "uscc=代码")
    assert json.loads(mapped.stdout)["results"][0]["verdict"] == "listed"
    wrong = cli(*at(synced), "check", "--input", str(path), "--column", "name=没有")
    assert wrong.exit_code == ExitCode.USAGE and "no such column" in wrong.stderr


def test_output_file(cli, synced: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    result = cli(*at(synced), "check", "--input", str(SAMPLE_COUNTERPARTIES), "--format", "csv",
                 "--output", str(out))
    assert result.exit_code == ExitCode.FOUND and result.stdout == ""
    # a byte-order mark first, so that a spreadsheet opens the file as UTF-8 (Chinese names intact)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfline,query_name,")
    assert "安庆市华宇贸易有限公司" in out.read_text(encoding="utf-8-sig")
