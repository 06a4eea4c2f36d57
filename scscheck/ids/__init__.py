"""Identifiers on the lists: one module per identifier (`uscc`, `orgcode`, `regnum`, `ric`), each with
python-stdnum's small contract (`compact`, `validate`, `is_valid`, `format`), and `classify` for a generic
identifier column."""
