"""/open-data/ and /funded-projects/ in a real browser at desktop and phone sizes: they read without
sideways scrolling, link to the data files, and axe-core finds no serious or critical problem."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.test_funding_journey import Accessibility
from tests.partners.grants import every_kind

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    ("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)], ids=["desktop", "phone"]
)
def test_open_data_and_funded_projects_with_no_serious_accessibility_problem(
    open_page, postcodes, screenshot, size, viewport
):
    every_kind()
    axe = Accessibility()
    page = open_page(viewport)

    response = page.goto(reverse("open_data"))
    assert response.ok
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    expect(page.locator("#grants-json")).to_have_attribute(
        "href", f"{page.url.split('/open-data/')[0]}/funded-projects/360giving.json"
    )
    expect(page.get_by_role("contentinfo").get_by_role("link", name="Open data")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (
        f"/open-data/ scrolls sideways at {size} size"
    )
    screenshot(page, f"{size}-open-data")
    axe.check(page, f"open data ({size})")

    response = page.goto(reverse("funded_projects"))
    assert response.ok
    expect(page.locator("#funded tbody tr")).to_have_count(4)
    expect(page.get_by_role("link", name="Grants as a spreadsheet (CSV, 360Giving)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (
        f"/funded-projects/ scrolls sideways at {size} size"
    )
    screenshot(page, f"{size}-funded-projects")
    axe.check(page, f"funded projects ({size})")

    found = {name: violations for name, violations in axe.found.items() if violations}
    assert not found, "axe-core found serious or critical problems:\n" + axe.report()
