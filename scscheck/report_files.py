"""Reports as files: the document rendered in a format, written whole or not at all, and a batch written
one report per counterparty with an index (`scscheck.report-index/1`)."""

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from scscheck import __version__
from scscheck.check import CheckReport, Result
from scscheck.errors import UsageError
from scscheck.registry import Registry
from scscheck.report import build, inputs_digest, summary, who
from scscheck.store import Store
from scscheck.text import json_dumps

INDEX_SCHEMA = "scscheck.report-index/1"


def render(document: Mapping[str, Any], fmt: str) -> str:
    """A report, or a batch's index, as Markdown, HTML or JSON text."""
    if fmt == "json":
        return json_dumps(document) + "\n"
    is_index = document["schema"] == INDEX_SCHEMA
    if fmt == "html":
        from scscheck import report_html

        return report_html.render_index(document) if is_index else report_html.render(document)
    from scscheck import report_md

    return report_md.render_index(document) if is_index else report_md.render(document)


def per_counterparty(check: CheckReport) -> list[CheckReport]:
    """A batch as one check per counterparty, each with the batch's coverage (for one file each)."""
    return [replace(check, results=[result], batch=False, rejected=[], verdicts={result.verdict: 1})
            for result in check.results]


def file_name(number: int, result: Result, fmt: str) -> str:
    """A file name for one counterparty's report: its input line (or number), verdict and name, with only
    letters, digits and Han characters kept from the name (a list or input file cannot name a path)."""
    line = result.query.get("line") or number
    slug = re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "-", who(result.query)).strip("-")[:40] or "counterparty"
    return f"{int(line):05d}-{result.verdict}-{slug}.{fmt}"


def index(check: CheckReport, files: list[str]) -> dict[str, Any]:
    """The index of a batch written one file per counterparty (`scscheck.report-index/1`)."""
    return {
        "schema": INDEX_SCHEMA, "tool_version": __version__, "generated_at": check.generated_at,
        "as_of": check.as_of, "inputs_digest": inputs_digest(check),
        "sample_data": any(c.sample and not c.missing for c in check.coverage),
        "coverage_complete": check.complete,
        "entries": [{"file": name, "query": r.query, "verdict": r.verdict, "summary": summary(r, check)}
                    for name, r in zip(files, check.results, strict=True)],
        "input_rows": len(check.results) + len(check.rejected),
        "rejected_input": [asdict(r) for r in check.rejected],
    }


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write a file whole or not at all: a report is never left half-written. `encoding` utf-8-sig puts a
    byte-order mark first (spreadsheets need it to read CSV as UTF-8)."""
    temp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding=encoding, dir=path.parent, prefix=f".{path.name}.",
                                         delete=False, newline="") as fh:
            temp = Path(fh.name)
            fh.write(text)
        os.replace(temp, path)
    except OSError as exc:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise UsageError(f"--output {path}: cannot write: {exc.strerror or exc}") from None


def write_folder(folder: Path, check: CheckReport, registries: Mapping[str, Registry], store: Store,
                 fmt: str) -> list[Path]:
    """One report per counterparty in a new or empty folder, and `index.<fmt>`; returns the files written.
    A folder holding anything is refused: reports of an earlier run would mix with these."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"--output {folder}: {'not a folder' if not folder.is_dir() else 'the folder is not empty'}; "
                         "give a new or empty folder, so that reports of another run are not mixed in")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--output {folder}: cannot create the folder: {exc.strerror or exc}") from None
    written, names = [], []
    for number, single in enumerate(per_counterparty(check), 1):
        name = file_name(number, single.results[0], fmt)
        names.append(name)
        write_text(folder / name, render(build(single, registries, store), fmt))
        written.append(folder / name)
    write_text(folder / f"index.{fmt}", render(index(check, names), fmt))
    return [*written, folder / f"index.{fmt}"]
