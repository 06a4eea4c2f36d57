"""Every value from a list is data, never markup: a listing with hostile values (markup, Markdown, formula
prefixes, a bidi override, a 100 KB field) gives safe HTML, Markdown and CSV. (Chromium's reading of the
same HTML is in test_report_browser.py.)"""

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile import FORMULA_NAME, HOSTILE_NAME, HUGE, formula_code, hostile_cache
from reporting import run

from scscheck import report, report_html, report_md

ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "div", "h1", "h2", "h3", "h4", "p", "b", "i",
                "span", "code", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "section"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    return hostile_cache(tmp_path_factory.mktemp("hostile"))


def produce(hostile: tuple[Path, Path, str], *args: str) -> str:
    home, directory, _code = hostile
    done = run(home, "--registry-dir", str(directory), *args)
    assert done.exit_code in (0, 1), done.stderr
    return done.stdout


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_escaped_and_self_contained(hostile) -> None:
    page = produce(hostile, "report", "--uscc", hostile[2], "--format", "html")
    parsed = Tags()
    parsed.feed(page)
    assert {tag for tag, _ in parsed.tags} <= ALLOWED_TAGS
    attributes = {name for _, attrs in parsed.tags for name, _ in attrs}
    assert attributes <= {"lang", "charset", "http-equiv", "content", "name", "class", "id", "role"}
    text = "".join(parsed.text)
    assert HOSTILE_NAME in text and "<img src=x onerror=alert(1)>" in text  # shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page
    assert "\u202e" not in page and "\u202c" not in page
    # the 100 KB field is cut for the document, saying so; the JSON report keeps it whole
    assert "義" * report.CLIP in page and "義" * (report.CLIP + 1) not in page
    assert f"{HUGE - report.CLIP:,} more characters" in page
    document = json.loads(produce(hostile, "report", "--uscc", hostile[2], "--format", "json"))
    assert document["counterparties"][0]["findings"][0]["listing"]["obligation"] == "義" * HUGE
    assert len(page) < 60_000


def test_markdown_is_escaped(hostile) -> None:
    text = produce(hostile, "report", "--uscc", hostile[2], "--format", "md")
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" not in text  # parentheses are not special: left alone
    assert "&lt;script&gt;alert(1)&lt;/script&gt;贸易有限公司" in text
    assert "\\*\\*bold\\*\\* \\[link\\](http\\://evil.example)" in text  # no emphasis, no link
    assert "\\`code\\`" in text and "www\\.evil.example" in text and "\\# \\_x\\_ \\\\ &amp;amp;" in text
    assert "\u202e" not in text and "\u202c" not in text and "evil" in text  # bidi controls: gone at load
    for line in text.splitlines():
        if line.startswith("| Reason | ="):
            assert line.count(" | ") == 1 and line.endswith(" |")  # the `|` in the value did not split the cell
    assert f"{HUGE - report.CLIP:,} more characters" in text


def test_csv_neutralises_formulas(hostile) -> None:
    _home, directory, _ = hostile
    source = directory / "input.csv"
    out = io.StringIO()
    rows = [["名称", "统一社会信用代码"], [HOSTILE_NAME, hostile[2]], [FORMULA_NAME, formula_code()]]
    csv.writer(out).writerows(rows)
    source.write_text(out.getvalue(), encoding="utf-8")
    sheet = produce(hostile, "check", "--input", str(source), "--format", "csv")
    rows = list(csv.reader(io.StringIO(sheet)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + FORMULA_NAME in cells and "'+SUM(1,1)" in cells and "'-1+1" in cells
    assert any(c.startswith("'=HYPERLINK(") for c in cells)  # the reason too
    assert HOSTILE_NAME in cells  # not a formula: as it is


def test_renderers_escape_queries_too() -> None:
    # a query is typed by a user or read from their file: escaped like list values
    assert report_html.h("a\u202eb<i>") == "a\\u202eb&lt;i&gt;"
    assert report_md.md("a\u202eb<i>|*") == "a\\\\u202eb&lt;i&gt;\\|\\*"
    assert report_md.md("line\nbreak\r\n\tend") == "line break  end"
    assert re.fullmatch(r"x+ … \[\d{1,3}(,\d{3})* more characters: \\`scscheck show\\` prints the whole value\\\]",
                        report_md.md("x" * (report.CLIP + 10)).replace("\\[", "[", 1))
