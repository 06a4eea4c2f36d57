"""Review decisions: a false positive lowers the verdict of later checks and is in the report's audit
trail; the listing changing in a new snapshot brings the finding back; decisions are listed and exported."""

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from helpers import make_ric, make_uscc, mask, write_registry

from scscheck.status import ExitCode

HEADER = "名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期,履行情况"
OURS = make_uscc("340800", "WX940001")
NAMESAKE = f"张伟,{mask(make_ric('340802', '19800101', '555'))},,违反限制消费令,2026年02月02日,全部未履行"
ROWS = [f"安庆市审查贸易有限公司,{OURS},李四,拒不履行,2026年01月05日,全部未履行", NAMESAKE]
FIELDS = {"name": "名称", "id": "统一社会信用代码/身份证号码", "legal_rep": "法定代表人", "reason": "失信行为",
          "listed_on": "列入日期", "performance": "履行情况"}


@pytest.fixture
def regs(cli: Callable[..., Run], tmp_path: Path) -> Path:
    directory = tmp_path / "regs"
    directory.mkdir()
    (directory / "test.list.csv").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    write_registry(directory, "test.list", "test.list.csv", fields=FIELDS)
    assert cli("--registry-dir", str(directory), "sync", "test.list").exit_code == 0
    return directory


def check(cli: Callable[..., Run], regs: Path, *args: str) -> dict:
    return json.loads(cli("--registry-dir", str(regs), "check", *args, "-f", "json", "--fail-on", "never").stdout)


def test_a_false_positive_lowers_the_verdict_until_the_listing_changes(cli: Callable[..., Run],
                                                                       regs: Path) -> None:
    base = ("--registry-dir", str(regs))
    before = check(cli, regs, "张伟")["results"][0]
    assert before["verdict"] == "review"
    listing_id = before["findings"][0]["listing"]["listing_id"]

    run = cli(*base, "review", listing_id, "--counterparty", "张 伟", "--decision", "false-positive",
              "--note", "our supplier's 张伟 was born in 1990; this one in 1980", "--user", "compliance.li")
    assert run.exit_code == 0, run.stderr
    after = check(cli, regs, "张伟")["results"][0]
    assert after["verdict"] == "clear"
    finding = after["findings"][0]
    assert finding["effect"] == "none" and finding["review"]["decision"] == "false-positive"
    assert finding["review"]["decided_by"] == "compliance.li" and not finding["review"]["listing_changed_since"]
    assert check(cli, regs, "王五")["results"][0]["findings"] == []  # another counterparty: not its decision

    report = json.loads(cli(*base, "report", "张伟", "-f", "json", "--fail-on", "never").stdout)
    party = report["counterparties"][0]
    assert party["verdict"] == "clear" and [e["listing_id"] for e in party["cleared"]] == [listing_id]
    assert [(r["decision"], r["decided_by"], r["listing_id"]) for r in party["reviews"]] == [
        ("false-positive", "compliance.li", listing_id)]
    assert "judged a false positive on review" in party["summary"]
    markdown = cli(*base, "report", "张伟", "--fail-on", "never").stdout
    assert "Review decisions: the audit trail (1)" in markdown and "compliance\\.li" in markdown  # escaped
    assert "compliance.li" in cli(*base, "check", "张伟", "--fail-on", "never").stdout  # beside the finding

    # the publisher changes the listing (same listing, now partly performed): the decision was on another
    # version, and the finding counts again
    changed = NAMESAKE.replace("全部未履行", "部分未履行")
    (regs / "test.list.csv").write_text("\n".join([HEADER, ROWS[0], changed]) + "\n", encoding="utf-8")
    assert cli(*base, "sync", "test.list").exit_code == 0
    again = check(cli, regs, "张伟")["results"][0]
    assert again["verdict"] == "review"
    assert again["findings"][0]["review"]["listing_changed_since"] is True
    party = json.loads(cli(*base, "report", "张伟", "-f", "json", "--fail-on", "never").stdout)["counterparties"][0]
    assert party["cleared"] == [] and party["reviews"][0]["listing_changed_since"] is True


def test_a_confirmed_decision_keeps_the_verdict_and_decisions_export(cli: Callable[..., Run], regs: Path,
                                                                      tmp_path: Path) -> None:
    base = ("--registry-dir", str(regs))
    listing_id = check(cli, regs, "--uscc", OURS)["results"][0]["findings"][0]["listing"]["listing_id"]
    assert cli(*base, "review", listing_id, "--uscc", OURS, "--decision", "confirmed", "--note",
               "=HYPERLINK(\"x\") same code, same company").exit_code == 0
    result = check(cli, regs, "--uscc", OURS)["results"][0]
    assert result["verdict"] == "listed" and result["findings"][0]["review"]["decision"] == "confirmed"
    exported = json.loads(cli(*base, "reviews", "-f", "json").stdout)
    assert exported["schema"] == "scscheck.reviews/1" and len(exported["reviews"]) == 1
    out = tmp_path / "audit.csv"
    assert cli(*base, "reviews", "-f", "csv", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0]["decision"] == "confirmed" and rows[0]["note"].startswith("'=HYPERLINK")  # not a formula
    assert "confirmed" in cli(*base, "reviews").stdout


@pytest.mark.parametrize(("args", "message"), [
    (("no.such:1234", "--counterparty", "x", "--decision", "confirmed", "--note", "n"), "no listing no.such:1234"),
    (("LISTING", "--decision", "confirmed", "--note", "n"), "say which counterparty"),
    (("LISTING", "--counterparty", "x", "--decision", "confirmed", "--note", " "), "--note is required"),
])
def test_review_usage_errors(cli: Callable[..., Run], regs: Path, args: tuple[str, ...], message: str) -> None:
    listing_id = check(cli, regs, "--uscc", OURS)["results"][0]["findings"][0]["listing"]["listing_id"]
    run = cli("--registry-dir", str(regs), "review", *(listing_id if a == "LISTING" else a for a in args))
    assert run.exit_code == ExitCode.USAGE and message in run.stderr, run.stderr
