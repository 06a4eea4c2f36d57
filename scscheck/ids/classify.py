"""Classify a generic published identifier column: USCC, organization code, 15-digit registration
number, full or masked resident ID."""

from dataclasses import dataclass
from typing import Literal

from scscheck.ids import orgcode, regnum, ric, uscc

Kind = Literal["uscc", "org_code", "registration_number", "id_number", "unknown"]


@dataclass(frozen=True)
class Identifier:
    """An identifier as classified: its kind and its compact value."""

    kind: Kind
    value: str


def classify(raw: str) -> Identifier:
    """Classify an identifier as published; an unrecognised or invalid value is `unknown` (kept as text)."""
    text = "".join(raw.split()).upper()
    if not text:
        return Identifier("unknown", "")
    if len(text) == 18 and uscc.is_valid(text):
        return Identifier("uscc", uscc.compact(text))
    if ric.is_masked(text):
        return Identifier("id_number", ric.compact(text))
    if len(text) == 18 and ric.is_valid(text):
        return Identifier("id_number", ric.compact(text))
    if orgcode.is_valid(text):
        return Identifier("org_code", orgcode.compact(text))
    # Only a valid check digit makes 15 digits a registration number: a first-generation 15-digit resident
    # ID has the same shape, and one that fails MOD 11,10 stays unknown (kept as text).
    if len(text) == 15 and regnum.is_valid(text):
        return Identifier("registration_number", regnum.compact(text))
    return Identifier("unknown", text)
