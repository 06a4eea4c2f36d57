"""From a published row to a canonical listing (DESIGN.md, "Listings"): columns mapped by the
registry's [fields], values by its [values], dates by its [dates], identifiers classified, subject type
and region inferred where the row does not give them.

A row that cannot become a listing raises RowRejected with the reason, which the loader records.

Published text is hostile input for display: control characters (C0 but tab and newline, DEL, C1) and
bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), which could garble a
terminal or reverse what a report shows, are removed from every text field of a listing; names and legal
representatives also lose every invisible format character (zero-width spaces and joiners, soft hyphens,
byte-order marks, variation selectors), so that `name_norm` compares what a reader sees. The published
row is kept as it was in `raw` (JSON, with the same characters as \\u escapes).
"""

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from scscheck import names, normalize, regions
from scscheck.ids import classify, orgcode, ric, uscc
from scscheck.registry import REASON_CATEGORIES, Registry
from scscheck.text import BIDI, CONTROL, json_dumps, shown, visible

# Common published forms understood without a [values] table.
_SUBJECT_WORDS = {
    "企业": "enterprise", "法人": "enterprise", "单位": "enterprise", "公司": "enterprise",
    "法人或其他组织": "enterprise", "法人及其他组织": "enterprise",
    "自然人": "person", "个人": "person",
    "其他组织": "organization", "社会组织": "organization", "事业单位": "organization",
    "enterprise": "enterprise", "person": "person", "organization": "organization",
}
_STATUS_WORDS = {"已移出": "removed", "移出": "removed", "已撤销": "removed", "removed": "removed",
                 "active": "active", "expired": "expired"}
_ORG_SUFFIX = re.compile(r"(公司|厂|店|行|中心|合作社|事务所|部|院|所|会|社|场|馆|站|集团|商号|工作室|门市)$")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,5}$|^[\u4e00-\u9fff]+(?:[·•・.．‧][\u4e00-\u9fff]+)+$")
_DATE_FIELDS = ("listed_on", "expires_on", "removed_on", "published_on")
_CONTROL = re.compile(f"[{CONTROL}{BIDI}]")


# The version of `ListingBuilder.build`: raise it whenever a row as published gives another listing than
# before, so that a sync builds every row again instead of copying unchanged ones (scscheck.incremental).
BUILD_VERSION = 1
# The registry settings the builder reads (the source's URL, name, kind or staleness do not change a listing).
BUILD_SETTINGS = ("id", "authority", "region", "subjects", "legal_basis", "reason_category", "term_days", "fields",
                  "values", "date_formats")


class RowRejected(Exception):
    """A published row that cannot become a listing; the message is the reason."""


@dataclass
class Listing:
    """A canonical listing as stored in the cache (listing fields of DESIGN.md, plus provenance)."""

    listing_id: str
    line: int
    subject_type: str
    name: str
    name_norm: str
    name_key: str
    name_pinyin: str | None
    identifier: str | None
    uscc: str | None
    org_code: str | None
    reg_number: str | None
    id_number: str | None
    legal_rep: str | None
    legal_rep_norm: str | None
    legal_rep_id: str | None
    responsible_person: str | None
    responsible_person_id: str | None
    region: str | None
    region_name: str | None
    authority: str | None
    reason_category: str
    reason: str | None
    legal_basis: str | None
    case_number: str | None
    decision_doc: str | None
    obligation: str | None
    performance: str | None
    listed_on: str | None
    expires_on: str | None
    removed_on: str | None
    published_on: str | None
    status: str | None
    row_digest: str
    raw: str

    def as_row(self) -> tuple[object, ...]:
        """The values in column order, for the store (not `asdict`: it deep-copies every value)."""
        return tuple(getattr(self, column) for column in COLUMNS)


COLUMNS = tuple(f.name for f in fields(Listing))


class ListingBuilder:
    """Builds listings for one registry; holds the per-registry lookups so each row is cheap."""

    def __init__(self, registry: Registry, columns: list[str] | None = None) -> None:
        self.registry = registry
        # With the snapshot's header, a row is kept (`raw`) as the list of its values: the header is kept
        # once, with the snapshot, not in every row.
        self.columns = list(columns) if columns is not None else None
        self.values = registry.values
        self.formats = registry.date_formats
        self.term = dt.timedelta(days=registry.term_days) if registry.term_days else None
        self.single_subject = registry.subjects[0] if len(registry.subjects) == 1 else None
        self.default_region = None if registry.region == regions.NATIONAL else registry.region
        # A national list repeats its dates, courts, provinces, companies and people over millions of rows:
        # what is derived from a value is derived once (the caches are emptied as they grow, so memory
        # stays flat however large the snapshot).
        self._dates: dict[str, str | None] = {}
        self._names: dict[str, str] = {}
        self._keys: dict[tuple[str, str], tuple[str, str | None]] = {}
        self._ids: dict[str, classify.Identifier] = {}
        self._regions: dict[str, tuple[str | None, str | None]] = {}

    def missing_columns(self, columns: list[str]) -> dict[str, tuple[str, ...]]:
        """The mapped fields none of whose source columns is in the header."""
        present = set(columns)
        return {f: cols for f, cols in self.registry.fields.items() if not present.intersection(cols)}

    def _get(self, row: Mapping[str, str], field: str) -> str:
        for column in self.registry.fields.get(field, ()):
            if column in row:
                value = row[column]
                if "\x00" in value:
                    raise RowRejected(f"NUL character in {field}")
                if _CONTROL.search(value):
                    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
                value = value.strip()
                mapping = self.values.get(field)
                if mapping and value in mapping:
                    return mapping[value]
                return value
        return ""

    def build(self, line: int, row: Mapping[str, str]) -> Listing:
        """The listing for one row, or RowRejected."""
        get = self._get
        name = visible(get(row, "name"))
        if not name:
            raise RowRejected("empty name")
        name_norm = self._norm(name)
        text = {f: get(row, f) or None for f in (
            "legal_rep", "legal_rep_id", "responsible_person", "responsible_person_id", "authority",
            "reason", "legal_basis", "case_number", "decision_doc", "obligation", "performance", "record_id",
        )}
        for person in ("legal_rep", "responsible_person"):
            text[person] = visible(text[person] or "") or None
        ident = self._identifiers(row)
        dates = {f: self._date(f, get(row, f)) for f in _DATE_FIELDS}
        if dates["expires_on"] is None and self.term and dates["listed_on"]:
            try:
                dates["expires_on"] = (dt.date.fromisoformat(dates["listed_on"]) + self.term).isoformat()
            except OverflowError:
                raise RowRejected(
                    f"listed_on: {dates['listed_on']} plus the registry's {self.term.days}-day term is past the "
                    "year 9999"
                ) from None
        status = _STATUS_WORDS.get(get(row, "status"))
        if dates["removed_on"]:
            status = "removed"
        region, region_name = self._region(get(row, "region"), ident)
        category = get(row, "reason_category")
        if category not in REASON_CATEGORIES:
            category = self.registry.reason_category
        subject_type = self._subject_type(get(row, "subject_type"), name, ident)
        legal_rep = text["legal_rep"]
        name_key, name_pinyin = self._key(name_norm, subject_type)
        legal_rep_id = ric.compact(text["legal_rep_id"]) if text["legal_rep_id"] else None
        if legal_rep_id and not (ric.is_valid(legal_rep_id) or ric.is_masked(legal_rep_id)):
            legal_rep_id = None  # `/`, `无`, a truncated mask: no ID, rather than one that contradicts every ID
        canonical = {
            "subject_type": subject_type, "name": name, **ident, **text, "region": region,
            "reason_category": category, **dates, "status": status, "legal_rep_id": legal_rep_id,
        }
        row_digest = _digest("\x1f".join("\x00" if v is None else v for v in canonical.values()))
        who = ident["identifier"] or name_norm
        if ident["id_number"] and ric.is_masked(ident["id_number"]):
            who = f"{who}\x1f{name_norm}"  # a masked ID is shared by many people: the name tells them apart
        key = text["record_id"] or "\x1f".join(
            x or "" for x in (who, text["case_number"], text["decision_doc"], dates["listed_on"], text["reason"])
        )
        return Listing(
            listing_id=f"{self.registry.id}:{_digest(key)}",
            line=line,
            subject_type=subject_type,
            name=name,
            name_norm=name_norm,
            name_key=name_key,
            name_pinyin=name_pinyin,
            identifier=ident["identifier"],
            uscc=ident["uscc"],
            org_code=ident["org_code"],
            reg_number=ident["reg_number"],
            id_number=ident["id_number"],
            legal_rep=legal_rep,
            legal_rep_norm=self._norm(legal_rep) if legal_rep else None,
            legal_rep_id=legal_rep_id,
            responsible_person=text["responsible_person"],
            responsible_person_id=text["responsible_person_id"],
            region=region,
            region_name=region_name,
            authority=text["authority"] or self.registry.authority,
            reason_category=category,
            reason=text["reason"],
            # the registry's own basis is not copied into every row: a check reads it from the registry as
            # synced (a national list would carry the same 150 bytes ten million times)
            legal_basis=None if text["legal_basis"] in (None, self.registry.legal_basis) else text["legal_basis"],
            case_number=text["case_number"],
            decision_doc=text["decision_doc"],
            obligation=text["obligation"],
            performance=text["performance"],
            status=status,
            row_digest=row_digest,
            raw=json_dumps(list(row.values()) if self.columns is not None and list(row) == self.columns else row,
                           indent=None),
            **dates,
        )

    def _identifiers(self, row: Mapping[str, str]) -> dict[str, str | None]:
        found: dict[str, str | None] = {
            "identifier": None, "uscc": None, "org_code": None, "reg_number": None, "id_number": None,
        }
        published = [v for v in (self._get(row, f) for f in ("uscc", "org_code", "id_number", "id")) if v]
        for value in published:
            ident = self._ids.get(value)
            if ident is None:
                ident = self._ids[value] = classify.classify(value)
                _bound(self._ids)
            found["identifier"] = found["identifier"] or value
            if ident.kind == "uscc":
                found["uscc"] = found["uscc"] or ident.value
                found["org_code"] = found["org_code"] or uscc.org_code(ident.value)
            elif ident.kind == "org_code":
                found["org_code"] = found["org_code"] or orgcode.compact(ident.value)
            elif ident.kind == "registration_number":
                found["reg_number"] = found["reg_number"] or ident.value
            elif ident.kind == "id_number":
                found["id_number"] = found["id_number"] or ident.value
        return found

    def _date(self, field: str, value: str) -> str | None:
        if not value:
            return None
        try:
            day = self._dates[value]
        except KeyError:
            day = self._dates[value] = self._parse_date(value)
            _bound(self._dates)
        if day is None:
            raise RowRejected(f"{field}: '{shown(value, 40)}' matches none of the date formats")
        return day

    def _parse_date(self, value: str) -> str | None:
        for fmt in self.formats:
            try:
                return dt.datetime.strptime(value, fmt).date().isoformat()
            except ValueError:
                continue
        try:  # XLSX cells and JSON often carry ISO dates or datetimes whatever the declared formats
            return dt.datetime.fromisoformat(value).date().isoformat()
        except ValueError:
            return None

    def _norm(self, name: str) -> str:
        norm = self._names.get(name)
        if norm is None:
            norm = self._names[name] = normalize.name(name)
            _bound(self._names)
        return norm

    def _key(self, name_norm: str, subject_type: str) -> tuple[str, str | None]:
        """The name key and its pinyin (see names.key and names.pinyin_key)."""
        found = self._keys.get((name_norm, subject_type))
        if found is None:
            key = names.key(name_norm, subject_type)
            found = self._keys[(name_norm, subject_type)] = (key, names.pinyin_key(key, subject_type) or None)
            _bound(self._keys)
        return found

    def _region(self, value: str, ident: Mapping[str, str | None]) -> tuple[str | None, str | None]:
        if value:
            found = self._regions.get(value)
            if found is None:
                found = self._regions[value] = regions.resolve(value)
                _bound(self._regions)
            code, name = found
            if code or name:
                return code, name
        for source in (ident["uscc"] and uscc.division(ident["uscc"]), ident["id_number"] and ident["id_number"][:6]):
            if source and regions.is_known(source):
                return source, regions.name_of(source)
        if self.default_region:
            return self.default_region, regions.name_of(self.default_region)
        return None, None

    def _subject_type(self, value: str, name: str, ident: Mapping[str, str | None]) -> str:
        if value in _SUBJECT_WORDS:
            return _SUBJECT_WORDS[value]
        if self.single_subject:
            return self.single_subject
        if ident["id_number"]:
            return "person"
        if ident["uscc"] or ident["org_code"] or ident["reg_number"]:
            return "enterprise"
        if _HAN_NAME.match(name) and not _ORG_SUFFIX.search(name):
            return "person"
        return "enterprise"


_CACHE_ENTRIES = 50_000  # per cache and per process: a worker stays near 100 MB


def _bound(cache: dict[Any, Any]) -> None:
    """Empty a cache that has grown past its bound."""
    if len(cache) > _CACHE_ENTRIES:
        cache.clear()


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
