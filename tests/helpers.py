"""Test helpers: registry files written on the fly and fictional codes with valid check characters."""

import os
import sqlite3
import textwrap
from pathlib import Path
from typing import Any

from stdnum.cn import ric, uscc

from scscheck.ids import orgcode


def make_org_code(body: str) -> str:
    """A 9-character organization code with its GB 11714 check character (bodies start with WX: fictional)."""
    return body + orgcode.calc_check_digit(body)


def make_uscc(division: str, body: str) -> str:
    """An 18-character USCC of a fictional enterprise registered in the division."""
    base = "91" + division + make_org_code(body)
    return base + uscc.calc_check_digit(base)


def make_ric(division: str, birth: str, seq: str) -> str:
    """A full resident ID with its check digit."""
    base = division + birth + seq
    return base + ric.calc_check_digit(base + "0")  # stdnum expects the check position present


def mask(full_id: str) -> str:
    """Mask a resident ID as the lists publish it: month and day hidden."""
    return full_id[:10] + "****" + full_id[14:]


REGISTRY_TEMPLATE = """\
id = "{id}"
name = "{name}"
name_zh = "测试名单"
authority = "Test Authority"
kind = "{kind}"
level = "prefecture"
region = "340800"
subjects = ["enterprise", "person"]
legal_basis = "Test Measures (2020)"
reason_category = "other"
term_days = 730
max_age_days = 7
sample = true

[source]
url = "{url}"
format = "{format}"
encoding = "{encoding}"
sha256_url = "{sha256_url}"
records = "{records}"

[fields]
{fields}

[dates]
formats = ["%Y年%m月%d日", "%Y%m%d", "%Y-%m-%d"]
"""

DEFAULT_FIELDS = {
    "name": "名称", "id": "统一社会信用代码/身份证号码", "legal_rep": "法定代表人", "reason": "失信行为",
    "listed_on": "列入日期",
}


def write_registry(directory: Path, reg_id: str, url: str, fmt: str = "csv", *, kind: str = "blacklist",
                   encoding: str = "auto", sha256_url: str = "", records: str = "",
                   fields: dict[str, str] | None = None, extra: str = "") -> Path:
    """Write a registry TOML into directory and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    mapping = "\n".join(f'{k} = "{v}"' for k, v in (fields or DEFAULT_FIELDS).items())
    text = REGISTRY_TEMPLATE.format(id=reg_id, name=f"Test list {reg_id}", kind=kind, url=url, format=fmt,
                                    encoding=encoding, sha256_url=sha256_url, records=records, fields=mapping)
    path = directory / f"{reg_id}.toml"
    path.write_text(text + textwrap.dedent(extra), encoding="utf-8")
    return path




# With SCSCHECK_TEST_STORE=postgresql, the PostgreSQL database of each cache home a module fixture made (the
# function-scoped `home` fixture sets SCSCHECK_STORE instead): see conftest.module_store.
STORE_OF: dict[str, str] = {}


def store_url(home: Path) -> str | None:
    """The store URL a test's cache home uses: its module's database, SCSCHECK_STORE, or None (SQLite)."""
    return STORE_OF.get(str(home)) or os.environ.get("SCSCHECK_STORE") or None


def store_at(home: Path) -> Any:
    """The test's store: the SQLite cache in `home`, or its PostgreSQL database (the suite run with
    SCSCHECK_TEST_STORE=postgresql)."""
    from scscheck.stores import open_store

    return open_store(store_url(home), home)


class _PostgresDb:
    """A PostgreSQL store's database as tests use sqlite3's connection: `?` placeholders, `with db:`."""

    kind = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        from scscheck.pgstore import Connection

        self.conn = Connection(psycopg.connect(url, autocommit=True))

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> None:
        self.conn.executemany(sql, rows)

    def commit(self) -> None:
        """Every statement commits on its own."""

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "_PostgresDb":
        return self

    def __exit__(self, *exc: object) -> None:
        """As sqlite3's: the connection stays open."""


def cache_db(home: Path) -> Any:
    """A connection to the test's store (see store_at) with `?` placeholders, to read or rewrite what a test
    needs; `with cache_db(home) as db:` as with sqlite3."""
    url = store_url(home)
    if url and url.startswith("postgres"):
        return _PostgresDb(url)
    return sqlite3.connect(home / "cache.sqlite3")


def listing_tables(db: Any) -> list[str]:
    """Every snapshot's listing table, in snapshot order."""
    if getattr(db, "kind", "") == "postgresql":
        rows = db.execute("SELECT tablename FROM pg_tables WHERE tablename ~ '^listing_[0-9]+$'").fetchall()
    else:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'listing_[0-9]*'")
    return sorted((r[0] for r in rows), key=lambda name: int(name.removeprefix("listing_")))


def update_listings(db: Any, assignments: str, condition: str, params: tuple[object, ...]) -> int:
    """UPDATE every snapshot's listing table (the view `listing` cannot be updated): `SET assignments WHERE
    condition`; returns the rows changed."""
    changed = 0
    for table in listing_tables(db):
        changed += db.execute(f"UPDATE {table} SET {assignments} WHERE {condition}", params).rowcount
    return changed
