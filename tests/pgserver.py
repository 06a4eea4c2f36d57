"""A PostgreSQL server of the test run's own, on 127.0.0.1: initdb into a temporary folder, started on a free
port, stopped and removed at the end. Its binaries are the distribution's (`.ci/run` installs Debian's
postgresql when missing). As root, the server runs as the `postgres` user, since PostgreSQL refuses root.

`.ci/run` starts one for the whole run and stops it at the end:

    eval "$(python tests/pgserver.py start)"     # sets SCSCHECK_TEST_POSTGRES and SCSCHECK_TEST_POSTGRES_DIR
    python tests/pgserver.py stop "$SCSCHECK_TEST_POSTGRES_DIR"

`SCSCHECK_TEST_POSTGRES=postgresql://...` uses a server already running instead (its user must be allowed
to create databases). Without binaries or that variable, the PostgreSQL tests are skipped, unless
`SCSCHECK_REQUIRE_POSTGRES=1` (set by CI) makes them fail."""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(candidate).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A running PostgreSQL server: `url(database)` and `create_database()`."""

    def __init__(self, base_url: str, owned: "_Owned | None" = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.owned = owned

    def url(self, database: str) -> str:
        root = self.base_url.rsplit("/", 1)[0] if self.base_url.count("/") > 2 else self.base_url
        return f"{root}/{database}"

    def create_database(self) -> str:
        """A new, empty database; returns its URL."""
        import psycopg

        name = f"scscheck_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


class _Owned:
    """The server this run started: its folder, port and how to run its binaries."""

    def __init__(self, bindir: Path, folder: Path | None = None) -> None:
        self.bindir = bindir
        self.folder = folder or Path(tempfile.mkdtemp(prefix="scscheck-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0 and folder is None:
            pw = pwd.getpwnam("postgres")
            os.chown(self.folder, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *args: str) -> None:
        done = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            output = done.stdout[-1500:] + done.stderr[-1500:]
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {output}")

    def start(self) -> str:
        self.run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "scscheck", "--auth=trust",
                 "-E", "UTF8", "--locale=C", "--no-sync")
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                 str(self.folder / "server.log"), "-w", "-t", "60", "start")
        return f"postgresql://scscheck@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def server() -> Iterator[Server]:
    """The test run's PostgreSQL server (see the module's text)."""
    given = os.environ.get("SCSCHECK_TEST_POSTGRES")
    if given:
        yield Server(given)
        return
    required = os.environ.get("SCSCHECK_REQUIRE_POSTGRES") == "1"
    bindir = _bindir()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        bindir = None
    if bindir is None:
        if required:
            pytest.fail("PostgreSQL (initdb, pg_ctl) or psycopg is missing and SCSCHECK_REQUIRE_POSTGRES=1")
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) or no psycopg")
    owned = _Owned(bindir)
    try:
        base = owned.start()
    except Exception:
        owned.stop()
        raise
    try:
        yield Server(base, owned)
    finally:
        owned.stop()


def main(argv: list[str]) -> int:
    """`start`: start a server, print the shell exports that point the tests at it; `stop DIR`: stop it."""
    import shlex

    if argv[:1] == ["start"]:
        bindir = _bindir()
        if bindir is None:
            print("pgserver: no PostgreSQL server binaries (initdb, pg_ctl)", file=sys.stderr)
            return 1
        owned = _Owned(bindir)
        (owned.folder / "bindir").write_text(str(bindir), encoding="utf-8")
        url = owned.start()
        print(f"export SCSCHECK_TEST_POSTGRES={shlex.quote(url)} "
              f"SCSCHECK_TEST_POSTGRES_DIR={shlex.quote(str(owned.folder))}")
        return 0
    if argv[:1] == ["stop"] and len(argv) == 2:
        folder = Path(argv[1])
        stopping = _Owned(Path((folder / "bindir").read_text(encoding="utf-8")), folder)
        stopping.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        stopping.stop()
        return 0
    print("usage: python tests/pgserver.py start | stop DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
