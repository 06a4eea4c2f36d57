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


@cache
def _table() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    table: dict[int, str] = {}
    for point, readings in pinyin_dict.items():
        reading = readings.split(",")[0].replace("ü", "v")
        plain = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
        table[point] = plain.upper().replace("V", "U")
    return table


def pinyin(text: str) -> str:
    """The key of a Han (or mixed) name: `华宇` -> `HUAYU`, `吕梁` -> `LULIANG`; Latin letters and digits kept,
    anything else dropped."""
    return "".join(_LATIN_WORD.findall(text.upper().translate(_table())))


def latin_words(text: str) -> list[str]:
    """The words of a romanized name in capitals (`Anqing Huayu Trading Co., Ltd.` -> ANQING HUAYU ...);
    `Lü`/`Lv` are written U as in the keys."""
    text = unicodedata.normalize("NFKC", text).upper().replace("Ü", "U").replace("&", " AND ")
    words = _LATIN_WORD.findall(text)
    return [w.replace("V", "U") if not w.isdigit() else w for w in words]


def is_latin(text: str) -> bool:
    """Whether a name is written in Latin letters (no Han characters)."""
    return not any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text) and any(
        c.isalpha() for c in text
    )
