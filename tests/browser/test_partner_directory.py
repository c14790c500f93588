"""The partner directory on a phone, in a real browser: search, filter, reach a partner; axe-core
finds no serious problem and nothing scrolls sideways."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from activities.factories import ActivityPageFactory
from activities.models import Category
from partners.factories import PartnerPageFactory
from partners.models import Locality

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows
    # (page tree, localities, categories) that each test's flush removes. See conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def partners(postcodes):
    """Two choirs with similar names, in different areas and doing different things, and a club."""
    kirklees, wakefield = Locality.objects.get(slug="kirklees"), Locality.objects.get(slug="wakefield")
    singing, crafts, walking = (Category.objects.get(slug=slug) for slug in ("singing", "crafts", "walking"))
    choir = PartnerPageFactory(
        title="Holme Valley Choir",
        slug="holme-valley-choir",
        home=kirklees,
        address="Parish Hall\nHolmfirth",
        mental_health_friendly=True,
    )
    other_choir = PartnerPageFactory(title="Holme Valley Choir and Crafts", home=wakefield)
    club = PartnerPageFactory(title="Ossett Rambling Club", home=wakefield)
    for partner, categories in ((choir, [singing]), (other_choir, [crafts]), (club, [walking])):
        ActivityPageFactory(partner=partner, categories=categories)
    return {"choir": choir}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_search_filter_and_reach_a_partner_on_a_phone(open_page, partners, screenshot):
    page = open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto("/partners/")
    page.get_by_label("Search partners").fill("holme valley choir")
    page.get_by_role("button", name="Search", exact=True).click()

    expect(page).to_have_url(re.compile(r"/partners/\?(.*&)?q=holme\+valley\+choir(&|$)"))
    expect(page.locator("#partner-count")).to_have_text("2 partners matching ‘holme valley choir’")
    assert fits_the_phone(page)

    # The filters fold away below the search box, and open without JavaScript's help.
    singing = page.get_by_role("checkbox", name=re.compile(r"^Singing \(1\)"))
    expect(singing).to_be_hidden()
    page.get_by_text("Filter by area and type of activity").click()
    expect(page.get_by_role("radio", name=re.compile(r"^Kirklees \(1\)"))).to_be_visible()
    assert fits_the_phone(page)
    assert serious_violations(page) == []
    screenshot(page, "1-filters-open")
    singing.check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]category=singing(&|$)"))
    expect(page.locator("#partner-count")).to_have_text(
        "1 partner that runs singing matching ‘holme valley choir’"
    )
    card = page.locator("#partners > li")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Based in Holmfirth. Works in Kirklees")
    expect(card).to_contain_text("1 activity: singing")
    expect(card).to_contain_text("Mental-health friendly")
    assert fits_the_phone(page)
    assert serious_violations(page) == []
    screenshot(page, "2-results", full_page=False)

    card.get_by_role("link", name="Holme Valley Choir").click()
    expect(page).to_have_url(re.compile(r"/partners/holme-valley-choir/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Holme Valley Choir")


def test_no_results_and_a_refused_search_are_explained_on_a_phone(open_page, partners, screenshot):
    page = open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto("/partners/?q=trampoline&locality=kirklees")
    box = page.locator("#no-results")
    expect(box).to_contain_text("We could not find a partner that matches all of your choices.")
    expect(box.get_by_role("link", name="search activities for ‘trampoline’")).to_be_visible()
    assert fits_the_phone(page)
    assert serious_violations(page) == []
    screenshot(page, "1-no-results")

    page.goto("/partners/?q=" + "+".join(["sing"] * 21))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "What you search for must be 20 words or fewer"
    )
    assert fits_the_phone(page)
    assert serious_violations(page) == []
    screenshot(page, "2-too-long", full_page=False)
