"""Identifier modules: doctests, agreement with python-stdnum, and a junk-input sweep that never raises."""

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scscheck.ids import classify, orgcode, ric, uscc


@pytest.mark.parametrize("module", [orgcode, ric, uscc])
def test_doctests(module: object) -> None:
    failures, _ = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0


def test_classify_each_kind() -> None:
    code = "91340800WX0000011F"
    assert classify.classify(code) == classify.Identifier("uscc", code)
    assert classify.classify("wx000002-x") == classify.Identifier("org_code", "WX000002X")
    assert classify.classify("340800000012345") == classify.Identifier("registration_number", "340800000012345")
    assert classify.classify("3423011964****3224").kind == "id_number"
    assert classify.classify("91340800WX0000011G").kind == "unknown"  # wrong check character
    assert classify.classify("").kind == "unknown"


@given(st.text(max_size=40))
def test_junk_never_raises(text: str) -> None:
    classify.classify(text)
    for module in (orgcode, uscc):
        assert module.is_valid(text) in (True, False)
    assert ric.is_valid(text) in (True, False)
    assert ric.is_masked(text) in (True, False)
    ric.compatible(text, "3423011964****3224")
