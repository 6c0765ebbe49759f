"""A project leader chooses a neighbourhood for a new circle (Buurtcirkel's phase Onderzoek,
here for a Verbonden neighbourhood team): imports the CBS figures, reads the ranking and why
for the methodology chosen, and starts the circle from there, prefilled.

It starts a Verbonden team, not a second Buurtcirkel: other journeys on this live server
expect Browserdorp's one Buurtcirkel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

FIGURES = (
    '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";"AantalInwoners_5";'
    '"k_65JaarOfOuder_12";"k_75JaarOfOuder";"HuishoudensTotaal_28";"Eenpersoonshuishoudens_29";'
    '"GemiddeldInkomenPerInwoner_72"\r\n'
    '1;"Browserdorp";"Browserdorp";"Gemeente";"GM9902";7500;1860;800;3500;1460;29.0\r\n'
    '2;"Dorpskern";"Browserdorp";"Wijk";"WK990201";3000;600;240;1400;500;31.0\r\n'
    '3;"Molenwijk";"Browserdorp";"Wijk";"WK990202";2500;500;200;1100;400;33.0\r\n'
    '4;"Kerkbuurt";"Browserdorp";"Wijk";"WK990203";2000;760;360;1000;560;25.5\r\n'
)


def test_project_leader_ranks_neighbourhoods_and_starts_a_circle(
    page: Any, live_server: str, tmp_path: Path
) -> None:
    sign_in(page, live_server)
    page.get_by_role("link", name="Choosing neighbourhoods").click()
    page.get_by_role("link", name="Import CBS figures").click()
    assert_accessible(page)
    figures = tmp_path / "kwb-2025.csv"
    figures.write_text(FIGURES)
    page.get_by_label("CBS file (CSV, separated by semicolons)").set_input_files(str(figures))
    page.get_by_label("Year of the figures").fill("2025")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Figures of 3 neighbourhoods for 2025 are imported")).to_be_visible()
    # Buurtcirkel first: Kerkbuurt has most people living alone and aged 65+
    first = page.get_by_role("row").nth(1)
    expect(first.get_by_role("rowheader")).to_contain_text("Kerkbuurt")
    expect(first).to_contain_text("56% of households are one person")
    expect(page.locator("svg[role=img] title")).to_contain_text("Highest: Kerkbuurt")
    assert_accessible(page)
    page.get_by_label("Methodology").select_option(label="Connected in the Neighbourhood")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="What counts")).to_be_visible()
    first = page.get_by_role("row").nth(1)
    expect(first.get_by_role("rowheader")).to_contain_text("Kerkbuurt")
    expect(first).to_contain_text("18% of residents are 75 or older")
    # Molenwijk already has its team: last, and saying so
    last = page.get_by_role("row").last
    expect(last.get_by_role("rowheader")).to_contain_text("Molenwijk")
    expect(last).to_contain_text("a neighbourhood team already runs here")
    assert_accessible(page)
    first.get_by_role("link", name="Start a neighbourhood team here (Kerkbuurt)").click()
    # the circle form comes prefilled with the neighbourhood and the methodology
    neighbourhood = page.get_by_label("Neighbourhood", exact=True)
    expect(neighbourhood.locator("option:checked")).to_have_text("Kerkbuurt")
    chosen = page.get_by_label("Organisation and methodology").locator("option:checked")
    expect(chosen).to_have_text("Welzijn Browserdorp — Connected in the Neighbourhood")
    assert_accessible(page)
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buurtteam Kerkbuurt")
