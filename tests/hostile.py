"""A cache with a listing whose every value is hostile: markup, Markdown, formula prefixes, bidi overrides,
and (written into the cache, since the reader rejects any published field over 16 KiB) a 100 KB field."""

import csv
import io
import json
from pathlib import Path

from helpers import cache_db, make_uscc, update_listings, write_registry
from reporting import run

HOSTILE_NAME = "<script>alert(1)</script>贸易有限公司"
FORMULA_NAME = '=HYPERLINK("http://evil.example/x","click")有限公司'
HUGE = 100 * 1024  # characters of the huge field
HUGE_FORMULA = "=\u202e" + "x" * HUGE
FIELDS = {"name": "名称", "id": "统一社会信用代码/身份证号码", "legal_rep": "法定代表人", "reason": "失信行为",
          "listed_on": "列入日期", "authority": "认定单位", "case_number": "案号", "decision_doc": "决定书",
          "performance": "履行情况"}
ROWS = [
    {"名称": HOSTILE_NAME, "法定代表人": "<img src=x onerror=alert(1)>",
     "失信行为": '=HYPERLINK("http://evil.example","x") \u202eevil\u202c | **bold** [link](http://evil.example) '
                 "<b>bold</b> `code` www.evil.example # _x_ \\ &amp;",
     "列入日期": "2026-01-05", "认定单位": "+SUM(1,1)", "案号": "-2+3", "决定书": "@SUM(A1:A9)",
     "履行情况": "\t制表符开头"},
    {"名称": FORMULA_NAME, "法定代表人": "@张三", "失信行为": "-1+1", "列入日期": "2026-01-06", "认定单位": "\rCR",
     "案号": "", "决定书": "", "履行情况": ""},
    {"名称": "安庆市超长字段有限公司", "法定代表人": "", "失信行为": "A" * HUGE, "列入日期": "2026-01-07",
     "认定单位": "", "案号": "", "决定书": "", "履行情况": ""},
]


def hostile_cache(tmp_path: Path) -> tuple[Path, Path, str]:
    """Sync the hostile registry into a new cache; returns the home, the registry directory and the code
    of the listing with markup (whose obligation is then made 100 KB long in the cache)."""
    home, directory = tmp_path / "home", tmp_path / "regs"
    directory.mkdir(parents=True)
    codes = [make_uscc("340800", f"WX8000{n:02d}") for n in range(len(ROWS))]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS.values()), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for row, code in zip(ROWS, codes, strict=True):
        writer.writerow({**row, "统一社会信用代码/身份证号码": code})
    (directory / "hostile.csv").write_text(out.getvalue(), encoding="utf-8")
    write_registry(directory, "test.hostile", "hostile.csv", fields=FIELDS)
    done = run(home, "--registry-dir", str(directory), "sync", "test.hostile", "-f", "json")
    assert done.exit_code == 0, done.stderr
    snapshot = json.loads(done.stdout)[0]["snapshot"]
    assert (snapshot["rows_read"], snapshot["rows_loaded"], snapshot["rows_rejected"]) == (3, 2, 1)
    rejected = run(home, "--registry-dir", str(directory), "rejected", "test.hostile", "-f", "json").stdout
    assert "over the limit of 16,384" in rejected  # the published 100 KB field is refused at load...
    db = cache_db(home)
    with db:  # ...so listings with one are made in the cache, as another loader might have stored them, with
        # the bidi override the loader would have removed
        assert update_listings(db, "obligation = ?, case_number = ?", "uscc = ?",
                               ("義" * HUGE, "-2+3\u202e", codes[0])) == 1
        assert update_listings(db, "reason = ?", "uscc = ?", (HUGE_FORMULA, codes[1])) == 1
    db.close()
    return home, directory, codes[0]


def formula_code() -> str:
    return make_uscc("340800", "WX800001")
