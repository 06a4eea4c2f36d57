"""Reading a snapshot file into records: CSV, TSV, JSONL, JSON and XLSX, optionally gzip-compressed,
with the text encoding detected (UTF-8 with or without BOM, else GB18030).

Every record read comes out either as values or as an error with its line number, so the loader can
account for every row: rows read = loaded + rejected. Only blank lines (every cell empty or whitespace)
are skipped: they are not records. A file is hostile input, so a record is rejected, with a one-line
reason, when:

- it has more cells than the header (trailing empty cells aside) or, in CSV/TSV, fewer;
- a cell is over MAX_FIELD_CHARS characters, or the record over MAX_RECORD_CHARS: no published field is
  that long, and a runaway (an unclosed quote, a binary blob) must not bloat the cache;
- it holds bytes not valid in the encoding, or a NUL character (binary data, or UTF-16 read as UTF-8);
- in a snapshot read as GB18030 (or another non-UTF-8 encoding), its bytes are really UTF-8 Chinese text
  (a mixed file: loading it would store mojibake that no check can match).

The raw text kept with a rejection is at most MAX_RAW_CHARS characters, control and bidi characters and
undecodable bytes escaped, so that listing rejected rows never garbles a terminal. A snapshot whose
declared encoding its content plainly contradicts (UTF-8 declared, GB18030 found, or the other way) is
refused whole (SnapshotError), so that the previous snapshot stays in force rather than one whose every
row is rejected or garbled. A byte-order mark (UTF-8 or UTF-16) decides the encoding whatever is declared.
"""

import codecs
import csv
import gzip
import io
import json
import re
import warnings
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scscheck.errors import SnapshotError
from scscheck.registry import Source, column_name
from scscheck.text import BIDI, CONTROL, FORMAT, LINE_SEPARATORS, SURROGATES, escape, shown

MAX_FIELD_CHARS = 16 * 1024
MAX_RECORD_CHARS = 64 * 1024
MAX_RAW_CHARS = 4096
_PEEK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"
_ESCAPE = "scscheck.escape"
# Errors a damaged file can raise while it is read (zlib.error: corrupt deflate data inside gzip or XLSX).
_READ_ERRORS = (OSError, EOFError, zlib.error, UnicodeError)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_UNDECODED = re.compile(r"[\udc00-\udcff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# Escaped in the raw text kept with a rejection; a tab stays, as the delimiter of TSV rows.
_RAW_UNSAFE = re.compile(f"[\n{CONTROL}{BIDI}{FORMAT}{LINE_SEPARATORS}{SURROGATES}]")
_UTF8 = ("utf-8", "utf-8-sig")
csv.field_size_limit(64 * 1024 * 1024)


def _keep_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Like surrogateescape, but for any byte (surrogateescape gives up on one below 0x80, which UTF-16
    and GB18030 errors can span): byte b becomes U+DC00+b, so the record holding it is rejected."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(0xDC00 + b) for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(_ESCAPE, _keep_bytes)


@dataclass(frozen=True)
class Record:
    """One record of a snapshot: its line (or record number) and either its values or why it is unreadable."""

    line: int
    values: dict[str, str] | None
    error: str | None = None
    raw: str = ""
    joiner: str = ""  # a delimited row's raw text is its values joined by this, made only if it is rejected

    def published(self) -> str:
        """The record's text as kept with a rejection."""
        if self.raw or self.values is None:
            return self.raw
        return raw_text(self.joiner.join(self.values.values()))


class SnapshotReader:
    """Iterates the records of one snapshot file; `columns` is known before the first record."""

    def __init__(self, path: Path, source: Source) -> None:
        self.path = path
        self.source = source
        self.encoding = ""
        self.columns: list[str] = []
        self._mojibake = False  # whether to look for UTF-8 rows in a file read in another encoding
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
        self._mojibake = codecs.lookup(self.encoding).name not in _UTF8 and _ascii_compatible(self.encoding)
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
            except _READ_ERRORS as exc:
                raise SnapshotError(f"cannot decompress snapshot: {exc}") from None
        final = len(head) < _PEEK
        if head.startswith(codecs.BOM_UTF8):  # a byte-order mark says more than a declaration (as in browsers)
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        found = "utf-8" if _mostly_utf8(head, final) else "gb18030"
        if declared == "auto":
            return found
        name = codecs.lookup(declared).name
        if name in _UTF8:
            if found == "gb18030" and _decodes(head, "gb18030", final):
                raise SnapshotError(
                    f"the registry declares encoding '{shown(declared)}', but the snapshot is not UTF-8 (it reads "
                    "as GB18030); set [source] encoding to \"gb18030\" or \"auto\""
                )
            return "utf-8-sig"
        if _ascii_compatible(declared) and found == "utf-8" and _utf8_text(head, final, 3):
            raise SnapshotError(
                f"the registry declares encoding '{shown(declared)}', but the snapshot is UTF-8 text; set [source] "
                "encoding to \"utf-8\" or \"auto\""
            )
        return declared

    def _text(self) -> io.TextIOWrapper:
        # undecodable bytes stay visible (as U+DC00+byte), so such a row is rejected, never silently altered
        return io.TextIOWrapper(self._binary(), encoding=self.encoding, errors=_ESCAPE, newline="")

    def _delimited(self, delimiter: str) -> Iterator[Record]:
        fh = self._text()
        reader = csv.reader(fh, delimiter=delimiter)
        header: list[str] | None = None
        try:
            for header_row in reader:
                if any(cell.strip() for cell in header_row):
                    header = _header(header_row)
                    break
        except (csv.Error, *_READ_ERRORS) as exc:
            fh.close()
            raise SnapshotError(f"cannot read the header: {shown(exc, 200)}") from None
        if header is None:
            fh.close()
            raise SnapshotError("the snapshot is empty (no header row)")
        self.columns = header
        return self._delimited_rows(fh, reader, header, delimiter)

    def _delimited_rows(self, fh: IO[str], reader: Any, header: list[str], delimiter: str) -> Iterator[Record]:
        with fh:
            line = reader.line_num + 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield Record(line, None, f"malformed CSV: {shown(exc, 200)}")
                    line = reader.line_num + 1
                    continue
                except _READ_ERRORS as exc:
                    raise SnapshotError(
                        f"snapshot ends early or is corrupt after line {line}: {shown(exc, 200)}") from None
                start, line = line, reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue  # blank lines are not records
                if len(row) != len(header):
                    raw = raw_text(delimiter.join(row))
                    while len(row) > len(header) and not row[-1].strip():
                        row.pop()  # trailing empty cells (a trailing delimiter) hold nothing
                    if len(row) != len(header):
                        span = f" (lines {start}-{line - 1}: an unclosed quote?)" if line - 1 > start else ""
                        yield Record(start, None, f"row has {len(row)} fields, the header has {len(header)}{span}",
                                     raw)
                        continue
                values = dict(zip(header, row, strict=True))
                problem = self._check(values)
                # the row's text is kept only for a rejection: made when needed (see Record.published)
                yield Record(start, None, problem, raw_text(delimiter.join(row))) if problem else Record(
                    start, values, joiner=delimiter)

    def _check(self, values: Mapping[str, str]) -> str | None:
        """Why a record's values cannot be loaded (see the module's docstring), or None."""
        joined = "\x1f".join(values.values())  # one scan of the whole row in the common, clean case
        if (len(joined) > MAX_FIELD_CHARS or _SURROGATE.search(joined) or "\x00" in joined
                or len(joined) + sum(map(len, values)) > MAX_RECORD_CHARS):
            problem = self._problem(values)
            if problem:
                return problem
        if self._mojibake and _utf8_in_disguise(joined, self.encoding):
            return f"the row is UTF-8 text, not {self.encoding} like the rest of the snapshot (mixed encodings)"
        return None

    def _problem(self, values: Mapping[str, str]) -> str | None:
        """Which value is too long, holds undecodable bytes or a NUL, if any."""
        total = 0
        for column, value in values.items():
            if len(value) > MAX_FIELD_CHARS:
                return (f"column '{shown(column)}' is {len(value):,} characters, over the limit of "
                        f"{MAX_FIELD_CHARS:,}")
            total += len(value) + len(column)
        if total > MAX_RECORD_CHARS:
            return f"the record is {total:,} characters, over the limit of {MAX_RECORD_CHARS:,}"
        for column, value in values.items():
            if _SURROGATE.search(value):
                encoding = self.encoding.removesuffix("-sig")
                what = f"bytes not valid in {encoding}" if _UNDECODED.search(value) else "invalid text"
                return f"{what} in column '{shown(column)}': {_context(value)}"
            if "\x00" in value:
                return f"NUL character in column '{shown(column)}'"
        return None

    def _jsonl(self) -> Iterator[Record]:
        return self._jsonl_rows(self._text())

    def _jsonl_rows(self, fh: IO[str]) -> Iterator[Record]:
        with fh:
            number = 0
            try:
                for text in fh:
                    number += 1
                    if not text.strip():
                        continue
                    yield self._json_record(number, text)
            except _READ_ERRORS as exc:
                raise SnapshotError(
                    f"snapshot ends early or is corrupt after line {number}: {shown(exc, 200)}") from None

    def _json_record(self, number: int, text: str) -> Record:
        raw = raw_text(text.strip())
        if len(text) > 6 * MAX_RECORD_CHARS:  # too long to parse even if every character is a \uXXXX escape
            return Record(number, None, f"the record is {len(text):,} characters, over the limit of "
                                        f"{MAX_RECORD_CHARS:,}", raw)
        try:
            item = json.loads(text)
        except json.JSONDecodeError as exc:
            return Record(number, None, f"not valid JSON: {exc.msg}", raw)
        except (ValueError, RecursionError) as exc:  # an integer of thousands of digits, nesting too deep
            return Record(number, None, f"not valid JSON: {shown(exc) or type(exc).__name__}", raw)
        return self._json_item(number, item, raw)

    def _json(self) -> Iterator[Record]:
        try:
            with self._text() as fh:
                text = fh.read()
        except _READ_ERRORS as exc:
            raise SnapshotError(f"snapshot ends early or is corrupt: {shown(exc, 200)}") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SnapshotError(f"not valid JSON: {shown(exc, 200)}") from None
        except (ValueError, RecursionError) as exc:
            raise SnapshotError(f"not valid JSON: {shown(exc) or type(exc).__name__}") from None
        records = document
        for key in filter(None, self.source.records.split(".")):
            if not isinstance(records, dict) or key not in records:
                raise SnapshotError(f"the JSON has no '{shown(self.source.records)}' (missing '{shown(key)}')")
            records = records[key]
        if not isinstance(records, list):
            raise SnapshotError(f"'{shown(self.source.records or '(top level)')}' is not an array of records")
        return (self._json_item(number, item) for number, item in enumerate(records, start=1))

    def _json_item(self, number: int, item: Any, raw: str = "") -> Record:
        if not raw:
            try:
                raw = raw_text(json.dumps(item, ensure_ascii=False))
            except (ValueError, RecursionError):
                raw = ""
        if not isinstance(item, dict):
            return Record(number, None, f"record is a JSON {_json_type(item)}, not an object", raw)
        try:
            values = {column_name(str(k)): _json_value(v) for k, v in item.items()}
        except (ValueError, RecursionError):  # a value nested too deeply to serialise
            return Record(number, None, "a value is nested too deeply", raw)
        problem = self._check(values)
        return Record(number, None, problem, raw) if problem else Record(number, values, raw=raw)

    def _xlsx(self) -> Iterator[Record]:
        import openpyxl

        try:
            with warnings.catch_warnings():  # openpyxl warns about styles and dates on stderr
                warnings.simplefilter("ignore")
                workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # a hostile file can make the zip and XML parsers raise almost anything
            raise SnapshotError(f"not a readable XLSX workbook: {type(exc).__name__}: {shown(exc, 200)}") from None
        if not workbook.sheetnames:
            workbook.close()
            raise SnapshotError("the workbook has no sheets")
        sheet_name = self.source.sheet or workbook.sheetnames[0]
        if sheet_name not in workbook.sheetnames:
            names = ", ".join(shown(n) for n in workbook.sheetnames[:20])
            workbook.close()
            raise SnapshotError(f"the workbook has no sheet '{shown(sheet_name)}' (has: {names})")
        rows = _quiet(workbook[sheet_name].iter_rows(values_only=True))
        number = 0
        try:
            for header_row in rows:
                number += 1
                if any(_cell(c).strip() for c in header_row):
                    self.columns = _header([_cell(c) for c in header_row])
                    break
            else:
                raise SnapshotError("the sheet is empty (no header row)")
        except BaseException:
            workbook.close()
            raise
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
                raw = raw_text(",".join(cells))
                if len(cells) > len(header):
                    yield Record(number, None, f"row has {len(cells)} cells, the header has {len(header)}", raw)
                    continue
                cells += [""] * (len(header) - len(cells))
                values = dict(zip(header, cells, strict=True))
                problem = self._check(values)
                yield Record(number, None, problem, raw) if problem else Record(number, values, raw=raw)
        finally:
            workbook.close()


def _quiet(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """A sheet's rows with openpyxl's warnings silenced, and any failure of a damaged sheet a SnapshotError."""
    number = 0
    while True:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # zip, zlib, XML or cell-type errors from a damaged sheet
            raise SnapshotError(
                f"the workbook is damaged after row {number}: {type(exc).__name__}: {shown(exc, 200)}"
            ) from None
        number += 1
        yield row


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def _header(cells: list[str]) -> list[str]:
    """Column names from a header row, compared as the registry's (see registry.column_name), undecodable
    bytes and control characters escaped. Trailing empty cells are no columns; an empty name between
    becomes `(column N)` and a repeated one `NAME (column N)`: no column's values are lost, and the first
    of a name is the one a registry maps."""
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()  # a trailing delimiter, or a sheet's dimension wider than its header
    columns: list[str] = []
    seen: set[str] = set()
    for number, cell in enumerate(cells, start=1):
        name = shown(column_name(cell), 200) or f"(column {number})"
        if name in seen:
            name = f"{name} (column {number})"
        seen.add(name)
        columns.append(name)
    return columns


def _ascii_compatible(encoding: str) -> bool:
    try:
        return "a,\n".encode(encoding) == b"a,\n"
    except (LookupError, UnicodeError):
        return False


def _mostly_utf8(head: bytes, final: bool) -> bool:
    """Whether the start of a file is UTF-8: valid, or mostly so (a UTF-8 file with some rows in another
    encoding). Lines with non-ASCII bytes vote, valid UTF-8 or not: a line of GB18030 text of more than
    a character or two is never valid UTF-8. With fewer than three such lines (a JSON document on one
    line), characters vote: GB18030 text read as UTF-8 is mostly invalid bytes."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=final)
        return True
    except UnicodeDecodeError:
        pass
    lines = head.split(b"\n")
    if not final:
        lines.pop()  # may end in the middle of a character
    votes = [_decodes(line, "utf-8", True) for line in lines if not line.isascii()]
    if len(votes) >= 3:
        return sum(votes) > len(votes) / 2
    text = codecs.getincrementaldecoder("utf-8")(_ESCAPE).decode(head, final=final)
    invalid = len(_UNDECODED.findall(text))
    characters = len(_NON_ASCII.findall(text)) - invalid
    return characters >= 2 * invalid


def _decodes(head: bytes, encoding: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=final)
        return True
    except UnicodeDecodeError:
        return False


def _utf8_text(head: bytes, final: bool, least: int) -> bool:
    """Whether bytes are valid UTF-8 holding at least `least` Chinese characters (GB18030 text of more than
    a few characters is never valid UTF-8)."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=final)
    except UnicodeDecodeError:
        return False
    return len(_CJK.findall(text)) >= least


def _utf8_in_disguise(text: str, encoding: str) -> bool:
    """Whether text read as `encoding` was UTF-8 Chinese (mojibake): its bytes are valid UTF-8 with at least
    three non-ASCII characters, all Chinese. GB18030 text passes that by chance about once in 10^5 rows of
    three Chinese characters, and ever less the longer the row."""
    if text.isascii():
        return False
    try:
        decoded = text.encode(encoding).decode("utf-8")
    except UnicodeError:
        return False
    non_ascii = _NON_ASCII.findall(decoded)
    return len(non_ascii) >= 3 and all(_CJK.match(ch) for ch in non_ascii)


def _context(value: str) -> str:
    """The bad characters of a value and a few around them: as bytes where they are undecodable."""
    match = _SURROGATE.search(value)
    i = match.start() if match else 0
    part = value[max(0, i - 8) : i + 8]
    if not re.search(r"[\ud800-\udbff\udd00-\udfff]", part):
        return repr(b"".join(
            bytes([ord(ch) - 0xDC00]) if "\udc00" <= ch <= "\udcff" else ch.encode("utf-8") for ch in part
        ))
    return shown(part)


def raw_text(text: str) -> str:
    """The row as kept with a rejection: at most MAX_RAW_CHARS characters, undecodable bytes (\\xff),
    control, bidi and invisible characters (\\n, \\u202e, \\u200b) escaped."""
    cut = len(text) > MAX_RAW_CHARS
    text = _RAW_UNSAFE.sub(escape, text[:MAX_RAW_CHARS])
    if not cut and len(text) <= MAX_RAW_CHARS:
        return text
    marker = "… [cut]"
    return text[: MAX_RAW_CHARS - len(marker)] + marker


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


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else type(value).__name__


def _json_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
