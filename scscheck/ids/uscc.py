"""The 18-character Unified Social Credit Code (GB 32100-2015), with python-stdnum's contract.

Structure (GB 32100-2015 clause 4, figure 1): registration-authority code (1 character), entity-type
code (1), registration authority's GB/T 2260 division code (6 digits), organization code (GB 11714,
9 characters, its last one a check character), check character (mod 31, GB/T 17710). All characters
come from `0-9A-HJ-NPQRTUWXY` (no I, O, S, V, Z).

`stdnum.cn.uscc` (2.2) requires the first 8 characters to be digits, so it rejects every code issued by
an authority whose code is a letter (A, G, J, N, Q, Y). It does not check the organization code's own
check character. This module accepts those authorities and checks both check characters.

Fictional examples (organization-code bodies starting with WX):

>>> validate('91340800WX000002X7')
'91340800WX000002X7'
>>> validate('A1110000WX0000046X')  # a military public institution (中央军委改革和编制办公室)
'A1110000WX0000046X'
>>> validate('N2340800WX0000054C')  # a village-level collective economic organization (农业)
'N2340800WX0000054C'
>>> validate('Y1340800WX00000622')  # another registration authority (其他)
'Y1340800WX00000622'
>>> validate('A1110000600037341L')  # stdnum says InvalidFormat; the authority is fine, the check is not
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('01340800WX000002X7')  # no authority has code 0
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid or unknown.
>>> org_code('91340800WX000002X7')
'WX000002X'
>>> division('91340800WX000002X7')
'340800'
"""

from scscheck.ids import orgcode

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_DIGITS = frozenset("0123456789")

# Registration-authority codes (character 1). GB 32100-2015 table 1 assigned 1 机构编制, 5 民政, 9 工商
# and Y 其他; clause 4 lets the code be a digit or an upper-case letter because more authorities were
# expected, and the national code centre (全国组织机构统一社会信用代码数据服务中心) has since assigned
# 2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会, A 中央军委改革和编制办公室, N 农业, and later
# G 公安 (foreign NGO representative offices), J 住房城乡建设 (owners' assemblies), Q 侨联. The later
# assignments come from the code centre's published table as reproduced in several implementations,
# not from the 2015 text itself; 0 has never been assigned.
AUTHORITIES = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商",
    "A": "中央军委改革和编制办公室",
    "G": "公安",
    "J": "住房城乡建设",
    "N": "农业",
    "Q": "侨联",
    "Y": "其他",
}
# The entity type (character 2) is not checked against the per-authority table: that table keeps
# growing (the 55 of 基层群众性自治组织 residents' and villagers' committees, for one, is not in the 2015
# table), and rejecting a real code would hide a listed entity. Every type ever assigned is a digit, so a
# letter there is rejected, as stdnum does.


def compact(number: str) -> str:
    """Strip spaces and hyphens, upper-case: stdnum's compact, with a fast path for ASCII (it runs for every
    row of a national list, and stdnum's is ten times slower)."""
    if not number.isascii():  # full-width digits and other forms: stdnum's own reading of them
        from stdnum.cn import uscc as _uscc

        return str(_uscc.compact(number))
    return number.replace(" ", "").replace("-", "").upper().strip()


def calc_check_digit(number: str) -> str:
    """The GB 32100 check character (mod 31) of the first 17 characters (as stdnum)."""
    from stdnum.cn import uscc as _uscc

    return _uscc.calc_check_digit(number)


def validate(number: str) -> str:
    """Check length, characters, authority and entity type, and both check characters; return the compact form.

    Raises stdnum's InvalidLength, InvalidFormat, InvalidComponent or InvalidChecksum.
    """
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

    number = compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if any(c not in ALPHABET for c in number) or any(c not in _DIGITS for c in number[2:8]):
        raise InvalidFormat()
    if number[0] not in AUTHORITIES or number[1] not in _DIGITS:
        raise InvalidComponent()
    if calc_check_digit(number[:17]) != number[17]:
        raise InvalidChecksum()
    # The embedded organization code carries its own GB 11714 check character. The mod 31 character
    # above already catches any single error; this one rejects codes whose organization code was
    # invented or mistyped before the outer check character was computed.
    if orgcode.calc_check_digit(number[8:16]) != number[16]:
        raise InvalidChecksum("The organization code's check character is invalid.")
    return number


def is_valid(number: str) -> bool:
    """Whether the number is a valid USCC."""
    from stdnum.exceptions import ValidationError

    try:
        return bool(validate(number))
    except ValidationError:
        return False


def format(number: str) -> str:
    """The published form, which has no separators (as stdnum)."""
    return compact(number)


def org_code(number: str) -> str:
    """The organization code embedded in a USCC: characters 9-17."""
    return compact(number)[8:17]


def division(number: str) -> str:
    """The GB 2260 division code embedded in a USCC: characters 3-8."""
    return compact(number)[2:8]
