"""`scscheck report` and `scscheck show` on the bundled samples: golden Markdown and JSON reports for a
listed, a linked, a review and a clear counterparty (with red-list entries), the JSON Schemas, computed
materiality notes, batches written one file per counterparty, and the same body every time.

Golden files are in tests/golden/; after a deliberate change, regenerate them with
`SCSCHECK_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py` and read the diff before committing."""

import json
import os
import time
from pathlib import Path

import pytest
from reporting import AS_OF, FETCHED, SAMPLES, assert_valid, body, generated, run, schema, synced_on, synced_samples

from scscheck.status import ExitCode

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    # 莆田市鸿兴鞋业: on the SPC list by USCC, and on Putian's brand red list
    "listed": ("--uscc", "91350304WX2026055B"),
    # 杭州锦程科技: its legal representative is a listed person and represents listed companies in Anhui
    "linked": ("杭州锦程科技有限公司", "--legal-rep", "陈志刚", "--legal-rep-id", "3408021985****1537",
               "--region", "浙江省杭州市"),
    # 刘晓东: a person's name alone on Anqing's local list (public order): a person must judge
    "review": ("刘晓东",),
    # 莆田市福源食品: on no blacklist, on the red list
    "clear": ("--uscc", "91350322WX20260638"),
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    from conftest import module_store

    home = tmp_path_factory.mktemp("report") / "home"
    module_store(home, request)
    return synced_samples(home)


def report(home: Path, fmt: str, *args: str) -> tuple[int, str]:
    done = run(home, "report", *args, "--as-of", AS_OF, "--format", fmt)
    return done.exit_code, done.stdout


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_golden_reports(samples: Path, case: str, fmt: str) -> None:
    code, text = report(samples, fmt, *CASES[case])
    assert code == (ExitCode.FOUND if case == "listed" else ExitCode.SUCCESS)
    golden = GOLDEN / f"report-{case}.{fmt}"
    if os.environ.get("SCSCHECK_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(body(text), encoding="utf-8")
    assert body(text) == golden.read_text(encoding="utf-8"), f"{golden.name} differs: see the module docstring"


@pytest.mark.parametrize("case", CASES)
def test_json_report_validates_and_says_what_the_case_is(samples: Path, case: str) -> None:
    _, text = report(samples, "json", *CASES[case])
    document = json.loads(text)
    assert_valid(schema("report"), document)
    party = document["counterparties"][0]
    assert party["verdict"] == case
    assert document["as_of"] == AS_OF and document["sample_data"] and document["coverage_complete"]
    assert len(document["coverage"]) == 9
    for c in document["coverage"]:
        assert c["fetched_at"] == FETCHED and len(c["digest"]) == 64 and c["rows"] > 0 and not c["insecure_http"]
    if case == "listed":
        listed = [f["registry"]["id"] for f in party["findings"] if f["effect"] == "listed"]
        assert listed == ["cn.spc.dishonest-debtors"]
        assert party["summary"] == ("91350304WX2026055B is listed: 1 active blacklist listing on 1 registry matched "
                                    "it by its USCC. Also: 1 red-list entry (positive information).")
        assert [f["registry"]["id"] for f in party["redlist"]] == ["cn.fj.putian.brand-redlist"]
    if case == "linked":
        linked = [f for f in party["findings"] if f["effect"] == "linked"]
        assert linked and all(f["via"]["legal_rep"] == "陈志刚" and len(f["path"]) == 4 for f in linked)
        assert {f["status"] for f in party["history"]} == {"expired"}
    if case == "review":
        (finding,) = party["findings"]
        assert finding["match"]["ceiling"] == "review"
        assert [n["code"] for n in finding["materiality"]] == ["local-measure", "near-expiry"]
    if case == "clear":
        assert party["findings"] == [] and party["summary"].startswith("No active blacklist listing matched")
        assert party["redlist"][0]["effect"] == "none"


def test_every_finding_states_reason_basis_dates_and_status(samples: Path) -> None:
    _, text = report(samples, "json", *CASES["linked"])
    party = json.loads(text)["counterparties"][0]
    entries = party["findings"] + party["history"] + party["redlist"]
    assert len(entries) >= 8
    for entry in entries:
        lst = entry["listing"]
        assert entry["registry"]["name_zh"] and entry["registry"]["name"] and lst["authority"]
        assert lst["reason_category"] and lst["reason"] and lst["listed_on"]
        assert lst["status"] == entry["status"]
        assert (entry["legal_basis_source"] is None) == (lst["legal_basis"] is None)
        if lst["expires_on"]:
            assert entry["expires_basis"] in ("published", "term")


def test_markdown_report_sections_in_order(samples: Path) -> None:
    _, text = report(samples, "md", *CASES["linked"])
    order = ["# Due-diligence report: 杭州锦程科技有限公司", "**Query:**", "**Verdict: LINKED.**", "### Findings",
             "### History: expired and removed listings", "### Red list", "## Coverage and provenance"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    # the sample banner heads the document and every counterparty
    assert text.count("SAMPLE DATA: at least one registry searched holds fictional sample listings") == 2
    assert "listed on + the registry's term of 730 days" in text and "(as published)" in text


def test_materiality_notes_are_computed(samples: Path) -> None:
    _, text = report(samples, "json", "--input", str(SAMPLES / "counterparties.csv"))
    notes: dict[str, set[str]] = {}
    for party in json.loads(text)["counterparties"]:
        for entry in party["findings"] + party["history"] + party["redlist"]:
            for note in entry["materiality"]:
                notes.setdefault(note["code"], set()).add(entry["registry"]["id"])
    # watchlists are never blacklistings; local measures outside the national categories are Anqing's
    # public-order and Hangzhou's contract listings; national registries never get that note
    assert notes["watchlist"] == {"cn.samr.abnormal-operations"}
    assert notes["local-measure"] <= {"cn.ah.anqing.blacklist", "cn.zj.hangzhou.blacklist",
                                      "cn.zj.ningbo.environment-blacklist", "cn.fj.putian.brand-redlist"}
    assert "cn.ah.anqing.blacklist" in notes["local-measure"]


def test_near_expiry_and_missing_legal_basis(cli, home: Path, tmp_path: Path) -> None:
    from helpers import make_uscc, write_registry

    code = make_uscc("340800", "WX700001")
    directory = tmp_path / "regs"
    directory.mkdir()
    (directory / "t.csv").write_text("名称,统一社会信用代码/身份证号码,失信行为,列入日期\n"
                                     f"安庆市远航贸易有限公司,{code},拒不履行,2024-12-01\n", encoding="utf-8")
    path = write_registry(directory, "test.thin", "t.csv")
    text = path.read_text(encoding="utf-8").replace('legal_basis = "Test Measures (2020)"', 'legal_basis = ""')
    path.write_text(text, encoding="utf-8")
    assert cli("--registry-dir", str(directory), "sync").exit_code == 0
    as_of = "2026-11-01"  # term 730 days: expires 2026-12-01
    done = cli("--registry-dir", str(directory), "report", "--uscc", code, "--format", "json", "--as-of", as_of)
    document = json.loads(done.stdout)  # synced today: nothing of it was current on the as-of date
    assert all(c["missing"] for c in document["coverage"]) and document["counterparties"][0]["verdict"] == "clear"
    assert document["counterparties"][0]["summary"].startswith("Nothing was searched for 91340800WX70000144: no "
                                                               "registry had a snapshot in force on 2026-11-01")
    synced_on(home, "2026-10-01T00:00:00+00:00")
    done = cli("--registry-dir", str(directory), "report", "--uscc", code, "--format", "json", "--as-of", as_of)
    (finding,) = json.loads(done.stdout)["counterparties"][0]["findings"]
    codes = [n["code"] for n in finding["materiality"]]
    assert codes == ["no-legal-basis", "local-measure", "near-expiry"]
    assert finding["listing"]["expires_on"] == "2026-12-01" and finding["expires_basis"] == "term"
    assert "Expires on 2026-12-01, 30 days after the as-of date" in finding["materiality"][2]["note"]


def test_same_report_twice_has_an_identical_body(samples: Path) -> None:
    for fmt in ("md", "html", "json"):
        _, first = report(samples, fmt, *CASES["linked"])
        time.sleep(1.1)  # a later second: the generation time must be the only difference
        _, second = report(samples, fmt, *CASES["linked"])
        assert generated(first) != generated(second) and len(generated(first)) == 1
        assert body(first) == body(second)
        assert first.replace(generated(first)[0], "") == second.replace(generated(second)[0], "")


def test_inputs_digest_names_the_inputs(samples: Path) -> None:
    digests = {json.loads(report(samples, "json", *args)[1])["inputs_digest"] for args in CASES.values()}
    assert len(digests) == len(CASES)  # another query, another digest
    again = json.loads(report(samples, "json", *CASES["clear"])[1])["inputs_digest"]
    assert again in digests
    other_day = json.loads(run(samples, "report", *CASES["clear"], "--as-of", "2026-11-24", "-f", "json").stdout)
    assert other_day["inputs_digest"] not in digests


def test_batch_report_to_a_folder(samples: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    for fmt in ("md", "html", "json"):
        done = run(samples, "report", "--input", str(SAMPLES / "counterparties.csv"), "--as-of", AS_OF, "-f", fmt,
                   "-o", f"{folder / fmt}/")
        assert done.exit_code == ExitCode.FOUND
        files = sorted(p.name for p in (folder / fmt).iterdir())
        assert len(files) == 18 and f"index.{fmt}" in files and not any(f.startswith(".") for f in files)
        assert f"00006-linked-杭州锦程科技有限公司.{fmt}" in files
        assert "wrote 18 files" in done.stderr
    index = json.loads((folder / "json" / "index.json").read_text(encoding="utf-8"))
    assert_valid(schema("report-index"), index)
    assert index["input_rows"] == 17 and len(index["entries"]) == 17
    for entry in index["entries"]:
        single = json.loads((folder / "json" / entry["file"]).read_text(encoding="utf-8"))
        assert_valid(schema("report"), single)
        assert single["counterparties"][0]["verdict"] == entry["verdict"]
    markdown_index = (folder / "md" / "index.md").read_text(encoding="utf-8")
    assert "](<00002-listed-安庆市华宇贸易有限公司.md>)" in markdown_index


def test_batch_report_in_one_file_counts_unreadable_rows(samples: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("名称,统一社会信用代码\n莆田市鸿兴鞋业有限公司,91350304WX2026055B\n宁波某公司,NOTACODE\n",
                      encoding="utf-8")
    done = run(samples, "report", "--input", str(source), "--as-of", AS_OF, "-f", "json",
               "-o", str(tmp_path / "r.json"))
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert_valid(schema("report"), document)
    assert document["input_rows"] == len(document["counterparties"]) + len(document["rejected_input"]) == 2
    assert done.exit_code == ExitCode.FOUND


def test_report_usage_errors(samples: Path, tmp_path: Path) -> None:
    for args, message in (
        (("--uscc", "91350304WX2026055B", "-o", f"{tmp_path}/"), "--output DIR writes one file per counterparty"),
        (("--uscc", "91350304WX2026055B", "--as-of", "2026-13-01"), "--as-of '2026-13-01': expected a date"),
        (("--uscc", "91350304WX2026055B", "--as-of", "2999-01-01"), "a date in the future"),
    ):
        done = run(samples, "report", *args)
        assert done.exit_code == ExitCode.USAGE and message in done.stderr and len(done.stderr.splitlines()) == 1


def test_show_listing_with_provenance(samples: Path) -> None:
    _, text = report(samples, "json", *CASES["linked"])
    finding = json.loads(text)["counterparties"][0]["findings"][0]
    done = run(samples, "show", finding["listing_id"], "--format", "json")
    assert done.exit_code == 0
    shown = json.loads(done.stdout)
    assert shown["listing"]["listing_id"] == finding["listing_id"] and shown["in_current_snapshot"]
    sync = json.loads(run(samples, "registries", "-f", "json").stdout)
    snapshot = next(s for s in sync if s["registry"] == finding["registry"]["id"])
    assert shown["provenance"]["snapshot"] == snapshot["snapshot"] and shown["provenance"]["fetched_at"] == FETCHED
    assert shown["provenance"]["line"] == finding["listing"]["line"]
    assert shown["published_row"]["案号"] == finding["listing"]["case_number"]  # the row as published
    table = run(samples, "show", finding["listing_id"])
    for text in ("provenance", "published row, as read", finding["listing"]["reason"], shown["provenance"]["digest"]):
        assert text in table.stdout
    missing = run(samples, "show", "cn.spc.dishonest-debtors:0000000000000000")
    assert missing.exit_code == ExitCode.USAGE and missing.stderr.startswith("scscheck: error: no listing")


def test_check_on_a_terminal_shows_the_report_content(samples: Path) -> None:
    done = run(samples, "check", *CASES["linked"], "--as-of", AS_OF)
    for text in ("LINKED", "is linked to listed parties", "findings", "history: expired and removed",
                 "local-measure: Listed under a local measure", "watchlist: A watchlist entry",
                 "有履行能力而拒不履行生效法律文书确定义务", "Searched 9 of 9 registries as of 2026-11-25",
                 "SAMPLE DATA"):
        assert text in done.stdout, text


def test_a_rejected_row_with_the_code_is_never_silent(samples: Path) -> None:
    # Hangzhou's sample publishes a row with an empty name for 91330100WXD18FCH8Y: rejected at load
    done = run(samples, "report", "--uscc", "91330100WXD18FCH8Y", "--as-of", AS_OF, "-f", "json")
    party = json.loads(done.stdout)["counterparties"][0]
    assert party["verdict"] == "clear" and party["findings"] == []
    assert "1 published row with its code could not be loaded and is not counted" in party["summary"]
    assert party["notes"] == ["cn.zj.hangzhou.blacklist published a row with this code that could not be loaded "
                              "(line 49: empty name); see `scscheck rejected cn.zj.hangzhou.blacklist`"]
    table = run(samples, "check", "--uscc", "91330100WXD18FCH8Y", "--as-of", AS_OF)
    assert "note: cn.zj.hangzhou.blacklist published a row with this code" in table.stdout


def test_summary_sentences(samples: Path) -> None:
    def summary(*args: str, as_of: str = AS_OF) -> str:
        document = json.loads(run(samples, "report", *args, "--as-of", as_of, "-f", "json").stdout)
        return str(document["counterparties"][0]["summary"])

    # an exact code on the abnormal-operations list: certain, and not a blacklisting
    assert summary("--uscc", "91340223WX9G3FFY5Y") == (
        "91340223WX9G3FFY5Y is on a watchlist (1 listing), which is not a blacklisting.")
    assert summary("--uscc", "91340800WX2026012R") == (
        "91340800WX2026012R is listed: 3 active blacklist listings on 3 registries matched it by its USCC. Also: its "
        "legal representative is linked to 1 more listing; 1 watchlist entry (not a blacklisting); 1 listing through "
        "its legal representative for a person to judge; 3 expired or removed listings in its history.")
    assert summary("--uscc", "91340800WX2026012R", as_of="2026-01-01").startswith("Nothing was searched")


def test_redlist_and_provincial_materiality(samples: Path, cli, home: Path, tmp_path: Path) -> None:
    from helpers import make_uscc, write_registry

    document = json.loads(run(samples, "report", "--uscc", "91350304WX2026055B", "--as-of", AS_OF, "-f", "json").stdout)
    (red,) = document["counterparties"][0]["redlist"]
    assert "local-measure" not in [n["code"] for n in red["materiality"]]  # a commendation is no measure against
    # a provincial list that blacklists for media criticism acts on a local measure too
    code = make_uscc("340800", "WX700002")
    directory = tmp_path / "regs"
    directory.mkdir()
    (directory / "t.csv").write_text("名称,统一社会信用代码/身份证号码,失信行为,列入日期\n"
                                     f"安庆市远航贸易有限公司,{code},受到媒体批评未整改,2026-06-01\n", encoding="utf-8")
    path = write_registry(directory, "test.province", "t.csv")
    text = path.read_text(encoding="utf-8").replace('level = "prefecture"', 'level = "provincial"')
    text = text.replace('region = "340800"', 'region = "340000"')
    path.write_text(text.replace('reason_category = "other"', 'reason_category = "media-criticism"'), encoding="utf-8")
    assert cli("--registry-dir", str(directory), "sync", "test.province").exit_code == 0
    done = cli("--registry-dir", str(directory), "report", "--uscc", code, "-f", "json")
    (finding,) = json.loads(done.stdout)["counterparties"][0]["findings"]
    assert finding["registry"]["level"] == "provincial"
    assert "local-measure" in [n["code"] for n in finding["materiality"]]
    assert "provincial registry of 安徽省" in finding["materiality"][0]["note"] + finding["materiality"][-1]["note"]


def test_batch_folder_must_be_new_or_empty_and_write_errors_are_one_line(samples: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "00002-listed-earlier.md").write_text("an earlier run's report", encoding="utf-8")
    done = run(samples, "report", "--input", str(SAMPLES / "counterparties.csv"), "-o", f"{folder}/")
    assert done.exit_code == ExitCode.USAGE and "the folder is not empty" in done.stderr
    assert [p.name for p in folder.iterdir()] == ["00002-listed-earlier.md"]  # nothing mixed in, nothing lost
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    for args in (("report", "--uscc", "91350304WX2026055B", "-o", str(blocker / "r.md")),
                 ("check", "--uscc", "91350304WX2026055B", "-f", "csv", "-o", str(blocker / "r.csv"))):
        done = run(samples, *args)
        assert done.exit_code == ExitCode.USAGE and len(done.stderr.splitlines()) == 1
        assert done.stderr.startswith(f"scscheck: error: --output {blocker}"), done.stderr
