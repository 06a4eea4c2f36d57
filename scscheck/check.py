"""Checking counterparties against the cache: findings, how each matched, and the verdict.

Every registry is searched: by USCC and the organization code inside it, by name through the name index
(the trade name, or a person's whole name; pinyin for names in Latin letters), then through the legal
representative, given or read from the listings the counterparty matched, to the listings of that person
and of every other company they represent. `match` scores each candidate; the thresholds turn scores into
effects, and the most severe effect is the verdict.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scscheck import inventory, names, normalize, regions
from scscheck.counterparty import Counterparty, InputRejection
from scscheck.ids import ric
from scscheck.match import (
    Match,
    Query,
    Thresholds,
    company_name,
    legal_rep,
    listing_region,
    person_name,
    usable_id,
)
from scscheck.registry import Registry
from scscheck.store import Store

# Candidates compared for one name (or legal representative) at most: a name that a thousand listings
# share (张伟 on a national list) says little, and comparing every one would not scale.
CANDIDATES_PER_NAME = 1000
# Listings reached through a legal representative on the name alone (no ID to agree) that are still
# reported; beyond this many the name is common, and they are summed up in a note instead.
NAMESAKES_SHOWN = 20
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
class Finding:
    """A listing that matched, how, and what it means for the verdict (`effect`)."""

    listing: dict[str, Any]
    match: Match
    effect: str  # listed | linked | review | none
    via: dict[str, Any] | None = None
    review: dict[str, Any] | None = None  # the latest review decision on it for this counterparty


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
    digest: str | None = None
    source_url: str | None = None
    checked_at: str | None = None
    rows_rejected: int = 0
    insecure_http: bool = False
    pruned: bool = False


@dataclass
class Result:
    """The verdict and findings for one counterparty."""

    query: dict[str, Any]
    verdict: str
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)  # what limited the search (a name too common to compare)
    unloaded: int = 0  # rows the loader rejected that hold the counterparty's code (in `notes`)


@dataclass
class CheckReport:
    """A whole check: coverage, then one result per counterparty."""

    generated_at: str
    as_of: str
    coverage: list[Coverage]
    results: list[Result]
    batch: bool = False  # read from an input file: the rows that could not be read are reported too
    rejected: list[InputRejection] = field(default_factory=list)
    thresholds: Thresholds = field(default_factory=Thresholds)
    verdicts: dict[str, int] = field(default_factory=dict)  # how many of each, streamed results included

    @property
    def complete(self) -> bool:
        """Whether every registry was searched on a fresh snapshot."""
        return not any(c.missing or c.stale for c in self.coverage)

    @property
    def worst(self) -> str:
        """The most severe verdict over all results."""
        return max((v for v, n in self.verdicts.items() if n), key=VERDICTS.index, default="clear")


def coverage(store: Store, registries: Mapping[str, Registry], now: dt.datetime,
             as_of: dt.date | None = None) -> list[Coverage]:
    """Every registry's snapshot in force (current, or current on the as-of date), missing and stale ones
    flagged."""
    return [
        Coverage(s.registry, s.snapshot, s.published_on, s.fetched_at, s.rows_loaded, s.stale, s.sample, s.missing,
                 s.digest, s.source_url, s.checked_at, s.rows_rejected, s.insecure_http, s.pruned)
        for s in inventory.states(store, registries, now, as_of)
    ]


def check(
    store: Store,
    registries: Mapping[str, Registry],
    counterparties: Iterable[Counterparty],
    as_of: dt.date | None = None,
    thresholds: Thresholds | None = None,
    progress: Callable[[int], None] | None = None,
    sink: "Callable[[CheckReport, Result], None] | None" = None,
) -> CheckReport:
    """Check each counterparty against the snapshots of the given registries in force on `as_of` (default:
    the current ones, today), in one read transaction so that a sync committing meanwhile is seen whole or
    not at all. A listing's status (active, expired, removed) is its status on that date. `progress` is
    called with the number checked so far. With a `sink`, each result goes to it as soon as it is made and
    is not kept (a batch of any size in flat memory); the report then holds the coverage and the counts."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    thresholds = thresholds or Thresholds()
    with store.reading():
        cover = coverage(store, registries, now, as_of)
        report = CheckReport(now.isoformat(), (as_of or now.date()).isoformat(), cover, [], thresholds=thresholds)
        snapshots = {c.snapshot for c in cover if c.snapshot is not None and not c.missing}
        checker = _Checker(store, registries, as_of or now.date(), thresholds, snapshots)
        for done, cp in enumerate(counterparties, 1):
            result = checker.check(cp)
            report.verdicts[result.verdict] = report.verdicts.get(result.verdict, 0) + 1
            if sink is None:
                report.results.append(result)
            else:
                sink(report, result)
            if progress:
                progress(done)
    return report


def status_of(row: Mapping[str, Any], as_of: dt.date) -> str:
    """active, expired or removed on the given date."""
    day = as_of.isoformat()
    if row.get("status") == "removed" or (row.get("removed_on") and row["removed_on"] <= day):
        return "removed"
    if row.get("status") == "expired" or (row.get("expires_on") and row["expires_on"] < day):
        return "expired"
    return "active"


@dataclass(frozen=True)
class _Rep:
    """A legal representative to follow: from the query, or read from a listing the counterparty matched."""

    name: str
    id_number: str | None
    source: str  # "query" or the listing id it was read from


class _Checker:
    def __init__(self, store: Store, registries: Mapping[str, Registry], as_of: dt.date,
                 thresholds: Thresholds, snapshots: set[int]) -> None:
        self.store = store
        self.registries = registries
        self.as_of = as_of
        self.thresholds = thresholds
        self.snapshots = snapshots  # the snapshots in force: listings are searched in these only

    def find(self, column: str, values: list[str], limit: int | None = None,
             prefer: Mapping[str, str | None] | None = None, brief: bool = False) -> list[dict[str, Any]]:
        return self.store.find(column, values, limit, prefer, self.snapshots, brief)

    def _whole(self, row: dict[str, Any]) -> dict[str, Any]:
        """A candidate read briefly (see Store.find), read whole now that it is a finding."""
        if "raw" in row:
            return row
        return next(r for r in self.store.find("listing_id", [row["listing_id"]], snapshots=[row["snapshot_id"]])
                    if r["line"] == row["line"])

    def check(self, cp: Counterparty) -> Result:
        query = Query.of(cp)
        found: dict[str, Finding] = {}
        rows: dict[str, dict[str, Any]] = {}

        def add(row: dict[str, Any], match: Match, via: dict[str, Any] | None = None) -> None:
            if row["registry"] not in self.registries or match.score < self.thresholds.review - 1e-9:
                return
            row = self._whole(row)
            listing = self._listing(row)
            finding = Finding(listing, match, self._effect(listing, match, via), via)
            previous = found.get(listing["listing_id"])
            # the most severe reading of a listing wins; of equal ones, a direct match over a path through the
            # legal representative, then the higher score
            if previous is None or _rank(finding) > _rank(previous):
                found[listing["listing_id"]] = finding
                rows[listing["listing_id"]] = row

        notes: list[str] = []
        for row in self._by_code(query):
            add(row, self._code_match(query, row))
        if query.parts is not None:
            column = "name_pinyin" if query.romanized else "name_key"
            for row in self._candidates(column, query.name_keys(), notes, query)[0]:
                # a person's name on a company row (an individual business listed under its operator's name)
                # is compared as a person's: never more than review without an agreeing ID
                personal = row["subject_type"] == "person" or (
                    query.person_like and names.parse(row["name_norm"]).person_like)
                match = person_name(query, row) if personal else None
                if match is None and row["subject_type"] != "person":
                    match = company_name(query, row)
                if match is not None:
                    add(row, match)
        own = [rows[i] for i, f in found.items() if f.match.strong(self.thresholds)]
        for rep in self._reps(cp, own):
            self._follow(query, rep, own, add, notes)
        findings = _ordered(found.values())
        self._reviewed(cp, findings, rows)
        verdict = max((f.effect for f in findings if f.effect != "none"), key=VERDICTS.index, default="clear")
        unloaded = self._unloaded(cp, notes)
        return Result(cp.as_query(), verdict, findings, list(dict.fromkeys(notes)), unloaded)

    def _reviewed(self, cp: Counterparty, findings: list[Finding], rows: Mapping[str, Mapping[str, Any]]) -> None:
        """Each finding's latest review decision for the counterparty. A false positive decided on the listing
        as it still is no longer raises the verdict; one decided on an earlier version is shown, but the
        finding counts again."""
        from scscheck import review

        decisions = review.latest(self.store, cp, [f.listing["listing_id"] for f in findings])
        for finding in findings:
            decision = decisions.get(finding.listing["listing_id"])
            if decision is None:
                continue
            current = decision.row_digest == rows[finding.listing["listing_id"]]["row_digest"]
            finding.review = {"id": decision.id, "decision": decision.decision, "note": decision.note,
                              "decided_by": decision.decided_by, "decided_at": decision.decided_at,
                              "listing_changed_since": not current}
            if current and decision.decision == "false-positive" and finding.effect != "none":
                finding.review["effect_before"] = finding.effect
                finding.effect = "none"

    def _unloaded(self, cp: Counterparty, notes: list[str]) -> int:
        """Rows a registry published with the counterparty's code that the loader rejected (an empty name,
        an impossible date): not findings, but never silently absent either."""
        codes = [cp.uscc, cp.uscc[8:17] if cp.uscc and len(cp.uscc) == 18 else None, cp.id_number]
        rows = [r for r in self.store.rejected_with_code([c for c in codes if c], self.snapshots)
                if r["registry"] in self.registries]
        for r in rows:
            notes.append(f"{r['registry']} published a row with this code that could not be loaded (line {r['line']}: "
                         f"{r['reason']}); see `scscheck rejected {r['registry']}`")
        return len(rows)

    def _candidates(self, column: str, keys: Iterable[str], notes: list[str], query: Query,
                    id_number: str | None = None, limit: int | None = None,
                    quiet: bool = False) -> tuple[list[dict[str, Any]], bool]:
        """The listings that share a key, at most CANDIDATES_PER_NAME per key, the likeliest first (the same
        name as written, the same prefecture, the same ID division); and whether a key had more (noted)."""
        prefer = {"name_norm": query.name_norm, "region": query.region or query.counterparty.region,
                  "id_number": id_number or query.counterparty.id_number}
        rows, truncated = [], False
        limit = CANDIDATES_PER_NAME if limit is None else limit
        for key in keys:
            found = self.find(column, [key], limit=limit + 1, prefer=prefer, brief=True)
            if len(found) > limit:
                truncated = True
                if not quiet:
                    notes.append(f"more than {limit:,} listings share the name '{key}'; the {limit:,} likeliest "
                                 "were compared: give a USCC, an ID number or a region")
                found = found[:limit]
            rows += found
        return rows, truncated

    def _by_code(self, query: Query) -> list[dict[str, Any]]:
        code = query.counterparty.uscc
        if not code:
            return []
        if len(code) == 9:
            return self.find("org_code", [code])
        rows = self.find("uscc", [code])
        seen = {(r["snapshot_id"], r["line"]) for r in rows}
        # listings that carry only the organization code (older lists)
        rows += [r for r in self.find("org_code", [code[8:17]])
                 if r["uscc"] is None and (r["snapshot_id"], r["line"]) not in seen]
        return rows

    @staticmethod
    def _code_match(query: Query, row: Mapping[str, Any]) -> Match:
        method = "uscc" if row["uscc"] and row["uscc"] == query.counterparty.uscc else "org_code"
        match = Match(method, 1.0 if method == "uscc" else 0.95, [method])
        if query.name_norm:
            parts = query.company
            same = row["name_norm"] == query.name_norm or (
                parts is not None and not parts.romanized and names.parse_company(row["name_norm"]).trade == parts.trade
            )
            (match.agreed if same else match.differed).append("name")
        return match

    def _reps(self, cp: Counterparty, own: list[dict[str, Any]]) -> list[_Rep]:
        """The legal representative given, else every one read from the listings the counterparty matched."""
        if cp.legal_rep:
            return [_Rep(cp.legal_rep, cp.legal_rep_id, "query")]
        reps: dict[tuple[str, str | None], _Rep] = {}
        for row in own:
            if row["subject_type"] != "person" and row["legal_rep"]:
                key = (row["legal_rep_norm"], row["legal_rep_id"])
                reps.setdefault(key, _Rep(row["legal_rep"], row["legal_rep_id"], row["listing_id"]))
        named = {norm for norm, rep_id in reps if rep_id}
        # a representative seen once with an ID and once without is the same person: follow the ID
        return [rep for (norm, rep_id), rep in reps.items() if rep_id or norm not in named]

    def _follow(self, query: Query, rep: _Rep, own: list[dict[str, Any]], add: Callable[..., None],
                notes: list[str]) -> None:
        """The legal representative's own listings as a person, and every other company listing that names
        the same person as its legal representative."""
        rep_norm = normalize.name(rep.name)
        own_ids = {r["listing_id"] for r in own}
        own_codes = set(query.codes) | {c for r in own for c in (r["uscc"], r["org_code"]) if c}
        own_names = {r["name_norm"] for r in own} | ({query.name_norm} if query.name_norm else set())
        cp_region = query.region or query.counterparty.region or next(
            (region for r in own if (region := listing_region(r, names.parse_company(r["name_norm"]))[0])), None)
        base = {"counterparty": query.counterparty.name or query.counterparty.uscc, "legal_rep": rep.name,
                "legal_rep_id": rep.id_number, "source": rep.source}
        # Without an ID, only a rare name can say anything: more than NAMESAKES_SHOWN listings of the name
        # are namesakes, and are summed up in a note without comparing them one by one.
        limit = CANDIDATES_PER_NAME if rep.id_number else NAMESAKES_SHOWN * 2
        if not rep.id_number and any(self.store.count(column, key, limit + 1, self.snapshots) > limit for column, key
                                     in (("name_key", names.key(rep_norm, "person")), ("legal_rep_norm", rep_norm))):
            notes.append(f"the legal representative's name {rep.name} is on more than {limit:,} listings "
                         "(namesakes): listings that agree on the name alone are not reported; give the "
                         "representative's ID (--legal-rep-id) to find theirs")
            return  # counted, not read: a common name is on thousands of listings of a national list
        candidates, truncated = self._candidates("name_key", [names.key(rep_norm, "person")], notes, query,
                                                 rep.id_number, limit, quiet=not rep.id_number)
        people = [row for row in candidates if row["subject_type"] == "person" and row["name_norm"] == rep_norm]
        candidates, more = self._candidates("legal_rep_norm", [rep_norm], notes, query, rep.id_number, limit,
                                            quiet=not rep.id_number)
        truncated |= more
        others = [row for row in candidates
                  if row["listing_id"] not in own_ids and row["name_norm"] not in own_names
                  and not {row["uscc"], row["org_code"]} & own_codes]  # not the counterparty's own listings
        known_ids = [rep.id_number, *(r["id_number"] for r in people), *(r["legal_rep_id"] for r in others)]
        shared = truncated or _namesakes(known_ids) > 1  # more people of the name than were compared
        persons = []
        for row in people:
            match = legal_rep(rep.id_number, row["id_number"], cp_region, _person_region(row), shared)
            if match is not None:
                persons.append((row, match))
        companies = []
        for row in others:
            region = listing_region(row, names.parse_company(row["name_norm"]))[0]
            match = legal_rep(rep.id_number, row["legal_rep_id"], cp_region, region, shared)
            if match is not None:
                companies.append((row, match))
        weak = [row for row, m in persons + companies if "id_number" not in m.agreed]
        if len(weak) > NAMESAKES_SHOWN:
            # a common name (张伟, 徐凯) is on the national lists thousands of times: listings that agree with
            # the representative on the name alone say nothing about this person, and would bury the report
            notes.append(f"the legal representative's name {rep.name} is on {len(weak):,} listings that agree on "
                         f"the name alone (namesakes); they are not reported: give the representative's ID "
                         "(--legal-rep-id) to find theirs")
            persons = [(row, m) for row, m in persons if "id_number" in m.agreed]
            companies = [(row, m) for row, m in companies if "id_number" in m.agreed
                         or {row["uscc"], row["org_code"]} & {c for r, n in companies if "id_number" in n.agreed
                                                             for c in (r["uscc"], r["org_code"]) if c}]
        for row, match in persons:
            add(row, match, {**base, "role": "listed person", "listing_id": row["listing_id"],
                             "corroboration": _corroboration(match)})
        # one listing of a company that shows the representative's ID vouches for the company's others
        vouched = {c for row, m in companies if "id_number" in m.agreed for c in (row["uscc"], row["org_code"]) if c}
        for row, match in companies:
            corroboration = _corroboration(match)
            if "id_number" not in match.agreed and {row["uscc"], row["org_code"]} & vouched:
                match = Match("legal-rep", 1.0, ["legal_rep", "id_number"])
                corroboration = "id_number on another listing of the same company"
            add(row, match, {**base, "role": "legal representative of the listed company",
                             "company": row["name"], "listing_id": row["listing_id"],
                             "corroboration": corroboration})

    def _effect(self, listing: dict[str, Any], match: Match, via: dict[str, Any] | None) -> str:
        if listing["status"] != "active" or listing["kind"] == "redlist":
            return "none"
        if listing["kind"] == "watchlist" or not match.strong(self.thresholds):
            return "review"
        return "linked" if via is not None else "listed"

    def _listing(self, row: Mapping[str, Any]) -> dict[str, Any]:
        listing = {k: row.get(k) for k in LISTING_FIELDS}
        listing["snapshot"] = row["snapshot_id"]
        if not listing["legal_basis"]:  # the registry's basis, as it was when the snapshot was synced
            listing["legal_basis"] = self.store.registry_as_synced(row["snapshot_id"]).get("legal_basis") or None
        listing["status"] = status_of(row, self.as_of)
        listing["sample"] = bool(row["sample"])
        registry = self.registries[row["registry"]]
        listing["jurisdiction"] = {"level": registry.level, "region": registry.region,
                                   "region_name": regions.name_of(registry.region)}
        return listing


def _person_region(row: Mapping[str, Any]) -> str | None:
    """Where a listed person is from: the division of their ID number, else the row's region."""
    id_number = row.get("id_number")
    if id_number and id_number[:6].isdigit() and regions.is_known(id_number[:6]):
        return str(id_number[:6])
    return row.get("region")


def _rank(finding: Finding) -> tuple[int, bool, float]:
    effect = VERDICTS.index(finding.effect) if finding.effect != "none" else -1
    return effect, finding.via is None, finding.match.score


def _namesakes(id_numbers: Iterable[str | None]) -> int:
    """Whether the (masked) IDs on the lists show one person or more for one name: 0 (no ID), 1, or 2 when
    any two of them cannot be the same person."""
    ids = list(dict.fromkeys(i for i in map(usable_id, id_numbers) if i))
    if any(not ric.compatible(a, b) for n, a in enumerate(ids) for b in ids[n + 1:]):
        return 2  # at least two people (any order of the rows gives the same answer)
    return min(len(ids), 1)


def _corroboration(match: Match) -> str:
    if "id_number" in match.agreed:
        return "id_number"
    if "region" in match.agreed:
        return "name+region" if "namesakes" not in match.differed else "name+region (namesakes on the lists)"
    return "name"


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe effect first, active before history, newest listing first."""
    newest_first = sorted(findings, key=lambda f: f.listing.get("listed_on") or "", reverse=True)
    return sorted(newest_first, key=lambda f: (
        -VERDICTS.index(f.effect) if f.effect != "none" else 1,
        f.listing["status"] != "active",
    ))


def fails(verdict: str, fail_on: str) -> bool:
    """Whether a verdict is at or above the --fail-on threshold."""
    return fail_on != "never" and VERDICTS.index(verdict) >= VERDICTS.index(fail_on)
