"""Snapshots in every supported shape load with Chinese column names, and every row read is accounted
for: rows read = loaded + rejected, the rejected ones listed with line and reason."""

import gzip
import json
from pathlib import Path

import pytest
from helpers import make_org_code, make_ric, make_uscc, mask, write_registry

USCC = make_uscc("340800", "WX200001")
PERSON_ID = mask(make_ric("340802", "19640517", "322"))
ORG_ONLY = make_org_code("WX200002")

HEADER = ["名称", "统一社会信用代码/身份证号码", "法定代表人", "失信行为", "列入日期"]
GOOD = [
    ["安慶市華宇貿易有限公司", USCC, "周立新", "有履行能力而拒不履行生效法律文书确定义务", "2026年01月05日"],
    ["张伟", PERSON_ID, "", "违反限制消费令", "20250101"],
    ["宁波老厂", ORG_ONLY[:8] + "-" + ORG_ONLY[8], "", "违反财产报告制度", "2019-03-01"],
]
BAD = [
    ["", USCC, "", "无名", "2026-01-01"],  # empty name
    ["坏日期有限公司", "", "", "x", "2021年13月40日"],  # impossible date
]


def write_delimited(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",") -> None:
    text = "\n".join(delimiter.join(r) for r in [HEADER, *rows]) + "\n"
    data = text.encode(encoding)
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(HEADER)
    for row in rows:
        cells: list[object] = list(row)
        if row[4] == "2026年01月05日":
            cells[4] = dt.datetime(2026, 1, 5)  # a real date cell, as spreadsheets hold them
        ws.append(cells)
    wb.save(path)


def write_jsonl(path: Path, rows: list[list[str]]) -> None:
    lines = [json.dumps(dict(zip(HEADER, r, strict=True)), ensure_ascii=False) for r in rows]
    lines.insert(2, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_json(path: Path, rows: list[list[str]]) -> None:
    doc = {"code": 0, "data": {"total": len(rows), "list": [dict(zip(HEADER, r, strict=True)) for r in rows]}}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


CASES = {
    "gb18030-csv": ("list.csv", "csv", lambda p, rows: write_delimited(p, rows, "gb18030"), 0),
    "utf8-bom-csv-gz": ("list.csv.gz", "csv", lambda p, rows: write_delimited(p, rows, "utf-8-sig"), 0),
    "gb18030-tsv": ("list.tsv", "tsv", lambda p, rows: write_delimited(p, rows, "gb18030", "\t"), 0),
    "xlsx": ("list.xlsx", "xlsx", write_xlsx, 0),
    "jsonl": ("list.jsonl", "jsonl", write_jsonl, 1),
    "json": ("list.json", "json", write_json, 0),
}


@pytest.mark.parametrize("case", list(CASES))
def test_format_loads_and_accounts_for_every_row(cli, home, tmp_path: Path, case: str) -> None:
    filename, fmt, write, extra_bad = CASES[case]
    regs = tmp_path / "regs"
    regs.mkdir()
    write(regs / filename, GOOD + BAD)
    write_registry(regs, "test.format", filename, fmt, records="data.list" if fmt == "json" else "")

    run = cli("--registry-dir", str(regs), "sync", "test.format", "--format", "json")
    assert run.exit_code == 0, run.stderr
    snap = json.loads(run.stdout)[0]["snapshot"]
    assert snap["rows_loaded"] == len(GOOD)
    assert snap["rows_rejected"] == len(BAD) + extra_bad
    assert snap["rows_read"] == snap["rows_loaded"] + snap["rows_rejected"]

    rejected = json.loads(cli("--registry-dir", str(regs), "rejected", "test.format", "--format", "json").stdout)
    reasons = [r["reason"] for r in rejected["rejected"]]
    assert "empty name" in reasons
    assert any("2021年13月40日" in r and "date formats" in r for r in reasons)
    assert all(r["line"] > 1 for r in rejected["rejected"])

    # Chinese columns were mapped: the traditional-script name, the USCC, the date in its own format
    found = json.loads(cli("--registry-dir", str(regs), "check", "--uscc", USCC, "--format", "json").stdout)
    listing = found["results"][0]["findings"][0]["listing"]
    assert listing["name"] == "安慶市華宇貿易有限公司"
    assert listing["legal_rep"] == "周立新"
    assert listing["listed_on"] == "2026-01-05"
    assert listing["expires_on"] == "2028-01-05"  # the registry's 730-day term
    assert listing["region"] == "340800" and listing["region_name"] == "安庆市"


def test_gb18030_detected_without_declaration(cli, home, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    regs.mkdir()
    write_delimited(regs / "list.csv", GOOD, "gb18030")
    with pytest.raises(UnicodeDecodeError):
        (regs / "list.csv").read_bytes().decode("utf-8")
    write_registry(regs, "test.gbk", "list.csv", "csv", encoding="auto")
    run = cli("--registry-dir", str(regs), "sync", "test.gbk", "--format", "json")
    assert json.loads(run.stdout)[0]["snapshot"]["encoding"] == "gb18030"
    person = json.loads(cli("--registry-dir", str(regs), "check", "张伟", "--format", "json").stdout)
    assert person["results"][0]["findings"][0]["listing"]["id_number"] == PERSON_ID


def test_ragged_and_undecodable_rows_are_rejected_with_reasons(cli, home, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    regs.mkdir()
    good = ",".join(GOOD[0]).encode("utf-8")
    data = b"\n".join([",".join(HEADER).encode(), good, b"too,few", b"\xff\xfe broken,x,y,z,20200101"]) + b"\n"
    (regs / "list.csv").write_bytes(data)
    write_registry(regs, "test.ragged", "list.csv", "csv", encoding="utf-8")
    run = cli("--registry-dir", str(regs), "sync", "test.ragged", "--format", "json")
    snap = json.loads(run.stdout)[0]["snapshot"]
    assert (snap["rows_read"], snap["rows_loaded"], snap["rows_rejected"]) == (3, 1, 2)
    rejected = json.loads(cli("--registry-dir", str(regs), "rejected", "test.ragged", "--format", "json").stdout)
    by_line = {r["line"]: r["reason"] for r in rejected["rejected"]}
    assert by_line[3] == "row has 2 fields, the header has 5"
    assert by_line[4].startswith("bytes not valid in utf-8")


def test_duplicate_rows_are_rejected_as_duplicates(cli, home, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    regs.mkdir()
    write_delimited(regs / "list.csv", [GOOD[0], GOOD[1], GOOD[0]], "utf-8")
    write_registry(regs, "test.dup", "list.csv", "csv")
    snap = json.loads(cli("--registry-dir", str(regs), "sync", "test.dup", "--format", "json").stdout)[0]["snapshot"]
    assert (snap["rows_read"], snap["rows_loaded"], snap["rows_rejected"]) == (3, 2, 1)
    rejected = json.loads(cli("--registry-dir", str(regs), "rejected", "test.dup", "--format", "json").stdout)
    first = rejected["rejected"][0]
    assert (first["line"], first["reason"]) == (4, "duplicate of line 2")


def test_missing_name_column_fails_the_registry(cli, home, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    regs.mkdir()
    (regs / "list.csv").write_text("企业,代码\n某公司,x\n", encoding="utf-8")
    write_registry(regs, "test.cols", "list.csv", "csv")
    run = cli("--registry-dir", str(regs), "sync", "test.cols")
    assert run.exit_code == 4
    assert "test.cols: the snapshot has no name column (名称)" in run.stderr
