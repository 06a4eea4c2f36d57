"""Fetching a registry's snapshot: a local path, or http(s) through httpx with conditional GET,
streaming to a temporary file, a size cap, SHA-256 verification and retries with backoff."""

import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scscheck.errors import FetchError
from scscheck.registry import Registry

if TYPE_CHECKING:
    import httpx

Progress = Callable[[int, int | None], None]
_CHUNK = 1 << 16
_DIGEST_CAP = 1 << 16


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
) -> Fetched:
    """Fetch the registry's snapshot and verify it against the publisher's digest when one is posted."""
    settings = settings or FetchSettings()
    if registry.source.is_remote:
        fetched = _fetch_remote(registry, work_dir, previous, settings, progress)
    else:
        fetched = _fetch_local(registry, progress)
    if not fetched.not_modified and registry.source.sha256_url:
        try:
            _verify_digest(registry, fetched, settings)
        except FetchError:
            fetched.discard()
            raise
    return fetched


def _fetch_local(registry: Registry, progress: Progress | None) -> Fetched:
    path = registry.local_path()
    if not path.is_file():
        raise FetchError(f"{registry.id}: snapshot file not found: {path}")
    size = path.stat().st_size
    if size > registry.source.max_bytes:
        raise FetchError(f"{registry.id}: snapshot is {size} bytes, over the cap of {registry.source.max_bytes}")
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK * 16):
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, size)
    return Fetched(url=str(path), path=path, digest=digest.hexdigest(), size=size)


def _client(settings: FetchSettings) -> "httpx.Client":
    import httpx

    return httpx.Client(
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
        headers={"User-Agent": _user_agent()},
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
    headers = {}
    if previous and previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous and previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    with _client(settings) as client:
        for attempt in range(settings.retries + 1):
            final = attempt == settings.retries
            try:
                return _download(client, registry, url, headers, work_dir, progress)
            except _Retryable as exc:
                if final:
                    raise FetchError(f"{registry.id}: {exc} (gave up after {attempt + 1} attempts)") from None
            except httpx.TimeoutException:
                if final:
                    raise FetchError(
                        f"{registry.id}: timed out fetching {url} (gave up after {attempt + 1} attempts)"
                    ) from None
            except httpx.TooManyRedirects:
                raise FetchError(f"{registry.id}: too many redirects fetching {url}") from None
            except httpx.TransportError as exc:
                if final:
                    raise FetchError(
                        f"{registry.id}: {_describe(exc)} fetching {url} (gave up after {attempt + 1} attempts)"
                    ) from None
            time.sleep(settings.backoff * 2**attempt)
    raise AssertionError("unreachable")


class _Retryable(Exception):
    """A server error worth retrying (5xx)."""


def _describe(exc: Exception) -> str:
    name = type(exc).__name__
    text = str(exc) or name
    return {"ConnectError": f"connection failed ({text})", "ReadError": f"connection broken ({text})"}.get(
        name, f"{name} ({text})"
    )


def _download(
    client: "httpx.Client",
    registry: Registry,
    url: str,
    headers: dict[str, str],
    work_dir: Path,
    progress: Progress | None,
) -> Fetched:
    with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 304:
            return Fetched(url=url, not_modified=True)
        if response.status_code >= 500:
            raise _Retryable(f"server error {response.status_code} fetching {url}")
        if response.status_code != 200:
            raise FetchError(f"{registry.id}: HTTP {response.status_code} fetching {url}")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "text/html" and registry.source.format != "html":
            raise FetchError(
                f"{registry.id}: server sent an HTML page where a {registry.source.format} snapshot was expected"
            )
        length = response.headers.get("content-length", "")
        total = int(length) if length.isdigit() else None
        cap = registry.source.max_bytes
        if total is not None and total > cap:
            raise FetchError(f"{registry.id}: snapshot is {total} bytes, over the cap of {cap}")
        work_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, part_name = tempfile.mkstemp(dir=work_dir, prefix=f"{registry.id}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as part:
                for chunk in response.iter_raw(_CHUNK):
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(f"{registry.id}: snapshot exceeds the size cap of {cap} bytes")
                    digest.update(chunk)
                    part.write(chunk)
                    if progress:
                        progress(size, total)
            if total is not None and size < total:
                raise FetchError(f"{registry.id}: download ended after {size} of {total} bytes")
        except BaseException:
            Path(part_name).unlink(missing_ok=True)
            raise
        return Fetched(
            url=str(response.url),
            path=Path(part_name),
            temporary=True,
            digest=digest.hexdigest(),
            size=size,
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
        with _client(settings) as client, client.stream("GET", url) as response:
            if response.status_code != 200:
                raise FetchError(f"{registry.id}: HTTP {response.status_code} fetching digest {url}")
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) >= _DIGEST_CAP:
                    break
    except httpx.HTTPError as exc:
        raise FetchError(f"{registry.id}: cannot fetch digest {url}: {_describe(exc)}") from None
    return body[:_DIGEST_CAP].decode("utf-8", "replace")
