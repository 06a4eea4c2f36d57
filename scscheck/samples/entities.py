"""Fictional persons and companies, made quickly and deterministically from one random generator.

A person has a name and a masked resident ID; a company has a name, a USCC whose organization code
begins with ``WX`` (see :mod:`scscheck.samples.codes`), the county it is registered in and a legal
representative. Organization codes are numbered so that no two companies made by one factory share one.
The code is written for speed (named tuples, local variables, no helper calls per character): the
benchmark snapshots make millions of these.
"""

import random
from typing import NamedTuple

from scscheck.samples import codes, names
from scscheck.samples.divisions import PREFECTURES, County, Prefecture


class Person(NamedTuple):
    """A fictional natural person as the lists publish one (``masked_id`` may be "" for a legal
    representative known only by name)."""

    name: str
    masked_id: str
    male: bool
    birth_year: int

    @property
    def gender(self) -> str:
        """男 or 女, as the SPC list prints it."""
        return "男" if self.male else "女"


class Company(NamedTuple):
    """A fictional enterprise: its usual name, codes, where it is registered and its legal rep."""

    name: str
    trade: str
    industry: str
    form: str
    uscc: str
    prefecture: Prefecture
    county: County
    founded: int
    legal_rep: Person

    @property
    def org_code(self) -> str:
        """The 9-character organization code (USCC characters 9-17), without hyphen."""
        return self.uscc[8:17]

    def variant(self, rng: random.Random) -> str:
        """The name as another list might spell it: mostly the usual name; sometimes the place as a
        bracketed infix (华宇贸易（安庆）有限公司) or without its 市."""
        roll = rng.random()
        place = self.prefecture.short
        if roll < 0.06:
            return names.bracketed_name(place, self.trade, self.industry, self.form)
        if roll < 0.12 and self.name.startswith(self.prefecture.name) and not self.prefecture.municipality:
            return names.company_name(place, self.trade, self.industry, self.form)
        return self.name


class EntityFactory:
    """Makes persons and companies; names in ``reserved_names`` / trade names in ``reserved_trades``
    (the planted showcase entities) and organization-code bodies in ``reserved_bodies`` are never made.
    With ``light_reps`` a company's legal representative gets a name but no ID number (for lists that
    publish only the name: faster)."""

    def __init__(
        self,
        rng: random.Random,
        *,
        first_org_index: int = 0,
        reserved_names: frozenset[str] = frozenset(),
        reserved_trades: frozenset[str] = frozenset(),
        reserved_bodies: frozenset[str] = frozenset(),
        light_reps: bool = False,
    ) -> None:
        self.rng = rng
        self._light_reps = light_reps
        self._next_org = first_org_index
        self._reserved_names = reserved_names
        self._reserved_trades = reserved_trades
        self._reserved_bodies = reserved_bodies
        self._prefectures = tuple(p for p in PREFECTURES for _ in range(p.weight))
        self._places: dict[str, tuple[str, ...]] = {}
        self._birthplaces: dict[tuple[str, int], tuple[str, ...]] = {}

    @property
    def reserved_trades(self) -> frozenset[str]:
        """Trade names this factory never makes (the planted ones)."""
        return self._reserved_trades

    def prefecture(self) -> Prefecture:
        """A prefecture, weighted (the demonstration cities of the samples come up more often)."""
        return self._prefectures[int(self.rng.random() * len(self._prefectures))]

    def person_name(self, male: bool) -> str:
        """A common name (not a reserved one): 张伟, 王芳 ..."""
        r = self.rng.random
        given = names.MALE_GIVEN if male else names.FEMALE_GIVEN
        surnames = names.SURNAMES
        while True:
            name = surnames[int(r() * len(surnames))] + given[int(r() * len(given))]
            if name not in self._reserved_names:
                return name

    def person(
        self,
        home: Prefecture | None = None,
        *,
        born: tuple[int, int] = (1958, 2000),
        male: bool | None = None,
    ) -> Person:
        """A person born in ``born`` (inclusive years), mostly in ``home``; about 70% men, as on the lists."""
        r = self.rng.random
        if male is None:
            male = r() < 0.7
        name = self.person_name(male)
        year = born[0] + int(r() * (born[1] - born[0] + 1))
        place = home if home is not None and r() < 0.75 else self.prefecture()
        key = (place.code, year)
        divisions = self._birthplaces.get(key)
        if divisions is None:
            divisions = self._birthplaces[key] = place.birthplaces(year)
        division = divisions[int(r() * len(divisions))]
        seq = 2 * int(r() * 500) + (1 if male else 0)
        masked = codes.fast_masked_resident_id(division, year, 1 + int(r() * 12), 1 + int(r() * 28), seq)
        return Person(name, masked, male, year)

    def org_code(self) -> str:
        """The next unused organization code (9 characters, no hyphen)."""
        reserved = self._reserved_bodies
        while True:
            code = codes.fast_org_code(self._next_org)
            self._next_org += 1
            if not reserved or code[:8] not in reserved:
                return code

    def company(
        self,
        home: Prefecture | None = None,
        *,
        industry: str | None = None,
        founded: tuple[int, int] = (1998, 2025),
    ) -> Company:
        """A company registered in ``home`` (a weighted random prefecture when None)."""
        rng = self.rng
        r = rng.random
        pref = home or self._prefectures[int(r() * len(self._prefectures))]
        county = pref.counties[int(r() * len(pref.counties))]
        trade = names.trade_name(rng, self._reserved_trades)
        if industry is None:
            industry = names.INDUSTRIES[int(r() * len(names.INDUSTRIES))]
        form = names.LEGAL_FORMS[int(r() * len(names.LEGAL_FORMS))]
        places = self._places.get(pref.code)
        if places is None:
            places = self._places[pref.code] = _place_prefixes(pref)
        place = places[int(r() * len(places))]
        if not place:  # the county as prefix: 怀宁县, 桐城市, 合肥市蜀山区
            place = county.name if not county.name.endswith("区") else pref.name + county.name
        name = f"{place}{trade}{industry}{form}"
        division = county.code if len(places) == 1 or r() < 0.6 else pref.code
        uscc = codes.fast_uscc("91" + division, self.org_code())
        year = founded[0] + int(r() * (founded[1] - founded[0] + 1))
        if self._light_reps:
            male = r() < 0.8
            rep = Person(self.person_name(male), "", male, 0)
        else:
            rep = self.person(pref, born=(1958, min(2000, year - 20)), male=r() < 0.8)
        return Company(name, trade, industry, form, uscc, pref, county, year, rep)


def _place_prefixes(pref: Prefecture) -> tuple[str, ...]:
    """Weighted place prefixes of company names: 安庆市 55%, 安庆 20%, 安徽 15%, the county ("") 10%;
    a municipality's companies always carry its name (北京市...)."""
    if pref.municipality:
        return (pref.name,)
    return (pref.name,) * 11 + (pref.short,) * 4 + (pref.province.short,) * 3 + ("",) * 2
