"""Romanized forms of Han names, for queries written in Latin letters (Anqing Huayu Trading Co., Ltd.).

A name's key is its toneless Hanyu Pinyin in capitals without spaces (华宇 -> HUAYU). Each character takes
its most common reading from pypinyin's dictionary through one translation table, so keys cost about a
microsecond per name at sync; polyphonic phrases are not resolved, which is why a match found through
pinyin is only ever a possible match (homophones such as 华宇 and 华禹 share a key anyway).
"""

import re
import unicodedata
from functools import cache

_LATIN_WORD = re.compile(r"[A-Z0-9]+")


# Characters whose first reading in pypinyin's dictionary is not the one names use (长城 CHANGCHENG, 成都
# CHENGDU, 西藏 XIZANG, 佛山 FOSHAN, 厦门 XIAMEN, 朝阳 CHAOYANG).
_NAME_READINGS = {"长": "CHANG", "都": "DU", "藏": "ZANG", "佛": "FO", "厦": "XIA", "朝": "CHAO", "什": "SHI",
                  "蚌": "BENG", "漯": "LUO"}


_TONELESS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuuuuuunnnm")


class _Readings(dict[int, str]):
    """Character -> key, filled on first use of each character, so a check pays only for loading the
    dictionary, not for converting 40,000 entries."""

    def __init__(self, readings: dict[int, str]) -> None:
        super().__init__({ord(c): reading for c, reading in _NAME_READINGS.items()})
        self.readings = readings

    def __missing__(self, point: int) -> str:
        reading = self.readings[point]  # KeyError: not Han, left as it is by str.translate
        key = reading.split(",")[0].translate(_TONELESS).upper()
        self[point] = key
        return key


@cache
def _table() -> _Readings:
    return _Readings(_pinyin_dict())


def _pinyin_dict() -> dict[int, str]:
    """pypinyin's character dictionary. Importing `pypinyin.pinyin_dict` runs the package's __init__, which
    loads its phrase dictionaries too (about 180 ms); the character table alone is one plain module, read
    directly from the installed package (about 25 ms), with the normal import as the fallback."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    if spec and spec.origin:
        path = Path(spec.origin).parent / "pinyin_dict.py"
        module_spec = importlib.util.spec_from_file_location("scscheck._pinyin_dict", path)
        if path.is_file() and module_spec and module_spec.loader:
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            return dict(module.pinyin_dict)
    from pypinyin.pinyin_dict import pinyin_dict

    return dict(pinyin_dict)


def pinyin(text: str) -> str:
    """The key of a Han (or mixed) name: `华宇` -> `HUAYU`, `吕梁` -> `LULIANG`; Latin letters and digits kept,
    anything else dropped."""
    return "".join(_LATIN_WORD.findall(text.upper().translate(_table())))


# Family names whose reading as a family name is not the character's first reading.
_SURNAME_READINGS = {
    "曾": "ZENG", "单": "SHAN", "解": "XIE", "翟": "ZHAI", "查": "ZHA", "区": "OU", "朴": "PIAO", "仇": "QIU",
    "覃": "QIN", "缪": "MIAO", "盖": "GE", "乐": "YUE", "员": "YUN", "秘": "BI", "召": "SHAO", "隗": "WEI",
    "柏": "BAI", "蔚": "YU", "都": "DU", "华": "HUA", "任": "REN", "沈": "SHEN", "石": "SHI", "车": "CHE",
}
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
                      "司徒", "夏侯", "澹台", "单于", "呼延", "端木", "万俟", "轩辕")


def person_pinyin(name: str) -> str:
    """The key of a person's name: the family name read as a family name (曾伟 -> ZENGWEI, 单于 -> CHANYU)."""
    if name.startswith("单于"):
        return "CHANYU" + pinyin(name[2:])
    if name.startswith(_COMPOUND_SURNAMES):
        return pinyin(name)
    if name[:1] in _SURNAME_READINGS:
        return _SURNAME_READINGS[name[0]] + pinyin(name[1:])
    return pinyin(name)


def latin_words(text: str) -> list[str]:
    """The words of a romanized name in capitals (`Anqing Huayu Trading Co., Ltd.` -> ANQING HUAYU ...);
    `Lü`/`Lv` are written U as in the keys."""
    text = unicodedata.normalize("NFKC", text).upper().replace("Ü", "U").replace("&", " AND ")
    text = text.replace("'", "").replace("\u2019", "")  # Xi'an, Lu’an: one word
    words = _LATIN_WORD.findall(text)
    return [w.replace("V", "U") if not w.isdigit() else w for w in words]


def is_latin(text: str) -> bool:
    """Whether a name is written in Latin letters (no Han characters)."""
    return not any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text) and any(
        c.isalpha() for c in text
    )
