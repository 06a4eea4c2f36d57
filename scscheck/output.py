"""Rendering results: JSON (the stable contract), JSON Lines, CSV and rich tables.

Data goes to stdout; diagnostics and progress go to stderr (see cli.py).
"""

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scscheck import __version__
from scscheck.check import CheckReport, Finding, Result
from scscheck.inventory import RegistryState
from scscheck.registry import Registry
from scscheck.store import Rejection
from scscheck.sync import SyncResult

CHECK_SCHEMA = "scscheck.check/1"
_VERDICT_STYLE = {"listed": "bold red", "linked": "bold magenta", "review": "bold yellow", "clear": "bold green"}


def dumps(data: Any) -> str:
    """JSON as scscheck prints it: UTF-8 text, Chinese unescaped, keys in a stable order."""
    return json.dumps(data, ensure_ascii=False, indent=2)


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
        yield json.dumps(line, ensure_ascii=False)
    for rejection in report.rejected:
        yield json.dumps({"schema": CHECK_SCHEMA, "as_of": report.as_of, "query": {"line": rejection.line},
                          "verdict": None, "error": rejection.reason}, ensure_ascii=False)


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


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _plain(value: Any) -> Text:
    """List data is shown as text, never interpreted as rich markup."""
    return Text("" if value is None else str(value))


def render_check(console: Console, report: CheckReport, registries: dict[str, Registry]) -> None:
    """The check as a terminal shows it: a verdict line and a findings table per counterparty."""
    for result in report.results:
        _render_result(console, result, registries, report.complete)
    missing = [c.registry for c in report.coverage if c.missing]
    stale = [c.registry for c in report.coverage if c.stale]
    searched = len(report.coverage) - len(missing)
    line = Text(f"Searched {searched} of {len(report.coverage)} registries as of {report.as_of}.", style="dim")
    console.print(line)
    if missing:
        console.print(Text(f"Not synced (never searched): {', '.join(missing)}. Run `scscheck sync`.", style="yellow"))
    if stale:
        console.print(Text(f"Stale (older than their max age): {', '.join(stale)}.", style="yellow"))
    if any(c.sample and not c.missing for c in report.coverage):
        console.print(Text("SAMPLE DATA: some registries searched hold fictional sample listings.",
                           style="bold yellow"))


_ROLE = {"listed person": "listed person", "legal representative of the listed company": "its legal rep"}
_CORROBORATION = {"id_number": "ID agrees", "id_number on another listing of the same company": "ID on its other "
                  "listing", "name+region": "name and prefecture", "name": "name only"}


def _render_result(console: Console, result: Result, registries: dict[str, Registry], complete: bool) -> None:
    query = " · ".join(f"{k}={v}" for k, v in result.query.items())
    heading = Text()
    heading.append(result.verdict.upper(), style=_VERDICT_STYLE[result.verdict])
    if not complete:
        heading.append(" (coverage incomplete)", style="yellow")
    heading.append(f"  {query}")
    console.print(heading)
    for note in result.notes:
        console.print(Text(f"  note: {note}", style="yellow"))
    if not result.findings:
        console.print(Text("  no listing found", style="dim"))
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("effect", no_wrap=True)
    table.add_column("registry", ratio=3, overflow="fold")
    table.add_column("listed", ratio=3, overflow="fold")
    table.add_column("reason", ratio=5, overflow="fold")
    table.add_column("dates", no_wrap=True)
    table.add_column("match", ratio=2, overflow="fold")
    for f in result.findings:
        lst = f.listing
        reg = registries.get(lst["registry"])
        registry = f"{reg.name_zh or reg.name}\n{lst['registry']}" if reg else lst["registry"]
        where = (lst.get("jurisdiction") or {}).get("region_name")
        registry += "".join(f"\n{x}" for x in (where, lst.get("authority")) if x)
        code = lst.get("uscc") or lst.get("org_code") or lst.get("id_number")
        listed = "\n".join(x for x in (lst["name"], code) if x)
        reason = "\n".join(x for x in (lst["reason_category"], lst.get("reason"), lst.get("case_number")) if x)
        how = f"{f.match.method} {f.match.score:.2f}"
        if f.match.differed:
            how += f"\ndiffers: {', '.join(f.match.differed)}"
        if f.via:
            role = _ROLE.get(f.via["role"], f.via["role"])
            how += f"\nvia {f.via['legal_rep']}, {role}; {_CORROBORATION.get(f.via.get('corroboration', ''), 'name')}"
        dates = "\n".join(f"{label} {lst[key]}" for label, key in (
            ("listed", "listed_on"), ("expires", "expires_on"), ("removed", "removed_on")) if lst.get(key))
        effect = f.effect if f.effect != "none" else ""
        table.add_row(*(_plain(v) for v in (f"{effect}\n{lst['status']}".strip(), registry, listed, reason, dates,
                                            how)))
    console.print(table)


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
