"""What makes a neighbourhood suit a new Buurtcirkel (phase Onderzoek: "analysing which
neighbourhoods suit a Buurtcirkel", +Vijf). A Buurtcirkel is for residents who live on their
own and need some support, older people most of all; care workers' signals of loneliness show
where they are; and one Buurtcirkel in a neighbourhood is enough to start with."""

from __future__ import annotations

from kring.core.methodology import Measure, NeighbourhoodCriterion, Phrase

CRITERIA = [
    NeighbourhoodCriterion(
        key="living_alone",
        measure=Measure.share_single_households,
        weight=3,
        title=Phrase(en="Single-person households", nl="Eenpersoonshuishoudens"),
        because=Phrase(
            en="a Buurtcirkel brings together residents who live on their own",
            nl="een Buurtcirkel brengt bewoners samen die alleen wonen",
        ),
    ),
    NeighbourhoodCriterion(
        key="older_residents",
        measure=Measure.share_65_plus,
        weight=3,
        title=Phrase(en="Residents aged 65+", nl="Inwoners van 65+"),
        because=Phrase(
            en="many single elderly people look for a network nearby",
            nl="veel alleenstaande ouderen zoeken een netwerk dichtbij",
        ),
    ),
    NeighbourhoodCriterion(
        key="signals",
        measure=Measure.signals,
        weight=2,
        title=Phrase(en="Loneliness signals", nl="Signalen van eenzaamheid"),
        because=Phrase(
            en="care workers already signal loneliness here",
            nl="zorgverleners signaleren hier al eenzaamheid",
        ),
    ),
    NeighbourhoodCriterion(
        key="no_buurtcirkel",
        measure=Measure.no_circle,
        weight=3,
        title=Phrase(en="No Buurtcirkel yet", nl="Nog geen Buurtcirkel"),
        because=Phrase(
            en="a new Buurtcirkel reaches most where none runs yet",
            nl="een nieuwe Buurtcirkel bereikt het meest waar er nog geen is",
        ),
    ),
    NeighbourhoodCriterion(
        key="lower_income",
        measure=Measure.average_income,
        weight=1,
        higher_is_better=False,
        title=Phrase(en="Lower income", nl="Lager inkomen"),
        because=Phrase(
            en="with less money, fewer residents pay for company or help",
            nl="met minder geld kopen bewoners minder gezelschap of hulp in",
        ),
    ),
]
