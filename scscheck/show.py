"""One listing with every field and its provenance, for `scscheck show LISTING_ID`.

A listing id is stable across syncs, so the cache may hold the same listing in several snapshots: the one
shown is the newest kept (the current snapshot's when the listing is still published), and every snapshot
it was seen in is listed. The published row is shown as it was read, beside the canonical fields."""

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from scscheck import inventory, regions
from scscheck.check import LISTING_FIELDS, status_of
from scscheck.errors import UsageError
from scscheck.registry import Registry
from scscheck.report import expires_basis, legal_basis_source, materiality
from scscheck.store import Store
from scscheck.text import shown

LISTING_SCHEMA = "scscheck.listing/1"


class ListingNotFound(UsageError):
    """No snapshot kept in the cache holds the listing id."""


def show(store: Store, registries: Mapping[str, Registry], listing_id: str,
         today: dt.date | None = None) -> dict[str, Any]:
    """The listing as the JSON document `scscheck.listing/1`."""
    today = today or dt.datetime.now(dt.UTC).date()
    with store.reading():
        versions = store.listing_versions(listing_id)
        if not versions:
            raise ListingNotFound(f"no listing {shown(listing_id)} in the cache: listing ids are printed by "
                                  "`scscheck check` and in reports (a listing of a pruned snapshot is gone)")
        row = versions[0]
        snapshot = store.snapshot(row["snapshot_id"])
        synced = store.registry_as_synced(row["snapshot_id"])
        seen = store.seen([listing_id])[listing_id]
    assert snapshot is not None
    listing = {k: row.get(k) for k in LISTING_FIELDS}
    listing.update(snapshot=row["snapshot_id"], sample=bool(row["sample"]), identifier=row["identifier"])
    listing["status"] = status_of(row, today)
    listing["legal_basis"] = listing["legal_basis"] or synced.get("legal_basis") or None
    registry = registries.get(row["registry"])
    level = registry.level if registry else synced.get("level", "")
    region = registry.region if registry else synced.get("region", "")
    listing["jurisdiction"] = {"level": level, "region": region, "region_name": regions.name_of(region)}
    try:
        published_row: Any = json.loads(row["raw"])
    except ValueError:
        published_row = row["raw"]
    if isinstance(published_row, list) and snapshot.columns and len(published_row) == len(snapshot.columns):
        published_row = dict(zip(snapshot.columns, published_row, strict=True))
    notes = materiality(listing, registry, synced, today) if registry else []
    return {
        "schema": LISTING_SCHEMA,
        "as_of": today.isoformat(),
        "listing": listing,
        "in_current_snapshot": bool(row["in_current"]),
        "legal_basis_source": legal_basis_source(listing, synced),
        "expires_basis": expires_basis(listing, synced),
        "materiality": notes,
        "registry": {"id": row["registry"], "name": synced.get("name"), "name_zh": synced.get("name_zh"),
                     "kind": synced.get("kind"), "level": synced.get("level"), "region": synced.get("region"),
                     "authority": synced.get("authority"), "legal_basis": synced.get("legal_basis"),
                     "term_days": synced.get("term_days"), "defined": registry is not None},
        "provenance": {
            "snapshot": snapshot.id, "digest": snapshot.digest, "source_url": snapshot.source_url,
            "published_on": snapshot.published_on, "fetched_at": snapshot.fetched_at,
            "checked_at": snapshot.checked_at, "encoding": snapshot.encoding, "line": row["line"],
            "rows_read": snapshot.rows_read, "rows_loaded": snapshot.rows_loaded,
            "rows_rejected": snapshot.rows_rejected, "sample": snapshot.sample,
            "insecure_http": inventory.insecure_http(snapshot.source_url),
        },
        "seen": {"first": seen["first_seen"], "last": seen["last_seen"], "published": seen["published"]},
        "seen_in": [{"snapshot": v["snapshot_id"], "line": v["line"], "current": bool(v["in_current"])}
                    for v in versions],
        "published_row": published_row,
    }
