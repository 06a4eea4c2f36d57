"""The first check: by USCC (also org-code-only listings), by exact name after normalisation, persons,
legal representatives; verdicts, JSON contract and exit codes."""

import json
from pathlib import Path

import pytest
from helpers import make_org_code, make_ric, make_uscc, mask, write_registry

from scscheck.status import ExitCode

HUAYU = make_uscc("340800", "WX400001")
OLD = make_uscc("330200", "WX400002")
REP_ID = make_ric("340802", "19700101", "123")
HEADER = "名称,统一社会信用代码/身份证号码,法定代表人,法定代表人证件号码,失信行为,列入日期"
ROWS = [
    f"安慶市華宇貿易有限公司,{HUAYU},周立新,{mask(REP_ID)},拒不履行,2026年01月05日",
    f"宁波甬江机械厂,{make_org_code('WX400002')},赵六,,违反财产报告制度,2019年01月01日",
    f"张伟,{mask(make_ric('340802', '19800101', '555'))},,,违反限制消费令,2026年02月02日",
    f"周立新,{mask(REP_ID)},,,违反限制消费令,2026年03月03日",
]
RED_ROWS = [f"安庆市华宇贸易有限公司,{HUAYU},周立新,,知名品牌,2025年05月05日"]
WATCH_ROWS = [f"杭州某某科技有限公司,{make_uscc('330100', 'WX400003')},钱七,,通过登记的住所无法联系,2026年04月04日"]


@pytest.fixture
def regs(cli, home, tmp_path: Path) -> Path:
    """Three synced registries: a blacklist, a red list and a watchlist."""
    directory = tmp_path / "regs"
    fields = {"name": "名称", "id": "统一社会信用代码/身份证号码", "legal_rep": "法定代表人",
              "legal_rep_id": "法定代表人证件号码", "reason": "失信行为", "listed_on": "列入日期"}
    for reg_id, kind, rows in (("test.black", "blacklist", ROWS), ("test.red", "redlist", RED_ROWS),
                               ("test.watch", "watchlist", WATCH_ROWS)):
        directory.mkdir(exist_ok=True)
        (directory / f"{reg_id}.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        write_registry(directory, reg_id, f"{reg_id}.csv", kind=kind, fields=fields)
    assert cli("--registry-dir", str(directory), "sync", "test.black", "test.red", "test.watch").exit_code == 0
    return directory


def check(cli, regs: Path, *args: str):
    run = cli("--registry-dir", str(regs), "check", *args, "--format", "json")
    return run, json.loads(run.stdout) if run.stdout.strip() else None


def test_uscc_match_is_listed_with_reason_and_dates(cli, regs) -> None:
    run, doc = check(cli, regs, "--uscc", HUAYU)
    assert run.exit_code == ExitCode.FOUND
    result = doc["results"][0]
    assert result["verdict"] == "listed"
    black = [f for f in result["findings"] if f["listing"]["registry"] == "test.black"]
    assert black[0]["match"] == {"method": "uscc", "score": 1.0, "agreed": ["uscc"], "differed": [], "ceiling": None}
    assert black[0]["listing"]["reason"] == "拒不履行"
    assert (black[0]["listing"]["listed_on"], black[0]["listing"]["expires_on"]) == ("2026-01-05", "2028-01-05")
    red = [f for f in result["findings"] if f["listing"]["registry"] == "test.red"]
    assert red[0]["effect"] == "none"  # a red list never makes a verdict worse


def test_uscc_query_finds_listing_that_carries_only_the_org_code(cli, regs) -> None:
    run, doc = check(cli, regs, "--uscc", OLD)
    finding = doc["results"][0]["findings"][0]
    assert finding["match"]["method"] == "org_code"
    assert finding["listing"]["org_code"] == OLD[8:17]
    # listed in 2019 with a 730-day term: expired, shown, but not raising the verdict
    assert finding["listing"]["status"] == "expired"
    assert doc["results"][0]["verdict"] == "clear"
    assert run.exit_code == ExitCode.SUCCESS


@pytest.mark.parametrize("variant", ["安庆市华宇贸易有限公司", "安慶市華宇貿易有限公司", " 安庆市 华宇贸易有限公司 "])
def test_exact_name_after_normalisation(cli, regs, variant: str) -> None:
    _, doc = check(cli, regs, variant)
    result = doc["results"][0]
    assert result["verdict"] == "listed"
    assert {f["listing"]["registry"] for f in result["findings"]} == {"test.black", "test.red"}


def test_full_width_and_bracket_forms_normalise() -> None:
    from scscheck import normalize

    assert normalize.name("华宇贸易（安庆）有限公司") == normalize.name("华宇贸易(安庆)有限公司")
    assert normalize.name("ＡＢＣ科技有限公司") == normalize.name("abc科技有限公司")


def test_same_name_different_code_is_not_a_match(cli, regs) -> None:
    other = make_uscc("340800", "WX499999")
    _, doc = check(cli, regs, "安庆市华宇贸易有限公司", "--uscc", other)
    assert doc["results"][0]["findings"] == []


def test_person_name_alone_is_review_and_contradicting_id_excludes(cli, regs) -> None:
    run, doc = check(cli, regs, "张伟")
    assert doc["results"][0]["verdict"] == "review"
    assert run.exit_code == ExitCode.SUCCESS  # default --fail-on listed
    run, _ = check(cli, regs, "张伟", "--fail-on", "review")
    assert run.exit_code == ExitCode.FOUND
    _, doc = check(cli, regs, "张伟", "--id", make_ric("110101", "19800101", "555"))
    assert doc["results"][0]["findings"] == []
    _, doc = check(cli, regs, "张伟", "--id", make_ric("340802", "19800101", "555"))
    assert doc["results"][0]["verdict"] == "listed"


def test_legal_rep_with_matching_id_is_linked(cli, regs) -> None:
    mine = make_uscc("330100", "WX400009")
    run, doc = check(cli, regs, "杭州新公司有限公司", "--uscc", mine, "--legal-rep", "周立新", "--id", REP_ID)
    result = doc["results"][0]
    assert result["verdict"] == "linked"
    roles = sorted(f["via"]["role"] for f in result["findings"] if f["listing"]["registry"] == "test.black")
    assert roles == ["legal representative of the listed company", "listed person"]
    assert run.exit_code == ExitCode.SUCCESS
    assert check(cli, regs, "x", "--legal-rep", "周立新", "--id", REP_ID, "--fail-on", "linked")[0].exit_code == 1


def test_legal_rep_name_alone_is_review(cli, regs) -> None:
    _, doc = check(cli, regs, "--legal-rep", "周立新")
    assert doc["results"][0]["verdict"] == "review"


def test_watchlist_is_review_not_listed(cli, regs) -> None:
    _, doc = check(cli, regs, "杭州某某科技有限公司")
    assert doc["results"][0]["verdict"] == "review"
    assert doc["results"][0]["findings"][0]["listing"]["kind"] == "watchlist"


def test_clear_json_contract_and_coverage(cli, regs) -> None:
    run, doc = check(cli, regs, "不存在的公司")
    assert run.exit_code == 0
    assert doc["schema"] == "scscheck.check/1"
    assert set(doc) >= {"generated_at", "tool_version", "as_of", "coverage", "results"}
    assert doc["results"] == [{"query": {"name": "不存在的公司"}, "verdict": "clear", "findings": [], "notes": []}]
    by_registry = {c["registry"]: c for c in doc["coverage"]}
    assert {"test.black", "test.red", "test.watch"} <= set(by_registry)
    entry = by_registry["test.black"]
    assert set(entry) >= {"registry", "snapshot", "published_on", "fetched_at", "rows", "stale", "sample"}
    assert entry["rows"] == 4 and entry["sample"] is True and entry["stale"] is False


def test_require_fresh_exits_3_when_a_registry_was_never_synced(cli, regs) -> None:
    # the bundled registries are on the search path but were not synced in this home
    run, doc = check(cli, regs, "不存在的公司", "--require-fresh")
    missing = [c["registry"] for c in doc["coverage"] if c["missing"]]
    assert "cn.spc.dishonest-debtors" in missing
    assert run.exit_code == ExitCode.INCOMPLETE
    assert doc["coverage_complete"] is False
    run, doc = check(cli, regs, "不存在的公司")  # without --require-fresh: said, but not an error
    assert run.exit_code == ExitCode.SUCCESS and doc["coverage_complete"] is False


def test_bad_input_is_usage_error(cli, regs) -> None:
    run = cli("--registry-dir", str(regs), "check", "--uscc", HUAYU[:-1] + ("0" if HUAYU[-1] != "0" else "1"))
    assert run.exit_code == ExitCode.USAGE
    assert "not a valid USCC" in run.stderr
    assert cli("--registry-dir", str(regs), "check").exit_code == ExitCode.USAGE
    assert cli("--registry-dir", str(regs), "check", "x", "--fail-on", "maybe").exit_code == ExitCode.USAGE


def test_batch_input_file(cli, regs, tmp_path: Path) -> None:
    batch = tmp_path / "batch.csv"
    batch.write_text(f"name,uscc\n安庆市华宇贸易有限公司,{HUAYU}\n不存在的公司,\n", encoding="utf-8")
    run = cli("--registry-dir", str(regs), "check", "--input", str(batch), "--format", "jsonl")
    lines = [json.loads(x) for x in run.stdout.splitlines()]
    assert [x["verdict"] for x in lines] == ["listed", "clear"]
    assert run.exit_code == ExitCode.FOUND


def test_table_output_shows_registry_reason_dates(cli, regs) -> None:
    run = cli("--registry-dir", str(regs), "check", "--uscc", HUAYU)
    assert run.exit_code == 1
    for text in ("LISTED", "test.black", "拒不履行", "2026-01-05", "2028-01-05", "SAMPLE DATA"):
        assert text in run.stdout


def test_csv_output_escapes_formulas(cli, regs) -> None:
    from scscheck.output import csv_cell

    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    run = cli("--registry-dir", str(regs), "check", "--uscc", HUAYU, "--format", "csv")
    header, *rows = run.stdout.splitlines()
    assert header.startswith("line,query_name,query_uscc,")
    assert any("test.black" in r for r in rows)


def test_same_name_in_another_region_is_only_review(cli, regs) -> None:
    _, doc = check(cli, regs, "安庆市华宇贸易有限公司", "--region", "浙江省")
    black = [f for f in doc["results"][0]["findings"] if f["listing"]["registry"] == "test.black"]
    assert black[0]["match"]["differed"] == ["region"]
    assert doc["results"][0]["verdict"] == "review"
    _, doc = check(cli, regs, "安庆市华宇贸易有限公司", "--region", "安徽")
    assert doc["results"][0]["verdict"] == "listed"


def test_direct_match_is_not_reported_as_a_legal_rep_path(cli, regs) -> None:
    _, doc = check(cli, regs, "--uscc", HUAYU, "--legal-rep", "周立新", "--id", REP_ID)
    own = [f for f in doc["results"][0]["findings"] if f["listing"]["registry"] == "test.black"
           and f["listing"]["uscc"] == HUAYU]
    assert own[0]["via"] is None and own[0]["match"]["method"] == "uscc"
