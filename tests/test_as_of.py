"""`--as-of DATE`: the answer from the snapshots that were current on that date, with each listing's status
on it. A cache holding two snapshots of one registry gives the older answer for a date between them."""

import json
from pathlib import Path

from helpers import make_uscc, write_registry
from reporting import assert_valid, schema, synced_on

from scscheck import store as store_module
from scscheck.status import ExitCode

A = make_uscc("340800", "WX900001")  # listed in January, gone from the list by June
B = make_uscc("340800", "WX900002")  # listed only in June's snapshot
HEADER = "名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期"
JANUARY = [f"安庆市甲方贸易有限公司,{A},王一,拒不履行,2026-01-05"]
JUNE = [f"安庆市乙方贸易有限公司,{B},王二,拒不履行,2026-06-01"]


def sync_snapshot(cli, directory: Path, rows: list[str]) -> int:
    (directory / "t.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    done = cli("--registry-dir", str(directory), "sync", "test.asof", "-f", "json")
    assert done.exit_code == 0, done.stderr
    snapshot = json.loads(done.stdout)[0]["snapshot"]["id"]
    return int(snapshot)


def two_snapshots(cli, home: Path, tmp_path: Path) -> Path:
    directory = tmp_path / "regs"
    directory.mkdir()
    write_registry(directory, "test.asof", "t.csv")
    first = sync_snapshot(cli, directory, JANUARY)
    synced_on(home, "2026-01-10T09:00:00+00:00", [first])
    second = sync_snapshot(cli, directory, JUNE)
    synced_on(home, "2026-06-10T09:00:00+00:00", [second])
    return directory


def verdict(cli, directory: Path, code: str, *as_of: str) -> tuple[str, dict]:
    done = cli("--registry-dir", str(directory), "check", "--uscc", code, "-f", "json", *as_of)
    document = json.loads(done.stdout)
    return document["results"][0]["verdict"], next(c for c in document["coverage"] if c["registry"] == "test.asof")


def test_as_of_between_two_snapshots_gives_the_older_answer(cli, home: Path, tmp_path: Path) -> None:
    directory = two_snapshots(cli, home, tmp_path)
    # today: June's snapshot is current
    assert verdict(cli, directory, A)[0] == "clear"
    assert verdict(cli, directory, B)[0] == "listed"
    # 2026-03-01, between the two: January's snapshot answers
    listed, coverage = verdict(cli, directory, A, "--as-of", "2026-03-01")
    assert listed == "listed" and coverage["fetched_at"] == "2026-01-10T09:00:00+00:00" and not coverage["missing"]
    assert verdict(cli, directory, B, "--as-of", "2026-03-01")[0] == "clear"
    # the day of the second sync counts as its own: current by the end of it
    assert verdict(cli, directory, B, "--as-of", "2026-06-10")[0] == "listed"
    # before any sync: nothing was known, and the coverage says so
    before, coverage = verdict(cli, directory, A, "--as-of", "2025-12-31")
    assert before == "clear" and coverage["missing"] and coverage["snapshot"] is None


def test_as_of_in_the_report_states_the_snapshot_used(cli, home: Path, tmp_path: Path) -> None:
    directory = two_snapshots(cli, home, tmp_path)
    done = cli("--registry-dir", str(directory), "report", "--uscc", A, "--as-of", "2026-03-01", "-f", "json")
    assert done.exit_code == ExitCode.FOUND
    document = json.loads(done.stdout)
    assert_valid(schema("report"), document)
    coverage = next(c for c in document["coverage"] if c["registry"] == "test.asof")
    (finding,) = document["counterparties"][0]["findings"]
    assert finding["listing"]["snapshot"] == coverage["snapshot"] and document["as_of"] == "2026-03-01"
    # a listing's status is its status on the as-of date: January's listing was active then, and a
    # check as of 2028 (when its two-year term has run) would call it expired
    assert finding["status"] == "active" and finding["listing"]["expires_on"] == "2028-01-05"


def test_status_on_the_as_of_date(cli, home: Path, tmp_path: Path) -> None:
    directory = tmp_path / "regs"
    directory.mkdir()
    write_registry(directory, "test.asof", "t.csv")
    first = sync_snapshot(cli, directory, [f"安庆市甲方贸易有限公司,{A},王一,拒不履行,2023-01-05"])
    synced_on(home, "2024-01-10T09:00:00+00:00", [first])
    # listed 2023-01-05 for 730 days: active on 2024-06-01, expired today
    then = cli("--registry-dir", str(directory), "check", "--uscc", A, "-f", "json", "--as-of", "2024-06-01")
    now = cli("--registry-dir", str(directory), "check", "--uscc", A, "-f", "json")
    assert json.loads(then.stdout)["results"][0]["verdict"] == "listed"
    finding = json.loads(now.stdout)["results"][0]["findings"][0]
    assert (finding["effect"], finding["listing"]["status"]) == ("none", "expired")


def test_as_of_a_pruned_snapshot_is_missing_not_clear(cli, home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "RETENTION", 1)  # keep the current snapshot's listings only
    directory = two_snapshots(cli, home, tmp_path)
    listed, coverage = verdict(cli, directory, A, "--as-of", "2026-03-01")
    assert coverage["pruned"] and coverage["missing"] and listed == "clear"
    done = cli("--registry-dir", str(directory), "report", "--uscc", A, "--as-of", "2026-03-01", "-f", "md")
    assert "pruned (listings past retention)" in done.stdout
    assert "Nothing was searched for 91340800WX9000018W\\: no registry had a snapshot in force" in done.stdout
    strict = cli("--registry-dir", str(directory), "check", "--uscc", A, "--as-of", "2026-03-01", "--require-fresh")
    assert strict.exit_code == ExitCode.INCOMPLETE
