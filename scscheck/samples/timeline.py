"""Dates of the samples: fixed constants (never today's date), and fast formatting of many dates.

Listing dates run from :data:`FIRST_LISTING` to :data:`LAST_LISTING`; the bundled snapshots are dated
:data:`~scscheck.samples.planted.SNAPSHOT_DATE`. With the two-year SPC term, listings before late 2024
have expired by the reference date and later ones are active.
"""

import random
from datetime import date, timedelta

FIRST_LISTING = date(2017, 1, 1)
LAST_LISTING = date(2026, 11, 13)
EARLIEST = date(2014, 1, 1)
"""The earliest date any sample row mentions (filing dates, decisions before a listing)."""


class DateTable:
    """Every date from :data:`EARLIEST` to :data:`LAST_LISTING` preformatted in one strptime format,
    so that formatting a million dates costs a list lookup each."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        days = (LAST_LISTING - EARLIEST).days + 1
        self._text = [(EARLIEST + timedelta(days=i)).strftime(fmt) for i in range(days)]

    def __call__(self, day: date) -> str:
        """The date in this table's format."""
        offset = (day - EARLIEST).days
        if 0 <= offset < len(self._text):
            return self._text[offset]
        return day.strftime(self.fmt)

    def years(self) -> list[int]:
        """The year of every date in the table, by offset."""
        days = len(self._text)
        return [(EARLIEST + timedelta(days=i)).year for i in range(days)]

    def texts(self) -> list[str]:
        """Every formatted date, by offset (for loops that index it directly)."""
        return self._text

    def offset(self, offset: int) -> str:
        """The date ``offset`` days after :data:`EARLIEST`."""
        return self._text[offset]


def offset_of(day: date) -> int:
    """Days from :data:`EARLIEST` to ``day``."""
    return (day - EARLIEST).days


def day_at(offset: int) -> date:
    """The date ``offset`` days after :data:`EARLIEST`."""
    return EARLIEST + timedelta(days=offset)


def random_day(rng: random.Random, first: date = FIRST_LISTING, last: date = LAST_LISTING) -> date:
    """A date between ``first`` and ``last`` inclusive, uniformly (within the last 60 days before
    ``last`` when ``first`` is later than that)."""
    first = min(first, last - timedelta(days=60))
    span = (last - first).days + 1
    return first + timedelta(days=int(rng.random() * span))
