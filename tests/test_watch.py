"""Watchlists and changes: three watched counterparties, a new snapshot in which one is newly listed, one
delisted and one unchanged; the sync prints exactly those two changes, `changes` lists them (and in JSON),
and its exit code follows --fail-on."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from helpers import make_ric, make_uscc, mask, write_registry

from scscheck.status import ExitCode

HEADER = "名称,统一社会信用代码/身份证号码,法定代表人,法定代表人证件号码,失信行为,列入日期"
STAYS = make_uscc("340800", "WX930001")  # listed in both snapshots
GOES = make_uscc("340800", "WX930002")  # listed, then delisted
COMES = make_uscc("340800", "WX930003")  # not listed, then listed
REP_ID = make_ric("340802", "19750505", "321")
FIRST = [f"安庆市常在贸易有限公司,{STAYS},赵一,,拒不履行,2026年01月05日",
         f"安庆市离开贸易有限公司,{GOES},钱二,,拒不履行,2026年01月06日"]
SECOND = [FIRST[0], f"安庆市新来贸易有限公司,{COMES},孙三,,虚假诉讼,2026年06月01日"]


def publish(regs: Path, rows: list[str]) -> None:
    (regs / "test.list.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


@pytest.fixture
def regs(cli: Callable[..., Run], tmp_path: Path) -> Path:
    directory = tmp_path / "regs"
    directory.mkdir()
    fields = {"name": "名称", "id": "统一社会信用代码/身份证号码", "legal_rep": "法定代表人",
              "legal_rep_id": "法定代表人证件号码", "reason": "失信行为", "listed_on": "列入日期"}
    write_registry(directory, "test.list", "test.list.csv", fields=fields)
    publish(directory, FIRST)
    assert cli("--registry-dir", str(directory), "sync", "test.list").exit_code == 0
    return directory


def test_three_watched_two_changes(cli: Callable[..., Run], regs: Path) -> None:
    base = ("--registry-dir", str(regs))
    for code in (STAYS, GOES, COMES):
        run = cli(*base, "watch", "add", "--uscc", code)
        assert run.exit_code == 0, run.stderr
    assert "already watched" in cli(*base, "watch", "add", "--uscc", STAYS).stderr
    watched = json.loads(cli(*base, "watch", "list", "-f", "json").stdout)
    assert [(w["counterparty"]["uscc"], w["verdict"]) for w in watched] == [
        (STAYS, "listed"), (GOES, "listed"), (COMES, "clear")]

    publish(regs, SECOND)
    synced = cli(*base, "sync", "test.list")
    assert synced.exit_code == 0, synced.stderr
    assert "2 change(s) for watched counterparties" in synced.stderr
    assert "LISTED" in synced.stdout and "DELISTED" in synced.stdout

    doc = json.loads(cli(*base, "changes", "-f", "json").stdout)
    assert doc["schema"] == "scscheck.changes/1"
    found = sorted((c["counterparty"]["uscc"], c["kind"], c["verdict_before"], c["verdict_after"])
                   for c in doc["changes"])
    assert found == sorted([(COMES, "listed", "clear", "listed"), (GOES, "delisted", "listed", "clear")])
    assert doc["counts"] == {"listed": 1, "linked": 0, "review": 0, "delisted": 1, "expired": 0}
    table = cli(*base, "changes")
    assert table.exit_code == ExitCode.FOUND  # newly listed: at the default --fail-on listed
    assert "changes for watched counterparties: 1 listed, 1 delisted" in table.stdout
    assert table.stdout.count("LISTED") == 2 and "DELISTED" in table.stdout  # one LISTED row, one DELISTED row
    assert cli(*base, "changes", "--fail-on", "never").exit_code == 0

    # a sync that changes nothing finds nothing; `changes` then shows that run's (none), --since the day both
    assert cli(*base, "sync", "test.list").exit_code == 0
    quiet = json.loads(cli(*base, "changes", "-f", "json").stdout)
    assert quiet["changes"] == [] and cli(*base, "changes").exit_code == 0
    today = doc["changes"][0]["detected_at"][:10]
    assert len(json.loads(cli(*base, "changes", "--since", today, "-f", "json").stdout)["changes"]) == 2

    # delisted only: good news never fails a run
    publish(regs, [FIRST[0]])
    assert cli(*base, "sync", "test.list").exit_code == 0
    last = json.loads(cli(*base, "changes", "-f", "json").stdout)
    assert [(c["counterparty"]["uscc"], c["kind"]) for c in last["changes"]] == [(COMES, "delisted")]
    assert cli(*base, "changes", "--fail-on", "review").exit_code == 0


def test_a_new_linked_listing_through_the_legal_rep(cli: Callable[..., Run], regs: Path) -> None:
    base = ("--registry-dir", str(regs))
    company = make_uscc("340800", "WX930009")
    assert cli(*base, "watch", "add", "安庆市关联科技有限公司", "--uscc", company, "--legal-rep", "周某某",
               "--legal-rep-id", REP_ID).exit_code == 0
    publish(regs, [*FIRST, f"周某某,{mask(REP_ID)},,,违反限制消费令,2026年07月07日"])
    assert cli(*base, "sync", "test.list").exit_code == 0
    doc = json.loads(cli(*base, "changes", "-f", "json").stdout)
    assert [(c["kind"], c["verdict_after"]) for c in doc["changes"]] == [("linked", "linked")]
    assert cli(*base, "changes", "--fail-on", "linked").exit_code == ExitCode.FOUND
    assert cli(*base, "changes", "--fail-on", "listed").exit_code == 0


def test_watch_usage(cli: Callable[..., Run], regs: Path, tmp_path: Path) -> None:
    base = ("--registry-dir", str(regs))
    assert cli(*base, "watch", "add").exit_code == ExitCode.USAGE  # nothing to watch
    assert cli(*base, "watch", "remove", "7").exit_code == ExitCode.USAGE
    batch = tmp_path / "suppliers.csv"
    rows = ["名称,统一社会信用代码", f"安庆市常在贸易有限公司,{STAYS}", "安庆市甲乙贸易有限公司,"]
    batch.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli(*base, "watch", "add", "--input", str(batch)).exit_code == 0
    watched = json.loads(cli(*base, "watch", "list", "-f", "json").stdout)
    assert len(watched) == 2
    assert cli(*base, "watch", "remove", str(watched[0]["id"])).exit_code == 0
    assert len(json.loads(cli(*base, "watch", "list", "-f", "json").stdout)) == 1
    assert cli(*base, "changes", "--since", "soon").exit_code == ExitCode.USAGE


def test_a_listing_that_expires_is_an_expired_change(cli: Callable[..., Run], tmp_path: Path) -> None:
    directory = tmp_path / "expiring"
    fields = {"name": "名称", "id": "统一社会信用代码/身份证号码", "reason": "失信行为", "listed_on": "列入日期",
              "expires_on": "有效期至"}
    write_registry(directory, "test.expiring", "list.csv", fields=fields)
    head = "名称,统一社会信用代码/身份证号码,失信行为,列入日期,有效期至"
    row = f"安庆市到期贸易有限公司,{STAYS},拒不履行,2025年01月05日,"
    (directory / "list.csv").write_text(f"{head}\n{row}2099年01月01日\n", encoding="utf-8")
    base = ("--registry-dir", str(directory))
    assert cli(*base, "sync", "test.expiring").exit_code == 0
    assert cli(*base, "watch", "add", "--uscc", STAYS).exit_code == 0
    # the publisher shortens the term: it has run out
    (directory / "list.csv").write_text(f"{head}\n{row}2026年01月05日\n", encoding="utf-8")
    assert cli(*base, "sync", "test.expiring").exit_code == 0
    doc = json.loads(cli(*base, "changes", "-f", "json").stdout)
    assert [(c["kind"], c["verdict_before"], c["verdict_after"]) for c in doc["changes"]] == [
        ("expired", "listed", "clear")]
    assert cli(*base, "changes", "--fail-on", "review").exit_code == 0
