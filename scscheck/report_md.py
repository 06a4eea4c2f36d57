"""The report as Markdown. Every value from a list or a query is escaped so that it reads as text and is
never markup: HTML's `& < >` as entities, Markdown's punctuation with backslashes, line breaks as spaces,
and characters a reader cannot see (bidi overrides, controls) written out as `\\u202e`."""

import re
from collections.abc import Mapping
from typing import Any

from scscheck import report
from scscheck.text import UNSAFE, escape

# Backslash-escaped: CommonMark's inline punctuation, and what extensions act on: `@` and `:` (linkify's
# e-mail addresses and `mailto:`/`xmpp:`; `:emoji:` codes), `$` (math), `%` (comments in some editors).
# GitHub's own renderer still links an e-mail address (its autolinker runs after escapes are undone); such a
# link's text is its target, so it shows the value as it is.
_PUNCTUATION = re.compile(r"([\\`*_~\[\]|#!@:$%])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# A dot between a letter or digit and a letter (`www.evil.example`, `evil.com`): linkifying renderers make a
# link of a bare domain. Decimal numbers (4386210.52) are left alone.
_DOMAIN_DOT = re.compile(r"(?<=[0-9A-Za-z])\.(?=[A-Za-z])")


def md(value: Any) -> str:
    """A value as Markdown text that renders exactly as written."""
    text = re.sub(r"\r\n|[\r\n\t]", " ", report.clip(str(value)))
    text = UNSAFE.sub(escape, text)
    text = re.sub("[&<>]", lambda m: _ENTITIES[m.group()], text)
    text = _PUNCTUATION.sub(r"\\\1", text)
    return _DOMAIN_DOT.sub(r"\\.", text)


def render(document: Mapping[str, Any]) -> str:
    """The whole report: header, each counterparty, coverage and provenance."""
    out: list[str] = []
    parties = document["counterparties"]
    title = report.who(parties[0]["query"]) if len(parties) == 1 else f"{len(parties)} counterparties"
    out += [f"# Due-diligence report: {md(title)}", ""]
    out += _banner(document)
    out += ["| | |", "|---|---|", f"| As of | {document['as_of']} |", f"| Generated | {document['generated_at']} |",
            f"| Tool | scscheck {document['tool_version']} |", f"| Inputs digest | `{document['inputs_digest']}` |",
            f"| Thresholds | listed {document['thresholds']['listed']:.2f}, review "
            f"{document['thresholds']['review']:.2f} |",
            f"| Coverage | {'complete' if document['coverage_complete'] else 'INCOMPLETE: see Coverage below'} |", ""]
    for number, party in enumerate(parties, 1):
        out += _counterparty(document, number, party)
    if "rejected_input" in document:
        out += [f"## Input rows that could not be checked ({len(document['rejected_input'])} of "
                f"{document['input_rows']})", ""]
        out += [f"- line {r['line']}: {md(r['reason'])}" for r in document["rejected_input"]] or ["None."]
        out.append("")
    out += _coverage(document)
    return "\n".join(out).rstrip("\n") + "\n"


def _banner(document: Mapping[str, Any]) -> list[str]:
    return [f"> **{report.SAMPLE_BANNER}**", ""] if document["sample_data"] else []


def _counterparty(document: Mapping[str, Any], number: int, party: Mapping[str, Any]) -> list[str]:
    verdict = report.VERDICT_TITLES[party["verdict"]]
    out = [f"## {number}. {md(report.who(party['query']))}: {verdict}", ""]
    out += _banner(document)
    out += [f"**Query:** {md(report.query_line(party['query']))}", "",
            f"**Verdict: {verdict}.** {md(party['summary'])}", ""]
    out += [f"- Note: {md(note)}" for note in party["notes"]]
    if party["notes"]:
        out.append("")
    sections = (("Findings", party["findings"], "No active listing matched."),
                ("History: expired and removed listings", party["history"], "None."),
                ("Red list: positive information, never a reason for concern", party["redlist"], "None."),
                ("Cleared on review: judged false positives", party["cleared"], "None."))
    for heading, entries, empty in sections:
        out += [f"### {heading} ({len(entries)})", ""]
        if not entries:
            out += [empty, ""]
        for index, entry in enumerate(entries, 1):
            out += _finding(f"{number}.{index}", entry)
    out += [f"### Review decisions: the audit trail ({len(party['reviews'])})", ""]
    if not party["reviews"]:
        out += ["None recorded.", ""]
    else:
        out += ["| Decision | Listing | By | On | Note | Applies |", "|---|---|---|---|---|---|"]
        out += [f"| {md(r['decision'])} | {md(r['listing_name'])} ({md(r['listing_id'])}) | {md(r['decided_by'])} | "
                f"{md(r['decided_at'])} | {md(r['note'])} | "
                f"{'no: the listing changed since' if r['listing_changed_since'] else 'yes'} |"
                for r in party["reviews"]]
        out.append("")
    return out


def _finding(number: str, entry: Mapping[str, Any]) -> list[str]:
    effect = entry["effect"] if entry["effect"] != "none" else entry["status"]
    out = [f"#### {number} {md(entry['listing']['name'])}: {effect}", "", "| Field | Value |", "|---|---|"]
    out += [f"| {label} | {md(value)} |" for label, value in report.finding_rows(entry)]
    out.append("")
    if entry["materiality"]:
        out += ["**Materiality:**", ""]
        out += [f"- *{note['code']}*: {md(note['note'])}" for note in entry["materiality"]]
        out.append("")
    return out


def _coverage(document: Mapping[str, Any]) -> list[str]:
    out = ["## Coverage and provenance", ""]
    missing = [c["registry"] for c in document["coverage"] if c["missing"]]
    stale = [c["registry"] for c in document["coverage"] if c["stale"] and not c["missing"]]
    if missing:
        out += [f"**Not searched:** {md(', '.join(missing))}.", ""]
    if stale:
        out += [f"**Stale** (older than the registry's maximum age): {md(', '.join(stale))}.", ""]
    columns = report.COVERAGE_COLUMNS
    out += ["| " + " | ".join(c.capitalize() for c in columns) + " |", "|" + "---|" * len(columns)]
    for row in report.coverage_rows(document):
        out.append("| " + " | ".join(md(row[c]) for c in columns) + " |")
    out.append("")
    return out


def render_index(index: Mapping[str, Any]) -> str:
    """The index of a batch written one file per counterparty."""
    out = [f"# Due-diligence reports: {len(index['entries'])} counterparties", ""]
    out += _banner(index)
    coverage = "complete" if index["coverage_complete"] else "INCOMPLETE"
    out += [f"As of {index['as_of']}; generated {index['generated_at']} by scscheck {index['tool_version']}; inputs "
            f"digest `{index['inputs_digest']}`; coverage {coverage}.",
            "", "| Line | Counterparty | Verdict | Summary | Report |", "|---|---|---|---|---|"]
    for e in index["entries"]:
        out.append(f"| {e['query'].get('line', '')} | {md(report.who(e['query']))} | "
                   f"{report.VERDICT_TITLES[e['verdict']]} | {md(e['summary'])} | [{md(e['file'])}](<{e['file']}>) |")
    if index.get("rejected_input"):
        out += ["", "Input rows that could not be checked:", ""]
        out += [f"- line {r['line']}: {md(r['reason'])}" for r in index["rejected_input"]]
    return "\n".join(out) + "\n"
