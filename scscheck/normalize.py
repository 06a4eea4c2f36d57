"""Name normalisation: the form in which two spellings of one name compare equal.

Issue-2 depth: NFKC (full-width letters, digits and brackets), traditional to simplified (OpenCC),
whitespace removed, every bracket form unified to ASCII parentheses, Latin letters upper-cased.
"""

import re
import unicodedata
from functools import cache
from typing import Any

from scscheck.text import INVISIBLE

_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")"})
_SPACE = re.compile(r"\s+")


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
