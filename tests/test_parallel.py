"""Listings built by worker processes (scscheck.parallel) are the listings built in one process: the same
rows, in the same order, the same rejections with the same reasons, the same counts."""

import gzip
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, switch_home
from helpers import cache_db, write_registry

from scscheck import parallel
from scscheck.store import listing_columns

SPC_REGISTRY = Path(__file__).resolve().parents[1] / "registries" / "cn.spc.dishonest-debtors.toml"
# Rows the loader must reject, each for its own reason, spread through the snapshot so that they fall in
# different chunks.
BAD_ROWS = (
    ",法人或其他组织,,,0,,某某法院,安徽,,20210218,(2021)皖0802执1号,,,全部未履行,拒不履行,2021年07月27日\n",
    "安庆市坏日期贸易有限公司,法人或其他组织,,,0,,某某法院,安徽,,20210218,(2021)皖0802执2号,,,全部未履行,"
    "拒不履行,2021年13月45日\n",
    "安庆市少一列贸易有限公司,法人或其他组织,,,0\n",
    "安庆市空字符贸易有限公司\x00,法人或其他组织,,,0,,某某法院,安徽,,20210218,(2021)皖0802执3号,,,全部未履行,"
    "拒不履行,2021年07月27日\n",
)


def snapshot_with_bad_rows(path: Path, rows: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = path.with_name("plain.csv.gz")
    subprocess.run([sys.executable, "-m", "scscheck.samples", "stream", "--rows", str(rows), "--out", str(plain),
                    "--seed", "11", "--compresslevel", "1"], check=True, capture_output=True)
    lines = gzip.decompress(plain.read_bytes()).decode("utf-8").splitlines(keepends=True)
    step = len(lines) // (len(BAD_ROWS) + 1)
    for n, bad in enumerate(BAD_ROWS, start=1):
        lines.insert(n * step, bad)
    path.write_bytes(gzip.compress("".join(lines).encode("utf-8"), compresslevel=1))
    return path


def tables(home: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], tuple[int, int, int]]:
    with cache_db(home) as db:
        (snapshot_id, read, loaded, rejected), = db.execute(
            "SELECT id, rows_read, rows_loaded, rows_rejected FROM snapshot").fetchall()
        listings = [tuple(row) for row in db.execute(
            f"SELECT {', '.join(listing_columns())} FROM listing_{snapshot_id} ORDER BY rowid")]
        rejections = [tuple(row) for row in db.execute("SELECT line, reason, raw FROM rejected ORDER BY line")]
    return listings, rejections, (read, loaded, rejected)


def test_workers_build_the_same_listings_as_one_process(
    cli: Callable[..., Run], home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    regs = tmp_path / "regs"
    snapshot = snapshot_with_bad_rows(regs / "spc.csv.gz", 9_000)
    spc = tomllib.loads(SPC_REGISTRY.read_text(encoding="utf-8"))
    values = "".join(f'"{k}" = "{v}"\n' for k, v in spc["values"]["subject_type"].items())
    write_registry(regs, "test.spc", snapshot.name, encoding="utf-8", fields=spc["fields"],
                   extra=f"\n[values.subject_type]\n{values}")
    monkeypatch.setattr(parallel, "CHUNK_ROWS", 500)  # many chunks in flight at once, returned in order

    found = {}
    for workers in ("0", "2"):
        monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
        switch_home(tmp_path / f"home-{workers}", monkeypatch, request)
        run = cli("--registry-dir", str(regs), "sync", "test.spc")
        assert run.exit_code == 0, run.stderr
        found[workers] = tables(tmp_path / f"home-{workers}")

    listings, rejections, counts = found["2"]
    assert found["2"] == found["0"]
    assert len(listings) > 8_000
    reasons = [reason for _, reason, _ in rejections]
    assert sum(r == "empty name" for r in reasons) == 1
    assert sum(r.startswith("listed_on:") or r.startswith("published_on:") for r in reasons) == 1
    assert sum(r.startswith("row has 5 fields") for r in reasons) == 1
    assert sum("NUL" in r for r in reasons) == 1
    assert counts == (counts[1] + counts[2], len(listings), len(rejections))


def test_workers_are_chosen_by_size_and_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert parallel.workers_for(parallel.MIN_BYTES - 1) == 0
    assert parallel.workers_for(parallel.MIN_BYTES) == 2
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert parallel.workers_for(1 << 30) == 0
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "3")
    assert parallel.workers_for(10) == 3
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "lots")  # not a number: the default
    assert parallel.workers_for(10) == 0
