"""Registry files: one TOML per published list, saying where its snapshots are and how to read them.

Loading validates every key and fails with one line naming the file and the key (RegistryError). A
registry file is treated as untrusted input (it may come from a colleague, a vendor or a shared repository):

- `id` is `[a-z0-9]` runs joined by single '.' or '-' (no path separator, no '..', nothing that could name
  another file), and equals the file's name without `.toml`.
- `source.url` (and `sha256_url`) is an `https://` URL, or an `http://` URL to a loopback host (127.0.0.0/8,
  ::1, localhost), or a path relative to the registry file that stays in its directory: no absolute path, no
  '..', no other scheme (`file:`, `ftp:`, ...), no control characters (nor whitespace in a URL). A user's
  override of the URL (a company mirror) is held to the same rules. A symbolic link inside the directory is
  followed wherever it points: making one takes write access to the directory, which is the user's own,
  and it is how a registry reads a mirror on a shared drive.
- Plain `http://` to any other host is refused unless `[source]` says `allow_insecure_http = true`: the
  snapshot could be altered in transit (a `sha256_url` on the same plain-http host does not help).
- Numbers are bounded (`term_days` and `max_age_days` at most 100 years), the file at most 1 MiB, and every
  message quotes values with control characters escaped and long ones cut, so it stays one line.
"""

import ipaddress
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from scscheck import regions
from scscheck.errors import RegistryError, UsageError
from scscheck.text import BIDI, CONTROL, LINE_SEPARATORS, UNSAFE, escape, shown, visible

KINDS = ("blacklist", "redlist", "watchlist")
LEVELS = ("national", "provincial", "prefecture", "county")
SUBJECTS = ("enterprise", "person", "organization")
FORMATS = ("csv", "tsv", "jsonl", "json", "xlsx")
REASON_CATEGORIES = (
    "court-judgment-default", "tax-violation", "food-drug-safety", "environment", "wage-arrears",
    "production-safety", "product-quality", "contract-default", "customs", "abnormal-operations",
    "public-order", "media-criticism", "other", "commendation",
)
STATUSES = ("active", "expired", "removed")
# Canonical listing fields a registry may map from its source columns.
FIELDS = (
    "record_id", "name", "id", "uscc", "org_code", "id_number", "subject_type", "legal_rep",
    "legal_rep_id", "responsible_person", "responsible_person_id", "region", "authority",
    "reason_category", "reason", "legal_basis", "case_number", "decision_doc", "obligation",
    "performance", "listed_on", "expires_on", "removed_on", "published_on", "status",
)
_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
_TOP_KEYS = {
    "id", "name", "name_zh", "authority", "kind", "level", "region", "subjects", "legal_basis",
    "reason_category", "term_days", "max_age_days", "sample", "source", "fields", "values", "dates",
}
_SOURCE_KEYS = {"url", "format", "encoding", "sha256_url", "records", "sheet", "max_bytes", "allow_insecure_http"}
_DATES_KEYS = {"formats"}
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%Y年%m月%d日", "%Y%m%d", "%Y/%m/%d", "%Y.%m.%d")
DEFAULT_MAX_BYTES = 2 * 1024**3
MAX_FILE_BYTES = 1 << 20  # a registry file is a few dozen lines; anything this large is not one
MAX_DAYS = 36525  # 100 years: a larger term or staleness is a typo, and would overflow date arithmetic
# Codecs that look up fine but cannot read a snapshot: not character sets, or refusing error handlers.
_NOT_CHARSETS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}
_HAN = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"  # CJK characters and punctuation, full-width forms
_TEXT_UNSAFE = re.compile(f"[{CONTROL}{BIDI}{LINE_SEPARATORS}]")
_CJK_SPACE = re.compile(f"(?<={_HAN}) | (?={_HAN})")
@dataclass(frozen=True)
class Source:
    """Where a registry's snapshot is published and how it is encoded."""

    url: str
    format: str
    encoding: str = "auto"
    sha256_url: str = ""
    records: str = ""
    sheet: str = ""
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_insecure_http: bool = False

    @property
    def is_remote(self) -> bool:
        """Whether the snapshot is fetched over http(s) rather than read from a local path."""
        return urlsplit(self.url).scheme in ("http", "https")

    @property
    def compression(self) -> str:
        """`gzip`, `zstd` or `` from the URL's suffix."""
        path = urlsplit(self.url).path if self.is_remote else self.url
        if path.endswith(".gz"):
            return "gzip"
        if path.endswith(".zst"):
            return "zstd"
        return ""


@dataclass(frozen=True)
class Registry:
    """One published list, as its registry file describes it."""

    id: str
    name: str
    name_zh: str
    authority: str
    kind: str
    level: str
    region: str
    subjects: tuple[str, ...]
    legal_basis: str
    reason_category: str
    term_days: int
    max_age_days: int
    sample: bool
    source: Source
    fields: Mapping[str, tuple[str, ...]]
    values: Mapping[str, Mapping[str, str]]
    date_formats: tuple[str, ...]
    path: Path = field(compare=False)

    def local_path(self) -> Path:
        """The snapshot file of a registry whose source is a path relative to its registry file. Validation
        kept the path inside the registry's directory; a symbolic link there is followed (see the module's
        docstring)."""
        return (self.path.parent / self.source.url).resolve()


def load(path: Path, url_override: str | None = None) -> Registry:
    """Read and validate one registry file."""
    v = _Validator(path, {})
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        v.fail("(file)", f"cannot be read: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        v.fail("(file)", f"is over {MAX_FILE_BYTES:,} bytes: not a registry file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        v.fail("(file)", f"is not UTF-8 text (byte {exc.start}: {exc.reason})")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        v.fail("(syntax)", f"not valid TOML: {exc}")
    except RecursionError:
        v.fail("(syntax)", "not valid TOML: arrays or tables nested too deeply")
    return _validate(path, document, url_override)


def _validate(path: Path, data: dict[str, Any], url_override: str | None) -> Registry:
    v = _Validator(path, data)
    for key in data:
        if key not in _TOP_KEYS:
            v.fail(key, f"unknown key (known: {', '.join(sorted(_TOP_KEYS))})")
    reg_id = v.string("id")
    if not _ID.match(reg_id):
        v.fail("id", f"'{shown(reg_id)}' may use only a-z and 0-9, joined by single '.' or '-' (no '/', '\\', '..')")
    if path.stem != reg_id:
        v.fail("id", f"'{shown(reg_id)}' must match the file name '{shown(path.name)}'")
    region = v.string("region")
    if not regions.is_known(region):
        v.fail("region", f"'{shown(region)}' is not a GB 2260 division code")
    subjects = v.string_list("subjects")
    for subject in subjects:
        if subject not in SUBJECTS:
            v.fail("subjects", f"'{shown(subject)}' is not one of {', '.join(SUBJECTS)}")
    source = _source(v, url_override)
    fields = _fields(v)
    if "name" not in fields:
        v.fail("fields.name", "missing: every registry must say which column holds the name")
    return Registry(
        id=reg_id,
        name=v.text("name"),
        name_zh=v.text("name_zh", ""),
        authority=v.text("authority"),
        kind=v.choice("kind", KINDS),
        level=v.choice("level", LEVELS),
        region=region,
        subjects=tuple(subjects),
        legal_basis=v.text("legal_basis", ""),
        reason_category=v.choice("reason_category", REASON_CATEGORIES, "other"),
        term_days=v.integer("term_days", 0, MAX_DAYS),
        max_age_days=v.integer("max_age_days", 7, MAX_DAYS),
        sample=v.boolean("sample", False),
        source=source,
        fields=fields,
        values=_values(v),
        date_formats=_date_formats(v),
        path=path,
    )


def _source(v: "_Validator", url_override: str | None) -> Source:
    table = v.table("source")
    sv = _Validator(v.path, table, "source.")
    for key in table:
        if key not in _SOURCE_KEYS:
            sv.fail(key, f"unknown key (known: {', '.join(sorted(_SOURCE_KEYS))})")
    insecure = sv.boolean("allow_insecure_http", False)
    url = url_override or sv.string("url")
    _check_url(sv, url, "url", insecure)
    sha256_url = sv.string("sha256_url", "")
    if sha256_url:
        _check_url(sv, sha256_url, "sha256_url", insecure)
    fmt = sv.choice("format", FORMATS)
    encoding = sv.string("encoding", "auto")
    if encoding != "auto":
        _check_encoding(sv, encoding)
    source = Source(
        url=url,
        format=fmt,
        encoding=encoding,
        sha256_url=sha256_url,
        records=sv.string("records", ""),
        sheet=sv.string("sheet", ""),
        max_bytes=sv.integer("max_bytes", DEFAULT_MAX_BYTES, 1 << 62),
        allow_insecure_http=insecure,
    )
    if source.compression == "zstd":
        sv.fail("url", "zstd-compressed snapshots are not supported yet; publish .gz or uncompressed")
    return source


def _check_url(v: "_Validator", url: str, key: str, insecure: bool) -> None:
    if UNSAFE.search(url):
        v.fail(key, f"'{shown(url)}' contains a control or invisible character")
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        if any(ch.isspace() for ch in url):
            v.fail(key, f"'{shown(url)}' contains whitespace (write a space in a URL as %20)")
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number in range
        except ValueError:
            v.fail(key, f"'{shown(url)}' has an invalid port")
        if not parts.hostname:
            v.fail(key, f"'{shown(url)}' has no host")
        if parts.scheme == "http" and not insecure and not is_loopback(parts.hostname or ""):
            v.fail(key, f"'{shown(url)}': plain http to another host than this machine can be altered in transit; "
                        "use https, or set allow_insecure_http = true under [source]")
        return
    if parts.scheme and len(parts.scheme) > 1:  # one letter would be a Windows drive
        v.fail(key, f"'{shown(url)}': scheme '{parts.scheme}:' not allowed; use https or a relative path")
    if not url or os.path.isabs(url):
        v.fail(key, f"'{shown(url)}' must be an https URL or a path relative to the registry file")
    if ".." in Path(url).parts:
        v.fail(key, f"'{shown(url)}' must not leave the registry's directory")
    if url.endswith(("/", os.sep)) or Path(url).name in ("", "."):
        v.fail(key, f"'{shown(url)}' must name a file")


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 (also as ::ffff:127.x.x.x) or the name localhost."""
    if host.rstrip(".").lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback


def _check_encoding(v: "_Validator", encoding: str) -> None:
    """The encoding must be a character set Python can decode a snapshot with, undecodable bytes kept."""
    import codecs

    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        v.fail("encoding", f"'{shown(encoding)}' is not a known encoding")
    if not info._is_text_encoding or info.name in _NOT_CHARSETS:  # base64, rot13, zlib, idna, ...
        v.fail("encoding", f"'{shown(encoding)}' is not a character encoding a snapshot can be read with")


def _fields(v: "_Validator") -> dict[str, tuple[str, ...]]:
    table = v.table("fields")
    fields: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        if key not in FIELDS:
            v.fail(f"fields.{key}", f"unknown field (known: {', '.join(FIELDS)})")
        columns = [value] if isinstance(value, str) else value
        if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
            v.fail(f"fields.{key}", "must be a column name or a non-empty list of column names")
        names = tuple(column_name(c) for c in columns)
        if not all(names):
            v.fail(f"fields.{key}", "a column name must not be empty")
        fields[key] = names
    return fields


def column_name(text: str) -> str:
    """A column name as the readers compare it: control and invisible characters (byte-order marks,
    zero-width spaces, bidi controls) dropped, whitespace runs (a line break in a spreadsheet's header cell
    too) one space, or none beside a Chinese character (`统一社会信用代码/\\n身份证号码` is
    `统一社会信用代码/身份证号码`)."""
    return _CJK_SPACE.sub("", visible(text))


def _values(v: "_Validator") -> dict[str, dict[str, str]]:
    table = v.table("values", required=False)
    values: dict[str, dict[str, str]] = {}
    for key, mapping in table.items():
        if key not in FIELDS:
            v.fail(f"values.{key}", "unknown field")
        if not isinstance(mapping, dict) or not all(isinstance(x, str) for x in mapping.values()):
            v.fail(f"values.{key}", "must be a table of source value = canonical value")
        allowed = {"subject_type": SUBJECTS, "status": STATUSES, "reason_category": REASON_CATEGORIES}.get(key)
        for source_value, canonical in mapping.items():
            if allowed and canonical not in allowed:
                v.fail(f"values.{key}.{source_value}", f"'{shown(canonical)}' is not one of {', '.join(allowed)}")
        values[key] = dict(mapping)
    return values


def _date_formats(v: "_Validator") -> tuple[str, ...]:
    table = v.table("dates", required=False)
    for key in table:
        if key not in _DATES_KEYS:
            v.fail(f"dates.{key}", f"unknown key (known: {', '.join(sorted(_DATES_KEYS))})")
    formats = table.get("formats", [])
    if not isinstance(formats, list) or not all(isinstance(f, str) and "%" in f for f in formats):
        v.fail("dates.formats", "must be a list of strptime formats such as \"%Y年%m月%d日\"")
    return tuple(formats) or DEFAULT_DATE_FORMATS


class _Validator:
    """Reads typed values from a TOML table; every failure names the file and the dotted key."""

    def __init__(self, path: Path, data: Mapping[str, Any], prefix: str = "") -> None:
        self.path, self.data, self.prefix = path, data, prefix

    def fail(self, key: str, problem: str) -> NoReturn:
        path: object = self.path if not UNSAFE.search(str(self.path)) else shown(self.path, 1000)
        raise RegistryError(path, shown(self.prefix + key), UNSAFE.sub(escape, problem))

    def _get(self, key: str, default: Any) -> Any:
        if key not in self.data:
            if default is None:
                self.fail(key, "missing")
            return default
        return self.data[key]

    def string(self, key: str, default: str | None = None) -> str:
        value = self._get(key, default)
        if not isinstance(value, str):
            self.fail(key, f"must be a string, not {type(value).__name__}")
        if default is None and not value.strip():
            self.fail(key, "must not be empty")
        return str(value)

    def text(self, key: str, default: str | None = None) -> str:
        """A string shown to readers (a name, an authority, a legal basis): no control or bidi characters,
        which would act on a terminal or reverse what a report shows."""
        value = self.string(key, default)
        if _TEXT_UNSAFE.search(value):
            self.fail(key, f"'{shown(value)}' holds control or bidi characters")
        return value

    def choice(self, key: str, choices: Iterable[str], default: str | None = None) -> str:
        value = self.string(key, default)
        if value not in choices:
            self.fail(key, f"'{shown(value)}' is not one of {', '.join(choices)}")
        return value

    def integer(self, key: str, default: int, maximum: int) -> int:
        value = self._get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(key, "must be a non-negative integer")
        if value > maximum:
            self.fail(key, f"must be at most {maximum:,}")
        return int(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return bool(value)

    def string_list(self, key: str) -> list[str]:
        value = self._get(key, None)
        if not isinstance(value, list) or not value or not all(isinstance(x, str) for x in value):
            self.fail(key, "must be a non-empty list of strings")
        return list(value)

    def table(self, key: str, required: bool = True) -> dict[str, Any]:
        value = self._get(key, None if required else {})
        if not isinstance(value, dict):
            self.fail(key, "must be a table")
        return dict(value)


def search_path(extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """Registry directories in order of precedence, lowest first: bundled, the user's config
    directory, $SCSCHECK_REGISTRY_PATH, then --registry-dir. A later directory's registry replaces an
    earlier one with the same id."""
    from scscheck.paths import bundled_registry_dir, config_dir

    dirs = [bundled_registry_dir(), config_dir() / "registries"]
    env = os.environ.get("SCSCHECK_REGISTRY_PATH", "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += list(extra_dirs)
    return dirs


def discover(dirs: Iterable[Path]) -> dict[str, Registry]:
    """Load every `*.toml` in the given directories (missing default directories are skipped)."""
    found: dict[str, Registry] = {}
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            registry = load(path)
            found[registry.id] = registry
    return dict(sorted(found.items()))


def select(registries: Mapping[str, Registry], ids: Iterable[str]) -> list[Registry]:
    """The registries named on the command line (all when none are); an unknown id is a usage error."""
    ids = list(ids)
    if not ids:
        return list(registries.values())
    unknown = [i for i in ids if i not in registries]
    if unknown:
        raise UsageError(
            f"unknown registry: {', '.join(unknown)} (see `scscheck registries`; known: {len(registries)})"
        )
    return [registries[i] for i in dict.fromkeys(ids)]
