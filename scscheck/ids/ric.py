"""Resident identity card numbers (GB 11643), full through python-stdnum, and masked as lists publish
them (`3423011964****3224`).

>>> is_masked('3423011964****3224')
True
>>> is_valid('34230119640517322X')
False
>>> compatible('3423011964****3224', '342301196405173224')
True
>>> compatible('3423011964****3224', '342301196505173224')
False
"""

import re

_MASKED = re.compile(r"^[0-9*]{17}[0-9X*]$")


def compact(number: str) -> str:
    """Strip whitespace, upper-case; mask characters are unified to `*`."""
    return "".join(number.split()).replace("＊", "*").replace("x", "X").upper()


def is_valid(number: str) -> bool:
    """Whether the number is a full resident ID with a valid birth date and check digit.

    Unlike `stdnum.cn.ric.validate`, the division is not required to have existed at the birth date: IDs
    are issued where the holder is registered, often long after birth, so that test rejects real IDs.
    """
    number = compact(number)
    if len(number) != 18 or not number[:17].isdigit():
        return False
    from stdnum.cn import ric as _ric  # here, not at the top: see scscheck.ids
    from stdnum.exceptions import ValidationError

    try:
        _ric.get_birth_date(number)
    except ValidationError:
        return False
    return number[17] == _ric.calc_check_digit(number)


def is_masked(number: str) -> bool:
    """Whether the number is a resident ID with some characters masked by `*`."""
    number = compact(number)
    return "*" in number and bool(_MASKED.match(number)) and number[:6].isdigit()


# Positions that must be visible in both IDs before agreement counts as the same person: the division
# (6) and 4 more, as in `340802********4561` against a full ID. Less (the division alone) says little.
MIN_SHARED = 10


def shared(a: str, b: str) -> int:
    """How many positions are visible in both (possibly masked) IDs."""
    return sum(1 for x, y in zip(compact(a), compact(b), strict=False) if "*" not in (x, y))


def corroborates(a: str, b: str) -> bool:
    """Whether two IDs agree on enough visible positions to say they are the same person: 10 in all, and
    4 of them among the month, day, sequence and check digit (positions 11-18), since a county and a year of
    birth are shared by thousands.

    >>> corroborates('3423011964****3224', '342301196405173224')
    True
    >>> corroborates('340802********4561', '34080219930715****')
    False
    >>> corroborates('3408021970********', '340802197011112785')
    False
    """
    if not compatible(a, b) or shared(a, b) < MIN_SHARED:
        return False
    return sum(1 for x, y in zip(compact(a)[10:], compact(b)[10:], strict=False) if "*" not in (x, y)) >= 4


def compatible(a: str, b: str) -> bool:
    """Whether two (possibly masked) IDs can be the same person: every position visible in both agrees."""
    a, b = compact(a), compact(b)
    if len(a) != 18 or len(b) != 18:
        return False
    return all(x == y or "*" in (x, y) for x, y in zip(a, b, strict=True))
