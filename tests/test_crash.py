"""Crash safety: `scscheck sync` killed with SIGKILL at random moments, most of them during the load.

A large SPC-shaped snapshot (``python -m scscheck.samples stream``) is served from 127.0.0.1 and synced by
``python -m scscheck sync`` in a child process, beside a small local registry. One uninterrupted sync measures
when the load starts (the download is whole on disk) and how long it lasts; then each of the seeded kills
either waits for the load to start and kills at a random moment within its measured length, or (one in five)
kills at a random moment of the whole run, before the cache is opened included. After each kill the cache
passes ``PRAGMA integrity_check``, every current snapshot holds exactly the rows it recorded, nothing
half-loaded became a snapshot, and the next sync completes (and removes the killed sync's partial download).

Environment: ``SCSCHECK_CRASH_ROWS`` rows per snapshot (default 6,000, loaded in about 1.5 s: the test takes
about 30 s), ``SCSCHECK_CRASH_KILLS`` (25), ``SCSCHECK_CRASH_SEED``. The larger manual run, a load of about a
minute with many write batches and page-cache spills to the WAL during each load:

    SCSCHECK_CRASH_ROWS=300000 python -m pytest -q -s tests/test_crash.py

(about 17 minutes; ``-s`` prints the figures: kills before the load, during it, after the commit).
"""

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Reply, Run, Server
from helpers import write_registry

ROWS = int(os.environ.get("SCSCHECK_CRASH_ROWS", "6000"))
KILLS = int(os.environ.get("SCSCHECK_CRASH_KILLS", "25"))
SEED = int(os.environ.get("SCSCHECK_CRASH_SEED", "20260301"))
BIG = "test.spc"
SMALL = "test.local"
SPC_REGISTRY = Path(__file__).resolve().parents[1] / "registries" / "cn.spc.dishonest-debtors.toml"
SMALL_CSV = (
    "名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期\n"
    "安庆市壬癸贸易有限公司,,冯某某,拒不履行,2026年01月05日\n"
)

pytestmark = [pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
              pytest.mark.sqlite_only]  # the SQLite file after a kill; PostgreSQL keeps its own transactions


@dataclass
class Outcome:
    """One child sync: whether it was killed, and when, relative to its start and to its load."""

    killed: bool
    seconds: float  # from start to the kill, or to the end when not killed
    load_started: float | None  # seconds from start until the download was whole, if it got that far
    returncode: int


def generate(path: Path, rows: int, seed: int) -> bytes:
    subprocess.run(
        [sys.executable, "-m", "scscheck.samples", "stream", "--rows", str(rows), "--out", str(path),
         "--seed", str(seed), "--compresslevel", "1"],
        check=True, capture_output=True,
    )
    return path.read_bytes()


def write_registries(regs: Path, url: str) -> None:
    spc = tomllib.loads(SPC_REGISTRY.read_text(encoding="utf-8"))
    values = "".join(f'"{k}" = "{v}"\n' for k, v in spc["values"]["subject_type"].items())
    write_registry(regs, BIG, url, encoding="utf-8", fields=spc["fields"], extra=f"\n[values.subject_type]\n{values}")
    write_registry(regs, SMALL, "small.csv")
    (regs / "small.csv").write_text(SMALL_CSV, encoding="utf-8")


def sync_command(regs: Path) -> list[str]:
    return [sys.executable, "-m", "scscheck", "--registry-dir", str(regs), "sync", BIG, SMALL]


def download_whole(downloads: Path, size: int) -> bool:
    for part in downloads.glob(f"{BIG}.*.part"):
        try:
            if part.stat().st_size >= size:
                return True
        except FileNotFoundError:
            pass
    return False


def run_child(regs: Path, downloads: Path, size: int, log: Path, kill_at: float | None = None,
              kill_into_load: float | None = None, workers: int = 0) -> Outcome:
    """Run a sync, its listings built by `workers` processes; kill it `kill_at` seconds after its start, or
    `kill_into_load` seconds after its load started (the download of `size` bytes whole on disk), or never."""
    with log.open("ab") as err:
        started = time.monotonic()
        env = {**os.environ, "SCSCHECK_SYNC_WORKERS": str(workers)}
        child = subprocess.Popen(sync_command(regs), stdout=subprocess.DEVNULL, stderr=err, env=env)
        load_started: float | None = None
        deadline = None if kill_at is None else started + kill_at
        try:
            while True:
                now = time.monotonic()
                if child.poll() is not None:
                    return Outcome(False, now - started, load_started, child.returncode)
                if load_started is None and download_whole(downloads, size):
                    load_started = now - started
                    if kill_into_load is not None:
                        deadline = now + kill_into_load
                if deadline is not None and now >= deadline:
                    child.send_signal(signal.SIGKILL)
                    child.wait()
                    # the child may have finished between the poll and the signal: then it was not killed
                    return Outcome(child.returncode == -signal.SIGKILL, now - started, load_started, child.returncode)
                time.sleep(0.002)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()


def survivors(regs: Path, within: float = 5.0) -> list[int]:
    """The processes still running a sync of `regs` (workers of a killed sync end by themselves) after
    waiting up to `within` seconds for them to go."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(regs).encode() in cmdline.read_bytes() and Path(cmdline.parent, "stat").read_text().split(
                        ") ")[-1][0] != "Z":
                    found.append(int(cmdline.parent.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def current_digest(cache: Path, registry: str) -> str | None:
    with sqlite3.connect(cache) as db:
        row = db.execute(
            "SELECT s.digest FROM snapshot s JOIN current_snapshot c ON c.snapshot_id = s.id WHERE c.registry = ?",
            (registry,),
        ).fetchone()
    return row[0] if row else None


def check_cache(cache: Path) -> int:
    """The cache is sound and every current snapshot holds exactly what it recorded; returns the number of
    snapshots."""
    db = sqlite3.connect(cache)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        current = db.execute(
            "SELECT s.id, s.registry, s.rows_read, s.rows_loaded, s.rows_rejected "
            "FROM snapshot s JOIN current_snapshot c ON c.snapshot_id = s.id"
        ).fetchall()
        assert {row[1] for row in current} == {BIG, SMALL}
        for snapshot_id, registry, read, loaded, rejected in current:
            listings = db.execute("SELECT count(*) FROM listing WHERE snapshot_id = ?", (snapshot_id,)).fetchone()[0]
            rejections = db.execute("SELECT count(*) FROM rejected WHERE snapshot_id = ?", (snapshot_id,)).fetchone()[0]
            assert (listings, rejections) == (loaded, rejected), f"{registry} snapshot {snapshot_id}"
            assert read == loaded + rejected > 0, f"{registry} snapshot {snapshot_id}"
        return int(db.execute("SELECT count(*) FROM snapshot").fetchone()[0])
    finally:
        db.close()


def test_sync_killed_at_random_moments_leaves_the_cache_whole(
    cli: Callable[..., Run], home: Path, server: Server, tmp_path: Path
) -> None:
    began = time.monotonic()
    regs = tmp_path / "regs"
    write_registries(regs, server.url("/spc.csv.gz"))
    big = [generate(tmp_path / f"spc-{seed}.csv.gz", ROWS, seed) for seed in (SEED, SEED + 1)]
    tiny = [generate(tmp_path / f"spc-tiny-{seed}.csv.gz", 50, seed) for seed in (SEED + 2, SEED + 3)]
    assert len({hashlib.sha256(b).hexdigest() for b in [*big, *tiny]}) == 4
    cache, downloads, log = home / "cache.sqlite3", home / "downloads", tmp_path / "child-stderr.log"

    # one uninterrupted sync measures the run and its load
    server.script("/spc.csv.gz", Reply(200, big[0], {"Content-Type": "application/gzip"}))
    calibration = run_child(regs, downloads, len(big[0]), log)
    assert calibration.returncode == 0, log.read_text()
    assert calibration.load_started is not None
    load_seconds = calibration.seconds - calibration.load_started
    snapshots = check_cache(cache)

    rng = random.Random(SEED)
    figures = {"before the load": 0, "during the load": 0, "after the commit": 0, "not killed": 0}
    kills = attempt = 0
    while kills < KILLS:
        attempt += 1
        assert attempt <= 2 * KILLS, figures
        body = big[attempt % 2]
        server.script("/spc.csv.gz", Reply(200, body, {"Content-Type": "application/gzip"}))
        workers = 2 * (attempt % 2)  # every other sync builds its listings in worker processes
        if rng.random() < 0.2:  # anywhere in the run: starting up, fetching, loading, after
            outcome = run_child(regs, downloads, len(body), log, kill_at=rng.uniform(0, calibration.seconds),
                                workers=workers)
        else:
            outcome = run_child(regs, downloads, len(body), log, kill_into_load=rng.uniform(0, 1.05 * load_seconds),
                                workers=workers)
        if Path("/proc/self/cmdline").exists():
            assert not survivors(regs), "a worker outlived its killed sync"
        if not outcome.killed:
            figures["not killed"] += 1
            assert outcome.returncode == 0, log.read_text()
            snapshots = check_cache(cache)
            continue
        kills += 1
        assert outcome.returncode == -signal.SIGKILL
        committed = current_digest(cache, BIG) == hashlib.sha256(body).hexdigest()
        phase = "after the commit" if committed else "during the load" if outcome.load_started else "before the load"
        figures[phase] += 1
        count = check_cache(cache)
        assert count in (snapshots, snapshots + 1), "a snapshot appeared that no sync completed"
        assert committed == (count == snapshots + 1)
        snapshots = count

        # the next sync completes, loading a new snapshot (a small one, to keep the test short)
        small = next(t for t in tiny if hashlib.sha256(t).hexdigest() != current_digest(cache, BIG))
        server.script("/spc.csv.gz", Reply(200, small, {"Content-Type": "application/gzip"}))
        after = cli("--registry-dir", str(regs), "sync", BIG, SMALL)  # in-process: no interpreter start-up
        assert after.exit_code == 0, after.stderr
        assert current_digest(cache, BIG) == hashlib.sha256(small).hexdigest()
        snapshots = check_cache(cache)
        assert snapshots == count + 1
        assert not list(downloads.glob("*.part")), "a killed sync's partial download was left behind"

    print(
        f"\ncrash test: {ROWS:,} rows, load {load_seconds:.2f} s of a {calibration.seconds:.2f} s sync; "
        f"{kills} kills: " + ", ".join(f"{n} {what}" for what, n in figures.items())
        + f"; {time.monotonic() - began:.1f} s"
    )
    assert figures["during the load"] >= KILLS // 3, figures
