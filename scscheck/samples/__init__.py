"""Fictional sample snapshots of nine published lists, and large SPC-shaped snapshots for benchmarks.

Everything this package makes is FICTIONAL: made-up names, organization codes that all begin with
``WX`` (see :mod:`scscheck.samples.codes`), masked ID numbers with valid check digits. The hand-planted
showcase entities are catalogued in :mod:`scscheck.samples.planted`.

``python -m scscheck.samples`` regenerates ``registries/samples``; ``python -m scscheck.samples stream
--rows N --out FILE.csv.gz`` streams a big SPC-shaped snapshot.
"""

from scscheck.samples.generate import generate_all
from scscheck.samples.seed import DEFAULT_SEED
from scscheck.samples.spc import iter_spc_rows, write_spc_snapshot

__all__ = ["DEFAULT_SEED", "generate_all", "iter_spc_rows", "write_spc_snapshot"]
