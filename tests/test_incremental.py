"""Incremental sync (scscheck.incremental): the rows a new snapshot publishes unchanged are copied from the
previous snapshot, and the cache ends exactly as a sync of the new snapshot into an empty cache leaves it."""

import gzip
import random
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, switch_home
from helpers import cache_db, write_registry

from scscheck import incremental, listing, parallel, sync
from scscheck.readers import Record
from scscheck.store import listing_columns

SPC_REGISTRY = Path(__file__).resolve().parents[1] / "registries" / "cn.spc.dishonest-debtors.toml"
ROWS = 4_000


def generated(path: Path, rows: int, seed: int) -> list[str]:
    subprocess.run([sys.executable, "-m", "scscheck.samples", "stream", "--rows", str(rows), "--out", str(path),
                    "--seed", str(seed), "--compresslevel", "1"], check=True, capture_output=True)
    return gzip.decompress(path.read_bytes()).decode("utf-8").splitlines(keepends=True)


def next_day(lines: list[str], newcomers: list[str]) -> tuple[list[str], int]:
    """A publisher's next snapshot: 1% of rows changed, rows removed, new rows inserted, a block moved, a row
    published twice and a row that cannot be loaded; and how many rows it left as they were."""
    rng = random.Random(3)
    header, rows = lines[0], lines[1:]
    for n in range(0, len(rows), 100):  # changed: the performance column
        cells = rows[n].split(",")
        cells[13] = "部分未履行" if cells[13] != "部分未履行" else "全部未履行"
        rows[n] = ",".join(cells)
    changed = len(range(0, len(rows), 100))
    for at in sorted(rng.sample(range(len(rows)), 30), reverse=True):  # removed
        del rows[at]
    for row in newcomers:  # inserted
        rows.insert(rng.randrange(len(rows)), row)
    block = rows[500:510]  # moved further down
    del rows[500:510]
    rows[2000:2000] = block
    rows.insert(1000, rows[999])  # published twice
    rows.insert(3000, "安庆市坏日期贸易有限公司,法人或其他组织,,,0,,某某法院,安徽,,20210218,(2021)皖0802执2号,,,"
                      "全部未履行,拒不履行,2021年13月45日\n")
    return [header, *rows], ROWS - changed - 30


def cache_state(home: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], tuple[object, ...]]:
    with cache_db(home) as db:
        snapshot_id, *counts = db.execute(
            "SELECT s.id, rows_read, rows_loaded, rows_rejected, published_on FROM snapshot s "
            "JOIN current_snapshot c ON c.snapshot_id = s.id").fetchone()
        listings = [tuple(row) for row in db.execute(
            f"SELECT {', '.join(listing_columns())} FROM listing_{snapshot_id} ORDER BY rowid")]
        rejections = [tuple(row) for row in db.execute(
            "SELECT line, reason, raw FROM rejected WHERE snapshot_id = ? ORDER BY line", (snapshot_id,))]
    return listings, rejections, tuple(counts)


def write_spc_registry(regs: Path) -> None:
    """test.spc: the bundled SPC registry's columns and values, reading spc.csv in the directory."""
    spc = tomllib.loads(SPC_REGISTRY.read_text(encoding="utf-8"))
    values = "".join(f'"{k}" = "{v}"\n' for k, v in spc["values"]["subject_type"].items())
    write_registry(regs, "test.spc", "spc.csv", encoding="utf-8", fields=spc["fields"],
                   extra=f"\n[values.subject_type]\n{values}")


@pytest.fixture
def snapshots(tmp_path: Path) -> tuple[Path, list[str], list[str], int]:
    regs = tmp_path / "regs"
    regs.mkdir()
    first = generated(tmp_path / "a.csv.gz", ROWS, 5)
    second, kept = next_day(first, generated(tmp_path / "new.csv.gz", 25, 6)[1:])
    write_spc_registry(regs)
    return regs, first, second, kept


@pytest.mark.parametrize("workers", ["0", "2"])
def test_unchanged_rows_are_copied_and_the_cache_is_as_a_full_sync_leaves_it(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    snapshots: tuple[Path, list[str], list[str], int], workers: str, request: pytest.FixtureRequest,
) -> None:
    regs, first, second, kept = snapshots
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
    monkeypatch.setattr(parallel, "CHUNK_ROWS", 300)
    made: list[incremental.Unchanged | None] = []
    real = sync._unchanged
    monkeypatch.setattr(sync, "_unchanged", lambda *args: made.append(real(*args)) or made[-1])

    (regs / "spc.csv").write_text("".join(first), encoding="utf-8")
    assert cli("--registry-dir", str(regs), "sync", "test.spc").exit_code == 0
    assert made == [None]  # nothing to copy from
    # the next day's file is published at another address: what a listing is built from has not changed
    toml = regs / "test.spc.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"spc.csv"', '"spc-next.csv"'), encoding="utf-8")
    (regs / "spc-next.csv").write_text("".join(second), encoding="utf-8")
    run = cli("--registry-dir", str(regs), "sync", "test.spc")
    assert run.exit_code == 0, run.stderr
    unchanged = made[-1]
    assert unchanged is not None
    # every row left as it was is copied, but for the ten moved 1,500 rows down: they are passed when the
    # rows after them are found, and built where they now are
    assert kept - 10 <= unchanged.copied <= kept, (unchanged.copied, kept)

    incremental_state = cache_state(tmp_path / "home")
    switch_home(tmp_path / "fresh", monkeypatch, request)
    assert cli("--registry-dir", str(regs), "sync", "test.spc").exit_code == 0
    assert made[-1] is None
    full_state = cache_state(tmp_path / "fresh")
    assert incremental_state == full_state
    listings, rejections, (read, loaded, rejected, _) = full_state
    assert read == len(second) - 1 and loaded == len(listings) and rejected == len(rejections) == 2
    reasons = sorted(reason for _, reason, _ in rejections)
    assert reasons[0].startswith("duplicate of line") and reasons[1].startswith("listed_on:"), reasons


@pytest.mark.parametrize("change", ["settings", "builder"])
def test_nothing_is_copied_when_building_again_could_differ(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, snapshots: tuple[Path, list[str], list[str], int],
    change: str,
) -> None:
    regs, first, second, _ = snapshots
    made: list[incremental.Unchanged | None] = []
    real = sync._unchanged
    monkeypatch.setattr(sync, "_unchanged", lambda *args: made.append(real(*args)) or made[-1])
    (regs / "spc.csv").write_text("".join(first), encoding="utf-8")
    assert cli("--registry-dir", str(regs), "sync", "test.spc").exit_code == 0
    if change == "settings":  # the registry's legal basis is now another (rows that give none take it)
        toml = regs / "test.spc.toml"
        text = toml.read_text(encoding="utf-8")
        assert "\nlegal_basis = " in text
        toml.write_text(text.replace("\nlegal_basis = \"", "\nlegal_basis = \"amended: ", 1), encoding="utf-8")
    else:
        monkeypatch.setattr(listing, "BUILD_VERSION", listing.BUILD_VERSION + 1)
        monkeypatch.setattr(sync, "BUILD_VERSION", listing.BUILD_VERSION)
    (regs / "spc.csv").write_text("".join(second), encoding="utf-8")
    assert cli("--registry-dir", str(regs), "sync", "test.spc").exit_code == 0
    assert made[-1] is None


def test_the_window_catches_up_after_a_removed_block_longer_than_itself() -> None:
    previous = [(n + 1, n + 2, f'["row {n}"]') for n in range(10_000)]
    unchanged = incremental.Unchanged(1, (row for row in previous), window=1_000)
    kept = [*range(100), *range(5_000, 10_000)]  # 4,900 rows removed in one block
    records = [Record(line + 2, {"c": f"row {n}"}) for line, n in enumerate(kept)]
    marked = list(unchanged.mark(records))
    copies = [m for m in marked if isinstance(m, incremental.Copy)]
    assert len(marked) == len(kept)
    assert len(copies) >= len(kept) - 6 * incremental.LOST  # a few hundred built while the window caught up
    assert all(c.rowid == n + 1 for c, n in zip(copies, [n for n, m in zip(kept, marked, strict=True)
                                                        if isinstance(m, incremental.Copy)], strict=True))
