"""Where a new Buurtkring suits (after KeyRing): vulnerable residents who live on their own in
an ordinary neighbourhood, often on a low income, with a volunteer living nearby; a second
Buurtkring beside a running one reaches fewer new people."""

from __future__ import annotations

from kring.core.methodology import Measure, NeighbourhoodCriterion, Phrase

CRITERIA = [
    NeighbourhoodCriterion(
        key="living_alone",
        measure=Measure.share_single_households,
        weight=3,
        title=Phrase(en="Single-person households", nl="Eenpersoonshuishoudens"),
        because=Phrase(
            en="a Buurtkring connects residents who live on their own",
            nl="een Buurtkring verbindt bewoners die zelfstandig alleen wonen",
        ),
    ),
    NeighbourhoodCriterion(
        key="lower_income",
        measure=Measure.average_income,
        weight=2,
        higher_is_better=False,
        title=Phrase(en="Lower income", nl="Lager inkomen"),
        because=Phrase(
            en="vulnerable residents more often live where incomes are low",
            nl="kwetsbare bewoners wonen vaker waar de inkomens laag zijn",
        ),
    ),
    NeighbourhoodCriterion(
        key="signals",
        measure=Measure.signals,
        weight=1,
        title=Phrase(en="Signals", nl="Signalen"),
        because=Phrase(
            en="partners already see residents who need a network",
            nl="partners zien hier al bewoners die een netwerk nodig hebben",
        ),
    ),
    NeighbourhoodCriterion(
        key="no_buurtkring",
        measure=Measure.no_circle,
        weight=2,
        title=Phrase(en="No Buurtkring yet", nl="Nog geen Buurtkring"),
        because=Phrase(
            en="a new Buurtkring reaches most where none runs yet",
            nl="een nieuwe Buurtkring bereikt het meest waar er nog geen is",
        ),
    ),
]
