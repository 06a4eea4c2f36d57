"""The shared pool of fictional companies that several sample lists draw from, so that the same company
(same USCC, sometimes spelled differently) turns up on more than one list, as real offenders do.

Every list also makes companies of its own; each gets a separate block of organization-code numbers
(:func:`factory_for`), so no two companies anywhere in the samples share an organization code.
"""

import random

from scscheck.samples import planted
from scscheck.samples.divisions import PREFECTURES, Prefecture
from scscheck.samples.entities import Company, EntityFactory
from scscheck.samples.seed import stream

_BLOCK = 1_000_000


def factory_for(seed: int, name: str, block: int, *, light_reps: bool = False) -> EntityFactory:
    """An entity factory on its own random stream and its own block of organization-code numbers."""
    return EntityFactory(
        stream(seed, f"{name}-entities"),
        first_org_index=block * _BLOCK,
        reserved_names=planted.reserved_names(),
        reserved_trades=planted.reserved_trades(),
        reserved_bodies=planted.reserved_bodies(),
        light_reps=light_reps,
    )


class World:
    """Companies per prefecture (a dozen per unit of prefecture weight), made once per seed."""

    def __init__(self, seed: int) -> None:
        self.factory = factory_for(seed, "world", 0)
        self.companies: dict[str, tuple[Company, ...]] = {
            pref.code: tuple(self.factory.company(pref) for _ in range(12 * pref.weight))
            for pref in PREFECTURES
        }

    def pick(self, rng: random.Random, pref: Prefecture | None = None) -> Company:
        """A shared company of ``pref`` (of any prefecture when None)."""
        if pref is None:
            codes = [p.code for p in PREFECTURES]
            pool = self.companies[codes[int(rng.random() * len(codes))]]
        else:
            pool = self.companies[pref.code]
        return pool[int(rng.random() * len(pool))]

    def sample(self, rng: random.Random, count: int, pref: Prefecture | None = None) -> list[Company]:
        """``count`` distinct shared companies (of ``pref``, or of any prefecture)."""
        if pref is None:
            pool = [c for p in PREFECTURES for c in self.companies[p.code]]
        else:
            pool = list(self.companies[pref.code])
        return rng.sample(pool, min(count, len(pool)))
