"""`scscheck diff`: two snapshots of an SPC-shaped registry, the second with planted additions, removals
and changes; the diff finds exactly those, with the changed fields and both values."""

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from test_incremental import generated, write_spc_registry

from scscheck.status import ExitCode

ROWS = 3_000


def key(row: str) -> str:
    """What tells the sample's listings apart: the name and the case number."""
    cells = row.split(",")
    return f"{cells[0]}|{cells[10]}"


@pytest.fixture
def two_snapshots(cli: Callable[..., Run], tmp_path: Path) -> tuple[Path, dict[str, set[str]]]:
    regs = tmp_path / "regs"
    write_spc_registry(regs)
    lines = generated(tmp_path / "a.csv.gz", ROWS, 21)
    (regs / "spc.csv").write_text("".join(lines), encoding="utf-8")
    assert cli("--registry-dir", str(regs), "sync", "test.spc").exit_code == 0
    first = json.loads(cli("--registry-dir", str(regs), "diff", "test.spc", "-f", "json", "--to", "1",
                           "--from", "1").stdout)
    assert first["counts"] == {"added": 0, "removed": 0, "changed": 0}

    rng = random.Random(8)
    header, rows = lines[0], lines[1:]
    planted: dict[str, set[str]] = {"added": set(), "removed": set(), "changed": set()}
    keys = {key(row) for row in rows}
    assert len(keys) == len(rows)
    for at in sorted(rng.sample(range(len(rows)), 30)):
        cells = rows[at].split(",")
        cells[13] = "部分未履行" if cells[13] != "部分未履行" else "全部未履行"
        rows[at] = ",".join(cells)
        planted["changed"].add(key(rows[at]))
    for at in sorted(rng.sample(range(len(rows)), 25), reverse=True):
        if key(rows[at]) not in planted["changed"]:
            planted["removed"].add(key(rows.pop(at)))
    for row in generated(tmp_path / "new.csv.gz", 15, 22)[1:]:
        rows.insert(rng.randrange(len(rows)), row)
        planted["added"].add(key(row))
    (regs / "spc.csv").write_text("".join([header, *rows]), encoding="utf-8")
    assert cli("--registry-dir", str(regs), "sync", "test.spc").exit_code == 0
    return regs, planted


def case_numbers(cli: Callable[..., Run], regs: Path, listing_ids: list[str]) -> set[str]:
    shown = [json.loads(cli("--registry-dir", str(regs), "show", i, "-f", "json").stdout)["listing"]
             for i in listing_ids]
    return {f"{listing['name']}|{listing['case_number']}" for listing in shown}


def test_diff_finds_the_planted_changes(cli: Callable[..., Run], two_snapshots: tuple[Path, dict[str, set[str]]]
                                        ) -> None:
    regs, planted = two_snapshots
    doc = json.loads(cli("--registry-dir", str(regs), "diff", "test.spc", "-f", "json").stdout)
    assert doc["schema"] == "scscheck.diff/1" and (doc["from"]["snapshot"], doc["to"]["snapshot"]) == (1, 2)
    assert doc["counts"] == {kind: len(cases) for kind, cases in planted.items()}
    assert {row["listing_id"].split(":")[0] for row in doc["added"] + doc["removed"]} == {"test.spc"}
    assert case_numbers(cli, regs, [r["listing_id"] for r in doc["added"]]) == planted["added"]
    assert case_numbers(cli, regs, [r["listing_id"] for r in doc["changed"]]) == planted["changed"]
    # gone from the current snapshot, still in the first, which `show` reads them from
    assert case_numbers(cli, regs, [r["listing_id"] for r in doc["removed"]]) == planted["removed"]
    for change in doc["changed"]:
        assert list(change["fields"]) == ["performance"]
        assert sorted(change["fields"]["performance"]) == ["全部未履行", "部分未履行"]

    by_date = json.loads(cli("--registry-dir", str(regs), "diff", "test.spc", "-f", "json", "--from", "2",
                             "--to", "1").stdout)  # backwards: what the newer one lacks is "added"
    assert by_date["counts"] == {"added": len(planted["removed"]), "removed": len(planted["added"]),
                                 "changed": len(planted["changed"])}
    table = cli("--registry-dir", str(regs), "diff", "test.spc", "--limit", "3")
    assert table.exit_code == 0
    assert f"{len(planted['added'])} added, {len(planted['removed'])} removed, 30 changed" in table.stdout
    assert "changed (3 of 30 shown)" in table.stdout


def test_diff_usage_errors(cli: Callable[..., Run], two_snapshots: tuple[Path, dict[str, set[str]]]) -> None:
    regs, _ = two_snapshots
    for args, message in ((("--from", "9"), "not a kept snapshot"), (("--from", "2019-01-01"), "no kept snapshot"),
                          (("--to", "yesterday"), "give a snapshot id or a date")):
        run = cli("--registry-dir", str(regs), "diff", "test.spc", *args)
        assert run.exit_code == ExitCode.USAGE and message in run.stderr, run.stderr
    assert cli("--registry-dir", str(regs), "diff", "no.such.registry").exit_code == ExitCode.USAGE


def test_first_and_last_seen_follow_the_snapshots(cli: Callable[..., Run],
                                                  two_snapshots: tuple[Path, dict[str, set[str]]]) -> None:
    regs, _ = two_snapshots
    doc = json.loads(cli("--registry-dir", str(regs), "diff", "test.spc", "-f", "json").stdout)
    first, second = doc["from"]["fetched_at"], doc["to"]["fetched_at"]

    def seen(listing_id: str) -> dict[str, object]:
        return dict(json.loads(cli("--registry-dir", str(regs), "show", listing_id, "-f", "json").stdout)["seen"])

    old = doc["changed"][0]["listing_id"]  # published in both snapshots
    assert seen(old)["first"] == first and seen(old)["published"] is True
    added = doc["added"][0]["listing_id"]
    assert seen(added)["first"] == second and seen(added)["published"] is True
    removed = doc["removed"][0]["listing_id"]
    assert seen(removed) == {"first": first, "last": first, "published": False}  # last found current at the 1st sync
    assert "last seen" in cli("--registry-dir", str(regs), "show", removed).stdout

    # published again: first seen stays the first sight
    lines = (regs / "spc.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    row = json.loads(cli("--registry-dir", str(regs), "show", removed, "-f", "json").stdout)["published_row"]
    lines.append(",".join(row.values()) + "\n")
    (regs / "spc.csv").write_text("".join(lines), encoding="utf-8")
    synced = cli("--registry-dir", str(regs), "sync", "test.spc", "-f", "json")
    assert synced.exit_code == 0
    third = json.loads(synced.stdout)[0]["snapshot"]
    assert third["id"] == 3
    assert seen(removed) == {"first": first, "last": third["checked_at"], "published": True}
    company = next(row for row in doc["added"] if row["uscc"])
    report = json.loads(cli("--registry-dir", str(regs), "report", "--uscc", company["uscc"], "-f", "json").stdout)
    finding = next(f for f in report["counterparties"][0]["findings"] if f["listing_id"] == company["listing_id"])
    assert finding["seen"]["first"] == second and finding["seen"]["published"] is True
