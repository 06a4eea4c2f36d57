"""Identifier codes for fictional sample data, with valid check characters.

Conventions that keep the samples fictional:

* Every organization code made here, standalone or as characters 9-17 of a USCC, begins with the two
  characters ``WX`` (:data:`FICTIONAL_ORG_PREFIX`). Real organization codes are issued from number
  blocks per issuing office, and ``WX`` marks these as sample codes at a glance; tests assert the rule
  over every bundled sample file.
* 15-digit registration numbers (the pre-2015 工商注册号) carry ``99`` after their division code.
* Resident ID numbers are only ever published masked (``3408021985****1537``): six division digits,
  the birth year, four asterisks for month and day, then the sequence and check digit. The full number
  exists only long enough to compute its check digit.

The check-character functions are local implementations of the published algorithms (GB 32100 for the
USCC, GB 11714 for the organization code, GB 11643 for the resident ID, ISO 7064 MOD 11,10 for the
registration number), written for speed; tests assert they agree with python-stdnum.
"""

from datetime import date

FICTIONAL_ORG_PREFIX = "WX"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_RIC_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_RIC_CHECK = "10X98765432"
# Organization-code bodies are "WX" + six characters of the USCC alphabet, numbered through a
# permutation of range(31**6) so that consecutive indices give distinct, unremarkable-looking codes.
_BODY_SPACE = 31**6
_BODY_MULTIPLIER = 600_000_037  # coprime to 31, so index -> body is a bijection on the space
_BODY_OFFSET = 123_456_789


def org_check_char(body: str) -> str:
    """The GB 11714 check character of an 8-character organization-code body.

    Characters count as their base-36 value (0-9, A=10 ... Z=35); c = 11 - (weighted sum mod 11),
    where 10 is written ``X`` and 11 is written ``0``.
    """
    total = sum(int(ch, 36) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters of a USCC."""
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def ric_check_digit(first17: str) -> str:
    """The GB 11643 check digit of the first 17 digits of a resident ID number."""
    total = sum(int(ch) * w for ch, w in zip(first17, _RIC_WEIGHTS, strict=True))
    return _RIC_CHECK[total % 11]


def registration_check_digit(first14: str) -> str:
    """The ISO 7064 MOD 11,10 check digit of the first 14 digits of a registration number."""
    check = 5
    for ch in first14:
        check = (((check or 10) * 2) % 11 + int(ch)) % 10
    return str((1 - ((check or 10) * 2) % 11) % 10)


def org_body(index: int) -> str:
    """The 8-character organization-code body numbered ``index`` (0 <= index < 31**6): ``WX`` + 6."""
    if not 0 <= index < _BODY_SPACE:
        raise ValueError(f"organization-code index out of range: {index}")
    n = (index * _BODY_MULTIPLIER + _BODY_OFFSET) % _BODY_SPACE
    high, low = divmod(n, 29791)
    return FICTIONAL_ORG_PREFIX + _TRIPLES[high] + _TRIPLES[low]


def fast_org_code(index: int) -> str:
    """``org_code(org_body(index))`` for many rows, from precomputed partial sums."""
    high, low = divmod((index * _BODY_MULTIPLIER + _BODY_OFFSET) % _BODY_SPACE, 29791)
    sums = _TRIPLE_SUMS or _triple_sums()
    check = _ORG_CHECK[(_WX_SUM + sums[0][high] + sums[1][low]) % 11]
    return FICTIONAL_ORG_PREFIX + _TRIPLES[high] + _TRIPLES[low] + check


_TRIPLES = tuple(a + b + c for a in USCC_ALPHABET for b in USCC_ALPHABET for c in USCC_ALPHABET)
_WX_SUM = int("W", 36) * _ORG_WEIGHTS[0] + int("X", 36) * _ORG_WEIGHTS[1]


_ORG_CHECK = tuple("X" if 11 - r == 10 else "0" if 11 - r == 11 else str(11 - r) for r in range(11))
_TRIPLE_SUMS: list[tuple[int, ...]] = []


def _triple_sums() -> list[tuple[int, ...]]:
    """Weighted GB 11714 sums of every triple at body positions 3-5 and 6-8 (built on first use)."""
    if not _TRIPLE_SUMS:
        values = [int(ch, 36) for ch in USCC_ALPHABET]
        _TRIPLE_SUMS.append(tuple(a * 9 + b * 10 + c * 5 for a in values for b in values for c in values))
        _TRIPLE_SUMS.append(tuple(a * 8 + b * 4 + c * 2 for a in values for b in values for c in values))
    return _TRIPLE_SUMS


def org_code(body: str) -> str:
    """The 9-character organization code (no hyphen) of an 8-character body."""
    if not body.startswith(FICTIONAL_ORG_PREFIX) or len(body) != 8:
        raise ValueError(f"sample organization-code bodies are 'WX' + 6 characters, not {body!r}")
    return body + org_check_char(body)


def hyphenated(code: str) -> str:
    """The organization code as older lists publish it, with a hyphen: ``WX3K9P0A-7``."""
    return f"{code[:8]}-{code[8:]}"


def uscc(division: str, code: str, kind: str = "91") -> str:
    """The 18-character USCC of an organization: ``kind`` (9 1 = SAMR, enterprise), the 6-digit
    division code, the 9-character organization code, and the check character."""
    first17 = kind + division + code
    if len(first17) != 17:
        raise ValueError(f"bad USCC parts: {kind!r} {division!r} {code!r}")
    return first17 + uscc_check_char(first17)


_USCC_PREFIX_CACHE: dict[str, int] = {}
_USCC_TAIL_WEIGHTS = _USCC_WEIGHTS[8:]


def fast_uscc(prefix: str, code: str) -> str:
    """:func:`uscc` for many rows (``prefix`` = kind + division, 8 characters), memoizing the prefix."""
    head = _USCC_PREFIX_CACHE.get(prefix)
    if head is None:
        head = sum(_USCC_VALUE[ch] * w for ch, w in zip(prefix, _USCC_WEIGHTS, strict=False))
        _USCC_PREFIX_CACHE[prefix] = head
    v = _USCC_VALUE
    w = _USCC_TAIL_WEIGHTS
    total = (
        head + v[code[0]] * w[0] + v[code[1]] * w[1] + v[code[2]] * w[2] + v[code[3]] * w[3]
        + v[code[4]] * w[4] + v[code[5]] * w[5] + v[code[6]] * w[6] + v[code[7]] * w[7] + v[code[8]] * w[8]
    )  # fmt: skip
    return prefix + code + USCC_ALPHABET[(31 - total % 31) % 31]


def resident_id(division: str, birth: date, seq: int) -> str:
    """A full resident ID number (never published by the generator; mask it)."""
    first17 = f"{division}{birth:%Y%m%d}{seq:03d}"
    return first17 + ric_check_digit(first17)


_DIVISION_SUMS: dict[str, int] = {}
_YEAR_SUMS: dict[int, int] = {}


def _weighted(digits: str, start: int) -> int:
    """The weighted sum of ``digits`` placed at ``start`` in a resident ID."""
    return sum(int(ch) * _RIC_WEIGHTS[start + i] for i, ch in enumerate(digits))


_SEQ_TEXT = tuple(f"{n:03d}" for n in range(1000))
_SEQ_SUM = tuple(sum(int(ch) * w for ch, w in zip(t, _RIC_WEIGHTS[14:], strict=True)) for t in _SEQ_TEXT)
_MONTH_DAY_SUM = tuple(
    tuple(
        sum(int(ch) * w for ch, w in zip(f"{m:02d}{d:02d}", _RIC_WEIGHTS[10:14], strict=True))
        for d in range(32)
    )
    for m in range(13)
)


def fast_masked_resident_id(division: str, year: int, month: int, day: int, seq: int) -> str:
    """:func:`masked_resident_id` for many rows: the same result, from memoized partial sums."""
    head = _DIVISION_SUMS.get(division)
    if head is None:
        head = _DIVISION_SUMS[division] = _weighted(division, 0)
    year_sum = _YEAR_SUMS.get(year)
    if year_sum is None:
        year_sum = _YEAR_SUMS[year] = _weighted(str(year), 6)
    total = head + year_sum + _MONTH_DAY_SUM[month][day] + _SEQ_SUM[seq]
    return f"{division}{year}****{_SEQ_TEXT[seq]}{_RIC_CHECK[total % 11]}"


def mask_resident_id(full: str) -> str:
    """Mask a resident ID as publishers do: month and day replaced by ``****``."""
    return full[:10] + "****" + full[14:]


def masked_resident_id(division: str, birth: date, seq: int) -> str:
    """The masked resident ID of a person born on ``birth`` in ``division`` with sequence ``seq``."""
    return mask_resident_id(resident_id(division, birth, seq))


def registration_number(division: str, serial: int) -> str:
    """A 15-digit registration number: division, ``99``, a 6-digit serial, MOD 11,10 check digit."""
    first14 = f"{division}99{serial % 1_000_000:06d}"
    return first14 + registration_check_digit(first14)
