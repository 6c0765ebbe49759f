"""Choosing neighbourhoods (Buurtcirkel's phase Onderzoek): the criteria a methodology ranks the
neighbourhoods of a tenant by, for a new circle.

A criterion names a fact the core works out per neighbourhood (a ``Measure``: the share of
residents aged 65 and over from the imported statistics, the loneliness signals of the last year,
whether a circle of this methodology already runs there), a weight, and words. The plugin says
what matters for its methodology; the core reads the figures and scores, so every methodology
is ranked the same way and no plugin runs a query (``kring.neighbourhoods.ranking``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kring.core.methodology.words import Phrase


class Measure(enum.StrEnum):
    """The facts the core knows of a neighbourhood, each a number or unknown."""

    share_65_plus = "share_65_plus"
    """Percentage of the residents aged 65 and over (CBS ``k_65JaarOfOuder``)."""
    share_75_plus = "share_75_plus"
    """Percentage aged 75 and over, where the imported file has that column."""
    share_single_households = "share_single_households"
    """Percentage of households of one person (CBS ``Eenpersoonshuishoudens``)."""
    inhabitants = "inhabitants"
    average_income = "average_income"
    """Average income per resident in thousands of euros (CBS ``GemiddeldInkomenPerInwoner``)."""
    signals = "signals"
    """Loneliness signals about residents of the neighbourhood (by postcode) in the last year."""
    no_circle = "no_circle"
    """1 when no circle of this methodology runs there yet, else 0."""


MEASURE_WORDS: dict[Measure, Phrase] = {
    Measure.share_65_plus: Phrase(
        en="{value}% of residents are 65 or older", nl="{value}% van de inwoners is 65 of ouder"
    ),
    Measure.share_75_plus: Phrase(
        en="{value}% of residents are 75 or older", nl="{value}% van de inwoners is 75 of ouder"
    ),
    Measure.share_single_households: Phrase(
        en="{value}% of households are one person", nl="{value}% van de huishoudens is één persoon"
    ),
    Measure.inhabitants: Phrase(en="{value} residents", nl="{value} inwoners"),
    Measure.average_income: Phrase(
        en="average income {value} thousand euros per resident",
        nl="gemiddeld inkomen {value} duizend euro per inwoner",
    ),
    Measure.signals: Phrase(
        en="{value} loneliness signals in the last year",
        nl="{value} signalen van eenzaamheid in het afgelopen jaar",
    ),
    Measure.no_circle: Phrase(en="{value}", nl="{value}"),
}
"""How the core says a fact's value (``no_circle`` is said by ``NO_CIRCLE_WORDS``)."""

NO_CIRCLE_WORDS = (
    Phrase(en="a {circle} already runs here", nl="hier loopt al een {circle}"),
    Phrase(en="no {circle} here yet", nl="hier is nog geen {circle}"),
)
"""``{circle}`` is the methodology's word for a circle ("Buurtcirkel", "buurtteam")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NeighbourhoodCriterion:
    """One reason a neighbourhood suits a new circle: a fact, whether more of it is better,
    how much it weighs against the others, and words for the ranking's columns and its why."""

    key: str
    measure: Measure
    weight: float
    title: Phrase
    because: Phrase
    """Why this matters to the methodology, said beside the neighbourhood's figure."""
    higher_is_better: bool = True

    def __post_init__(self) -> None:
        if not 0 < self.weight <= 10:
            raise ValueError(f"criterion {self.key!r} needs a weight above 0 and at most 10")
        if not isinstance(self.measure, Measure):
            raise ValueError(f"criterion {self.key!r} names no measure the core knows")


DEFAULT_NEIGHBOURHOOD_CRITERIA: tuple[NeighbourhoodCriterion, ...] = (
    NeighbourhoodCriterion(
        key="older_residents",
        measure=Measure.share_65_plus,
        weight=2,
        title=Phrase(en="Residents aged 65+", nl="Inwoners van 65+"),
        because=Phrase(
            en="older residents are most often alone", nl="ouderen zijn het vaakst alleen"
        ),
    ),
    NeighbourhoodCriterion(
        key="living_alone",
        measure=Measure.share_single_households,
        weight=2,
        title=Phrase(en="Single-person households", nl="Eenpersoonshuishoudens"),
        because=Phrase(
            en="people who live alone gain most from a network",
            nl="wie alleen woont, heeft het meest aan een netwerk",
        ),
    ),
    NeighbourhoodCriterion(
        key="signals",
        measure=Measure.signals,
        weight=1,
        title=Phrase(en="Loneliness signals", nl="Signalen van eenzaamheid"),
        because=Phrase(
            en="care workers already see loneliness here",
            nl="zorgverleners zien hier al eenzaamheid",
        ),
    ),
    NeighbourhoodCriterion(
        key="no_circle",
        measure=Measure.no_circle,
        weight=2,
        title=Phrase(en="No circle yet", nl="Nog geen kring"),
        because=Phrase(
            en="a second circle next to one that runs helps fewer new people",
            nl="een tweede kring naast een lopende bereikt minder nieuwe mensen",
        ),
    ),
)
"""The core's criteria, for a methodology whose plugin gives none."""
