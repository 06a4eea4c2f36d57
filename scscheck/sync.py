"""Sync: fetch each registry's snapshot, verify, parse, load it into the cache as a new current
snapshot, or record that it has not changed. One registry failing never stops the others."""

import fcntl
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from scscheck import names
from scscheck.errors import ScscheckError, SnapshotError, SyncBusyError
from scscheck.fetch import Fetched, FetchSettings, Validators, fetch
from scscheck.incremental import Copy, Unchanged
from scscheck.listing import BUILD_SETTINGS, BUILD_VERSION, Listing, ListingBuilder
from scscheck.parallel import build_all, built, workers_for
from scscheck.readers import Record, SnapshotReader
from scscheck.registry import Registry
from scscheck.store import NewSnapshot, Rejection, Row, Snapshot, Store, now_utc

Outcome = Literal["loaded", "unchanged", "failed"]


@dataclass
class SyncResult:
    """What a sync did for one registry."""

    registry: str
    outcome: Outcome
    snapshot: Snapshot | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


class SyncObserver:
    """Receives progress; the CLI draws bars from it, tests and pipes ignore it."""

    def waiting(self) -> None:
        """Another sync holds the lock; this one waits for it."""

    def start(self, registry: Registry) -> None:
        """A registry's sync begins."""

    def fetching(self, registry: Registry, done: int, total: int | None) -> None:
        """Bytes fetched so far."""

    def loading(self, registry: Registry, rows: int) -> None:
        """Rows read so far."""

    def finish(self, result: SyncResult) -> None:
        """A registry's sync ended."""


def sync(
    store: Store,
    registries: list[Registry],
    settings: FetchSettings | None = None,
    observer: SyncObserver | None = None,
    debug: bool = False,
    wait: bool = True,
) -> list[SyncResult]:
    """Sync each registry in turn under the cache's sync lock; with `wait` false, raise SyncBusyError at
    once when another sync holds it."""
    observer = observer or SyncObserver()
    results = []
    with store.sync_lock(observer.waiting if wait else None):
        for registry in registries:
            observer.start(registry)
            started = time.monotonic()
            try:
                result = sync_one(store, registry, settings, observer)
            except ScscheckError as exc:
                result = SyncResult(registry.id, "failed", store.current(registry.id), error=exc.message)
            except Exception as exc:
                if debug:
                    raise
                result = SyncResult(
                    registry.id, "failed", store.current(registry.id),
                    error=f"{registry.id}: unexpected {type(exc).__name__}: {exc} (rerun with --debug for details)",
                )
            result.seconds = time.monotonic() - started
            observer.finish(result)
            results.append(result)
    return results


def sync_one(
    store: Store, registry: Registry, settings: FetchSettings | None, observer: SyncObserver
) -> SyncResult:
    """Sync one registry; raises ScscheckError when it cannot."""
    previous = store.current(registry.id)
    validators = Validators(previous.etag, previous.last_modified) if previous else None
    fetched = fetch(
        registry, store.home / "downloads", validators, settings,
        progress=lambda done, total: observer.fetching(registry, done, total),
        known_digest=previous.digest if previous else None,
    )
    checked_at = now_utc()
    try:
        if previous and (fetched.not_modified or fetched.digest == previous.digest):
            warnings = []
            if previous.name_keys != names.KEYS_VERSION:  # this version reads names otherwise: key them again
                count = store.rekey(previous.id)
                warnings.append(f"{registry.id}: {count:,} listings keyed again for this version's name reading")
            store.touch(previous.id, checked_at)
            return SyncResult(registry.id, "unchanged", store.current(registry.id), warnings=warnings)
        return _load(store, registry, fetched, checked_at, observer)
    finally:
        fetched.discard()


def _load(store: Store, registry: Registry, fetched: Fetched, fetched_at: str, observer: SyncObserver) -> SyncResult:
    assert fetched.path is not None
    try:
        reader = SnapshotReader(fetched.path, registry.source)
    except SnapshotError as exc:
        raise SnapshotError(f"{registry.id}: {exc.message}") from None
    header = reader.columns if registry.source.format in ("csv", "tsv", "xlsx") else None
    builder = ListingBuilder(registry, header)
    warnings = []
    if reader.columns:
        missing = builder.missing_columns(reader.columns)
        if "name" in missing:
            raise SnapshotError(
                f"{registry.id}: the snapshot has no name column ({' / '.join(missing['name'])}); "
                f"its columns are: {', '.join(reader.columns[:20])}"
            )
        warnings += [
            f"{registry.id}: column for '{f}' not in the snapshot ({' / '.join(c)})" for f, c in missing.items()
        ]
    new = NewSnapshot(
        registry=registry, digest=fetched.digest, source_url=fetched.url, published_on=fetched.published_on,
        fetched_at=fetched_at, etag=fetched.etag, last_modified=fetched.last_modified, size=fetched.size,
        encoding=reader.encoding or None, columns=tuple(header) if header is not None else None,
    )
    try:
        unchanged = _unchanged(store, registry, new.columns)
        records = unchanged.mark(reader) if unchanged else reader
        snapshot = store.load(new, _records(records, builder, registry, observer, workers_for(fetched.size)))
    except SnapshotError as exc:
        raise SnapshotError(f"{registry.id}: {exc.message}") from None
    return SyncResult(registry.id, "loaded", snapshot, warnings=warnings)


def _unchanged(store: Store, registry: Registry, columns: tuple[str, ...] | None) -> Unchanged | None:
    """The registry's previous snapshot to copy unchanged rows from, if building them again would give the
    same listings (see scscheck.incremental)."""
    previous = store.current(registry.id)
    if (previous is None or columns is None or previous.columns != columns or previous.name_keys != names.KEYS_VERSION
            or previous.listing_build != BUILD_VERSION or not store.kept(previous.id)
            or not store.same_settings(previous.id, registry, BUILD_SETTINGS)):
        return None
    return Unchanged(previous.id, store.listing_rows(previous.id))


def _records(
    records: Iterable[Record | Copy], builder: ListingBuilder, registry: Registry, observer: SyncObserver,
    workers: int,
) -> Iterator[Listing | Row | Copy | Rejection]:
    if workers:
        yield from build_all(records, builder, workers, lambda count: observer.loading(registry, count))
        return
    for count, record in enumerate(records, start=1):
        if count % 10000 == 0:
            observer.loading(registry, count)
        yield record if isinstance(record, Copy) else built(builder, record)


@contextmanager
def file_lock(home: Path, wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the sync lock of the SQLite cache in `home` (a file lock). A second sync calls `wait` and waits
    for the first to finish; without `wait` it raises SyncBusyError."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    with os.fdopen(os.open(home / "sync.lock", os.O_RDWR | os.O_CREAT, 0o600), "r+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait is None:
                raise SyncBusyError(f"another sync is running on the cache in {home}; try again when it ends") from None
            wait()
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
