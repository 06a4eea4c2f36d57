"""Fetching a registry's snapshot: a local path, or http(s) through httpx with conditional GET,
streaming to a temporary file, a size cap, SHA-256 verification and retries with backoff.

Every byte of a snapshot is checked as it streams past, before the loader sees the file: its size
against the registry's cap (`source.max_bytes`), its SHA-256, and when it is gzip (by its magic bytes,
as the reader decides) the gzip stream is inflated on the fly, without keeping it, to prove it is whole
(no truncation, CRC and length trailers correct) and that it inflates to no more than the same cap, so a
decompression bomb is refused here and the loader never meets one. An HTML page where a snapshot was
expected (a publisher's error or maintenance page served with 200) is refused too.

Each failure is a FetchError with one line naming the registry and the cause. Server errors (5xx),
timeouts, refused and broken connections are retried with exponential backoff, then given up.

Network settings come from FetchSettings; when the caller passes none (the CLI), they are read from the
environment, each falling back to its default:

- ``SCSCHECK_FETCH_TIMEOUT``: seconds to wait for each read from the server (30)
- ``SCSCHECK_FETCH_CONNECT_TIMEOUT``: seconds to wait for a connection (10)
- ``SCSCHECK_FETCH_RETRIES``: retries after the first attempt (3)
- ``SCSCHECK_FETCH_BACKOFF``: seconds before the first retry, doubled at each retry (0.5)
- ``SCSCHECK_FETCH_MAX_REDIRECTS``: redirects followed before giving up (5)
"""

import hashlib
import os
import re
import tempfile
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from scscheck.errors import FetchError, UsageError
from scscheck.registry import Registry, is_loopback

if TYPE_CHECKING:
    import httpx

Progress = Callable[[int, int | None], None]
_CHUNK = 1 << 16
_DIGEST_CAP = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"
_HEAD = 4096  # bytes of the (inflated) start of a snapshot kept to recognise an HTML page
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body")


@dataclass(frozen=True)
class Validators:
    """What the previous fetch learned, to ask the server whether anything changed."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchSettings:
    """Network behaviour of a sync."""

    timeout: float = 30.0
    connect_timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5  # seconds before the first retry; doubled each time
    max_redirects: int = 5
    proxy: str | None = None  # from the configuration (scscheck.config); httpx also reads HTTPS_PROXY itself
    ca_bundle: str | None = None  # a PEM file of CA certificates to verify https with, instead of the system's

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "FetchSettings":
        """The settings from ``SCSCHECK_FETCH_<FIELD>`` variables (see the module's docstring), each
        falling back to its default; a value that is not a number >= 0 is a usage error."""
        environ = os.environ if environ is None else environ
        values: dict[str, float | int] = {}
        for f in fields(cls):
            if f.name in ("proxy", "ca_bundle"):
                continue
            name = f"SCSCHECK_FETCH_{f.name.upper()}"
            text = environ.get(name, "").strip()
            if not text:
                continue
            kind = int if f.type in (int, "int") else float
            try:
                value = kind(text)
            except ValueError:
                value = -1
            if value < 0 or (kind is float and value != value):  # negative or NaN
                what = "a whole number" if kind is int else "a number of seconds"
                raise UsageError(f"{name} must be {what} >= 0, not {text!r}")
            values[f.name] = value
        return cls(**values)  # type: ignore[arg-type]


@dataclass
class Fetched:
    """A snapshot on disk, or the server's word that it has not changed."""

    url: str
    not_modified: bool = False
    path: Path | None = None
    temporary: bool = False
    digest: str = ""
    size: int = 0
    etag: str | None = None
    last_modified: str | None = None

    @property
    def published_on(self) -> str | None:
        """The publisher's date from Last-Modified, as ISO 8601, when the server sent one."""
        if not self.last_modified:
            return None
        try:
            return parsedate_to_datetime(self.last_modified).date().isoformat()
        except (TypeError, ValueError):
            return None

    def discard(self) -> None:
        """Remove the temporary download, if any."""
        if self.temporary and self.path is not None:
            self.path.unlink(missing_ok=True)


def fetch(
    registry: Registry,
    work_dir: Path,
    previous: Validators | None = None,
    settings: FetchSettings | None = None,
    progress: Progress | None = None,
    known_digest: str | None = None,
) -> Fetched:
    """Fetch the registry's snapshot and verify it against the publisher's digest when one is posted.
    `known_digest` is the SHA-256 of the snapshot in force: a local file found unchanged is only hashed."""
    settings = settings or FetchSettings.from_env()
    if registry.source.is_remote:
        fetched = _fetch_remote(registry, work_dir, previous, settings, progress)
    else:
        fetched = _fetch_local(registry, progress, known_digest)
    if not fetched.not_modified and registry.source.sha256_url:
        try:
            _verify_digest(registry, fetched, settings)
        except FetchError:
            fetched.discard()
            raise
    return fetched


def _fetch_local(registry: Registry, progress: Progress | None, known_digest: str | None = None) -> Fetched:
    path = registry.local_path()
    if not path.is_file():
        raise FetchError(f"{registry.id}: snapshot file not found: {path}")
    size = path.stat().st_size
    cap = registry.source.max_bytes
    if size > cap:
        raise FetchError(f"{registry.id}: snapshot is {size:,} bytes, over the size cap of {cap:,} bytes")
    if known_digest:
        # the same bytes as the snapshot in force (checked whole when it was loaded): a hash pass says so,
        # without inflating a national list again
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK * 16):
                digest.update(chunk)
        if digest.hexdigest() == known_digest:
            return Fetched(url=str(path), path=path, digest=known_digest, size=size)
    body = _Body(registry, cap)
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK * 16):
            body.update(chunk)
            if progress:
                progress(body.size, size)
    body.finish()
    return Fetched(url=str(path), path=path, digest=body.digest.hexdigest(), size=body.size)


class _Body:
    """A snapshot's bytes as they stream past, never kept: their count against the cap, their SHA-256,
    and when they are gzip, the inflated stream checked whole and its size against the same cap."""

    def __init__(self, registry: Registry, cap: int) -> None:
        self.registry = registry
        self.cap = cap
        self.size = 0
        self.digest = hashlib.sha256()
        self.head = b""  # the first bytes of the content (inflated when gzip)
        self._start = b""  # raw bytes held until the first two decide gzip or not
        self._gzip: _Gunzip | None = None
        self._decided = False

    def update(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.cap:
            raise FetchError(f"{self.registry.id}: download exceeds the size cap of {self.cap:,} bytes")
        self.digest.update(chunk)
        if not self._decided:
            self._start += chunk
            if len(self._start) < len(_GZIP_MAGIC):
                return
            chunk, self._start, self._decided = self._start, b"", True
            if chunk.startswith(_GZIP_MAGIC):
                self._gzip = _Gunzip(self.registry.id, self.cap)
        if self._gzip is not None:
            self._gzip.feed(chunk)
            self.head = self._gzip.head
        elif len(self.head) < _HEAD:
            self.head += chunk[: _HEAD - len(self.head)]

    def finish(self) -> None:
        """The stream has ended: a gzip stream must have ended whole; an HTML page is not a snapshot."""
        if not self._decided:
            self.head = self._start
        if self._gzip is not None:
            self._gzip.finish()
        if _looks_like_html(self.head):
            raise FetchError(_html_message(self.registry, self.head))


class _Gunzip:
    """Inflates a gzip stream (one or more members, zero padding between allowed, as Python's gzip reads
    it) in bounded pieces, counting the output and keeping only its first bytes."""

    def __init__(self, registry_id: str, cap: int) -> None:
        self.registry_id = registry_id
        self.cap = cap
        self.size = 0
        self.compressed = 0
        self.head = b""
        self._full = False  # the last piece filled its buffer: more output may be pending
        self._member: zlib._Decompress | None = zlib.decompressobj(31)

    def feed(self, data: bytes) -> None:
        self.compressed += len(data)
        while data:
            if self._member is None:  # between members: zero padding, else the next member's header
                data = data.lstrip(b"\0")
                if not data:
                    return
                self._member = zlib.decompressobj(31)
            member = self._member
            try:
                self._take(member.decompress(data, _CHUNK))
                while member.unconsumed_tail or (not member.eof and self._full):
                    self._take(member.decompress(member.unconsumed_tail, _CHUNK))
            except zlib.error as exc:
                cause = str(exc).split(": ", 1)[-1]
                raise FetchError(
                    f"{self.registry_id}: gzip data corrupt ({cause}) after {self.compressed:,} compressed bytes"
                ) from None
            if member.eof:
                data, self._member = member.unused_data, None
            else:
                data = b""

    def _take(self, out: bytes) -> None:
        self._full = len(out) == _CHUNK
        self.size += len(out)
        if self.size > self.cap:
            raise FetchError(f"{self.registry_id}: decompressed size exceeds the cap of {self.cap:,} bytes")
        if len(self.head) < _HEAD:
            self.head += out[: _HEAD - len(self.head)]

    def finish(self) -> None:
        if self._member is not None:
            raise FetchError(
                f"{self.registry_id}: gzip data truncated (the stream ends after {self.compressed:,} bytes, "
                f"{self.size:,} inflated)"
            )


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:32].lower()
    return start.startswith(_HTML_START)


def _html_message(registry: Registry, head: bytes) -> str:
    match = re.search(rb"<title[^>]*>(.*?)</title", head, re.IGNORECASE | re.DOTALL)
    title = " ".join(match.group(1).decode("utf-8", "replace").split())[:80] if match else ""
    what = f'an HTML page ("{title}")' if title else "an HTML page"
    return f"{registry.id}: the server sent {what} where a {registry.source.format} snapshot was expected"


def _client(settings: FetchSettings, registry: Registry) -> "httpx.Client":
    import httpx

    def refuse_insecure(request: httpx.Request) -> None:
        """A redirect may not lead where the registry file could not: to plain http on another host."""
        url = request.url
        if url.scheme == "http" and not registry.source.allow_insecure_http and not is_loopback(url.host):
            raise FetchError(f"{registry.id}: refused a redirect to plain http ({url.host}); the registry does not "
                             "set allow_insecure_http")

    verify: Any = True
    if settings.ca_bundle:
        import ssl

        try:
            verify = ssl.create_default_context(cafile=settings.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise FetchError(f"{registry.id}: the CA bundle {settings.ca_bundle} cannot be used: {exc}") from None
    return httpx.Client(
        proxy=settings.proxy,
        verify=verify,
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
        headers={"User-Agent": _user_agent()},
        event_hooks={"request": [refuse_insecure]},
    )


def _user_agent() -> str:
    from scscheck import __version__

    return f"scscheck/{__version__}"


def _fetch_remote(
    registry: Registry,
    work_dir: Path,
    previous: Validators | None,
    settings: FetchSettings,
    progress: Progress | None,
) -> Fetched:
    import httpx

    url = registry.source.url
    # identity: the file is stored as published, so its digest is the publisher's and the gzip check sees it
    headers = {"Accept-Encoding": "identity"}
    if previous and previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous and previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    _sweep(work_dir, registry)
    with _client(settings, registry) as client:
        for attempt in range(settings.retries + 1):
            gave_up = f"(gave up after {attempt + 1} attempt{'s' if attempt else ''})"
            try:
                return _download(client, registry, url, headers, work_dir, progress, settings)
            except _Retryable as exc:
                failure = f"{registry.id}: {exc}"
            except httpx.TooManyRedirects:
                raise FetchError(
                    f"{registry.id}: more than {settings.max_redirects} redirects fetching {url} (a redirect loop?)"
                ) from None
            except httpx.TransportError as exc:  # before any of the body arrived
                failure = f"{registry.id}: {_describe(exc, url, settings)}"
            if attempt == settings.retries:
                raise FetchError(f"{failure} {gave_up}")
            time.sleep(settings.backoff * 2**attempt)
    raise AssertionError("unreachable")


def _sweep(work_dir: Path, registry: Registry) -> None:
    """Remove this registry's partial downloads left by a sync that was killed. Syncs hold the cache's
    sync lock, so no other process is writing one."""
    if not work_dir.is_dir():
        return
    pattern = re.compile(re.escape(registry.id) + r"\.[^.]+\.part")
    for path in work_dir.iterdir():
        if pattern.fullmatch(path.name):
            path.unlink(missing_ok=True)


class _Retryable(Exception):
    """A failure worth retrying: a server error (5xx), or the connection broken during the body."""


def _describe(exc: Exception, url: str, settings: FetchSettings) -> str:
    """One phrase for a transport failure before the body: what happened, and where."""
    import httpx

    where = _host(url)
    if isinstance(exc, httpx.ConnectTimeout):
        return f"could not connect to {where} within {settings.connect_timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return f"no response from {url} within {settings.timeout:g} s"
    if isinstance(exc, httpx.ConnectError):
        if _caused_by(exc, ConnectionRefusedError):
            return f"connection refused by {where}"
        return f"cannot connect to {where} ({exc or type(exc).__name__})"
    if _caused_by(exc, ConnectionResetError):
        return f"connection reset by {where} before the response"
    return f"{type(exc).__name__} ({exc or 'no detail'}) fetching {url}"


def _broken(exc: Exception, size: int, total: int | None, url: str, settings: FetchSettings) -> str:
    """One phrase for a transport failure during the body, with how far it got."""
    import httpx

    got = f"{size:,} of {total:,} bytes" if total is not None else f"{size:,} bytes"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {got} of {url} (no data for {settings.timeout:g} s)"
    if _caused_by(exc, ConnectionResetError):
        return f"connection reset after {got} of {url}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"connection closed after {got} of {url}"
    return f"connection broken after {got} of {url} ({exc or type(exc).__name__})"


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.netloc or url


def _download(
    client: "httpx.Client",
    registry: Registry,
    url: str,
    headers: dict[str, str],
    work_dir: Path,
    progress: Progress | None,
    settings: FetchSettings,
) -> Fetched:
    import httpx

    with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 304:
            return Fetched(url=url, not_modified=True)
        if response.status_code >= 500:
            raise _Retryable(f"server error {response.status_code} fetching {url}")
        if response.status_code != 200:
            raise FetchError(f"{registry.id}: HTTP {response.status_code} fetching {url}")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type in ("text/html", "application/xhtml+xml"):
            raise FetchError(
                f"{registry.id}: the server sent an HTML page where a {registry.source.format} snapshot was expected"
            )
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip", "x-gzip", ""):  # gzip is stored as is: the reader inflates it
            raise FetchError(f"{registry.id}: the server sent Content-Encoding {encoding!r}, not the file itself")
        length = response.headers.get("content-length", "")
        total = int(length) if length.isdigit() else None
        cap = registry.source.max_bytes
        if total is not None and total > cap:
            raise FetchError(f"{registry.id}: snapshot is {total:,} bytes, over the size cap of {cap:,} bytes")
        work_dir.mkdir(parents=True, exist_ok=True)
        body = _Body(registry, cap)
        fd, part_name = tempfile.mkstemp(dir=work_dir, prefix=f"{registry.id}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as part:
                try:
                    for chunk in response.iter_raw():  # as it arrives: byte counts stay exact
                        body.update(chunk)
                        part.write(chunk)
                        if progress:
                            progress(body.size, total)
                except httpx.TransportError as exc:
                    raise _Retryable(_broken(exc, body.size, total, url, settings)) from None
            if total is not None and body.size < total:
                raise _Retryable(f"connection closed after {body.size:,} of {total:,} bytes of {url}")
            body.finish()
        except BaseException:
            Path(part_name).unlink(missing_ok=True)
            raise
        return Fetched(
            url=str(response.url),
            path=Path(part_name),
            temporary=True,
            digest=body.digest.hexdigest(),
            size=body.size,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )


def _verify_digest(registry: Registry, fetched: Fetched, settings: FetchSettings) -> None:
    text = _read_digest_text(registry, settings)
    expected = next((tok.lower() for tok in text.split() if len(tok) == 64 and _is_hex(tok)), None)
    if expected is None:
        raise FetchError(f"{registry.id}: no SHA-256 digest found at {registry.source.sha256_url}")
    if expected != fetched.digest:
        raise FetchError(
            f"{registry.id}: digest mismatch: publisher says {expected[:12]}..., download is {fetched.digest[:12]}..."
        )


def _is_hex(token: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in token)


def _read_digest_text(registry: Registry, settings: FetchSettings) -> str:
    """The publisher's digest file (at most 64 KiB of it): a URL, or a path relative to the registry
    file when the snapshot is local, or to the snapshot's URL when it is remote."""
    url = registry.source.sha256_url
    if "://" not in url and not registry.source.is_remote:
        try:
            with (registry.path.parent / url).open("rb") as fh:
                return fh.read(_DIGEST_CAP).decode("utf-8", "replace")
        except OSError as exc:
            raise FetchError(f"{registry.id}: cannot read digest file {url}: {exc.strerror}") from None
    import httpx

    url = urljoin(registry.source.url, url)
    try:
        identity = {"Accept-Encoding": "identity"}  # a compressed reply could inflate past the cap at once
        with _client(settings, registry) as client, client.stream("GET", url, headers=identity) as response:
            if response.status_code != 200:
                raise FetchError(f"{registry.id}: HTTP {response.status_code} fetching digest {url}")
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) >= _DIGEST_CAP:
                    break
    except httpx.HTTPError as exc:
        raise FetchError(f"{registry.id}: cannot fetch digest {url}: {_describe(exc, url, settings)}") from None
    return body[:_DIGEST_CAP].decode("utf-8", "replace")
