"""Watchlists: counterparties checked again after every sync, and what changed for them since the last time
(newly listed, a new linked listing through a legal representative, a new possible match, delisted,
expired), kept as changes that `scscheck changes` lists and a cron job can alert on.

A watched counterparty keeps the findings of its last check (each listing's effect and status); the next
check is compared with them listing by listing.
"""

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scscheck import check as checking
from scscheck.counterparty import Counterparty, make
from scscheck.errors import UsageError
from scscheck.registry import Registry
from scscheck.store import Store, now_utc

CHANGES_SCHEMA = "scscheck.changes/1"
# What a change means, most severe first; delisted and expired are good news and never fail a run.
KINDS = ("listed", "linked", "review", "delisted", "expired")
SEVERE = ("listed", "linked", "review")


@dataclass(frozen=True)
class Watched:
    """A watched counterparty and its verdict at the last check."""

    id: int
    counterparty: dict[str, Any]
    added_at: str
    verdict: str | None
    checked_at: str | None


@dataclass(frozen=True)
class Change:
    """Something a check after a sync found that the one before had not."""

    watch_id: int
    counterparty: dict[str, Any]
    kind: str
    listing_id: str
    registry: str
    listing_name: str
    verdict_before: str | None
    verdict_after: str
    detected_at: str


def add(store: Store, registries: Mapping[str, Registry], counterparties: Iterable[Counterparty]) -> list[Watched]:
    """Watch counterparties (one already watched is kept as it is); each is checked now, so that the next
    sync's changes are against today's findings."""
    now = now_utc()
    added = []
    for cp in counterparties:
        query = _query(cp)
        with store.transaction():
            store.db.execute("INSERT INTO watch (counterparty, added_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                             (_key(query), now))
        row = store.db.execute("SELECT id FROM watch WHERE counterparty = ?", (_key(query),)).fetchone()
        added.append(row[0])
    refresh(store, registries, only=added, record=False)
    return [w for w in watched(store) if w.id in added]


def remove(store: Store, ids: Iterable[int]) -> list[int]:
    """Stop watching; returns the ids that were watched (their past changes stay listed)."""
    gone = []
    with store.transaction():
        for watch_id in ids:
            if store.db.execute("DELETE FROM watch WHERE id = ?", (watch_id,)).rowcount:
                gone.append(watch_id)
    return gone


def watched(store: Store) -> list[Watched]:
    """Every watched counterparty, in the order added."""
    rows = store.db.execute("SELECT id, counterparty, added_at, verdict, checked_at FROM watch ORDER BY id")
    return [Watched(r[0], json.loads(r[1]), r[2], r[3], r[4]) for r in rows]


def refresh(store: Store, registries: Mapping[str, Registry], only: Iterable[int] | None = None,
            record: bool = True) -> list[Change]:
    """Check the watched counterparties (or `only` these) again and keep what changed since their last check
    as changes (unless `record` is false: a first check has nothing to compare with)."""
    targets = [w for w in watched(store) if only is None or w.id in set(only)]
    if not targets:
        return []
    previous = {r[0]: (r[1], json.loads(r[2]) if r[2] else None) for r in store.db.execute(
        "SELECT id, verdict, findings FROM watch")}
    report = checking.check(store, registries, [_counterparty(w.counterparty) for w in targets])
    now = now_utc()
    found: list[Change] = []
    with store.transaction():
        run = None
        for w, result in zip(targets, report.results, strict=True):
            findings = {f.listing["listing_id"]: {"effect": f.effect, "status": f.listing["status"],
                                                  "registry": f.listing["registry"], "name": f.listing["name"]}
                        for f in result.findings}
            verdict_before, before = previous.get(w.id, (None, None))
            if record and before is not None:
                for kind, listing_id, listing in _compare(before, findings):
                    if run is None:
                        run = int(store.db.execute("INSERT INTO watch_run (at) VALUES (?) RETURNING id",
                                                   (now,)).fetchone()[0])
                    change = Change(w.id, w.counterparty, kind, listing_id, listing["registry"], listing["name"],
                                    verdict_before, result.verdict, now)
                    store.db.execute(
                        "INSERT INTO watch_change (run_id, watch_id, counterparty, kind, listing_id, registry, "
                        "listing_name, verdict_before, verdict_after, detected_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (run, w.id, _key(w.counterparty), kind, listing_id, change.registry, change.listing_name,
                         verdict_before, result.verdict, now))
                    found.append(change)
            store.db.execute("UPDATE watch SET verdict = ?, findings = ?, checked_at = ? WHERE id = ?",
                             (result.verdict, json.dumps(findings, ensure_ascii=False, sort_keys=True), now, w.id))
        if record and run is None:
            store.db.execute("INSERT INTO watch_run (at) VALUES (?)", (now,))
    return found


def _compare(before: Mapping[str, Mapping[str, str]],
             after: Mapping[str, Mapping[str, str]]) -> Iterable[tuple[str, str, Mapping[str, str]]]:
    """(kind, listing id, listing) for each listing whose meaning for the counterparty changed."""
    for listing_id, now in after.items():
        was = before.get(listing_id)
        if now["effect"] in SEVERE and (was is None or SEVERE.index(now["effect"]) < _rank(was["effect"])):
            yield now["effect"], listing_id, now
        elif was is not None and was["effect"] in SEVERE and now["status"] in ("removed", "expired"):
            yield "delisted" if now["status"] == "removed" else "expired", listing_id, now
    for listing_id, was in before.items():
        if listing_id not in after and was["effect"] in SEVERE:
            yield "delisted", listing_id, was  # no longer in the current snapshot


def _rank(effect: str) -> int:
    return SEVERE.index(effect) if effect in SEVERE else len(SEVERE)


def changes(store: Store, since: dt.date | None = None) -> list[Change]:
    """The changes found since a date (detected that day or later), or those of the last check after a sync."""
    if since is not None:
        rows = store.db.execute(f"SELECT {_CHANGE_COLUMNS} FROM watch_change WHERE detected_at >= ? ORDER BY id",
                                (since.isoformat(),))
    else:
        rows = store.db.execute(f"SELECT {_CHANGE_COLUMNS} FROM watch_change WHERE run_id = "
                                "(SELECT max(id) FROM watch_run) ORDER BY id")
    return [Change(r[0], json.loads(r[1]), *r[2:]) for r in rows]


def fails(found: Iterable[Change], fail_on: str) -> bool:
    """Whether a change is at or above `fail_on` (listed > linked > review; never: none is)."""
    if fail_on == "never":
        return False
    return any(c.kind in SEVERE and SEVERE.index(c.kind) <= SEVERE.index(fail_on) for c in found)


def document(found: list[Change], since: dt.date | None) -> dict[str, Any]:
    """The changes as the JSON document `scscheck.changes/1`."""
    return {"schema": CHANGES_SCHEMA, "since": since.isoformat() if since else None,
            "counts": {kind: sum(c.kind == kind for c in found) for kind in KINDS},
            "changes": [{"watch_id": c.watch_id, "counterparty": c.counterparty, "kind": c.kind,
                         "listing_id": c.listing_id, "registry": c.registry, "listing_name": c.listing_name,
                         "verdict_before": c.verdict_before, "verdict_after": c.verdict_after,
                         "detected_at": c.detected_at} for c in found]}


_CHANGE_COLUMNS = ("watch_id, counterparty, kind, listing_id, registry, listing_name, verdict_before, verdict_after, "
                   "detected_at")


def _query(cp: Counterparty) -> dict[str, Any]:
    query = cp.as_query()
    query.pop("line", None)
    if not query:
        raise UsageError("a watched counterparty needs a name or a code")
    return query


def _key(query: Mapping[str, Any]) -> str:
    return json.dumps(dict(query), ensure_ascii=False, sort_keys=True)


def _counterparty(query: Mapping[str, Any]) -> Counterparty:
    return make(query.get("name"), query.get("uscc"), query.get("legal_rep"), query.get("id_number"),
                query.get("region"), query.get("legal_rep_id"))
