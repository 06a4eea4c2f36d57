"""Byte-for-byte reproducible writers for the sample formats: CSV/TSV (any encoding, optional BOM,
optional gzip), JSON, JSONL and XLSX.

Reproducible means: gzip headers carry no file name and mtime 0; XLSX workbooks get fixed document
properties and are re-zipped with fixed entry timestamps and attributes in a fixed order; text is
written with explicit encodings and line endings, whatever the platform.
"""

import csv
import gzip
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

Cell = str | date | int | None
"""A cell value: text, a date (a real date cell in XLSX), a number, or None (null / empty)."""

FIXED_TIMESTAMP = datetime(2026, 11, 20, 8, 0, 0)
"""The timestamp written into XLSX document properties and zip entries."""


@dataclass
class Table:
    """A sheet of records: column names and rows of cells, in order."""

    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    title: str = "Sheet1"

    def records(self) -> Iterator[dict[str, Cell]]:
        """Each row as a column -> value mapping, in column order."""
        for row in self.rows:
            yield dict(zip(self.columns, row, strict=True))


@contextmanager
def gzip_text(path: Path, encoding: str = "utf-8", compresslevel: int = 6) -> Iterator[io.TextIOWrapper]:
    """A text stream into a reproducible gzip file (no file name, mtime 0)."""
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=compresslevel) as gz,
        io.TextIOWrapper(gz, encoding=encoding, newline="", write_through=False) as text,
    ):
        yield text


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def write_delimited(
    path: Path,
    table: Table,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
    lineterminator: str = "\r\n",
    compress: bool = False,
) -> None:
    """Write a CSV (or TSV with ``delimiter="\\t"``); ``bom`` prefixes a UTF-8 byte-order mark."""
    rows: Iterable[Sequence[str]] = ([_text(c) for c in row] for row in table.rows)
    if compress:
        with gzip_text(path, encoding) as fh:
            _write_rows(fh, table.columns, rows, delimiter, lineterminator, bom)
        return
    with path.open("w", encoding=encoding, newline="") as fh:
        _write_rows(fh, table.columns, rows, delimiter, lineterminator, bom)


def _write_rows(
    fh: Any,
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    delimiter: str,
    lineterminator: str,
    bom: bool,
) -> None:
    if bom:
        fh.write("\ufeff")
    writer = csv.writer(fh, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows(rows)


def _json_cell(cell: Cell) -> Any:
    return cell.isoformat() if isinstance(cell, date) else cell


def write_jsonl(path: Path, table: Table) -> None:
    """One JSON object per line, keys in column order, UTF-8, ``\\n`` line endings."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for record in table.records():
            fh.write(json.dumps({k: _json_cell(v) for k, v in record.items()}, ensure_ascii=False))
            fh.write("\n")


def write_json(path: Path, table: Table, envelope: dict[str, Any], records_path: str) -> None:
    """A JSON document whose array of records sits at the dotted ``records_path`` of ``envelope``
    (each dict on the way must already exist in ``envelope``; its ``list`` key is filled in)."""
    document = json.loads(json.dumps(envelope))
    target = document
    keys = records_path.split(".")
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = [{k: _json_cell(v) for k, v in r.items()} for r in table.records()]
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        json.dump(document, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def write_xlsx(path: Path, sheets: Sequence[Table], *, title: str, description: str) -> None:
    """An XLSX workbook, one worksheet per table, reproducible to the byte. Date cells are real Excel
    dates (formatted ``yyyy-mm-dd``); text stays text, so impossible dates can be written as published."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for table in sheets:
        sheet = workbook.create_sheet(table.title)
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([_xlsx_cell(c) for c in row])
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd"
    props = workbook.properties
    props.creator = "scscheck sample generator"
    props.lastModifiedBy = "scscheck sample generator"
    props.title = title
    props.description = description
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    _rezip(buffer.getvalue(), path)


def _xlsx_cell(cell: Cell) -> Any:
    if isinstance(cell, date) and not isinstance(cell, datetime):
        return datetime(cell.year, cell.month, cell.day)
    return cell


def _rezip(data: bytes, path: Path) -> None:
    """Copy a zip archive entry by entry with fixed timestamps and attributes (and fixed core dates)."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o100644 << 16
            target.writestr(entry, content, compresslevel=6)
