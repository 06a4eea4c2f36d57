"""Sync over HTTP against a real server on 127.0.0.1: first load, conditional GET, unchanged digest,
retries on 503, digest mismatch leaving the previous snapshot current."""

import hashlib
import json
from pathlib import Path

from conftest import Reply, Server
from helpers import make_uscc, store_at, write_registry

from scscheck.fetch import FetchSettings

USCC_A = make_uscc("340800", "WX100001")
USCC_B = make_uscc("330100", "WX100002")


def csv_body(*rows: str) -> bytes:
    header = "名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期"
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


BODY_V1 = csv_body(f"安庆市甲乙贸易有限公司,{USCC_A},周某某,拒不履行,2026年01月05日")
BODY_V2 = csv_body(f"安庆市甲乙贸易有限公司,{USCC_A},周某某,拒不履行,2026年01月05日",
                   f"杭州丙丁科技有限公司,{USCC_B},吴某某,违反限制消费令,20260301")


def snapshots(home: Path, registry: str) -> list[int]:
    with store_at(home) as store:
        return [r[0] for r in store.db.execute("SELECT id FROM snapshot WHERE registry = ? ORDER BY id", (registry,))]


def ids(regs: Path) -> list[str]:
    """The test's own registries: sync those, not the bundled samples too."""
    return sorted(p.stem for p in regs.glob("*.toml"))


def summary(run) -> dict[str, dict]:
    return {r["registry"]: r for r in json.loads(run.stdout)}


def test_first_sync_then_304_makes_no_new_snapshot(cli, home, server: Server, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.remote", server.url("/list.csv"))
    server.script("/list.csv", Reply(200, BODY_V1, {"ETag": '"v1"', "Content-Type": "text/csv",
                                                    "Last-Modified": "Tue, 03 Mar 2026 08:00:00 GMT"}))

    first = cli("--registry-dir", str(regs), "sync", "test.remote", "--format", "json")
    assert first.exit_code == 0, first.stderr
    result = summary(first)["test.remote"]
    assert result["outcome"] == "loaded"
    assert result["snapshot"]["rows_loaded"] == 1
    assert result["snapshot"]["etag"] == '"v1"'
    assert result["snapshot"]["published_on"] == "2026-03-03"

    second = cli("--registry-dir", str(regs), "sync", "test.remote", "--format", "json")
    assert second.exit_code == 0
    assert summary(second)["test.remote"]["outcome"] == "unchanged"
    assert server.requests[-1][1].get("if-none-match") == '"v1"'
    assert snapshots(home, "test.remote") == [1]


def test_same_digest_without_validators_makes_no_new_snapshot(cli, home, server: Server, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.remote", server.url("/list.csv"))
    server.script("/list.csv", Reply(200, BODY_V1))
    assert cli("--registry-dir", str(regs), "sync", *ids(regs)).exit_code == 0
    again = cli("--registry-dir", str(regs), "sync", *ids(regs), "--format", "json")
    assert summary(again)["test.remote"]["outcome"] == "unchanged"
    assert server.hits("/list.csv") == 2
    assert snapshots(home, "test.remote") == [1]

    server.script("/list.csv", Reply(200, BODY_V2))
    changed = cli("--registry-dir", str(regs), "sync", *ids(regs), "--format", "json")
    assert summary(changed)["test.remote"]["outcome"] == "loaded"
    assert snapshots(home, "test.remote") == [1, 2]


def test_503_then_200_is_retried_and_loaded(cli, home, server: Server, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.remote", server.url("/list.csv"))
    server.script("/list.csv", Reply(503, b"busy"), Reply(200, BODY_V2))
    run = cli("--registry-dir", str(regs), "sync", *ids(regs), "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert server.hits("/list.csv") == 2
    assert summary(run)["test.remote"]["snapshot"]["rows_loaded"] == 2


def test_persistent_503_gives_up_with_exit_4(cli, home, server: Server, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.remote", server.url("/list.csv"))
    server.script("/list.csv", Reply(503, b"busy"))
    run = cli("--registry-dir", str(regs), "sync", *ids(regs))
    assert run.exit_code == 4
    assert "test.remote: server error 503" in run.stderr
    assert server.hits("/list.csv") == FetchSettings().retries + 1


def test_digest_mismatch_keeps_previous_snapshot_and_syncs_the_others(
    cli, home, server: Server, tmp_path: Path
) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.signed", server.url("/signed.csv"), sha256_url=server.url("/signed.csv.sha256"))
    write_registry(regs, "test.other", server.url("/other.csv"))
    server.script("/signed.csv", Reply(200, BODY_V1))
    server.script("/signed.csv.sha256", Reply(200, f"{hashlib.sha256(BODY_V1).hexdigest()}  signed.csv\n".encode()))
    server.script("/other.csv", Reply(200, BODY_V1))
    assert cli("--registry-dir", str(regs), "sync", *ids(regs)).exit_code == 0
    signed_before = snapshots(home, "test.signed")
    before = cli("--registry-dir", str(regs), "check", "--uscc", USCC_B, "--format", "json")
    assert json.loads(before.stdout)["results"][0]["verdict"] == "clear"

    # the publisher's file changes but its posted digest does not: the download must be refused
    server.script("/signed.csv", Reply(200, BODY_V2))
    server.script("/other.csv", Reply(200, BODY_V2))
    run = cli("--registry-dir", str(regs), "sync", *ids(regs), "--format", "json")
    assert run.exit_code == 4
    assert "test.signed: digest mismatch" in run.stderr
    outcome = summary(run)
    assert outcome["test.signed"]["outcome"] == "failed"
    assert [outcome["test.signed"]["snapshot"]["id"]] == signed_before  # the previous one is still current
    assert outcome["test.other"]["outcome"] == "loaded"
    after = cli("--registry-dir", str(regs), "check", "--uscc", USCC_B, "--format", "json")
    findings = json.loads(after.stdout)["results"][0]["findings"]
    assert [f["listing"]["registry"] for f in findings] == ["test.other"]
    assert snapshots(home, "test.signed") == signed_before


def test_html_error_page_is_not_loaded(cli, home, server: Server, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.remote", server.url("/list.csv"))
    server.script("/list.csv", Reply(200, b"<html>maintenance</html>", {"Content-Type": "text/html"}))
    run = cli("--registry-dir", str(regs), "sync", *ids(regs))
    assert run.exit_code == 4
    assert "HTML page" in run.stderr
    assert snapshots(home, "test.remote") == []


def test_404_fails_without_retry(cli, home, server: Server, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.remote", server.url("/missing.csv"))
    run = cli("--registry-dir", str(regs), "sync", *ids(regs))
    assert run.exit_code == 4
    assert "HTTP 404" in run.stderr
    assert server.hits("/missing.csv") == 1


def test_local_snapshot_checked_against_its_digest_file(cli, home, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.local", "list.csv", sha256_url="list.csv.sha256")
    (regs / "list.csv").write_bytes(BODY_V1)
    (regs / "list.csv.sha256").write_text(hashlib.sha256(BODY_V1).hexdigest() + "  list.csv\n")
    assert cli("--registry-dir", str(regs), "sync", "test.local").exit_code == 0
    (regs / "list.csv").write_bytes(BODY_V2)
    run = cli("--registry-dir", str(regs), "sync", "test.local")
    assert run.exit_code == 4
    assert "test.local: digest mismatch" in run.stderr
    assert snapshots(home, "test.local") == [1]
