"""How well a listing matches a counterparty: a score in [0, 1] with the fields that agreed and differed.

Scores start from the strength of the method (an identifier, an exact name, the same name parts, a
romanized key) and lose weight for each part that is unknown or differs; a part that contradicts (another
city named in both names, another industry, another ID number) excludes the listing outright. The
thresholds turn scores into effects; some matches are never more than `review` whatever their score: a
person's name without an ID, and anything found only through pinyin.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scscheck import names, normalize, regions
from scscheck.counterparty import Counterparty
from scscheck.ids import ric, uscc


@dataclass(frozen=True)
class Thresholds:
    """Score needed for a match to count as `listed` (or `linked`) and for it to be reported at all
    (`review`). Defaults: 0.90 and 0.60."""

    listed: float = 0.90
    review: float = 0.60


# Starting scores by method, and what each unknown or differing part costs.
EXACT_NAME = 1.0
SAME_PARTS = 0.95
ROMANIZED = 0.85
PERSON_NAME_ONLY = 0.70
REP_NAME_AND_REGION = 0.90
REP_NAME_ONLY = 0.70
_UNKNOWN_REGION = 0.15
_DIFFERENT_REGION = 0.30
_UNKNOWN_INDUSTRY = 0.15
_NARROWER_INDUSTRY = 0.30
_UNKNOWN_FORM = 0.05
_DIFFERENT_FORM = 0.10
_DIFFERENT_BRANCH = 0.20


@dataclass
class Match:
    """How a listing matched: method (uscc | org_code | name | romanized-name | legal-rep), score, the
    fields that agreed and differed. `capped`: at most `review` whatever the score."""

    method: str
    score: float
    agreed: list[str]
    differed: list[str] = field(default_factory=list)
    capped: bool = False

    def strong(self, thresholds: Thresholds) -> bool:
        """Whether the match is strong enough to list (or link) on."""
        return not self.capped and self.score >= thresholds.listed - 1e-9


@dataclass(frozen=True)
class Query:
    """A counterparty prepared for matching: its name read into parts, its codes and its region."""

    counterparty: Counterparty
    name_norm: str | None
    parts: names.NameParts | None
    company: names.NameParts | None  # the name read as an organization's (None for a romanized person's)
    codes: frozenset[str]
    region: str | None  # named in the counterparty's name or USCC

    @classmethod
    def of(cls, cp: Counterparty) -> "Query":
        """Prepare a counterparty; a name in Latin letters is read as romanized."""
        from scscheck import romanize

        parts = company = None
        name_norm = normalize.name(cp.name) if cp.name else None
        if cp.name and name_norm:
            if romanize.is_latin(cp.name):
                parts = names.parse_latin(cp.name)
                company = None if parts.person_like else parts
            else:
                parts, company = names.parse(name_norm), names.parse_company(name_norm)
        codes = {cp.uscc, uscc.org_code(cp.uscc)} if cp.uscc and len(cp.uscc) == 18 else {cp.uscc}
        region = regions.narrower(company.region if company else None, _code_region(cp.uscc))
        return cls(cp, name_norm, parts, company, frozenset(c for c in codes if c), region)

    @property
    def person_like(self) -> bool:
        """Whether the name may be a person's: short and without a legal form (张伟), dotted (阿依古丽·买买提),
        or a run of Han characters with no place, industry or form to make it a company's (阿依古丽买买提)."""
        if self.parts is None or self.parts.romanized:
            return bool(self.parts and self.parts.person_like)
        company = self.company
        return self.parts.person_like or (
            company is not None and not (company.region or company.industries or company.form or company.branch)
        )

    @property
    def romanized(self) -> bool:
        """Whether the name was written in Latin letters."""
        return bool(self.parts and self.parts.romanized)

    def name_keys(self) -> list[str]:
        """Keys to look up in the name index (Han names) or the pinyin index (romanized names)."""
        if not self.parts or not self.name_norm:
            return []
        if self.parts.romanized:
            keys = [self.parts.trade] if self.parts.trade else []
            if self.parts.person_like:
                keys += names.person_keys_latin(self.parts)
            return list(dict.fromkeys(keys))
        han = [self.parts.key, self.company.key if self.company else "", names.key(self.name_norm, "person")]
        return list(dict.fromkeys(k for k in han if k))


def _code_region(code: str | None) -> str | None:
    """The division inside an 18-character USCC, when it is a known one."""
    if code and len(code) == 18 and regions.is_known(uscc.division(code)):
        return uscc.division(code)
    return None


def listing_region(row: Mapping[str, Any], parts: names.NameParts | None) -> tuple[str | None, bool]:
    """A listing's region and whether it is strong evidence: the name's or the USCC's region is; the
    row's region column (for national lists often the court's province) is not."""
    if parts and parts.region:
        return parts.region, True
    if code := _code_region(row.get("uscc")):
        return code, True
    return row.get("region"), False


def company_name(query: Query, row: Mapping[str, Any]) -> Match | None:
    """A company (or organization) listing against the counterparty's name, or None if it is another."""
    mine = query.company
    if mine is None or query.name_norm is None:
        return None
    theirs = names.parse_company(row["name_norm"])
    row_codes = {row.get("uscc"), row.get("org_code")} - {None}
    if query.codes and row_codes and not query.codes & row_codes:
        return None  # the same name under another code: another company
    exact = not mine.romanized and row["name_norm"] == query.name_norm
    if mine.romanized:
        if names.pinyin_key(theirs.trade) != mine.trade:
            return None
        match = Match("romanized-name", ROMANIZED, ["trade_name"], capped=True)
    elif exact:
        match = Match("name", EXACT_NAME, ["name"])
    elif theirs.trade == mine.trade:
        match = Match("name", SAME_PARTS, ["trade_name"])
    else:
        return None
    if not exact and not _compare_parts(match, mine, theirs):
        return None
    if not _compare_region(match, query, theirs, row, unknown_costs=not exact):
        return None
    if not (mine.industries or mine.form or mine.branch):
        match.capped = True  # a bare name (张伟, 安庆市张伟, 华宇): a place or an equal text does not say what it names
    return _rounded(match)


def _compare_parts(match: Match, mine: names.NameParts, theirs: names.NameParts) -> bool:
    """Industry, legal form and branch; False when the industries contradict."""
    their_industry = theirs.industry
    if mine.industries and their_industry:
        if their_industry in mine.industries:
            match.agreed.append("industry")
        elif any(their_industry.endswith(i) or i.endswith(their_industry) for i in mine.industries):
            match.differed.append("industry")  # 网络科技 / 科技: perhaps the same company, perhaps not
            match.score -= _NARROWER_INDUSTRY
        else:
            return False
    elif mine.industries or their_industry:
        match.score -= _UNKNOWN_INDUSTRY
    if not mine.romanized:
        if mine.form and theirs.form:
            if mine.form == theirs.form:
                match.agreed.append("form")
            else:
                match.differed.append("form")
                match.score -= _DIFFERENT_FORM
        elif mine.form or theirs.form:
            match.score -= _UNKNOWN_FORM
    if (mine.branch is None) != (theirs.branch is None) or (
        not mine.romanized and mine.branch != theirs.branch
    ):
        match.differed.append("branch")
        match.score -= _DIFFERENT_BRANCH
    return True


def _compare_region(match: Match, query: Query, theirs: names.NameParts, row: Mapping[str, Any],
                    unknown_costs: bool) -> bool:
    """Compare where the two are registered; False when they are in different places.

    Strong evidence is a region in the name or in the USCC; a strong region that differs on both sides
    excludes (another city), and so does the --region given against a listing's strong region when the
    counterparty's own name and code say nothing. Agreement counts fully between two names of the same
    level, or between codes; a name of another level (安徽华宇 against 合肥市华宇: two registered names), or
    agreement only with the listing's region column (for a national list often the court's province), is
    no more than an unknown region. A --region at odds with a listing's region is a difference to review."""
    mine, stated = query.region, query.counterparty.region
    their_name = theirs.region
    their_code = _code_region(row.get("uscc"))
    their_strong = their_name or their_code
    their_any = their_strong or row.get("region")
    if their_strong and (mine or stated) and not regions.compatible(mine or stated or "", their_strong):
        return False  # another city, named in the listing and in (or for) the counterparty
    if stated and their_any and not regions.compatible(stated, their_any):
        match.differed.append("region")
        match.score -= _DIFFERENT_REGION
        return True
    my_name = query.company.region if query.company else None
    if my_name and their_name:
        known = my_name == their_name
    elif (mine or stated) and their_strong:
        # compatible, by the test above; a province says too little (安徽 holds 合肥市恒通 and 安庆市恒通)
        known = regions.city_level(mine or stated or "") and regions.city_level(their_strong)
    elif (mine or stated) and their_any and not regions.compatible(mine or stated or "", their_any):
        match.differed.append("region")
        match.score -= _DIFFERENT_REGION
        return True
    else:
        known = False
    if known:
        match.agreed.append("region")
    elif unknown_costs:
        match.score -= _UNKNOWN_REGION
    return True


def person_name(query: Query, row: Mapping[str, Any]) -> Match | None:
    """A person listing against the counterparty's name (and ID number): the same name exactly, never a
    near one; an ID that disagrees on a visible digit excludes; without an ID, only a possible match."""
    assert query.parts is not None
    if query.parts.romanized:
        if not query.parts.person_like or row.get("name_pinyin") not in names.person_keys_latin(query.parts):
            return None
        match = Match("romanized-name", PERSON_NAME_ONLY, ["name"], capped=True)
    elif query.person_like and names.key(row["name_norm"], "person") == names.key(query.name_norm or "", "person"):
        match = Match("name", PERSON_NAME_ONLY, ["name"], capped=True)
    else:
        return None
    row_codes = {row.get("uscc"), row.get("org_code")} - {None}
    if query.codes and row_codes and not query.codes & row_codes:
        return None  # an individual business under another code: another one
    mine, theirs = query.counterparty.id_number, usable_id(row.get("id_number"))
    if mine and theirs:
        if not ric.compatible(mine, theirs):
            return None  # same name, another person
        if ric.corroborates(mine, theirs):  # else too little of the IDs is visible in both to tell
            match.agreed.append("id_number")
            if match.method == "name":
                match.score, match.capped = 1.0, False
    return _rounded(match)


def legal_rep(rep_id: str | None, listed_id: str | None, cp_region: str | None,
              listed_region: str | None, shared_name: bool = False) -> Match | None:
    """The counterparty's legal representative against a listed person or a listed company's legal
    representative of the same name: an agreeing ID links; the same prefecture corroborates a name, unless
    the lists show several different people of that name (`shared_name`); a name alone is only a possible
    match; a disagreeing ID excludes."""
    match = Match("legal-rep", REP_NAME_ONLY, ["legal_rep"])
    listed_id = usable_id(listed_id)
    if rep_id and listed_id and not ric.compatible(rep_id, listed_id):
        return None
    if rep_id and listed_id and ric.corroborates(rep_id, listed_id):
        match.agreed.append("id_number")
        match.score = 1.0
    elif cp_region and listed_region and regions.city_level(cp_region) and regions.city_level(listed_region):
        if regions.same_prefecture(cp_region, listed_region):
            match.agreed.append("region")
            match.score = REP_NAME_AND_REGION if not shared_name else REP_NAME_ONLY
            if shared_name:
                match.differed.append("namesakes")  # several listed people bear the name: a place says little
        else:
            match.differed.append("region")
    return match


def usable_id(id_number: str | None) -> str | None:
    """A resident ID as a list published it, if it can be compared: full or masked, 18 characters. Anything
    else (`/`, `无`, a truncated mask) says nothing, rather than contradicting every ID."""
    if id_number and (ric.is_valid(id_number) or ric.is_masked(id_number)):
        return id_number
    return None


def _rounded(match: Match) -> Match:
    match.score = round(max(0.0, min(1.0, match.score)), 2)
    return match
