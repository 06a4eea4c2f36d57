"""Shared fixtures: a private cache home, the CLI runner, registry files written on the fly, and a real
HTTP server on 127.0.0.1 that serves scripted responses."""

import contextlib
import http.server
import itertools
import os
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scscheck.cli import app

# SCSCHECK_TEST_STORE=postgresql runs the suite against a PostgreSQL store: every test's home then comes with
# a new database of the run's own server as its store (SCSCHECK_STORE), and tests marked sqlite_only (the
# cache file itself: its permissions, its migrations, a kill during a SQLite write) are skipped.
TEST_STORE = os.environ.get("SCSCHECK_TEST_STORE", "sqlite")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if TEST_STORE == "postgresql":
        skip = pytest.mark.skip(reason="about the SQLite cache file (SCSCHECK_TEST_STORE=postgresql)")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    """A fresh cache home; the user's own config and registries are kept out of the way."""
    path = tmp_path / "home"
    monkeypatch.delenv("SCSCHECK_STORE", raising=False)
    if TEST_STORE == "postgresql":
        monkeypatch.setenv("SCSCHECK_STORE", request.getfixturevalue("postgres_url"))
    monkeypatch.setenv("SCSCHECK_HOME", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SCSCHECK_REGISTRY_PATH", raising=False)
    monkeypatch.delenv("SCSCHECK_CONFIG", raising=False)
    return path


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(home: Path) -> Callable[..., Run]:
    """Run scscheck in-process with a fixed, non-terminal console, as a pipeline would."""
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input, env={"COLUMNS": "200"})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@dataclass
class Reply:
    """One scripted response. Beyond status, body and headers, a reply can misbehave on purpose:
    `delay` seconds of silence, before the status line or (with `delay_after`) after that many body bytes;
    `reset_after`: send that many body bytes, then reset the connection (TCP RST);
    `close_after`: send that many body bytes, then close the connection cleanly (FIN);
    `content_length=False`: no Content-Length, the body ends when the connection closes."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    delay_after: int | None = None
    reset_after: int | None = None
    close_after: int | None = None
    content_length: bool = True


@dataclass
class Server:
    """Scripted replies per path: each request takes the next reply; the last one repeats."""

    base: str
    routes: dict[str, list[Reply]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # time.monotonic() of each request, as in `requests`

    def url(self, path: str) -> str:
        return self.base + path

    def script(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def gaps(self, path: str) -> list[float]:
        """Seconds between successive requests for the path (how long a client backed off)."""
        times = [t for (p, _), t in zip(self.requests, self.times, strict=True) if p == path]
        return [b - a for a, b in itertools.pairwise(times)]


@pytest.fixture
def server() -> Iterator[Server]:
    """A threaded HTTP server on 127.0.0.1, port chosen by the OS. Honours If-None-Match against an
    ETag header in the scripted reply (304), as a real publisher's server would."""
    state = Server(base="")
    stopping = threading.Event()  # ends every stall at teardown
    logging = threading.Lock()  # keeps `requests` and `times` in step across handler threads

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            with logging:
                state.times.append(time.monotonic())
                state.requests.append((self.path, headers))
            replies = state.routes.get(self.path)
            if not replies:
                self.send_error(404)
                return
            reply = replies.pop(0) if len(replies) > 1 else replies[0]
            with contextlib.suppress(OSError):  # the client gave up (a timeout under test): nothing to report
                self._reply(reply, headers)

        def _reply(self, reply: Reply, headers: dict[str, str]) -> None:
            if reply.delay and reply.delay_after is None:
                stopping.wait(reply.delay)
            etag = reply.headers.get("ETag")
            if reply.status == 200 and etag and headers.get("if-none-match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            if reply.content_length:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            body = reply.body
            if reply.delay and reply.delay_after is not None:
                self.wfile.write(body[: reply.delay_after])
                self.wfile.flush()
                stopping.wait(reply.delay)
                body = body[reply.delay_after :]
            if reply.reset_after is not None or reply.close_after is not None:
                cut = reply.reset_after if reply.reset_after is not None else reply.close_after
                self.wfile.write(body[:cut])
                self.wfile.flush()
                self.close_connection = True
                if reply.reset_after is not None:  # linger 0: close() sends RST, not FIN
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                else:
                    self.connection.shutdown(socket.SHUT_WR)
                return
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stopping.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    """The test run's PostgreSQL server on 127.0.0.1 (tests/pgserver.py): started on first use."""
    import pgserver

    with pgserver.server() as running:
        yield running


@pytest.fixture
def postgres_url(postgres_server: Any) -> str:
    """The URL of a new, empty PostgreSQL database on the test run's server."""
    return str(postgres_server.create_database())


def module_store(home: Path, request: pytest.FixtureRequest) -> list[str]:
    """For a cache home made by a module-scoped fixture: with SCSCHECK_TEST_STORE=postgresql, a database of
    its own on the run's server, recorded in helpers.STORE_OF, and the options that point scscheck at it;
    nothing for SQLite."""
    from helpers import STORE_OF

    if TEST_STORE != "postgresql":
        return []
    STORE_OF[str(home)] = request.getfixturevalue("postgres_server").create_database()
    return ["--store", STORE_OF[str(home)]]


def switch_home(path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Point the CLI at another, new cache home (SCSCHECK_HOME), and with SCSCHECK_TEST_STORE=postgresql at a new
    database of its own (SCSCHECK_STORE): for tests that compare two caches."""
    monkeypatch.setenv("SCSCHECK_HOME", str(path))
    url = module_store(path, request)
    if url:
        monkeypatch.setenv("SCSCHECK_STORE", url[1])
