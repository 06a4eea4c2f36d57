"""Seeds: every random choice of the generator comes from a ``random.Random`` made here.

Each part of the output (one registry, the shared pool of companies, the big SPC stream) draws from its
own stream, seeded with the text ``"<seed>:<stream>"``. ``random.Random`` hashes text seeds with SHA-512,
so the streams do not depend on ``PYTHONHASHSEED``, and changing one registry's generator leaves the
others' files unchanged.
"""

import random

DEFAULT_SEED = 20261126
"""The seed of the bundled sample files."""


def stream(seed: int, name: str) -> random.Random:
    """The random generator of one named stream."""
    return random.Random(f"{seed}:{name}")
