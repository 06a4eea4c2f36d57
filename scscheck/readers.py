"""Reading a snapshot file into records: CSV, TSV, JSONL, JSON and XLSX, optionally gzip-compressed,
with the text encoding detected (UTF-8 with or without BOM, else GB18030).

Every record read comes out either as values or as an error with its line number, so the loader can
account for every row: rows read = loaded + rejected.
"""

import codecs
import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scscheck.errors import SnapshotError
from scscheck.registry import Source

_PEEK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(frozen=True)
class Record:
    """One record of a snapshot: its line (or record number) and either its values or why it is unreadable."""

    line: int
    values: dict[str, str] | None
    error: str | None = None
    raw: str = ""


class SnapshotReader:
    """Iterates the records of one snapshot file; `columns` is known before the first record."""

    def __init__(self, path: Path, source: Source) -> None:
        self.path = path
        self.source = source
        self.encoding = ""
        self.columns: list[str] = []
        self._records: Iterator[Record] = iter(())
        self._open()

    def __iter__(self) -> Iterator[Record]:
        return self._records

    def _open(self) -> None:
        fmt = self.source.format
        if fmt == "xlsx":
            if _is_gzip(self.path):
                raise SnapshotError("gzip-compressed XLSX is not supported; XLSX is already compressed")
            self._records = self._xlsx()
            return
        self.encoding = self._detect_encoding()
        if fmt in ("csv", "tsv"):
            self._records = self._delimited("\t" if fmt == "tsv" else ",")
        elif fmt == "jsonl":
            self._records = self._jsonl()
        else:
            self._records = self._json()

    def _binary(self) -> IO[bytes]:
        if _is_gzip(self.path):
            return gzip.open(self.path, "rb")  # type: ignore[return-value]
        return self.path.open("rb")

    def _detect_encoding(self) -> str:
        declared = self.source.encoding
        with self._binary() as fh:
            try:
                head = fh.read(_PEEK)
            except (OSError, EOFError) as exc:
                raise SnapshotError(f"cannot decompress snapshot: {exc}") from None
        if declared != "auto":
            return "utf-8-sig" if codecs.lookup(declared).name == "utf-8" else declared
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _PEEK)
            return "utf-8"
        except UnicodeDecodeError:
            return "gb18030"

    def _text(self) -> io.TextIOWrapper:
        # surrogateescape keeps undecodable bytes visible, so such a row is rejected, never silently altered
        return io.TextIOWrapper(self._binary(), encoding=self.encoding, errors="surrogateescape", newline="")

    def _delimited(self, delimiter: str) -> Iterator[Record]:
        fh = self._text()
        reader = csv.reader(fh, delimiter=delimiter)
        header: list[str] | None = None
        try:
            for header_row in reader:
                if any(cell.strip() for cell in header_row):
                    header = [_column(cell) for cell in header_row]
                    break
        except (csv.Error, OSError, EOFError) as exc:
            fh.close()
            raise SnapshotError(f"cannot read the header: {exc}") from None
        if header is None:
            fh.close()
            raise SnapshotError("the snapshot is empty (no header row)")
        self.columns = header
        return self._delimited_rows(fh, reader, header)

    def _delimited_rows(self, fh: IO[str], reader: Any, header: list[str]) -> Iterator[Record]:
        with fh:
            line = reader.line_num + 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield Record(line, None, f"malformed CSV: {exc}")
                    line = reader.line_num + 1
                    continue
                except (OSError, EOFError) as exc:
                    raise SnapshotError(f"snapshot ends early or is corrupt after line {line}: {exc}") from None
                start, line = line, reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue  # blank lines are not records
                raw = _raw(",".join(row))
                if len(row) != len(header):
                    yield Record(start, None, f"row has {len(row)} fields, the header has {len(header)}", raw)
                    continue
                bad = _undecodable(row)
                if bad:
                    yield Record(start, None, f"bytes not valid in {self.encoding}: {bad}", raw)
                    continue
                yield Record(start, dict(zip(header, row, strict=True)), raw=raw)

    def _jsonl(self) -> Iterator[Record]:
        return self._jsonl_rows(self._text())

    def _jsonl_rows(self, fh: IO[str]) -> Iterator[Record]:
        with fh:
            try:
                for number, text in enumerate(fh, start=1):
                    if not text.strip():
                        continue
                    yield _json_record(number, text)
            except (OSError, EOFError) as exc:
                raise SnapshotError(f"snapshot ends early or is corrupt: {exc}") from None

    def _json(self) -> Iterator[Record]:
        try:
            with self._text() as fh:
                text = fh.read()
        except (OSError, EOFError) as exc:
            raise SnapshotError(f"snapshot ends early or is corrupt: {exc}") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SnapshotError(f"not valid JSON: {exc}") from None
        records = document
        for key in filter(None, self.source.records.split(".")):
            if not isinstance(records, dict) or key not in records:
                raise SnapshotError(f"the JSON has no '{self.source.records}' (missing '{key}')")
            records = records[key]
        if not isinstance(records, list):
            raise SnapshotError(f"'{self.source.records or '(top level)'}' is not an array of records")
        return (_json_item(number, item) for number, item in enumerate(records, start=1))

    def _xlsx(self) -> Iterator[Record]:
        import zipfile

        import openpyxl

        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise SnapshotError(f"not a readable XLSX workbook: {exc}") from None
        sheet_name = self.source.sheet or workbook.sheetnames[0]
        if sheet_name not in workbook.sheetnames:
            workbook.close()
            raise SnapshotError(f"the workbook has no sheet '{sheet_name}' (has: {', '.join(workbook.sheetnames)})")
        rows = workbook[sheet_name].iter_rows(values_only=True)
        number = 0
        for header_row in rows:
            number += 1
            if any(_cell(c).strip() for c in header_row):
                self.columns = [_column(_cell(c)) for c in header_row]
                break
        else:
            workbook.close()
            raise SnapshotError("the sheet is empty (no header row)")
        return self._xlsx_rows(workbook, rows, number)

    def _xlsx_rows(self, workbook: Any, rows: Iterator[tuple[Any, ...]], number: int) -> Iterator[Record]:
        header = self.columns
        try:
            for row in rows:
                number += 1
                cells = [_cell(c) for c in row]
                while len(cells) > len(header) and not cells[-1].strip():
                    cells.pop()
                if not any(c.strip() for c in cells):
                    continue
                raw = _raw(",".join(cells))
                if len(cells) > len(header):
                    yield Record(number, None, f"row has {len(cells)} cells, the header has {len(header)}", raw)
                    continue
                cells += [""] * (len(header) - len(cells))
                yield Record(number, dict(zip(header, cells, strict=True)), raw=raw)
        finally:
            workbook.close()


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def _column(name: str) -> str:
    return name.replace("\ufeff", "").strip()


def _undecodable(row: list[str]) -> str:
    for cell in row:
        for i, ch in enumerate(cell):
            if "\udc80" <= ch <= "\udcff":
                return repr(cell[max(0, i - 8) : i + 8].encode("utf-8", "surrogateescape"))
    return ""


def _raw(text: str) -> str:
    """The row as kept with a rejection: undecodable bytes escaped, at most 4 KiB."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")[:4096]


def _cell(value: Any) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_record(number: int, text: str) -> Record:
    raw = _raw(text.strip())
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        return Record(number, None, f"not valid JSON: {exc.msg}", raw)
    return _json_item(number, item, raw)


def _json_item(number: int, item: Any, raw: str = "") -> Record:
    raw = raw or _raw(json.dumps(item, ensure_ascii=False))
    if not isinstance(item, dict):
        return Record(number, None, f"record is a JSON {type(item).__name__}, not an object", raw)
    values = {str(k).strip(): _json_value(v) for k, v in item.items()}
    bad = _undecodable(list(values.values()))
    if bad:
        return Record(number, None, f"bytes not valid in the declared encoding: {bad}", raw)
    return Record(number, values, raw=raw)


def _json_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
