"""A counterparty to check: the company (or person) as the user gives it, validated."""

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scscheck import regions
from scscheck.errors import InputError
from scscheck.ids import orgcode, ric, uscc


@dataclass(frozen=True)
class Counterparty:
    """What the user knows of a counterparty; at least a name or a code."""

    name: str | None = None
    uscc: str | None = None
    legal_rep: str | None = None
    id_number: str | None = None
    region: str | None = None

    def as_query(self) -> dict[str, Any]:
        """The query as given, for output."""
        return {k: v for k, v in asdict(self).items() if v}


def make(
    name: str | None = None,
    uscc_code: str | None = None,
    legal_rep: str | None = None,
    id_number: str | None = None,
    region: str | None = None,
) -> Counterparty:
    """Validate and normalise user input into a Counterparty; raises InputError with a one-line reason."""
    name = " ".join(name.split()) if name else None
    legal_rep = " ".join(legal_rep.split()) if legal_rep else None
    code = None
    if uscc_code and uscc_code.strip():
        compact = uscc.compact(uscc_code)
        if len(compact) == 18:
            if not uscc.is_valid(compact):
                raise InputError(f"--uscc '{uscc_code}' is not a valid USCC (length, characters or check character)")
            code = compact
        elif orgcode.is_valid(compact):
            code = orgcode.compact(compact)
        else:
            raise InputError(
                f"--uscc '{uscc_code}' is neither an 18-character USCC nor a 9-character organization code"
            )
    person_id = None
    if id_number and id_number.strip():
        person_id = ric.compact(id_number)
        if not (ric.is_valid(person_id) or ric.is_masked(person_id)):
            raise InputError(f"--id '{id_number}' is not a resident ID number (18 characters, may be masked with *)")
    region_code = None
    if region and region.strip():
        region_code, _ = regions.resolve(region)
        if region_code is None:
            raise InputError(f"--region '{region}' is not a GB 2260 code or a known division name")
    if not (name or code or legal_rep):
        raise InputError("give a name, --uscc or --legal-rep to check")
    return Counterparty(name=name, uscc=code, legal_rep=legal_rep, id_number=person_id, region=region_code)


# Column names accepted in a counterparty input file, per field.
INPUT_COLUMNS = {
    "name": ("name", "名称", "企业名称", "单位名称", "counterparty"),
    "uscc": ("uscc", "统一社会信用代码", "code"),
    "legal_rep": ("legal_rep", "法定代表人", "法定代表人姓名"),
    "id_number": ("id", "id_number", "身份证号码", "证件号码"),
    "region": ("region", "地区", "省份"),
}
_SUFFIX_FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
                   ".xlsx": "xlsx"}


def read_file(path: Path) -> list[Counterparty]:
    """Read counterparties from a CSV, TSV, XLSX, JSON (an array) or JSON Lines file, one per row."""
    from scscheck.errors import SnapshotError
    from scscheck.readers import SnapshotReader
    from scscheck.registry import Source

    name = path.name.removesuffix(".gz")
    fmt = next((f for suffix, f in _SUFFIX_FORMATS.items() if name.endswith(suffix)), None) or _sniff(path)
    try:
        reader = SnapshotReader(path, Source(url=str(path), format=fmt))
        records = list(reader)
    except SnapshotError as exc:
        raise InputError(f"{path}: {exc.message}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror}") from None
    counterparties = []
    for record in records:
        if record.values is None:
            raise InputError(f"{path}: line {record.line}: {record.error}")
        values = {k.strip().lower(): v for k, v in record.values.items()}
        picked = {f: next((values[c] for c in cols if values.get(c)), None) for f, cols in INPUT_COLUMNS.items()}
        try:
            counterparties.append(make(picked["name"], picked["uscc"], picked["legal_rep"], picked["id_number"],
                                       picked["region"]))
        except InputError as exc:
            raise InputError(f"{path}: line {record.line}: {exc.message}") from None
    if not counterparties:
        raise InputError(f"{path}: no counterparties in the file")
    return counterparties


def _sniff(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        return "jsonl"
    return "csv"
