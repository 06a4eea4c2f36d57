"""Rendering results: JSON (the stable contract), JSON Lines, CSV and rich tables.

Data goes to stdout; diagnostics and progress go to stderr (see cli.py).
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scscheck import __version__
from scscheck.check import CheckReport, Finding, Result
from scscheck.inventory import RegistryState
from scscheck.store import Rejection
from scscheck.sync import SyncResult
from scscheck.text import FORMAT, for_terminal, json_dumps

CHECK_SCHEMA = "scscheck.check/1"
_VERDICT_STYLE = {"listed": "bold red", "linked": "bold magenta", "review": "bold yellow", "clear": "bold green"}


def dumps(data: Any) -> str:
    """JSON as scscheck prints it: UTF-8 text, Chinese unescaped, keys in a stable order, nothing a terminal
    would act on (see text.json_dumps)."""
    return json_dumps(data)


def check_json(report: CheckReport) -> dict[str, Any]:
    """The check report in the `scscheck.check/1` JSON contract."""
    return {
        "schema": CHECK_SCHEMA,
        "generated_at": report.generated_at,
        "tool_version": __version__,
        "as_of": report.as_of,
        "coverage_complete": report.complete,
        "sample_data": any(c.sample and not c.missing for c in report.coverage),
        "coverage": [asdict(c) for c in report.coverage],
        "results": [result_json(r) for r in report.results],
        **({"input_rows": len(report.results) + len(report.rejected),
            "rejected_input": [asdict(r) for r in report.rejected]} if report.batch else {}),
    }


def result_json(result: Result) -> dict[str, Any]:
    """One counterparty's result."""
    return {"query": result.query, "verdict": result.verdict, "findings": [_finding_json(f) for f in result.findings],
            "notes": result.notes}


def _finding_json(finding: Finding) -> dict[str, Any]:
    m = finding.match
    # ceiling: "review" where the method can never list, whatever the score (a person's name alone, pinyin)
    match = {"method": m.method, "score": m.score, "agreed": m.agreed, "differed": m.differed,
             "ceiling": "review" if m.capped else None}
    return {"listing": finding.listing, "match": match, "effect": finding.effect, "via": finding.via}


def check_jsonl(report: CheckReport) -> Iterable[str]:
    """One JSON line per counterparty, each carrying the coverage verdict it was made under."""
    for result in report.results:
        line = {"schema": CHECK_SCHEMA, "as_of": report.as_of, "coverage_complete": report.complete,
                **result_json(result)}
        yield json_dumps(line, indent=None)
    for rejection in report.rejected:
        yield json_dumps({"schema": CHECK_SCHEMA, "as_of": report.as_of, "query": {"line": rejection.line},
                          "verdict": None, "error": rejection.reason}, indent=None)


CSV_COLUMNS = (
    "line", "query_name", "query_uscc", "query_legal_rep", "verdict", "effect", "registry", "listing_id", "name",
    "uscc", "org_code", "kind", "reason_category", "reason", "authority", "listed_on", "expires_on", "status",
    "match_method", "match_score", "via",
)


def check_csv(report: CheckReport) -> str:
    """One row per finding (a counterparty without findings gets one row), safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in report.results:
        query = [result.query.get("line", ""), result.query.get("name", ""), result.query.get("uscc", ""),
                 result.query.get("legal_rep", "")]
        if not result.findings:
            writer.writerow([csv_cell(v) for v in [*query, result.verdict] + [""] * (len(CSV_COLUMNS) - 5)])
        for f in result.findings:
            lst = f.listing
            row = [*query, result.verdict, f.effect, *(lst.get(k) for k in (
                "registry", "listing_id", "name", "uscc", "org_code", "kind", "reason_category", "reason",
                "authority", "listed_on", "expires_on", "status")),
                f.match.method, f.match.score, (f.via or {}).get("role", "")]
            writer.writerow([csv_cell(v) for v in row])
    for rejection in report.rejected:  # unreadable input rows are in the sheet too, never silently missing
        row = [rejection.line, "", "", "", "error"] + [""] * (len(CSV_COLUMNS) - 5)
        row[CSV_COLUMNS.index("reason")] = rejection.reason
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_LEADING_INVISIBLE = re.compile(f"^[ {FORMAT}]+")


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: one that starts (after any spaces or
    invisible characters) with =, +, -, @ (or their full-width forms), a tab or a carriage return gets a
    leading apostrophe. Control and bidi characters are written out, as on a terminal."""
    text = "" if value is None else str(value)
    first = _LEADING_INVISIBLE.sub("", text)[:1]
    if text[:1] in _FORMULA_START or first in _FORMULA_START:
        text = "'" + text
    return for_terminal(text)


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
                               ("red list: positive information", party["redlist"])):
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
    console.print(table)
    for note in notes:
        console.print(_plain(note, style="cyan"))


def render_registries(console: Console, states: Sequence[RegistryState]) -> None:
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


def render_sync(console: Console, results: Sequence[SyncResult]) -> None:
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


def sync_json(results: Sequence[SyncResult]) -> list[dict[str, Any]]:
    """The sync summary as JSON."""
    return [{
        "registry": r.registry, "outcome": r.outcome, "error": r.error, "warnings": r.warnings,
        "seconds": round(r.seconds, 3), "snapshot": asdict(r.snapshot) if r.snapshot else None,
    } for r in results]


def render_rejections(console: Console, registry: str, rejections: Sequence[Rejection]) -> None:
    """Rejected rows of a snapshot with their reasons."""
    table = Table(title=f"rejected rows of {registry}")
    for column in ("line", "reason", "row"):
        table.add_column(column, overflow="fold")
    for r in rejections:
        table.add_row(_plain(r.line), _plain(r.reason), _plain(r.raw[:200]))
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
