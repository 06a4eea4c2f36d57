"""Identifiers on the lists: one module per identifier (`uscc`, `orgcode`, `regnum`, `ric`), each with
python-stdnum's small contract (`compact`, `validate`, `is_valid`, `format`), and `classify` for a generic
identifier column.

`uscc`, `orgcode` and `ric` import stdnum inside the functions that validate, not at the top: importing
stdnum imports ssl and pydoc (about 12 ms), and a check by name uses only their string functions
(`org_code`, `division`, `compatible`), not the validators."""
