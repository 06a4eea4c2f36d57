"""GB 2260 administrative divisions: code to name and name to code, from python-stdnum's table."""

import re
from functools import cache

NATIONAL = "100000"


@cache
def _table() -> dict[str, tuple[str, bool]]:
    """Map every six-digit division code to (its latest name, whether it is still in use)."""
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


def _short(name: str) -> str:
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
    code = _names().get(value)
    if code is None:
        return None, value
    return code, name_of(code)


def is_known(code: str) -> bool:
    """Whether the code is the national code or a division in the table."""
    return code == NATIONAL or code in _table()
