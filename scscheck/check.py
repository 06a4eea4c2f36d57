"""Checking counterparties against the cache: findings, how each matched, and the verdict.

Issue-2 depth: identifiers (USCC, and the organization code inside it), exact names after
normalisation, and the legal representative by exact name (with a resident ID where given).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scscheck import inventory, normalize, regions
from scscheck.counterparty import Counterparty
from scscheck.ids import ric
from scscheck.registry import Registry
from scscheck.store import Store

VERDICTS = ("clear", "review", "linked", "listed")  # ascending severity
FAIL_ON = ("listed", "linked", "review", "never")

# Listing fields in the order DESIGN.md gives them, then additions.
LISTING_FIELDS = (
    "listing_id", "registry", "subject_type", "name", "uscc", "org_code", "id_number", "legal_rep", "region",
    "region_name", "authority", "kind", "reason_category", "reason", "legal_basis", "case_number",
    "decision_doc", "obligation", "performance", "listed_on", "expires_on", "published_on", "status",
    "snapshot", "reg_number", "legal_rep_id", "responsible_person", "responsible_person_id", "removed_on",
    "line", "sample",
)


@dataclass
class Match:
    """How a listing matched the counterparty."""

    method: str  # uscc | org_code | name | legal-rep
    score: float
    agreed: list[str]
    differed: list[str] = field(default_factory=list)


@dataclass
class Finding:
    """A listing that matched, how, and what it means for the verdict (`effect`)."""

    listing: dict[str, Any]
    match: Match
    effect: str  # listed | linked | review | none
    via: dict[str, Any] | None = None


@dataclass
class Coverage:
    """One registry searched (or that should have been): its current snapshot's provenance."""

    registry: str
    snapshot: int | None
    published_on: str | None
    fetched_at: str | None
    rows: int
    stale: bool
    sample: bool
    missing: bool


@dataclass
class Result:
    """The verdict and findings for one counterparty."""

    query: dict[str, Any]
    verdict: str
    findings: list[Finding]


@dataclass
class CheckReport:
    """A whole check: coverage, then one result per counterparty."""

    generated_at: str
    as_of: str
    coverage: list[Coverage]
    results: list[Result]

    @property
    def complete(self) -> bool:
        """Whether every registry was searched on a fresh snapshot."""
        return not any(c.missing or c.stale for c in self.coverage)

    @property
    def worst(self) -> str:
        """The most severe verdict over all results."""
        return max((r.verdict for r in self.results), key=VERDICTS.index, default="clear")


def coverage(store: Store, registries: Mapping[str, Registry], now: dt.datetime) -> list[Coverage]:
    """Every registry's current snapshot, missing and stale ones flagged."""
    return [
        Coverage(s.registry, s.snapshot, s.published_on, s.fetched_at, s.rows_loaded, s.stale, s.sample, s.missing)
        for s in inventory.states(store, registries, now)
    ]


def check(
    store: Store,
    registries: Mapping[str, Registry],
    counterparties: Iterable[Counterparty],
    as_of: dt.date | None = None,
) -> CheckReport:
    """Check each counterparty against the current snapshots of the given registries, in one read
    transaction so that a sync committing meanwhile is seen whole or not at all."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    as_of = as_of or now.date()
    with store.reading():
        cover = coverage(store, registries, now)
        results = [_check_one(store, registries, cp, as_of) for cp in counterparties]
    return CheckReport(now.isoformat(), as_of.isoformat(), cover, results)


def status_of(row: Mapping[str, Any], as_of: dt.date) -> str:
    """active, expired or removed on the given date."""
    day = as_of.isoformat()
    if row.get("status") == "removed" or (row.get("removed_on") and row["removed_on"] <= day):
        return "removed"
    if row.get("status") == "expired" or (row.get("expires_on") and row["expires_on"] < day):
        return "expired"
    return "active"


def _check_one(store: Store, registries: Mapping[str, Registry], cp: Counterparty, as_of: dt.date) -> Result:
    found: dict[str, Finding] = {}

    def add(row: dict[str, Any], match: Match, strong: bool, via: dict[str, Any] | None = None) -> None:
        if row["registry"] not in registries:
            return
        listing = _listing(row, as_of)
        finding = Finding(listing, match, _effect(listing, strong, via is not None), via)
        previous = found.get(listing["listing_id"])
        # a listing matched directly is reported as such, never as a path through the legal representative
        if previous is None or (via is None, match.score) > (previous.via is None, previous.match.score):
            found[listing["listing_id"]] = finding

    name_norm = normalize.name(cp.name) if cp.name else None
    if cp.uscc:
        for row in _by_code(store, cp.uscc):
            method = "uscc" if row["uscc"] == cp.uscc else "org_code"
            agreed, differed = [method], list[str]()
            if name_norm:
                (agreed if row["name_norm"] == name_norm else differed).append("name")
            add(row, Match(method, 1.0 if method == "uscc" else 0.95, agreed, differed), strong=True)
    if name_norm:
        for row in store.find("name_norm", [name_norm]):
            match = _name_match(row, cp)
            if match is not None:
                identified = row["subject_type"] != "person" or "id_number" in match.agreed
                add(row, match, strong=identified and "region" not in match.differed)
    if cp.legal_rep:
        rep_norm = normalize.name(cp.legal_rep)
        for row in store.find("name_norm", [rep_norm]):
            if row["subject_type"] == "person":
                _add_rep(add, row, cp, row["id_number"], {"legal_rep": cp.legal_rep, "role": "listed person"})
        for row in store.find("legal_rep_norm", [rep_norm]):
            via = {"legal_rep": cp.legal_rep, "role": "legal representative of the listed company",
                   "company": row["name"], "listing_id": row["listing_id"]}
            _add_rep(add, row, cp, row["legal_rep_id"], via)
    findings = _ordered(found.values())
    verdict = max((f.effect for f in findings if f.effect != "none"), key=VERDICTS.index, default="clear")
    return Result(cp.as_query(), verdict, findings)


def _by_code(store: Store, code: str) -> list[dict[str, Any]]:
    if len(code) == 9:
        return store.find("org_code", [code])
    rows = store.find("uscc", [code])
    seen = {(r["snapshot_id"], r["line"]) for r in rows}
    # listings that carry only the organization code (older lists), or the same code inside another USCC-less row
    rows += [r for r in store.find("org_code", [code[8:17]])
             if r["uscc"] is None and (r["snapshot_id"], r["line"]) not in seen]
    return rows


def _name_match(row: dict[str, Any], cp: Counterparty) -> Match | None:
    agreed, differed = ["name"], list[str]()
    if row["subject_type"] == "person":
        if cp.id_number and row["id_number"]:
            if not ric.compatible(cp.id_number, row["id_number"]):
                return None  # same name, another person
            agreed.append("id_number")
        return Match("name", 1.0, agreed, differed)
    listing_codes = {row["uscc"], row["org_code"]} - {None}
    if cp.uscc and listing_codes:
        mine = {cp.uscc, cp.uscc[8:17]} if len(cp.uscc) == 18 else {cp.uscc}
        if not mine & listing_codes:
            return None  # same name, another company (its code differs)
    if cp.region and row["region"] and not _same_region(cp.region, row["region"]):
        differed.append("region")
    return Match("name", 1.0, agreed, differed)


def _same_region(a: str, b: str) -> bool:
    """Whether one division contains the other (province 340000 contains prefecture 340800)."""
    if regions.NATIONAL in (a, b):
        return True
    a_trim, b_trim = a.rstrip("0"), b.rstrip("0")
    return a_trim.startswith(b_trim) or b_trim.startswith(a_trim)


def _add_rep(add: Any, row: dict[str, Any], cp: Counterparty, listed_id: str | None, via: dict[str, Any]) -> None:
    agreed = ["legal_rep"]
    strong = False
    if cp.id_number and listed_id:
        if not ric.compatible(cp.id_number, listed_id):
            return  # same name, another person
        agreed.append("id_number")
        strong = True
    add(row, Match("legal-rep", 1.0, agreed), strong=strong, via=via)


def _effect(listing: dict[str, Any], strong: bool, via_rep: bool) -> str:
    if listing["status"] != "active" or listing["kind"] == "redlist":
        return "none"
    if listing["kind"] == "watchlist" or not strong:
        return "review"
    return "linked" if via_rep else "listed"


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe effect first, active before history, newest listing first."""
    newest_first = sorted(findings, key=lambda f: f.listing.get("listed_on") or "", reverse=True)
    return sorted(newest_first, key=lambda f: (
        -VERDICTS.index(f.effect) if f.effect != "none" else 1,
        f.listing["status"] != "active",
    ))


def _listing(row: Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
    listing = {k: row.get(k) for k in LISTING_FIELDS}
    listing["snapshot"] = row["snapshot_id"]
    listing["status"] = status_of(row, as_of)
    listing["sample"] = bool(row["sample"])
    return listing


def fails(verdict: str, fail_on: str) -> bool:
    """Whether a verdict is at or above the --fail-on threshold."""
    return fail_on != "never" and VERDICTS.index(verdict) >= VERDICTS.index(fail_on)
