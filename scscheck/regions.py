"""GB 2260 administrative divisions: code to name and name to code, from python-stdnum's table."""

import re
from functools import cache

NATIONAL = "100000"


@cache
def _table() -> dict[str, tuple[str, bool]]:
    """Map every six-digit division code to (its latest name, whether it is still in use).

    Parsing stdnum's table takes about 0.1 s, more than the rest of a check: the result is kept in the
    user's cache directory, keyed by the table file's size and time, and read from there (a few ms)."""
    import importlib.util
    import json
    import os
    import tempfile

    from scscheck.paths import cache_dir

    # stdnum's folder, found without importing stdnum (which imports ssl and pydoc: see scscheck.ids)
    spec = importlib.util.find_spec("stdnum")
    if spec is None or not spec.submodule_search_locations:
        return _parse()
    source = os.path.join(spec.submodule_search_locations[0], "cn", "loc.dat")
    try:
        info = os.stat(source)
    except OSError:
        return _parse()
    kept = cache_dir() / f"regions-{info.st_size}-{info.st_mtime_ns}.json"
    try:
        with open(kept, encoding="utf-8") as fh:
            return {code: (name, current) for code, (name, current) in json.load(fh).items()}
    except (OSError, ValueError, TypeError):
        pass
    table = _parse()
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=kept.parent, delete=False) as out:
            json.dump(table, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(out.name, kept)
    except OSError:  # a read-only cache directory: parse again next time
        pass
    return table


def _parse() -> dict[str, tuple[str, bool]]:
    from stdnum import numdb

    table: dict[str, tuple[str, bool]] = {}
    for _, p_low, p_high, province_props, children in numdb.get("cn/loc").prefixes:
        for prefix in _expand(p_low, p_high):
            table[f"{prefix}0000"] = _latest(province_props.get("province", ""))
            for _, low, high, props, _ in children:
                for suffix in _expand(low, high):
                    if suffix != "0000":  # the province itself, named above
                        table[prefix + suffix] = _latest(props.get("county", ""))
    return table


_VARIANT = re.compile(r"^\[(\d*)-(\d*)\](.*)$")


def _latest(names: str) -> tuple[str, bool]:
    """The table writes renamed divisions as `[1983-1999]淮阴市,[2000-]淮安市`: take the latest name, and
    whether its period is still open."""
    name, current = "", False
    for variant in names.split(","):
        match = _VARIANT.match(variant)
        name, current = (match.group(3), match.group(2) == "") if match else (variant, True)
    return name, current


def _expand(low: str, high: str) -> list[str]:
    if low == high:
        return [low]
    return [str(n).zfill(len(low)) for n in range(int(low), int(high) + 1)]


@cache
def _names() -> dict[str, str]:
    """Map division names (full and short: 安徽省 / 安徽, 安庆市 / 安庆) to codes; provinces win ties."""
    names: dict[str, str] = {}
    ordered = sorted(_table().items(), key=lambda item: (not item[0].endswith("0000"), item[0]))
    for code, (name, current) in ordered:
        if not current or not name or name in ("市辖区", "县", "省直辖县级行政区划"):
            continue
        for form in (name, _short(name)):
            names.setdefault(form, code)
    return names


# The peoples named in autonomous prefectures, so that 黔西南布依族苗族自治州 is 黔西南, not 黔西.
_ETHNIC = "朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|哈萨克|柯尔克孜"
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族)+自治[州盟]$")  # 恩施土家族苗族自治州 -> 恩施


def _short(name: str) -> str:
    if match := _AUTONOMOUS.match(name):
        return match.group(1)
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def name_of(code: str) -> str | None:
    """The division's name (`340800` -> `安庆市`), `全国` for the national code, None when unknown."""
    if code == NATIONAL:
        return "全国"
    name = _table().get(code, ("", False))[0]
    if name == "市辖区":  # the urban districts of a municipality: name the municipality
        return _table()[code[:2] + "0000"][0]
    return name or None


def resolve(value: str) -> tuple[str | None, str | None]:
    """Read a published region (a GB 2260 code or a division name) as (code, name); unknown names keep
    their text with no code."""
    value = value.strip()
    if not value:
        return None, None
    if len(value) == 6 and value.isdigit():
        return value, name_of(value)
    code = _names().get(value) or division_in(value)  # 安庆 / 安庆市, or 浙江省杭州市 written out
    if code is None:
        return None, value
    return code, name_of(code)


def is_known(code: str) -> bool:
    """Whether the code is the national code or a division in the table."""
    return code == NATIONAL or code in _table()


def level(code: str) -> int:
    """1 for a province (or the national code), 2 for a prefecture, 3 for a county."""
    if code == NATIONAL or code.endswith("0000"):
        return 1
    return 2 if code.endswith("00") else 3


def contains(outer: str, inner: str) -> bool:
    """Whether division `outer` is or contains `inner` (340000 contains 340800 and 340802)."""
    if outer == NATIONAL:
        return True
    width = 2 * level(outer)
    return inner[:width] == outer[:width]


MUNICIPALITIES = ("11", "12", "31", "50")  # Beijing, Tianjin, Shanghai, Chongqing: provinces that are cities


def city_level(code: str) -> bool:
    """Whether a division is a city or below: a prefecture, a county, or one of the four municipalities."""
    return level(code) >= 2 or (code[:2] in MUNICIPALITIES and code != NATIONAL)


def same_prefecture(a: str, b: str) -> bool:
    """Whether two divisions lie in one city: the same prefecture, or the same municipality (上海 and its
    districts). County-level cities that a province administers directly (xx90xx: 潜江, 仙桃) are each
    their own."""
    if not (city_level(a) and city_level(b)):
        return False
    if a[:2] in MUNICIPALITIES:
        return a[:2] == b[:2]
    if a[:4] != b[:4]:
        return False
    return a[2:4] != "90" or a == b


def narrower(a: str | None, b: str | None) -> str | None:
    """Of two divisions where one contains the other, the smaller (安徽 and 安庆 -> 安庆); of two that do not,
    the first; of one, that one."""
    if a and b and compatible(a, b):
        return a if level(a) >= level(b) else b
    return a or b


def compatible(a: str, b: str) -> bool:
    """Whether two divisions can be the same place: one contains the other."""
    return contains(a, b) or contains(b, a)


@cache
def _prefixes() -> dict[str, tuple[str, ...]]:
    """Names a company name may start with, to their codes: every current division's full name, and the
    short form (安庆 for 安庆市) of provinces and prefectures only; a short county name (新华 for 新华区) is
    too often a trade name to be read as a place."""
    prefixes: dict[str, list[str]] = {}
    table = _table()
    prefectures = {(code[:2], name) for code, (name, current) in table.items() if current and level(code) == 2}
    # a short name another division already bears (海南 is the province) is not an autonomous prefecture's
    taken = {_short(n) for c, (n, cur) in table.items() if cur and level(c) < 3 and not n.endswith("自治州")}
    for code, (name, current) in sorted(table.items()):
        if not current or not name or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        if code[2:4] == "90" and (code[:2], name) in prefectures:
            continue  # an old entry of a county-level city since made a prefecture (随州市 429001 is 421300)
        forms = {name}
        short = _short(name)
        if level(code) < 3 and len(short) >= 2 and not (name.endswith("自治州") and short in taken):
            forms.add(short)
            if name.endswith("自治州"):
                forms.add(short + "州")  # 恩施州
        for form in forms:
            prefixes.setdefault(form, []).append(code)
    return {name: tuple(codes) for name, codes in prefixes.items()}


def division_in(text: str) -> str | None:
    """The division a whole text names (安庆, 安庆市, 安徽安庆), or None."""
    code, rest = split_prefix(text, keep=0)
    return code if code and not rest else None


def split_prefix(text: str, keep: int = 1) -> tuple[str | None, str]:
    """Read divisions off the start of a name: `安徽省安庆市华宇贸易` -> (`340800`, `华宇贸易`). A second
    division is taken only when it lies inside the first, so a trade name that happens to be a place
    elsewhere stays in the name. A name that several unrelated divisions bear (朝阳区, 鼓楼区) is taken off
    the name, but its place stays what was read before it (None at the start)."""
    table = _prefixes()
    code: str | None = None
    while text:
        found = None
        for size in range(min(len(text) - keep, 12), 1, -1):  # longest first, leaving `keep` characters
            codes = table.get(text[:size])
            if codes is None:
                continue
            inside = [c for c in codes if code is None or (contains(code, c) and c != code)]
            if inside:
                found = (min(inside, key=level), size)  # of nested names (吉林省, 吉林市), the higher level
                if any(not compatible(a, b) for a in inside for b in inside):
                    return code, text[size:]  # 朝阳区 of Beijing or of Changchun: the place is not known
                break
        if found is None:
            break
        code, text = found[0], text[found[1]:]
    return code, text


# Place names read otherwise than their characters' usual readings.
_PLACE_READINGS = {"六安": "LUAN", "重庆": "CHONGQING"}


@cache
def _pinyin_prefixes() -> dict[str, tuple[str, ...]]:
    """Romanized names of provinces and prefectures (ANHUI, ANQING) to their codes."""
    from scscheck import romanize

    table: dict[str, list[str]] = {}
    for name, codes in _prefixes().items():
        for code in codes:
            if level(code) < 3 and name == _short(name_of(code) or ""):
                table.setdefault(_PLACE_READINGS.get(name) or romanize.pinyin(name), []).append(code)
    return {key: tuple(dict.fromkeys(codes)) for key, codes in table.items()}


def by_pinyin(word: str) -> tuple[str, ...]:
    """Divisions whose short name romanizes to the word (`ANQING` -> 340800; `TAIZHOU` -> two cities)."""
    return _pinyin_prefixes().get(word.upper(), ())
