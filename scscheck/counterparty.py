"""A counterparty to check: the company (or person) as the user gives it, validated."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scscheck import regions
from scscheck.errors import InputError
from scscheck.ids import orgcode, ric, uscc
from scscheck.text import shown


@dataclass(frozen=True)
class Counterparty:
    """What the user knows of a counterparty; at least a name or a code."""

    name: str | None = None
    uscc: str | None = None
    legal_rep: str | None = None
    id_number: str | None = None
    region: str | None = None
    legal_rep_id: str | None = None
    line: int | None = None  # where it was read, in a batch file

    def as_query(self) -> dict[str, Any]:
        """The query as given, for output."""
        return {k: v for k, v in asdict(self).items() if v}


def make(
    name: str | None = None,
    uscc_code: str | None = None,
    legal_rep: str | None = None,
    id_number: str | None = None,
    region: str | None = None,
    legal_rep_id: str | None = None,
    line: int | None = None,
) -> Counterparty:
    """Validate and normalise user input into a Counterparty; raises InputError with a one-line reason.

    `id_number` is the ID of the counterparty when it is a person; given with a legal representative and
    without `legal_rep_id`, it is taken as the legal representative's ID (the common way it is asked)."""
    name = " ".join(name.split()) if name else None
    legal_rep = " ".join(legal_rep.split()) if legal_rep else None
    code = None
    if uscc_code and uscc_code.strip():
        from stdnum.exceptions import ValidationError  # not at the top: see scscheck.ids

        compact = uscc.compact(uscc_code)
        if len(compact) == 18:
            try:
                code = uscc.validate(compact)
            except ValidationError as exc:
                reason = str(exc).rstrip(".").lower()
                raise InputError(f"--uscc '{uscc_code}' is not a valid USCC: {reason}") from None
        elif orgcode.is_valid(compact):
            code = orgcode.compact(compact)
        else:
            raise InputError(
                f"--uscc '{shown(uscc_code)}' is neither an 18-character USCC nor a 9-character organization code"
            )
    person_id = _person_id(id_number, "--id")
    rep_id = _person_id(legal_rep_id, "--legal-rep-id")
    if legal_rep and person_id and not rep_id:
        person_id, rep_id = None, person_id
    region_code = None
    if region and region.strip():
        region_code, _ = regions.resolve(region)
        if region_code is None:
            raise InputError(f"--region '{region}' is not a GB 2260 code or a known division name")
    if not (name or code or legal_rep):
        raise InputError("give a name, --uscc or --legal-rep to check")
    return Counterparty(name=name, uscc=code, legal_rep=legal_rep, id_number=person_id, region=region_code,
                        legal_rep_id=rep_id, line=line)


def _person_id(value: str | None, option: str) -> str | None:
    if not value or not value.strip():
        return None
    compact = ric.compact(value)
    if not (ric.is_valid(compact) or ric.is_masked(compact)):
        raise InputError(f"{option} '{value}' is not a resident ID number (18 characters, may be masked with *)")
    return compact


# Column names recognised in a counterparty input file, per field (compared without case and spaces).
INPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "名称", "企业名称", "单位名称", "公司名称", "供应商名称", "客户名称", "counterparty",
             "company", "companyname", "姓名", "主体名称"),
    "uscc": ("uscc", "统一社会信用代码", "信用代码", "社会信用代码", "code", "creditcode", "组织机构代码"),
    "legal_rep": ("legal_rep", "legalrep", "legalrepresentative", "法定代表人", "法定代表人姓名", "法人代表",
                  "法人"),
    "legal_rep_id": ("legal_rep_id", "legalrepid", "法定代表人身份证号码", "法定代表人证件号码", "法人身份证号"),
    "id_number": ("id", "id_number", "idnumber", "身份证号码", "证件号码", "身份证号"),
    "region": ("region", "地区", "省份", "所在地区", "注册地", "province", "city"),
}
FIELDS = tuple(INPUT_COLUMNS)
_SUFFIX_FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
                   ".xlsx": "xlsx"}


@dataclass(frozen=True)
class InputRejection:
    """A row of an input file that could not be checked, and why."""

    line: int
    reason: str


@dataclass
class InputBatch:
    """The counterparties read from a file, and the rows that could not be read; every row is one or
    the other."""

    counterparties: list[Counterparty] = field(default_factory=list)
    rejected: list[InputRejection] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """Rows read."""
        return len(self.counterparties) + len(self.rejected)


def _key(column: str) -> str:
    return "".join(column.split()).replace("_", "").lower()


def read_file(path: Path, columns: Mapping[str, str] | None = None) -> InputBatch:
    """Read counterparties from a CSV/TSV (UTF-8 or GB18030), XLSX, JSON (an array) or JSON Lines file,
    one per row. Columns are found by their usual Chinese and English names, or as `columns` maps them
    (field -> column). A row that cannot be read or checked is kept as a rejection with its line."""
    from scscheck.errors import SnapshotError
    from scscheck.readers import SnapshotReader
    from scscheck.registry import Source

    name = path.name.removesuffix(".gz")
    fmt = next((f for suffix, f in _SUFFIX_FORMATS.items() if name.endswith(suffix)), None) or _sniff(path)
    wanted = {f: ((columns[f],) if columns and f in columns else INPUT_COLUMNS[f]) for f in FIELDS}
    lookup = {f: tuple(_key(c) for c in cols) for f, cols in wanted.items()}
    batch = InputBatch()
    try:
        reader = SnapshotReader(path, Source(url=str(path), format=fmt))
        for record in reader:
            if record.values is None:
                batch.rejected.append(InputRejection(record.line, record.error or "unreadable row"))
                continue
            if not batch.counterparties and not batch.rejected:
                _check_columns(path, record.values, lookup, columns)
            values = {_key(k): v for k, v in record.values.items() if isinstance(k, str)}
            picked = {f: next((values[c] for c in cols if values.get(c)), None) for f, cols in lookup.items()}
            try:
                batch.counterparties.append(make(
                    picked["name"], picked["uscc"], picked["legal_rep"], picked["id_number"], picked["region"],
                    picked["legal_rep_id"], line=record.line,
                ))
            except InputError as exc:
                batch.rejected.append(InputRejection(record.line, exc.message))
    except SnapshotError as exc:
        raise InputError(f"{path}: {exc.message}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror}") from None
    if not batch.rows:
        raise InputError(f"{path}: no counterparties in the file")
    return batch


def _check_columns(path: Path, first: Mapping[str, Any], lookup: Mapping[str, tuple[str, ...]],
                   columns: Mapping[str, str] | None) -> None:
    """The file must have a column to check by, and every column the user mapped must exist."""
    present = {_key(k) for k in first if isinstance(k, str)}
    for f, column in (columns or {}).items():
        if _key(column) not in present:
            raise InputError(f"{path}: --column {f}={column}: no such column (columns: {', '.join(map(str, first))})")
    if not any(present.intersection(lookup[f]) for f in ("name", "uscc", "legal_rep")):
        raise InputError(
            f"{path}: no name, USCC or legal representative column (columns: {', '.join(map(str, first))}); "
            "name them with --column name=COLUMN"
        )


def _sniff(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    return "csv"
