"""The state of every registry in the cache, now or as of a past date: for `scscheck registries` and for
the coverage that every check and report states."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from scscheck.registry import Registry, is_loopback
from scscheck.store import Snapshot, Store


@dataclass(frozen=True)
class RegistryState:
    """A registry and its snapshot in force (the current one, or the one current on an as-of date)."""

    registry: str
    name: str
    name_zh: str
    kind: str
    level: str
    region: str
    snapshot: int | None
    published_on: str | None
    fetched_at: str | None
    age_days: float | None
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    stale: bool
    missing: bool  # nothing to search: never synced (by the as-of date), or its listings pruned
    sample: bool
    digest: str | None = None
    source_url: str | None = None
    checked_at: str | None = None
    insecure_http: bool = False  # fetched over plain http from a host other than loopback
    pruned: bool = False  # synced, but its listings are past the cache's retention


def end_of(day: dt.date) -> dt.datetime:
    """The last second of a day in UTC: a snapshot fetched on the as-of date was current on it."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), dt.UTC)


def states(store: Store, registries: Mapping[str, Registry], now: dt.datetime | None = None,
           as_of: dt.date | None = None) -> list[RegistryState]:
    """Every registry with its snapshot in force, its counts, age and staleness. With `as_of`, the
    snapshots current at the end of that day, and their age on it."""
    now = now or dt.datetime.now(dt.UTC)
    if as_of is None:
        snapshots, moment = store.current_all(), now
    else:
        moment = min(end_of(as_of), now)
        snapshots = store.as_of(moment.isoformat())
    result = []
    for reg_id, reg in registries.items():
        snap = snapshots.get(reg_id)
        pruned = snap is not None and as_of is not None and snap.rows_loaded > 0 and not store.kept(snap.id)
        age = _age(snap, moment) if snap else None
        result.append(RegistryState(
            registry=reg_id, name=reg.name, name_zh=reg.name_zh, kind=reg.kind, level=reg.level, region=reg.region,
            snapshot=snap.id if snap else None,
            published_on=snap.published_on if snap else None,
            fetched_at=snap.fetched_at if snap else None,
            age_days=round(age, 2) if age is not None else None,
            rows_read=snap.rows_read if snap else 0,
            rows_loaded=snap.rows_loaded if snap else 0,
            rows_rejected=snap.rows_rejected if snap else 0,
            stale=age is not None and age > reg.max_age_days,
            missing=snap is None or pruned,
            sample=reg.sample,
            digest=snap.digest if snap else None,
            source_url=snap.source_url if snap else None,
            checked_at=snap.checked_at if snap else None,
            insecure_http=snap is not None and insecure_http(snap.source_url),
            pruned=pruned,
        ))
    return result


def _age(snap: Snapshot, moment: dt.datetime) -> float:
    """Days from the last time a sync confirmed the snapshot (by `moment`) to `moment`. A later
    confirmation is not known of on a past date, so it counts from the fetch."""
    confirmed = snap.checked_at if snap.checked_at <= moment.isoformat() else snap.fetched_at
    return max(0.0, (moment - dt.datetime.fromisoformat(confirmed)).total_seconds() / 86400)


def insecure_http(url: str) -> bool:
    """Whether a snapshot came over plain http from a host other than loopback (allowed only by an
    explicit registry setting, and said in every report)."""
    parts = urlsplit(url)
    return parts.scheme == "http" and not is_loopback(parts.hostname or "")
