"""The cache file: private permissions, schema version, refusal of a newer schema, and loads that are
all-or-nothing."""

import hashlib
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import make_uscc, store_at, update_listings, write_registry

from scscheck import registry
from scscheck.errors import CacheError
from scscheck.listing import Listing, ListingBuilder
from scscheck.migrations import SCHEMA_VERSION
from scscheck.store import CACHE_FILE, NewSnapshot, Rejection, Store, now_utc


def new_snapshot(reg: registry.Registry, digest: str) -> NewSnapshot:
    return NewSnapshot(reg, digest, "test", None, now_utc(), None, None, 0, "utf-8")


@pytest.fixture
def reg(tmp_path: Path) -> registry.Registry:
    return registry.load(write_registry(tmp_path / "regs", "test.store", "list.csv"))


def rows(reg: registry.Registry, count: int, prefix: str) -> Iterator[Listing | Rejection]:
    builder = ListingBuilder(reg)
    for i in range(count):
        yield builder.build(i + 2, {"名称": f"{prefix}{i}有限公司", "列入日期": "2026-01-01"})
    yield Rejection(count + 2, "empty name", ",,,")


@pytest.mark.sqlite_only
def test_cache_is_private_from_creation(home: Path, reg) -> None:
    from scscheck.sync import file_lock

    with Store(home) as store, file_lock(home):
        store.load(new_snapshot(reg, "d1"), rows(reg, 3, "甲"))
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / CACHE_FILE).stat().st_mode) == 0o600
    for sidecar in [*home.glob(CACHE_FILE + "-*"), *home.glob("*.lock")]:
        assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0, sidecar


def test_counts_add_up_and_snapshot_becomes_current(home: Path, reg) -> None:
    with store_at(home) as store:
        snap = store.load(new_snapshot(reg, "d1"), rows(reg, 5, "甲"))
        assert (snap.rows_read, snap.rows_loaded, snap.rows_rejected) == (6, 5, 1)
        assert store.current("test.store") == snap
        assert store.listing_count(snap.id) == 5
        assert [r.reason for r in store.rejections(snap.id)] == ["empty name"]


def test_interrupted_load_leaves_previous_snapshot_current_and_nothing_half_loaded(home: Path, reg) -> None:
    with store_at(home) as store:
        first = store.load(new_snapshot(reg, "d1"), rows(reg, 5, "甲"))

        def broken() -> Iterator[Listing | Rejection]:
            yield from list(rows(reg, 20000, "乙"))[:12000]
            raise OSError("connection lost mid-file")

        with pytest.raises(OSError):
            store.load(new_snapshot(reg, "d2"), broken())
        assert store.current("test.store") == first
        assert store.db.execute("SELECT count(*) FROM listing").fetchone()[0] == 5
        assert store.db.execute("SELECT count(*) FROM snapshot").fetchone()[0] == 1
        if store.url_scheme == "sqlite":
            assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_schema_version_recorded(home: Path) -> None:
    with store_at(home) as store:
        assert store.schema_version == SCHEMA_VERSION


@pytest.mark.sqlite_only
def test_newer_cache_is_refused_and_not_touched(cli, home: Path) -> None:
    Store(home).close()
    db = sqlite3.connect(home / CACHE_FILE)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = hashlib.sha256((home / CACHE_FILE).read_bytes()).hexdigest()
    with pytest.raises(CacheError, match="written by a newer scscheck"):
        Store(home)
    run = cli("registries")
    assert run.exit_code == 2
    assert "newer scscheck" in run.stderr and "Traceback" not in run.stderr
    assert hashlib.sha256((home / CACHE_FILE).read_bytes()).hexdigest() == before


def test_unchanged_resync_only_touches_checked_at(cli, home: Path, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    regs.mkdir()
    code = make_uscc("340800", "WX500001")
    (regs / "list.csv").write_text(f"名称,统一社会信用代码/身份证号码\n某某有限公司,{code}\n", encoding="utf-8")
    write_registry(regs, "test.touch", "list.csv")
    assert cli("--registry-dir", str(regs), "sync", "test.touch").exit_code == 0
    with store_at(home) as store:
        first = store.current("test.touch")
    assert cli("--registry-dir", str(regs), "sync", "test.touch").exit_code == 0
    with store_at(home) as store:
        again = store.current("test.touch")
        assert store.db.execute("SELECT count(*) FROM snapshot").fetchone()[0] == 1
    assert first is not None and again is not None
    assert again.id == first.id and again.checked_at >= first.checked_at


def test_old_snapshots_beyond_retention_keep_provenance_but_not_rows(home: Path, reg) -> None:
    from scscheck.store import RETENTION

    with store_at(home) as store:
        ids = [store.load(new_snapshot(reg, f"d{i}"), rows(reg, 2, f"第{i}")).id for i in range(RETENTION + 2)]
        kept = {r[0] for r in store.db.execute("SELECT DISTINCT snapshot_id FROM listing")}
        assert kept == set(ids[-RETENTION:])
        assert store.db.execute("SELECT count(*) FROM snapshot").fetchone()[0] == RETENTION + 2
        assert store.current("test.store").id == ids[-1]


@pytest.mark.sqlite_only
def test_cache_of_the_first_release_migrates_and_answers(cli, home: Path) -> None:
    """tests/data/cache-v1.sql is a cache written by scscheck 0.1.0 (schema 1); this version adds the
    name keys in Python and answers a name variant from it without a new sync."""
    home.mkdir(mode=0o700)
    db = sqlite3.connect(home / CACHE_FILE)
    db.executescript((Path(__file__).parent / "data" / "cache-v1.sql").read_text(encoding="utf-8"))
    db.close()
    with store_at(home) as store:
        assert store.schema_version == SCHEMA_VERSION
        keys = store.db.execute("SELECT count(*), count(DISTINCT name_key), min(name_key) FROM listing").fetchone()
    assert keys[0] == 199 and keys[1] > 50 and keys[2] != ""
    run = cli("check", "华宇贸易（安庆）有限公司", "--format", "json")
    assert '"verdict": "listed"' not in run.stdout  # the Anqing listing of HUAYU is expired: history
    assert '"name": "安庆市 华宇贸易 有限公司"' in run.stdout
    assert "cn.ah.anqing.blacklist" in run.stdout


def test_a_snapshot_whose_every_row_is_rejected_never_replaces_a_good_one(cli, home: Path, tmp_path: Path) -> None:
    """A publisher who changes the date format (say) rejects every row: the sync fails, the last good
    snapshot stays current, and checks keep answering from it."""
    regs = tmp_path / "regs"
    write_registry(regs, "test.store", "list.csv")
    good = ("名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期\n"
            "安庆市华宇贸易有限公司,,,拒不履行,2026年01月05日\n")
    (regs / "list.csv").write_text(good, encoding="utf-8")
    assert cli("--registry-dir", str(regs), "sync", "test.store").exit_code == 0
    (regs / "list.csv").write_text(good.replace("2026年01月05日", "05/01/2026"), encoding="utf-8")
    run = cli("--registry-dir", str(regs), "sync", "test.store")
    assert run.exit_code == 4
    assert ("test.store: every one of the 1 rows was rejected (line 2: listed_on: '05/01/2026' matches none of "
            "the date formats); the previous snapshot stays current") in run.stderr
    with store_at(home) as store:
        current = store.current("test.store")
        assert current is not None and current.id == 1 and store.listing_count(1) == 1
        assert store.db.execute("SELECT count(*) FROM snapshot").fetchone()[0] == 1


def test_a_new_way_of_reading_names_rekeys_the_cache_at_the_next_sync(cli, home: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A snapshot keyed by an older reading of names (names.KEYS_VERSION) is keyed again when a sync finds
    it unchanged, so a check by a name variant finds it without waiting for the publisher's next file; in
    batches (here of 2 rows, for 5)."""
    from scscheck import migrations, names

    monkeypatch.setattr(migrations, "REKEY_BATCH", 2)
    regs = tmp_path / "regs"
    write_registry(regs, "test.store", "list.csv")
    others = "".join(f"安庆市第{n}贸易有限公司,,,拒不履行,2026年01月0{n}日\n" for n in range(1, 5))
    (regs / "list.csv").write_text("名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期\n"
                                   "安庆市华宇贸易有限公司,,,拒不履行,2026年01月05日\n" + others, encoding="utf-8")
    assert cli("--registry-dir", str(regs), "sync", "test.store").exit_code == 0
    with store_at(home) as store:  # as an older version would have left it
        assert update_listings(store.db, "name_key = 'stale', name_norm = 'stale'", "1 = 1", ()) > 0
        store.db.execute("UPDATE snapshot SET name_keys = ?", (names.KEYS_VERSION - 1,))
    assert '"verdict": "clear"' in cli("--registry-dir", str(regs), "check", "华宇贸易（安庆）有限公司", "--format",
                                       "json").stdout
    run = cli("--registry-dir", str(regs), "sync", "test.store")
    assert run.exit_code == 0 and "test.store: 5 listings keyed again for this version's name reading" in run.stderr
    with store_at(home) as store:
        keys = tuple(store.db.execute("SELECT name_key, name_norm FROM listing ORDER BY line").fetchone())
        assert keys == ("华宇", "安庆市华宇贸易有限公司")
        assert store.db.execute("SELECT count(*) FROM listing WHERE name_key = 'stale'").fetchone()[0] == 0
        assert store.current("test.store").name_keys == names.KEYS_VERSION  # type: ignore[union-attr]
    assert '"verdict": "listed"' in cli("--registry-dir", str(regs), "check", "华宇贸易（安庆）有限公司", "--format",
                                        "json").stdout
    assert "keyed again" not in cli("--registry-dir", str(regs), "sync", "test.store").stderr
