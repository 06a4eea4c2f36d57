"""Identifier modules: doctests, agreement with python-stdnum (and where we deliberately differ), exhaustive
single-character corruption sweeps, and junk input that never raises anything but stdnum's errors."""

import contextlib
import doctest
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import exceptions
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from scscheck.ids import classify, orgcode, regnum, ric, uscc

DATA = Path(__file__).parent / "data" / "ids"

# Characters a corruption may introduce that are not in the USCC alphabet: the five excluded letters in both
# cases, punctuation, a CJK character, a full-width letter, an Arabic-Indic digit (str.isdigit() says yes), a
# tab; space and hyphen are separators, so they shorten the code instead. Full-width digits are not here:
# stdnum's compact() turns them into ASCII digits (see test_fullwidth_digits_are_digits).
OUTSIDE = ["I", "O", "S", "V", "Z", "i", "o", "s", "v", "z", "*", ".", "_", "/", "中", "Ａ", "٣", "\t", " ", "-"]
FULLWIDTH_DIGITS = "０１２３４５６７８９"

# Real codes from stdnum's list (several shapes: institution, old numeric org code, L-prefixed and MA-prefixed
# org codes, org-code check character X) and the fictional letter-authority codes below.
SWEEP_CODES = [
    "121200004013590816",
    "91110000600037341L",
    "9144030071526726XG",
    "91620105L015101280",
    "92340621MA2UK3PJXE",
    "91340800WX000002X7",
    "A1110000WX0000046X",
    "N2340800WX0000054C",
    "Y1340800WX00000622",
]


def _lines(name: str) -> list[str]:
    """The data lines of a file under tests/data/ids: comments and blank lines dropped."""
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _make_uscc(prefix: str, body: str) -> str:
    """A USCC from its first 8 characters and an 8-character org-code body, both check characters computed."""
    first17 = prefix + body + orgcode.calc_check_digit(body)
    return first17 + uscc.calc_check_digit(first17)


def _substitutions(code: str, alphabet: str) -> list[tuple[int, str]]:
    """Every single-character substitution of the code by a different character of the alphabet."""
    return [(i, code[:i] + c + code[i + 1 :]) for i in range(len(code)) for c in alphabet if c != code[i]]


def _only_validation_errors(validate: Callable[[str], str], text: str) -> None:
    """Call validate; a ValidationError is fine, anything else propagates and fails the test."""
    with contextlib.suppress(ValidationError):
        validate(text)


@pytest.mark.parametrize("module", [orgcode, regnum, ric, uscc])
def test_doctests(module: object) -> None:
    failures, attempted = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0 and attempted > 0


# --- USCC ---------------------------------------------------------------------------------------------


def test_alphabet_is_gb32100s() -> None:
    ascii_printable = [chr(n) for n in range(32, 127)]
    assert set(uscc.ALPHABET) == {c for c in ascii_printable if re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]", c)}
    assert len(uscc.ALPHABET) == 31
    assert stdnum_uscc._alphabet == uscc.ALPHABET  # the index is the character's value in the mod 31 sum


def test_stdnum_real_codes_all_valid() -> None:
    codes = _lines("stdnum_cn_uscc_valid.txt")
    assert len(codes) == 383 and len(set(codes)) == 383
    assert [c for c in codes if not uscc.is_valid(c)] == []
    assert [c for c in codes if not stdnum_uscc.is_valid(c)] == []  # the copy is faithful
    # Our stricter half: every real code's embedded organization code has a correct GB 11714 check character.
    assert all(orgcode.is_valid(uscc.org_code(c)) for c in codes)
    assert all(uscc.validate(c) == c and uscc.format(c) == c for c in codes)


@pytest.mark.parametrize("line", _lines("stdnum_cn_uscc_invalid.txt"))
def test_stdnum_invalid_codes_rejected(line: str) -> None:
    code, stdnum_error, our_error = line.split("\t")
    with pytest.raises(getattr(exceptions, stdnum_error)):
        stdnum_uscc.validate(code)
    with pytest.raises(getattr(exceptions, our_error)):
        uscc.validate(code)


def test_stdnum_invalid_letter_authority_code_only_fails_on_its_check_character() -> None:
    # stdnum rejects A1110000600037341L for its letter; GB 32100 allows A, and with the right check
    # character the same code is valid here.
    assert uscc.calc_check_digit("A1110000600037341") == "K"
    assert uscc.is_valid("A1110000600037341K")
    assert not stdnum_uscc.is_valid("A1110000600037341K")


@pytest.mark.parametrize(
    ("authority", "code"),
    [("A", "A1110000WX0000046X"), ("N", "N2340800WX0000054C"), ("Y", "Y1340800WX00000622")],
)
def test_letter_authorities_accepted(authority: str, code: str) -> None:
    assert _make_uscc(code[:8], code[8:16]) == code
    assert uscc.validate(code) == code and code[0] == authority
    assert uscc.org_code(code).startswith("WX") and orgcode.is_valid(uscc.org_code(code))
    with pytest.raises(InvalidFormat):  # what python-stdnum 2.2 says about the same code
        stdnum_uscc.validate(code)
    assert classify.classify(code.lower()) == classify.Identifier("uscc", code)


@pytest.mark.parametrize("authority", sorted(uscc.AUTHORITIES))
def test_every_assigned_authority_accepted(authority: str) -> None:
    assert uscc.is_valid(_make_uscc(authority + "1340800", "WX000010"))


@pytest.mark.parametrize("prefix", ["01", "B1", "H1", "X1", "9A", "AN"])
def test_unassigned_authority_or_letter_entity_type_rejected(prefix: str) -> None:
    code = _make_uscc(prefix + "340800", "WX000010")
    with pytest.raises(InvalidComponent):
        uscc.validate(code)


def test_embedded_org_code_check_character_verified() -> None:
    # stdnum checks only the mod 31 character; a code whose organization code is wrong but whose outer
    # check character was computed over it passes stdnum and must fail here.
    first17 = "91340800WX0000021"  # WX000002's check character is X, not 1
    code = first17 + uscc.calc_check_digit(first17)
    assert stdnum_uscc.is_valid(code)
    with pytest.raises(InvalidChecksum):
        uscc.validate(code)


@pytest.mark.parametrize("code", SWEEP_CODES)
def test_every_single_substitution_rejected(code: str) -> None:
    assert uscc.is_valid(code)
    inside = _substitutions(code, uscc.ALPHABET)
    assert len(inside) == 18 * 30  # every position, every other character of the alphabet
    for i, corrupted in inside:
        with pytest.raises(ValidationError):
            uscc.validate(corrupted)
        # The mod 31 check character alone catches it: weights 3**i mod 31 are never 0 and 31 is prime.
        assert uscc.calc_check_digit(corrupted[:17]) != corrupted[17], (i, corrupted)
    letters = "".join(c.lower() for c in uscc.ALPHABET if c.isalpha())
    lower = [(i, c) for i, c in _substitutions(code, letters) if c.upper() != code]  # m for M: same code
    assert len(lower) == 18 * 21 - sum(c.isalpha() for c in code)
    for _, corrupted in lower:
        assert not uscc.is_valid(corrupted)
    outside = _substitutions(code, "".join(OUTSIDE))
    assert len(outside) == 18 * len(OUTSIDE)
    for _, corrupted in outside:
        with pytest.raises(ValidationError):
            uscc.validate(corrupted)


def test_outside_characters_really_are_outside() -> None:
    assert all(uscc.compact(c) == "" or uscc.compact(c) not in set(uscc.ALPHABET) for c in OUTSIDE)


@pytest.mark.parametrize("code", SWEEP_CODES)
def test_fullwidth_digits_are_digits(code: str) -> None:
    # Chinese documents often use full-width digits; stdnum's compact() maps them to ASCII, so the same
    # code typed that way is valid, and a full-width digit is a corruption wherever the ASCII one would be.
    wide = "".join(FULLWIDTH_DIGITS[int(c)] if c.isdigit() else c for c in code)
    assert uscc.validate(wide) == code
    for _, corrupted in _substitutions(code, FULLWIDTH_DIGITS):
        if uscc.compact(corrupted) != code:
            assert not uscc.is_valid(corrupted)


def test_length_and_separators() -> None:
    assert uscc.validate(" 91 340800 WX000002X7 ") == "91340800WX000002X7"
    assert uscc.validate("91-340800-wx000002x7") == "91340800WX000002X7"
    for bad in ("", "91340800WX000002X", "91340800WX000002X70", "91340800WX000002-X"):
        with pytest.raises(InvalidLength):
            uscc.validate(bad)


@st.composite
def valid_usccs(draw: st.DrawFn) -> str:
    """Any valid USCC: an assigned authority, a digit entity type, any division, any org-code body."""
    authority = draw(st.sampled_from(sorted(uscc.AUTHORITIES)))
    entity_type = draw(st.sampled_from("0123456789"))
    division = draw(st.text("0123456789", min_size=6, max_size=6))
    body = draw(st.text(uscc.ALPHABET, min_size=8, max_size=8))
    return _make_uscc(authority + entity_type + division, body)


@given(valid_usccs(), st.integers(0, 17), st.sampled_from(uscc.ALPHABET + "".join(OUTSIDE)))
def test_generated_codes_valid_and_any_substitution_rejected(code: str, position: int, char: str) -> None:
    assert uscc.validate(code) == code and uscc.format(code) == code
    assert uscc.division(code) == code[2:8] and uscc.org_code(code) == code[8:17]
    if char != code[position]:
        assert not uscc.is_valid(code[:position] + char + code[position + 1 :])


@given(st.text(max_size=40) | st.text(uscc.ALPHABET + "IOSVZ -x*", min_size=15, max_size=21))
def test_validate_raises_only_validation_errors(text: str) -> None:
    for module in (uscc, orgcode, regnum):
        _only_validation_errors(module.validate, text)


# --- 15-digit registration number ---------------------------------------------------------------------

REGNUMS = ["340800000012344", "340802990000012", "110108991234564", "340826990001008"]


@pytest.mark.parametrize("number", REGNUMS)
def test_regnum_valid_and_every_single_corruption_rejected(number: str) -> None:
    assert regnum.validate(number) == number and regnum.format(number) == number
    assert regnum.calc_check_digit(number[:14]) == number[14]
    assert regnum.division(number) == number[:6]
    digits = _substitutions(number, "0123456789")
    assert len(digits) == 15 * 9
    for _, corrupted in digits:  # ISO 7064 MOD 11,10 detects every single-digit substitution
        with pytest.raises(InvalidChecksum):
            regnum.validate(corrupted)
    for _, corrupted in _substitutions(number, "AXx*.Ａ٣中\t"):
        with pytest.raises(ValidationError):
            regnum.validate(corrupted)
    for _, corrupted in _substitutions(number, FULLWIDTH_DIGITS):  # stdnum's compact() makes them ASCII
        assert regnum.is_valid(corrupted) == (regnum.compact(corrupted) == number)


@pytest.mark.parametrize("number", ["34080000001234", "3408000000123440", "", "3408000000123 4"])
def test_regnum_wrong_length_rejected(number: str) -> None:
    with pytest.raises(InvalidLength):
        regnum.validate(number)


@given(st.text("0123456789", min_size=14, max_size=14))
def test_regnum_generated_valid(first14: str) -> None:
    number = first14 + regnum.calc_check_digit(first14)
    assert regnum.is_valid(number)
    assert classify.classify(number) == classify.Identifier("registration_number", number)


# --- classify -----------------------------------------------------------------------------------------


def test_classify_each_kind() -> None:
    code = "91340800WX0000011F"
    assert classify.classify(code) == classify.Identifier("uscc", code)
    assert classify.classify("wx000002-x") == classify.Identifier("org_code", "WX000002X")
    assert classify.classify("340800000012344") == classify.Identifier("registration_number", "340800000012344")
    assert classify.classify("3423011964****3224").kind == "id_number"
    assert classify.classify("91340800WX0000011G").kind == "unknown"  # wrong check character
    assert classify.classify("").kind == "unknown"


def test_classify_15_digits_needs_the_check_digit() -> None:
    assert classify.classify("340800 00001234 4").kind == "registration_number"
    assert classify.classify("340800000012345") == classify.Identifier("unknown", "340800000012345")
    # A first-generation resident ID (division, YYMMDD, sequence) has no check digit: nine in ten fail
    # MOD 11,10 and stay text; the tenth is indistinguishable from a registration number.
    assert classify.classify("342301640517321") == classify.Identifier("unknown", "342301640517321")
    assert classify.classify("342301640517322").kind == "registration_number"


@given(st.text(max_size=40))
def test_junk_never_raises(text: str) -> None:
    classify.classify(text)
    for module in (orgcode, regnum, uscc):
        assert module.is_valid(text) in (True, False)
    assert ric.is_valid(text) in (True, False)
    assert ric.is_masked(text) in (True, False)
    ric.compatible(text, "3423011964****3224")
