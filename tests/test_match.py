"""Matching beyond exact names: name parts, other scripts and forms, romanized names, near names and
homophones, legal representatives across provinces."""

import json
from pathlib import Path

import pytest
from helpers import make_org_code, make_ric, make_uscc, mask, write_registry

from scscheck import names, normalize, regions
from scscheck.status import ExitCode

HUAYU = make_uscc("340800", "WX500001")
REP_ID = make_ric("340802", "19750505", "321")
HEADER = "名称,统一社会信用代码/身份证号码,法定代表人,法定代表人证件号码,失信行为,列入日期"
ROWS = [
    f"安庆市华宇贸易有限公司,{HUAYU},孙建国,{mask(REP_ID)},拒不履行,2026年01月05日",
    "杭州明远网络科技有限公司,,钱明远,,拒不履行,2026年02月05日",
    "安庆市华宇贸易有限公司合肥分公司,,孙建国,,拒不履行,2026年02月06日",
    "芜湖市长江食品股份有限公司,,李长江,,拒不履行,2026年02月07日",
    f"张伟,{mask(make_ric('340802', '19800101', '555'))},,,违反限制消费令,2026年02月02日",
]


@pytest.fixture
def regs(cli, tmp_path: Path) -> Path:
    directory = tmp_path / "regs"
    directory.mkdir()
    (directory / "t.black.csv").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    fields = {"name": "名称", "id": "统一社会信用代码/身份证号码", "legal_rep": "法定代表人",
              "legal_rep_id": "法定代表人证件号码", "reason": "失信行为", "listed_on": "列入日期"}
    write_registry(directory, "t.black", "t.black.csv", fields=fields)
    assert cli("--registry-dir", str(directory), "sync", "t.black").exit_code == 0
    return directory


def verdict(cli, regs: Path, *args: str) -> tuple[str, list[dict]]:
    run = cli("--registry-dir", str(regs), "check", *args, "--format", "json", "--fail-on", "never")
    assert run.exit_code == 0, run.stderr
    result = json.loads(run.stdout)["results"][0]
    return result["verdict"], result["findings"]


@pytest.mark.parametrize("written", [
    "安庆市华宇贸易有限公司", "华宇贸易（安庆）有限公司", "安徽省安庆市华宇贸易有限责任公司", "安慶市華宇貿易有限公司",
    "安庆 华宇贸易 有限公司", "安庆华宇贸易有限公司",
])
def test_spellings_of_one_company_are_listed(cli, regs, written: str) -> None:
    result, findings = verdict(cli, regs, written)
    assert result == "listed"
    assert findings[0]["listing"]["name"] == "安庆市华宇贸易有限公司"
    assert findings[0]["match"]["method"] == "name"


@pytest.mark.parametrize("written", [
    "安庆市华禹贸易有限公司",  # homophone: another trade name
    "杭州华宇贸易有限公司",  # the same trade name in another city
    "安庆市华宇科技有限公司",  # the same trade name in another industry
])
def test_other_companies_are_not_found(cli, regs, written: str) -> None:
    assert verdict(cli, regs, written) == ("clear", [])


def test_name_without_legal_form_is_still_listed(cli, regs) -> None:
    assert verdict(cli, regs, "安庆市华宇贸易")[0] == "listed"


def test_region_unknown_form_differs_and_branch_are_review(cli, regs) -> None:
    for written, differed in (("华宇贸易有限公司", []), ("安庆市华宇贸易股份有限公司", ["form"])):
        result, findings = verdict(cli, regs, written)
        assert result == "review", written
        parent = [f for f in findings if f["listing"]["name"] == "安庆市华宇贸易有限公司"]
        assert parent[0]["match"]["differed"] == differed
    result, findings = verdict(cli, regs, "安庆市华宇贸易有限公司合肥分公司")
    assert result == "listed"  # the branch itself
    parent = next(f for f in findings if f["listing"]["name"] == "安庆市华宇贸易有限公司")
    # by name the parent is only a review (its branch differs), but the branch's legal representative
    # represents the listed parent too: the more severe reading, linked, is the one shown
    assert parent["effect"] == "linked" and parent["via"]["legal_rep"] == "孙建国"
    result, findings = verdict(cli, regs, "安庆市华宇贸易有限公司南京分公司")
    assert result == "review"  # another branch (no legal rep to follow): the parent by name only
    parent = next(f for f in findings if f["listing"]["name"] == "安庆市华宇贸易有限公司")
    assert parent["effect"] == "review" and "branch" in parent["match"]["differed"]


def test_romanized_name_is_review_never_listed(cli, regs) -> None:
    for written in ("Anqing Huayu Trading Co., Ltd.", "Huayu Trading (Anqing) Co., Ltd.",
                    "Anhui Anqing Huayu Maoyi Youxian Gongsi"):
        result, findings = verdict(cli, regs, written, "--threshold-listed", "0.6")
        assert result == "review", written
        assert findings[0]["match"]["method"] == "romanized-name"
        assert findings[0]["match"]["ceiling"] == "review"
    assert verdict(cli, regs, "Hangzhou Huayu Trading Co., Ltd.")[0] == "clear"  # another city
    assert verdict(cli, regs, "Anqing Huayu Technology Co., Ltd.")[0] == "clear"  # another industry
    assert verdict(cli, regs, "Hangzhou Mingyuan Network Technology Co., Ltd.")[0] == "review"


def test_near_person_names_never_match(cli, regs) -> None:
    assert verdict(cli, regs, "张玮")[0] == "clear"
    assert verdict(cli, regs, "张伟")[0] == "review"
    assert verdict(cli, regs, "Zhang Wei")[0] == "review"
    assert verdict(cli, regs, "张伟", "--id", make_ric("340802", "19800101", "555"))[0] == "listed"
    assert verdict(cli, regs, "张伟", "--id", make_ric("340802", "19810101", "555"))[0] == "clear"


def test_legal_rep_read_from_the_matched_listing(cli, regs) -> None:
    """A company queried by name only: its legal rep comes from its own listing and leads to the branch
    listing that names the same person (no ID there: same region corroborates)."""
    result, findings = verdict(cli, regs, "--legal-rep", "孙建国", "--legal-rep-id", REP_ID, "--region", "安庆")
    assert result == "linked"
    assert all(f["via"]["source"] == "query" for f in findings)
    linked = [f for f in findings if f["effect"] == "linked"]
    assert {f["via"]["corroboration"] for f in linked} == {"id_number", "name+region"}


def test_thresholds_are_settings(cli, regs) -> None:
    assert verdict(cli, regs, "华宇贸易有限公司")[0] == "review"
    assert verdict(cli, regs, "华宇贸易有限公司", "--threshold-listed", "0.8")[0] == "listed"
    assert verdict(cli, regs, "华宇贸易有限公司", "--threshold-review", "0.85")[0] == "clear"
    run = cli("--registry-dir", str(regs), "check", "x", "--threshold-review", "0.95")
    assert run.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(("written", "region", "trade", "industry", "form", "branch"), [
    ("安庆市华宇贸易有限公司", "340800", "华宇", "贸易", "有限公司", None),
    ("华宇贸易（安庆）有限公司", "340800", "华宇", "贸易", "有限公司", None),
    ("安徽省安庆市华宇网络科技股份有限公司", "340800", "华宇", "网络科技", "股份有限公司", None),
    ("浙江杭州锦程科技有限责任公司", "330100", "锦程", "科技", "有限公司", None),
    ("安庆市华宇贸易有限公司合肥分公司", "340800", "华宇", "贸易", "有限公司", "340100分公司"),
    ("安庆市华宇贸易合肥市分公司", "340800", "华宇", "贸易", None, "340100分公司"),
    ("深圳市华宇（集团）有限公司", "440300", "华宇", None, "集团有限公司", None),
    ("朝阳区华宇贸易有限公司", None, "华宇", "贸易", "有限公司", None),  # Beijing's or Changchun's: not known
    ("宁波甬江机械厂", "330200", "甬江", "机械", "厂", None),
    ("新华书店有限公司", None, "新华书店", None, "有限公司", None),  # a short county name is not read as a place
    # brackets that hold a district name several cities bear: no place, and no part of the trade name either
    ("程博汽车销售（西湖区）有限公司", None, "程博", "汽车销售", "有限公司", None),
    # a trade name that is a place elsewhere, with its own place in brackets (and as the lists write it)
    ("信阳食品（杭州市）有限公司", "330100", "信阳", "食品", "有限公司", None),
    ("杭州市信阳食品有限公司", "330100", "信阳", "食品", "有限公司", None),
    ("安徽华宇贸易（安庆）有限公司", "340800", "华宇", "贸易", "有限公司", None),  # nested places: the narrower
])
def test_name_parts(written: str, region, trade, industry, form, branch) -> None:
    parts = names.parse(normalize.name(written))
    assert (parts.region, parts.trade, parts.industry, parts.form, parts.branch) == (
        region, trade, industry, form, branch)


def test_latin_name_parts() -> None:
    parts = names.parse_latin("Anhui Anqing Huayu Trading Co., Ltd.")
    assert (parts.region, parts.trade, parts.form) == ("340800", "HUAYU", "有限公司")
    assert "贸易" in parts.industries
    assert names.parse_latin("Zhang Wei").person_like
    assert names.person_keys_latin(names.parse_latin("Wei Zhang")) == ["WEIZHANG", "ZHANGWEI"]


def test_region_containment() -> None:
    assert regions.contains("340000", "340800") and regions.contains("340800", "340802")
    assert not regions.contains("341000", "341100")  # Huangshan does not contain Chuzhou
    assert regions.compatible("100000", "330100")
    assert regions.resolve("浙江省杭州市")[0] == "330100"
    assert regions.by_pinyin("CHONGQING") == ("500000",)


def test_pinyin_keys_read_names_as_names_are_read() -> None:
    from scscheck import romanize

    assert romanize.pinyin("华宇") == romanize.pinyin("華宇") == "HUAYU"
    assert romanize.pinyin("长城") == "CHANGCHENG" and romanize.pinyin("吕梁") == "LULIANG"
    assert [regions.by_pinyin(p) for p in ("XIAMEN", "CHANGSHA", "CHENGDU", "LUAN")] == [
        ("350200",), ("430100",), ("510100",), ("341500",)]


def test_a_short_company_name_is_read_both_ways(cli, regs) -> None:
    """华宇贸易 could be a person's name by its length; read as a company's it still finds the listing (as
    review: its region is not said), and a listed company named so briefly is found by its full name."""
    result, findings = verdict(cli, regs, "华宇贸易")
    assert result == "review"
    assert findings[0]["listing"]["name"] == "安庆市华宇贸易有限公司"
    assert verdict(cli, regs, "安庆华宇贸易")[0] == "listed"


RED_TEAM = [  # rows that once gave a false listed or a missed match
    "华宇电器有限公司,,,,拒不履行,2026年01月05日,安徽",
    "吉林恒泰商贸有限公司,,,,拒不履行,2026年01月05日,",
    f"朝阳区华宇电子有限公司,{make_uscc('220104', 'WX600001')},,,拒不履行,2026年01月05日,",
    "安庆市乾丰贸易有限公司,,,,拒不履行,2026年01月05日,",
    "李四,340802********4561,,,拒不履行,2026年01月05日,",
    f"阿依古丽·买买提,{mask(make_ric('650102', '19880808', '123'))},,,拒不履行,2026年01月05日,",
    "深圳市华宇（集团）有限公司,,,,拒不履行,2026年01月05日,",
    "台州市华宇贸易有限公司,,,,拒不履行,2026年01月05日,",
    "仙桃市宏远贸易有限公司,,刘洋,,拒不履行,2026年01月05日,",
    f"王芳,{mask(make_ric('340802', '19700101', '111'))},,,拒不履行,2026年01月05日,",
    f"王芳,{mask(make_ric('340803', '19900101', '222'))},,,拒不履行,2026年01月05日,",
    f"陈某某,{mask(make_ric('340802', '19700101', '333'))},,,拒不履行,2026年01月05日,",
    # second round
    "合肥市恒通物流有限公司,,,,拒不履行,2026年01月05日,",
    "安庆市恒通物流有限公司,,,,拒不履行,2026年01月05日,",
    f"赵敏,{make_org_code('WX600002')},,,拒不履行,2026年01月05日,",  # an individual business under its operator
    f"王五,{mask(make_ric('340802', '19700101', '444'))},,,拒不履行,2026年01月05日,",
    "安庆市东方建材有限公司,,王五,,拒不履行,2026年01月05日,",
    "安庆市迎江区华宇贸易商行（个体工商户）,,,,拒不履行,2026年01月05日,",
    "安庆华宇投资管理合伙企业（有限合伙）,,,,拒不履行,2026年01月05日,",
    "随州市华宇贸易有限公司,,,,拒不履行,2026年01月05日,",
    "安庆市西方建材有限公司,,赵六,/,拒不履行,2026年01月05日,",
    f"曾伟,{mask(make_ric('340802', '19750101', '555'))},,,拒不履行,2026年01月05日,",
    # third round
    "安庆市张伟（个体工商户）,,,,拒不履行,2026年01月05日,",
    "安庆市李娜商行,,,,拒不履行,2026年01月05日,",
    f"华宇贸易有限公司,{make_uscc('522601', 'WX600003')},,,拒不履行,2026年01月05日,",
    "安庆市华宇·国际贸易有限公司,,,,拒不履行,2026年01月05日,",
    "海南省恒通物流有限公司,,,,拒不履行,2026年01月05日,",
    "立信会计师事务所（特殊普通合伙）,,,,拒不履行,2026年01月05日,",
    f"张三,{mask(make_ric('310105', '19700101', '999'))},,,拒不履行,2026年01月05日,",
    # fourth round
    f"周红,{make_ric('340802', '19700505', '123')[:10]}********,,,拒不履行,2026年01月05日,",
    f"张敏,{make_org_code('WX600004')},,,拒不履行,2026年01月05日,安庆",
    "王伟,3408021980****1117,,,拒不履行,2026年01月05日,",
    "张伟,3408021980****1117,,,拒不履行,2026年01月05日,",
]


@pytest.fixture
def red(cli, tmp_path: Path) -> Path:
    directory = tmp_path / "red"
    directory.mkdir()
    header = "名称,统一社会信用代码/身份证号码,法定代表人,法定代表人证件号码,失信行为,列入日期,地区"
    (directory / "t.red.csv").write_text("\n".join([header, *RED_TEAM]) + "\n", encoding="utf-8")
    fields = {"name": "名称", "id": "统一社会信用代码/身份证号码", "legal_rep": "法定代表人",
              "legal_rep_id": "法定代表人证件号码", "reason": "失信行为", "listed_on": "列入日期", "region": "地区"}
    write_registry(directory, "t.red", "t.red.csv", fields=fields)
    (directory / "t.red.toml").write_text(
        (directory / "t.red.toml").read_text(encoding="utf-8").replace('region = "340800"', 'region = "100000"')
        .replace('level = "prefecture"', 'level = "national"'), encoding="utf-8")
    assert cli("--registry-dir", str(directory), "sync", "t.red").exit_code == 0
    return directory


@pytest.mark.parametrize(("args", "expected"), [
    (("合肥市华宇电器有限公司",), "review"),  # the listing's only region is its row's (weak): not a city match
    (("长春恒泰商贸有限公司",), "review"),  # 吉林 (province) and 长春 (city) are two registered names
    (("北京市朝阳区华宇电子有限公司",), "clear"),  # the listing's USCC says Changchun's 朝阳区
    (("长春市朝阳区华宇电子有限公司",), "listed"),
    (("安庆市干丰贸易有限公司",), "clear"),  # 乾 is not turned into 干
    (("李四", "--id", "34080219930715****"), "review"),  # only the division is visible in both IDs
    (("阿依古丽·买买提", "--id", make_ric("650102", "19880808", "123")), "listed"),
    (("深圳市华宇集团有限公司",), "listed"),  # （集团） is part of the form
    (("Taizhou Huayu Trading Co., Ltd.",), "review"),  # 台州 or 泰州: the place is not known, not another
    (("恒通物流有限公司", "--region", "安徽"), "review"),  # a province holds both 合肥市恒通 and 安庆市恒通
    (("赵敏", "--id", make_ric("340802", "19800101", "666")), "review"),  # a person's name on a company row
    (("安庆市新华贸易有限公司", "--legal-rep", "王五", "--legal-rep-id", make_ric("340802", "19910101", "777")),
     "review"),  # the given ID is a second 王五 beside the listed one: name and place prove nothing
    (("安庆市迎江区华宇贸易商行",), "listed"),  # （个体工商户） is a note, not the name
    (("安庆华宇投资管理合伙企业",), "review"),  # the partnership without its （有限合伙）
    (("湖北省随州市华宇贸易有限公司",), "listed"),  # 随州 is a prefecture, not an old county-level city
    (("安庆市新华贸易有限公司", "--legal-rep", "赵六", "--legal-rep-id", make_ric("340802", "19800101", "888")),
     "linked"),  # a listing's unusable rep ID (`/`) is no ID, not a contradiction: name and prefecture link
    (("阿依古丽买买提", "--id", make_ric("650102", "19880808", "123")), "listed"),  # written without the dot
    (("阿依古丽•买买提", "--id", make_ric("650102", "19880808", "123")), "listed"),  # another dot
    (("Zeng Wei",), "review"),  # 曾 read as a family name (ZENG), not CENG
    (("张伟", "--region", "安庆"), "review"),  # a bare name and a place do not list an individual business
    (("李娜", "--region", "安庆"), "review"),
    (("赵敏", "--uscc", make_uscc("340802", "WX600009")), "clear"),  # the business under its own other code
    (("贵州黔东华宇贸易有限公司",), "clear"),  # 黔东 is no place: trade name 黔东华宇, not 华宇 of 黔东南
    (("安庆市华宇·国际贸易有限公司",), "listed"),  # a dotted company name is not a person's
    (("海南恒通物流有限公司",), "listed"),  # 海南 is the province, not 海南藏族自治州
    (("立信会计师事务所",), "review"),  # without its （特殊普通合伙）
    (("上海市华宇贸易有限公司", "--legal-rep", "张三"), "linked"),  # one city: the municipality of Shanghai
    (("周红", "--id", make_ric("340802", "19701111", "278")), "review"),  # a county and a birth year: thousands
    (("安庆市张伟",), "review"),  # a person's name with a place is still a bare name
    (("安庆市张敏",), "review"),  # a person-like query still meets a company row of that name
])

def test_red_team_cases(cli, red: Path, args: tuple[str, ...], expected: str) -> None:
    assert verdict(cli, red, *args)[0] == expected


def test_the_likeliest_candidates_are_compared_first(cli, red: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scscheck import check

    monkeypatch.setattr(check, "CANDIDATES_PER_NAME", 1)  # 合肥市恒通, 安庆市恒通 and 海南省恒通 share the key
    result, findings = verdict(cli, red, "安庆市恒通物流有限公司")  # the same name as written comes first
    assert result == "listed" and findings[0]["listing"]["name"] == "安庆市恒通物流有限公司"


def test_two_people_sharing_a_masked_id_are_both_loaded(cli, red: Path) -> None:
    run = cli("--registry-dir", str(red), "rejected", "t.red", "--format", "json")
    assert json.loads(run.stdout)["rejected"] == []


def test_name_and_prefecture_link_only_a_name_the_lists_give_one_person(cli, red: Path) -> None:
    result, findings = verdict(cli, red, "安庆市华宇贸易有限公司", "--legal-rep", "陈某某")
    assert result == "linked" and findings[0]["via"]["corroboration"] == "name+region"
    result, findings = verdict(cli, red, "安庆市华宇贸易有限公司", "--legal-rep", "王芳")
    assert result == "review"  # two different 王芳 are listed: a shared place proves nothing
    assert {f["via"]["corroboration"] for f in findings if f["via"]} == {"name+region (namesakes on the lists)"}
    # province-administered county-level cities are each their own prefecture: 潜江 is not 仙桃
    assert verdict(cli, red, "潜江市华宇贸易有限公司", "--legal-rep", "刘洋")[0] == "review"


def test_a_name_too_many_listings_share_is_compared_up_to_a_limit_and_said(
    cli, red: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scscheck import check

    monkeypatch.setattr(check, "CANDIDATES_PER_NAME", 1)  # two 王芳 are listed
    run = cli("--registry-dir", str(red), "check", "王芳", "--format", "json")
    result = json.loads(run.stdout)["results"][0]
    assert len(result["findings"]) == 1
    assert result["notes"] == ["more than 1 listings share the name '王芳'; the 1 likeliest were compared: give a "
                               "USCC, an ID number or a region"]
    table = cli("--registry-dir", str(red), "check", "王芳")
    assert "note: more than 1 listings share the name '王芳'" in table.stdout
    monkeypatch.setattr(check, "CANDIDATES_PER_NAME", 1000)
    assert json.loads(cli("--registry-dir", str(red), "check", "王芳", "--format", "json").stdout)[
        "results"][0]["notes"] == []
