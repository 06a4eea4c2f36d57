"""Rows shaped like the Supreme People's Court list of dishonest judgment debtors (失信被执行人名单).

The same row maker produces the bundled sample (with the planted entities mixed in) and the large
benchmark snapshots, which are streamed row by row (:func:`iter_spc_rows`, :func:`write_spc_snapshot`)
so that ten million rows take no more memory than a thousand.

Rows follow the published shape: the debtor (person or organization) with its ID column (masked resident
ID; USCC; or, on older rows, the hyphenated organization code), the executing court and its case number
(``(2019)皖08执123号``: court code 皖08 = division 340800 Anqing), the title the enforcement rests on,
the obligation, its performance, the statutory behaviour, and the dates: 立案时间 as ``20190709`` and
发布时间 as ``2019年07月13日``.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from scscheck.samples import names, planted, timeline
from scscheck.samples.divisions import Prefecture
from scscheck.samples.entities import Company, EntityFactory, Person
from scscheck.samples.seed import DEFAULT_SEED, stream

SPC_HEADER = (
    "被执行人姓名/名称",
    "被执行人类型",
    "身份证号码/组织机构代码",
    "性别",
    "年龄",
    "法定代表人或者负责人姓名",
    "执行法院",
    "省份",
    "执行依据文号",
    "立案时间",
    "案号",
    "做出执行依据单位",
    "生效法律文书确定的义务",
    "被执行人的履行情况",
    "失信被执行人行为具体情形",
    "发布时间",
)
PERSON = "自然人"
ORGANIZATION = "法人或其他组织"

BEHAVIOURS = (
    "有履行能力而拒不履行生效法律文书确定义务",
    "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
    "违反财产报告制度",
    "违反限制消费令",
    "无正当理由拒不履行执行和解协议",
)
"""The six behaviours of Article 1 of the SPC Provisions (2017) for which a debtor is listed."""
_REFUSE, _OBSTRUCT, _EVADE, _REPORT, _CONSUME, _SETTLE = BEHAVIOURS
_BEHAVIOUR_POOL = (
    (_REFUSE,) * 62
    + (_REPORT,) * 14
    + (_CONSUME,) * 5
    + (_EVADE,) * 4
    + (_OBSTRUCT,) * 2
    + (_SETTLE,) * 3
    + (f"{_REFUSE},{_REPORT}",) * 7
    + (f"{_REFUSE},{_CONSUME}",) * 3
)
_OBLIGATIONS = (
    "被告{d}于本判决生效之日起十日内偿还原告{c}借款本金{a}元及利息。",
    "{d}于本判决生效后十日内支付{c}货款{a}元，并负担案件受理费{f}元。",
    "被告{d}于本判决生效之日起十日内支付原告{c}工程款{a}元。",
    "被告{d}向原告{c}返还借款{a}元并支付逾期利息。",
    "被告{d}支付原告{c}租金{a}元及违约金。",
    "被告{d}赔偿原告{c}各项损失共计{a}元。",
)
_ARBITRATION = "被申请人{d}向申请人{c}支付欠款{a}元及违约金。"
_START = timeline.offset_of(timeline.FIRST_LISTING)
_END = timeline.offset_of(timeline.LAST_LISTING)


@dataclass(frozen=True)
class _Place:
    """What rows about one prefecture need, computed once: courts, province, creditors."""

    province: str
    short: str
    municipality: bool
    basic_courts: dict[str, tuple[str, str]]
    city_court: tuple[str, str]
    arbitration: str
    creditors: tuple[str, ...]


class SpcRows:
    """Makes SPC rows. Random rows use fresh entities from ``factory`` (with some debtors coming back
    for further cases, as on the real list); :meth:`company_row` and :meth:`person_row` list given ones."""

    def __init__(self, rng: random.Random, factory: EntityFactory) -> None:
        self.rng = rng
        self.factory = factory
        self.filed = timeline.DateTable("%Y%m%d")
        self.published = timeline.DateTable("%Y年%m月%d日")
        self._years = self.filed.years()
        self._filed_text = self.filed.texts()
        self._published_text = self.published.texts()
        self._places: dict[str, _Place] = {}
        self._recent: list[Company | tuple[Person, Prefecture]] = []
        self._recent_at = 0

    def _place(self, pref: Prefecture) -> _Place:
        place = self._places.get(pref.code)
        if place is None:
            rng = self.rng
            creditors = tuple(
                names.company_name(
                    pref.short if rng.random() < 0.5 else pref.name,
                    names.trade_name(rng, self.factory.reserved_trades),
                    names.pick(rng, names.INDUSTRIES),
                    names.pick(rng, names.LEGAL_FORMS),
                )
                if i % 3
                else self.factory.person_name(rng.random() < 0.6)
                for i in range(96)
            )
            place = _Place(
                province=pref.province.short,
                short=pref.short,
                municipality=pref.municipality,
                basic_courts={c.code: pref.court(c) for c in pref.counties},
                city_court=pref.court(),
                arbitration=f"{pref.short}仲裁委员会",
                creditors=creditors,
            )
            self._places[pref.code] = place
        return place

    # -- random rows ------------------------------------------------------------------------------

    def row(self) -> tuple[str, ...]:
        """A random row: about 60% natural persons, 40% organizations; ~8% repeat a recent debtor."""
        rng = self.rng
        debtor: Company | tuple[Person, Prefecture]
        if self._recent and rng.random() < 0.08:
            debtor = self._recent[int(rng.random() * len(self._recent))]
        elif rng.random() < 0.6:
            home = self.factory.prefecture()
            debtor = (self.factory.person(home), home)
            self._remember(debtor)
        else:
            debtor = self.factory.company()
            self._remember(debtor)
        if isinstance(debtor, Company):
            return self.company_row(debtor)
        return self.person_row(*debtor)

    def _remember(self, debtor: Company | tuple[Person, Prefecture]) -> None:
        if len(self._recent) < 512:
            self._recent.append(debtor)
        else:
            self._recent[self._recent_at] = debtor
            self._recent_at = (self._recent_at + 1) % 512

    def _listed(self, earliest: int = _START) -> int:
        start = min(max(_START, earliest), _END)
        return start + int(self.rng.random() * (_END - start + 1))

    def company_row(
        self, company: Company, listed: date | None = None, name: str | None = None
    ) -> tuple[str, ...]:
        """A row listing ``company`` (under ``name`` when given: another spelling)."""
        rng = self.rng
        if listed is None:
            day = self._listed(timeline.offset_of(date(company.founded + 1, 1, 1)))
        else:
            day = timeline.offset_of(listed)
        if self._years[day] < 2018 and company.founded < 2015 and rng.random() < 0.6:
            ident = company.org_code[:8] + "-" + company.org_code[8]
        else:
            ident = company.uscc
        return self._assemble(
            name or company.name, ORGANIZATION, ident, "", "0", company.legal_rep.name,
            company.prefecture, company.county.code, day, company.name,
        )  # fmt: skip

    def person_row(self, person: Person, home: Prefecture, listed: date | None = None) -> tuple[str, ...]:
        """A row listing a natural person living in ``home``."""
        rng = self.rng
        if listed is None:
            day = self._listed(timeline.offset_of(date(person.birth_year + 20, 1, 1)))
        else:
            day = timeline.offset_of(listed)
        age = str(self._years[day] - person.birth_year)
        county = home.counties[int(rng.random() * len(home.counties))].code
        return self._assemble(
            person.name, PERSON, person.masked_id, person.gender, age, "", home, county, day, person.name
        )

    def _assemble(
        self,
        name: str,
        kind: str,
        ident: str,
        gender: str,
        age: str,
        rep: str,
        pref: Prefecture,
        county: str,
        day: int,
        debtor: str,
    ) -> tuple[str, ...]:
        """The row: court and case number, the title enforced and its obligation, performance,
        behaviour and dates. (One long method: it runs for every row of the benchmark snapshots.)"""
        r = self.rng.random
        place = self._places.get(pref.code) or self._place(pref)
        basic = r() < 0.8
        court, code = place.basic_courts[county] if basic else place.city_court
        filed = max(day - 30 - int(r() * 330), 0)
        year = self._years[filed]
        number = 1 + int(r() * (9000 if basic else 900))
        case = f"({year}){code}{'执恢' if r() < 0.04 else '执'}{number}号"
        # the title enforced: a judgment (first instance or appeal) or an arbitral award
        basis_year = year - (1 if r() < 0.6 else 0)
        number = 1 + int(r() * 6000)
        amount = int(10 ** (3.7 + 3.0 * r())) // 100 * 100
        creditors = place.creditors
        creditor = creditors[int(r() * len(creditors))]
        roll = r()
        if roll < 0.12:
            basis_doc = f"({basis_year}){place.short}仲字第{number}号"
            basis_unit = place.arbitration
            obligation = _ARBITRATION.format(d=debtor, c=creditor, a=amount)
        else:
            template = _OBLIGATIONS[int(r() * len(_OBLIGATIONS))]
            obligation = template.format(d=debtor, c=creditor, a=amount, f=amount // 100 + 50)
            if roll < 0.27 and not place.municipality:
                basis_unit, appeal_code = place.city_court
                basis_doc = f"({basis_year}){appeal_code}民终{number // 3 + 1}号"
            else:
                basis_doc = f"({basis_year}){code}民初{number}号"
                basis_unit = court
        return (
            name, kind, ident, gender, age, rep, court, place.province, basis_doc, self._filed_text[filed],
            case, basis_unit, obligation, "全部未履行" if r() < 0.85 else "部分未履行",
            _BEHAVIOUR_POOL[int(r() * len(_BEHAVIOUR_POOL))], self._published_text[day],
        )  # fmt: skip

    # -- planted rows -----------------------------------------------------------------------------

    def planted_row(
        self, entity: planted.PlantedCompany | planted.PlantedIndividual, appearance: planted.Appearance
    ) -> tuple[str, ...]:
        """The row of one planted appearance: its published values, the rest filled in consistently."""
        extra = dict(appearance.extra)
        code = appearance.case_number[appearance.case_number.index(")") + 1 :].split("执")[0]
        day = timeline.offset_of(appearance.listed_on)
        filed = extra.get("立案时间") or self.filed(appearance.listed_on - timedelta(days=75))
        filed_year = int(filed[:4])
        debtor = entity.name
        doc, unit, obligation = self._basis_for(code, appearance.authority, filed_year, debtor)
        if isinstance(entity, planted.PlantedIndividual):
            person = entity.person
            kind, gender = PERSON, "男" if person.male else "女"
            age = str(appearance.listed_on.year - person.birth_date.year)
        else:
            kind, gender, age = ORGANIZATION, "", "0"
        return (
            appearance.name, kind, appearance.identifier, gender, age, appearance.legal_rep,
            appearance.authority, extra["省份"], extra.get("执行依据文号", doc), filed,
            appearance.case_number, extra.get("做出执行依据单位", unit),
            extra.get("生效法律文书确定的义务", obligation), extra.get("被执行人的履行情况", "全部未履行"),
            appearance.reason, self.published.offset(day),
        )  # fmt: skip

    def _basis_for(self, code: str, court: str, year: int, debtor: str) -> tuple[str, str, str]:
        rng = self.rng
        amount = int(10 ** (4.5 + 2.0 * rng.random())) // 100 * 100
        creditor = self.factory.person_name(True)
        text = _OBLIGATIONS[0].format(d=debtor, c=creditor, a=amount)
        return f"({year - 1}){code}民初{1 + int(rng.random() * 6000)}号", court, text


def iter_spc_rows(rows: int, seed: int = DEFAULT_SEED) -> Iterator[tuple[str, ...]]:
    """``rows`` random SPC-shaped rows (without the header, :data:`SPC_HEADER`), one at a time.

    Person names repeat a lot (张伟 is everywhere), company names rarely, and no two companies share an
    organization code; some debtors come back with further cases; rows listed before 2018 often carry
    only a company's organization code. Deterministic in ``seed``.
    """
    factory = EntityFactory(
        stream(seed, "spc-stream-entities"),
        first_org_index=100_000_000,
        reserved_names=planted.reserved_names(),
        reserved_trades=planted.reserved_trades(),
        reserved_bodies=planted.reserved_bodies(),
        light_reps=True,
    )
    maker = SpcRows(stream(seed, "spc-stream"), factory)
    for _ in range(rows):
        yield maker.row()


def write_spc_snapshot(path: Path, rows: int, seed: int = DEFAULT_SEED, *, compresslevel: int = 6) -> int:
    """Write an SPC-shaped snapshot of ``rows`` random rows as gzip CSV (UTF-8, ``\\n`` line endings,
    the header of the bundled sample), streaming: memory stays flat however many rows. Returns the number
    of data rows written. ``compresslevel`` 1 is faster, for a file about a quarter bigger."""
    import csv
    import gzip
    import io

    written = 0
    separators = len(SPC_HEADER) - 1
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=compresslevel) as gz,
    ):
        quoted = io.StringIO()
        writer = csv.writer(quoted, lineterminator="\n")
        writer.writerow(SPC_HEADER)
        lines: list[str] = [quoted.getvalue().removesuffix("\n")]
        for row in iter_spc_rows(rows, seed):
            line = ",".join(row)
            if line.count(",") != separators or '"' in line or "\n" in line or "\r" in line:
                quoted.seek(0)
                quoted.truncate()
                writer.writerow(row)  # a row that needs quoting: exactly as csv.writer writes it
                line = quoted.getvalue().removesuffix("\n")
            lines.append(line)
            written += 1
            if len(lines) >= 4096:
                lines.append("")
                gz.write("\n".join(lines).encode("utf-8"))
                lines.clear()
        if lines:
            lines.append("")
            gz.write("\n".join(lines).encode("utf-8"))
    return written
