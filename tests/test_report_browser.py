"""The HTML report in a real headless Chromium (Debian's `chromium`, which .ci/run installs): loaded from a
file URL, its DOM holds the verdict, the reasons and the coverage table; printed to PDF it gives pages
with text on them and the sample banner on every page; a listing with hostile values stays text.

Chromium runs with a fresh profile and the flags that keep it off the network; the page itself fetches
nothing (its Content-Security-Policy forbids it, and it names no external resource).

Without Chromium these tests are skipped, unless SCSCHECK_REQUIRE_BROWSER is set (as .ci/run sets it)."""

import html.parser
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hostile import HOSTILE_NAME, hostile_cache
from reporting import AS_OF, run, synced_samples

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
)


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("SCSCHECK_REQUIRE_BROWSER"):
        pytest.fail("chromium is not installed; .ci/run installs Debian's chromium")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def browse(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium once, with a new empty profile."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=120, check=True)


class DomText(html.parser.HTMLParser):
    """The text of a DOM as serialized by Chromium, the coverage table's rows, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.coverage_rows = 0
        self._in_coverage = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag == "table" and ("id", "coverage-table") in attrs:
            self._in_coverage = True
        if self._in_coverage and tag == "tr":
            self.coverage_rows += 1
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_coverage = False
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def dom(tmp_path: Path, page: Path) -> DomText:
    parsed = DomText()
    parsed.feed(browse(tmp_path, "--dump-dom", page.as_uri()).stdout)
    return parsed


def pdf_pages(tmp_path: Path, page: Path) -> list[str]:
    """Print the page to PDF in Chromium; the text of each PDF page (poppler's pdftotext)."""
    out = tmp_path / f"{page.stem}.pdf"
    browse(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri())
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 10_000
    if not shutil.which("pdftotext"):
        if os.environ.get("SCSCHECK_REQUIRE_BROWSER"):
            pytest.fail("pdftotext is not installed; .ci/run installs Debian's poppler-utils")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synced_samples(tmp_path_factory.mktemp("browser") / "home")


def test_html_report_in_chromium_dom_and_pdf(samples: Path, tmp_path: Path) -> None:
    page = tmp_path / "linked.html"
    done = run(samples, "report", "杭州锦程科技有限公司", "--legal-rep", "陈志刚", "--legal-rep-id",
               "3408021985****1537", "--region", "浙江省杭州市", "--as-of", AS_OF, "--format", "html",
               "--output", str(page))
    assert done.exit_code == 0
    source = page.read_text(encoding="utf-8")
    # self-contained: nothing to fetch, nothing to run
    assert "<script" not in source and " src=" not in source and "url(" not in source and "@import" not in source
    parsed = dom(tmp_path, page)
    text = " ".join(" ".join(parsed.text).split())
    assert "Verdict: LINKED." in text
    assert "有履行能力而拒不履行生效法律文书确定义务" in text  # a reason, as published
    assert "Listed under a local measure" in text  # a materiality note
    assert parsed.coverage_rows == 1 + 9  # a header row and one row per registry
    assert "sha256 " in text and "Coverage and provenance" in text
    assert "script" not in parsed.tags and "img" not in parsed.tags
    pages = pdf_pages(tmp_path, page)
    assert len(pages) >= 2 and all(p.strip() for p in pages)  # every page has text on it
    assert "LINKED" in pages[1]
    assert all("SAMPLE DATA" in p for p in pages)  # the banner on every printed page
    assert any("Coverage and provenance" in p for p in pages)


def test_hostile_listing_stays_text_in_chromium(tmp_path: Path) -> None:
    home, directory, code = hostile_cache(tmp_path)
    page = tmp_path / "hostile.html"
    done = run(home, "--registry-dir", str(directory), "report", "--uscc", code, "--format", "html",
               "--output", str(page))
    assert done.exit_code == 1
    parsed = dom(tmp_path, page)
    text = " ".join(parsed.text)
    assert HOSTILE_NAME in text  # shown as the text it is
    assert not parsed.tags & {"script", "img", "iframe", "a", "svg", "math", "object", "embed", "form", "input"}
    assert not {a for a in parsed.attributes if a.startswith("on")}  # no event handler made it in
    assert "\u202e" not in text
    assert "more characters: `scscheck show` prints the whole value" in text
    pages = pdf_pages(tmp_path, page)
    assert pages and all(p.strip() for p in pages)
    document = json.loads(run(home, "--registry-dir", str(directory), "report", "--uscc", code, "-f", "json").stdout)
    assert document["counterparties"][0]["verdict"] == "listed"
