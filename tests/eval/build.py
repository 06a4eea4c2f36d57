"""Build the labelled evaluation set for name and identifier matching (issue 3).

Deterministic (fixed seed) and fictional: made-up trade names, organization-code bodies starting with
"WX", resident IDs with valid check digits but invented sequence numbers. Writes into tests/eval/data/:

- six registry files (``eval.*.toml``, ``sample = true``) and their snapshots, shaped like the published
  lists: the SPC list of dishonest judgment debtors (CSV; enterprises and persons, legal representatives
  with masked IDs, some rows with only the 9-character organization code, some with no code), the Anqing
  credit blacklist (GB18030 CSV, full-width bracketed names), SAMR's serious illegal list republished in
  traditional script (JSON), SAMR's abnormal operations list (a watchlist, TSV), the tax authority's A-grade
  taxpayers (a red list) and MOHRSS wage arrears (CSV with BOM; persons masked differently or without ID);
- ``queries.jsonl``: the labelled queries, one per line:
  ``{"id", "kind", "query": {"name"?, "uscc"?, "legal_rep"?, "id_number"?, "region"?}, "expect", "note"}``.

Labels follow the matching rules of issue 3 (see tests/eval/README.md). Every query is planned with an
intended label for its kind, and an independent oracle re-derives the label from the generator's structured
world (trade name, industry, region, legal form, branch, identifiers; never from the rendered strings) and
the build fails if the two disagree or if the rules leave a query's label open. So decoys cannot silently
change a label.

Regenerate with ``python tests/eval/build.py`` from the repository root.
"""

import csv
import io
import json
import random
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE.parent))

from helpers import make_ric, make_uscc, mask  # noqa: E402

SEED = 20261126
RANK = {"clear": 0, "review": 1, "linked": 2, "listed": 3}
LABELS = {v: k for k, v in RANK.items()}

# --------------------------------------------------------------------------------------------------------
# The fixed vocabulary: cities, industries, pinyin, person names


@dataclass(frozen=True)
class City:
    """A prefecture-level city (GB 2260) with the districts used for IDs and codes."""

    code: str
    name: str  # 安庆市
    province: str  # 安徽省
    pinyin: str  # Anqing; "" where the romanization is ambiguous (not used in romanized queries)
    districts: tuple[str, ...]

    @property
    def short(self) -> str:
        return self.name.removesuffix("市")

    @property
    def province_short(self) -> str:
        return self.province.removesuffix("省")

    @property
    def court(self) -> str:
        return PROVINCE_ABBR[self.code[:2]] + self.code[2:4]


PROVINCE_ABBR = {"34": "皖", "33": "浙", "35": "闽", "42": "鄂", "32": "苏", "43": "湘", "41": "豫", "37": "鲁",
                 "36": "赣"}
CITIES = (
    City("340800", "安庆市", "安徽省", "Anqing", ("340802", "340803", "340811", "340822", "340881")),
    City("340100", "合肥市", "安徽省", "Hefei", ("340102", "340104")),
    City("340200", "芜湖市", "安徽省", "Wuhu", ("340202",)),
    City("330100", "杭州市", "浙江省", "Hangzhou", ("330102", "330106", "330110")),
    City("330200", "宁波市", "浙江省", "Ningbo", ("330203", "330212")),
    City("330300", "温州市", "浙江省", "Wenzhou", ("330302",)),
    City("350300", "莆田市", "福建省", "Putian", ("350302", "350304")),
    City("420100", "武汉市", "湖北省", "Wuhan", ("420102", "420106")),
    City("320100", "南京市", "江苏省", "Nanjing", ("320102", "320106")),
    City("430100", "长沙市", "湖南省", "", ("430102",)),
    City("410100", "郑州市", "河南省", "Zhengzhou", ("410102",)),
    City("370100", "济南市", "山东省", "Jinan", ("370102",)),
    City("370200", "青岛市", "山东省", "Qingdao", ("370202",)),
    City("360100", "南昌市", "江西省", "Nanchang", ("360102",)),
)
ANQING = CITIES[0]
CITY_OF = {d: c for c in CITIES for d in (c.code, *c.districts)}

# industry word -> (family, English glossary word or None). Words of one family are never paired in a query
# that depends on them differing or agreeing (科技 / 网络科技, 建筑 / 建设, 贸易 / 商贸).
INDUSTRIES: dict[str, tuple[str, str | None]] = {
    "贸易": ("trade", "Trading"), "商贸": ("trade", None), "科技": ("tech", "Technology"),
    "网络科技": ("tech", None), "建筑": ("build", "Construction"), "建设": ("build", "Construction"),
    "食品": ("food", "Food"), "机械": ("machinery", "Machinery"), "电子": ("electronics", "Electronics"),
    "物流": ("logistics", "Logistics"), "实业": ("industrial", None), "环保": ("environment", None),
    "服装": ("garment", None), "置业": ("realty", None), "餐饮管理": ("catering", None),
    "农业开发": ("agriculture", None), "医药": ("pharma", None), "化工": ("chemical", None),
    "家具": ("furniture", None), "文化传媒": ("media", None), "劳务": ("labour", None),
    "装饰工程": ("decoration", None), "包装": ("packaging", None),
}
GLOSSED = tuple(k for k, (_, gloss) in INDUSTRIES.items() if gloss)
FAMILY_OF = {k: fam for k, (fam, _) in INDUSTRIES.items()}

# Toneless pinyin of every character used in trade names (none of them polyphonic in a trade name).


def words(text: str) -> list[str]:
    """The whitespace-separated words of a long literal."""
    return text.split()


PINYIN = dict(
    pair.split(":") for pair in words(
        "华:hua 桦:hua 鑫:xin 欣:xin 信:xin 瑞:rui 锐:rui 睿:rui 蕊:rui 宏:hong 鸿:hong 弘:hong 泓:hong "
        "金:jin 锦:jin 永:yong 勇:yong 佳:jia 嘉:jia 天:tian 添:tian 博:bo 搏:bo 汇:hui 惠:hui 辉:hui 晖:hui "
        "明:ming 鸣:ming 润:run 闰:run 晨:chen 辰:chen 立:li 利:li 启:qi 起:qi 正:zheng 政:zheng 凯:kai 铠:kai "
        "同:tong 通:tong 彤:tong 德:de 广:guang 光:guang 云:yun 芸:yun 卓:zhuo 万:wan 婉:wan "
        "祥:xiang 翔:xiang 百:bai 佰:bai 鼎:ding 顶:ding 伟:wei 玮:wei 威:wei 众:zhong 忠:zhong 恒:heng "
        "衡:heng 聚:ju 巨:ju 兆:zhao 肇:zhao 瀚:han 翰:han 盈:ying 莹:ying 康:kang 慷:kang 荣:rong 蓉:rong "
        "富:fu 赋:fu 宝:bao 葆:bao 智:zhi 致:zhi 优:you 悠:you 骏:jun 俊:jun 豪:hao 昊:hao 腾:teng 藤:teng "
        "远:yuan 源:yuan 元:yuan 科:ke 珂:ke 创:chuang 闯:chuang 星:xing 兴:xing 旭:xu 序:xu 航:hang "
        "达:da 泰:tai 太:tai 丰:feng 峰:feng 锋:feng 亿:yi 益:yi 艺:yi 宇:yu 禹:yu 羽:yu 煜:yu 胜:sheng "
        "美:mei 镁:mei 泽:ze 择:ze 邦:bang 帮:bang 业:ye 烨:ye 帆:fan 凡:fan 越:yue 悦:yue "
        "川:chuan 船:chuan 昌:chang 畅:chang 隆:long 龙:long 茂:mao 成:cheng 诚:cheng 程:cheng 承:cheng "
        "安:an 岸:an 尚:shang 发:fa 法:fa 诺:nuo 糯:nuo"
    )
)
FIRST_CHARS = "华鑫瑞宏金永佳天博汇明润晨立启正凯同德广云卓万祥百鼎伟众恒聚兆瀚盈嘉信康荣富宝泓锐睿智优" \
              "骏豪腾科创星旭昊鸿通泰亿益"
SECOND_CHARS = "宇源丰泰诚胜美润远通辉泽光信航达邦业帆越川华辰翔瑞宏恒昌隆兴茂鼎峰成威利安发尚诺康元益"
FAMOUS = frozenset(words(
    "华为 恒大 华润 海尔 美的 联想 腾讯 海信 康佳 华联 联华 永辉 银泰 新华 光明 恒瑞 华泰 海通 汇丰 顺丰 "
    "圆通 德邦 宇通 海康 天合 晶科 正泰 飞科 荣盛 万达 万科 中兴 格力 苏宁 国美 安踏 平安 招商 中信 民生 "
    "兴业 光大 广发 金龙 国泰 太平 恒生 伊利 蒙牛 福耀 宁德 隆基 信义 盛大 网易 新浪 星光 嘉和 天元 华晨 "
    "亿利 远大 汇源 健康 昌河 百川 永安 鼎泰 晨光 豪威 万邦 汇川 宏发 通达 鼎盛 瑞丰 百利 华光 天润 德胜 "
    "金诚 宝丰 康达 明发 恒通 华通 汇通 天通 鸿达 金发 海发"
))
LATIN_TRADES = ("QX", "KD", "ZT", "BX", "JM", "WD")

COMMON_NAMES = words(
    "张伟 王伟 王芳 李伟 李娜 张敏 李静 王静 刘伟 王秀英 张丽 李秀英 王丽 张静 李强 王敏 李敏 王磊 刘洋 王艳 "
    "王勇 李军 张勇 李杰 张杰 张磊 王强 李娟 王军 张艳 张涛 王涛 李艳 王超 李明 李勇 王娟 刘杰 刘敏 李霞 "
    "李丽 张军 王杰 张强 王刚 王平 刘芳 刘艳 刘军 李平 王辉 陈静 刘勇 李玲 李桂英 王丹 李刚 李丹 李萍 王建华 "
    "陈伟 陈杰 杨勇 黄伟"
)
# (a listed name, a near name that is never listed)
NEAR_NAMES = (
    ("张伟", "张玮"), ("王芳", "王方"), ("李娜", "李纳"), ("刘洋", "刘阳"), ("王静", "王晶"), ("李强", "李蔷"),
    ("王磊", "王垒"), ("李军", "李俊"), ("王丽", "王莉"), ("张丽", "张莉"), ("陈静", "陈晶"), ("刘伟", "刘炜"),
    ("王芳", "王芬"), ("张敏", "张旻"), ("李杰", "李洁"), ("王勇", "王永"), ("张涛", "张韬"), ("李娟", "李鹃"),
    ("王秀英", "王秀瑛"), ("李桂英", "李贵英"),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程苏魏吕" \
           "丁任沈姚卢姜崔钟谭陆汪范"
GIVEN = "国建志海明永春晓红立文新德宏振家庆玉凤秋雪冬梅兰竹松柏鹏飞翔宇航浩然子轩思远嘉琪雨欣梓涵一诺若曦峻熙承泽"

SPC_REASONS = (
    "有履行能力而拒不履行生效法律文书确定义务", "违反财产报告制度", "违反限制消费令",
    "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行", "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
)
AQ_REASONS = ("拖欠工程款经责令仍不支付", "食品抽检不合格拒不整改", "未按承诺期限补齐审批材料", "虚假宣传经查实",
              "拒不履行行政处罚决定")
SAMR_REASONS = ("提交虚假材料取得公司登记", "被列入经营异常名录届满3年仍未履行相关义务",
                "因危害食品安全受到较重行政处罚")
WATCH_REASONS = ("未按照规定的期限公示年度报告", "通过登记的住所或者经营场所无法联系",
                 "公示企业信息隐瞒真实情况、弄虚作假")
WAGE_REASONS = ("克扣、无故拖欠劳动者劳动报酬，数额达到认定拖欠农民工工资失信联合惩戒对象名单标准",
                "拒不支付劳动报酬涉嫌犯罪被移送公安机关")


@cache
def _opencc(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def traditional(text: str) -> str:
    """The traditional-script form; asserts it converts back (so the pair is the same name)."""
    trad = str(_opencc("s2t").convert(text))
    assert str(_opencc("t2s").convert(trad)) == text, (text, trad)
    return trad


def simplified(text: str) -> str:
    return str(_opencc("t2s").convert(text))


@cache
def division_stems() -> frozenset[str]:
    """Every GB 2260 division name, with and without its suffix (安庆市, 安庆; 怀宁县, 怀宁)."""
    from stdnum import numdb

    suffixes = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
                "地区", "林区", "矿区", "新区", "特区", "省", "市", "县", "区", "旗", "盟")
    stems: set[str] = set()
    names: list[str] = []
    for _, _, _, props, children in numdb.get("cn/loc").prefixes:
        names += props.get("province", "").split(",")
        for _, _, _, sub, _ in children:
            names += sub.get("county", "").split(",")
    for raw in names:
        name = raw.split("]")[-1]
        if not name:
            continue
        stems.add(name)
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                stems.add(name[: -len(suffix)])
                break
    return frozenset(stems)


def good_trade(trade: str) -> bool:
    """A fictional-looking trade name that no reader could take for a division or a famous firm."""
    if trade[0] == trade[1] or trade in FAMOUS or any(part in FAMOUS for part in (trade[:2], trade[1:])):
        return False
    if trade in division_stems():
        return False
    return simplified(trade) == trade and all(ch in PINYIN for ch in trade)


def pinyin(trade: str) -> str:
    return "".join(PINYIN[ch] for ch in trade) if trade not in LATIN_TRADES else trade.lower()


def homophones(trade: str) -> list[str]:
    """Other trade names written with different characters but the same toneless pinyin."""
    found = []
    for i, ch in enumerate(trade):
        for alt, sound in PINYIN.items():
            if alt != ch and sound == PINYIN[ch]:
                candidate = trade[:i] + alt + trade[i + 1 :]
                if good_trade(candidate) and simplified(candidate) != simplified(trade):
                    found.append(candidate)
    return sorted(found)


def article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def compatible(a: str, b: str) -> bool:
    """Two resident IDs (either may be masked) agree on every position visible in both."""
    return len(a) == len(b) == 18 and all(x == y or "*" in (x, y) for x, y in zip(a, b, strict=True))


# --------------------------------------------------------------------------------------------------------
# The world: persons, companies, the rows of each list, the queries


@dataclass(frozen=True)
class Person:
    name: str
    id: str  # the full resident ID (lists publish it masked)

    @property
    def city(self) -> City:
        return CITY_OF[self.id[:6]]

    def masked(self) -> str:
        return mask(self.id)

    def birth_masked(self) -> str:
        return self.id[:6] + "*" * 8 + self.id[14:]


def form_class(form: str) -> str:
    return "joint-stock" if form.startswith("股份") else "limited"


@dataclass(frozen=True)
class Company:
    trade: str
    industry: str
    city: City | None
    form: str = "有限公司"
    branch: str = ""
    uscc: str = ""
    rep: Person | None = None

    @property
    def org(self) -> str:
        return self.uscc[8:17]

    def render(self, style: str = "prefix", brackets: str = "()", form: str | None = None) -> str:
        """The name as written: region prefix (安庆市, 安庆, 安徽省安庆市), bracketed infix, or none."""
        core, form = self.trade + self.industry, form or self.form
        city = self.city
        if city is None or style == "none":
            text = core + form
        elif style == "prefix":
            text = city.name + core + form
        elif style == "short":
            text = city.short + core + form
        elif style == "province":
            text = city.province + city.name + core + form
        elif style in ("infix", "infix_city"):
            place = city.short if style == "infix" else city.name
            text = core + brackets[0] + place + brackets[1] + form
        else:
            raise ValueError(style)
        return text + self.branch

    def romanize(self, variant: int) -> str:
        assert self.city and self.city.pinyin and INDUSTRIES[self.industry][1] and not self.branch
        place, trade, ind = self.city.pinyin, pinyin(self.trade).capitalize(), INDUSTRIES[self.industry][1]
        forms = {
            0: f"{place} {trade} {ind} Co., Ltd.", 1: f"{place} {trade} {ind} CO.,LTD.".upper(),
            2: f"{trade} {ind} ({place}) Co., Ltd.", 3: f"{place} {trade} {ind} Limited",
            4: f"{place} {trade} {ind} Corp.", 5: f"{place} {trade} {ind} Co.,Ltd",
        }
        return forms[variant % len(forms)]


@dataclass(frozen=True)
class Registry:
    id: str
    kind: str
    subjects: tuple[str, ...]
    dates: str  # strftime format of the snapshot's dates


SPC = Registry("eval.spc.dishonest-debtors", "blacklist", ("enterprise", "person"), "%Y年%m月%d日")
AQ = Registry("eval.ah.anqing.credit-blacklist", "blacklist", ("enterprise",), "%Y-%m-%d")
SAMR = Registry("eval.samr.serious-illegal", "blacklist", ("enterprise",), "%Y-%m-%d")
WATCH = Registry("eval.samr.abnormal-operations", "watchlist", ("enterprise",), "%Y%m%d")
RED = Registry("eval.chinatax.a-grade-taxpayers", "redlist", ("enterprise",), "%Y-%m-%d")
WAGE = Registry("eval.mohrss.wage-arrears", "blacklist", ("enterprise", "person"), "%Y/%m/%d")
REGISTRIES = (SPC, AQ, SAMR, WATCH, RED, WAGE)


@dataclass
class Row:
    """One published row: a company or a person, as the list writes it."""

    registry: Registry
    name: str
    listed_on: date
    company: Company | None = None
    person: Person | None = None
    code: str = "uscc"  # companies: uscc | org | org-hyphen | none; persons: masked | birth | none
    rep_id: bool = True  # whether the legal representative's (masked) ID is published
    status: str = "active"  # active | expired | removed
    expires_on: date | None = None
    removed_on: date | None = None
    reason: str = ""
    serial: int = 0

    @property
    def published_id(self) -> str | None:
        assert self.person
        return {"masked": self.person.masked(), "birth": self.person.birth_masked()}.get(self.code)

    @property
    def published_rep_id(self) -> str | None:
        rep = self.company.rep if self.company else None
        return rep.masked() if rep and self.rep_id else None

    @property
    def published_code(self) -> str:
        assert self.company
        c = self.company
        return {"uscc": c.uscc, "org": c.org, "org-hyphen": f"{c.org[:8]}-{c.org[8]}", "none": ""}[self.code]


@dataclass
class Query:
    kind: str
    expect: str
    note: str
    name: str | None = None
    uscc: str | None = None
    legal_rep: str | None = None
    id_number: str | None = None
    region: str | None = None
    legal_rep_id: str | None = None
    # what the oracle knows about the query (never read from the strings above)
    company: Company | None = None  # what a Han company name says
    roman: Company | None = None  # what a romanized name says
    person: str | None = None  # a person counterparty's name, simplified
    region_code: str | None = None
    id: str = ""

    def payload(self) -> dict[str, Any]:
        keys = ("name", "uscc", "legal_rep", "id_number", "region", "legal_rep_id")
        query = {k: v for k in keys if (v := getattr(self, k))}
        return {"id": self.id, "kind": self.kind, "query": query, "expect": self.expect, "note": self.note}


class World:
    """Everything generated: rows per list and labelled queries, with the bookkeeping that keeps them apart."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: list[Row] = []
        self.queries: list[Query] = []
        self.seq: dict[str, int] = defaultdict(lambda: 100)
        self.body = 510000
        pool = sorted({a + b for a in FIRST_CHARS for b in SECOND_CHARS if good_trade(a + b)})
        self.rng.shuffle(pool)
        self.pool = pool
        self.taken: set[str] = set()  # pinyin of trade names given to a scenario
        self.person_names: set[str] = set()
        # what queries and rows claim per trade pinyin: (industry family, city code or "" when regionless)
        self.claims: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.scenario_companies: list[Company] = []
        self.serial = 0

    # identities

    def fresh_trade(self, *, homophone: bool = False) -> str:
        while self.pool:
            trade = self.pool.pop()
            if pinyin(trade) in self.taken or (homophone and not homophones(trade)):
                continue
            self.taken.add(pinyin(trade))
            return trade
        raise RuntimeError("trade-name pool exhausted")

    def homophone(self, trade: str) -> str:
        return self.rng.choice(homophones(trade))

    def uscc(self, city: City) -> str:
        self.body += 1 + self.rng.randrange(3)
        division = city.code if self.rng.random() < 0.5 else self.rng.choice(city.districts)
        return make_uscc(division, f"WX{self.body}")

    def person(self, name: str | None = None, *, common: bool = False, city: City | None = None) -> Person:
        if name is None:
            name = self.rng.choice(COMMON_NAMES) if common else self.rare_name()
        city = city or self.rng.choice(CITIES)
        division = self.rng.choice(city.districts)
        self.seq[division] += 1 + self.rng.randrange(4)
        birth = date(1958, 1, 1) + timedelta(days=self.rng.randrange(40 * 365))
        return Person(name, make_ric(division, birth.strftime("%Y%m%d"), f"{self.seq[division]:03d}"))

    def rare_name(self) -> str:
        near = {n for _, n in NEAR_NAMES}
        while True:
            name = self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2))
            if name not in self.person_names and name not in COMMON_NAMES and name not in near:
                self.person_names.add(name)
                return name

    def city(self, *, roman: bool = False, exclude: Iterable[City] = (), province: str | None = None) -> City:
        excluded = set(exclude)
        choices = [c for c in CITIES if c not in excluded and (c.pinyin or not roman)
                   and (province is None or c.province == province)]
        # Anqing is over-represented, as it has its own local list here
        return self.rng.choice([*choices, *([ANQING] * 3 if ANQING in choices else [])])

    def company(self, *, trade: str | None = None, industry: str | None = None, city: City | None = None,
                roman: bool = False, glossed: bool | None = None, form: str = "有限公司", branch: str = "",
                rep: Person | None = None, homophone: bool = False, common_rep: bool | None = None) -> Company:
        trade = trade or self.fresh_trade(homophone=homophone)
        if industry is None:
            glossed = roman or (glossed if glossed is not None else self.rng.random() < 0.8)
            industry = self.rng.choice(GLOSSED if glossed else [k for k in INDUSTRIES if k not in GLOSSED])
        city = city or self.city(roman=roman)
        if rep is None:
            rep = self.person(common=self.rng.random() < 0.4 if common_rep is None else common_rep, city=city)
        return Company(trade, industry, city, form, branch, self.uscc(city), rep)

    def claim(self, c: Company, *, regionless: bool = False) -> None:
        assert c.city
        self.claims[pinyin(c.trade)].add((FAMILY_OF[c.industry], "" if regionless else c.city.code))

    # rows

    def dates(self, status: str) -> tuple[date, date | None, date | None]:
        if status == "active":
            return date(2024, 1, 1) + timedelta(days=self.rng.randrange(1000)), None, None
        if status == "expired":
            listed = date(2019, 1, 1) + timedelta(days=self.rng.randrange(1200))
            return listed, listed + timedelta(days=730 + self.rng.randrange(365)), None
        listed = date(2023, 1, 1) + timedelta(days=self.rng.randrange(700))
        return listed, None, listed + timedelta(days=200 + self.rng.randrange(200))

    def add(self, row: Row) -> Row:
        self.serial += 1
        row.serial = self.serial
        self.rows.append(row)
        if row.company:
            self.claim(row.company)
        return row

    def list_company(self, reg: Registry, c: Company, *, style: str | None = None, code: str | None = None,
                     status: str = "active", brackets: str | None = None) -> Row:
        assert c.city and (reg is not AQ or c.city is ANQING)
        if style is None:
            style = {
                SPC: self.rng.choice(["prefix"] * 7 + ["short", "province", "infix"]),
                AQ: self.rng.choice(["prefix", "prefix", "infix", "infix", "infix_city"]),
                SAMR: self.rng.choice(["prefix", "prefix", "province"]),
            }.get(reg, "prefix")
        if brackets is None:
            brackets = "（）" if reg in (AQ, SAMR) or self.rng.random() < 0.3 else "()"
        name = c.render(style, brackets)
        if reg is SAMR:
            name = traditional(name)
        if code is None:
            code = self.rng.choice(["uscc"] * 7 + ["org", "org-hyphen", "none"]) if reg is SPC else "uscc"
        listed, expires, removed = self.dates(status)
        reasons = {SPC: SPC_REASONS, AQ: AQ_REASONS, SAMR: SAMR_REASONS, WATCH: WATCH_REASONS, WAGE: WAGE_REASONS}
        reason = self.rng.choice(reasons.get(reg, ("纳税信用A级",)))
        return self.add(Row(reg, name, listed, company=c, code=code, rep_id=reg is not RED, status=status,
                            expires_on=expires, removed_on=removed, reason=reason))

    def list_person(self, reg: Registry, p: Person, *, code: str | None = None, status: str = "active") -> Row:
        assert reg in (SPC, WAGE)
        if code is None:
            code = "masked" if reg is SPC else "birth"
        listed, expires, removed = self.dates(status)
        reason = self.rng.choice(SPC_REASONS if reg is SPC else WAGE_REASONS)
        return self.add(Row(reg, p.name, listed, person=p, code=code, status=status, expires_on=expires,
                            removed_on=removed, reason=reason))

    def query(self, kind: str, expect: str, note: str, **fields: Any) -> Query:
        q = Query(kind, expect, note, **fields)
        for c in (q.company, q.roman):
            if c is not None:
                place = c.city.code if c.city else q.region_code or ""
                self.claims[pinyin(c.trade)].add((FAMILY_OF[c.industry], place))
        self.queries.append(q)
        return q


# --------------------------------------------------------------------------------------------------------
# The queries, kind by kind


def positives(w: World) -> None:
    rng = w.rng

    def listed_company(reg: Registry | None = None, **kw: Any) -> tuple[Company, Row]:
        style = kw.pop("style", None)
        code = kw.pop("code", None)
        brackets = kw.pop("brackets", None)
        c = w.company(**kw)
        reg = reg or (AQ if c.city is ANQING and rng.random() < 0.4 else SPC)
        row = w.list_company(reg, c, style=style, code=code, brackets=brackets)
        w.scenario_companies.append(c)
        return c, row

    for i in range(12):
        c, row = listed_company(SAMR if i % 4 == 3 else None, code="uscc")
        if i % 3 == 0:
            w.query("uscc", "listed", f"USCC of {row.name} ({row.registry.id})", uscc=c.uscc)
        elif i % 3 == 1:
            w.query("uscc", "listed", f"USCC and published name of {row.name} ({row.registry.id})", uscc=c.uscc,
                    name=row.name, company=c)
        else:
            w.query("uscc", "listed", f"USCC (with spaces, lower case) of {row.name} ({row.registry.id})",
                    uscc=f"{c.uscc[:8]} {c.uscc[8:]}".lower(), company=None)

    for i in range(11):
        c, row = listed_company(SPC, code="org" if i % 2 else "org-hyphen")
        note = f"USCC {c.uscc} vs a listing that carries only the organization code {row.published_code}"
        if i % 4 == 3:
            w.query("org_code_only", "listed", note + " (name given too)", uscc=c.uscc, name=c.render(), company=c)
        else:
            w.query("org_code_only", "listed", note, uscc=c.uscc)

    for i in range(11):
        code = "org" if i % 4 == 0 else "uscc"
        c, row = listed_company(SAMR if i % 5 == 2 else None, code=code)
        org = f"{c.org[:8]}-{c.org[8]}" if i % 3 == 0 else c.org
        w.query("org_code_query", "listed", f"9-character organization code {org} vs {row.name} "
                f"({row.registry.id}, published code {row.published_code})", uscc=org)

    for i in range(12):
        c, row = listed_company(None, code="none" if i % 4 == 0 else None)
        if i % 3 == 2:
            region = rng.choice([c.city.code, c.city.name]) if c.city else None
            w.query("exact_name", "listed", f"published name with an agreeing --region ({row.registry.id})",
                    name=row.name, company=c, region=region, region_code=c.city.code if c.city else None)
        else:
            w.query("exact_name", "listed", f"published name ({row.registry.id}, code {row.code})", name=row.name,
                    company=c)

    for i in range(12):
        if i < 6:
            c, row = listed_company(SPC)
            w.query("traditional", "listed", f"traditional script of {row.name} ({row.registry.id})",
                    name=traditional(row.name), company=c)
        elif i < 10:
            c, row = listed_company(SAMR)
            style = "prefix" if i % 2 else "infix"
            w.query("traditional", "listed", f"simplified {c.render(style, '（）')} vs traditional listing {row.name}",
                    name=c.render(style, "（）"), company=c)
        else:
            p = w.person(common=True)
            w.list_person(SPC, p)
            w.query("traditional", "listed", f"person {p.name} written {traditional(p.name)}, ID agrees",
                    name=traditional(p.name), id_number=p.id, person=p.name)

    for i in range(12):
        variant = i % 6
        if variant in (0, 1):
            c, row = listed_company(AQ, city=ANQING, style="infix", brackets="（）")
            name = c.render("infix", "()") if variant == 0 else "  " + c.render("infix", "【】")
        elif variant == 2:
            c, row = listed_company(SPC, style="prefix")
            name = f"{c.city.name} {c.trade}{c.industry} {c.form}" if c.city else ""
        elif variant == 3:
            c, row = listed_company(SPC, style="prefix")
            name = f"\u3000{c.city.name}\u3000{c.trade}{c.industry}{c.form}\u3000" if c.city else ""
        else:
            trade = LATIN_TRADES[i // 6 * 3 + variant - 4]
            c, row = listed_company(SPC, trade=trade, style="prefix", brackets="()")
            full = "".join(chr(ord(ch) + 0xFEE0) for ch in trade)
            name = c.render().replace(trade, full if variant == 4 else trade.lower())
            if variant == 5:
                name = name.replace(c.form, " " + c.form)
        w.query("fullwidth_spaces", "listed", f"{name!r} vs published {row.name} ({row.registry.id})",
                name=name, company=c)

    for i in range(12):
        if i < 6:
            c, row = listed_company(SPC, style="prefix")
            style = "infix" if i % 2 else "infix_city"
            name = c.render(style, "（）" if i % 3 else "()")
        else:
            c, row = listed_company(AQ, city=ANQING, style="infix" if i % 2 else "infix_city")
            name = c.render("prefix" if i % 3 else "short")
        w.query("region_infix", "listed", f"{name} vs {row.name} ({row.registry.id})", name=name, company=c)

    for i in range(12):
        if i < 4:
            c, row = listed_company(SPC, style="prefix")
            name = c.render("province")
            w.query("region_prefix_variant", "listed", f"province + city prefix vs {row.name}", name=name, company=c)
        elif i < 7:
            c, row = listed_company(SPC, style="province")
            name = c.render("prefix" if i % 2 else "short")
            w.query("region_prefix_variant", "listed", f"{name} vs {row.name}", name=name, company=c)
        elif i < 9:
            c, row = listed_company(SPC, style="prefix")
            name = c.render("short")
            w.query("region_prefix_variant", "listed", f"short place prefix vs {row.name}", name=name, company=c)
        else:
            c, row = listed_company(None)
            assert c.city
            region = [c.city.code, c.city.name, c.city.short][i - 9]
            qc = replace(c, city=None)
            w.query("region_prefix_variant", "listed", f"name without place, --region {region} agrees with {row.name}",
                    name=qc.render(), region=region, region_code=c.city.code, company=qc)

    for i in range(11):
        form, other = ("有限公司", "有限责任公司") if i % 2 == 0 else ("有限责任公司", "有限公司")
        c, row = listed_company(None, form=form)
        name = c.render("prefix", form=other)
        w.query("legal_form_variant", "listed", f"{other} vs {form}: {row.name}", name=name,
                company=replace(c, form=other))

    for _ in range(11):
        c, row = listed_company(None)
        qc = replace(c, city=None)
        w.query("region_unknown", "review", f"no place in the query, listing {row.name} ({row.registry.id})",
                name=qc.render(), company=qc)

    for i in range(11):
        form, other = ("有限公司", "股份有限公司") if i % 2 == 0 else ("股份有限公司", "有限公司")
        c, row = listed_company(None, form=form)
        name = c.render("prefix", form=other)
        w.query("form_differs", "review", f"{other} vs listed {row.name}", name=name, company=replace(c, form=other))

    for i in range(11):
        branch_city = w.city()
        branch = rng.choice([f"{branch_city.short}分公司", "第一分公司", "第二分公司", "营业部"])
        branch = branch if branch != f"{ANQING.short}分公司" else "桐城分公司"
        if i < 6:
            c, row = listed_company(None)
            qc = replace(c, branch=branch)
            w.query("branch", "review", f"branch {qc.render()} of listed parent {row.name}", name=qc.render(),
                    company=qc)
        else:
            c, row = listed_company(None, branch=branch)
            qc = replace(c, branch="")
            w.query("branch", "review", f"parent {qc.render()} of listed branch {row.name}", name=qc.render(),
                    company=qc)

    for i in range(12):
        c, row = listed_company(None, roman=True, style="prefix" if i % 3 else None)
        w.query("romanized", "review", f"romanized name of listed {row.name} ({row.registry.id})",
                name=c.romanize(i), roman=c)

    for i in range(10):
        c, row = listed_company(None, roman=True, homophone=True)
        h = w.homophone(c.trade)
        qc = replace(c, trade=h, uscc="", rep=None)
        w.query("romanized_homophone", "review", f"counterparty {qc.render()} (not listed) romanizes like listed "
                f"{row.name}: review by the rules (pinyin cannot tell them apart)", name=qc.romanize(i), roman=qc)

    for i in range(12):
        p = w.person(common=i % 2 == 0)
        reg = SPC if i % 3 else WAGE
        row = w.list_person(reg, p)
        if i == 11:
            w.query("person_with_id", "listed", f"person {p.name}, masked ID as published agrees ({reg.id})",
                    name=p.name, id_number=row.published_id, person=p.name)
        else:
            w.query("person_with_id", "listed", f"person {p.name}, ID agrees with {row.published_id} ({reg.id})",
                    name=p.name, id_number=p.id, person=p.name)

    for i in range(11):
        if i < 8:
            p = w.person(common=i % 2 == 0)
            w.list_person(SPC, p)
            w.query("person_name_only", "review", f"person {p.name} without ID, listed with ID (SPC)", name=p.name,
                    person=p.name)
        else:
            p = w.person()
            w.list_person(WAGE, p, code="none")
            w.query("person_name_only", "review", f"person {p.name} with ID, listed without ID ({WAGE.id})",
                    name=p.name, id_number=p.id, person=p.name)

    for i in range(12):
        mode = i % 4
        rep = w.person(common=i % 3 == 0)
        via = []
        if mode in (0, 1):
            w.list_person(SPC, rep)
            via.append("a listed person (SPC)")
        if mode in (1, 2, 3):
            listed_company(SPC, rep=rep)
            via.append("legal rep of a listed company (SPC)")
        rep_id = mask(rep.id) if i == 10 else rep.id
        # the rep's ID as --id (taken as the rep's when a legal rep is given) or, twice, as --legal-rep-id
        ids = {"legal_rep_id": rep_id} if i in (4, 9) else {"id_number": rep_id}
        if mode == 3:
            w.query("legal_rep_id", "linked", f"legal rep {rep.name} with ID only: {' and '.join(via)}",
                    legal_rep=rep.name, **ids)
        else:
            cp = w.company()
            w.claim(cp)
            w.query("legal_rep_id", "linked", f"unlisted {cp.render()} whose legal rep {rep.name} (ID agrees) is "
                    f"{' and '.join(via)}", name=cp.render(), uscc=cp.uscc if i % 2 else None, legal_rep=rep.name,
                    company=cp, **ids)

    for i in range(11):
        mode = i % 3
        rep = w.person(common=i % 4 == 0)
        c = w.company(rep=rep)
        if mode == 0:
            row = w.list_company(WATCH, c)
            w.list_person(SPC, rep)
            how = f"on the watchlist; its legal rep {rep.name} is a listed person (SPC)"
        elif mode == 1:
            row = w.list_company(SPC, c, status="expired", code="uscc")
            w.list_person(WAGE, rep)
            how = f"only an expired SPC listing; its legal rep {rep.name} is a listed person ({WAGE.id})"
        else:
            reg = AQ if c.city is ANQING else SPC
            row = w.list_company(reg, c, status="expired", code="uscc")
            listed_company(SPC, rep=rep)
            how = f"only an expired listing ({reg.id}); its legal rep {rep.name} represents another listed company"
        w.scenario_companies.append(c)
        if i % 2:
            w.query("legal_rep_from_listing", "linked", f"USCC of {row.name}: {how}", uscc=c.uscc)
        else:
            w.query("legal_rep_from_listing", "linked", f"{row.name}: {how}", name=row.name, company=c)

    for i in range(12):
        c, row = listed_company(WATCH)
        variant = i % 6
        if variant in (0, 1):
            w.query("watchlist", "review", f"USCC of {row.name}, only on the watchlist", uscc=c.uscc)
        elif variant in (2, 3):
            w.query("watchlist", "review", f"{row.name}, only on the watchlist", name=row.name, company=c)
        elif variant == 4:
            name = c.render("infix", "（）")
            w.query("watchlist", "review", f"{name} vs watchlist {row.name}", name=name, company=c)
        else:
            qc = replace(c, city=None)
            w.query("watchlist", "review", f"{qc.render()} (no place) vs watchlist {row.name}", name=qc.render(),
                    company=qc)

    for i in range(10):
        home = w.city()
        rep = w.person(city=home)
        if i % 2 == 0:
            w.list_person(SPC, rep)
            how = f"listed person (SPC, {home.province})"
        else:
            c, row = listed_company(SPC, city=home, rep=rep)
            how = f"legal rep of listed {row.name}"
        cp = w.company(city=w.city(exclude=[c for c in CITIES if c.province == home.province]))
        w.claim(cp)
        assert cp.city
        region = cp.city.code if i % 3 == 0 else None
        w.query("legal_rep_name_only", "review", f"legal rep {rep.name} by name only is a {how}; counterparty "
                f"{cp.render()} is in another province", name=cp.render(), legal_rep=rep.name, company=cp,
                region=region, region_code=region)


def negatives(w: World) -> None:
    rng = w.rng

    def listed_company(reg: Registry | None = None, **kw: Any) -> tuple[Company, Row]:
        code = kw.pop("code", None)
        status = kw.pop("status", "active")
        c = w.company(**kw)
        reg = reg or (AQ if c.city is ANQING and rng.random() < 0.4 else SPC)
        row = w.list_company(reg, c, code=code, status=status)
        w.scenario_companies.append(c)
        return c, row

    for i in range(20):
        c, row = listed_company(None, homophone=True)
        h = w.homophone(c.trade)
        qc = replace(c, trade=h, uscc="", rep=None)
        style = "infix" if "（" in row.name or "(" in row.name else "prefix"
        if i % 3 == 0:  # the homophone is listed too, in another city
            assert c.city
            namesake = w.company(trade=h, industry=c.industry, city=w.city(exclude=[c.city]))
            w.list_company(SPC, namesake)
        w.query("homophone", "clear", f"{qc.render(style)} vs listed homophone {row.name}", name=qc.render(style),
                company=qc)

    for i in range(20):
        if i < 4:
            c, row = listed_company(None, city=rng.choice([c for c in CITIES if c.province in ("安徽省", "浙江省")]))
            assert c.city
            qc = replace(c, city=w.city(exclude=[c.city], province=c.city.province), uscc="", rep=None)
            w.query("other_city", "clear", f"{qc.render()} vs {row.name}: same province, another city",
                    name=qc.render(), company=qc)
        elif i < 7:
            c, row = listed_company(None)
            assert c.city
            elsewhere = w.city(exclude=[c.city])
            qc = replace(c, city=None, uscc="", rep=None)
            region = elsewhere.code if i % 2 else elsewhere.name
            w.query("other_city", "clear", f"{qc.render()} with --region {region} vs {row.name}", name=qc.render(),
                    region=region, region_code=elsewhere.code, company=qc)
        elif i < 9:
            c, row = listed_company(None, roman=True)
            assert c.city
            qc = replace(c, city=w.city(roman=True, exclude=[c.city]), uscc="", rep=None)
            w.query("other_city", "clear", f"romanized name in another city ({qc.render()}) vs {row.name}",
                    name=qc.romanize(i), roman=qc)
        else:
            c, row = listed_company(None)
            assert c.city
            qc = replace(c, city=w.city(exclude=[x for x in CITIES if x.province == c.city.province]), uscc="",
                         rep=None)
            style = "infix" if i % 4 == 0 else "prefix"
            w.query("other_city", "clear", f"{qc.render(style)} vs {row.name}", name=qc.render(style), company=qc)

    for _ in range(20):
        c, row = listed_company(None)
        industry = rng.choice([k for k in INDUSTRIES if FAMILY_OF[k] != FAMILY_OF[c.industry]])
        qc = replace(c, industry=industry, uscc="", rep=None)
        w.query("other_industry", "clear", f"{qc.render()} vs {row.name}", name=qc.render(), company=qc)

    for i in range(18):
        listed, near = NEAR_NAMES[i]
        p = w.person(listed)
        w.list_person(SPC if i % 3 else WAGE, p)
        if i % 2:
            other = w.person(near)
            w.query("near_person_name", "clear", f"{near} (ID given) vs listed {listed}", name=near,
                    id_number=other.id, person=near)
        else:
            w.query("near_person_name", "clear", f"{near} vs listed {listed}", name=near, person=near)

    for i in range(20):
        if i < 16:
            p = w.person(common=True)
            row = w.list_person(SPC if i % 4 else WAGE, p)
            other = w.person(p.name)
            w.query("contradicting_id", "clear", f"{p.name} with ID {other.id} vs listed {row.published_id}",
                    name=p.name, id_number=other.id, person=p.name)
        else:
            c, row = listed_company(SPC, common_rep=True)
            assert c.rep
            other = w.person(c.rep.name)
            cp = w.company()
            w.claim(cp)
            ids = {"legal_rep_id": other.id} if i == 19 else {"id_number": other.id}
            w.query("contradicting_id", "clear", f"legal rep {other.name} with ID {other.id} vs the legal rep of "
                    f"{row.name} ({row.published_rep_id})", name=cp.render(), legal_rep=other.name, company=cp,
                    **ids)

    for i in range(18):
        c, row = listed_company(None, code="org" if i % 6 == 5 else "uscc")
        assert c.city
        code = w.uscc(c.city)
        w.query("different_code_same_name", "clear", f"same name as {row.name} but USCC {code} (listing: "
                f"{row.published_code}): another company", name=row.name, uscc=code, company=c)

    for i in range(20):
        if i < 16:
            mode = i % 4
            if mode == 0:
                c, row = listed_company(SPC, status="expired", code="uscc")
            elif mode == 1:
                c, row = listed_company(AQ, city=ANQING, status="expired")
            elif mode == 2:
                c, row = listed_company(SAMR, status="removed")
            else:
                c, row = listed_company(WAGE, status="removed")
            if i % 2:
                w.query("expired_only", "clear", f"USCC of {row.name}: only {article(row.status)} listing "
                        f"({row.registry.id})", uscc=c.uscc)
            else:
                name = simplified(row.name)
                w.query("expired_only", "clear", f"{name}: only {article(row.status)} listing ({row.registry.id})",
                        name=name, company=c)
        else:
            p = w.person(common=i % 2 == 0)
            row = w.list_person(SPC, p, status="expired")
            w.query("expired_only", "clear", f"person {p.name}, ID agrees, only an expired listing", name=p.name,
                    id_number=p.id, person=p.name)

    for i in range(18):
        c, row = listed_company(RED, common_rep=False)
        if i % 3 == 0:
            w.query("redlist_only", "clear", f"USCC of {row.name}, only on a red list", uscc=c.uscc)
        elif i % 3 == 1:
            w.query("redlist_only", "clear", f"{row.name}, only on a red list", name=row.name, company=c)
        else:
            name = c.render("infix", "（）")
            w.query("redlist_only", "clear", f"{name} vs red-list {row.name}", name=name, company=c)

    for i in range(20):
        if i < 7:
            city = w.city()
            w.query("not_listed", "clear", f"a valid USCC on no list ({city.name})", uscc=w.uscc(city))
        elif i < 13:
            cp = w.company()
            w.claim(cp)
            name = cp.render("prefix" if i % 2 else "infix", "（）")
            w.query("not_listed", "clear", f"{name}, on no list", name=name, company=cp,
                    uscc=cp.uscc if i % 3 == 0 else None)
        elif i < 17:
            p = w.person()
            w.query("not_listed", "clear", f"person {p.name}, on no list", name=p.name, id_number=p.id, person=p.name)
        else:
            cp = w.company()
            w.claim(cp)
            rep = w.person()
            w.query("not_listed", "clear", f"{cp.render()} with legal rep {rep.name} (ID given), none listed",
                    name=cp.render(), legal_rep=rep.name, id_number=rep.id, company=cp)


def decoys(w: World) -> None:
    """Listings that share trade names across cities and industries, and many namesakes, placed where the
    claims say they cannot touch a query (the oracle checks that too)."""
    rng = w.rng
    for c in list(w.scenario_companies):
        assert c.city
        claims = w.claims[pinyin(c.trade)]
        family = FAMILY_OF[c.industry]
        if rng.random() < 0.6:  # same trade and industry, another city no query names
            free = [x for x in CITIES if (family, x.code) not in claims]
            if free:
                other = w.company(trade=c.trade, industry=c.industry, city=rng.choice(free))
                w.list_company(rng.choice([SPC, SPC, WAGE, SAMR]), other, code="uscc")
        if rng.random() < 0.6:  # same trade, another industry no query names
            used = {fam for fam, _ in claims}
            industries = [k for k in INDUSTRIES if FAMILY_OF[k] not in used]
            city = rng.choice([c.city, c.city, w.city()])
            other = w.company(trade=c.trade, industry=rng.choice(industries), city=city)
            reg = AQ if city is ANQING and rng.random() < 0.5 else rng.choice([SPC, SPC, WATCH, RED, SAMR])
            w.list_company(reg, other, status=rng.choice(["active"] * 4 + ["expired"]),
                           code="uscc" if reg is not SPC else None)
    for name in COMMON_NAMES:  # namesakes with other IDs
        for _ in range(rng.randrange(2, 6)):
            reg = SPC if rng.random() < 0.75 else WAGE
            w.list_person(reg, w.person(name), status=rng.choice(["active"] * 5 + ["expired"]))
    for _ in range(60):  # persons with rarer names
        w.list_person(rng.choice([SPC, SPC, WAGE]), w.person())
    for _ in range(120):  # companies on no query's path, some of them on two lists
        c = w.company()
        reg = AQ if c.city is ANQING and rng.random() < 0.5 else rng.choice([SPC, SPC, SPC, WATCH, RED, SAMR, WAGE])
        w.list_company(reg, c, status=rng.choice(["active"] * 5 + ["expired"]))
        if reg is not RED and rng.random() < 0.15:
            w.list_company(RED, c)


# --------------------------------------------------------------------------------------------------------
# The oracle: the label the rules give a query over the structured world


class Open(Exception):
    """The rules leave the query's label open (the generator must not produce it)."""


def _name_strength(q: Query, c: Company) -> str | None:
    if q.company is not None:
        qc = q.company
        if qc.trade != c.trade or FAMILY_OF[qc.industry] != FAMILY_OF[c.industry]:
            return None
        if qc.industry != c.industry:
            raise Open(f"industries {qc.industry} / {c.industry} of one family")
        if qc.city and q.region_code and qc.city.code != q.region_code:
            raise Open("the name's place and --region disagree")
        assert c.city
        place = qc.city.code if qc.city else q.region_code
        if place and place != c.city.code:
            return None
        weak = place is None or form_class(qc.form) != form_class(c.form)
        if qc.branch != c.branch:
            if qc.branch and c.branch:
                raise Open("two different branches")
            weak = True
        return "weak" if weak else "strong"
    if q.roman is not None:
        r = q.roman
        gloss = INDUSTRIES[r.industry][1]
        if pinyin(r.trade) != pinyin(c.trade) or not gloss or gloss != INDUSTRIES[c.industry][1]:
            return None
        assert r.city and c.city
        return "weak" if r.city.code == c.city.code and not c.branch else None
    return None


def _company_strength(q: Query, row: Row) -> str | None:
    c = row.company
    assert c
    if q.uscc:
        code = q.uscc.replace(" ", "").replace("-", "").upper()
        if len(code) == 18:
            assert code == c.uscc or code[8:17] != c.org, "same org code inside two USCCs"
            if (row.code == "uscc" and code == c.uscc) or (row.code.startswith("org") and code[8:17] == c.org):
                return "strong"
        elif row.code != "none" and code == c.org:
            return "strong"
        if row.code != "none":
            return None  # both give a code and the codes differ: another company
    return _name_strength(q, c)


def _rep_elsewhere(row: Row, rows: list[Row]) -> str:
    """Whether the legal rep a company row carries is listed elsewhere: yes | maybe | no."""
    assert row.company
    rep = row.company.rep
    if rep is None:
        return "no"
    mine, found = row.published_rep_id, "no"
    for x in rows:
        if x is row or x.status != "active" or x.registry.kind != "blacklist":
            continue
        if x.person and x.person.name == rep.name:
            theirs = x.published_id
        elif x.company and x.company.rep and x.company.rep.name == rep.name and x.company.uscc != row.company.uscc:
            theirs = x.published_rep_id
        else:
            continue
        if mine and theirs:
            if compatible(mine, theirs):
                return "yes"
        else:
            found = "maybe"
    return found


def oracle(q: Query, rows: list[Row]) -> str:
    """The label by the rules; raises Open where the rules do not settle it."""
    sure, possible = 0, 0

    def see(effect: str, certain: bool = True) -> None:
        nonlocal sure, possible
        if certain:
            sure = max(sure, RANK[effect])
        possible = max(possible, RANK[effect])

    cp_place = q.company.city.code if q.company and q.company.city else q.region_code
    for row in rows:
        kind, active = row.registry.kind, row.status == "active"
        if row.company:
            strength = _company_strength(q, row)
            if strength:
                if active and kind == "blacklist":
                    see("listed" if strength == "strong" else "review")
                elif active and kind == "watchlist":
                    see("review")
                link = _rep_elsewhere(row, rows)
                if link != "no":
                    see("linked", link == "yes" and strength == "strong" and kind != "redlist"
                        and row.status != "removed")
        if row.person and q.person and row.person.name == q.person and active and kind == "blacklist":
            theirs = row.published_id
            if theirs and q.id_number:
                if compatible(theirs, q.id_number):
                    see("listed")
            else:
                see("review")
        if q.person and row.company and row.company.rep and row.company.rep.name == q.person and q.id_number:
            theirs = row.published_rep_id
            if active and kind != "redlist" and (theirs is None or compatible(theirs, q.id_number)):
                see("linked", certain=False)  # a person who represents a listed company: not in the rules
        if q.legal_rep:
            rep_id = q.legal_rep_id or q.id_number
            if row.person and row.person.name == q.legal_rep:
                theirs, place = row.published_id, row.person.city.code
            elif row.company and row.company.rep and row.company.rep.name == q.legal_rep:
                assert row.company.city
                theirs, place = row.published_rep_id, row.company.city.code
            else:
                continue
            if not active or kind == "redlist":
                continue
            if rep_id and theirs:
                if compatible(theirs, rep_id):
                    see("linked" if kind == "blacklist" else "review")
                    see("linked", certain=False)
            elif rep_id is None and cp_place and cp_place[:2] != place[:2]:
                see("review")
            else:
                see("review")
                see("linked", certain=False)
    if possible > sure:
        raise Open(f"between {LABELS[sure]} and {LABELS[possible]}")
    return LABELS[sure]


def verify(w: World) -> None:
    problems = []
    for q in w.queries:
        try:
            label = oracle(q, w.rows)
        except Open as exc:
            problems.append(f"{q.id} {q.kind}: label open: {exc} ({q.payload()['query']})")
            continue
        if label != q.expect:
            problems.append(f"{q.id} {q.kind}: planned {q.expect}, the rules give {label} ({q.payload()['query']})")
    if problems:
        raise SystemExit("the evaluation set is inconsistent:\n" + "\n".join(problems))


# --------------------------------------------------------------------------------------------------------
# Writing the snapshots and registry files


HEADER = "# SAMPLE registry: fictional evaluation data for name and identifier matching (tests/eval/build.py).\n" \
         "# Names, codes and IDs are made up; organization-code bodies start with WX. Do not edit: regenerate.\n"


def _toml(reg: Registry, *, name: str, name_zh: str, authority: str, level: str, region: str, basis: str,
          category: str, url: str, fmt: str, encoding: str, fields: dict[str, str], extra: str = "",
          records: str = "", comment: str = "") -> str:
    mapping = "\n".join(f'{k} = "{v}"' for k, v in fields.items())
    text = HEADER + comment + f"""\
id = "{reg.id}"
name = "{name}"
name_zh = "{name_zh}"
authority = "{authority}"
kind = "{reg.kind}"
level = "{level}"
region = "{region}"
subjects = [{", ".join(f'"{s}"' for s in reg.subjects)}]
legal_basis = "{basis}"
reason_category = "{category}"
# no default term: every end of a listing is in the data, so that the labels do not age
term_days = 0
max_age_days = 7
sample = true

[source]
url = "{url}"
format = "{fmt}"
encoding = "{encoding}"
"""
    if records:
        text += f'records = "{records}"\n'
    text += f"\n[fields]\n{mapping}\n{extra}\n[dates]\nformats = [\"{reg.dates}\"]\n"
    return text


def _fmt(d: date | None, reg: Registry) -> str:
    return d.strftime(reg.dates) if d else ""


def _csv(header: list[str], rows: Iterable[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write(w: World, directory: Path = DATA) -> dict[str, int]:
    """Write every snapshot, registry file and queries.jsonl into the directory (emptied first)."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.iterdir():
        old.unlink()
    by_reg: dict[Registry, list[Row]] = defaultdict(list)
    for row in w.rows:
        by_reg[row.registry].append(row)
    rng = random.Random(SEED + 1)
    counts = {}
    writers: dict[Registry, Callable[[list[Row], random.Random, Path], None]] = {
        SPC: _write_spc, AQ: _write_aq, SAMR: _write_samr, WATCH: _write_watch, RED: _write_red, WAGE: _write_wage,
    }
    for reg, write_one in writers.items():
        rows = by_reg[reg]
        rng.shuffle(rows)  # lists are not in the order they were generated
        write_one(rows, rng, directory)
        counts[reg.id] = len(rows)
    with (directory / "queries.jsonl").open("w", encoding="utf-8") as fh:
        for q in w.queries:
            fh.write(json.dumps(q.payload(), ensure_ascii=False) + "\n")
    return counts


def _write_spc(rows: list[Row], rng: random.Random, out: Path) -> None:
    header = ["被执行人姓名/名称", "被执行人类型", "身份证号码/组织机构代码", "法定代表人或者负责人姓名",
              "法定代表人证件号码", "执行法院", "省份", "案号", "执行依据文号", "生效法律文书确定的义务",
              "被执行人的履行情况", "失信被执行人行为具体情形", "发布时间", "屏蔽日期"]
    lines = []
    for n, row in enumerate(rows, start=1):
        if row.company:
            c = row.company
            assert c.city
            city, kind, ident = c.city, "法人或其他组织", row.published_code
            rep, rep_id = (c.rep.name if c.rep else ""), row.published_rep_id or ""
        else:
            assert row.person
            city, kind, ident, rep, rep_id = row.person.city, "自然人", row.published_id or "", "", ""
        year = row.listed_on.year
        court = city.name + rng.choice(["中级人民法院", "迎江区人民法院" if city is ANQING else "中级人民法院"])
        case = f"({year}){city.court}执{100 + n}号"
        basis = f"({year - 1}){city.court}民初{1000 + n}号"
        duty = f"偿还借款本金人民币{rng.randrange(3, 900) * 1000}元及利息"
        lines.append([row.name, kind, ident, rep, rep_id, court, city.province_short, case, basis, duty, "全部未履行",
                    row.reason, _fmt(row.listed_on, SPC), _fmt(row.expires_on, SPC)])
    (out / f"{SPC.id}.csv").write_text(_csv(header, lines), encoding="utf-8")
    (out / f"{SPC.id}.toml").write_text(_toml(
        SPC, name="List of Dishonest Judgment Debtors (evaluation)", name_zh="失信被执行人名单（评测）",
        authority="Supreme People's Court", level="national", region="100000",
        basis="最高人民法院关于公布失信被执行人名单信息的若干规定 (Fa Shi [2017] No. 7)",
        category="court-judgment-default",
        url=f"{SPC.id}.csv", fmt="csv", encoding="utf-8",
        fields={"name": "被执行人姓名/名称", "subject_type": "被执行人类型", "id": "身份证号码/组织机构代码",
                "legal_rep": "法定代表人或者负责人姓名", "legal_rep_id": "法定代表人证件号码", "authority": "执行法院",
                "region": "省份", "case_number": "案号", "decision_doc": "执行依据文号",
                "obligation": "生效法律文书确定的义务", "performance": "被执行人的履行情况",
                "reason": "失信被执行人行为具体情形", "listed_on": "发布时间", "expires_on": "屏蔽日期"},
        extra='\n[values.subject_type]\n"自然人" = "person"\n"法人或其他组织" = "enterprise"\n',
        comment="# Shape of the SPC list: region is the province; companies carry a USCC, an old organization\n"
                "# code (with or without its hyphen) or no code; persons a masked ID.\n"), encoding="utf-8")


def _write_aq(rows: list[Row], rng: random.Random, out: Path) -> None:
    header = ["序号", "主体名称", "统一社会信用代码", "法定代表人", "法定代表人身份证号", "所在区县", "失信行为",
              "认定部门", "认定依据", "列入日期", "有效期至", "移出日期"]
    lines = []
    for n, row in enumerate(rows, start=1):
        c = row.company
        assert c and c.rep
        region = rng.choice([c.uscc[2:8] if c.uscc[2:8] != ANQING.code else "340802", "安庆市", ANQING.code])
        dept = rng.choice(["安庆市市场监督管理局", "安庆市住房和城乡建设局", "安庆市人力资源和社会保障局"])
        basis = "安庆市公共信用信息管理办法"
        lines.append([str(n), row.name, row.published_code, c.rep.name, row.published_rep_id or "", region,
                      row.reason, dept, basis, _fmt(row.listed_on, AQ), _fmt(row.expires_on, AQ),
                      _fmt(row.removed_on, AQ)])
    (out / f"{AQ.id}.csv").write_bytes(_csv(header, lines).encode("gb18030"))
    (out / f"{AQ.id}.toml").write_text(_toml(
        AQ, name="Anqing Credit Blacklist (evaluation)", name_zh="安庆市信用黑名单（评测）",
        authority="Anqing Municipal Development and Reform Commission", level="prefecture", region="340800",
        basis="安庆市公共信用信息管理办法", category="other", url=f"{AQ.id}.csv", fmt="csv", encoding="gb18030",
        fields={"name": "主体名称", "uscc": "统一社会信用代码", "legal_rep": "法定代表人",
                "legal_rep_id": "法定代表人身份证号", "region": "所在区县", "reason": "失信行为",
                "authority": "认定部门",
                "legal_basis": "认定依据", "listed_on": "列入日期", "expires_on": "有效期至", "removed_on": "移出日期"},
        comment="# A city list published in GB18030; names often with the place as a full-width bracketed infix.\n"),
        encoding="utf-8")


def _write_samr(rows: list[Row], rng: random.Random, out: Path) -> None:
    records = []
    for row in rows:
        c = row.company
        assert c and c.city and c.rep
        records.append({
            "entName": row.name, "uniscid": row.published_code, "legalPerson": traditional(c.rep.name),
            "legalPersonCert": row.published_rep_id or "", "regionCode": c.city.code,
            "illegalReason": traditional(row.reason), "decisionOrg": traditional(f"{c.city.name}市场监督管理局"),
            "listDate": _fmt(row.listed_on, SAMR), "removeDate": _fmt(row.removed_on, SAMR),
        })
    doc = {"code": 0, "msg": "成功", "data": {"total": len(records), "list": records}}
    (out / f"{SAMR.id}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / f"{SAMR.id}.toml").write_text(_toml(
        SAMR, name="Serious Illegal and Dishonest Enterprises (evaluation, traditional-script mirror)",
        name_zh="嚴重違法失信企業名單（評測）", authority="State Administration for Market Regulation",
        level="national", region="100000", basis="严重违法失信名单管理办法 (SAMR Order No. 44, 2021)", category="other",
        url=f"{SAMR.id}.json", fmt="json", encoding="utf-8", records="data.list",
        fields={"name": "entName", "uscc": "uniscid", "legal_rep": "legalPerson", "legal_rep_id": "legalPersonCert",
                "region": "regionCode", "reason": "illegalReason", "authority": "decisionOrg", "listed_on": "listDate",
                "removed_on": "removeDate"},
        comment="# Republished by a mirror in traditional script (names, reasons, authorities).\n"), encoding="utf-8")


def _write_watch(rows: list[Row], rng: random.Random, out: Path) -> None:
    header = ["企业名称", "统一社会信用代码", "法定代表人", "法定代表人证件号码", "所在地", "列入经营异常名录原因",
              "列入日期", "作出决定机关"]
    lines = []
    for row in rows:
        c = row.company
        assert c and c.city and c.rep
        lines.append([row.name, row.published_code, c.rep.name, row.published_rep_id or "", c.city.code,
                      row.reason,
                    _fmt(row.listed_on, WATCH), f"{c.city.name}市场监督管理局"])
    (out / f"{WATCH.id}.tsv").write_text(_csv(header, lines, "\t"), encoding="utf-8")
    (out / f"{WATCH.id}.toml").write_text(_toml(
        WATCH, name="Abnormal Operations List (evaluation)", name_zh="经营异常名录（评测）",
        authority="State Administration for Market Regulation", level="national", region="100000",
        basis="企业经营异常名录管理暂行办法", category="abnormal-operations", url=f"{WATCH.id}.tsv", fmt="tsv",
        encoding="utf-8",
        fields={"name": "企业名称", "uscc": "统一社会信用代码", "legal_rep": "法定代表人",
                "legal_rep_id": "法定代表人证件号码", "region": "所在地", "reason": "列入经营异常名录原因",
                "listed_on": "列入日期", "authority": "作出决定机关"}), encoding="utf-8")


def _write_red(rows: list[Row], rng: random.Random, out: Path) -> None:
    header = ["纳税人名称", "纳税人识别号", "法定代表人", "所在地区", "评定年度", "评价结果", "列入日期"]
    lines = []
    for row in rows:
        c = row.company
        assert c and c.city and c.rep
        lines.append([row.name, row.published_code, c.rep.name, c.city.name, str(row.listed_on.year - 1), "A",
                    _fmt(row.listed_on, RED)])
    (out / f"{RED.id}.csv").write_text(_csv(header, lines), encoding="utf-8")
    (out / f"{RED.id}.toml").write_text(_toml(
        RED, name="A-grade Taxpayers (evaluation)", name_zh="纳税信用A级纳税人名单（评测）",
        authority="State Taxation Administration", level="national", region="100000",
        basis="纳税信用管理办法", category="commendation", url=f"{RED.id}.csv", fmt="csv", encoding="utf-8",
        fields={"name": "纳税人名称", "uscc": "纳税人识别号", "legal_rep": "法定代表人", "region": "所在地区",
                "reason": "评价结果", "listed_on": "列入日期"}), encoding="utf-8")


def _write_wage(rows: list[Row], rng: random.Random, out: Path) -> None:
    header = ["类型", "单位名称/姓名", "统一社会信用代码/身份证号", "法定代表人", "法定代表人证件号码", "所在地",
              "拖欠情形", "列入日期", "移出日期"]
    lines = []
    for row in rows:
        if row.company:
            c = row.company
            assert c.city and c.rep
            region = rng.choice([c.city.name, c.city.province, c.city.code])
            lines.append(["用人单位", row.name, row.published_code, c.rep.name, row.published_rep_id or "", region,
                        row.reason, _fmt(row.listed_on, WAGE), _fmt(row.removed_on, WAGE)])
        else:
            assert row.person
            city = row.person.city
            lines.append(["个人", row.name, row.published_id or "", "", "", rng.choice([city.name, city.province]),
                        row.reason, _fmt(row.listed_on, WAGE), _fmt(row.removed_on, WAGE)])
    (out / f"{WAGE.id}.csv").write_text(_csv(header, lines), encoding="utf-8-sig")
    (out / f"{WAGE.id}.toml").write_text(_toml(
        WAGE, name="Wage Arrears Blacklist (evaluation)", name_zh="拖欠农民工工资失信联合惩戒对象名单（评测）",
        authority="Ministry of Human Resources and Social Security", level="national", region="100000",
        basis="拖欠农民工工资失信联合惩戒对象名单管理暂行办法 (MOHRSS Order No. 45, 2021)", category="wage-arrears",
        url=f"{WAGE.id}.csv", fmt="csv", encoding="auto",
        fields={"name": "单位名称/姓名", "subject_type": "类型", "id": "统一社会信用代码/身份证号",
                "legal_rep": "法定代表人",
                "legal_rep_id": "法定代表人证件号码", "region": "所在地", "reason": "拖欠情形", "listed_on": "列入日期",
                "removed_on": "移出日期"},
        extra='\n[values.subject_type]\n"用人单位" = "enterprise"\n"个人" = "person"\n',
        comment="# Persons masked over the whole birth date (340802********1234), some published without ID.\n"),
        encoding="utf-8")


def build(seed: int = SEED) -> World:
    w = World(seed)
    positives(w)
    negatives(w)
    decoys(w)
    per_kind: dict[str, int] = defaultdict(int)
    for q in w.queries:
        per_kind[q.kind] += 1
        q.id = f"{q.kind}-{per_kind[q.kind]:02d}"
    verify(w)
    return w


def main() -> int:
    w = build()
    counts = write(w)
    kinds: dict[str, int] = defaultdict(int)
    for q in w.queries:
        kinds[q.kind] += 1
    print(f"wrote {DATA.relative_to(Path.cwd()) if DATA.is_relative_to(Path.cwd()) else DATA}: "
          f"{sum(counts.values())} rows, {len(w.queries)} queries")
    for reg_id, n in counts.items():
        print(f"  {reg_id:40} {n:5} rows")
    for kind, n in kinds.items():
        print(f"  {kind:40} {n:5} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
