"""Results as data: JSON (the stable contract), JSON Lines and CSV. (Terminal tables are in tables.py,
so that a check printing JSON never imports rich.)

Data goes to stdout; diagnostics and progress go to stderr (see cli.py).
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from scscheck import __version__
from scscheck.check import CheckReport, Finding, Result
from scscheck.counterparty import InputRejection
from scscheck.text import FORMAT, for_terminal, json_dumps

if TYPE_CHECKING:  # kept off a check's start-up path: sync imports the fetching machinery
    from scscheck.sync import SyncResult

CHECK_SCHEMA = "scscheck.check/1"


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
    return {"listing": finding.listing, "match": match, "effect": finding.effect, "via": finding.via,
            "review": finding.review}


def check_jsonl(report: CheckReport) -> Iterable[str]:
    """One JSON line per counterparty, each carrying the coverage verdict it was made under."""
    for result in report.results:
        yield jsonl_line(report, result)
    for rejection in report.rejected:
        yield jsonl_rejection(report, rejection)


def jsonl_line(report: CheckReport, result: Result) -> str:
    """One counterparty's JSON line."""
    line = {"schema": CHECK_SCHEMA, "as_of": report.as_of, "coverage_complete": report.complete,
            **result_json(result)}
    return json_dumps(line, indent=None)


def jsonl_rejection(report: CheckReport, rejection: InputRejection) -> str:
    """The JSON line of an input row that could not be checked."""
    return json_dumps({"schema": CHECK_SCHEMA, "as_of": report.as_of, "query": {"line": rejection.line},
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
        writer.writerows(csv_rows(result))
    writer.writerows(csv_rejection(r) for r in report.rejected)
    return out.getvalue()


def csv_rows(result: Result) -> list[list[str]]:
    """One counterparty's CSV rows: one per finding, or one saying its verdict."""
    query = [result.query.get("line", ""), result.query.get("name", ""), result.query.get("uscc", ""),
             result.query.get("legal_rep", "")]
    if not result.findings:
        return [[csv_cell(v) for v in [*query, result.verdict] + [""] * (len(CSV_COLUMNS) - 5)]]
    rows = []
    for f in result.findings:
        lst = f.listing
        row = [*query, result.verdict, f.effect, *(lst.get(k) for k in (
            "registry", "listing_id", "name", "uscc", "org_code", "kind", "reason_category", "reason",
            "authority", "listed_on", "expires_on", "status")),
            f.match.method, f.match.score, (f.via or {}).get("role", "")]
        rows.append([csv_cell(v) for v in row])
    return rows


def csv_rejection(rejection: InputRejection) -> list[str]:
    """An unreadable input row in the sheet too, never silently missing."""
    row: list[object] = [rejection.line, "", "", "", "error"] + [""] * (len(CSV_COLUMNS) - 5)
    row[CSV_COLUMNS.index("reason")] = rejection.reason
    return [csv_cell(v) for v in row]


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


def sync_json(results: "Sequence[SyncResult]") -> list[dict[str, Any]]:
    """The sync summary as JSON."""
    return [{
        "registry": r.registry, "outcome": r.outcome, "error": r.error, "warnings": r.warnings,
        "seconds": round(r.seconds, 3), "snapshot": asdict(r.snapshot) if r.snapshot else None,
    } for r in results]
