"""Snapshot diff: the listings a registry's publisher added, removed and changed between two snapshots kept
in the cache. A listing keeps its id across snapshots (it is derived from the published record, not its
position), so a changed listing is one whose id is in both and whose canonical fields differ; the fields
that differ are named, with both values."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from scscheck.errors import UsageError
from scscheck.migrations import LISTING_COLUMNS, listing_table
from scscheck.store import Snapshot, Store

DIFF_SCHEMA = "scscheck.diff/1"
# The published fields compared (line, raw and the derived keys are not what a publisher changes).
COMPARED = tuple(name for name, _ in LISTING_COLUMNS if name not in (
    "listing_id", "line", "name_norm", "name_key", "name_pinyin", "legal_rep_norm", "row_digest", "raw"))
SHOWN = ("listing_id", "name", "uscc", "id_number", "reason", "listed_on", "status")


@dataclass
class Diff:
    """Two snapshots of a registry compared."""

    registry: str
    before: Snapshot
    after: Snapshot
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        """The diff as the JSON document `scscheck.diff/1`."""
        def side(s: Snapshot) -> dict[str, Any]:
            return {"snapshot": s.id, "digest": s.digest, "fetched_at": s.fetched_at, "published_on": s.published_on,
                    "rows": s.rows_loaded}

        return {"schema": DIFF_SCHEMA, "registry": self.registry, "from": side(self.before), "to": side(self.after),
                "counts": self.counts, "added": self.added, "removed": self.removed, "changed": self.changed}


def diff(store: Store, registry_id: str, before: str | None = None, after: str | None = None,
         limit: int | None = None) -> Diff:
    """Compare two kept snapshots of a registry (default: the current one and the one before it); each list
    holds at most `limit` listings, the counts are whole."""
    with store.reading():
        kept = [s for s in store.snapshots(registry_id) if store.kept(s.id)]
        if len(kept) < 2 and (before is None or after is None):
            raise UsageError(f"{registry_id}: the cache keeps {len(kept)} snapshot(s) of it with their listings; a "
                             "diff needs two (sync again when the publisher has a new one)")
        to = _pick(store, registry_id, kept, after, "--to") if after else kept[-1]
        earlier = [s for s in kept if s.id < to.id]
        if before:
            frm = _pick(store, registry_id, kept, before, "--from")
        elif earlier:
            frm = earlier[-1]
        else:
            raise UsageError(f"{registry_id}: no kept snapshot before snapshot {to.id} to compare it with")
        result = Diff(registry_id, frm, to)
        new, old = listing_table(to.id), listing_table(frm.id)
        result.counts["added"] = _count(store, f"SELECT count(*) FROM {new} n WHERE NOT EXISTS "
                                               f"(SELECT 1 FROM {old} o WHERE o.listing_id = n.listing_id)")
        result.counts["removed"] = _count(store, f"SELECT count(*) FROM {old} o WHERE NOT EXISTS "
                                                 f"(SELECT 1 FROM {new} n WHERE n.listing_id = o.listing_id)")
        columns = ", ".join(SHOWN)
        result.added = list(_rows(store, f"SELECT {columns} FROM {new} n WHERE NOT EXISTS (SELECT 1 FROM {old} o "
                                         "WHERE o.listing_id = n.listing_id) ORDER BY n.rowid", limit))
        result.removed = list(_rows(store, f"SELECT {columns} FROM {old} o WHERE NOT EXISTS (SELECT 1 FROM {new} n "
                                           "WHERE n.listing_id = o.listing_id) ORDER BY o.rowid", limit))
        pairs = store.db.execute(
            f"SELECT {', '.join('o.' + c for c in COMPARED)}, {', '.join('n.' + c for c in COMPARED)}, n.listing_id, "
            f"n.name FROM {new} n JOIN {old} o ON o.listing_id = n.listing_id "
            "WHERE o.row_digest != n.row_digest ORDER BY n.rowid")
        count = 0
        for row in pairs:
            was, now = row[: len(COMPARED)], row[len(COMPARED): 2 * len(COMPARED)]
            fields = {c: [a, b] for c, a, b in zip(COMPARED, was, now, strict=True) if a != b}
            if not fields:  # a derived field alone differs (a new version's reading of the same row)
                continue
            count += 1
            if limit is None or len(result.changed) < limit:
                result.changed.append({"listing_id": row[-2], "name": row[-1], "fields": fields})
        result.counts["changed"] = count
    return result


def _pick(store: Store, registry_id: str, kept: list[Snapshot], spec: str, option: str) -> Snapshot:
    """A snapshot by its id, or the one current on a date (YYYY-MM-DD)."""
    chosen: Snapshot | None = None
    if spec.isdigit():
        chosen = next((s for s in kept if s.id == int(spec)), None)
        if chosen is None:
            raise UsageError(f"{option} {spec}: not a kept snapshot of {registry_id} (kept: "
                             f"{', '.join(str(s.id) for s in kept) or 'none'})")
        return chosen
    if len(spec) == 10 and spec[4] == "-" and spec[7] == "-":
        chosen = store.as_of(f"{spec}T23:59:59+00:00").get(registry_id)
        if chosen is None or not store.kept(chosen.id):
            raise UsageError(f"{option} {spec}: no kept snapshot of {registry_id} was current on that date")
        return chosen
    raise UsageError(f"{option} {spec!r}: give a snapshot id or a date as YYYY-MM-DD")


def _count(store: Store, sql: str) -> int:
    return int(store.db.execute(sql).fetchone()[0])


def _rows(store: Store, sql: str, limit: int | None) -> Iterator[dict[str, Any]]:
    cursor = store.db.execute(sql + (f" LIMIT {int(limit)}" if limit is not None else ""))
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))
