"""The 15-digit business registration number (工商注册号, GS 15-2006), with python-stdnum's contract.

Before the USCC (2015-2017) market entities were identified by this number; older lists still carry it.
It is the 6-digit code of the first registration authority (the GB/T 2260 division of a local
administration for industry and commerce), an 8-digit sequence, and a check digit computed with
ISO 7064 MOD 11,10.

Fictional examples:

>>> validate('340800 00001234 4')
'340800000012344'
>>> validate('340800000012345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('34080000001234')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> calc_check_digit('34080299000001')
'2'
>>> format(' 340802-99000001-2 ')
'340802990000012'
>>> division('340802990000012')
'340802'
"""

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.iso7064 import mod_11_10
from stdnum.util import clean

_DIGITS = frozenset("0123456789")


def compact(number: str) -> str:
    """Strip spaces and hyphens and surrounding whitespace."""
    return clean(number, " -").strip()


def calc_check_digit(number: str) -> str:
    """The ISO 7064 MOD 11,10 check digit of the first 14 digits."""
    return mod_11_10.calc_check_digit(compact(number)[:14])


def validate(number: str) -> str:
    """Check length, digits and check digit; return the compact form.

    Raises stdnum's InvalidLength, InvalidFormat or InvalidChecksum.
    """
    number = compact(number)
    if len(number) != 15:
        raise InvalidLength()
    # An explicit ASCII set, because str.isdigit() and int() also accept other scripts' digits.
    if any(c not in _DIGITS for c in number):
        raise InvalidFormat()
    if calc_check_digit(number) != number[14]:
        raise InvalidChecksum()
    return number


def is_valid(number: str) -> bool:
    """Whether the number is a valid 15-digit registration number."""
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def format(number: str) -> str:
    """The published form: licences print the 15 digits without separators."""
    return compact(number)


def division(number: str) -> str:
    """The code of the first registration authority: characters 1-6, normally a GB/T 2260 division."""
    return compact(number)[:6]
