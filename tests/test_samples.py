"""The sample generator and the bundled sample registries: reproducible, valid codes, fictional, readable
as their registry files say, the planted showcase entities where the catalogue says, and streaming of
big snapshots in flat memory."""

import codecs
import csv
import gzip
import io
import json
import os
import random
import re
import subprocess
import sys
import tomllib
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from stdnum import numdb
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc
from stdnum.iso7064 import mod_11_10

from scscheck.samples import DEFAULT_SEED, codes, divisions, generate_all, iter_spc_rows, planted
from scscheck.samples.generate import SAMPLE_FILES
from scscheck.samples.spc import BEHAVIOURS, SPC_HEADER

ROOT = Path(__file__).resolve().parents[1]
REGISTRIES = ROOT / "registries"
SAMPLES = REGISTRIES / "samples"
REGISTRY_IDS = planted.REGISTRY_IDS
DATE_FIELDS = ("listed_on", "expires_on", "removed_on", "published_on")
FAMOUS_REAL_CODES = (
    "914403001922038216",  # a well-known company's USCC, cited in the generator's brief
    "192203821",
    "19220382-1",
    "91110000600037341L",  # python-stdnum's doctest example
    "600037341",
)
REASON_CATEGORIES = {
    "court-judgment-default", "tax-violation", "food-drug-safety", "environment", "wage-arrears",
    "production-safety", "product-quality", "contract-default", "customs", "abnormal-operations",
    "public-order", "media-criticism", "other", "commendation",
}  # fmt: skip

USCC_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]")
ORG_RE = re.compile(r"[0-9A-Z]{8}-?[0-9X]")
MASKED_RE = re.compile(r"\d{10}\*{4}\d{3}[\dX]")
FULL_ID_RE = re.compile(r"\d{17}[\dX]")
REGNO_RE = re.compile(r"\d{15}")


# --- reading the samples the way their registry files describe -------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _decode(data: bytes, encoding: str) -> str:
    if encoding == "auto":
        if data.startswith(codecs.BOM_UTF8):
            return data.decode("utf-8-sig")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("gb18030")
    return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)


@cache
def load(registry_id: str) -> tuple[dict[str, Any], list[str], list[dict[str, str]]]:
    """The registry TOML, and the sample's columns and rows (every value as text)."""
    toml = tomllib.loads((REGISTRIES / f"{registry_id}.toml").read_text(encoding="utf-8"))
    source = toml["source"]
    path = REGISTRIES / source["url"]
    fmt = source["format"]
    if fmt == "xlsx":
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = workbook[source.get("sheet") or workbook.sheetnames[0]]
        table = [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        columns, body = table[0], table[1:]
        return toml, columns, [dict(zip(columns, row, strict=True)) for row in body]
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    text = _decode(data, source.get("encoding", "auto"))
    if fmt in ("csv", "tsv"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if fmt == "tsv" else ",")
        columns = next(reader)
        return toml, columns, [dict(zip(columns, row, strict=True)) for row in reader]
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        records = json.loads(text)
        for key in source["records"].split("."):
            records = records[key]
    rows = [{k: _cell(v) for k, v in r.items()} for r in records]
    return toml, list(rows[0]), rows


def columns_of(toml: dict[str, Any], field: str) -> list[str]:
    """The source columns a canonical field may come from."""
    value = toml["fields"].get(field, [])
    return [value] if isinstance(value, str) else list(value)


def value_of(toml: dict[str, Any], row: dict[str, str], field: str) -> str:
    """A row's value for a canonical field (the first mapped column present)."""
    for column in columns_of(toml, field):
        if column in row:
            return row[column]
    return ""


def parse_date(text: str, formats: list[str]) -> date | None:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def all_cells() -> Iterator[tuple[str, str, str]]:
    """(registry, column, value) of every cell of every sample."""
    for registry_id in REGISTRY_IDS:
        _, _, rows = load(registry_id)
        for row in rows:
            for column, value in row.items():
                yield registry_id, column, value


def defect_cells() -> set[tuple[str, str, str, str]]:
    return {(d.registry, d.name, d.column, d.value) for d in planted.DEFECTS}


# --- reproducibility ----------------------------------------------------------------------------


def _generate_in_subprocess(out: Path, hashseed: str) -> None:
    out.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "scscheck.samples", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(result.stdout.splitlines()) == len(SAMPLE_FILES)


def test_generation_is_byte_identical_across_processes_and_equals_the_committed_files(tmp_path: Path) -> None:
    _generate_in_subprocess(tmp_path / "a", "1")
    _generate_in_subprocess(tmp_path / "b", "4242")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(s.filename for s in SAMPLE_FILES)
    for name in names:
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes(), f"{name} differs between processes"
        assert a == (SAMPLES / name).read_bytes(), f"{name} differs from registries/samples: regenerate it"


def test_generate_all_in_process_and_another_seed_differs(tmp_path: Path) -> None:
    (tmp_path / "default").mkdir()
    (tmp_path / "other").mkdir()
    paths = generate_all(tmp_path / "default")
    assert [p.name for p in paths] == [s.filename for s in SAMPLE_FILES]
    assert all(p.read_bytes() == (SAMPLES / p.name).read_bytes() for p in paths)
    other = generate_all(tmp_path / "other", seed=DEFAULT_SEED + 1)
    assert any(p.read_bytes() != (SAMPLES / p.name).read_bytes() for p in other)


def test_cli_refuses_a_missing_out_dir(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scscheck.samples", "--out", str(tmp_path / "missing")],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "does not exist" in result.stderr


# --- codes --------------------------------------------------------------------------------------


def _gb11714(body: str) -> str:
    """Independent GB 11714 check character."""
    values = [int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10 for ch in body]
    c = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def test_check_characters_agree_with_python_stdnum_and_the_standards() -> None:
    rng = random.Random(7)
    assert codes.org_check_char("D2143569") == "X"  # the GB 11714 worked example, D2143569-X
    for _ in range(3000):
        index = rng.randrange(31**6)
        body = codes.org_body(index)
        assert body.startswith("WX") and len(body) == 8
        assert codes.org_check_char(body) == _gb11714(body)
        assert codes.fast_org_code(index) == codes.org_code(body)
        division = rng.choice(divisions.all_codes())
        uscc = codes.uscc(division, codes.org_code(body))
        assert stdnum_uscc.is_valid(uscc)
        assert uscc[-1] == stdnum_uscc.calc_check_digit(uscc[:17])
        assert codes.fast_uscc("91" + division, codes.org_code(body)) == uscc
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
        seq = rng.randrange(1000)
        full = codes.resident_id(division, birth, seq)
        assert full[-1] == stdnum_ric.calc_check_digit(full)
        fast = codes.fast_masked_resident_id(division, birth.year, birth.month, birth.day, seq)
        assert fast == codes.masked_resident_id(division, birth, seq) == full[:10] + "****" + full[14:]
        number = codes.registration_number(division, rng.randrange(10**6))
        assert mod_11_10.is_valid(number) and number[6:8] == "99"
    assert len({codes.org_body(i) for i in range(50_000)}) == 50_000


def test_every_division_code_of_the_table_is_real() -> None:
    loc = numdb.get("cn/loc")
    for code in divisions.all_codes():
        info = loc.info(code)
        assert len(info) == 2 and info[1][1].get("county"), code
    for pref in divisions.PREFECTURES:
        for county in pref.counties:
            published = loc.info(county.code)[1][1]["county"]
            assert county.name in published, (county.code, county.name, published)


def _real_division(code: str) -> bool:
    info = numdb.get("cn/loc").info(code)
    return len(info) == 2 and bool(info[1][1].get("county"))


def test_every_identifier_in_the_samples_is_valid_fictional_and_real_where_it_must_be() -> None:
    counts: Counter[str] = Counter()
    defects = defect_cells()
    for registry_id, column, value in all_cells():
        if not value or (registry_id, "", column, value) in defects:
            continue
        assert not (FULL_ID_RE.fullmatch(value) and stdnum_ric.is_valid(value)), f"unmasked ID {value}"
        if len(value) == 18 and USCC_RE.fullmatch(value):
            counts["uscc"] += 1
            assert stdnum_uscc.is_valid(value), value
            assert value[8:10] == codes.FICTIONAL_ORG_PREFIX, value
            assert value[16] == _gb11714(value[8:16]), value
            assert _real_division(value[2:8]), value
        elif MASKED_RE.fullmatch(value):
            counts["masked"] += 1
            assert _real_division(value[:6]), value
            assert 1940 <= int(value[6:10]) <= 2008, value
        elif REGNO_RE.fullmatch(value):
            counts["registration"] += 1
            assert mod_11_10.is_valid(value) and value[6:8] == "99" and _real_division(value[:6]), value
        elif ORG_RE.fullmatch(value) and ("代码" in column or "号码" in column):
            counts["org"] += 1
            compact = value.replace("-", "")
            assert compact.startswith(codes.FICTIONAL_ORG_PREFIX), value
            assert compact[8] == _gb11714(compact[:8]), value
    assert counts["uscc"] > 2000 and counts["masked"] > 1500
    assert counts["org"] > 20 and counts["registration"] > 5


def test_sample_files_never_contain_real_organization_codes() -> None:
    for sample in SAMPLE_FILES:
        data = (SAMPLES / sample.filename).read_bytes()
        if sample.filename.endswith(".gz"):
            data = gzip.decompress(data)
        if sample.filename.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        text = data.decode("gb18030") if _not_utf8(data) else data.decode("utf-8-sig")
        for code in FAMOUS_REAL_CODES:
            assert code not in text, f"{code} in {sample.filename}"


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


# --- registry files and their samples -------------------------------------------------------------


@pytest.mark.parametrize("registry_id", REGISTRY_IDS)
def test_registry_file_describes_its_sample(registry_id: str) -> None:
    toml, columns, rows = load(registry_id)
    assert toml["id"] == registry_id and toml["sample"] is True
    assert toml["kind"] in ("blacklist", "redlist", "watchlist")
    assert toml["level"] in ("national", "provincial", "prefecture", "county")
    assert toml["region"] == "100000" or _real_division(toml["region"])
    assert set(toml["subjects"]) <= {"enterprise", "person", "organization"}
    assert toml["reason_category"] in REASON_CATEGORIES
    assert isinstance(toml["term_days"], int) and isinstance(toml["max_age_days"], int)
    assert toml["source"]["sha256_url"] == ""
    assert len(rows) >= 60
    for field, value in toml["fields"].items():
        mapped = [value] if isinstance(value, str) else value
        assert mapped[0] in columns, f"{registry_id}: [fields].{field} = {mapped[0]!r} not in the header"
    assert "name" in toml["fields"]
    for field, mapping in toml.get("values", {}).items():
        published = {value_of(toml, row, field) for row in rows}
        for source_value, canonical in mapping.items():
            assert source_value in published, f"{registry_id}: [values.{field}] {source_value!r} never occurs"
            if field == "reason_category":
                assert canonical in REASON_CATEGORIES


@pytest.mark.parametrize("registry_id", REGISTRY_IDS)
def test_every_date_parses_with_the_registry_formats(registry_id: str) -> None:
    toml, columns, rows = load(registry_id)
    formats = toml["dates"]["formats"]
    date_columns = {c for f in DATE_FIELDS for c in columns_of(toml, f)}
    date_columns |= {c for c in columns if any(w in c for w in ("日期", "时间", "有效期"))}
    defects = defect_cells()
    checked = 0
    for row in rows:
        name = value_of(toml, row, "name")
        for column in date_columns:
            value = row.get(column, "")
            if not value:
                continue
            parsed = parse_date(value, formats)
            if (registry_id, name, column, value) in defects:
                assert parsed is None, f"the planted defect {value!r} parses"
                continue
            assert parsed is not None, f"{registry_id}: {column} = {value!r} matches none of {formats}"
            assert date(2014, 1, 1) <= parsed <= date(2030, 12, 31)
            if column in columns_of(toml, "listed_on"):
                assert parsed <= planted.SNAPSHOT_DATE
            checked += 1
    assert checked >= len(rows)


def test_formats_encodings_and_fictional_markers() -> None:
    raw = {s.registry: (SAMPLES / s.filename).read_bytes() for s in SAMPLE_FILES}
    assert raw[planted.SPC][:2] == b"\x1f\x8b"
    assert raw[planted.SPC][4:8] == b"\0\0\0\0"  # gzip mtime 0
    spc_text = gzip.decompress(raw[planted.SPC]).decode("utf-8")
    assert spc_text.splitlines()[0] == ",".join(SPC_HEADER)
    assert "2019年07月13日" in spc_text and ",20190315," in spc_text
    for registry_id in (planted.TAX, planted.NINGBO):
        assert _not_utf8(raw[registry_id]), f"{registry_id} must not be valid UTF-8"
        raw[registry_id].decode("gb18030")
    assert raw[planted.ANQING].startswith(codecs.BOM_UTF8)
    for registry_id in (planted.SAMR_SERIOUS, planted.HANGZHOU):
        assert raw[registry_id][:2] == b"PK"
        with zipfile.ZipFile(io.BytesIO(raw[registry_id])) as archive:
            assert {i.date_time for i in archive.infolist()} == {(2026, 11, 20, 8, 0, 0)}
            assert b"FICTIONAL" in archive.read("docProps/core.xml")
    envelope = json.loads(raw[planted.WAGES])
    assert envelope["notice"].startswith("FICTIONAL SAMPLE DATA")
    assert envelope["data"]["total"] == len(envelope["data"]["list"])
    for line in raw[planted.SAMR_ABNORMAL].decode().splitlines():
        assert json.loads(line)["数据说明"].startswith("FICTIONAL SAMPLE DATA")
    for registry_id in REGISTRY_IDS:  # no comment rows: every row has a name or is a planted defect
        toml, _, rows = load(registry_id)
        blank = [r for r in rows if not value_of(toml, r, "name").strip()]
        assert len(blank) == sum(1 for d in planted.DEFECTS if d.registry == registry_id and not d.name)


# --- what the samples must show -----------------------------------------------------------------


def status_of(toml: dict[str, Any], row: dict[str, str]) -> tuple[str, date, date | None]:
    """(status as of the reference date, listed on, expires on) as the registry file implies."""
    formats = toml["dates"]["formats"]
    listed = parse_date(value_of(toml, row, "listed_on"), formats)
    assert listed is not None
    status = value_of(toml, row, "status")
    if value_of(toml, row, "removed_on") or toml.get("values", {}).get("status", {}).get(status) == "removed":
        return "removed", listed, None
    end = value_of(toml, row, "expires_on")
    expires = parse_date(end, formats) if end else None
    if expires is None and toml["term_days"]:
        expires = listed + timedelta(days=toml["term_days"])
    if expires is not None and expires < planted.REFERENCE_DATE:
        return "expired", listed, expires
    return "active", listed, expires


def identifier_of(toml: dict[str, Any], row: dict[str, str]) -> set[str]:
    return {value_of(toml, row, f) for f in ("id", "uscc", "org_code", "id_number")} - {""}


def test_planted_entities_appear_where_the_catalogue_says() -> None:
    entities: list[planted.PlantedCompany | planted.PlantedIndividual] = [
        *planted.COMPANIES,
        *planted.INDIVIDUALS,
    ]
    for entity in entities:
        assert entity.appearances
        for a in entity.appearances:
            toml, _, rows = load(a.registry)
            matches = [
                row
                for row in rows
                if value_of(toml, row, "name") == a.name
                and a.identifier in identifier_of(toml, row)
                and status_of(toml, row)[1] == a.listed_on
            ]
            assert len(matches) == 1, f"{entity.key} on {a.registry}: {len(matches)} rows"
            row = matches[0]
            status, _, expires = status_of(toml, row)
            assert status == a.status, f"{entity.key} on {a.registry}: {status} != {a.status}"
            assert expires == a.expires_on, f"{entity.key} on {a.registry}: expires {expires}"
            assert value_of(toml, row, "reason") == a.reason
            if a.case_number:
                assert value_of(toml, row, "case_number") == a.case_number
            if a.legal_rep and columns_of(toml, "legal_rep"):
                assert value_of(toml, row, "legal_rep") == a.legal_rep
            if a.legal_rep_id:
                assert value_of(toml, row, "legal_rep_id") == a.legal_rep_id
            if a.category:
                column = "案件性质" if a.registry == planted.TAX else columns_of(toml, "reason_category")[0]
                assert row[column] == a.category
            if a.legal_basis or a.registry == planted.ANQING:
                assert value_of(toml, row, "legal_basis") == a.legal_basis


def test_planted_catalogue_is_consistent() -> None:
    for company in planted.COMPANIES:
        assert stdnum_uscc.is_valid(company.uscc) and company.uscc[8:10] == "WX"
        assert company.org_code == codes.hyphenated(company.uscc[8:17])
        if company.legal_rep:
            assert stdnum_ric.is_valid(company.legal_rep.full_id)
            assert codes.mask_resident_id(company.legal_rep.full_id) == company.legal_rep.masked_id
    for individual in planted.INDIVIDUALS:
        person = individual.person
        assert stdnum_ric.is_valid(person.full_id), individual.key
        assert codes.mask_resident_id(person.full_id) == person.masked_id
    # the quick start: active on SPC under its exact name, with its USCC
    quick = planted.QUICK_START
    spc = [a for a in quick.appearances if a.registry == planted.SPC and a.status == "active"]
    assert spc and spc[0].name == quick.name and spc[0].identifier == quick.uscc
    assert spc[0].listed_on.year == 2026 and spc[0].expires_on and spc[0].expires_on.year == 2028
    # the same company under several spellings, once by organization code only
    spellings = {a.name for a in planted.HUAYU.appearances}
    assert len(spellings) >= 5
    assert {"安慶市華宇貿易有限公司", "华宇贸易（安庆）有限公司", "华宇贸易(安庆)有限公司"} <= spellings
    assert any(a.identifier == planted.HUAYU.org_code for a in planted.HUAYU.appearances)
    # the legal representative listed in Anhui who now represents a Zhejiang company
    chen = planted.CHEN_ZHIGANG_PERSON
    assert planted.HUAYU.legal_rep == chen == planted.JINCHENG.legal_rep
    assert planted.HUAYU.uscc[2:4] == "34" and planted.JINCHENG.uscc[2:4] == "33"
    rep_ids = {(a.registry, a.legal_rep_id) for c in (planted.HUAYU, planted.JINCHENG) for a in c.appearances}
    assert (planted.TAX, chen.masked_id) in rep_ids and (planted.HANGZHOU, chen.masked_id) in rep_ids


def test_spc_sample_shows_expired_and_active_namesakes_persons_and_org_codes() -> None:
    toml, _, rows = load(planted.SPC)
    statuses = Counter(status_of(toml, row)[0] for row in rows)
    assert statuses["expired"] > 500 and statuses["active"] > 300
    ids_by_name: dict[str, set[str]] = {}
    for row in rows:
        ids_by_name.setdefault(row["被执行人姓名/名称"], set()).add(row["身份证号码/组织机构代码"])
    for name in ("张伟", "王芳", "李娜"):
        assert len(ids_by_name[name]) >= 2, name
    assert len(ids_by_name["张伟"]) >= 3
    persons = [r for r in rows if r["被执行人类型"] == "自然人"]
    assert persons and all(MASKED_RE.fullmatch(r["身份证号码/组织机构代码"]) for r in persons)
    assert sum(1 for r in rows if ORG_RE.fullmatch(r["身份证号码/组织机构代码"])) > 10
    assert {r["失信被执行人行为具体情形"].split(",")[0] for r in rows} == set(BEHAVIOURS)
    for row in rows[:500]:  # the case number's court code matches the court's province
        court_code = row["案号"].split(")")[1][0]
        province = next(p for p in divisions.PROVINCES.values() if p.court == court_code)
        assert row["省份"] == province.short


def test_local_samples_show_thin_legal_basis_media_criticism_and_org_code_only_rows() -> None:
    toml, _, rows = load(planted.ANQING)
    public_order = [r for r in rows if toml["values"]["reason_category"][r["类别"]] == "public-order"]
    assert any(not r["认定依据"] for r in public_order)
    assert any("20元" in r["失信行为"] and "旗杆" in r["失信行为"] for r in public_order)
    assert {status_of(toml, r)[0] for r in rows} == {"active", "expired"}
    toml, _, rows = load(planted.NINGBO)
    assert sum(1 for r in rows if r["列入类别"] == "受到媒体曝光批评且未及时整改") >= 5
    org_only = [r for r in rows if not r["统一社会信用代码"] and r["组织机构代码"]]
    assert len(org_only) >= 3
    toml, _, rows = load(planted.PUTIAN)
    assert (toml["kind"], toml["legal_basis"], toml["reason_category"]) == ("redlist", "", "commendation")
    toml, _, rows = load(planted.SAMR_ABNORMAL)
    assert {r["列入经营异常名录原因"] for r in rows} >= {
        "未按照规定期限公示年度报告",
        "未在责令的期限内公示有关企业信息",
        "公示企业信息隐瞒真实情况、弄虚作假",
        "通过登记的住所或者经营场所无法联系",
    }
    assert Counter(status_of(toml, r)[0] for r in rows)["removed"] > 30


def test_companies_recur_across_lists_with_the_same_uscc() -> None:
    lists_by_uscc: dict[str, set[str]] = {}
    for registry_id in REGISTRY_IDS:
        toml, _, rows = load(registry_id)
        for row in rows:
            for value in identifier_of(toml, row):
                if len(value) == 18 and USCC_RE.fullmatch(value):
                    lists_by_uscc.setdefault(value, set()).add(registry_id)
    shared = [u for u, lists in lists_by_uscc.items() if len(lists) >= 2]
    assert len(shared) > 50
    assert len(lists_by_uscc[planted.HUAYU.uscc]) == 5


# --- streaming -----------------------------------------------------------------------------------


def test_iter_spc_rows_is_deterministic_and_realistic() -> None:
    rows = list(iter_spc_rows(20_000, seed=11))
    assert rows == list(iter_spc_rows(20_000, seed=11))
    assert rows != list(iter_spc_rows(20_000, seed=12))
    assert all(len(r) == len(SPC_HEADER) for r in rows)
    persons = Counter(r[0] for r in rows if r[1] == "自然人")
    companies = Counter(r[0] for r in rows if r[1] != "自然人")
    assert persons.most_common(1)[0][1] >= 20  # common names recur a lot
    assert len(companies) / sum(companies.values()) > 0.85  # company names mostly unique
    assert sum(1 for r in rows if ORG_RE.fullmatch(r[2])) > 100  # some rows carry only the org code
    reserved = planted.reserved_names()
    assert not any(r[0] in reserved for r in rows)


_CHILD = """
import json, resource, sys
from pathlib import Path
from scscheck.samples import write_spc_snapshot
rows = int(sys.argv[1])
written = write_spc_snapshot(Path(sys.argv[2]), rows, compresslevel=1)
print(json.dumps({"written": written, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _stream(rows: int, path: Path) -> dict[str, int]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(rows), str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    report: dict[str, int] = json.loads(result.stdout)
    return report


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss units and the budget are Linux's")
def test_streaming_a_million_rows_keeps_memory_flat(tmp_path: Path) -> None:
    small = _stream(100_000, tmp_path / "small.csv.gz")
    big = _stream(1_000_000, tmp_path / "big.csv.gz")
    assert small["written"] == 100_000 and big["written"] == 1_000_000
    assert big["maxrss_kb"] - small["maxrss_kb"] < 6 * 1024, (small, big)
    with gzip.open(tmp_path / "big.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert tuple(next(reader)) == SPC_HEADER
        count = sum(1 for _ in reader)
    assert count == 1_000_000
