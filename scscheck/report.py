"""The due-diligence report as data: what was checked, against which lists as of when, what was found, why
each listing exists and how much weight it deserves.

`build` turns a check into the `scscheck.report/1` document (the JSON report); the Markdown, HTML and
terminal renderings show that document and add nothing to it. Everything in it is derived from the cache
and the registry files, so the same queries on the same snapshots, as of the same date, give the same
document but for `generated_at`; `inputs_digest` names those inputs.

Materiality notes are computed, never typed by hand (see `materiality`): the seed article's point is that a
court-order default, a serious market violation and a local measure with a thin basis (a 20 RMB flagpole,
"criticism in the media") are not the same thing, and a reader must be able to tell them apart.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from scscheck import __version__, regions
from scscheck.check import CheckReport, Finding, Result
from scscheck.registry import Registry
from scscheck.store import Store

REPORT_SCHEMA = "scscheck.report/1"
NEAR_EXPIRY_DAYS = 90
# Reasons the national joint-punishment lists are kept for (court defaults, tax, market regulation,
# environment, food and drugs, wages, safety, quality, customs) and the national watchlist's. A local
# registry listing someone for anything else (public order, media criticism, contract disputes, "other")
# acts on a local measure alone.
NATIONAL_CATEGORIES = (
    "court-judgment-default", "tax-violation", "food-drug-safety", "environment", "wage-arrears",
    "production-safety", "product-quality", "customs", "abnormal-operations",
)
LOCAL_LEVELS = ("provincial", "prefecture", "county")
_METHOD_WORDS = {"uscc": "its USCC", "org_code": "its organization code", "name": "name",
                 "romanized-name": "romanized name", "legal-rep": "legal representative"}


def build(check: CheckReport, registries: Mapping[str, Registry], store: Store) -> dict[str, Any]:
    """The report of a check, as the JSON document `scscheck.report/1`."""
    synced = {c.snapshot: store.registry_as_synced(c.snapshot) for c in check.coverage if c.snapshot}
    as_of = dt.date.fromisoformat(check.as_of)
    coverage = [_coverage(c, registries[c.registry]) for c in check.coverage]
    seen = store.seen(f.listing["listing_id"] for r in check.results for f in r.findings)
    body: dict[str, Any] = {
        "schema": REPORT_SCHEMA,
        "tool_version": __version__,
        "generated_at": check.generated_at,
        "as_of": check.as_of,
        "thresholds": asdict(check.thresholds),
        "sample_data": any(c["sample"] and not c["missing"] for c in coverage),
        "coverage_complete": check.complete,
        "coverage": coverage,
        "counterparties": [_counterparty(r, check, registries, synced, as_of, seen) for r in check.results],
    }
    if check.batch:
        body["input_rows"] = len(check.results) + len(check.rejected)
        body["rejected_input"] = [asdict(r) for r in check.rejected]
    body["inputs_digest"] = inputs_digest(check)
    return body


def inputs_digest(check: CheckReport) -> str:
    """SHA-256 over what decides a report's body: tool version, as-of date, thresholds, the queries (and
    unreadable input rows), and each registry's snapshot in force with its digest."""
    inputs = {
        "tool_version": __version__, "as_of": check.as_of, "thresholds": asdict(check.thresholds),
        "queries": [r.query for r in check.results], "rejected_input": [asdict(r) for r in check.rejected],
        "snapshots": [[c.registry, c.snapshot, c.digest, c.missing, c.stale] for c in check.coverage],
    }
    canonical = json.dumps(inputs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _coverage(c: Any, registry: Registry) -> dict[str, Any]:
    return {
        "registry": c.registry, "name": registry.name, "name_zh": registry.name_zh, "kind": registry.kind,
        "level": registry.level, "region": registry.region, "region_name": regions.name_of(registry.region),
        "snapshot": c.snapshot, "digest": c.digest, "source_url": c.source_url, "published_on": c.published_on,
        "fetched_at": c.fetched_at, "checked_at": c.checked_at, "rows": c.rows, "rejected": c.rows_rejected,
        "stale": c.stale, "missing": c.missing, "pruned": c.pruned, "sample": c.sample,
        "insecure_http": c.insecure_http,
    }


def _counterparty(result: Result, check: CheckReport, registries: Mapping[str, Registry],
                  synced: Mapping[int, Mapping[str, Any]], as_of: dt.date,
                  seen: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    findings, history, redlist, cleared = [], [], [], []
    for finding in result.findings:
        entry = _finding(finding, registries[finding.listing["registry"]], synced.get(finding.listing["snapshot"], {}),
                         as_of)
        when = seen[finding.listing["listing_id"]]
        entry["seen"] = {"first": when["first_seen"], "last": when["last_seen"], "published": when["published"]}
        if finding.listing["kind"] == "redlist":
            redlist.append(entry)
        elif cleared_on_review(finding):
            cleared.append(entry)
        elif finding.effect == "none":
            history.append(entry)
        else:
            findings.append(entry)
    reviews = [{"listing_id": f.listing["listing_id"], "listing_name": f.listing["name"], **f.review}
               for f in result.findings if f.review]
    return {
        "query": result.query,
        "verdict": result.verdict,
        "summary": summary(result, check),
        "findings": findings,
        "history": history,
        "redlist": redlist,
        "cleared": cleared,
        "reviews": reviews,
        "notes": result.notes,
    }


def cleared_on_review(finding: Finding) -> bool:
    """Whether a review decision judged the finding a false positive (on the listing as it still is)."""
    return bool(finding.review and finding.review.get("effect_before"))


def who(query: Mapping[str, Any]) -> str:
    """The counterparty as the query names it."""
    return str(query.get("name") or query.get("uscc") or query.get("id_number") or query.get("legal_rep")
               or "The counterparty")


def summary(result: Result, check: CheckReport) -> str:
    """The verdict in plain words: what makes it, then what else was found (lesser findings, history, red
    list, rows that could not be loaded), then any gap in coverage."""
    name = who(result.query)
    by_effect = {effect: [f for f in result.findings if f.effect == effect]
                 for effect in ("listed", "linked", "review")}
    searched = sum(1 for c in check.coverage if not c.missing)
    if result.verdict == "listed":
        active = by_effect["listed"]
        methods = _join(dict.fromkeys(_METHOD_WORDS.get(f.match.method, f.match.method) for f in active))
        on = _count(len(_registries(active)), "registry", "registries")
        sentences = [f"{name} is listed: {_count(len(active), 'active blacklist listing')} on {on} matched it by "
                     f"{methods}."]
    elif result.verdict == "linked":
        sentences = [f"{name} is linked to listed parties: {_linked(by_effect['linked'])}."]
    elif result.verdict == "review":
        watch, via, possible = _review(by_effect["review"], check)
        parts = ([f"is on a watchlist ({_count(watch, 'listing')}), which is not a blacklisting"] if watch else []) + (
            [f"has {_count(possible, 'possible match', 'possible matches')} that a person must judge, none certain "
             "enough to call it listed"] if possible else []) + (
            [f"has {_count(via, 'listing')} through its legal representative that a person must judge"] if via else [])
        sentences = [f"{name} {' and '.join(parts)}."]
    elif searched:
        sentences = [f"No active blacklist listing matched {name} in the {_count(searched, 'registry', 'registries')}"
                     " searched."]
    else:
        sentences = [f"Nothing was searched for {name}: no registry had a snapshot in force on {check.as_of}, so "
                     "this is no clean result."]
    also = []
    if result.verdict == "listed" and by_effect["linked"]:
        also.append(f"its legal representative is linked to {_count(len(by_effect['linked']), 'more listing')}")
    if result.verdict in ("listed", "linked"):
        watch, via, possible = _review(by_effect["review"], check)
        if watch:
            also.append(f"{_count(watch, 'watchlist entry', 'watchlist entries')} (not a blacklisting)")
        if possible:
            also.append(f"{_count(possible, 'possible match', 'possible matches')} for a person to judge")
        if via:
            also.append(f"{_count(via, 'listing')} through its legal representative for a person to judge")
    cleared = [f for f in result.findings if cleared_on_review(f) and f.listing["kind"] != "redlist"]
    history = [f for f in result.findings
               if f.effect == "none" and f.listing["kind"] != "redlist" and not cleared_on_review(f)]
    redlist = [f for f in result.findings if f.listing["kind"] == "redlist"]
    if cleared:
        also.append(f"{_count(len(cleared), 'finding')} judged a false positive on review (see the review "
                    "decisions)")
    if history:
        also.append(f"{_count(len(history), 'expired or removed listing')} in its history")
    if redlist:
        also.append(f"{_count(len(redlist), 'red-list entry', 'red-list entries')} (positive information)")
    if also:
        sentences.append(f"Also: {'; '.join(also)}.")
    if result.unloaded:
        sentences.append(f"{_count(result.unloaded, 'published row')} with its code could not be loaded and "
                         f"{'is' if result.unloaded == 1 else 'are'} not counted: see the notes.")
    missing = [c.registry for c in check.coverage if c.missing]
    stale = [c.registry for c in check.coverage if c.stale and not c.missing]
    if (missing or stale) and searched:
        gaps = [f"{_join(missing)} not searched"] if missing else []
        gaps += [f"{_join(stale)} stale"] if stale else []
        sentences.append(f"Coverage was incomplete ({'; '.join(gaps)}), so listings there may be missed.")
    return " ".join(sentences)


def _linked(findings: list[Finding]) -> str:
    reps = _join(dict.fromkeys(str((f.via or {}).get("legal_rep")) for f in findings))
    in_person = sum(1 for f in findings if (f.via or {}).get("role") == "listed person")
    # one company listed under name variants (simplified, traditional, bracketed) is one company
    companies = {f.listing.get("uscc") or f.listing.get("org_code") or f.listing["name"]
                 for f in findings if (f.via or {}).get("role") != "listed person"}
    how = ([f"is listed in person ({_count(in_person, 'listing')})"] if in_person else []) + (
        [f"represents {_count(len(companies), 'listed company', 'listed companies')} "
         f"({_count(len(findings) - in_person, 'listing')})"] if companies else [])
    return f"its legal representative {reps} {' and '.join(how)}"


def _review(findings: list[Finding], check: CheckReport) -> tuple[int, int, int]:
    """Review findings counted as: the counterparty's own certain matches on a watchlist (not a
    blacklisting), findings through its legal representative, and possible matches."""
    watch = sum(1 for f in findings if f.via is None and f.listing["kind"] == "watchlist"
                and f.match.strong(check.thresholds))
    via = sum(1 for f in findings if f.via is not None)
    return watch, via, len(findings) - watch - via


def _registries(findings: Iterable[Finding]) -> set[str]:
    return {f.listing["registry"] for f in findings}


def _count(n: int, word: str, plural: str | None = None) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {plural or word + 's'}"


def _join(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _finding(finding: Finding, registry: Registry, synced: Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
    listing = finding.listing
    m = finding.match
    entry = {
        "listing_id": listing["listing_id"],
        "effect": finding.effect,
        "status": listing["status"],
        "registry": {"id": registry.id, "name": registry.name, "name_zh": registry.name_zh,
                     "kind": registry.kind, "level": registry.level, "region": registry.region,
                     "region_name": regions.name_of(registry.region), "authority": registry.authority,
                     "term_days": synced.get("term_days") or None},
        "listing": listing,
        "legal_basis_source": legal_basis_source(listing, synced),
        "expires_basis": expires_basis(listing, synced),
        "match": {"method": m.method, "score": m.score, "agreed": m.agreed, "differed": m.differed,
                  "ceiling": "review" if m.capped else None},
        "via": finding.via,
        "path": path(finding),
        "materiality": materiality(listing, registry, synced, as_of),
        "review": finding.review,
    }
    return entry


def legal_basis_source(listing: Mapping[str, Any], synced: Mapping[str, Any]) -> str | None:
    """Whether the legal basis shown is the row's own (`row`) or the one its registry cites for the whole
    list (`registry`); None when there is none."""
    basis = listing.get("legal_basis")
    if not basis:
        return None
    return "registry" if basis == synced.get("legal_basis") else "row"


def expires_basis(listing: Mapping[str, Any], synced: Mapping[str, Any]) -> str | None:
    """Where the expiry date comes from: `published` (the row gives it) or `term` (listed on plus the
    registry's term, as the registry file said when the snapshot was synced); None when there is none."""
    expires, listed, term = listing.get("expires_on"), listing.get("listed_on"), synced.get("term_days") or 0
    if not expires:
        return None
    if term and listed:
        try:
            if (dt.date.fromisoformat(listed) + dt.timedelta(days=term)).isoformat() == expires:
                return "term"
        except (ValueError, OverflowError):
            pass
    return "published"


def path(finding: Finding) -> list[str]:
    """For a finding through a legal representative, the steps from the counterparty to the listing."""
    via = finding.via
    if not via:
        return []
    rep = str(via["legal_rep"])
    source = "as given in the query" if via.get("source") == "query" else f"as listed on {via.get('source')}"
    steps = [f"counterparty {via.get('counterparty')}", f"legal representative {rep} ({source})"]
    if via["role"] == "listed person":
        steps.append(f"{rep} is listed in person ({finding.listing['listing_id']})")
    else:
        steps.append(f"{rep} is the legal representative of {via.get('company')}, which is listed "
                     f"({finding.listing['listing_id']})")
    steps.append(f"corroborated by: {via.get('corroboration') or 'name'}")
    return steps


def materiality(listing: Mapping[str, Any], registry: Registry, synced: Mapping[str, Any],
                as_of: dt.date) -> list[dict[str, str]]:
    """The notes that bear on how much weight a listing deserves (on the as-of date), each with a stable
    code: no legal basis cited, a local measure outside the national categories, a watchlist entry, an
    expiry within NEAR_EXPIRY_DAYS."""
    notes = []
    if legal_basis_source(listing, synced) is None:
        notes.append(("no-legal-basis", "Neither the registry nor the published row cites a legal basis for this "
                      "listing."))
    category = listing.get("reason_category")
    if registry.level in LOCAL_LEVELS and category not in NATIONAL_CATEGORIES and registry.kind != "redlist":
        place = regions.name_of(registry.region) or registry.region
        notes.append(("local-measure", f"Listed under a local measure ({registry.level} registry of {place}) for a "
                      f"reason outside the national blacklist categories ({category}): it carries no national "
                      "consequence; read the reason and its basis before giving it weight."))
    if registry.kind == "watchlist":
        notes.append(("watchlist", f"A watchlist entry ({category}), not a blacklisting: it records an "
                      "irregularity to be corrected and carries no joint punishment."))
    expires = listing.get("expires_on")
    if listing["status"] == "active" and expires:
        try:
            days = (dt.date.fromisoformat(expires) - as_of).days
        except ValueError:
            days = -1
        if 0 <= days <= NEAR_EXPIRY_DAYS:
            notes.append(("near-expiry", f"Expires on {expires}, {_count(days, 'day')} after the as-of date: "
                          "it may lapse or be renewed soon."))
    return [{"code": code, "note": note} for code, note in notes]


VERDICT_TITLES = {"listed": "LISTED", "linked": "LINKED", "review": "REVIEW", "clear": "CLEAR"}
SAMPLE_BANNER = ("SAMPLE DATA: at least one registry searched holds fictional sample listings made by scscheck's "
                 "generator. This report says nothing about any real company or person.")


def finding_rows(entry: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A finding as labelled rows, in the order every rendering shows them; unpublished optional fields
    (obligation, performance, case number, decision document) are left out, unpublished reasons and
    bases are said to be so."""
    lst, reg = entry["listing"], entry["registry"]
    where = " · ".join(x for x in (reg["level"], reg.get("region_name"), reg["region"]) if x)
    codes = ", ".join(f"{label} {lst[key]}" for label, key in (
        ("USCC", "uscc"), ("org. code", "org_code"), ("reg. no.", "reg_number"), ("ID", "id_number"))
        if lst.get(key))
    listed = f"{lst['name']} ({lst['subject_type']}{', ' + codes if codes else ''})"
    if lst.get("legal_rep"):
        listed += f"; legal representative {lst['legal_rep']}"
        if lst.get("legal_rep_id"):
            listed += f" (ID {lst['legal_rep_id']})"
    basis = lst.get("legal_basis") or "none cited"
    if entry["legal_basis_source"] == "registry":
        basis += " (cited by the registry for the whole list)"
    expires = lst.get("expires_on") or "not given"
    if entry["expires_basis"] == "term":
        expires += f" (listed on + the registry's term of {reg.get('term_days')} days)"
    elif entry["expires_basis"] == "published":
        expires += " (as published)"
    status = lst["status"] + (f", removed on {lst['removed_on']}" if lst.get("removed_on") else "")
    m = entry["match"]
    how = f"{m['method']}, score {m['score']:.2f}"
    if m["agreed"]:
        how += f"; agreed: {', '.join(m['agreed'])}"
    if m["differed"]:
        how += f"; differed: {', '.join(m['differed'])}"
    if m.get("ceiling"):
        how += f"; this method alone never makes more than {m['ceiling']}"
    rows = [
        ("Registry", f"{reg['name_zh']} / {reg['name']} ({reg['id']})"),
        ("Kind", reg["kind"]),
        ("Jurisdiction", where),
        ("Authority", lst.get("authority") or reg["authority"]),
        ("Listed", listed),
        ("Reason category", lst.get("reason_category") or ""),
        ("Reason", lst.get("reason") or "not published"),
        ("Legal basis", basis),
        ("Case number", lst.get("case_number") or ""),
        ("Decision document", lst.get("decision_doc") or ""),
        ("Obligation", lst.get("obligation") or ""),
        ("Performance", lst.get("performance") or ""),
        ("Listed on", lst.get("listed_on") or "not given"),
        ("Expires on", expires),
        ("Status", status),
        ("How it matched", how),
        ("Path", " → ".join(entry["path"])),
        ("Listing", f"{lst['listing_id']} (snapshot #{lst['snapshot']}, line {lst['line']})"),
        ("Seen", seen_line(entry.get("seen"))),
        ("Review", review_line(entry.get("review"))),
    ]
    return [(label, value) for label, value in rows if value]


def review_line(review: Mapping[str, Any] | None) -> str:
    """A finding's review decision, in words."""
    if not review:
        return ""
    line = f"{review['decision']} by {review['decided_by']} on {review['decided_at']}: {review['note']}"
    if review["listing_changed_since"]:
        return line + " (the listing has changed since: the decision no longer applies)"
    if review.get("effect_before"):
        return line + f" (it would otherwise be {review['effect_before']})"
    return line


def seen_line(seen: Mapping[str, Any] | None) -> str:
    """When the cache first and last saw a listing published, in words."""
    if not seen:
        return ""
    first = f"first seen {seen['first']}" if seen["first"] else "first seen: not known"
    if seen["published"]:
        return f"{first}; still published (last checked {seen['last']})"
    return f"{first}; last seen {seen['last']}" if seen["last"] else f"{first}; no longer in the current snapshot"


def coverage_rows(document: Mapping[str, Any]) -> list[dict[str, str]]:
    """The coverage table: one row per registry, every value as text."""
    rows = []
    for c in document["coverage"]:
        if c["pruned"]:
            state = "pruned (listings past retention)"
        elif c["missing"]:
            state = "missing (not synced by the as-of date)"
        else:
            state = "stale" if c["stale"] else "searched"
        snapshot = ""
        if c["snapshot"] is not None:
            snapshot = (f"#{c['snapshot']}, published {c['published_on'] or 'date not given'}, fetched "
                        f"{c['fetched_at']}, {_count(c['rows'], 'row')} loaded, {c['rejected']:,} rejected")
        source = f"sha256 {c['digest']} from {c['source_url']}" if c["digest"] else ""
        if c["insecure_http"]:
            source += " (PLAIN HTTP: not protected in transit, allowed by the registry's setting)"
        rows.append({
            "registry": f"{c['name_zh']} / {c['name']} ({c['registry']}), {c['kind']}, {c['level']}",
            "state": state + (", SAMPLE" if c["sample"] else ""), "snapshot": snapshot, "source": source,
        })
    return rows


COVERAGE_COLUMNS = ("registry", "state", "snapshot", "source")

CLIP = 4000  # characters of one value a document shows; the JSON report and `scscheck show` keep all


def clip(text: str) -> str:
    """A value cut for a document, saying how much was left out and where to read it whole."""
    if len(text) <= CLIP:
        return text
    return f"{text[:CLIP]} … [{len(text) - CLIP:,} more characters: `scscheck show` prints the whole value]"


def query_line(query: Mapping[str, Any]) -> str:
    """The query as given, on one line."""
    return "; ".join(f"{key} = {value}" for key, value in query.items() if value not in (None, ""))
