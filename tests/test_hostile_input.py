"""Hostile and broken input: whatever a snapshot or a registry file holds, scscheck never fails with a
traceback. A snapshot either loads, every row read being loaded or rejected with a one-line reason
(rows_read = rows_loaded + rows_rejected, in the snapshot record and in the tables), or fails with one line
(exit 4); a broken registry file is one line naming the file and the key (exit 2).

Property tests (hypothesis) cover every text format, gzip or not, UTF-8 or GB18030, declared rightly or
wrongly; XLSX has targeted cases (writing workbooks is slow). Each example syncs into a fresh temporary
cache through scscheck.sync.sync with debug=True, so an unexpected exception fails the test instead of
becoming a "failed" result.
"""

import csv
import gzip
import io
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from helpers import DEFAULT_FIELDS, make_org_code, make_ric, make_uscc, mask, write_registry
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scscheck import registry
from scscheck.errors import RegistryError, SnapshotError
from scscheck.readers import MAX_FIELD_CHARS, MAX_RAW_CHARS, SnapshotReader
from scscheck.registry import Source
from scscheck.store import Store
from scscheck.sync import SyncResult, sync

HEADER = list(DEFAULT_FIELDS.values())  # 名称, 统一社会信用代码/身份证号码, 法定代表人, 失信行为, 列入日期
USCC = make_uscc("340800", "WX200001")
PERSON_ID = mask(make_ric("340802", "19640517", "322"))
ORG_CODE = make_org_code("WX200002")
GOOD = ["安慶市華宇貿易有限公司", USCC, "周立新", "有履行能力而拒不履行生效法律文书确定义务", "2026年01月05日"]
# What must never reach a listing's name or a terminal: C0/C1 controls (but tab and newline in free
# text), DEL, bidi controls, and in names the invisible format characters too.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def fast(examples: int, *also: HealthCheck) -> settings:
    """Modest example counts and no deadline (a sync takes milliseconds): the file runs in seconds.
    SCSCHECK_HYPOTHESIS_SCALE=N runs N times as many examples, for a hunt."""
    examples *= int(os.environ.get("SCSCHECK_HYPOTHESIS_SCALE", "1"))
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, *also])


# ---------------------------------------------------------------------------------------------------------
# running a sync and checking that every row is accounted for


def sync_file(tmp: Path, filename: str, data: bytes, fmt: str, encoding: str = "auto") -> tuple[SyncResult, dict]:
    """Sync one snapshot file in a fresh cache under tmp; return the result and what the cache holds."""
    regs = tmp / "regs"
    regs.mkdir(exist_ok=True)
    (regs / filename).write_bytes(data)
    write_registry(regs, "test.hostile", filename, fmt, encoding=encoding,
                   records="data.list" if fmt == "json" else "")
    reg = registry.load(regs / "test.hostile.toml")
    with Store(tmp / "home") as store:
        [result] = sync(store, [reg], debug=True)  # debug: an unexpected exception is raised, not reported
        return result, cache_state(store, result)


def cache_state(store: Store, result: SyncResult) -> dict[str, Any]:
    if result.outcome != "loaded":
        return {}
    assert result.snapshot is not None
    sid = result.snapshot.id
    db = store.db
    listings = [dict(r) for r in db.execute(
        "SELECT line, name, name_norm, legal_rep, reason, raw FROM listing WHERE snapshot_id = ?", (sid,))]
    for listing in listings:  # the row as published: values under the snapshot's header, or an object
        values = json.loads(listing["raw"])
        columns = result.snapshot.columns
        listing["published"] = dict(zip(columns, values, strict=True)) if columns is not None else values
    return {
        "listings": listings,
        "rejected": [dict(r) for r in db.execute(
            "SELECT line, reason, raw FROM rejected WHERE snapshot_id = ?", (sid,))],
    }


def assert_accounted(result: SyncResult, state: dict[str, Any], expected_rows: int | None = None) -> None:
    """The properties every sync must have, whatever the input."""
    if result.outcome == "failed":
        assert result.error, result
        assert "\n" not in result.error and "\r" not in result.error, result.error
        assert "unexpected" not in result.error, result.error
        assert result.error.startswith("test.hostile: "), result.error
        return
    assert result.outcome == "loaded", result
    snap = result.snapshot
    assert snap is not None
    assert snap.rows_read == snap.rows_loaded + snap.rows_rejected
    assert (len(state["listings"]), len(state["rejected"])) == (snap.rows_loaded, snap.rows_rejected)
    lines = [r["line"] for r in state["listings"]] + [r["line"] for r in state["rejected"]]
    assert len(lines) == len(set(lines)) == snap.rows_read  # each record once: loaded or rejected
    if expected_rows is not None:
        assert snap.rows_read == expected_rows
    for r in state["rejected"]:
        assert r["reason"] and not CONTROL.search(r["reason"]) and "\n" not in r["reason"], r
        assert len(r["reason"]) <= 400, r["reason"]
        if not r["reason"].startswith("duplicate of line"):  # a duplicate keeps its listing's raw (see report)
            assert len(r["raw"]) <= MAX_RAW_CHARS, len(r["raw"])
        assert not CONTROL.search(r["raw"]), r["raw"]
    for row in state["listings"]:
        assert row["name"] and not INVISIBLE.search(row["name"]), row["name"]
        assert not INVISIBLE.search(row["name_norm"])
        assert not INVISIBLE.search(row["legal_rep"] or "")
        assert not CONTROL.search((row["reason"] or "").replace("\t", "")), row["reason"]
        assert not re.search(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", row["raw"])  # C0 are JSON-escaped
        assert len(row["name"]) <= MAX_FIELD_CHARS


# ---------------------------------------------------------------------------------------------------------
# strategies

ANY_CHAR = st.characters(exclude_categories=("Cs",))  # every code point but lone surrogates
NASTY = ["\x00", "\u202e", "\u202d", "\u2066", "\u200e", "\u200b", "\ufeff", "\x1b[31m", "\x9b", "\r", "\n",
         "\r\n", '"', ",", "\t", "\u3000", "\x85", "\u2028", "\x7f", "\u00ad", "\ufe0f"]
DATES = ["0000-01-01", "0001-01-01", "99999-01-01", "2021年2月30日", "2021年13月40日", "9999-12-31", "20250101",
         "2025-02-29", "2024-02-29", "1900-01-01", "-2021-01-01", "2021-01-01T25:00", "2021-W01", "", "  ",
         "２０２１年１月１日", "2021年1月1日\u202e"]
CODES = [USCC, PERSON_ID, ORG_CODE, ORG_CODE[:8] + "-" + ORG_CODE[8], USCC[:-1] + "0", "91340800WX200001X",
         "X" * 18, "3423011964****3224", "123456789012345", "0" * 18, "I" * 18, "91340800ＷＸ２０００１"]
NAMES = ["安慶市華宇貿易有限公司", "张伟", "\u202e司公限有易贸宇华\u202c", "名\x00称", "Acme\u200bLtd", "\u200b",
         "\u202e", "  ", "", "宁波老厂\x1b[2J", "李\u00ad四", "王五\ufe0f", "（有限）公司", "\U0002a6a5集团"]


@st.composite
def cells(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 60))
    if kind == 0:  # around the field limit: just under, at, just over
        return "长" * draw(st.integers(MAX_FIELD_CHARS - 2, MAX_FIELD_CHARS + 2))
    if kind < 12:
        return draw(st.text(ANY_CHAR, max_size=12))
    if kind < 24:
        parts = draw(st.lists(st.sampled_from(NASTY) | st.text(ANY_CHAR, max_size=4), max_size=5))
        return "".join(parts)
    if kind < 34:
        return draw(st.sampled_from(DATES))
    if kind < 44:
        return draw(st.sampled_from(CODES) | st.text("0123456789ABCDEFGHJKLMNPQRTUWXY*-", max_size=20))
    return draw(st.sampled_from(NAMES) | st.sampled_from(GOOD))


@st.composite
def rows(draw: st.DrawFn) -> list[list[str]]:
    """Rows under the fixed header: mostly the header's width, some ragged, some blank, some repeated."""
    out: list[list[str]] = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 9))
        if kind == 0 and out:
            out.append(list(draw(st.sampled_from(out))))  # a duplicate row
        elif kind == 1:
            out.append([" " * draw(st.integers(0, 2))] * draw(st.integers(1, 7)))  # a blank line
        elif kind == 2:
            out.append(draw(st.lists(cells(), min_size=1, max_size=8)))  # ragged
        elif kind == 3:
            out.append(list(GOOD))
        else:
            out.append([draw(cells()) for _ in HEADER])
    return out


def blank(row: list[str]) -> bool:
    return not any(c.strip() for c in row)


def as_records(table: list[list[str]]) -> list[dict[str, str]]:
    """Rows as JSON objects: missing cells are missing keys, extra ones extra keys."""
    records = []
    for row in table:
        record = dict(zip(HEADER, row, strict=False))
        record.update({f"extra{i}": v for i, v in enumerate(row[len(HEADER):])})
        records.append(record)
    return records


def render(fmt: str, table: list[list[str]], ensure_ascii: bool) -> tuple[str, int]:
    """The snapshot text in the format, and how many records it holds (blank lines are none)."""
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",")  # \r\n: quotes fields with \r or \n
        writer.writerow(HEADER)
        writer.writerows(table)
        return out.getvalue(), sum(1 for row in table if not blank(row))
    records = as_records(table)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=ensure_ascii) + "\n" for r in records), len(records)
    return json.dumps({"code": 0, "data": {"list": records}}, ensure_ascii=ensure_ascii), len(records)


def same_codec(written: str, read: str | None) -> bool:
    utf8 = ("utf-8", "utf-8-sig")
    return read is not None and ((written in utf8 and read in utf8) or written == read)


# ---------------------------------------------------------------------------------------------------------
# property tests


@fast(300)
@given(
    fmt=st.sampled_from(["csv", "tsv", "jsonl", "json"]),
    table=rows(),
    written=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    declared=st.sampled_from(["auto", "auto", "utf-8", "gb18030"]),
    compress=st.booleans(),
    ensure_ascii=st.booleans(),
)
def test_every_row_is_loaded_or_rejected_with_a_reason(
    fmt: str, table: list[list[str]], written: str, declared: str, compress: bool, ensure_ascii: bool
) -> None:
    text, records = render(fmt, table, ensure_ascii)
    data = text.encode(written)
    filename = f"list.{fmt}" + (".gz" if compress else "")
    with tempfile.TemporaryDirectory() as tmp:
        result, state = sync_file(Path(tmp), filename, gzip.compress(data, mtime=0) if compress else data, fmt,
                                  declared)
    declared_right = declared == "auto" or same_codec(written, declared)
    if result.outcome == "failed" and "rows was rejected" in (result.error or ""):
        # a snapshot whose every row is rejected never replaces the last good one: nothing is lost
        assert "the previous snapshot stays current" in (result.error or "")
        assert state == {} and result.snapshot is None  # nothing of it was kept; a fresh cache stays empty
        return
    if result.outcome == "failed":
        # only a declaration the content contradicts may fail a well-formed snapshot, and it says so
        assert not declared_right, result.error
        assert "the registry declares encoding" in (result.error or "") or "has no name column" in (
            result.error or ""), result.error
    assert result.snapshot is not None or result.outcome == "failed"
    read_right = result.snapshot is not None and same_codec(written, result.snapshot.encoding)
    assert_accounted(result, state, records if read_right else None)


@fast(200)
@given(
    fmt=st.sampled_from(["csv", "tsv", "jsonl", "json", "xlsx"]),
    prefix=st.sampled_from([b"", ",".join(HEADER).encode() + b"\n", "\t".join(HEADER).encode("gb18030") + b"\n",
                            b'{"data": {"list": [', b"\xef\xbb\xbf", b"\xff\xfe", b"PK\x03\x04"]),
    body=st.binary(max_size=600),
    declared=st.sampled_from(["auto", "utf-8", "gb18030", "utf-16", "latin-1"]),
    compress=st.booleans(),
)
def test_random_bytes_never_crash(fmt: str, prefix: bytes, body: bytes, declared: str, compress: bool) -> None:
    data = prefix + body
    if compress:
        data = gzip.compress(data, mtime=0)
    with tempfile.TemporaryDirectory() as tmp:
        result, state = sync_file(Path(tmp), f"list.{fmt}", data, fmt, declared)
    assert_accounted(result, state)


@fast(60)
@given(
    good=st.lists(st.sampled_from(["安庆市华宇贸易有限公司", "张伟", "宁波老厂", "杭州某某科技有限公司"]), min_size=1,
                  max_size=6),
    bad_at=st.integers(0, 6),
    majority=st.sampled_from(["utf-8", "gb18030"]),
)
def test_mixed_encodings_reject_the_odd_rows(good: list[str], bad_at: int, majority: str) -> None:
    """A file mostly in one encoding with a row in the other: the odd row is rejected, never loaded as
    mojibake, and the others load."""
    minority = "gb18030" if majority == "utf-8" else "utf-8"
    lines = [",".join(HEADER).encode(majority)]
    for i, name in enumerate(good):
        lines.append(f"{name}{i},,,拒不履行生效法律文书确定的义务,2026-01-0{i % 9 + 1}".encode(majority))
    bad_at = min(bad_at, len(good))
    lines.insert(bad_at + 1, "混合编码有限公司,,,拒不履行生效法律文书,2026-02-01".encode(minority))
    with tempfile.TemporaryDirectory() as tmp:
        result, state = sync_file(Path(tmp), "list.csv", b"\n".join(lines) + b"\n", "csv")
    assert_accounted(result, state, len(good) + 1)
    assert result.snapshot is not None
    assert (result.snapshot.rows_loaded, result.snapshot.rows_rejected) == (len(good), 1)
    [rejected] = state["rejected"]
    assert rejected["line"] == bad_at + 2
    assert "bytes not valid in utf-8" in rejected["reason"] or "is UTF-8 text, not gb18030" in rejected["reason"]
    assert {r["name"] for r in state["listings"]} == {f"{name}{i}" for i, name in enumerate(good)}


# ---------------------------------------------------------------------------------------------------------
# targeted cases


def sync_rows(tmp_path: Path, table: list[list[str]], fmt: str = "csv", encoding: str = "utf-8") -> tuple:
    text, records = render(fmt, table, ensure_ascii=False)
    result, state = sync_file(tmp_path, f"list.{fmt}", text.encode(encoding), fmt)
    assert_accounted(result, state, records)
    return result, state


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json", "xlsx"])
def test_a_one_megabyte_field_is_rejected_naming_column_and_size(tmp_path: Path, fmt: str) -> None:
    huge = ["巨大有限公司", "", "", "长" * (1 << 20), "2026-01-01"]
    table = [GOOD, huge, ["华星有限公司", "", "", "x", "2026-01-01"]]
    if fmt == "xlsx":
        write_xlsx(tmp_path / "list.xlsx", table)
        result, state = sync_file(tmp_path, "list.xlsx", (tmp_path / "list.xlsx").read_bytes(), "xlsx")
        assert_accounted(result, state, 3)
    else:
        result, state = sync_rows(tmp_path, table, fmt)
    assert result.snapshot.rows_loaded == 2
    [rejected] = state["rejected"]
    # XLSX keeps at most 32,767 characters a cell; a JSON Lines line is first over the record limit
    assert re.fullmatch(rf"column '失信行为' is [\d,]+ characters, over the limit of {MAX_FIELD_CHARS:,}|"
                        r"the record is [\d,]+ characters, over the limit of 65,536", rejected["reason"])
    assert len(rejected["raw"]) <= MAX_RAW_CHARS
    assert (tmp_path / "home" / "cache.sqlite3").stat().st_size < 512 * 1024  # the megabyte stayed out


def test_control_and_bidi_characters_never_reach_names_or_output(cli, home, tmp_path: Path) -> None:
    spoof = "\u202e司公限有易贸宇华\u202c"
    table = [
        [spoof, "", "赵\u200b六", "逃避\x1b[31m执行\u2066", "2026-01-01"],
        ["华\u200b星\u00ad有限公司\ufeff", "", "", "原因\r\n第二行", "2026-01-02"],
        ["\u200b\u202e", "", "", "只有不可见字符的名称", "2026-01-03"],
        ["坏\x00名称有限公司", "", "", "x", "2026-01-04"],
        ["\x1b]0;pwned\x07", "", "", "x", "2026-01-05"],
    ]
    regs = tmp_path / "regs"
    regs.mkdir()
    text, _ = render("csv", table, ensure_ascii=False)
    (regs / "list.csv").write_text(text, encoding="utf-8")
    write_registry(regs, "test.bidi", "list.csv", "csv")
    run = cli("--registry-dir", str(regs), "sync", "test.bidi", "--format", "json")
    assert run.exit_code == 0, run.stderr
    snap = json.loads(run.stdout)[0]["snapshot"]
    assert (snap["rows_read"], snap["rows_loaded"], snap["rows_rejected"]) == (5, 3, 2)

    found = json.loads(cli("--registry-dir", str(regs), "check", "司公限有易贸宇华", "--format", "json").stdout)
    listing = found["results"][0]["findings"][0]["listing"]
    assert listing["name"] == "司公限有易贸宇华"  # the bidi override is gone: shown as published, not reversed
    assert listing["legal_rep"] == "赵六"
    assert listing["reason"] == "逃避[31m执行"  # ESC removed, the harmless rest kept
    found = json.loads(cli("--registry-dir", str(regs), "check", "华星有限公司", "--format", "json").stdout)
    listing = found["results"][0]["findings"][0]["listing"]
    assert listing["name"] == "华星有限公司"  # zero-width space, soft hyphen and BOM do not split the name
    assert listing["reason"] == "原因\n第二行"
    for args in (("check", "司公限有易贸宇华"), ("check", "华星有限公司"), ("rejected", "test.bidi")):
        out = cli("--registry-dir", str(regs), *args)
        assert not CONTROL.search(out.stdout.replace("\n", "")), repr(out.stdout)

    rejected = json.loads(cli("--registry-dir", str(regs), "rejected", "test.bidi", "--format", "json").stdout)
    reasons = {r["line"]: r["reason"] for r in rejected["rejected"]}
    assert reasons[5] == "empty name"  # nothing visible is left of it (line 3 ran over two lines)
    assert reasons[6] == "NUL character in column '名称'"
    raws = [r["raw"] for r in rejected["rejected"]]
    assert any("\\u200b\\u202e" in raw for raw in raws)  # kept, escaped, for a person to see


def test_dates_out_of_range_are_rejected_with_the_value(tmp_path: Path) -> None:
    dated = [[f"日期{i}有限公司", "", "", "x", d] for i, d in enumerate(
        ["0000-01-01", "99999-01-01", "2021年2月30日", "2021-02-29", "9999-12-31", "2024-02-29"])]
    _, state = sync_rows(tmp_path, dated)
    reasons = {r["line"]: r["reason"] for r in state["rejected"]}
    assert reasons[2] == "listed_on: '0000-01-01' matches none of the date formats"
    assert reasons[3] == "listed_on: '99999-01-01' matches none of the date formats"
    assert reasons[4] == "listed_on: '2021年2月30日' matches none of the date formats"
    assert reasons[5] == "listed_on: '2021-02-29' matches none of the date formats"
    assert reasons[6] == "listed_on: 9999-12-31 plus the registry's 730-day term is past the year 9999"
    assert [r["line"] for r in state["listings"]] == [7]


def test_invalid_codes_and_duplicates_are_accounted_for(tmp_path: Path) -> None:
    table = [[f"代码{i}有限公司", code, "", "x", "2026-01-01"] for i, code in enumerate(CODES)]
    table += [table[0], table[1]]
    _, state = sync_rows(tmp_path, table)
    duplicates = sorted(r["reason"] for r in state["rejected"] if r["reason"].startswith("duplicate"))
    assert duplicates == ["duplicate of line 2", "duplicate of line 3"]


def test_ragged_rows_trailing_delimiters_and_an_unclosed_quote(tmp_path: Path) -> None:
    lines = [
        ",".join(HEADER),
        ",".join(GOOD) + ",,",  # trailing empty cells: nothing lost, loaded
        "短行,x",  # too few
        ",".join(GOOD[:4]) + ",2026-01-01,多余",  # too many, the extra one not empty
        ",,,,,,,,",  # only commas: a blank line, not a record
        "   \t  ",  # only whitespace: a blank line
        '"未闭合的引号有限公司,,,x,2026-01-01',  # the quote swallows the rest of the file
        "后面的行有限公司,,,x,2026-01-01",
    ]
    result, state = sync_file(tmp_path, "list.csv", ("\n".join(lines) + "\n").encode(), "csv")
    assert_accounted(result, state, 4)
    reasons = {r["line"]: r["reason"] for r in state["rejected"]}
    assert reasons == {
        3: "row has 2 fields, the header has 5",
        4: "row has 6 fields, the header has 5",
        7: "row has 1 fields, the header has 5 (lines 7-8: an unclosed quote?)",
    }
    assert [r["line"] for r in state["listings"]] == [2]


def test_repeated_and_empty_header_columns_lose_nothing(tmp_path: Path) -> None:
    text = "名称,统一社会信用代码/身份证号码,名称,,失信行为,列入日期\n甲有限公司,,乙有限公司,备注,x,2026-01-01\n"
    result, state = sync_file(tmp_path, "list.csv", text.encode(), "csv")
    assert_accounted(result, state, 1)
    [listing] = state["listings"]
    assert listing["name"] == "甲有限公司"  # the first of a repeated column is the one mapped
    assert listing["published"] == {
        "名称": "甲有限公司", "统一社会信用代码/身份证号码": "", "名称 (column 3)": "乙有限公司", "(column 4)": "备注",
        "失信行为": "x", "列入日期": "2026-01-01"}


def test_header_cells_with_line_breaks_and_invisible_characters_still_map(tmp_path: Path) -> None:
    header = ['"\ufeff名称\u200b"', '"统一社会信用代码/\n身份证号码"', "法定代表人", '"失信\u202e行为"', "列入日期"]
    text = ",".join(header) + "\n" + ",".join(GOOD) + "\n"
    result, state = sync_file(tmp_path, "list.csv", text.encode(), "csv")
    assert_accounted(result, state, 1)
    assert result.warnings == []  # every mapped column was found
    assert state["listings"][0]["published"]["统一社会信用代码/身份证号码"] == USCC


def test_a_long_record_written_with_ascii_escapes_is_not_mistaken_for_an_oversized_one(tmp_path: Path) -> None:
    record = dict(zip(HEADER, ["长记录有限公司", "", "", "长" * 12_000, "2026-01-01"], strict=True))
    line = json.dumps(record)  # \uXXXX: 72,000 characters on the line, 12,000 in the field
    result, state = sync_file(tmp_path, "list.jsonl", (line + "\n").encode(), "jsonl")
    assert_accounted(result, state, 1)
    assert result.snapshot.rows_loaded == 1


@pytest.mark.parametrize(("written", "declared", "message"), [
    ("gb18030", "utf-8", "the registry declares encoding 'utf-8', but the snapshot is not UTF-8"),
    ("utf-8", "gb18030", "the registry declares encoding 'gb18030', but the snapshot is UTF-8 text"),
])
def test_a_declared_encoding_the_content_contradicts_fails_the_sync(
        cli, home, tmp_path: Path, written: str, declared: str, message: str) -> None:
    regs = tmp_path / "regs"
    regs.mkdir()
    text, _ = render("csv", [GOOD, ["张伟", PERSON_ID, "", "违反限制消费令", "20250101"]], ensure_ascii=False)
    (regs / "list.csv").write_bytes(text.encode(written))
    write_registry(regs, "test.enc", "list.csv", "csv", encoding=declared)
    run = cli("--registry-dir", str(regs), "sync", "test.enc")
    assert run.exit_code == 4
    [line] = [x for x in run.stderr.splitlines() if x.startswith("scscheck: sync failed")]
    assert f"test.enc: {message}" in line


def test_utf16_with_broken_surrogates_and_odd_length_is_rejected_by_row(tmp_path: Path) -> None:
    text = ",".join(HEADER) + "\n" + ",".join(GOOD) + "\n"
    # a lone high surrogate (bytes 00 d8: one of them below 0x80, which surrogateescape cannot keep), then an
    # odd byte at the very end
    data = text.encode("utf-16") + "坏行,,,x,".encode("utf-16-le") + b"\x00\xd8" + "2\n".encode("utf-16-le") + b"x"
    result, state = sync_file(tmp_path, "list.csv", data, "csv")
    assert_accounted(result, state, 3)
    assert result.snapshot.encoding == "utf-16" and result.snapshot.rows_loaded == 1
    reasons = {r["line"]: r["reason"] for r in state["rejected"]}
    assert reasons == {3: "bytes not valid in utf-16 in column '列入日期': b'\\x00\\xd82'",
                       4: "row has 1 fields, the header has 5"}


@pytest.mark.parametrize(("fmt", "text", "problem"), [
    ("json", "[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ("json", '{"data": {"list": [' + "1" * 5000 + "]}}", "not valid JSON"),
    ("json", '{"data": {"list": {"a": 1}}}', "'data.list' is not an array of records"),
    ("json", '{"data": 3}', "the JSON has no 'data.list'"),
])
def test_json_documents_that_cannot_be_read_fail_in_one_line(tmp_path: Path, fmt: str, text: str, problem: str) -> None:
    result, state = sync_file(tmp_path, f"list.{fmt}", text.encode(), fmt)
    assert_accounted(result, state)
    assert result.outcome == "failed" and problem in (result.error or "")


def test_json_records_that_cannot_be_read_are_rejected(tmp_path: Path) -> None:
    lines = [
        json.dumps(dict(zip(HEADER, GOOD, strict=True)), ensure_ascii=False),
        "[" * 20_000 + "]" * 20_000,  # nested too deeply for the parser
        '{"名称": ' + "9" * 5000 + "}",  # an integer too long to convert
        '{"名称": "\\ud800孤立代理项有限公司"}',  # a lone surrogate escape: not text
        "null", "[1, 2]", '"string"',
        '{"名称": {"nested": [1, {"deep": "值"}]}, "列入日期": "2026-01-01"}',
    ]
    result, state = sync_file(tmp_path, "list.jsonl", ("\n".join(lines) + "\n").encode(), "jsonl")
    assert_accounted(result, state, len(lines))
    reasons = {r["line"]: r["reason"] for r in state["rejected"]}
    assert reasons[2].startswith("not valid JSON") and reasons[3].startswith("not valid JSON")
    assert reasons[4].startswith("invalid text in column '名称'")
    assert (reasons[5], reasons[6], reasons[7]) == (
        "record is a JSON null, not an object", "record is a JSON array, not an object",
        "record is a JSON string, not an object")
    assert {r["line"] for r in state["listings"]} == {1, 8}


def test_corrupt_gzip_is_a_snapshot_error_not_a_crash(tmp_path: Path) -> None:
    data = bytearray(gzip.compress((",".join(HEADER) + "\n" + ",".join(GOOD) + "\n").encode() * 200, mtime=0))
    data[20:40] = b"\xff" * 20  # damage the deflate stream
    path = tmp_path / "list.csv.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(SnapshotError):
        list(SnapshotReader(path, Source(url="list.csv.gz", format="csv")))
    result, state = sync_file(tmp_path, "list.csv.gz", bytes(data), "csv")
    assert result.outcome == "failed"
    assert_accounted(result, state)


# ---------------------------------------------------------------------------------------------------------
# XLSX: a few targeted cases


def write_xlsx(path: Path, table: list[list[Any]], header: list[str] | None = None) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header or HEADER)
    for row in table:
        ws.append(row)
    wb.save(path)


def test_xlsx_ragged_rows_out_of_range_dates_and_control_characters(tmp_path: Path, capfd) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(GOOD)
    ws.append(["多出单元格有限公司", "", "", "x", "2026-01-01", "多余"])  # one cell too many
    ws.append(["短行有限公司"])  # too few: XLSX pads, the row loads
    ws.append(["日期越界有限公司", "", "", "x", 1e10])  # a date serial past year 9999
    ws.cell(row=5, column=5).number_format = "yyyy-mm-dd"
    ws.append(["\u202e司公限有\u202c", "", "", "x", -5])  # before 1900, still a date
    ws.cell(row=6, column=5).number_format = "yyyy-mm-dd"
    ws.append([None, None, None])  # empty row: skipped
    ws.append(["公式有限公司", "", "", "=1/0", "2026-01-01"])
    wb.save(tmp_path / "list.xlsx")
    result, state = sync_file(tmp_path, "list.xlsx", (tmp_path / "list.xlsx").read_bytes(), "xlsx")
    assert_accounted(result, state, 6)
    reasons = {r["line"]: r["reason"] for r in state["rejected"]}
    assert reasons[3] == "row has 6 cells, the header has 5"
    assert reasons[5] == "listed_on: '#VALUE!' matches none of the date formats"
    names = {r["name"] for r in state["listings"]}
    assert {"短行有限公司", "司公限有", "公式有限公司"} <= names
    assert "UserWarning" not in capfd.readouterr().err  # openpyxl's warnings do not reach stderr


@pytest.mark.parametrize("damage", ["not a zip", "zip without a workbook", "truncated", "damaged sheet xml"])
def test_broken_xlsx_fails_in_one_line(tmp_path: Path, damage: str) -> None:
    write_xlsx(tmp_path / "good.xlsx", [GOOD] * 50)
    good = (tmp_path / "good.xlsx").read_bytes()
    if damage == "not a zip":
        data = b"\x00\x01 this is not a workbook" * 10
    elif damage == "zip without a workbook":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("hello.txt", "hi")
        data = out.getvalue()
    elif damage == "truncated":
        data = good[: len(good) // 2]
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename.endswith("sheet1.xml"):
                    body = body[: len(body) // 2] + b"<c><<<"
                dst.writestr(item, body)
        data = out.getvalue()
    result, state = sync_file(tmp_path, "list.xlsx", data, "xlsx")
    assert_accounted(result, state)
    if damage == "damaged sheet xml":  # rows before the damage were read, but the snapshot is not loaded
        assert result.outcome == "failed" and "the workbook is damaged after row" in (result.error or "")
    else:
        assert result.outcome == "failed" and "not a readable XLSX workbook" in (result.error or "")


# ---------------------------------------------------------------------------------------------------------
# registry files: random keys, values, types and missing tables


TEMPLATE = {
    "id": "test.random", "name": "Random", "name_zh": "随机", "authority": "A", "kind": "blacklist",
    "level": "prefecture", "region": "340800", "subjects": ["enterprise", "person"], "legal_basis": "B",
    "reason_category": "other", "term_days": 730, "max_age_days": 7, "sample": True,
    "source": {"url": "list.csv", "format": "csv", "encoding": "auto", "sha256_url": "", "records": "",
               "sheet": "", "max_bytes": 1000},
    "fields": {"name": "名称", "id": ["统一社会信用代码", "身份证号码"]},
    "values": {"subject_type": {"企业": "enterprise"}},
    "dates": {"formats": ["%Y-%m-%d"]},
}
TOML_SCALARS = (
    st.text(ANY_CHAR, max_size=20) | st.integers(-(2**63), 2**63 - 1) | st.booleans()
    | st.floats(allow_nan=True) | st.datetimes() | st.dates()
    | st.sampled_from(["", "../../etc/passwd", "file:///etc/passwd", "http://example.org/x.csv", "xlsx",
                       "base64", "idna", "a\x00b", "utf-16", "9" * 400, "test.random", "../x", "x/../y"])
)
TOML_VALUES = st.recursive(
    TOML_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)


@st.composite
def registry_documents(draw: st.DrawFn) -> dict[str, Any]:
    doc = json.loads(json.dumps(TEMPLATE))
    for _ in range(draw(st.integers(1, 4))):
        table = doc
        if draw(st.booleans()):
            sub = draw(st.sampled_from(["source", "fields", "values", "dates"]))
            if not isinstance(doc.get(sub), dict):
                continue
            table = doc[sub]
        action = draw(st.integers(0, 2))
        existing = bool(table) and action < 2
        key = draw(st.sampled_from(sorted(table)) if existing else st.text(ANY_CHAR, min_size=1, max_size=8))
        if action == 0:
            table.pop(key, None)
        else:
            table[key] = draw(TOML_VALUES)
    return doc


@fast(300)
@given(doc=registry_documents())
def test_random_registry_files_load_or_fail_in_one_line(doc: dict[str, Any]) -> None:
    import tomli_w

    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):
        assume(False)  # not representable in TOML at all
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "test.random.toml"
        path.write_text(text, encoding="utf-8")
        try:
            reg = registry.load(path)
        except RegistryError as exc:
            assert "\n" not in exc.message and "\r" not in exc.message
            assert exc.message.startswith(f"{path}: key '"), exc.message
            assert len(exc.message) < 600
            assert not CONTROL.search(exc.message)
            return
    assert reg.id == "test.random"
    scheme = urlsplit(reg.source.url).scheme
    assert scheme in ("https", "http") or len(scheme) <= 1  # a relative path (C: would be a Windows drive)
    assert ".." not in Path(reg.source.url).parts


@fast(40, HealthCheck.function_scoped_fixture)
@given(doc=registry_documents(), garbage=st.binary(max_size=40))
def test_sync_with_a_random_registry_exits_0_2_or_4(cli, home, doc: dict[str, Any], garbage: bytes) -> None:
    import tomli_w

    try:
        text = tomli_w.dumps(doc).encode()
    except (TypeError, ValueError):
        text = garbage  # not TOML at all
    with tempfile.TemporaryDirectory() as tmp:
        regs = Path(tmp)
        (regs / "test.random.toml").write_bytes(text)
        (regs / "list.csv").write_text(",".join(HEADER) + "\n" + ",".join(GOOD) + "\n", encoding="utf-8")
        run = cli("--registry-dir", str(regs), "sync", "test.random")
    assert run.exit_code in (0, 2, 4), run
    if run.exit_code == 2:
        [line] = run.stderr.splitlines()
        assert line.startswith("scscheck: error: ")
        assert "test.random.toml: key '" in line or "unknown registry" in line, line
    if run.exit_code == 4:
        assert "scscheck: sync failed: test.random: " in run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


@pytest.mark.parametrize(("text", "key"), [
    ("[" * 100_000, "(syntax)"),
    ("a = " + "[" * 5000 + "]" * 5000, "(syntax)"),
    ("x" * (2 << 20), "(file)"),
])
def test_pathological_registry_files(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "test.random.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        registry.load(path)
    assert info.value.key == key and "\n" not in info.value.message


def test_registry_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "test.random.toml"
    path.write_bytes('id = "test.random"\nname = "名单"\n'.encode("gb18030"))
    with pytest.raises(RegistryError, match=r"key '\(file\)': is not UTF-8 text"):
        registry.load(path)
