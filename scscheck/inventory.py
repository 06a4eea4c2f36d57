"""The state of every registry in the cache, for `scscheck registries`."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from scscheck.registry import Registry
from scscheck.store import Store


@dataclass(frozen=True)
class RegistryState:
    """A registry and its current snapshot, if any."""

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
    missing: bool
    sample: bool


def states(store: Store, registries: Mapping[str, Registry], now: dt.datetime | None = None) -> list[RegistryState]:
    """Every registry with its current snapshot's counts, age and staleness."""
    now = now or dt.datetime.now(dt.UTC)
    current = store.current_all()
    result = []
    for reg_id, reg in registries.items():
        snap = current.get(reg_id)
        age = snap.age_days(now) if snap else None
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
            missing=snap is None,
            sample=reg.sample,
        ))
    return result
