"""Which store a command uses: `--store URL`, else SCSCHECK_STORE, else the configuration's `store.url`,
else the SQLite cache in the home directory.

    sqlite:///path/to/dir       the SQLite cache in that directory (as --home)
    postgresql://user@host/db   a PostgreSQL database shared by a team (scscheck.pgstore; needs psycopg)
"""

from pathlib import Path
from typing import TYPE_CHECKING

from scscheck.errors import UsageError

if TYPE_CHECKING:
    from scscheck.store import Store

SCHEMES = ("sqlite", "postgresql", "postgres")


def check_url(url: str) -> str:
    """The URL if it names a store scscheck can open; else a ValueError saying what is expected."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in SCHEMES or not rest.strip():
        raise ValueError("expected sqlite:///DIR or postgresql://[user[:password]@]host[:port]/database")
    return url


def open_store(url: str | None, home: Path, retention: int | None = None) -> "Store":
    """Open the store a URL names (None: the SQLite cache in `home`). `home` keeps the downloads either way."""
    if not url:
        from scscheck.store import Store

        return Store(home, retention=retention)
    try:
        check_url(url)
    except ValueError as exc:
        from scscheck.pgstore import redact

        raise UsageError(f"--store {redact(url)}: {exc}") from None
    scheme, _, rest = url.partition("://")
    if scheme == "sqlite":
        from scscheck.store import Store

        return Store(Path(rest).expanduser(), retention=retention)
    from scscheck.pgstore import PgStore

    return PgStore(url, home, retention=retention)
