"""The four local sample lists: Anqing's credit blacklist, Ningbo's environment blacklist, Hangzhou's
blacklist and Putian's well-known-brand red list.

Local lists are where the article's oddities live: public-order listings with thin or no legal basis
(Anqing's COVID checkpoint and 20 RMB flagpole), listings for media criticism (Ningbo), commendations
with no link to creditworthiness (Putian), and the defective rows real publishers let through (Hangzhou).
"""

import random
from datetime import date, timedelta

from scscheck.samples import codes, names, planted, timeline
from scscheck.samples.divisions import prefecture
from scscheck.samples.entities import Company, EntityFactory
from scscheck.samples.national import as_company, insert_planted
from scscheck.samples.seed import stream
from scscheck.samples.world import World, factory_for
from scscheck.samples.writers import Cell, Table

ANQING = prefecture("340800")
NINGBO = prefecture("330200")
HANGZHOU = prefecture("330100")
PUTIAN = prefecture("350300")


def _term_end(listed: date, years: int) -> date:
    """The last day of a term of ``years`` years from ``listed``."""
    try:
        end = listed.replace(year=listed.year + years)
    except ValueError:  # 29 February
        end = listed.replace(year=listed.year + years, day=28)
    return end - timedelta(days=1)


def _pick(rng: random.Random, items: tuple[tuple[str, str, str], ...]) -> tuple[str, str, str]:
    return items[int(rng.random() * len(items))]


# --- Anqing ---------------------------------------------------------------------------------------

ANQING_COLUMNS = (
    "序号",
    "主体名称",
    "主体类型",
    "统一社会信用代码/身份证号码",
    "法定代表人",
    "失信行为",
    "类别",
    "认定依据",
    "认定部门",
    "列入时间",
    "有效期至",
)
# category -> ((behaviour, legal basis, authority), ...); "{n}" / "{a}" are filled in
_ANQING_COMPANY_CASES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "合同履约": (
        (
            "未按合同约定履行政府采购合同，经催告后仍未履行，被认定为政府采购严重违约",
            "《中华人民共和国政府采购法》第七十七条",
            "安庆市财政局",
        ),
        (
            "在招标投标活动中提供虚假业绩材料谋取中标",
            "《中华人民共和国招标投标法》第五十四条",
            "安庆市公共资源交易监督管理局",
        ),
    ),
    "安全生产": (
        (
            "发生一般生产安全事故，造成{n}人死亡",
            "《中华人民共和国安全生产法》第一百一十四条",
            "安庆市应急管理局",
        ),
        (
            "未按规定对重大危险源登记建档并进行定期检测，经责令限期改正逾期未改正",
            "《中华人民共和国安全生产法》第一百零一条",
            "安庆市应急管理局",
        ),
    ),
    "食品药品": (
        (
            "生产经营超过保质期的食品，货值金额{a}元",
            "《中华人民共和国食品安全法》第一百二十四条",
            "安庆市市场监督管理局",
        ),
        (
            "销售未取得药品批准证明文件的药品",
            "《中华人民共和国药品管理法》第一百一十六条",
            "安庆市市场监督管理局",
        ),
    ),
    "拖欠工资": (
        (
            "拖欠{n}名农民工工资共计{a}元，经责令限期支付逾期未支付",
            "《保障农民工工资支付条例》第四十八条",
            "安庆市人力资源和社会保障局",
        ),
    ),
    "环境保护": (
        (
            "超标排放水污染物，被责令改正后拒不改正",
            "《中华人民共和国水污染防治法》第八十三条",
            "安庆市生态环境局",
        ),
        (
            "建设项目环境影响评价文件未经批准擅自开工建设",
            "《中华人民共和国环境影响评价法》第三十一条",
            "安庆市生态环境局",
        ),
    ),
    "产品质量": (
        (
            "生产不符合保障人体健康和人身、财产安全的国家标准的产品，货值金额{a}元",
            "《中华人民共和国产品质量法》第四十九条",
            "安庆市市场监督管理局",
        ),
    ),
    "税收违法": (
        (
            "欠缴税款{a}元，经责令限期缴纳逾期仍未缴纳",
            "《中华人民共和国税收征收管理法》第六十八条",
            "国家税务总局安庆市税务局",
        ),
    ),
}
_ANQING_PERSON_CASES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "社会治安": (
        (
            "在医院寻衅滋事，殴打医护人员",
            "《中华人民共和国治安管理处罚法》第二十六条",
            "安庆市公安局迎江分局",
        ),
        ("驾驶机动车多次不礼让行人，经教育拒不改正", "", "安庆市公安局交通警察支队"),
        (
            "在文明城市创建期间多次乱扔垃圾、随地吐痰，经劝阻拒不改正",
            "",
            "安庆市精神文明建设指导委员会办公室",
        ),
        (
            "在公共场所酗酒滋事，扰乱公共秩序",
            "《中华人民共和国治安管理处罚法》第二十三条",
            "安庆市公安局大观分局",
        ),
    ),
    "疫情防控": (
        ("疫情防控期间拒不配合卡点登记、测温，强行冲闯防控卡点", "", "安庆市新冠肺炎疫情防控应急指挥部"),
        (
            "隐瞒中高风险地区旅居史，拒不执行居家隔离措施",
            "《中华人民共和国传染病防治法》第十二条",
            "安庆市新冠肺炎疫情防控应急指挥部",
        ),
        ("在微信朋友圈散布疫情不实信息，造成不良社会影响", "", "安庆市公安局宜秀分局"),
    ),
}
ANQING_CATEGORIES = {
    "合同履约": "contract-default",
    "安全生产": "production-safety",
    "食品药品": "food-drug-safety",
    "拖欠工资": "wage-arrears",
    "环境保护": "environment",
    "产品质量": "product-quality",
    "税收违法": "tax-violation",
    "社会治安": "public-order",
    "疫情防控": "public-order",
}
"""The 类别 column's values and the reason categories the registry maps them to."""


def build_anqing(world: World, seed: int) -> Table:
    """安庆市信用黑名单 (CSV, UTF-8 with BOM, dates 2020/02/15): ~100 rows, a third of them persons."""
    rng = stream(seed, planted.ANQING)
    factory = factory_for(seed, planted.ANQING, 6)
    companies = world.sample(rng, 20, ANQING) + [factory.company(ANQING) for _ in range(45)]
    rows: list[tuple[Cell, ...]] = []
    categories = sorted(_ANQING_COMPANY_CASES)
    for company in companies:
        category = categories[int(rng.random() * len(categories))]
        case = _fill(rng, _pick(rng, _ANQING_COMPANY_CASES[category]))
        listed = timeline.random_day(rng, date(2019, 1, 1))
        end = _term_end(listed, 2 if rng.random() < 0.6 else 3)
        rows.append(
            _anqing_row(
                company.variant(rng),
                "法人",
                company.uscc,
                company.legal_rep.name,
                category,
                case,
                listed,
                end,
            )
        )
    for _ in range(33):
        category = "疫情防控" if rng.random() < 0.4 else "社会治安"
        case = _pick(rng, _ANQING_PERSON_CASES[category])
        if category == "疫情防控":
            listed = timeline.random_day(rng, date(2020, 2, 1), date(2022, 12, 15))
        else:
            listed = timeline.random_day(rng, date(2019, 1, 1))
        person = factory.person(ANQING, born=(1960, 2002))
        rows.append(
            _anqing_row(
                person.name, "自然人", person.masked_id, "", category, case, listed, _term_end(listed, 1)
            )
        )
    for entity, a in planted.appearances(planted.ANQING):
        kind = "法人" if isinstance(entity, planted.PlantedCompany) else "自然人"
        assert a.expires_on is not None
        case = (a.reason, a.legal_basis, a.authority)
        insert_planted(
            rng,
            rows,
            [
                _anqing_row(
                    a.name, kind, a.identifier, a.legal_rep, a.category, case, a.listed_on, a.expires_on
                )
            ],
        )
    rows.sort(key=lambda row: str(row[9]), reverse=True)  # newest first
    return Table(ANQING_COLUMNS, [(i, *row[1:]) for i, row in enumerate(rows, 1)])


def _fill(rng: random.Random, case: tuple[str, str, str]) -> tuple[str, str, str]:
    behaviour, basis, authority = case
    n = 1 + int(rng.random() * 3) if "死亡" in behaviour else 5 + int(rng.random() * 120)
    a = int(10 ** (4 + 2.5 * rng.random())) // 100 * 100
    return behaviour.format(n=n, a=a), basis, authority


def _anqing_row(
    name: str,
    kind: str,
    ident: str,
    rep: str,
    category: str,
    case: tuple[str, str, str],
    listed: date,
    end: date,
) -> tuple[Cell, ...]:
    behaviour, basis, authority = case
    return (
        0,
        name,
        kind,
        ident,
        rep,
        behaviour,
        category,
        basis,
        authority,
        listed.strftime("%Y/%m/%d"),
        end.strftime("%Y/%m/%d"),
    )


# --- Ningbo ---------------------------------------------------------------------------------------

NINGBO_COLUMNS = (
    "序号",
    "企业名称",
    "统一社会信用代码",
    "组织机构代码",
    "法定代表人",
    "所在区县（市）",
    "列入类别",
    "失信行为",
    "处罚决定书文号",
    "处理依据",
    "认定部门",
    "列入日期",
)
MEDIA_CRITICISM = "受到媒体曝光批评且未及时整改"
NINGBO_CATEGORIES = {
    "环境违法行为": "environment",
    "拒不执行环境行政处罚决定": "environment",
    "环境信用评价为不良": "environment",
    MEDIA_CRITICISM: "media-criticism",
}
"""The 列入类别 column's values and the reason categories the registry maps them to."""
_NINGBO_VIOLATIONS = (
    ("超标排放水污染物", "《中华人民共和国水污染防治法》第八十三条"),
    ("通过暗管偷排生产废水", "《中华人民共和国水污染防治法》第八十三条"),
    ("建设项目环境影响评价文件未经批准擅自开工建设", "《中华人民共和国环境影响评价法》第三十一条"),
    (
        "未按规定设置危险废物识别标志并随意堆放危险废物",
        "《中华人民共和国固体废物污染环境防治法》第一百一十二条",
    ),
    ("擅自闲置大气污染防治设施，超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条"),
    ("篡改、伪造污染源自动监测数据", "《中华人民共和国大气污染防治法》第九十九条"),
)
_MEDIA_ISSUES = (
    "夜间偷排废气",
    "生产噪声扰民",
    "厂区粉尘污染",
    "异味扰民",
    "危险废物露天堆放",
    "雨污管网混接直排",
)
_NINGBO_INDUSTRIES = ("化工", "纺织", "机械制造", "电子", "食品", "建材", "家具", "环保科技", "服饰")


def build_ningbo(world: World, seed: int) -> Table:
    """宁波市生态环境局 environment blacklist (TSV, GB18030, dates 2026.01.15): ~100 rows, a fifth for
    media criticism, some older ones carrying only the organization code."""
    rng = stream(seed, planted.NINGBO)
    factory = factory_for(seed, planted.NINGBO, 7)
    companies = world.sample(rng, 15, NINGBO) + [
        factory.company(NINGBO, industry=_NINGBO_INDUSTRIES[int(rng.random() * len(_NINGBO_INDUSTRIES))])
        for _ in range(83)
    ]
    rows: list[tuple[Cell, ...]] = []
    for company in companies:
        listed = timeline.random_day(rng, date(max(2017, company.founded + 1), 3, 1))
        roll = rng.random()
        doc = f"甬环罚〔{listed.year}〕{1 + int(rng.random() * 400)}号"
        if roll < 0.2 and listed.year >= 2019:
            category = MEDIA_CRITICISM
            issue = _MEDIA_ISSUES[int(rng.random() * len(_MEDIA_ISSUES))]
            behaviour = f"被新闻媒体曝光存在{issue}问题，受到批评后未在规定期限内完成整改"
            basis, doc = "", ""
        elif roll < 0.3:
            category = "拒不执行环境行政处罚决定"
            behaviour = "对生态环境部门作出的行政处罚决定逾期不申请行政复议、不提起行政诉讼，又不履行"
            basis = "《中华人民共和国行政处罚法》第七十二条"
        elif roll < 0.4:
            category = "环境信用评价为不良"
            behaviour = f"{listed.year - 1}年度企业环境信用评价结果为“环保不良企业”"
            basis, doc = "《企业环境信用评价办法（试行）》", ""
        else:
            category = "环境违法行为"
            behaviour, basis = _NINGBO_VIOLATIONS[int(rng.random() * len(_NINGBO_VIOLATIONS))]
        org_only = company.founded < 2015 and listed.year < 2020 and rng.random() < 0.45
        rows.append(
            _ningbo_row(
                rng,
                company,
                company.variant(rng),
                "" if org_only else company.uscc,
                category,
                behaviour,
                doc,
                basis,
                listed,
                org_only,
            )
        )
    for entity, a in planted.appearances(planted.NINGBO):
        assert isinstance(entity, planted.PlantedCompany)
        company = as_company(entity, factory)
        org_only = a.identifier != entity.uscc
        doc = dict(a.extra).get("处罚决定书文号", "")
        row = _ningbo_row(
            rng,
            company,
            a.name,
            "" if org_only else a.identifier,
            a.category,
            a.reason,
            doc,
            a.legal_basis,
            a.listed_on,
            org_only,
        )
        insert_planted(rng, rows, [row])
    return Table(NINGBO_COLUMNS, [(i, *row[1:]) for i, row in enumerate(rows, 1)])


def _ningbo_row(
    rng: random.Random,
    company: Company,
    name: str,
    uscc: str,
    category: str,
    behaviour: str,
    doc: str,
    basis: str,
    listed: date,
    org_only: bool,
) -> tuple[Cell, ...]:
    org = codes.hyphenated(company.org_code) if org_only or rng.random() < 0.2 else ""
    return (
        0,
        name,
        uscc,
        org,
        company.legal_rep.name,
        company.county.name,
        category,
        behaviour,
        doc,
        basis,
        "宁波市生态环境局",
        listed.strftime("%Y.%m.%d"),
    )


# --- Hangzhou -------------------------------------------------------------------------------------

HANGZHOU_COLUMNS = (
    "序号",
    "主体名称",
    "统一社会信用代码",
    "法定代表人",
    "法定代表人身份证号码",
    "失信类别",
    "失信行为",
    "处罚依据",
    "认定单位",
    "认定日期",
    "有效期至",
    "所属区县",
)
HANGZHOU_CATEGORIES = {
    "合同履约": "contract-default",
    "产品质量": "product-quality",
    "安全生产": "production-safety",
    "食品药品": "food-drug-safety",
}
"""The 失信类别 column's values and the reason categories the registry maps them to."""
_HANGZHOU_CASES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "合同履约": (
        ("拒不履行政府采购合同，经催告后仍未履行", "《中华人民共和国政府采购法》第七十七条", "杭州市财政局"),
        ("在招标投标活动中串通投标", "《中华人民共和国招标投标法》第五十三条", "杭州市发展和改革委员会"),
        ("拖欠工程款{a}元，经法院判决后仍未履行", "《杭州市公共信用信息管理办法》", "杭州市城乡建设委员会"),
    ),
    "产品质量": (
        ("生产销售不合格产品，货值金额{a}元", "《中华人民共和国产品质量法》第五十条", "杭州市市场监督管理局"),
        ("在产品中掺杂、掺假，以次充好", "《中华人民共和国产品质量法》第五十条", "杭州市市场监督管理局"),
    ),
    "安全生产": (
        ("发生生产安全事故，造成{n}人死亡", "《中华人民共和国安全生产法》第一百一十四条", "杭州市应急管理局"),
        ("生产安全事故发生后迟报、瞒报", "《中华人民共和国安全生产法》第一百一十条", "杭州市应急管理局"),
    ),
    "食品药品": (
        ("使用非食品原料生产食品", "《中华人民共和国食品安全法》第一百二十三条", "杭州市市场监督管理局"),
        (
            "餐饮服务中使用超过保质期的食品原料",
            "《中华人民共和国食品安全法》第一百二十四条",
            "杭州市市场监督管理局",
        ),
    ),
}
_HANGZHOU_INDUSTRIES = {
    "合同履约": ("建筑工程", "装饰工程", "信息技术", "科技", "贸易"),
    "产品质量": ("电子", "机械制造", "服饰", "家具", "建材"),
    "安全生产": ("建筑工程", "化工", "机械制造", "物流"),
    "食品药品": ("食品", "餐饮管理", "医药"),
}


def build_hangzhou(world: World, seed: int) -> Table:
    """杭州市 blacklist (XLSX, text dates 2021年03月05日): ~100 rows with the legal representative's
    masked ID, and three defective rows (an empty name, two impossible dates)."""
    rng = stream(seed, planted.HANGZHOU)
    factory = factory_for(seed, planted.HANGZHOU, 8)
    categories = sorted(_HANGZHOU_CASES)
    rows: list[tuple[Cell, ...]] = []
    shared = world.sample(rng, 25, HANGZHOU)
    for i in range(97):
        category = categories[int(rng.random() * len(categories))]
        if i < len(shared):
            company = shared[i]
        else:
            industries = _HANGZHOU_INDUSTRIES[category]
            company = factory.company(HANGZHOU, industry=industries[int(rng.random() * len(industries))])
        case = _fill(rng, _pick(rng, _HANGZHOU_CASES[category]))
        listed = timeline.random_day(rng, date(max(2018, company.founded + 1), 1, 1))
        end = _term_end(listed, 1 + int(rng.random() * 3))
        rows.append(_hangzhou_row(company, company.variant(rng), category, case, listed, end))
    for entity, a in planted.appearances(planted.HANGZHOU):
        assert isinstance(entity, planted.PlantedCompany) and a.expires_on is not None
        company = as_company(entity, factory)
        case = (a.reason, a.legal_basis, a.authority)
        insert_planted(
            rng, rows, [_hangzhou_row(company, a.name, a.category, case, a.listed_on, a.expires_on)]
        )
    insert_planted(rng, rows, _hangzhou_defects(rng, factory))
    return Table(HANGZHOU_COLUMNS, [(i, *row[1:]) for i, row in enumerate(rows, 1)], "黑名单")


def _hangzhou_row(
    company: Company, name: str, category: str, case: tuple[str, str, str], listed: date, end: date
) -> tuple[Cell, ...]:
    behaviour, basis, authority = case
    rep = company.legal_rep
    return (
        0,
        name,
        company.uscc,
        rep.name,
        rep.masked_id,
        category,
        behaviour,
        basis,
        authority,
        listed.strftime("%Y年%m月%d日"),
        end.strftime("%Y年%m月%d日"),
        company.county.name,
    )


def _hangzhou_defects(rng: random.Random, factory: EntityFactory) -> list[tuple[Cell, ...]]:
    """The rows of :data:`planted.DEFECTS`: well formed but for the defect."""
    rows: list[tuple[Cell, ...]] = []
    for defect in planted.DEFECTS:
        if defect.registry != planted.HANGZHOU:
            continue
        if defect.name:
            uscc = planted.DEFECT_USCCS[defect.name]
            entity = planted.PlantedCompany(defect.name, defect.name, uscc, None, (), "defective row")
            company = as_company(entity, factory)
        else:
            company = factory.company(HANGZHOU, industry="贸易")
        category = "产品质量"
        case = _fill(rng, _HANGZHOU_CASES[category][0])
        listed = date(2022, 3, 1) if defect.name else date(2024, 9, 12)
        row = list(_hangzhou_row(company, defect.name, category, case, listed, _term_end(listed, 3)))
        row[HANGZHOU_COLUMNS.index(defect.column)] = defect.value
        rows.append(tuple(row))
    return rows


# --- Putian ---------------------------------------------------------------------------------------

PUTIAN_COLUMNS = (
    "序号",
    "品牌名称",
    "企业名称",
    "统一社会信用代码",
    "荣誉称号",
    "认定部门",
    "认定日期",
    "有效期至",
    "所属县区",
)
_PUTIAN_TITLES = (
    (("莆田市知名品牌", "莆田市市场监督管理局"),) * 7
    + (("福建省名牌产品", "福建省市场监督管理局"),) * 2
    + (("莆田市政府质量奖", "莆田市人民政府"),)
)
_PUTIAN_INDUSTRIES = ("鞋业",) * 5 + ("工艺品", "食品", "服饰", "家具", "电子", "茶业", "体育用品")


def build_putian(world: World, seed: int) -> Table:
    """莆田市知名品牌 red list (CSV, UTF-8): ~60 commended companies and their brands."""
    rng = stream(seed, planted.PUTIAN)
    factory = factory_for(seed, planted.PUTIAN, 9)
    companies = world.sample(rng, 15, PUTIAN) + [
        factory.company(PUTIAN, industry=_PUTIAN_INDUSTRIES[int(rng.random() * len(_PUTIAN_INDUSTRIES))])
        for _ in range(43)
    ]
    rows: list[tuple[Cell, ...]] = []
    for company in companies:
        title, authority = _PUTIAN_TITLES[int(rng.random() * len(_PUTIAN_TITLES))]
        brand = company.trade if rng.random() < 0.7 else names.trade_name(rng, factory.reserved_trades)
        listed = timeline.random_day(rng, date(max(2018, company.founded + 3), 5, 1))
        rows.append(_putian_row(company, brand, company.name, title, authority, listed, _term_end(listed, 3)))
    for entity, a in planted.appearances(planted.PUTIAN):
        assert isinstance(entity, planted.PlantedCompany) and a.expires_on is not None
        company = as_company(entity, factory)
        brand = dict(a.extra)["品牌名称"]
        insert_planted(
            rng, rows, [_putian_row(company, brand, a.name, a.reason, a.authority, a.listed_on, a.expires_on)]
        )
    rows.sort(key=lambda row: str(row[6]), reverse=True)
    return Table(PUTIAN_COLUMNS, [(i, *row[1:]) for i, row in enumerate(rows, 1)])


def _putian_row(
    company: Company, brand: str, name: str, title: str, authority: str, listed: date, end: date
) -> tuple[Cell, ...]:
    return (
        0,
        brand,
        name,
        company.uscc,
        title,
        authority,
        listed.isoformat(),
        end.isoformat(),
        company.county.name,
    )
