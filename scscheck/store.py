"""The cache: a SQLite file holding every synced snapshot, its listings and its rejected rows.

A snapshot is loaded in one transaction and becomes current in that same transaction, so a failed or
interrupted sync leaves the previous snapshot in force. WAL lets checks read while a sync writes.

`Store` is also the interface of the PostgreSQL store (scscheck.pgstore), which overrides what SQL alone
cannot say the same way in both: connecting and migrating, transactions and the sync lock, which tables
exist, and how a snapshot's rows are written. Every other query is written once, with `?` placeholders.
"""

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scscheck import names
from scscheck.errors import CacheError, SnapshotError
from scscheck.migrations import (
    MIGRATIONS,
    SCHEMA_VERSION,
    codes_in,
    create_listing_table,
    index_listing_table,
    listing_table,
    refresh_listing_view,
    rekey,
)

if TYPE_CHECKING:
    from scscheck.incremental import Copy
    from scscheck.listing import Listing
    from scscheck.registry import Registry

CACHE_FILE = "cache.sqlite3"
Row = tuple[object, ...]  # a listing's values in column order (Listing.as_row)
RETENTION = 5  # snapshots whose listings are kept per registry, the current one included
_BATCH = 5000


@dataclass(frozen=True)
class Snapshot:
    """One synced snapshot of a registry: provenance and row counts."""

    id: int
    registry: str
    kind: str
    digest: str
    source_url: str
    published_on: str | None
    fetched_at: str
    checked_at: str
    etag: str | None
    last_modified: str | None
    size: int
    encoding: str | None
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    sample: bool
    name_keys: int  # the version of the name reading its listings were keyed with (names.KEYS_VERSION)
    columns: tuple[str, ...] | None = None  # the header, when its listings' `raw` are lists of values
    listing_build: int = 0  # the listing builder's version it was loaded with (listing.BUILD_VERSION)


@dataclass(frozen=True)
class NewSnapshot:
    """What a sync knows about a snapshot before loading it."""

    registry: "Registry"
    digest: str
    source_url: str
    published_on: str | None
    fetched_at: str
    etag: str | None
    last_modified: str | None
    size: int
    encoding: str | None
    columns: tuple[str, ...] | None = None  # the header, when every row's `raw` is a list of its values


@dataclass(frozen=True)
class Rejection:
    """A row that was read but not loaded, with why."""

    line: int
    reason: str
    raw: str


_SNAPSHOT_COLUMNS = (
    "id, registry, kind, digest, source_url, published_on, fetched_at, checked_at, etag, last_modified, "
    "size, encoding, rows_read, rows_loaded, rows_rejected, sample, name_keys, columns, listing_build"
)


def now_utc() -> str:
    """The current time as ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Store:
    """The SQLite cache in a home directory."""

    NO_LIMIT: Any = -1  # LIMIT's value for no limit
    url_scheme = "sqlite"

    def __init__(self, home: Path, retention: int | None = None) -> None:
        self.home = home  # the cache home: downloads and, for SQLite, the cache file and the sync lock
        self.retention = retention  # snapshots whose listings are kept per registry (None: RETENTION)
        self.path = home / CACHE_FILE
        self._synced: dict[int, dict[str, Any]] = {}
        _private_dir(home)
        _private_file(self.path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # after a national list's load the write-ahead log is emptied back to this size, not kept at
            # the size of the snapshot
            self.db.execute(f"PRAGMA journal_size_limit = {64 << 20}")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"cannot open the cache {self.path}: {exc}") from None

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    @property
    def location(self) -> str:
        """Where the store is, for messages (a URL's password is never shown)."""
        return str(self.path)

    @contextmanager
    def sync_lock(self, wait: "Callable[[], None] | None" = None) -> Iterator[None]:
        """Held by a sync from its download to its commit: one sync at a time per store. A second calls
        `wait` and waits; without `wait` it raises SyncBusyError."""
        from scscheck.sync import file_lock

        with file_lock(self.home, wait):
            yield

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        if self._check_version() == SCHEMA_VERSION:
            return  # the common case takes no write lock, so checks never wait for a running sync
        with self.transaction():  # read again under the write lock: two processes may open at once
            version = self._check_version()
            for number in range(version, SCHEMA_VERSION):
                migration = MIGRATIONS[number]
                if callable(migration):
                    migration(self.db)
                else:
                    for statement in statements(migration):
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    def _stored_version(self) -> int:
        """The schema number recorded in the store (0: a new one)."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _check_version(self) -> int:
        version = self._stored_version()
        if version > SCHEMA_VERSION:
            other = "--home" if self.url_scheme == "sqlite" else "store"
            raise CacheError(
                f"the cache {self.location} was written by a newer scscheck (schema {version}, this version "
                f"knows {SCHEMA_VERSION}); upgrade scscheck or use another {other}"
            )
        return version

    @property
    def schema_version(self) -> int:
        """The schema number the cache is at."""
        return self._stored_version()

    @contextmanager
    def transaction(self, immediate: bool = True) -> Iterator[None]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        self.db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A read transaction: every query inside sees the same snapshots, even while a sync commits."""
        with self.transaction(immediate=False):
            yield

    # snapshots

    def current(self, registry: str) -> Snapshot | None:
        """The registry's current snapshot, if it was ever synced."""
        row = self.db.execute(
            f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshot WHERE id = "
            "(SELECT snapshot_id FROM current_snapshot WHERE registry = ?)",
            (registry,),
        ).fetchone()
        return _snapshot(row) if row else None

    def current_all(self) -> dict[str, Snapshot]:
        """Every registry's current snapshot."""
        rows = self.db.execute(
            f"SELECT {', '.join('s.' + c.strip() for c in _SNAPSHOT_COLUMNS.split(','))} "
            "FROM snapshot s JOIN current_snapshot c ON c.snapshot_id = s.id"
        )
        return {row["registry"]: _snapshot(row) for row in rows}

    def as_of(self, moment: str) -> dict[str, Snapshot]:
        """Every registry's snapshot that was current at `moment` (ISO 8601, UTC): the last one fetched by
        then. Its listings may since have been pruned (see `kept`)."""
        rows = self.db.execute(
            f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshot s WHERE fetched_at <= ? AND id = ("
            "  SELECT id FROM snapshot t WHERE t.registry = s.registry AND t.fetched_at <= ?"
            "  ORDER BY t.fetched_at DESC, t.id DESC LIMIT 1)",
            (moment, moment),
        )
        return {row["registry"]: _snapshot(row) for row in rows}

    def snapshots(self, registry: str) -> list[Snapshot]:
        """Every snapshot of a registry ever synced, oldest first (pruned ones included: see `kept`)."""
        rows = self.db.execute(f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshot WHERE registry = ? ORDER BY id", (registry,))
        return [_snapshot(row) for row in rows]

    def kept(self, snapshot_id: int) -> bool:
        """Whether the snapshot's listings are still in the cache (the retention prunes old ones)."""
        return self._is_table(listing_table(snapshot_id))

    def _is_table(self, name: str) -> bool:
        return self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone() is not None

    def registry_as_synced(self, snapshot_id: int) -> dict[str, Any]:
        """The registry file's settings as they were when the snapshot was synced (term, legal basis...);
        read once per snapshot (a snapshot never changes)."""
        if snapshot_id not in self._synced:
            row = self.db.execute("SELECT registry_json FROM snapshot WHERE id = ?", (snapshot_id,)).fetchone()
            if row is None:
                return {}
            self._synced[snapshot_id] = dict(json.loads(row[0]))
        return self._synced[snapshot_id]

    def snapshot(self, snapshot_id: int) -> Snapshot | None:
        """A snapshot by its number."""
        row = self.db.execute(f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshot WHERE id = ?", (snapshot_id,)).fetchone()
        return _snapshot(row) if row else None

    def same_settings(self, snapshot_id: int, registry: "Registry", keys: Iterable[str]) -> bool:
        """Whether the snapshot was synced with the registry's settings `keys` as they are now."""
        synced, now = self.registry_as_synced(snapshot_id), json.loads(_registry_json(registry))
        return all(key in synced and synced[key] == now[key] for key in keys)

    def listing_rows(self, snapshot_id: int) -> Generator[tuple[int, int, str], None, None]:
        """A kept snapshot's listings in order, as (rowid, line, raw): read as they are consumed (close the
        generator to end the read early)."""
        cursor = self.db.execute(f"SELECT rowid, line, raw FROM {listing_table(snapshot_id)} ORDER BY rowid")
        try:
            yield from cursor
        finally:
            cursor.close()

    def rekey(self, snapshot_id: int) -> int:
        """Key a snapshot's listings again by the current way of reading names; returns the rows done."""
        with self.transaction():
            return rekey(self.db, snapshot_id, [listing_table(snapshot_id)] if self.kept(snapshot_id) else [])

    def touch(self, snapshot_id: int, checked_at: str) -> None:
        """Record that a sync found the snapshot still current."""
        with self.transaction():
            self.db.execute("UPDATE snapshot SET checked_at = ? WHERE id = ?", (checked_at, snapshot_id))

    def load(self, new: NewSnapshot, records: "Iterable[Listing | Row | Copy | Rejection]") -> Snapshot:
        """Load a snapshot's listings and rejected rows and make it current, all in one transaction. A
        listing comes built (a Listing, or its row of values from a worker), or as a Copy of an unchanged row
        of a previous snapshot."""
        from scscheck.listing import BUILD_VERSION

        registry = new.registry
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO snapshot (registry, kind, digest, source_url, published_on, fetched_at, checked_at, "
                "etag, last_modified, size, encoding, rows_read, rows_loaded, rows_rejected, sample, registry_json, "
                "name_keys, columns, listing_build) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (registry.id, registry.kind, new.digest, new.source_url, new.published_on, new.fetched_at,
                 new.fetched_at, new.etag, new.last_modified, new.size, new.encoding, int(registry.sample),
                 _registry_json(registry), names.KEYS_VERSION,
                 json.dumps(list(new.columns), ensure_ascii=False) if new.columns is not None else None,
                 BUILD_VERSION),
            )
            snapshot_id = int(cursor.fetchone()[0])
            table = self._create_listing_table(snapshot_id)
            read = self._insert(snapshot_id, table, records)
            self._index_listing_table(snapshot_id)
            self._reject_duplicates(snapshot_id, table)
            self._record_seen(registry.id, snapshot_id, new.fetched_at)
            loaded = self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            rejected = self.db.execute(
                "SELECT count(*) FROM rejected WHERE snapshot_id = ?", (snapshot_id,)
            ).fetchone()[0]
            if read and not loaded:  # a publisher's format change, not an empty list: keep the last good one
                first = self.rejections(snapshot_id, limit=1)[0]
                raise SnapshotError(
                    f"every one of the {read:,} rows was rejected (line {first.line}: {first.reason}); "
                    "the previous snapshot stays current"
                )
            published_on = new.published_on or self.db.execute(
                f"SELECT max(coalesce(published_on, listed_on)) FROM {table}"
            ).fetchone()[0]
            self.db.execute(
                "UPDATE snapshot SET rows_read = ?, rows_loaded = ?, rows_rejected = ?, published_on = ? WHERE id = ?",
                (read, loaded, rejected, published_on, snapshot_id),
            )
            self.db.execute(
                "INSERT INTO current_snapshot (registry, snapshot_id) VALUES (?, ?) "
                "ON CONFLICT (registry) DO UPDATE SET snapshot_id = excluded.snapshot_id",
                (registry.id, snapshot_id),
            )
            self._prune(registry.id)
            self._refresh_listing_view()
        snapshot = self.snapshot(snapshot_id)
        assert snapshot is not None
        return snapshot

    def _insert(
        self, snapshot_id: int, table: str, records: "Iterable[Listing | Row | Copy | Rejection]"
    ) -> int:
        from scscheck.incremental import Copy
        from scscheck.listing import Listing  # the loader's, not a check's

        code_sql = "INSERT INTO rejected_code (snapshot_id, code, line) VALUES (?, ?, ?)"
        listings: list[tuple[object, ...]] = []
        rejections: list[tuple[object, ...]] = []
        run: list[int] = []  # rows copied in one statement: [snapshot, first rowid, last rowid, line shift]

        def copy_run() -> None:
            if run:
                self._copy_listings(table, *run)
                run.clear()

        read = 0
        for record in records:
            read += 1
            if isinstance(record, Copy):
                if run and (record.snapshot_id, record.rowid, record.shift) == (run[0], run[2] + 1, run[3]):
                    run[2] = record.rowid
                    continue
                self._write_listings(table, listings)  # the rows before it first: the table keeps their order
                listings.clear()
                copy_run()
                run[:] = [record.snapshot_id, record.rowid, record.rowid, record.shift]
                continue
            copy_run()
            if isinstance(record, tuple):  # built by a worker (see parallel.build_all)
                listings.append(record)
            elif isinstance(record, Listing):
                listings.append(record.as_row())
            else:
                rejections.append((snapshot_id, record.line, record.reason, record.raw))
                codes = codes_in(record.raw)
                if codes:
                    self.db.executemany(code_sql, [(snapshot_id, code, record.line) for code in codes])
            if len(listings) + len(rejections) >= _BATCH:  # memory stays flat however large the snapshot
                self._write_listings(table, listings)
                self._write_rejections(rejections)
                listings.clear()
                rejections.clear()
        self._write_listings(table, listings)
        self._write_rejections(rejections)
        copy_run()
        return read

    # how a snapshot's rows are written: overridden by the PostgreSQL store

    def _create_listing_table(self, snapshot_id: int) -> str:
        return create_listing_table(self.db, snapshot_id)

    def _index_listing_table(self, snapshot_id: int) -> None:
        index_listing_table(self.db, snapshot_id)

    def _refresh_listing_view(self) -> None:
        refresh_listing_view(self.db)

    def _write_listings(self, table: str, rows: list[tuple[object, ...]]) -> None:
        from scscheck.listing import COLUMNS

        self.db.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES (?{', ?' * (len(COLUMNS) - 1)})",
                            rows)

    def _write_rejections(self, rows: list[tuple[object, ...]]) -> None:
        self.db.executemany("INSERT INTO rejected (snapshot_id, line, reason, raw) VALUES (?, ?, ?, ?)", rows)

    def _copy_listings(self, table: str, source: int, first: int, last: int, shift: int) -> None:
        """Rows `first` to `last` (rowids) of a previous snapshot's table, unchanged, their lines shifted."""
        from scscheck.listing import COLUMNS

        copied = ", ".join("line + ?" if column == "line" else column for column in COLUMNS)
        self.db.execute(f"INSERT INTO {table} ({', '.join(COLUMNS)}) SELECT {copied} "
                        f"FROM {listing_table(source)} WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
                        (shift, first, last))

    def _record_seen(self, registry: str, snapshot_id: int, fetched_at: str) -> None:
        """What the new snapshot added (first seen now) and dropped (last seen when the previous snapshot was
        last found current) against the registry's current one, before it becomes current."""
        row = self.db.execute("SELECT s.id, s.checked_at FROM current_snapshot c JOIN snapshot s ON s.id = "
                              "c.snapshot_id WHERE c.registry = ?", (registry,)).fetchone()
        if row is None or not self.kept(row[0]):
            return
        previous, last_checked = listing_table(row[0]), row[1]
        new = listing_table(snapshot_id)
        first = self.db.execute("SELECT min(fetched_at) FROM snapshot WHERE registry = ?", (registry,)).fetchone()[0]
        self.db.execute(  # published again after a gap: first seen stays, last seen is no more
            f"INSERT INTO listing_seen (listing_id, first_seen, last_seen) SELECT listing_id, ?, NULL FROM {new} n "
            f"WHERE NOT EXISTS (SELECT 1 FROM {previous} p WHERE p.listing_id = n.listing_id) "
            "ON CONFLICT (listing_id) DO UPDATE SET last_seen = NULL", (fetched_at,))
        self.db.execute(
            f"INSERT INTO listing_seen (listing_id, first_seen, last_seen) SELECT listing_id, ?, ? FROM {previous} p "
            f"WHERE NOT EXISTS (SELECT 1 FROM {new} n WHERE n.listing_id = p.listing_id) "
            "ON CONFLICT (listing_id) DO UPDATE SET last_seen = excluded.last_seen", (first, last_checked))

    def seen(self, listing_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """When each listing was first seen (the fetch of the first snapshot that had it) and last seen (the
        last sync that found it published: the current snapshot's check time while it still is), and whether
        the current snapshot still publishes it."""
        found: dict[str, dict[str, Any]] = {}
        for listing_id in dict.fromkeys(listing_ids):
            registry = listing_id.split(":", 1)[0]
            current = self.db.execute(
                "SELECT s.id, s.checked_at FROM current_snapshot c JOIN snapshot s ON s.id = c.snapshot_id "
                "WHERE c.registry = ?", (registry,)).fetchone()
            row = self.db.execute("SELECT first_seen, last_seen FROM listing_seen WHERE listing_id = ?",
                                  (listing_id,)).fetchone()
            first = row[0] if row else self.db.execute(
                "SELECT min(fetched_at) FROM snapshot WHERE registry = ?", (registry,)).fetchone()[0]
            published = current is not None and self.kept(current[0]) and self.db.execute(
                f"SELECT 1 FROM {listing_table(current[0])} WHERE listing_id = ?", (listing_id,)).fetchone() is not None
            last = current[1] if published else (row[1] if row else None)
            found[listing_id] = {"first_seen": first, "last_seen": last, "published": bool(published)}
        return found

    def _prune(self, registry: str) -> None:
        """Drop the listings and rejected rows of snapshots older than the retention; their provenance
        (digest, dates, counts) stays, so history still says what was synced when."""
        old = [row[0] for row in self.db.execute(
            "SELECT id FROM snapshot WHERE registry = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (registry, self.NO_LIMIT, self.retention or RETENTION),
        )]
        for snapshot_id in old:
            self.db.execute(f"DROP TABLE IF EXISTS {listing_table(snapshot_id)}")
            self.db.execute("DELETE FROM rejected WHERE snapshot_id = ?", (snapshot_id,))
            self.db.execute("DELETE FROM rejected_code WHERE snapshot_id = ?", (snapshot_id,))

    def _reject_duplicates(self, snapshot_id: int, table: str) -> None:
        """A row that repeats an earlier row's listing key is rejected as a duplicate of that line."""
        from scscheck.readers import raw_text

        # the repeated keys first, from the index alone (a national list's rows are not read for this), then
        # only their rows
        rows = self.db.execute(
            f"SELECT rowid, listing_id, line, raw FROM {table} WHERE listing_id IN ("
            f"  SELECT listing_id FROM {table} GROUP BY listing_id HAVING count(*) > 1"
            ") ORDER BY listing_id, line",
        ).fetchall()
        first_line: dict[str, int] = {}
        for rowid, listing_id, line, raw in rows:
            if listing_id not in first_line:
                first_line[listing_id] = line
                continue
            self.db.execute(
                "INSERT INTO rejected (snapshot_id, line, reason, raw) VALUES (?, ?, ?, ?)",
                (snapshot_id, line, f"duplicate of line {first_line[listing_id]}", raw_text(raw)),
            )
            self.db.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))

    def rejections(self, snapshot_id: int, limit: int | None = None) -> list[Rejection]:
        """The rows of a snapshot that were read but not loaded."""
        rows = self.db.execute(
            "SELECT line, reason, raw FROM rejected WHERE snapshot_id = ? ORDER BY line LIMIT ?",
            (snapshot_id, self.NO_LIMIT if limit is None else limit),
        )
        return [Rejection(r["line"], r["reason"], r["raw"]) for r in rows]

    # listings

    def find(self, column: str, values: Iterable[str], limit: int | None = None,
             prefer: Mapping[str, str | None] | None = None,
             snapshots: Collection[int] | None = None, brief: bool = False) -> list[dict[str, Any]]:
        """Listings whose column equals one of the values, in the given snapshots (default: the current
        ones): at most `limit` rows, and with a limit those that `prefer` describes first (the same
        `name_norm`; the same prefecture as `region`; the same division in `id_number`). `brief`: only the
        BRIEF_COLUMNS, which is what matching reads (a common name has hundreds of candidates)."""
        if column not in _FIND_COLUMNS:
            raise ValueError(column)
        values = list(dict.fromkeys(v for v in values if v))
        if not values:
            return []
        order, order_values = "", []
        if limit is not None and prefer:
            terms = []
            if prefer.get("name_norm"):
                terms.append("l.name_norm = ?")
                order_values.append(prefer["name_norm"])
            if prefer.get("region"):
                terms.append("substr(l.region, 1, 4) = ?")
                order_values.append(str(prefer["region"])[:4])
            if prefer.get("id_number"):
                terms.append("substr(l.id_number, 1, 6) = ?")
                order_values.append(str(prefer["id_number"])[:6])
            if terms:
                order = "ORDER BY " + ", ".join(f"({t}) DESC" for t in terms)
        if snapshots is None:
            among, among_values = "IN (SELECT snapshot_id FROM current_snapshot)", []
        elif not snapshots:
            return []
        else:
            among_values = sorted(snapshots)
            among = f"IN ({', '.join('?' * len(among_values))})"
        selected = ", ".join(f"l.{c}" for c in ("snapshot_id", *(BRIEF_COLUMNS if brief else listing_columns())))
        rows = self.db.execute(
            f"SELECT {selected}, s.registry, s.kind, s.sample FROM listing l "
            f"JOIN snapshot s ON s.id = l.snapshot_id "
            f"WHERE l.{column} IN ({', '.join('?' * len(values))}) AND l.snapshot_id {among} {order} LIMIT ?",
            [*values, *among_values, *order_values, self.NO_LIMIT if limit is None else limit],
        )
        return [dict(row) for row in rows]

    def count(self, column: str, value: str, upto: int, snapshots: Collection[int]) -> int:
        """How many listings of the given snapshots have the value in the column, counted up to `upto`."""
        if column not in _FIND_COLUMNS:
            raise ValueError(column)
        among = sorted(snapshots)
        if not among:
            return 0
        return int(self.db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM listing WHERE {column} = ? "
            f"AND snapshot_id IN ({', '.join('?' * len(among))}) LIMIT ?) AS found", [value, *among, upto],
        ).fetchone()[0])

    def rejected_with_code(self, codes: Iterable[str], snapshots: Collection[int]) -> list[dict[str, Any]]:
        """Rejected rows of the given snapshots that hold one of the codes: registry, line, reason."""
        codes, among = list(dict.fromkeys(c for c in codes if c)), sorted(snapshots)
        if not codes or not among:
            return []
        rows = self.db.execute(
            "SELECT DISTINCT s.registry, r.line, r.reason FROM rejected_code c "
            "JOIN rejected r ON r.snapshot_id = c.snapshot_id AND r.line = c.line "
            "JOIN snapshot s ON s.id = c.snapshot_id "
            f"WHERE c.code IN ({', '.join('?' * len(codes))}) AND c.snapshot_id IN ({', '.join('?' * len(among))}) "
            "ORDER BY s.registry, r.line LIMIT 20",
            [*codes, *among],
        )
        return [dict(row) for row in rows]

    def listing_versions(self, listing_id: str) -> list[dict[str, Any]]:
        """Every kept row of a listing, newest snapshot first, each with whether its snapshot is current."""
        rows = self.db.execute(
            f"SELECT {', '.join('l.' + c for c in ('snapshot_id', *listing_columns()))}, s.registry, s.kind, s.sample, "
            "EXISTS (SELECT 1 FROM current_snapshot c WHERE c.snapshot_id = l.snapshot_id) AS in_current "
            "FROM listing l JOIN snapshot s ON s.id = l.snapshot_id WHERE l.listing_id = ? "
            "ORDER BY s.fetched_at DESC, s.id DESC",
            (listing_id,),
        )
        return [{**row, "in_current": int(row["in_current"])} for row in map(dict, rows)]

    def listing_count(self, snapshot_id: int) -> int:
        """Listings stored for a snapshot."""
        if not self.kept(snapshot_id):
            return 0
        return int(self.db.execute(f"SELECT count(*) FROM {listing_table(snapshot_id)}").fetchone()[0])


_FIND_COLUMNS = ("uscc", "org_code", "name_key", "name_pinyin", "legal_rep_norm", "listing_id", "id_number")
# What matching reads of a candidate (scscheck.match, check.Checker): a finding's whole row is read once it
# is one.
BRIEF_COLUMNS = (
    "listing_id", "line", "subject_type", "name", "name_norm", "name_pinyin", "uscc", "org_code", "id_number",
    "legal_rep", "legal_rep_norm", "legal_rep_id", "region", "status", "listed_on", "expires_on", "removed_on",
)


def listing_columns() -> tuple[str, ...]:
    """A listing's stored columns, in order."""
    from scscheck.migrations import LISTING_COLUMNS

    return tuple(name for name, _ in LISTING_COLUMNS)


def statements(script: str) -> list[str]:
    """The statements of a migration's SQL script (no semicolons inside a statement)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def _snapshot(row: sqlite3.Row) -> Snapshot:
    data = dict(row)
    data["sample"] = bool(data["sample"])
    data["columns"] = tuple(json.loads(data["columns"])) if data["columns"] else None
    return Snapshot(**data)


def _registry_json(registry: "Registry") -> str:
    data = asdict(registry)
    data["path"] = str(registry.path)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _private_dir(path: Path) -> None:
    """Create the directory readable by its owner only (lists carry names and ID numbers)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


def _private_file(path: Path) -> None:
    """Create the cache file 0600 before SQLite opens it, so it is never readable by others."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
