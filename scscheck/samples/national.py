"""The five national sample lists: SPC dishonest judgment debtors, SAMR serious illegal and dishonest
enterprises, SAMR abnormal operations, major tax violations, and MOHRSS wage arrears.

Each builder returns a :class:`~scscheck.samples.writers.Table` in the publisher's shape, with the
planted showcase rows (:mod:`scscheck.samples.planted`) at seeded positions among generated ones.
"""

import random
from datetime import date, timedelta

from scscheck.samples import codes, names, planted, timeline
from scscheck.samples.divisions import PREFECTURES, County, Prefecture
from scscheck.samples.entities import Company, EntityFactory, Person
from scscheck.samples.seed import stream
from scscheck.samples.spc import SPC_HEADER, SpcRows
from scscheck.samples.world import World, factory_for
from scscheck.samples.writers import Cell, Table

FICTIONAL_NOTICE = "FICTIONAL SAMPLE DATA: 虚构样例数据，仅供测试 scscheck，不指向任何真实主体。"
"""The marker that formats able to carry one (JSON, JSONL) put in every sample file."""


def insert_planted(rng: random.Random, rows: list[tuple[Cell, ...]], extra: list[tuple[Cell, ...]]) -> None:
    """Insert ``extra`` rows at seeded positions among ``rows`` (in place)."""
    for row in extra:
        rows.insert(int(rng.random() * (len(rows) + 1)), row)


def local_office(pref: Prefecture, county: County, suffix: str, city_share: float, rng: random.Random) -> str:
    """The city's office (安庆市市场监督管理局) or, ``1 - city_share`` of the time, the county's
    (怀宁县市场监督管理局, 安庆市迎江区市场监督管理局)."""
    if rng.random() < city_share:
        return pref.name + suffix
    return pref.local_name(county) + suffix


# --- SPC ------------------------------------------------------------------------------------------

SPC_ROWS = 2600


def build_spc(world: World, seed: int) -> Table:
    """失信被执行人名单: planted rows, ~150 rows about shared companies, the rest random."""
    rng = stream(seed, planted.SPC)
    maker = SpcRows(rng, factory_for(seed, planted.SPC, 1, light_reps=True))
    rows: list[tuple[Cell, ...]] = []
    for company in world.sample(rng, 150):
        rows.append(maker.company_row(company, name=company.variant(rng)))
    planted_rows = [maker.planted_row(entity, a) for entity, a in planted.appearances(planted.SPC)]
    while len(rows) + len(planted_rows) < SPC_ROWS:
        rows.append(maker.row())
    rng.shuffle(rows)
    insert_planted(rng, rows, list(planted_rows))
    return Table(SPC_HEADER, rows)


# --- SAMR serious illegal and dishonest enterprises ------------------------------------------------

SAMR_SERIOUS_COLUMNS = (
    "序号",
    "企业名称",
    "统一社会信用代码/注册号",
    "法定代表人",
    "所属省份",
    "列入严重违法失信名单原因",
    "列入日期",
    "作出决定机关",
    "列入决定书文号",
    "登记机关",
)
_SERIOUS_REASONS = (
    ("被列入经营异常名录届满3年仍未履行相关义务",) * 12
    + ("受到责令停产停业，暂扣或者吊销许可证、执照的行政处罚",) * 3
    + ("提交虚假材料或者采取其他欺诈手段隐瞒重要事实，取得公司登记，被撤销登记",) * 2
    + ("因不正当竞争行为两年内受到三次以上行政处罚",)
    + ("因侵犯商标专用权行为五年内受到两次以上行政处罚",)
    + (
        "因提供的商品或者服务不符合保障人身、财产安全要求，造成人身伤害等严重侵害消费者权益的违法行为，"
        "两年内受到三次以上行政处罚",
    )
    + ("组织策划传销，或者为传销行为提供便利条件两次以上受到行政处罚",)
)


def build_samr_serious(world: World, seed: int) -> Table:
    """严重违法失信企业名单 (XLSX): ~200 rows; old rows may carry only a registration number or an
    organization code; listing dates are real date cells."""
    rng = stream(seed, planted.SAMR_SERIOUS)
    factory = factory_for(seed, planted.SAMR_SERIOUS, 2)
    companies = world.sample(rng, 60) + [factory.company() for _ in range(139)]
    rows: list[tuple[Cell, ...]] = []
    for company in companies:
        listed = timeline.random_day(rng, max(date(company.founded + 2, 1, 1), timeline.FIRST_LISTING))
        reason = names.pick(rng, _SERIOUS_REASONS)
        rows.append(_serious_row(rng, company, company.variant(rng), listed, reason, "", ""))
    for entity, a in planted.appearances(planted.SAMR_SERIOUS):
        assert isinstance(entity, planted.PlantedCompany)
        company = as_company(entity, factory)
        insert_planted(
            rng,
            rows,
            [
                _serious_row(
                    rng, company, a.name, a.listed_on, a.reason, a.authority, dict(a.extra)["列入决定书文号"]
                )
            ],
        )
    rng.shuffle(rows)
    return Table(SAMR_SERIOUS_COLUMNS, [(i + 1, *row[1:]) for i, row in enumerate(rows)], "严重违法失信名单")


def _serious_row(
    rng: random.Random, company: Company, name: str, listed: date, reason: str, authority: str, doc: str
) -> tuple[Cell, ...]:
    pref = company.prefecture
    roll = rng.random()
    if company.founded < 2014 and roll < 0.12:
        ident = codes.registration_number(company.county.code, int(rng.random() * 1_000_000))
    elif company.founded < 2015 and roll < 0.2:
        ident = codes.hyphenated(company.org_code)
    else:
        ident = company.uscc
    authority = authority or local_office(pref, company.county, "市场监督管理局", 0.7, rng)
    doc = doc or f"{pref.short[:1]}市监严列〔{listed.year}〕{1 + int(rng.random() * 90)}号"
    registrar = local_office(pref, company.county, "市场监督管理局", 0.5, rng)
    return (
        0,
        name,
        ident,
        company.legal_rep.name,
        pref.province.name,
        reason,
        listed,
        authority,
        doc,
        registrar,
    )


def as_company(entity: planted.PlantedCompany, factory: EntityFactory) -> Company:
    """A planted company as an entity: its prefecture and county from its USCC's division code, its
    legal representative as planted (or, where the catalogue names none, one made by ``factory``)."""
    division = entity.uscc[2:8]
    pref = next(p for p in PREFECTURES if division[:4] in (p.code[:4], p.code[:2] + "01"))
    county = next((c for c in pref.counties if c.code == division), pref.counties[0])
    rep = entity.legal_rep
    if rep is None:
        person = factory.person(pref, male=True)
    else:
        person = Person(rep.name, rep.masked_id, rep.male, rep.birth_date.year)
    return Company(entity.name, "", "", "", entity.uscc, pref, county, 2012, person)


# --- SAMR abnormal operations ---------------------------------------------------------------------

ABNORMAL_KEYS = (
    "企业名称",
    "统一社会信用代码",
    "注册号",
    "法定代表人",
    "登记机关",
    "列入经营异常名录原因",
    "列入日期",
    "列入决定机关",
    "移出经营异常名录原因",
    "移出日期",
    "移出决定机关",
    "状态",
    "数据说明",
)
ABNORMAL_REASONS = (
    "未按照规定期限公示年度报告",
    "未在责令的期限内公示有关企业信息",
    "公示企业信息隐瞒真实情况、弄虚作假",
    "通过登记的住所或者经营场所无法联系",
)
"""The four statutory reasons (企业经营异常名录管理暂行办法, art. 4)."""
_REMOVAL = {
    ABNORMAL_REASONS[0]: "依法补报了未报年份的年度报告并公示，申请移出",
    ABNORMAL_REASONS[1]: "依照《企业信息公示暂行条例》第十条规定履行公示义务，申请移出",
    ABNORMAL_REASONS[2]: "更正其公示的信息，申请移出",
    ABNORMAL_REASONS[3]: "依法办理住所或者经营场所变更登记，申请移出",
}
_ABNORMAL_POOL = (ABNORMAL_REASONS[0],) * 11 + ABNORMAL_REASONS[1:3] + (ABNORMAL_REASONS[3],) * 6


def build_samr_abnormal(world: World, seed: int) -> Table:
    """经营异常名录 (JSONL): ~300 rows; about a third removed (移出日期, 状态 已移出)."""
    rng = stream(seed, planted.SAMR_ABNORMAL)
    factory = factory_for(seed, planted.SAMR_ABNORMAL, 3)
    companies = world.sample(rng, 90) + [factory.company() for _ in range(208)]
    rows: list[tuple[Cell, ...]] = []
    for company in companies:
        listed = timeline.random_day(rng, max(date(company.founded + 1, 7, 1), timeline.FIRST_LISTING))
        reason = names.pick(rng, _ABNORMAL_POOL)
        removed: date | None = None
        if rng.random() < 0.35:
            removed = listed + timedelta(days=20 + int(rng.random() * 500))
            if removed > timeline.LAST_LISTING:
                removed = None
        rows.append(_abnormal_row(rng, company, company.variant(rng), listed, reason, "", removed))
    for entity, a in planted.appearances(planted.SAMR_ABNORMAL):
        assert isinstance(entity, planted.PlantedCompany)
        company = as_company(entity, factory)
        insert_planted(
            rng, rows, [_abnormal_row(rng, company, a.name, a.listed_on, a.reason, a.authority, None)]
        )
    return Table(ABNORMAL_KEYS, rows)


def _abnormal_row(
    rng: random.Random,
    company: Company,
    name: str,
    listed: date,
    reason: str,
    authority: str,
    removed: date | None,
) -> tuple[Cell, ...]:
    pref = company.prefecture
    authority = authority or local_office(pref, company.county, "市场监督管理局", 0.3, rng)
    registration = None
    if company.founded < 2014 and rng.random() < 0.5:
        registration = codes.registration_number(company.county.code, int(rng.random() * 1_000_000))
    return (
        name,
        company.uscc,
        registration,
        company.legal_rep.name,
        authority,
        reason,
        listed.isoformat(),
        authority,
        _REMOVAL[reason] if removed else None,
        removed.isoformat() if removed else None,
        authority if removed else None,
        "已移出" if removed else "列入",
        FICTIONAL_NOTICE,
    )


# --- major tax violations ------------------------------------------------------------------------

TAX_COLUMNS = (
    "纳税人名称",
    "纳税人识别号",
    "组织机构代码",
    "注册地址",
    "法定代表人或者负责人姓名",
    "法定代表人或者负责人性别",
    "法定代表人或者负责人证件名称",
    "法定代表人证件号码",
    "负有直接责任的财务负责人姓名",
    "负有直接责任的财务负责人性别",
    "负有直接责任的财务负责人证件名称",
    "财务负责人证件号码",
    "负有直接责任的中介机构信息",
    "案件性质",
    "主要违法事实",
    "相关法律依据及税务处理处罚情况",
    "所属省份",
    "公布机关",
    "公布日期",
)
_TAX_NATURE = (
    ("偷税",) * 8
    + ("虚开增值税专用发票",) * 6
    + ("虚开普通发票",) * 2
    + ("逃避追缴欠税",) * 2
    + ("骗取出口退税",)
    + ("欠税",)
)
_TAX_METHOD = {
    "偷税": "采取伪造、变造、隐匿、擅自销毁账簿记账凭证，在账簿上多列支出或者不列、少列收入的手段，"
    "少缴增值税、企业所得税等税款{a}元",
    "虚开增值税专用发票": "在没有真实交易的情况下，为他人开具增值税专用发票{n}份，金额{a}元，税额{t}元",
    "虚开普通发票": "在没有真实交易的情况下，为他人开具增值税普通发票{n}份，金额{a}元",
    "逃避追缴欠税": "欠缴应纳税款，采取转移或者隐匿财产的手段，妨碍税务机关追缴欠缴的税款{a}元",
    "骗取出口退税": "以假报出口等欺骗手段，骗取国家出口退税款{a}元",
    "欠税": "欠缴税款{a}元，经税务机关责令限期缴纳后逾期仍未缴纳",
}
_TAX_BASIS = (
    "依照《中华人民共和国税收征收管理法》等相关法律法规的有关规定，对其处以追缴税款{a}元的行政处理、"
    "处以罚款{f}元的行政处罚。"
)
_TAX_BASIS_CRIMINAL = (
    "依照《中华人民共和国税收征收管理法》《中华人民共和国发票管理办法》等相关法律法规的有关规定，"
    "对其处以没收违法所得的行政处罚，并依法移送公安机关。"
)


def build_tax(world: World, seed: int) -> Table:
    """重大税收违法失信主体 (GB18030 CSV): ~200 rows, with the legal representative's and the finance
    manager's masked ID numbers."""
    rng = stream(seed, planted.TAX)
    factory = factory_for(seed, planted.TAX, 4)
    companies = world.sample(rng, 50) + [factory.company() for _ in range(149)]
    rows: list[tuple[Cell, ...]] = []
    for company in companies:
        listed = timeline.random_day(rng, max(date(company.founded + 2, 1, 1), date(2019, 1, 1)))
        nature = names.pick(rng, _TAX_NATURE)
        finance = factory.person(company.prefecture, born=(1965, 1998)) if rng.random() < 0.7 else None
        rows.append(_tax_row(rng, company, company.variant(rng), listed, nature, "", "", "", finance))
    for entity, a in planted.appearances(planted.TAX):
        assert isinstance(entity, planted.PlantedCompany)
        company = as_company(entity, factory)
        finance = factory.person(company.prefecture, born=(1975, 1990), male=False)
        row = _tax_row(
            rng, company, a.name, a.listed_on, a.category, a.reason, a.legal_basis, a.authority, finance
        )
        insert_planted(rng, rows, [row])
    return Table(TAX_COLUMNS, rows)


def _tax_row(
    rng: random.Random,
    company: Company,
    name: str,
    listed: date,
    nature: str,
    facts: str,
    basis: str,
    authority: str,
    finance: Person | None,
) -> tuple[Cell, ...]:
    pref = company.prefecture
    amount = int(10 ** (5 + 2.5 * rng.random()))
    if not facts:
        first = listed.year - 2 - int(rng.random() * 3)
        method = _TAX_METHOD[nature].format(a=amount, n=5 + int(rng.random() * 200), t=amount * 13 // 100)
        facts = (
            f"经国家税务总局{pref.name}税务局稽查局检查，发现其在{first}年1月1日至{first + 1}年12月31日期间，"
            f"主要存在以下问题：{method}。"
        )
    if not basis:
        if nature.startswith("虚开") or nature == "骗取出口退税":
            basis = _TAX_BASIS_CRIMINAL
        else:
            basis = _TAX_BASIS.format(a=amount, f=amount // 2)
    rep = company.legal_rep
    org = codes.hyphenated(company.org_code) if company.founded < 2016 and rng.random() < 0.7 else ""
    agency = "无"
    if rng.random() < 0.08:
        agency = f"{pref.short}{names.trade_name(rng, planted.reserved_trades())}税务师事务所有限公司"
    return (
        name,
        company.uscc,
        org,
        names.address(rng, pref, company.county),
        rep.name,
        rep.gender,
        "居民身份证",
        rep.masked_id,
        finance.name if finance else "",
        finance.gender if finance else "",
        "居民身份证" if finance else "",
        finance.masked_id if finance else "",
        agency,
        nature,
        facts,
        basis,
        pref.province.name,
        authority or f"国家税务总局{pref.name}税务局",
        listed.isoformat(),
    )


# --- wage arrears ---------------------------------------------------------------------------------

WAGE_KEYS = (
    "记录编号",
    "用人单位名称",
    "统一社会信用代码",
    "法定代表人（负责人）",
    "法定代表人证件号码",
    "所在地区",
    "主要违法事实",
    "涉及人数",
    "拖欠金额（元）",
    "列入依据",
    "列入日期",
    "作出列入决定部门",
    "惩戒期限",
)
_WAGE_BASIS = (
    "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条第一项",
    "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条第二项",
)
_WAGE_INDUSTRIES = ("建筑工程", "建筑工程", "劳务", "装饰工程", "房地产开发", "服饰", "餐饮管理", "物流")


def build_wages(world: World, seed: int) -> Table:
    """拖欠农民工工资失信联合惩戒对象名单 (JSON, records under ``data.list``): ~150 rows."""
    rng = stream(seed, planted.WAGES)
    factory = factory_for(seed, planted.WAGES, 5)
    companies = world.sample(rng, 20) + [
        factory.company(industry=names.pick(rng, _WAGE_INDUSTRIES)) for _ in range(129)
    ]
    rows: list[tuple[Cell, ...]] = []
    for company in companies:
        listed = timeline.random_day(rng, max(date(company.founded + 2, 1, 1), date(2021, 1, 1)))
        rows.append(_wage_row(rng, company, company.variant(rng), listed, "", "", ""))
    for entity, a in planted.appearances(planted.WAGES):
        assert isinstance(entity, planted.PlantedCompany)
        company = as_company(entity, factory)
        insert_planted(
            rng, rows, [_wage_row(rng, company, a.name, a.listed_on, a.reason, a.legal_basis, a.authority)]
        )
    rows.sort(key=lambda row: str(row[10]), reverse=True)  # newest first, as the portal lists them
    numbered = [(f"WA{str(row[10]).replace('-', '')}{str(row[2])[-6:]}", *row[1:]) for row in rows]
    return Table(WAGE_KEYS, numbered)


def _wage_row(
    rng: random.Random, company: Company, name: str, listed: date, facts: str, basis: str, authority: str
) -> tuple[Cell, ...]:
    pref = company.prefecture
    workers = 6 + int(rng.random() * 180)
    amount = workers * (3000 + int(rng.random() * 25000)) // 100 * 100
    if facts:
        digits = "".join(ch if ch.isdigit() else " " for ch in facts).split()
        workers, amount = int(digits[0]), int(digits[1])
    else:
        facts = (
            f"拖欠{workers}名农民工工资共计{amount}元，经人力资源社会保障行政部门责令限期支付后逾期仍未支付。"
        )
    return (
        "",
        name,
        company.uscc,
        company.legal_rep.name,
        company.legal_rep.masked_id,
        pref.name,
        facts,
        workers,
        amount,
        basis or names.pick(rng, _WAGE_BASIS[:1] * 4 + _WAGE_BASIS[1:]),
        listed.isoformat(),
        authority or f"{pref.name}人力资源和社会保障局",
        "3年",
    )
