"""The hand-planted showcase entities of the bundled sample lists: a catalogue for tests and the README.

Everything here is FICTIONAL. The generator plants each :class:`Appearance` as one row of the named
registry's sample file, with the name, identifier and dates exactly as given; the rest of the row is
filled in like the generated rows around it. Statuses are as of :data:`REFERENCE_DATE`.

The showcase, in short:

* :data:`HUAYU` (安庆市华宇贸易有限公司, USCC 91340800WX2026012R) is on five lists under five
  spellings (exact, bracketed place with full- and half-width brackets, traditional characters, extra
  spaces) and, on an old SPC row, under its organization code only. Its SPC listing of 2026-03-18 is
  ACTIVE until 2028: the README quick start checks it.
* Its legal representative :data:`CHEN_ZHIGANG` (陈志刚, 3408021985****1537, Anhui) is on the SPC list
  himself and now represents :data:`JINCHENG` (杭州锦程科技有限公司, Zhejiang), which has only an expired
  Hangzhou listing and an abnormal-operations notice: checking it should show the link to Anhui.
* :data:`BK` is published with full-width letters on one list (合肥ＢＫ...) and ASCII on another.
* Namesakes: three different 张伟 on the SPC list and a fourth as BK's legal representative; two 王芳
  and two 李娜 -- same names, different ID numbers.
* :data:`WANG_LIXIN` is the Anqing COVID-checkpoint flagpole case (20 RMB, no legal basis cited);
  :data:`CHENGJIANG` the Ningbo media-criticism listing; :data:`YONGJIANG` an org-code-only listing.
* :data:`HONGXING` is on the Putian red list and the SPC blacklist at once; :data:`FUYUAN` only on the
  red list.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from scscheck.samples import codes

REFERENCE_DATE = date(2026, 11, 26)
"""The day the catalogue's statuses refer to ("today" for the bundled samples)."""
SNAPSHOT_DATE = date(2026, 11, 20)
"""The day every bundled sample snapshot is dated; no listing in the samples is later."""

Status = Literal["active", "expired", "removed"]

SPC = "cn.spc.dishonest-debtors"
SAMR_SERIOUS = "cn.samr.serious-illegal"
SAMR_ABNORMAL = "cn.samr.abnormal-operations"
TAX = "cn.chinatax.major-violations"
WAGES = "cn.mohrss.wage-arrears"
ANQING = "cn.ah.anqing.blacklist"
NINGBO = "cn.zj.ningbo.environment-blacklist"
HANGZHOU = "cn.zj.hangzhou.blacklist"
PUTIAN = "cn.fj.putian.brand-redlist"
REGISTRY_IDS = (SPC, SAMR_SERIOUS, SAMR_ABNORMAL, TAX, WAGES, ANQING, NINGBO, HANGZHOU, PUTIAN)


def _after(listed: date, days: int) -> date:
    """The end of a term of ``days`` days from ``listed``."""
    return listed + timedelta(days=days)


@dataclass(frozen=True)
class PlantedPerson:
    """A fictional person. The birth date and sequence are never published (lists mask month and
    day); they are kept so that tests can recompute the check digit of the masked ID."""

    name: str
    masked_id: str
    division: str
    birth_date: date
    seq: int

    @property
    def male(self) -> bool:
        """Odd sequence numbers are men's (GB 11643)."""
        return self.seq % 2 == 1

    @property
    def full_id(self) -> str:
        """The unpublished full ID number, for check-digit tests only."""
        return codes.resident_id(self.division, self.birth_date, self.seq)


@dataclass(frozen=True)
class Appearance:
    """One planted row: the registry, and the row's values as published."""

    registry: str
    name: str
    identifier: str  # the value of the row's identifier column: USCC, org code or masked ID
    listed_on: date
    status: Status  # as of REFERENCE_DATE
    reason: str
    expires_on: date | None = None  # end of the listing's term (its own column, or the registry's term)
    category: str = ""  # the row's own category value, where the list has a category column
    legal_basis: str = ""
    authority: str = ""
    case_number: str = ""
    legal_rep: str = ""
    legal_rep_id: str = ""
    extra: tuple[tuple[str, str], ...] = ()  # further columns as published


@dataclass(frozen=True)
class PlantedCompany:
    """A fictional company and every row it has on the sample lists."""

    key: str
    name: str
    uscc: str
    legal_rep: PlantedPerson | None
    appearances: tuple[Appearance, ...]
    note: str

    @property
    def org_code(self) -> str:
        """The organization code, USCC characters 9-17, with its hyphen."""
        return codes.hyphenated(self.uscc[8:17])


@dataclass(frozen=True)
class PlantedIndividual:
    """A fictional person listed in their own right, and every row they have."""

    key: str
    person: PlantedPerson
    appearances: tuple[Appearance, ...]
    note: str

    @property
    def name(self) -> str:
        """The person's name."""
        return self.person.name


@dataclass(frozen=True)
class Defect:
    """A deliberately defective row, as real publishers make them: the loader should reject it."""

    registry: str
    name: str
    column: str
    value: str
    problem: str


# --- persons ---------------------------------------------------------------------------------------

CHEN_ZHIGANG_PERSON = PlantedPerson("陈志刚", "3408021985****1537", "340802", date(1985, 4, 12), 153)
ZHANG_WEI_BK = PlantedPerson("张伟", "3401211983****0597", "340121", date(1983, 2, 14), 59)
LIN_ZHIQIANG = PlantedPerson("林志强", "3503221984****1312", "350322", date(1984, 5, 20), 131)
ZHOU_HAIFENG = PlantedPerson("周海峰", "3302061988****0779", "330206", date(1988, 7, 14), 77)
XU_GUOQIANG = PlantedPerson("徐国强", "3302201965****0134", "330220", date(1965, 9, 9), 13)
HUANG_LIJUAN = PlantedPerson("黄丽娟", "3503221986****0480", "350322", date(1986, 2, 27), 48)

# --- companies -------------------------------------------------------------------------------------

_HUAYU_USCC = "91340800WX2026012R"
_HUAYU_OBLIGATION = (
    "被告安庆市华宇贸易有限公司于本判决生效之日起十日内支付原告合肥恒达建材有限公司货款1286400元及逾期付款利息；"
    "被告陈志刚对上述债务承担连带清偿责任。"
)

HUAYU = PlantedCompany(
    key="huayu",
    name="安庆市华宇贸易有限公司",
    uscc=_HUAYU_USCC,
    legal_rep=CHEN_ZHIGANG_PERSON,
    note="Flagship: ACTIVE on SPC (2026-03-18 to 2028-03-17) under its exact name; five spellings on "
    "five lists; an old SPC row carries only its organization code.",
    appearances=(
        Appearance(
            SPC,
            "安庆市华宇贸易有限公司",
            _HUAYU_USCC,
            date(2026, 3, 18),
            "active",
            "有履行能力而拒不履行生效法律文书确定义务",
            expires_on=_after(date(2026, 3, 18), 730),
            authority="安庆市迎江区人民法院",
            case_number="(2026)皖0802执156号",
            legal_rep="陈志刚",
            extra=(
                ("省份", "安徽"),
                ("立案时间", "20260106"),
                ("执行依据文号", "(2025)皖0802民初2318号"),
                ("做出执行依据单位", "安庆市迎江区人民法院"),
                ("生效法律文书确定的义务", _HUAYU_OBLIGATION),
                ("被执行人的履行情况", "全部未履行"),
            ),
        ),
        Appearance(
            SPC,
            "安庆市华宇贸易有限公司",
            "WX202601-2",
            date(2019, 7, 13),
            "expired",
            "违反财产报告制度",
            expires_on=_after(date(2019, 7, 13), 730),
            authority="安庆市中级人民法院",
            case_number="(2019)皖08执123号",
            legal_rep="陈志刚",
            extra=(
                ("省份", "安徽"),
                ("立案时间", "20190315"),
                ("执行依据文号", "(2018)皖08民初87号"),
                ("做出执行依据单位", "安庆市中级人民法院"),
                (
                    "生效法律文书确定的义务",
                    "被告安庆市华宇贸易有限公司于本判决生效之日起十日内偿还原告芜湖瑞丰物流有限公司运输费356000元。",
                ),
                ("被执行人的履行情况", "部分未履行"),
            ),
        ),
        Appearance(
            SAMR_SERIOUS,
            "华宇贸易（安庆）有限公司",
            _HUAYU_USCC,
            date(2025, 9, 3),
            "active",
            "被列入经营异常名录届满3年仍未履行相关义务",
            expires_on=_after(date(2025, 9, 3), 1095),
            authority="安庆市市场监督管理局",
            legal_rep="陈志刚",
            extra=(("列入决定书文号", "庆市监严列〔2025〕17号"),),
        ),
        Appearance(
            SAMR_ABNORMAL,
            "华宇贸易(安庆)有限公司",
            _HUAYU_USCC,
            date(2022, 6, 20),
            "active",
            "通过登记的住所或者经营场所无法联系",
            authority="安庆市市场监督管理局",
            legal_rep="陈志刚",
        ),
        Appearance(
            TAX,
            "安慶市華宇貿易有限公司",
            _HUAYU_USCC,
            date(2024, 5, 31),
            "active",
            "经国家税务总局安庆市税务局稽查局检查，发现其在2021年1月1日至2022年12月31日期间，在没有真实交易的情况下，"
            "为他人开具增值税专用发票46份，金额4386210.52元，税额570207.37元。",
            expires_on=_after(date(2024, 5, 31), 1095),
            category="虚开增值税专用发票",
            legal_basis="依照《中华人民共和国税收征收管理法》《中华人民共和国发票管理办法》等相关法律法规的有关规定，"
            "对其处以没收违法所得的行政处罚，并依法移送公安机关。",
            authority="国家税务总局安庆市税务局",
            legal_rep="陈志刚",
            legal_rep_id=CHEN_ZHIGANG_PERSON.masked_id,
        ),
        Appearance(
            ANQING,
            "安庆市 华宇贸易 有限公司",
            _HUAYU_USCC,
            date(2021, 3, 10),
            "expired",
            "未按合同约定向政府采购项目交付货物，经多次催告仍未履行，被认定为政府采购严重违约",
            expires_on=date(2023, 3, 9),
            category="合同履约",
            legal_basis="《中华人民共和国政府采购法》第七十七条",
            authority="安庆市财政局",
            legal_rep="陈志刚",
        ),
    ),
)

_JINCHENG_USCC = "91330106WX20260203"
JINCHENG = PlantedCompany(
    key="jincheng",
    name="杭州锦程科技有限公司",
    uscc=_JINCHENG_USCC,
    legal_rep=CHEN_ZHIGANG_PERSON,
    note="Zhejiang company now represented by 陈志刚 (listed in Anhui): no active blacklist listing of its "
    "own, but linked through its legal representative.",
    appearances=(
        Appearance(
            SAMR_ABNORMAL,
            "杭州锦程科技有限公司",
            _JINCHENG_USCC,
            date(2026, 5, 12),
            "active",
            "未按照规定期限公示年度报告",
            authority="杭州市西湖区市场监督管理局",
            legal_rep="陈志刚",
        ),
        Appearance(
            HANGZHOU,
            "杭州锦程科技有限公司",
            _JINCHENG_USCC,
            date(2023, 4, 10),
            "expired",
            "拖欠软件开发合同款项，经法院判决后仍未履行",
            expires_on=date(2025, 4, 9),
            category="合同履约",
            legal_basis="《杭州市公共信用信息管理办法》",
            authority="杭州市市场监督管理局",
            legal_rep="陈志刚",
            legal_rep_id=CHEN_ZHIGANG_PERSON.masked_id,
        ),
    ),
)

_BK_USCC = "91340100WX2026039D"
BK = PlantedCompany(
    key="bk",
    name="合肥BK建筑工程有限公司",
    uscc=_BK_USCC,
    legal_rep=ZHANG_WEI_BK,
    note="Latin letters in the name: ASCII on the wage-arrears list, full-width on SPC. Its legal "
    "representative 张伟 is not any of the three 张伟 on the SPC list (different ID numbers).",
    appearances=(
        Appearance(
            WAGES,
            "合肥BK建筑工程有限公司",
            _BK_USCC,
            date(2025, 12, 5),
            "active",
            "拖欠85名农民工工资共计1362500元，经人力资源社会保障行政部门责令限期支付后逾期仍未支付。",
            expires_on=_after(date(2025, 12, 5), 1095),
            legal_basis="《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条第一项",
            authority="合肥市人力资源和社会保障局",
            legal_rep="张伟",
            legal_rep_id=ZHANG_WEI_BK.masked_id,
        ),
        Appearance(
            SPC,
            "合肥ＢＫ建筑工程有限公司",
            _BK_USCC,
            date(2026, 8, 20),
            "active",
            "有履行能力而拒不履行生效法律文书确定义务",
            expires_on=_after(date(2026, 8, 20), 730),
            authority="合肥市蜀山区人民法院",
            case_number="(2026)皖0104执3312号",
            legal_rep="张伟",
            extra=(("省份", "安徽"), ("立案时间", "20260415")),
        ),
    ),
)

_CHENGJIANG_USCC = "91330206WX20260470"
CHENGJIANG = PlantedCompany(
    key="chengjiang",
    name="宁波澄江纺织有限公司",
    uscc=_CHENGJIANG_USCC,
    legal_rep=ZHOU_HAIFENG,
    note="Ningbo environment blacklist for media criticism (受到媒体曝光批评且未及时整改).",
    appearances=(
        Appearance(
            NINGBO,
            "宁波澄江纺织有限公司",
            _CHENGJIANG_USCC,
            date(2026, 1, 15),
            "active",
            "2025年11月被新闻媒体曝光夜间通过雨水管偷排印染废水，受到批评后未在规定期限内完成整改",
            expires_on=_after(date(2026, 1, 15), 730),
            category="受到媒体曝光批评且未及时整改",
            legal_basis="《宁波市环境违法企业黑名单管理办法（试行）》",
            authority="宁波市生态环境局",
            legal_rep="周海峰",
        ),
    ),
)

_YONGJIANG_USCC = "91330205WX1998071P"
YONGJIANG = PlantedCompany(
    key="yongjiang",
    name="宁波甬江化工有限公司",
    uscc=_YONGJIANG_USCC,
    legal_rep=XU_GUOQIANG,
    note="Listed by organization code only (WX199807-1); a USCC query should still find it.",
    appearances=(
        Appearance(
            NINGBO,
            "宁波甬江化工有限公司",
            "WX199807-1",
            date(2019, 6, 10),
            "expired",
            "超标排放大气污染物，被责令改正后拒不改正",
            expires_on=_after(date(2019, 6, 10), 730),
            category="环境违法行为",
            legal_basis="《中华人民共和国大气污染防治法》第九十九条",
            authority="宁波市生态环境局",
            legal_rep="徐国强",
            extra=(("处罚决定书文号", "甬环罚〔2019〕58号"),),
        ),
    ),
)

_HONGXING_USCC = "91350304WX2026055B"
HONGXING = PlantedCompany(
    key="hongxing",
    name="莆田市鸿兴鞋业有限公司",
    uscc=_HONGXING_USCC,
    legal_rep=LIN_ZHIQIANG,
    note="On the Putian red list (知名品牌) and, at the same time, ACTIVE on the SPC blacklist.",
    appearances=(
        Appearance(
            PUTIAN,
            "莆田市鸿兴鞋业有限公司",
            _HONGXING_USCC,
            date(2024, 6, 30),
            "active",
            "莆田市知名品牌",
            expires_on=date(2027, 6, 29),
            authority="莆田市市场监督管理局",
            extra=(("品牌名称", "鸿兴"),),
        ),
        Appearance(
            SPC,
            "莆田市鸿兴鞋业有限公司",
            _HONGXING_USCC,
            date(2026, 2, 9),
            "active",
            "违反限制消费令",
            expires_on=_after(date(2026, 2, 9), 730),
            authority="莆田市荔城区人民法院",
            case_number="(2025)闽0304执2087号",
            legal_rep="林志强",
            extra=(("省份", "福建"), ("立案时间", "20251020")),
        ),
    ),
)

_FUYUAN_USCC = "91350322WX20260638"
FUYUAN = PlantedCompany(
    key="fuyuan",
    name="莆田市福源食品有限公司",
    uscc=_FUYUAN_USCC,
    legal_rep=HUANG_LIJUAN,
    note="Only on the Putian red list: a clear verdict with a commendation finding.",
    appearances=(
        Appearance(
            PUTIAN,
            "莆田市福源食品有限公司",
            _FUYUAN_USCC,
            date(2025, 9, 15),
            "active",
            "莆田市知名品牌",
            expires_on=date(2028, 9, 14),
            authority="莆田市市场监督管理局",
            extra=(("品牌名称", "福源"),),
        ),
    ),
)

COMPANIES: tuple[PlantedCompany, ...] = (HUAYU, JINCHENG, BK, CHENGJIANG, YONGJIANG, HONGXING, FUYUAN)

# --- persons listed in their own right ---------------------------------------------------------------


def _spc_person(
    person: PlantedPerson, listed: date, status: Status, court: str, case: str, province: str, reason: str
) -> Appearance:
    return Appearance(
        SPC,
        person.name,
        person.masked_id,
        listed,
        status,
        reason,
        expires_on=_after(listed, 730),
        authority=court,
        case_number=case,
        extra=(("省份", province),),
    )


CHEN_ZHIGANG = PlantedIndividual(
    key="chen-zhigang",
    person=CHEN_ZHIGANG_PERSON,
    note="Legal representative of HUAYU (Anhui), listed on SPC as a natural person (guarantor in the "
    "same dispute), now legal representative of JINCHENG (Zhejiang).",
    appearances=(
        Appearance(
            SPC,
            "陈志刚",
            CHEN_ZHIGANG_PERSON.masked_id,
            date(2026, 3, 18),
            "active",
            "有履行能力而拒不履行生效法律文书确定义务",
            expires_on=_after(date(2026, 3, 18), 730),
            authority="安庆市迎江区人民法院",
            case_number="(2026)皖0802执157号",
            extra=(
                ("省份", "安徽"),
                ("立案时间", "20260106"),
                ("执行依据文号", "(2025)皖0802民初2318号"),
                ("做出执行依据单位", "安庆市迎江区人民法院"),
                ("生效法律文书确定的义务", _HUAYU_OBLIGATION),
                ("被执行人的履行情况", "全部未履行"),
            ),
        ),
    ),
)

_REFUSE = "有履行能力而拒不履行生效法律文书确定义务"


def _namesake(
    key: str,
    person: PlantedPerson,
    listed: date,
    status: Status,
    court: str,
    case: str,
    note: str,
    reason: str = _REFUSE,
) -> PlantedIndividual:
    province = {"34": "安徽", "33": "浙江", "44": "广东", "35": "福建", "32": "江苏"}[person.division[:2]]
    appearance = _spc_person(person, listed, status, court, case, province, reason)
    return PlantedIndividual(key, person, (appearance,), note)


NAMESAKES: tuple[PlantedIndividual, ...] = (
    _namesake(
        "zhang-wei-1",
        PlantedPerson("张伟", "3401211979****0312", "340121", date(1979, 8, 3), 31),
        date(2020, 11, 2),
        "expired",
        "长丰县人民法院",
        "(2020)皖0121执1744号",
        "张伟 #1 (Anhui, born 1979): expired SPC listing.",
    ),
    _namesake(
        "zhang-wei-2",
        PlantedPerson("张伟", "3301221968****2179", "330122", date(1968, 11, 21), 217),
        date(2025, 6, 16),
        "active",
        "桐庐县人民法院",
        "(2025)浙0122执985号",
        "张伟 #2 (Zhejiang, born 1968): active SPC listing.",
        "违反财产报告制度",
    ),
    _namesake(
        "zhang-wei-3",
        PlantedPerson("张伟", "4403051990****0950", "440305", date(1990, 6, 9), 95),
        date(2026, 10, 9),
        "active",
        "深圳市南山区人民法院",
        "(2026)粤0305执20931号",
        "张伟 #3 (Guangdong, born 1990): active SPC listing.",
    ),
    _namesake(
        "wang-fang-1",
        PlantedPerson("王芳", "3408021987****0467", "340802", date(1987, 9, 30), 46),
        date(2024, 2, 20),
        "expired",
        "安庆市迎江区人民法院",
        "(2023)皖0802执1290号",
        "王芳 #1 (Anhui): SPC listing expired 2026-02.",
    ),
    _namesake(
        "wang-fang-2",
        PlantedPerson("王芳", "3302031991****128X", "330203", date(1991, 3, 5), 128),
        date(2026, 4, 1),
        "active",
        "宁波市海曙区人民法院",
        "(2026)浙0203执412号",
        "王芳 #2 (Zhejiang): active SPC listing.",
    ),
    _namesake(
        "li-na-1",
        PlantedPerson("李娜", "3503021989****0646", "350302", date(1989, 12, 1), 64),
        date(2018, 5, 8),
        "expired",
        "莆田市城厢区人民法院",
        "(2018)闽0302执566号",
        "李娜 #1 (Fujian): expired SPC listing.",
        "违反限制消费令",
    ),
    _namesake(
        "li-na-2",
        PlantedPerson("李娜", "3205052001****2028", "320505", date(2001, 7, 18), 202),
        date(2025, 12, 30),
        "active",
        "苏州市虎丘区人民法院",
        "(2025)苏0505执1803号",
        "李娜 #2 (Jiangsu): active SPC listing.",
    ),
)

WANG_LIXIN = PlantedIndividual(
    key="wang-lixin",
    person=PlantedPerson("汪立新", "3428211976****0356", "342821", date(1976, 8, 17), 35),
    note="The flagpole case: Anqing public-order listing during COVID-19 checkpoint duty, damage worth "
    "20 RMB, no legal basis cited. Expired.",
    appearances=(
        Appearance(
            ANQING,
            "汪立新",
            "3428211976****0356",
            date(2020, 2, 15),
            "expired",
            "2020年2月3日在新冠肺炎疫情防控卡点，不听从值守党员劝阻，用老虎钳剪断封路围栏并甩至一旁，"
            "致使路边党旗旗杆被围栏压弯，后又驾车碾过旗杆，造成党旗旗杆损坏，损坏物品价值20元",
            expires_on=date(2021, 2, 14),
            category="疫情防控",
            legal_basis="",
            authority="怀宁县新冠肺炎疫情防控应急指挥部",
        ),
    ),
)

LIU_XIAODONG = PlantedIndividual(
    key="liu-xiaodong",
    person=PlantedPerson("刘晓东", "3408031992****1179", "340803", date(1992, 10, 2), 117),
    note="Active Anqing public-order listing for spreading a rumour in a chat group.",
    appearances=(
        Appearance(
            ANQING,
            "刘晓东",
            "3408031992****1179",
            date(2026, 2, 3),
            "active",
            "在微信群编造、散布“某小区出现不明原因传染病”的虚假信息，造成群众恐慌",
            expires_on=date(2027, 2, 2),
            category="社会治安",
            legal_basis="《中华人民共和国治安管理处罚法》第二十五条",
            authority="安庆市公安局大观分局",
        ),
    ),
)

INDIVIDUALS: tuple[PlantedIndividual, ...] = (CHEN_ZHIGANG, *NAMESAKES, WANG_LIXIN, LIU_XIAODONG)

DEFECTS: tuple[Defect, ...] = (
    Defect(HANGZHOU, "", "主体名称", "", "the name is empty"),
    Defect(HANGZHOU, "杭州新锐电子有限公司", "认定日期", "2021年13月40日", "impossible date"),
    Defect(HANGZHOU, "杭州启明食品有限公司", "有效期至", "2022年02月30日", "impossible date"),
)
"""Deliberately defective rows of the Hangzhou sample (its other columns are well formed)."""
DEFECT_USCCS = {"杭州新锐电子有限公司": "91330108WX20260718", "杭州启明食品有限公司": "91330105WX202608XL"}

QUICK_START = HUAYU
"""The entity the README quick start checks (``scscheck check --uscc 91340800WX2026012R``)."""


def appearances(registry: str) -> tuple[tuple[PlantedCompany | PlantedIndividual, Appearance], ...]:
    """Every planted appearance on one registry, in catalogue order."""
    found: list[tuple[PlantedCompany | PlantedIndividual, Appearance]] = []
    entities: tuple[PlantedCompany | PlantedIndividual, ...] = (*COMPANIES, *INDIVIDUALS)
    for entity in entities:
        found.extend((entity, a) for a in entity.appearances if a.registry == registry)
    return tuple(found)


def reserved_bodies() -> frozenset[str]:
    """Organization-code bodies of planted companies: random companies never get them."""
    usccs = [c.uscc for c in COMPANIES] + list(DEFECT_USCCS.values())
    return frozenset(u[8:16] for u in usccs)


def reserved_names() -> frozenset[str]:
    """Planted person names that random rows must not reuse (the namesakes 张伟 王芳 李娜 excepted)."""
    return frozenset({CHEN_ZHIGANG_PERSON.name, WANG_LIXIN.name, LIU_XIAODONG.name})


def reserved_trades() -> frozenset[str]:
    """Trade names of planted companies (华宇, 锦程 ...): random companies never get them."""
    return frozenset({"华宇", "锦程", "澄江", "甬江", "鸿兴", "福源", "新锐", "启明", "恒达", "瑞丰"})
