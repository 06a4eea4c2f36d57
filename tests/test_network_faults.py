"""Network faults against a loopback server that misbehaves on purpose.

Each fault: `sync` exits 4 with one line naming the registry and the cause; the registry's previous
snapshot stays current and `check` answers for it exactly as before (its part of the JSON, byte for byte,
minus generated_at); the other registry in the same run is synced all the same; no partial download is
left behind. Timeouts, retries and backoff are shortened through the SCSCHECK_FETCH_* environment.
"""

import gzip
import hashlib
import json
import re
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import Reply, Run, Server
from helpers import make_uscc, store_at, write_registry

from scscheck import registry as registries
from scscheck.errors import FetchError, UsageError
from scscheck.fetch import FetchSettings, fetch

USCC_A = make_uscc("340800", "WX200001")
USCC_B = make_uscc("330100", "WX200002")
TIMEOUT = 0.3
RETRIES = 2
BACKOFF = 0.05
FAULTY = "test.faulty"
OTHER = "test.other"


def csv_body(*rows: str) -> bytes:
    header = "名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期"
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


ROW_A = f"安庆市戊己贸易有限公司,{USCC_A},郑某某,拒不履行,2026年01月05日"
ROW_B = f"杭州庚辛科技有限公司,{USCC_B},王某某,违反限制消费令,20260301"
BODY_V1 = csv_body(ROW_A)
BODY_V2 = csv_body(ROW_A, ROW_B)
# A snapshot big enough that a connection can break in the middle of it (about 50 KB).
BIG = csv_body(ROW_A, *(f"测试企业{i:05d}有限公司,,某某,拒不履行,20260101" for i in range(1200)))
GZ = gzip.compress(BIG, mtime=0)
BOMB = gzip.compress(csv_body(ROW_A) + b"\n" * 20_000_000, mtime=0)  # ~20 KB that inflates to 20 MB
MAINTENANCE = (
    "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>系统维护中 - 信用中国</title></head>"
    "<body><p>系统维护中,请稍后访问</p></body></html>"
).encode()


@pytest.fixture(autouse=True)
def fast_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCSCHECK_FETCH_TIMEOUT", str(TIMEOUT))
    monkeypatch.setenv("SCSCHECK_FETCH_CONNECT_TIMEOUT", str(TIMEOUT))
    monkeypatch.setenv("SCSCHECK_FETCH_RETRIES", str(RETRIES))
    monkeypatch.setenv("SCSCHECK_FETCH_BACKOFF", str(BACKOFF))
    monkeypatch.setenv("SCSCHECK_FETCH_MAX_REDIRECTS", "4")


@pytest.fixture
def dead_url() -> Iterator[str]:
    """A URL on 127.0.0.1 where nothing listens: the port is bound (so no one else takes it) but not listening,
    so a connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/faulty.csv"


@dataclass
class Fault:
    """How the faulty registry's server misbehaves on the second sync, and what the user must be told."""

    replies: list[Reply]
    message: str  # a regex the failure line must match after "test.faulty: "
    attempts: int = 1  # requests the sync makes before giving up
    max_bytes: int | None = None
    signed: bool = False  # the publisher posts a SHA-256 (of the first snapshot)
    routes: dict[str, list[Reply]] = field(default_factory=dict)  # other paths (redirect targets)
    refused: bool = False  # the server is gone: nothing listens on the registry's port


URL = r"http://127\.0\.0\.1:\d+/faulty\.csv"
GAVE_UP = rf"\(gave up after {RETRIES + 1} attempts\)"
FAULTS = {
    "read-timeout": Fault(
        [Reply(200, BODY_V2, delay=3)], rf"no response from {URL} within {TIMEOUT:g} s {GAVE_UP}", RETRIES + 1
    ),
    "stall-mid-body": Fault(
        [Reply(200, BIG, delay=3, delay_after=10_000)],
        rf"timed out after 10,000 of {len(BIG):,} bytes of {URL} \(no data for {TIMEOUT:g} s\) {GAVE_UP}",
        RETRIES + 1,
    ),
    "connect-refused": Fault([], rf"connection refused by 127\.0\.0\.1:\d+ {GAVE_UP}", refused=True),
    "http-500": Fault([Reply(500, b"oops")], rf"server error 500 fetching {URL} {GAVE_UP}", RETRIES + 1),
    "http-503": Fault([Reply(503, b"busy")], rf"server error 503 fetching {URL} {GAVE_UP}", RETRIES + 1),
    "reset-mid-body": Fault(
        [Reply(200, BIG, reset_after=20_000)],
        rf"connection reset after [\d,]+ of {len(BIG):,} bytes of {URL} {GAVE_UP}",
        RETRIES + 1,
    ),
    "closed-mid-body": Fault(
        [Reply(200, BIG, close_after=20_000)],
        rf"connection closed after 20,000 of {len(BIG):,} bytes of {URL} {GAVE_UP}",
        RETRIES + 1,
    ),
    "truncated-gzip": Fault(
        [Reply(200, GZ[: len(GZ) // 2])], rf"gzip data truncated \(the stream ends after {len(GZ) // 2:,} bytes"
    ),
    "truncated-gzip-no-length": Fault(  # the connection just ends early: only the gzip stream can tell
        [Reply(200, GZ, close_after=len(GZ) - 9, content_length=False)], r"gzip data truncated"
    ),
    "corrupt-gzip": Fault(  # one byte of the CRC-32 trailer flipped
        [Reply(200, GZ[:-8] + bytes([GZ[-8] ^ 0xFF]) + GZ[-7:])], r"gzip data corrupt \(incorrect data check\)"
    ),
    "digest-mismatch": Fault(
        [Reply(200, BODY_V2)], r"digest mismatch: publisher says [0-9a-f]{12}\.\.\., download is [0-9a-f]{12}\.\.\.",
        signed=True,
    ),
    "html-200": Fault(
        [Reply(200, MAINTENANCE, {"Content-Type": "text/html; charset=utf-8"})],
        r"the server sent an HTML page where a csv snapshot was expected",
    ),
    "html-200-as-csv": Fault(  # the page even claims to be CSV: recognised by its content
        [Reply(200, MAINTENANCE, {"Content-Type": "text/csv"})],
        r'the server sent an HTML page \("系统维护中 - 信用中国"\) where a csv snapshot was expected',
    ),
    "html-200-gzip": Fault(
        [Reply(200, gzip.compress(MAINTENANCE), {"Content-Type": "application/gzip"})],
        r'the server sent an HTML page \("系统维护中 - 信用中国"\)',
    ),
    "redirect-loop": Fault(
        [Reply(302, b"", {"Location": "/elsewhere.csv"})],
        rf"more than 4 redirects fetching {URL} \(a redirect loop\?\)",
        routes={"/elsewhere.csv": [Reply(301, b"", {"Location": "/faulty.csv"})]},
        attempts=3,  # /faulty.csv is asked for 3 times in the 5 requests
    ),
    "over-size-cap": Fault(
        [Reply(200, BIG)], rf"snapshot is {len(BIG):,} bytes, over the size cap of 10,000 bytes", max_bytes=10_000
    ),
    "over-size-cap-no-length": Fault(
        [Reply(200, BIG, content_length=False)], r"download exceeds the size cap of 10,000 bytes", max_bytes=10_000
    ),
    "decompression-bomb": Fault(
        [Reply(200, BOMB)], r"decompressed size exceeds the cap of 1,000,000 bytes", max_bytes=1_000_000
    ),
}


def ids(regs: Path) -> list[str]:
    return sorted(p.stem for p in regs.glob("*.toml"))


def snapshots(home: Path, registry: str) -> list[tuple[int, str]]:
    with store_at(home) as store:
        return [(r[0], r[1]) for r in store.db.execute(
            "SELECT id, digest FROM snapshot WHERE registry = ? ORDER BY id", (registry,)
        )]


def registry_view(run: Run, registry: str) -> str:
    """What `check --format json` says about one registry (its coverage and its findings), as text."""
    assert run.exit_code in (0, 1), run.stderr
    doc = json.loads(run.stdout)
    doc.pop("generated_at")
    view = {
        "coverage": [c for c in doc["coverage"] if c["registry"] == registry],
        "findings": [[f for f in r["findings"] if f["listing"]["registry"] == registry] for r in doc["results"]],
    }
    return json.dumps(view, ensure_ascii=False, sort_keys=True)


def write_faulty(regs: Path, url: str, fault: Fault, server: Server) -> None:
    sha = server.url("/faulty.csv.sha256") if fault.signed else ""
    path = write_registry(regs, FAULTY, url, sha256_url=sha)
    if fault.max_bytes is not None:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("[source]\n", f"[source]\nmax_bytes = {fault.max_bytes}\n"), encoding="utf-8")


@pytest.mark.parametrize("name", FAULTS)
def test_fault_keeps_the_previous_snapshot_and_syncs_the_others(
    name: str, cli: Callable[..., Run], home: Path, server: Server, tmp_path: Path, dead_url: str
) -> None:
    fault = FAULTS[name]
    regs = tmp_path / "regs"
    write_faulty(regs, server.url("/faulty.csv"), fault, server)
    write_registry(regs, OTHER, server.url("/other.csv"))
    server.script("/faulty.csv", Reply(200, BODY_V1))
    server.script("/faulty.csv.sha256", Reply(200, f"{hashlib.sha256(BODY_V1).hexdigest()}  faulty.csv\n".encode()))
    server.script("/other.csv", Reply(200, BODY_V1))
    first = cli("--registry-dir", str(regs), "sync", *ids(regs))
    assert first.exit_code == 0, first.stderr
    history = snapshots(home, FAULTY)
    checks = [("--uscc", USCC_A), ("--uscc", USCC_B), ("安庆市戊己贸易有限公司",)]
    before = [registry_view(cli("--registry-dir", str(regs), "check", *q, "--format", "json"), FAULTY) for q in checks]
    assert USCC_A in before[0]

    # the publisher of the other list publishes a new snapshot; the faulty one's server misbehaves
    server.script("/other.csv", Reply(200, BODY_V2))
    server.script("/faulty.csv", *fault.replies)
    for path, replies in fault.routes.items():
        server.script(path, *replies)
    if fault.refused:
        write_faulty(regs, dead_url, fault, server)
    hits = server.hits("/faulty.csv")
    run = cli("--registry-dir", str(regs), "sync", *ids(regs), "--format", "json")

    assert run.exit_code == 4, (run.stdout, run.stderr)
    failures = [line for line in run.stderr.splitlines() if "sync failed" in line]
    assert len(failures) == 1, run.stderr
    assert re.fullmatch(rf"scscheck: sync failed: {FAULTY}: {fault.message}.*", failures[0]), failures[0]
    assert "Traceback" not in run.stderr
    assert server.hits("/faulty.csv") - hits == (0 if fault.refused else fault.attempts)

    outcome = {r["registry"]: r for r in json.loads(run.stdout)}
    assert outcome[FAULTY]["outcome"] == "failed"
    assert outcome[FAULTY]["snapshot"]["id"] == history[-1][0]  # the previous snapshot is still current
    assert snapshots(home, FAULTY) == history  # and no other was made
    assert outcome[OTHER]["outcome"] == "loaded"  # the other registry synced in the same run
    assert outcome[OTHER]["snapshot"]["rows_loaded"] == 2

    after = [registry_view(cli("--registry-dir", str(regs), "check", *q, "--format", "json"), FAULTY) for q in checks]
    assert after == before
    other = json.loads(cli("--registry-dir", str(regs), "check", "--uscc", USCC_B, "--format", "json").stdout)
    assert [f["listing"]["registry"] for f in other["results"][0]["findings"]] == [OTHER]
    assert not list((home / "downloads").glob("*")), "a partial download was left behind"


def test_server_errors_are_retried_with_growing_backoff(
    cli: Callable[..., Run], server: Server, tmp_path: Path
) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, FAULTY, server.url("/faulty.csv"))
    server.script("/faulty.csv", Reply(503, b"busy"), Reply(500, b"oops"), Reply(200, BODY_V2))
    run = cli("--registry-dir", str(regs), "sync", FAULTY, "--format", "json")
    assert run.exit_code == 0, run.stderr
    gaps = server.gaps("/faulty.csv")
    assert len(gaps) == 2
    assert gaps[0] >= BACKOFF and gaps[1] >= 2 * BACKOFF


def test_a_partial_download_left_by_a_killed_sync_is_removed(
    cli: Callable[..., Run], home: Path, server: Server, tmp_path: Path
) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, FAULTY, server.url("/faulty.csv"))
    server.script("/faulty.csv", Reply(200, BODY_V1))
    downloads = home / "downloads"
    downloads.mkdir(parents=True)
    stale = downloads / f"{FAULTY}.k1ll3d_x.part"
    stale.write_bytes(b"half a snapshot")
    not_this_registry = [downloads / f"{FAULTY}.two.k1ll3d_y.part", downloads / "notes.txt"]
    for path in not_this_registry:
        path.write_text("not this registry's")
    assert cli("--registry-dir", str(regs), "sync", FAULTY).exit_code == 0
    assert not stale.exists()
    assert all(path.exists() for path in not_this_registry)


def test_gzip_members_and_zero_padding_are_read_as_the_loader_reads_them(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, FAULTY, "faulty.csv.gz")
    half = len(BODY_V2) // 2
    (regs / "faulty.csv.gz").write_bytes(
        gzip.compress(BODY_V2[:half]) + gzip.compress(BODY_V2[half:]) + b"\0" * 512
    )
    run = cli("--registry-dir", str(regs), "sync", FAULTY, "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)[0]["snapshot"]["rows_loaded"] == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (gzip.compress(BODY_V1) + b"garbage", "gzip data corrupt"),
        (gzip.compress(BODY_V1)[:-3], "gzip data truncated"),
        (BOMB, "decompressed size exceeds the cap of 1,000,000 bytes"),
        (b"\x1f", ""),  # one byte: not gzip, and the loader rejects it as a CSV without columns
    ],
)
def test_local_snapshots_are_checked_like_downloads(tmp_path: Path, content: bytes, message: str) -> None:
    regs = tmp_path / "regs"
    path = write_registry(regs, FAULTY, "faulty.csv.gz")
    path.write_text(path.read_text().replace("[source]\n", "[source]\nmax_bytes = 1000000\n"))
    (regs / "faulty.csv.gz").write_bytes(content)
    registry = registries.load(path)
    if not message:
        assert fetch(registry, tmp_path / "downloads").size == len(content)
        return
    with pytest.raises(FetchError, match=f"^{FAULTY}: {message}"):
        fetch(registry, tmp_path / "downloads")


def test_fetch_settings_from_the_environment() -> None:
    assert FetchSettings.from_env({}) == FetchSettings()
    assert FetchSettings.from_env({"SCSCHECK_FETCH_TIMEOUT": "2.5", "SCSCHECK_FETCH_RETRIES": "0"}) == FetchSettings(
        timeout=2.5, retries=0
    )
    with pytest.raises(UsageError, match=r"SCSCHECK_FETCH_RETRIES must be a whole number >= 0, not '1\.5'"):
        FetchSettings.from_env({"SCSCHECK_FETCH_RETRIES": "1.5"})
    with pytest.raises(UsageError, match=r"SCSCHECK_FETCH_BACKOFF must be a number of seconds >= 0, not '-1'"):
        FetchSettings.from_env({"SCSCHECK_FETCH_BACKOFF": "-1"})


def test_a_redirect_to_plain_http_elsewhere_is_refused_before_any_connection(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registry on loopback may not be redirected to plain http on another host unless it allows it. The
    transport is guarded so that, were the refusal missing, the test fails without sending anything."""
    import httpx

    real = httpx.HTTPTransport.handle_request

    def loopback_only(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        assert request.url.host == "127.0.0.1", f"would have connected to {request.url.host}"
        return real(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", loopback_only)
    server.script("/moved.csv", Reply(302, headers={"Location": "http://192.0.2.7/list.csv"}))
    path = write_registry(tmp_path / "regs", FAULTY, server.url("/moved.csv"))
    with pytest.raises(FetchError, match=r"test.faulty: refused a redirect to plain http \(192.0.2.7\)"):
        fetch(registries.load(path), tmp_path / "work", None, FetchSettings(retries=0))
    assert server.hits("/moved.csv") == 1
