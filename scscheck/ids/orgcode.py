"""The 9-character organization code (GB 11714): 8 body characters and a check character.

It is characters 9-17 of a USCC, so older lists that carry only the org code can still be matched.

>>> validate('WX000002-X')
'WX000002X'
>>> format('WX000002X')
'WX000002-X'
"""

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def compact(number: str) -> str:
    """Strip separators and whitespace, upper-case."""
    return "".join(number.split()).replace("-", "").replace("－", "").upper()


def calc_check_digit(body: str) -> str:
    """The check character of an 8-character body: 11 - (weighted sum mod 11); 10 is X, 11 is 0."""
    total = sum(_ALPHABET.index(c) * w for c, w in zip(body, _WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate(number: str) -> str:
    """Check length, characters and check character; return the compact form."""
    from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

    number = compact(number)
    if len(number) != 9:
        raise InvalidLength()
    if any(c not in _ALPHABET for c in number[:8]) or number[8] not in "0123456789X":
        raise InvalidFormat()
    if calc_check_digit(number[:8]) != number[8]:
        raise InvalidChecksum()
    return number


def is_valid(number: str) -> bool:
    """Whether the number is a valid organization code."""
    from stdnum.exceptions import ValidationError

    try:
        return bool(validate(number))
    except ValidationError:
        return False


def format(number: str) -> str:
    """The published form with its hyphen: `WX000002-X`."""
    number = compact(number)
    return f"{number[:8]}-{number[8:]}"
