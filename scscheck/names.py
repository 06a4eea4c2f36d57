"""Company and person names taken apart into what identifies them.

A Chinese company name is region + trade name (字号) + industry + legal form, sometimes with the region
in brackets after the trade name (华宇贸易（安庆）有限公司) and a branch after the form (…有限公司合肥分公司).
`parse` reads those parts from a name already in `normalize.name` form; `parse_latin` reads the same
parts from a romanized or English name, the trade name as a pinyin key. Listings are indexed by the
trade name (`key`) and its pinyin (`pinyin_key`), so a name written another way still finds them.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from scscheck import industries, regions, romanize

# The version of the way names are read into keys. Raise it whenever parse, key or the normalisation
# behind them changes: a cache keyed by an older version is re-keyed at its next sync.
KEYS_VERSION = 2  # 2: a bracketed place a trade name is written with is read as one (信阳食品（杭州市）)

# Legal forms, longest first, to the form they are the same as (有限责任公司 is 有限公司 written out).
_FORMS: tuple[tuple[str, str], ...] = (
    ("集团股份有限公司", "集团股份有限公司"), ("集团有限责任公司", "集团有限公司"), ("股份有限公司", "股份有限公司"),
    ("有限责任公司", "有限公司"), ("集团有限公司", "集团有限公司"), ("有限公司", "有限公司"),
    ("股份合作公司", "股份合作公司"), ("集团公司", "集团公司"), ("股份公司", "股份有限公司"), ("公司", "公司"),
    ("(特殊普通合伙)", "特殊普通合伙"), ("(有限合伙)", "有限合伙"), ("(普通合伙)", "普通合伙"),
    ("有限合伙", "有限合伙"), ("合伙企业", "合伙企业"), ("专业合作社", "合作社"),
    ("合作社", "合作社"), ("经营部", "经营部"), ("门市部", "门市部"), ("商行", "商行"), ("事务所", "事务所"),
    ("工作室", "工作室"), ("加工厂", "厂"), ("厂", "厂"), ("商店", "店"), ("店", "店"), ("中心", "中心"),
)
# Notes a list adds after a name, not part of it: (个体工商户), (已注销), (原安庆市华宇贸易有限公司).
_ANNOTATION = re.compile(r"\((?:个体工商户|个体户|个体|已注销|注销|已吊销|吊销|吊销未注销|原[^()]*)\)$")
_BRANCH = re.compile(r"(分公司|分店|分厂|分社|办事处|营业部|分部|分行|分中心)$")
_NOT_WORD = re.compile(r"[^\w()]+")  # punctuation and symbols; \w keeps Han, letters and digits
_BRACKETED = re.compile(r"\(([^()]*)\)")
_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")
# Names of the Uyghur, Kazakh, Tibetan... way: given name and father's name joined by a middle dot.
_DOTTED_PERSON = re.compile(r"^[\u4e00-\u9fff]+(?:[·•・.．‧][\u4e00-\u9fff]+)+$")

# English legal forms and filler words at the end of a romanized name.
_LATIN_FORMS: dict[tuple[str, ...], str | None] = {
    ("CO", "LTD"): "有限公司", ("COMPANY", "LIMITED"): "有限公司", ("CO", "LIMITED"): "有限公司",
    ("LIMITED", "LIABILITY", "COMPANY"): "有限公司", ("LTD",): "有限公司", ("LIMITED",): "有限公司",
    ("LLC",): "有限公司", ("JOINT", "STOCK", "CO", "LTD"): "股份有限公司", ("STOCK", "CO", "LTD"): "股份有限公司",
    ("CO", "LTD", "BY", "SHARES"): "股份有限公司", ("CORPORATION",): None, ("CORP",): None, ("INC",): None,
    ("COMPANY",): "公司", ("CO",): "公司", ("GROUP", "CO", "LTD"): "集团有限公司", ("GROUP",): "集团公司",
    ("YOUXIAN", "GONGSI"): "有限公司", ("YOUXIAN", "ZEREN", "GONGSI"): "有限公司",
    ("GUFEN", "YOUXIAN", "GONGSI"): "股份有限公司", ("GONGSI",): "公司",
}
_LATIN_FILLER = frozenset({"CITY", "PROVINCE", "COUNTY", "DISTRICT", "THE", "OF", "PRC", "CHINA"})


@dataclass(frozen=True)
class NameParts:
    """The parts of a name that identify its bearer. `romanized`: read from Latin letters, so `trade` is
    a pinyin key and `industries` the Han industries the English words may render."""

    text: str
    region: str | None = None
    trade: str = ""
    industries: tuple[str, ...] = ()
    form: str | None = None
    branch: str | None = None
    person_like: bool = False
    romanized: bool = False

    @property
    def key(self) -> str:
        """The index key: the trade name (or a person's whole name)."""
        return self.trade

    @property
    def industry(self) -> str | None:
        """The single industry of a Han name, if one was read."""
        return self.industries[0] if len(self.industries) == 1 and not self.romanized else None


@lru_cache(maxsize=65536)
def parse(norm: str) -> NameParts:
    """The parts of a name in `normalize.name` form (安庆市华宇贸易有限公司 -> 340800 / 华宇 / 贸易 / 有限公司);
    two to six Han characters without a legal form (张伟, 华宇贸易) may be a person's name, and say so."""
    text = _NOT_WORD.sub("", norm)
    if (_PERSON.match(text) or _DOTTED_PERSON.match(norm)) and not any(text.endswith(f) for f, _ in _FORMS):
        return NameParts(norm, trade=text, person_like=True)
    return parse_company(norm)


@lru_cache(maxsize=65536)
def parse_company(norm: str) -> NameParts:
    """The parts of a name read as an organization's, even when it could be a person's (华宇贸易 -> 华宇 /
    贸易): a listed company's name, and the company reading of a short query."""
    text = _NOT_WORD.sub("", norm)
    text = _ANNOTATION.sub("", text)
    rest, branch = _split_branch(text)
    rest, form = _split_form(rest)
    if rest.endswith("(集团)") and form in ("有限公司", "股份有限公司"):  # 华宇（集团）有限公司 = 华宇集团有限公司
        rest, form = rest[: -len("(集团)")], "集团" + form
    elif form in ("有限合伙", "普通合伙", "特殊普通合伙"):  # …合伙企业（有限合伙）: the partnership's word goes too
        rest = _split_form(rest)[0]
    infix_region, bracketed = None, False
    for match in _BRACKETED.finditer(rest):
        # brackets that hold a place only: 华宇贸易（安庆）, and 华宇贸易（西湖区）, a district name several
        # cities bear, which says no place but is no part of the trade name either
        code, left = regions.split_prefix(match.group(1), keep=0)
        if match.group(1) and not left:
            infix_region, bracketed = code, True
            rest = rest[: match.start()] + rest[match.end():]
            break
    prefix_region, unplaced = regions.split_prefix(rest)
    if bracketed and prefix_region and infix_region and not regions.compatible(prefix_region, infix_region):
        prefix_region = None  # 信阳食品（杭州市）: the place is in brackets, and 信阳 is the trade name
    else:
        rest = unplaced
    rest = rest.replace("(", "").replace(")", "")
    region = regions.narrower(prefix_region, infix_region)
    industry = industries.han_suffix(rest)
    if industry:
        rest = rest[: -len(industry)]
    return NameParts(norm, region, rest or (industry or ""), (industry,) if industry and rest else (), form, branch)


def _split_branch(text: str) -> tuple[str, str | None]:
    """`…有限公司合肥分公司` -> (`…有限公司`, `340100分公司`): the parent ends at its last `公司` before the
    branch, else before the place the branch is named for (`…贸易合肥分公司`); the branch's place is written
    as its code, so 合肥市分公司 and 合肥分公司 are one branch."""
    match = _BRANCH.search(text)
    if not match:
        return text, None
    head = text[: match.start()]
    cut = head.rfind("公司")
    if cut >= 0:
        parent, branch = text[: cut + 2], text[cut + 2:]
    else:
        size = next((n for n in range(min(len(head) - 1, 10), 1, -1) if regions.division_in(head[-n:])), 0)
        if not size:
            return text, None
        parent, branch = head[:-size], text[len(head) - size:]
    code, rest = regions.split_prefix(branch)
    return parent, f"{code}{rest}" if code else branch


def _split_form(text: str) -> tuple[str, str | None]:
    for written, form in _FORMS:
        if text.endswith(written) and len(text) > len(written):
            return text[: -len(written)], form
    return text, None


def key(norm: str, subject_type: str) -> str:
    """The index key of a listed name: a person's whole name, an organization's trade name."""
    if subject_type == "person":
        return _NOT_WORD.sub("", norm) or norm
    return parse_company(norm).key or norm


def pinyin_key(name_key: str, subject_type: str = "enterprise") -> str:
    """The romanized index key of a listed name's key; a person's family name is read as a family name
    (曾伟 ZENGWEI, not CENGWEI)."""
    if subject_type == "person":
        return romanize.person_pinyin(name_key)
    return romanize.pinyin(name_key)


def parse_latin(text: str) -> NameParts:
    """The parts of a romanized or English name (`Anqing Huayu Trading Co., Ltd.` -> 340800 / HUAYU /
    贸易|商贸|工贸)."""
    region = None
    written = text
    for bracketed in re.findall(r"[(（]([^()（）]*)[)）]", text):  # Huayu Trading (Anqing) Co., Ltd.
        codes = regions.by_pinyin("".join(romanize.latin_words(bracketed)))
        if codes:  # two cities may share a romanized name (TAIZHOU): then the place is not known
            region, written = (codes[0] if len(codes) == 1 else None), text.replace(bracketed, " ")
            break
    words = romanize.latin_words(written)
    branch = None
    if "BRANCH" in words:
        at = words.index("BRANCH")
        words, branch = words[:at], " ".join(words[at:])
    form: str | None = None
    for pattern, canonical in sorted(_LATIN_FORMS.items(), key=lambda item: -len(item[0])):
        if len(words) > len(pattern) and tuple(words[-len(pattern):]) == pattern:
            form, words = canonical, words[: -len(pattern)]
            break
    words = [w for w in words if w not in _LATIN_FILLER]
    while words:  # ANHUI ANQING ...: divisions first, each inside the one before
        inside = [c for c in regions.by_pinyin(words[0])
                  if region is None or (regions.contains(region, c) and c != region)]
        if not inside or len(words) == 1:
            break
        words = words[1:]
        if len(inside) > 1:  # TAIZHOU is 台州 and 泰州: the place is not known
            break
        region = inside[0]
    found: tuple[str, ...] = ()
    english = industries.english_by_words()
    for size in range(min(4, len(words) - 1), 0, -1):
        tail = tuple(words[-size:])
        if tail in english:
            found, words = english[tail], list(words[:-size])
            break
    if not found and len(words) > 1 and words[-1] in industries.by_pinyin():
        found, words = industries.by_pinyin()[words[-1]], words[:-1]
    person_like = not found and form is None and 1 < len(words) <= 3 and region is None
    return NameParts(text, region, "".join(words), found, form, branch, person_like, romanized=True)


def person_keys_latin(parts: NameParts) -> list[str]:
    """Pinyin keys a romanized person's name may have: as written, and with the family name moved first
    (Wei Zhang -> ZHANGWEI)."""
    words = romanize.latin_words(parts.text)
    keys = ["".join(words)]
    if len(words) > 1:
        keys.append(words[-1] + "".join(words[:-1]))
    return list(dict.fromkeys(keys))
