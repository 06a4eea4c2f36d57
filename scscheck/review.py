"""Review decisions: a person's judgement that a finding is a false positive (another company of the same
name, a namesake) or confirmed, with who decided, when and why. A later check shows the decision beside
the finding; a false positive no longer raises the verdict, until the listing itself changes (its
canonical fields, as `row_digest` records them), when the finding counts again and the decision is shown
as made on an earlier version. Every decision is kept: the audit trail reports list.

A decision belongs to the counterparty as it was named: by USCC, by resident ID, and by name (normalised,
so that scripts and spaces do not matter); a later check that names it in any of these ways finds it.
"""

import csv
import getpass
import io
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from scscheck import normalize
from scscheck.counterparty import Counterparty
from scscheck.errors import UsageError
from scscheck.store import Store, now_utc

DECISIONS = ("false-positive", "confirmed")
REVIEWS_SCHEMA = "scscheck.reviews/1"


@dataclass(frozen=True)
class Decision:
    """One review decision."""

    id: int
    listing_id: str
    counterparty: dict[str, Any]
    decision: str
    note: str
    decided_by: str
    decided_at: str
    row_digest: str


def keys(cp: Counterparty | Mapping[str, Any]) -> list[str]:
    """The ways a decision made for this counterparty is found again."""
    query = cp.as_query() if isinstance(cp, Counterparty) else dict(cp)
    found = []
    if query.get("uscc"):
        found.append(f"uscc:{query['uscc']}")
    if query.get("id_number"):
        found.append(f"id:{query['id_number']}")
    if query.get("name"):
        found.append(f"name:{normalize.name(query['name'])}")
    return found


def decide(store: Store, listing_id: str, cp: Counterparty, decision: str, note: str,
           user: str | None = None) -> Decision:
    """Record a decision on a listing of the current snapshots for a counterparty."""
    if decision not in DECISIONS:
        raise UsageError(f"--decision {decision!r}: expected {' or '.join(DECISIONS)}")
    if not note.strip():
        raise UsageError("--note is required: say why, for whoever reads the audit trail")
    if not keys(cp):
        raise UsageError("say which counterparty the decision is for: --counterparty NAME, --uscc or --id")
    versions = [v for v in store.listing_versions(listing_id) if v["in_current"]]
    if not versions:
        raise UsageError(f"no listing {listing_id} in the current snapshots (listing ids are printed by check and "
                         "in reports)")
    who = user or os.environ.get("SCSCHECK_USER") or _login()
    query = cp.as_query()
    query.pop("line", None)
    now = now_utc()
    with store.transaction():
        review_id = int(store.db.execute(
            "INSERT INTO review (listing_id, counterparty, decision, note, decided_by, decided_at, row_digest) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (listing_id, json.dumps(query, ensure_ascii=False, sort_keys=True), decision, note.strip(), who, now,
             versions[0]["row_digest"])).fetchone()[0])
        store.db.executemany("INSERT INTO review_key (review_id, key) VALUES (?, ?)",
                             [(review_id, k) for k in keys(cp)])
    return Decision(review_id, listing_id, query, decision, note.strip(), who, now,
                    versions[0]["row_digest"])


def latest(store: Store, cp: Counterparty, listing_ids: Iterable[str]) -> dict[str, Decision]:
    """The latest decision on each listing for the counterparty (any of its keys)."""
    ids, found = list(dict.fromkeys(listing_ids)), keys(cp)
    if not ids or not found:
        return {}
    rows = store.db.execute(
        f"SELECT DISTINCT {_COLUMNS} FROM review r JOIN review_key k ON k.review_id = r.id "
        f"WHERE k.key IN ({', '.join('?' * len(found))}) AND r.listing_id IN ({', '.join('?' * len(ids))}) "
        "ORDER BY r.id", [*found, *ids])
    return {d.listing_id: d for d in map(_decision, rows)}  # the later overrides the earlier


def listed(store: Store) -> list[Decision]:
    """Every decision, oldest first."""
    return [_decision(row) for row in store.db.execute(f"SELECT {_COLUMNS} FROM review r ORDER BY r.id")]


def document(decisions: list[Decision]) -> dict[str, Any]:
    """The decisions as the JSON document `scscheck.reviews/1`."""
    return {"schema": REVIEWS_SCHEMA, "reviews": [asdict(d) for d in decisions]}


def csv_text(decisions: list[Decision]) -> str:
    """The decisions as CSV, one per row (cells that a spreadsheet would run as formulas neutralised)."""
    from scscheck.output import csv_cell

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = ["id", "listing_id", "counterparty", "decision", "note", "decided_by", "decided_at", "row_digest"]
    writer.writerow(columns)
    for d in decisions:
        values = asdict(d)
        values["counterparty"] = " · ".join(str(v) for v in d.counterparty.values())
        writer.writerow([csv_cell(values[c]) for c in columns])
    return out.getvalue()


_COLUMNS = "r.id, r.listing_id, r.counterparty, r.decision, r.note, r.decided_by, r.decided_at, r.row_digest"


def _decision(row: Any) -> Decision:
    return Decision(row[0], row[1], json.loads(row[2]), row[3], row[4], row[5], row[6], row[7])


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
