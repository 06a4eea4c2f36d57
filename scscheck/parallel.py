"""Listings built on every core. Building a listing (normalising, keying and classifying a row) is most of
a sync's work, and rows do not depend on each other: for a large snapshot this process reads the rows and
loads the cache while worker processes build the listings, chunk by chunk, returned in the order read.

Workers are forked, so they start with the registry and its lookups without copying them. They ignore
Ctrl-C (the sync in this process handles it); if this process dies, their queue's pipe closes and they end.
"""

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult

from scscheck.incremental import Copy
from scscheck.listing import Listing, ListingBuilder, RowRejected
from scscheck.readers import Record
from scscheck.store import Rejection, Row

CHUNK_ROWS = 2_000
IN_FLIGHT = 3  # chunks queued per worker: enough to keep it busy, few enough that memory stays flat
MIN_BYTES = 8 << 20  # below this a snapshot loads in seconds, and starting workers does not pay
WORKERS_VARIABLE = "SCSCHECK_SYNC_WORKERS"

_builder: ListingBuilder | None = None


def built(builder: ListingBuilder, record: Record) -> Listing | Rejection:
    """A record as a listing, or as a rejection with the reason."""
    if record.values is None:
        return Rejection(record.line, record.error or "unreadable", record.raw)
    try:
        return builder.build(record.line, record.values)
    except RowRejected as exc:
        return Rejection(record.line, str(exc), record.published())


def workers_for(size: int) -> int:
    """How many worker processes to build a snapshot of `size` bytes with: none for a small one or on one
    core, else one per core. SCSCHECK_SYNC_WORKERS overrides (0: build in this process)."""
    chosen = os.environ.get(WORKERS_VARIABLE, "").strip()
    if chosen.isdigit():
        return min(int(chosen), 16)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if cores > 1 and size >= MIN_BYTES else 0


def build_all(
    records: Iterable[Record | Copy], builder: ListingBuilder, workers: int, progress: Callable[[int], None]
) -> Iterator[Row | Copy | Rejection]:
    """Each record built by `workers` processes, in order: a listing as its row of values (Listing.as_row),
    or a Rejection; a Copy passes as it is, without going to a worker. `progress` is called with the count
    of records read so far."""
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start, initargs=(builder,))
    try:
        pending: deque[tuple[list[Record | Copy], AsyncResult[list[Row | Rejection]] | None]] = deque()
        read = 0
        for chunk in _chunks(records):
            work = [(r.line, r.values, r.error, r.raw, r.joiner) for r in chunk if not isinstance(r, Copy)]
            pending.append((chunk, pool.apply_async(_build_chunk, (work,)) if work else None))
            read += len(chunk)
            progress(read)
            if len(pending) >= workers * IN_FLIGHT:
                yield from _done(*pending.popleft())
        while pending:
            yield from _done(*pending.popleft())
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _done(
    chunk: list[Record | Copy], result: AsyncResult[list[Row | Rejection]] | None
) -> list[Row | Copy | Rejection]:
    made = iter(result.get() if result is not None else ())
    return [item if isinstance(item, Copy) else next(made) for item in chunk]


def _chunks(records: Iterable[Record | Copy]) -> Iterator[list[Record | Copy]]:
    chunk: list[Record | Copy] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _start(builder: ListingBuilder) -> None:
    global _builder
    _builder = builder
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build_chunk(chunk: list[tuple[int, dict[str, str] | None, str | None, str, str]]) -> list[Row | Rejection]:
    assert _builder is not None
    out: list[Row | Rejection] = []
    for line, values, error, raw, joiner in chunk:
        made = built(_builder, Record(line, values, error, raw, joiner))
        out.append(made.as_row() if isinstance(made, Listing) else made)
    return out
