"""Name normalisation: the form in which two spellings of one name compare equal.

Issue-2 depth: NFKC (full-width letters, digits and brackets), traditional to simplified (OpenCC),
whitespace removed, every bracket form unified to ASCII parentheses, Latin letters upper-cased.
"""

import re
import unicodedata
from functools import cache
from typing import Any

_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")"})
_SPACE = re.compile(r"\s+")
# Characters a reader does not see: controls, bidirectional controls, zero-width spaces and joiners, soft
# hyphens, byte-order marks, variation selectors. A name pasted with one must still compare equal.
INVISIBLE = re.compile(
    "[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u00ad\\u034f\\u115f\\u1160"
    "\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200d\\u2060-\\u2065\\u206a-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0"
    "\\U000e0000-\\U000e0fff]"
)


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplify(text: str) -> str:
    """Traditional to simplified Chinese; ASCII text is returned as is without loading OpenCC."""
    if text.isascii():
        return text
    return str(_t2s().convert(text))


def name(text: str) -> str:
    """The comparable form of a company or person name (`安慶市華宇貿易（有限）公司 ` -> `安庆市华宇贸易(有限)公司`)."""
    text = unicodedata.normalize("NFKC", text)
    text = INVISIBLE.sub("", _SPACE.sub("", text)).translate(_BRACKETS)
    return simplify(text).upper()
