"""Numbered schema migrations of the cache. The cache records the number it is at (PRAGMA
user_version); opening applies the missing ones in order. Never edit a released migration: add one.

A migration is SQL, or a function for what SQL cannot compute (the name keys are derived in Python)."""

import re
import sqlite3
from collections.abc import Callable
from typing import Any

REKEY_BATCH = 20_000  # rows keyed again per read


def rekey(db: Any, snapshot_id: int | None = None, tables: list[str] | None = None) -> int:
    """Derive again what the cache stores of each listing's names (normalised name and legal
    representative, name key, pinyin key) from the names as published, for one snapshot or all; returns
    the rows done. Run by migration 2, and by a sync when the way names are read has changed since the
    snapshot was loaded (`names.KEYS_VERSION`), with the snapshot's `tables` (a store of either kind)."""
    from scscheck import names, normalize

    targets: list[tuple[str, str, tuple[int, ...]]]
    if tables is not None:
        targets = [(table, "", ()) for table in tables]
    elif _is_table(db, "listing"):  # before migration 4: one table for every snapshot
        where = "WHERE snapshot_id = ?" if snapshot_id is not None else ""
        targets = [("listing", where, (snapshot_id,) if snapshot_id is not None else ())]
    else:
        ids = [snapshot_id] if snapshot_id is not None else list(listing_tables(db))
        targets = [(listing_table(i), "", ()) for i in ids if _is_table(db, listing_table(i))]
    done = 0
    for table, where, params in targets:
        last = 0
        while True:  # in batches by rowid: a national list's rows are never all in memory at once
            more = "AND" if where else "WHERE"
            rows = db.execute(f"SELECT rowid, name, subject_type, legal_rep FROM {table} {where} {more} rowid > ? "
                              "ORDER BY rowid LIMIT ?", (*params, last, REKEY_BATCH)).fetchall()
            if not rows:
                break
            updates = []
            for rowid, name, subject_type, legal_rep in rows:
                name_norm = normalize.name(name)
                name_key = names.key(name_norm, subject_type)
                rep_norm = normalize.name(legal_rep) if legal_rep else None
                updates.append((name_norm, name_key, names.pinyin_key(name_key, subject_type) or None, rep_norm,
                                rowid))
            db.executemany(
                f"UPDATE {table} SET name_norm = ?, name_key = ?, name_pinyin = ?, legal_rep_norm = ? "
                "WHERE rowid = ?", updates,
            )
            done += len(updates)
            last = rows[-1][0]
    db.execute(f"UPDATE snapshot SET name_keys = ? {'WHERE id = ?' if snapshot_id is not None else ''}",
               (names.KEYS_VERSION, *((snapshot_id,) if snapshot_id is not None else ())))
    return done


# Since schema 4 each snapshot's listings have a table of their own, `listing_<snapshot id>`, indexed after
# it is loaded (a national list loads in one pass, without index upkeep row by row) and dropped whole when
# the retention lets the snapshot go. The view `listing` unites them, with the snapshot id as a column;
# queries through it reach each table's own indexes.
LISTING_COLUMNS = (
    ("listing_id", "TEXT NOT NULL"), ("line", "INTEGER NOT NULL"), ("subject_type", "TEXT NOT NULL"),
    ("name", "TEXT NOT NULL"), ("name_norm", "TEXT NOT NULL"), ("name_key", "TEXT NOT NULL"),
    ("name_pinyin", "TEXT"), ("identifier", "TEXT"), ("uscc", "TEXT"), ("org_code", "TEXT"),
    ("reg_number", "TEXT"), ("id_number", "TEXT"), ("legal_rep", "TEXT"), ("legal_rep_norm", "TEXT"),
    ("legal_rep_id", "TEXT"), ("responsible_person", "TEXT"), ("responsible_person_id", "TEXT"),
    ("region", "TEXT"), ("region_name", "TEXT"), ("authority", "TEXT"), ("reason_category", "TEXT NOT NULL"),
    ("reason", "TEXT"), ("legal_basis", "TEXT"), ("case_number", "TEXT"), ("decision_doc", "TEXT"),
    ("obligation", "TEXT"), ("performance", "TEXT"), ("listed_on", "TEXT"), ("expires_on", "TEXT"),
    ("removed_on", "TEXT"), ("published_on", "TEXT"), ("status", "TEXT"), ("row_digest", "TEXT NOT NULL"),
    ("raw", "TEXT NOT NULL"),
)
# (column, partial-index condition): what checks look listings up by
LISTING_INDEXES = (
    ("listing_id", ""), ("uscc", "uscc IS NOT NULL"), ("org_code", "org_code IS NOT NULL"),
    ("legal_rep_norm", "legal_rep_norm IS NOT NULL"), ("name_key", ""), ("name_pinyin", "name_pinyin IS NOT NULL"),
)


def listing_table(snapshot_id: int) -> str:
    """The table of one snapshot's listings."""
    return f"listing_{int(snapshot_id)}"


def listing_tables(db: sqlite3.Connection) -> dict[int, str]:
    """Every snapshot's listing table, by snapshot id."""
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'listing_[0-9]*'")]
    return dict(sorted((int(name.removeprefix("listing_")), name) for name in names))


def create_listing_table(db: sqlite3.Connection, snapshot_id: int) -> str:
    """A new, unindexed table for a snapshot's listings (index it with `index_listing_table` once loaded)."""
    table = listing_table(snapshot_id)
    db.execute(f"CREATE TABLE {table} ({', '.join(f'{name} {kind}' for name, kind in LISTING_COLUMNS)})")
    return table


def index_listing_table(db: sqlite3.Connection, snapshot_id: int) -> None:
    """Build a loaded snapshot's indexes (one sort each, far cheaper than upkeep row by row)."""
    table = listing_table(snapshot_id)
    for column, condition in LISTING_INDEXES:
        db.execute(f"CREATE INDEX {table}_{column} ON {table} ({column}){f' WHERE {condition}' if condition else ''}")


def refresh_listing_view(db: sqlite3.Connection) -> None:
    """(Re)create the view `listing` over every snapshot's table."""
    columns = ", ".join(name for name, _ in LISTING_COLUMNS)
    db.execute("DROP VIEW IF EXISTS listing")
    tables = listing_tables(db)
    if tables:
        body = " UNION ALL ".join(f"SELECT {i} AS snapshot_id, {columns} FROM {t}" for i, t in tables.items())
    else:
        body = f"SELECT NULL AS snapshot_id, {', '.join(f'NULL AS {n}' for n, _ in LISTING_COLUMNS)} WHERE 0"
    db.execute(f"CREATE VIEW listing AS {body}")


def _is_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _name_keys(db: sqlite3.Connection) -> None:
    """2: every listing's name key (trade name, or a person's whole name) and its pinyin, for the
    candidate index, and the version of the name reading each snapshot was keyed with."""
    db.execute("ALTER TABLE listing ADD COLUMN name_key TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE listing ADD COLUMN name_pinyin TEXT")
    db.execute("ALTER TABLE snapshot ADD COLUMN name_keys INTEGER NOT NULL DEFAULT 0")
    rekey(db)
    db.execute("DROP INDEX listing_name")  # the key index answers exact names too (same name, same key)
    db.execute("CREATE INDEX listing_name_key ON listing (name_key)")
    db.execute("CREATE INDEX listing_name_pinyin ON listing (name_pinyin) WHERE name_pinyin IS NOT NULL")


def codes_in(raw: str) -> set[str]:
    """The identifiers (USCC, organization code, resident ID, full or masked) a rejected row's text holds,
    as classified; a check looks them up so that a row the loader refused still surfaces."""
    from scscheck.ids.classify import classify

    found = set()
    for token in _TOKEN.findall(raw.upper()):
        identifier = classify(token)
        if identifier.kind in ("uscc", "org_code", "id_number"):
            found.add(identifier.value)
    return found


_TOKEN = re.compile(r"(?<![0-9A-Z*])[0-9A-Z*][0-9A-Z*-]{7,18}[0-9A-Z*](?![0-9A-Z*])")


def _rejected_codes(db: sqlite3.Connection) -> None:
    """3: the identifiers in rejected rows, indexed."""
    db.execute("CREATE TABLE rejected_code (snapshot_id INTEGER NOT NULL, code TEXT NOT NULL, line INTEGER NOT NULL)")
    db.execute("CREATE INDEX rejected_code_code ON rejected_code (code)")
    db.execute("CREATE INDEX rejected_code_snapshot ON rejected_code (snapshot_id)")
    rows = db.execute("SELECT snapshot_id, line, raw FROM rejected WHERE reason NOT LIKE 'duplicate of line %'")
    db.executemany("INSERT INTO rejected_code (snapshot_id, code, line) VALUES (?, ?, ?)",
                   [(snapshot_id, code, line) for snapshot_id, line, raw in rows for code in codes_in(raw)])


def _table_per_snapshot(db: sqlite3.Connection) -> None:
    """4: each snapshot's listings in a table of their own (see LISTING_COLUMNS), the view `listing` over
    them; and the header of a snapshot whose rows are kept as lists of values."""
    columns = ", ".join(name for name, _ in LISTING_COLUMNS)
    for (snapshot_id,) in db.execute("SELECT DISTINCT snapshot_id FROM listing").fetchall():
        table = create_listing_table(db, snapshot_id)
        db.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM listing WHERE snapshot_id = ? "
                   "ORDER BY rowid", (snapshot_id,))
        index_listing_table(db, snapshot_id)
    db.execute("DROP TABLE listing")
    refresh_listing_view(db)
    db.execute("ALTER TABLE snapshot ADD COLUMN columns TEXT")


MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    # 1: snapshots, the current pointer, listings and rejected rows
    """
    CREATE TABLE snapshot (
        id INTEGER PRIMARY KEY,
        registry TEXT NOT NULL,
        kind TEXT NOT NULL,
        digest TEXT NOT NULL,
        source_url TEXT NOT NULL,
        published_on TEXT,
        fetched_at TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        size INTEGER NOT NULL,
        encoding TEXT,
        rows_read INTEGER NOT NULL,
        rows_loaded INTEGER NOT NULL,
        rows_rejected INTEGER NOT NULL,
        sample INTEGER NOT NULL,
        registry_json TEXT NOT NULL
    );
    CREATE INDEX snapshot_registry ON snapshot (registry, id);
    CREATE TABLE current_snapshot (
        registry TEXT PRIMARY KEY,
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id)
    );
    CREATE TABLE listing (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id),
        listing_id TEXT NOT NULL,
        line INTEGER NOT NULL,
        subject_type TEXT NOT NULL,
        name TEXT NOT NULL,
        name_norm TEXT NOT NULL,
        identifier TEXT,
        uscc TEXT,
        org_code TEXT,
        reg_number TEXT,
        id_number TEXT,
        legal_rep TEXT,
        legal_rep_norm TEXT,
        legal_rep_id TEXT,
        responsible_person TEXT,
        responsible_person_id TEXT,
        region TEXT,
        region_name TEXT,
        authority TEXT,
        reason_category TEXT NOT NULL,
        reason TEXT,
        legal_basis TEXT,
        case_number TEXT,
        decision_doc TEXT,
        obligation TEXT,
        performance TEXT,
        listed_on TEXT,
        expires_on TEXT,
        removed_on TEXT,
        published_on TEXT,
        status TEXT,
        row_digest TEXT NOT NULL,
        raw TEXT NOT NULL
    );
    CREATE INDEX listing_snapshot ON listing (snapshot_id, listing_id);
    CREATE INDEX listing_name ON listing (name_norm);
    CREATE INDEX listing_uscc ON listing (uscc) WHERE uscc IS NOT NULL;
    CREATE INDEX listing_org_code ON listing (org_code) WHERE org_code IS NOT NULL;
    CREATE INDEX listing_legal_rep ON listing (legal_rep_norm) WHERE legal_rep_norm IS NOT NULL;
    CREATE INDEX listing_id ON listing (listing_id);
    CREATE TABLE rejected (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot (id),
        line INTEGER NOT NULL,
        reason TEXT NOT NULL,
        raw TEXT NOT NULL
    );
    CREATE INDEX rejected_snapshot ON rejected (snapshot_id, line);
    """,
    _name_keys,
    _rejected_codes,
    _table_per_snapshot,
    # 5: the version of the listing builder a snapshot was loaded with (listing.BUILD_VERSION; 0: not known),
    # which says whether a later snapshot's unchanged rows can be copied from it (scscheck.incremental)
    "ALTER TABLE snapshot ADD COLUMN listing_build INTEGER NOT NULL DEFAULT 0",
    # 6: when each listing was first published and, once a snapshot no longer has it, last seen (a listing in
    # its registry's first snapshot has no row until it goes: its first sight is that snapshot's)
    """
    CREATE TABLE listing_seen (
        listing_id TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL,
        last_seen TEXT
    ) WITHOUT ROWID
    """,
    # 7: watched counterparties with their last check's findings, and the changes found after each sync
    """
    CREATE TABLE watch (
        id INTEGER PRIMARY KEY,
        counterparty TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL,
        verdict TEXT,
        findings TEXT,
        checked_at TEXT
    );
    CREATE TABLE watch_run (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL
    );
    CREATE TABLE watch_change (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES watch_run (id),
        watch_id INTEGER NOT NULL,
        counterparty TEXT NOT NULL,
        kind TEXT NOT NULL,
        listing_id TEXT NOT NULL,
        registry TEXT NOT NULL,
        listing_name TEXT NOT NULL,
        verdict_before TEXT,
        verdict_after TEXT NOT NULL,
        detected_at TEXT NOT NULL
    );
    CREATE INDEX watch_change_run ON watch_change (run_id);
    CREATE INDEX watch_change_detected ON watch_change (detected_at);
    """,
    # 8: review decisions on findings (scscheck.review), found again by any key of the counterparty
    """
    CREATE TABLE review (
        id INTEGER PRIMARY KEY,
        listing_id TEXT NOT NULL,
        counterparty TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('false-positive', 'confirmed')),
        note TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        row_digest TEXT NOT NULL
    );
    CREATE INDEX review_listing ON review (listing_id);
    CREATE TABLE review_key (
        review_id INTEGER NOT NULL REFERENCES review (id),
        key TEXT NOT NULL
    );
    CREATE INDEX review_key_key ON review_key (key, review_id);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
