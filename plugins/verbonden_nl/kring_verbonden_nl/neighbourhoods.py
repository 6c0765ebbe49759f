"""Where a new neighbourhood team of Verbonden in de buurt starts: it begins with residents aged
75 and over, and it is fed by home-care workers who signal loneliness, so the 75+ share and the
signals weigh most; living alone and the absence of a team count too."""

from __future__ import annotations

from kring.core.methodology import Measure, NeighbourhoodCriterion, Phrase

CRITERIA = [
    NeighbourhoodCriterion(
        key="aged_75_plus",
        measure=Measure.share_75_plus,
        weight=3,
        title=Phrase(en="Residents aged 75+", nl="Inwoners van 75+"),
        because=Phrase(
            en="Verbonden in de buurt starts with residents aged 75 and over",
            nl="Verbonden in de buurt begint bij inwoners van 75 jaar en ouder",
        ),
    ),
    NeighbourhoodCriterion(
        key="signals",
        measure=Measure.signals,
        weight=3,
        title=Phrase(en="Loneliness signals", nl="Signalen van eenzaamheid"),
        because=Phrase(
            en="home-care workers already signal loneliness here",
            nl="medewerkers thuiszorg signaleren hier al eenzaamheid",
        ),
    ),
    NeighbourhoodCriterion(
        key="living_alone",
        measure=Measure.share_single_households,
        weight=1,
        title=Phrase(en="Single-person households", nl="Eenpersoonshuishoudens"),
        because=Phrase(
            en="loneliness is most common among people who live alone",
            nl="eenzaamheid komt het meest voor bij wie alleen woont",
        ),
    ),
    NeighbourhoodCriterion(
        key="no_team",
        measure=Measure.no_circle,
        weight=2,
        title=Phrase(en="No neighbourhood team yet", nl="Nog geen buurtteam"),
        because=Phrase(
            en="a neighbourhood without a team has no one to take up signals",
            nl="een buurt zonder team heeft niemand die signalen oppakt",
        ),
    ),
]
