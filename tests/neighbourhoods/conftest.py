from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from kring.organisations import service as organisations
from kring.testing.factories import OrganisationFactory


@pytest.fixture
def plusvijf(app: Flask, tenant: Any) -> Any:
    """An organisation of the tenant that runs Buurtcirkels."""
    organisation = OrganisationFactory(name="Zorggroep Plusvijf")
    organisations.enable(
        organisation, "buurtcirkel_nl", app.extensions["kring.plugins"].methodologies(), None
    )
    return organisation


HEADER = (
    '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";"AantalInwoners_5";'
    '"k_65JaarOfOuder_12";"HuishoudensTotaal_28";"Eenpersoonshuishoudens_29";'
    '"GemiddeldInkomenPerInwoner_72"'
)


def cbs_file(*lines: str) -> bytes:
    """A CBS-shaped file: a header and the given lines."""
    return ("\r\n".join((HEADER, *lines)) + "\r\n").encode()


GOOD = cbs_file(
    '1;"Oud-Zuid";"Dijkstad";"Wijk";"WK990101";4000;1400;2000;900;28.0',
    '2;"Nieuwland";"Dijkstad";"Wijk";"WK990102";3000;400;1300;300;36.0',
)
