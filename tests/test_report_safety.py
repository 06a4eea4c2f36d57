"""Every value from a list is data, never markup: a listing with hostile values (markup, Markdown, formula
prefixes, a bidi override, a 100 KB field) gives safe HTML, Markdown and CSV. (Chromium's reading of the
same HTML is in test_report_browser.py.)"""

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import cache_db, update_listings
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
    assert "\u202e" not in page and "\u202c" not in page and "-2+3\\u202e" in page  # written out
    # the 100 KB field is cut for the document, saying so; the JSON report keeps it whole
    assert "義" * report.CLIP in page and "義" * (report.CLIP + 1) not in page
    assert f"{HUGE - report.CLIP:,} more characters" in page
    document = json.loads(produce(hostile, "report", "--uscc", hostile[2], "--format", "json"))
    assert document["counterparties"][0]["findings"][0]["listing"]["obligation"] == "義" * HUGE
    assert len(page) < 60_000


def rendered(markdown: str) -> dict[str, Tags]:
    """The Markdown as two real renderers make it HTML: GitHub's (cmark-gfm, with its autolink and table
    extensions) and markdown-it with raw HTML and linkify on (as editors' previews run it)."""
    import cmarkgfm
    from markdown_it import MarkdownIt

    pages = {
        "cmark-gfm": cmarkgfm.github_flavored_markdown_to_html(markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE),
        "markdown-it": MarkdownIt("gfm-like", {"html": True, "linkify": True}).render(markdown),
    }
    parsed = {}
    for name, page in pages.items():
        parsed[name] = Tags()
        parsed[name].feed(page)
    return parsed


def test_markdown_is_escaped(hostile) -> None:
    text = produce(hostile, "report", "--uscc", hostile[2], "--format", "md")
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "\u202e" not in text and "\u202c" not in text and "-2+3\\\\u202e" in text  # written out
    for line in text.splitlines():
        if line.startswith("| Reason | ="):
            assert line.count(" | ") == 1 and line.endswith(" |")  # the `|` in the value did not split the cell
    assert f"{HUGE - report.CLIP:,} more characters" in text
    for renderer, parsed in rendered(text).items():
        tags = {tag for tag, _ in parsed.tags}
        assert not tags & {"a", "img", "script", "b", "iframe", "svg"}, renderer  # no link, image or markup
        shown = "".join(parsed.text)
        for value in (HOSTILE_NAME, "<img src=x onerror=alert(1)>", '=HYPERLINK("http://evil.example","x") evil | '
                      "**bold** [link](http://evil.example) <b>bold</b> `code` www.evil.example # _x_ \\ &amp;"):
            assert value in shown, (renderer, value)  # every value renders as exactly the text it is


def test_markdown_links_nothing_in_list_values() -> None:
    values = ["mail evil@evil.example", "xmpp:boss@evil.example/x", "see evil.com now", "www.evil.example",
              "https://evil.example/x", "$x^2$ %%hidden%% :smile:", "<https://evil.example>", "![i](x.png)",
              "[l]: https://evil.example", "1. not a list", "# not a heading", "> not a quote", "4386210.52元"]
    markdown = "\n\n".join(f"| v | {report_md.md(v)} |" if n % 2 else report_md.md(v) for n, v in enumerate(values))
    for renderer, parsed in rendered(markdown).items():
        tags = {tag for tag, _ in parsed.tags}
        assert not tags & {"img", "h1", "blockquote", "ol", "em", "strong", "code"}, (renderer, tags)
        # GitHub's renderer links an e-mail address after escapes are undone, whatever the escaping; such a
        # link shows its own target as its text, and no other link is made
        links = [dict(attrs)["href"] for tag, attrs in parsed.tags if tag == "a"]
        assert set(links) <= {"mailto:evil@evil.example", "xmpp:boss@evil.example/x"}, (renderer, links)
        shown = "".join(parsed.text)
        for value in values:
            assert value in shown, (renderer, value)
    assert report_md.md("4386210.52元") == "4386210.52元"  # numbers stay readable in the source


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
    assert "'" + FORMULA_NAME in cells and "'+SUM(1,1)" in cells
    assert any(c.startswith("'=HYPERLINK(") for c in cells)  # the reason too
    # a 100 KB reason beginning with a formula and a bidi override: whole, neutralised, the override written out
    assert "'=\\u202e" + "x" * HUGE in cells and "\u202e" not in sheet
    assert HOSTILE_NAME in cells  # not a formula: as it is


def test_renderers_escape_queries_too() -> None:
    # a query is typed by a user or read from their file: escaped like list values
    assert report_html.h("a\u202eb<i>") == "a\\u202eb&lt;i&gt;"
    assert report_md.md("a\u202eb<i>|*") == "a\\\\u202eb&lt;i&gt;\\|\\*"
    assert report_md.md("line\nbreak\r\n\tend") == "line break  end"
    cut = report_md.md("x" * (report.CLIP + 10))
    assert cut.startswith("x" * report.CLIP + " … \\[10 more characters\\: \\`scscheck show\\` prints")


def test_terminal_output_writes_escape_sequences_out(hostile) -> None:
    home, _directory, code = hostile
    db = cache_db(home)
    with db:  # a published row as stored, with an escape sequence and a bidi override in it
        raw = json.dumps({"名称": "x", "失信行为": "\x1b]8;;http://evil.example\x1b\\CLICK\u202eRTL"})
        assert update_listings(db, "raw = ?", "uscc = ?", (raw, code)) == 1
    db.close()
    listing_id = json.loads(produce(hostile, "check", "--uscc", code, "-f", "json"))["results"][0]["findings"][0][
        "listing"]["listing_id"]
    for args in (("show", listing_id), ("show", listing_id, "-f", "json"),
                 ("check", "\x1b[2J\u202e安庆市某某有限公司"), ("check", "--uscc", code, "-f", "jsonl"),
                 ("report", "\x1b[31m安庆市某某有限公司", "-f", "json")):
        out = produce(hostile, *args)
        assert "\x1b" not in out and "\u202e" not in out, args
    assert "\\u001b]8;;http://evil.example" in produce(hostile, "show", listing_id)  # written out, not dropped


def test_csv_neutralises_full_width_and_hidden_formula_starts() -> None:
    from scscheck.output import csv_cell

    for value in ("＝1+1", "＋1", "－1", "＠SUM(A1)", "\u200b=1+1", " =1+1", "\ufeff@x", "=1"):
        assert csv_cell(value).startswith("'"), value
    assert csv_cell("安庆市=公司") == "安庆市=公司" and csv_cell("") == ""
    assert csv_cell("a\x1b[2Jb") == "a\\u001b[2Jb"


def test_registry_text_with_control_or_bidi_characters_is_refused(tmp_path: Path) -> None:
    from helpers import write_registry

    from scscheck import registry
    from scscheck.errors import RegistryError

    for key, value in (("name_zh", "测试\u202e名单"), ("authority", "\x1b[2JTest"), ("legal_basis", "a\u2066b")):
        directory = tmp_path / key
        path = write_registry(directory, "test.text", "t.csv")
        text = path.read_text(encoding="utf-8")
        line = next(line for line in text.splitlines() if line.startswith(f"{key} ="))
        path.write_text(text.replace(line, f"{key} = {json.dumps(value)}"), encoding="utf-8")
        with pytest.raises(RegistryError, match=f"key '{key}': .* holds control or bidi characters"):
            registry.load(path)
