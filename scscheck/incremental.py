"""Incremental sync: a row of a new snapshot that the registry's previous snapshot published the same way
is copied from the previous snapshot's table instead of being built again. A national list changes in a
small part from one day to the next, and building listings is most of a load's work.

A row is the same when its values, as kept in `raw`, are the same, and the previous snapshot was loaded
with the same registry settings, header, name reading (names.KEYS_VERSION) and listing builder
(listing.BUILD_VERSION): building the row again would give the same listing, but for its line, which the
copy sets. Rows are compared in order against a window over the previous snapshot's next rows, so rows
inserted, removed or changed in between do not stop the copying; a row not found there is built. When rows
stop being found (a block of the previous snapshot longer than the window was removed), the window jumps
ahead until they are found again.
"""

from collections import OrderedDict
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

from scscheck.readers import Record
from scscheck.text import json_dumps

WINDOW = 2_000  # previous rows looked ahead: how far a row may have moved and still be copied
LOST = 64  # rows in a row not found before the window jumps half its length ahead


@dataclass(frozen=True, slots=True)
class Copy:
    """A row of a previous snapshot's table (by rowid) that the new snapshot publishes unchanged, `shift`
    lines further down."""

    snapshot_id: int
    rowid: int
    shift: int


class Unchanged:
    """The previous snapshot's rows as published, read in order beside the new snapshot's."""

    def __init__(self, snapshot_id: int, rows: Generator[tuple[int, int, str], None, None],
                 window: int = WINDOW) -> None:
        self.snapshot_id = snapshot_id
        self._rows = rows  # (rowid, line, raw), in rowid order
        self._window = window
        # raw -> (rowid, line): the previous rows not yet passed, in order
        self._ahead: OrderedDict[str, tuple[int, int]] = OrderedDict()
        self._misses = 0  # rows in a row not found
        self.copied = 0

    def mark(self, records: Iterable[Record]) -> Iterator[Record | Copy]:
        """Each record, or a Copy for one the previous snapshot has unchanged."""
        try:
            for record in records:
                copy = self.find(record) if record.values is not None else None
                yield record if copy is None else copy
        finally:
            self._rows.close()  # the rest of the previous rows are not needed

    def find(self, record: Record) -> Copy | None:
        """The previous snapshot's row with the record's values, if it is within the window."""
        assert record.values is not None
        raw = json_dumps(list(record.values.values()), indent=None)
        self._fill()
        if raw not in self._ahead:
            self._misses += 1
            if self._misses >= LOST and len(self._ahead) >= self._window:
                for _ in range(self._window // 2):
                    self._ahead.popitem(last=False)
            return None
        self._misses = 0
        while True:  # the previous rows before it were removed or changed: they are passed
            passed, (rowid, line) = self._ahead.popitem(last=False)
            if passed == raw:
                self.copied += 1
                return Copy(self.snapshot_id, rowid, record.line - line)

    def _fill(self) -> None:
        while len(self._ahead) < self._window:
            try:
                rowid, line, raw = next(self._rows)
            except StopIteration:
                return
            # a table's raws are unique (a repeated row is rejected as a duplicate): setdefault all the same
            self._ahead.setdefault(raw, (rowid, line))
