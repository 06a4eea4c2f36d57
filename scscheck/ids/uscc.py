"""The 18-character Unified Social Credit Code (GB 32100-2015), through python-stdnum.

>>> org_code('91340800WX000002X7')
'WX000002X'
"""

from stdnum.cn import uscc as _uscc

compact = _uscc.compact
validate = _uscc.validate
is_valid = _uscc.is_valid
format = _uscc.format


def org_code(number: str) -> str:
    """The organization code embedded in a USCC: characters 9-17."""
    return compact(number)[8:17]


def division(number: str) -> str:
    """The GB 2260 division code embedded in a USCC: characters 3-8."""
    return compact(number)[2:8]
