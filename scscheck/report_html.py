"""The report as one self-contained HTML page: inline style, no script, no image, nothing fetched (a
Content-Security-Policy says so to the browser too), readable on a screen and printable on A4, with the
sample-data banner repeated at the top of every printed page.

Every value from a list or a query is HTML-escaped, and characters a reader cannot see (bidi overrides,
controls) are written out as `\\u202e`, so a listing named `<script>alert(1)</script>` shows as text."""

import html
from collections.abc import Mapping
from typing import Any

from scscheck import report
from scscheck.text import UNSAFE, escape

_STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #333; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-top: 1.25rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
table.fields td, td.source { overflow-wrap: anywhere; }  /* digests, URLs, a value without spaces */
th { background: #f0f0f0; }
table.fields th { width: 11rem; }
table.coverage { font-size: 12px; }
.banner { background: #fff3c4; border: 2px solid #b58900; font-weight: bold; padding: .4rem .6rem; }
.verdict { font-size: 1.1rem; padding: .4rem .6rem; border-left: 6px solid; background: #fafafa; }
.verdict-listed { border-color: #c00; } .verdict-linked { border-color: #a0a; }
.verdict-review { border-color: #c90; } .verdict-clear { border-color: #080; }
.tag { font-weight: bold; }
.materiality { background: #f6f6ff; border: 1px solid #ccd; padding: .2rem .6rem; }
.incomplete { color: #a00; font-weight: bold; }
.finding, section.counterparty { break-inside: auto; }
.finding { page-break-inside: avoid; }
@page { size: A4; margin: 18mm 12mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  section.counterparty { break-before: page; }
}
"""

# Printed, the sample banner is repeated in the top margin of every page (a page-margin box).
_PAGE_BANNER = """
@page { @top-center { content: "SAMPLE DATA: fictional sample listings; this report says nothing about any real
company or person."; font: bold 9px sans-serif; color: #7a5c00; } }
""".replace("\n", " ")


def h(value: Any) -> str:
    """A value as HTML text: escaped, invisible characters written out, long values cut."""
    return html.escape(UNSAFE.sub(escape, report.clip(str(value))), quote=True)


def _page(title: str, sample: bool, body: list[str]) -> str:
    banner = f'<div class="banner" role="note">{h(report.SAMPLE_BANNER)}</div>' if sample else ""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title)}</title>",
        f"<style>{_STYLE}{_PAGE_BANNER if sample else ''}</style>",
        "</head>",
        "<body>",
        banner,
        *body,
        "</body>",
        "</html>",
        "",
    ])


def render(document: Mapping[str, Any]) -> str:
    """The whole report as one HTML page."""
    parties = document["counterparties"]
    title = report.who(parties[0]["query"]) if len(parties) == 1 else f"{len(parties)} counterparties"
    body = [f"<h1>Due-diligence report: {h(title)}</h1>", _facts(document)]
    for number, party in enumerate(parties, 1):
        body += _counterparty(number, party)
    if "rejected_input" in document:
        body.append(f"<h2>Input rows that could not be checked ({len(document['rejected_input'])} of "
                    f"{document['input_rows']})</h2>")
        items = "".join(f"<li>line {r['line']}: {h(r['reason'])}</li>" for r in document["rejected_input"])
        body.append(f"<ul>{items}</ul>" if items else "<p>None.</p>")
    body += _coverage(document)
    return _page(f"Due-diligence report: {title}", document["sample_data"], body)


def _facts(document: Mapping[str, Any]) -> str:
    thresholds = document["thresholds"]
    complete = ("complete" if document["coverage_complete"]
                else '<span class="incomplete">INCOMPLETE: see Coverage below</span>')
    rows = [("As of", h(document["as_of"])), ("Generated", h(document["generated_at"])),
            ("Tool", f"scscheck {h(document['tool_version'])}"),
            ("Inputs digest", f"<code>{h(document['inputs_digest'])}</code>"),
            ("Thresholds", f"listed {thresholds['listed']:.2f}, review {thresholds['review']:.2f}"),
            ("Coverage", complete)]
    return '<table class="fields" id="facts">' + "".join(
        f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows) + "</table>"


def _counterparty(number: int, party: Mapping[str, Any]) -> list[str]:
    verdict = party["verdict"]
    out = [f'<section class="counterparty" id="counterparty-{number}">',
           f"<h2>{number}. {h(report.who(party['query']))}: {report.VERDICT_TITLES[verdict]}</h2>",
           f"<p><b>Query:</b> {h(report.query_line(party['query']))}</p>",
           f'<p class="verdict verdict-{verdict}"><span class="tag">Verdict: {report.VERDICT_TITLES[verdict]}.</span> '
           f"{h(party['summary'])}</p>"]
    if party["notes"]:
        out.append("<ul>" + "".join(f"<li>Note: {h(n)}</li>" for n in party["notes"]) + "</ul>")
    sections = (("findings", "Findings", party["findings"], "No active listing matched."),
                ("history", "History: expired and removed listings", party["history"], "None."),
                ("redlist", "Red list: positive information, never a reason for concern", party["redlist"], "None."),
                ("cleared", "Cleared on review: judged false positives", party["cleared"], "None."))
    for key, heading, entries, empty in sections:
        out.append(f'<h3 id="{key}-{number}">{heading} ({len(entries)})</h3>')
        if not entries:
            out.append(f"<p>{empty}</p>")
        for index, entry in enumerate(entries, 1):
            out += _finding(f"{number}.{index}", entry)
    out.append(f'<h3 id="reviews-{number}">Review decisions: the audit trail ({len(party["reviews"])})</h3>')
    if not party["reviews"]:
        out.append("<p>None recorded.</p>")
    else:
        rows = "".join(
            f"<tr><td>{h(r['decision'])}</td><td>{h(r['listing_name'])} ({h(r['listing_id'])})</td>"
            f"<td>{h(r['decided_by'])}</td><td>{h(r['decided_at'])}</td><td>{h(r['note'])}</td>"
            f"<td>{'no: the listing changed since' if r['listing_changed_since'] else 'yes'}</td></tr>"
            for r in party["reviews"])
        out.append("<table><tr><th>Decision</th><th>Listing</th><th>By</th><th>On</th><th>Note</th>"
                   f"<th>Applies</th></tr>{rows}</table>")
    out.append("</section>")
    return out


def _finding(number: str, entry: Mapping[str, Any]) -> list[str]:
    effect = entry["effect"] if entry["effect"] != "none" else entry["status"]
    rows = "".join(f"<tr><th>{label}</th><td>{h(value)}</td></tr>" for label, value in report.finding_rows(entry))
    out = ['<div class="finding">', f"<h4>{number} {h(entry['listing']['name'])}: {h(effect)}</h4>",
           f'<table class="fields">{rows}</table>']
    if entry["materiality"]:
        notes = "".join(f"<li><i>{h(n['code'])}</i>: {h(n['note'])}</li>" for n in entry["materiality"])
        out.append(f'<div class="materiality"><b>Materiality</b><ul>{notes}</ul></div>')
    out.append("</div>")
    return out


def _coverage(document: Mapping[str, Any]) -> list[str]:
    out = ['<h2 id="coverage">Coverage and provenance</h2>']
    missing = [c["registry"] for c in document["coverage"] if c["missing"]]
    stale = [c["registry"] for c in document["coverage"] if c["stale"] and not c["missing"]]
    if missing:
        out.append(f'<p class="incomplete">Not searched: {h(", ".join(missing))}.</p>')
    if stale:
        out.append(f'<p class="incomplete">Stale (older than the registry\'s maximum age): {h(", ".join(stale))}.</p>')
    head = "".join(f"<th>{c.capitalize()}</th>" for c in report.COVERAGE_COLUMNS)
    rows = "".join("<tr>" + "".join(f'<td class="{c}">{h(row[c])}</td>' for c in report.COVERAGE_COLUMNS) + "</tr>"
                   for row in report.coverage_rows(document))
    out.append(f'<table class="coverage" id="coverage-table"><thead><tr>{head}</tr></thead>'
               f"<tbody>{rows}</tbody></table>")
    return out


def render_index(index: Mapping[str, Any]) -> str:
    """The index page of a batch written one file per counterparty."""
    complete = "complete" if index["coverage_complete"] else '<span class="incomplete">INCOMPLETE</span>'
    body = [f"<h1>Due-diligence reports: {len(index['entries'])} counterparties</h1>",
            f"<p>As of {h(index['as_of'])}; generated {h(index['generated_at'])} by scscheck "
            f"{h(index['tool_version'])}; "
            f"inputs digest <code>{h(index['inputs_digest'])}</code>; coverage {complete}.</p>",
            "<table><thead><tr><th>Line</th><th>Counterparty</th><th>Verdict</th><th>Summary</th></tr></thead><tbody>"]
    for e in index["entries"]:
        body.append(f"<tr><td>{h(e['query'].get('line', ''))}</td><td><a href=\"{h(e['file'])}\">"
                    f"{h(report.who(e['query']))}</a></td><td>{report.VERDICT_TITLES[e['verdict']]}</td>"
                    f"<td>{h(e['summary'])}</td></tr>")
    body.append("</tbody></table>")
    if index.get("rejected_input"):
        body.append("<p>Input rows that could not be checked:</p><ul>" + "".join(
            f"<li>line {r['line']}: {h(r['reason'])}</li>" for r in index["rejected_input"]) + "</ul>")
    return _page("Due-diligence reports", index["sample_data"], body)
