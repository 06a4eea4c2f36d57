"""Results as a terminal shows them: rich tables, every value from a list or a query shown as text (never
markup, never terminal control sequences)."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scscheck.text import for_terminal

if TYPE_CHECKING:
    from scscheck.inventory import RegistryState
    from scscheck.store import Rejection
    from scscheck.sync import SyncResult

_VERDICT_STYLE = {"listed": "bold red", "linked": "bold magenta", "review": "bold yellow", "clear": "bold green"}


def _plain(value: Any, style: str = "") -> Text:
    """List data is shown as text, never interpreted as rich markup, and never as terminal control
    sequences or bidi reversals (written out instead)."""
    return Text("" if value is None else for_terminal(value), style=style)


def render_check(console: Console, document: dict[str, Any]) -> None:
    """The check as a terminal shows it: the report's content (see report.py) as rich tables, one
    counterparty after another, then the coverage."""
    from scscheck import report

    complete = document["coverage_complete"]
    for party in document["counterparties"]:
        heading = Text()
        heading.append(party["verdict"].upper(), style=_VERDICT_STYLE[party["verdict"]])
        if not complete:
            heading.append(" (coverage incomplete)", style="yellow")
        heading.append(for_terminal("  " + report.query_line(party["query"]).replace(" = ", "=")))
        console.print(heading)
        console.print(_plain("  " + party["summary"]))
        for note in party["notes"]:
            console.print(_plain(f"  note: {note}", style="yellow"))
        if not party["findings"]:
            console.print(Text("  no active listing found", style="dim"))
        for title, entries in (("findings", party["findings"]), ("history: expired and removed", party["history"]),
                               ("red list: positive information", party["redlist"]),
                               ("cleared on review: judged false positives", party["cleared"])):
            if entries:
                _findings_table(console, title, entries)
    searched = sum(1 for c in document["coverage"] if not c["missing"])
    console.print(Text(f"Searched {searched} of {len(document['coverage'])} registries as of {document['as_of']}.",
                       style="dim"))
    missing = [c["registry"] for c in document["coverage"] if c["missing"]]
    stale = [c["registry"] for c in document["coverage"] if c["stale"] and not c["missing"]]
    insecure = [c["registry"] for c in document["coverage"] if c["insecure_http"] and not c["missing"]]
    if missing:
        console.print(Text(f"Not searched: {', '.join(missing)}. Run `scscheck sync`.", style="yellow"))
    if stale:
        console.print(Text(f"Stale (older than their max age): {', '.join(stale)}.", style="yellow"))
    if insecure:
        console.print(Text(f"Fetched over plain http (not protected in transit): {', '.join(insecure)}.",
                           style="yellow"))
    if document["sample_data"]:
        console.print(Text("SAMPLE DATA: some registries searched hold fictional sample listings.",
                           style="bold yellow"))


def _findings_table(console: Console, title: str, entries: list[dict[str, Any]]) -> None:
    """Findings as a table, and each one's materiality notes under it, numbered alike."""
    from scscheck import report

    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    table.add_column("#", no_wrap=True)
    table.add_column("effect", no_wrap=True)
    table.add_column("registry", ratio=3, overflow="fold")
    table.add_column("listed", ratio=3, overflow="fold")
    table.add_column("reason", ratio=5, overflow="fold")
    table.add_column("dates", ratio=2, overflow="fold")
    table.add_column("match", ratio=3, overflow="fold")
    notes = []
    for number, entry in enumerate(entries, 1):
        rows = dict(report.finding_rows(entry))
        reg, lst = entry["registry"], entry["listing"]
        registry = "\n".join(x for x in (reg["name_zh"] or reg["name"], reg["id"], rows.get("Jurisdiction"),
                                         rows.get("Authority")) if x)
        code = lst.get("uscc") or lst.get("org_code") or lst.get("id_number")
        listed = "\n".join(x for x in (lst["name"], code, lst["listing_id"]) if x)
        reason = "\n".join(f"{label.lower()}: {report.clip(rows[label])}" if label != "Reason category" else rows[label]
                           for label in ("Reason category", "Reason", "Legal basis", "Case number", "Decision document",
                                         "Obligation", "Performance") if label in rows)
        dates = "\n".join(f"{label} {rows[key]}" for label, key in (
            ("listed", "Listed on"), ("expires", "Expires on")) if key in rows)
        if lst.get("removed_on"):
            dates += f"\nremoved {lst['removed_on']}"
        how = rows["How it matched"] + ("\n" + rows["Path"] if "Path" in rows else "")
        effect = entry["effect"] if entry["effect"] != "none" else ""
        table.add_row(*(_plain(v) for v in (number, f"{effect}\n{entry['status']}".strip(), registry, listed, reason,
                                            dates, how)))
        notes += [f"  {number} · {n['code']}: {n['note']}" for n in entry["materiality"]]
        if "Review" in rows:
            notes.append(f"  {number} · review: {rows['Review']}")
    console.print(table)
    for note in notes:
        console.print(_plain(note, style="cyan"))


def render_registries(console: Console, states: "Sequence[RegistryState]") -> None:
    """`scscheck registries` as a table."""
    table = Table()
    for column in ("registry", "kind", "level", "region", "snapshot", "age (days)", "rows", "rejected", "stale",
                   "sample"):
        table.add_column(column, overflow="fold")
    for s in states:
        table.add_row(*(_plain(v) for v in (
            s.registry, s.kind, s.level, s.region,
            "not synced" if s.missing else f"#{s.snapshot} {s.published_on or ''}",
            "" if s.age_days is None else f"{s.age_days:.1f}", s.rows_loaded, s.rows_rejected,
            "yes" if s.stale else "", "yes" if s.sample else "",
        )))
    console.print(table)


def render_sync(console: Console, results: "Sequence[SyncResult]") -> None:
    """The summary after a sync."""
    table = Table(title="sync")
    for column in ("registry", "outcome", "snapshot", "read", "loaded", "rejected", "seconds"):
        table.add_column(column, overflow="fold")
    for r in results:
        snap = r.snapshot
        style = {"loaded": "green", "unchanged": "dim", "failed": "bold red"}[r.outcome]
        table.add_row(
            _plain(r.registry), Text(r.outcome, style=style),
            *(_plain(v) for v in (f"#{snap.id}" if snap else "", snap.rows_read if snap else "",
                                  snap.rows_loaded if snap else "", snap.rows_rejected if snap else "",
                                  f"{r.seconds:.2f}")),
        )
    console.print(table)


def render_rejections(console: Console, registry: str, rejections: "Sequence[Rejection]") -> None:
    """Rejected rows of a snapshot with their reasons."""
    table = Table(title=f"rejected rows of {registry}")
    for column in ("line", "reason", "row"):
        table.add_column(column, overflow="fold")
    for r in rejections:
        table.add_row(_plain(r.line), _plain(r.reason), _plain(r.raw[:200]))
    console.print(table)


def render_watched(console: Console, watched: list[dict[str, Any]]) -> None:
    """`scscheck watch list`."""
    table = Table(title=f"watched counterparties ({len(watched)})", title_justify="left")
    for column in ("id", "counterparty", "verdict", "checked", "added"):
        table.add_column(column, overflow="fold")
    for w in watched:
        who = " · ".join(str(v) for v in w["counterparty"].values())
        table.add_row(_plain(w["id"]), _plain(who), _plain(w["verdict"] or ""), _plain(w["checked_at"] or ""),
                      _plain(w["added_at"]))
    console.print(table)


def render_changes(console: Console, document: dict[str, Any]) -> None:
    """`scscheck changes`, and the changes a sync found."""
    counts = ", ".join(f"{n} {kind}" for kind, n in document["counts"].items() if n) or "none"
    console.print(Text(f"changes for watched counterparties: {counts}"))
    if not document["changes"]:
        return
    table = Table(show_header=True)
    for column in ("kind", "counterparty", "listing", "registry", "verdict", "detected"):
        table.add_column(column, overflow="fold")
    for c in document["changes"]:
        who = " · ".join(str(v) for v in c["counterparty"].values())
        table.add_row(_plain(c["kind"].upper()), _plain(who), _plain(f"{c['listing_name']} ({c['listing_id']})"),
                      _plain(c["registry"]), _plain(f"{c['verdict_before']} -> {c['verdict_after']}"),
                      _plain(c["detected_at"]))
    console.print(table)


def render_reviews(console: Console, reviews: list[dict[str, Any]]) -> None:
    """`scscheck reviews`: the audit trail."""
    table = Table(title=f"review decisions ({len(reviews)})", title_justify="left")
    for column in ("id", "decision", "listing", "counterparty", "by", "on", "note"):
        table.add_column(column, overflow="fold")
    for r in reviews:
        who = " · ".join(str(v) for v in r["counterparty"].values())
        table.add_row(_plain(r["id"]), _plain(r["decision"]), _plain(r["listing_id"]), _plain(who),
                      _plain(r["decided_by"]), _plain(r["decided_at"]), _plain(r["note"]))
    console.print(table)


def render_diff(console: Console, document: dict[str, Any]) -> None:
    """`scscheck diff`: the counts, then the listings added, removed and changed."""
    before, after, counts = document["from"], document["to"], document["counts"]
    console.print(Text(for_terminal(
        f"{document['registry']}: snapshot {before['snapshot']} (fetched {before['fetched_at']}, {before['rows']:,} "
        f"listings) -> snapshot {after['snapshot']} (fetched {after['fetched_at']}, {after['rows']:,} listings): "
        f"{counts['added']:,} added, {counts['removed']:,} removed, {counts['changed']:,} changed")))
    for kind in ("added", "removed"):
        if document[kind]:
            table = Table(title=f"{kind} ({len(document[kind]):,} of {counts[kind]:,} shown)", title_justify="left")
            for column in document[kind][0]:
                table.add_column(column, overflow="fold")
            for row in document[kind]:
                table.add_row(*(_plain(v) for v in row.values()))
            console.print(table)
    if document["changed"]:
        table = Table(title=f"changed ({len(document['changed']):,} of {counts['changed']:,} shown)",
                      title_justify="left")
        for column in ("listing_id", "name", "field", "was", "now"):
            table.add_column(column, overflow="fold")
        for row in document["changed"]:
            for n, (name, (was, now)) in enumerate(row["fields"].items()):
                table.add_row(_plain(row["listing_id"]) if n == 0 else "", _plain(row["name"]) if n == 0 else "",
                              _plain(name), _plain(was), _plain(now))
        console.print(table)


def render_listing(console: Console, document: dict[str, Any]) -> None:
    """`scscheck show` as tables: the listing's fields, its provenance, the published row."""
    lst = document["listing"]
    heading = Text()
    heading.append(lst["status"].upper(), style="bold")
    heading.append(for_terminal(f"  {lst['listing_id']}"))
    if not document["in_current_snapshot"]:
        heading.append("  (not in the current snapshot: no longer published, or its registry not synced since)",
                       style="yellow")
    console.print(heading)
    fields = Table(title="listing", title_justify="left", show_header=False)
    fields.add_column("field", style="bold", no_wrap=True)
    fields.add_column("value", overflow="fold")
    for key, value in lst.items():
        if key == "jurisdiction":
            value = " · ".join(str(v) for v in value.values() if v)
        elif key == "legal_basis" and document["legal_basis_source"] == "registry":
            value = f"{value} (cited by the registry for the whole list)"
        elif key == "expires_on" and document["expires_basis"] == "term":
            value = f"{value} (listed on + the registry's term of {document['registry']['term_days']} days)"
        if value not in (None, ""):
            fields.add_row(_plain(key), _plain(value))
    console.print(fields)
    for note in document["materiality"]:
        console.print(_plain(f"{note['code']}: {note['note']}", style="cyan"))
    provenance = Table(title="provenance", title_justify="left", show_header=False)
    provenance.add_column("field", style="bold", no_wrap=True)
    provenance.add_column("value", overflow="fold")
    reg = document["registry"]
    provenance.add_row(_plain("registry"), _plain(f"{reg['name_zh']} / {reg['name']} ({reg['id']})"))
    for key in ("kind", "level", "region", "authority"):
        provenance.add_row(_plain(key), _plain(reg[key]))
    for key, value in document["provenance"].items():
        if key == "insecure_http":
            value = "yes: fetched over plain http, not protected in transit" if value else "no"
        provenance.add_row(_plain(key), _plain("" if value is None else value))
    seen = ", ".join(f"#{v['snapshot']} line {v['line']}{' (current)' if v['current'] else ''}"
                     for v in document["seen_in"])
    provenance.add_row(_plain("seen in"), _plain(seen))
    first, last, published = document["seen"]["first"], document["seen"]["last"], document["seen"]["published"]
    provenance.add_row(_plain("first seen"), _plain(first or "not known"))
    provenance.add_row(_plain("last seen"), _plain(f"{last} (still published)" if published else last or "not known"))
    console.print(provenance)
    row = document["published_row"]
    published = Table(title="published row, as read", title_justify="left", show_header=False)
    published.add_column("column", style="bold", overflow="fold")
    published.add_column("value", overflow="fold")
    if isinstance(row, dict):
        for key, value in row.items():
            published.add_row(_plain(key), _plain(value))
    else:
        published.add_row(_plain("row"), _plain(row))
    console.print(published)
