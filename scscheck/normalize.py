"""Name normalisation: the form in which two spellings of one name compare equal.

Issue-2 depth: NFKC (full-width letters, digits and brackets), traditional to simplified (OpenCC),
whitespace removed, every bracket form unified to ASCII parentheses, Latin letters upper-cased.
"""

import re
import unicodedata
from functools import cache
from typing import Any

from scscheck.text import INVISIBLE

_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")",
                           "•": "·", "・": "·", "‧": "·", "･": "·"})  # the middle dots of 阿依古丽·买买提
_SPACE = re.compile(r"\s+")


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


# Characters that OpenCC turns into others but that names use as they are (乾丰 is not 干丰; 於 and 麴 are
# surnames besides 于 and 曲; 昇 a name character besides 升).
_KEEP = frozenset("乾於昇麴")


def simplify(text: str) -> str:
    """Traditional to simplified Chinese through OpenCC (about 2 microseconds a name), keeping the
    characters names use as written; ASCII text is returned as is without loading OpenCC."""
    if text.isascii():
        return text
    converted = str(_t2s().convert(text))
    if len(converted) != len(text) or not _KEEP.intersection(text):
        return converted
    return "".join(o if o in _KEEP else c for o, c in zip(text, converted, strict=True))


def name(text: str) -> str:
    """The comparable form of a company or person name (`安慶市華宇貿易（有限）公司 ` -> `安庆市华宇贸易(有限)公司`)."""
    text = unicodedata.normalize("NFKC", text)
    text = INVISIBLE.sub("", _SPACE.sub("", text)).translate(_BRACKETS)
    return simplify(text).upper()
