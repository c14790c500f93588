"""Searching by need on a phone: the filters come before the results, folded in "Filter results".

The issue's journey: type "knitting near Batley" into the search box (a word stem and a town
read from the words), open "Filter results", tick "Step-free access" and reach an activity.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils.text import slugify
from playwright.sync_api import expect

from activities.factories import ActivityPageFactory
from activities.models import ActivityPage, Category
from partners.factories import PartnerPageFactory
from partners.models import Locality

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; see conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# What the person types, by field name.
TYPED = {"q": "knitting near Batley"}
# Crafts activities in Batley (WF17), and one elsewhere that the search must leave out.
KNITTING = [
    ("Knit and natter", "WF17 5AB", True),
    ("Knit and natter at the library", "WF17 5AE", False),
    ("Knitting for beginners", "WF17 5AG", True),
    ("Knit in Halifax", "HX1 1UJ", True),
]


@pytest.fixture
def knitting(postcodes):
    kirklees, calderdale = Locality.objects.get(slug="kirklees"), Locality.objects.get(slug="calderdale")
    partner = PartnerPageFactory(home=kirklees, title="Batley Yarn Club", slug="batley-yarn-club")
    activities = {}
    for title, postcode, step_free in KNITTING:
        locality = calderdale if postcode.startswith("HX") else kirklees
        activities[title] = ActivityPageFactory(
            idea="crafts",  # the factory's summary: "...or learn to knit with us."
            partner=partner,
            locality=locality,
            title=title,
            slug=slugify(title),
            postcode=postcode,
            categories=[Category.objects.get(slug="crafts")],
            step_free_access=step_free,
            delivery=ActivityPage.Delivery.IN_PERSON,
        )
    return activities


def result_titles(page) -> list[str]:
    return [title.strip() for title in page.locator("#results > li h3").all_inner_texts()]


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_on_a_phone_filter_by_step_free_access_and_reach_an_activity(open_page, knitting, screenshot):
    page = open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto("/activities/")
    for name, text in TYPED.items():
        page.locator(f"#activity-search [name={name}]").fill(text)
    page.get_by_role("button", name="Search", exact=True).click()

    batley = sorted(title for title, postcode, _ in KNITTING if postcode.startswith("WF17"))
    expect(page.locator("#results > li")).to_have_count(len(batley))
    assert sorted(result_titles(page)) == batley
    # Nothing chosen yet: the filters are folded away, and "Filter results" is above the results.
    summary = page.get_by_text("Filter results", exact=True)
    expect(summary).to_be_visible()
    step_free = page.get_by_role("checkbox", name=re.compile(r"^Step-free access"))
    expect(step_free).to_be_hidden()
    assert summary.bounding_box()["y"] < page.locator("#results").bounding_box()["y"]
    assert summary.bounding_box()["y"] < PHONE["height"], "Filter results is not on the first screen"
    screenshot(page, "1-folded", full_page=False)

    summary.click()
    expect(step_free).to_be_visible()
    expect(step_free).to_have_accessible_name(re.compile(r"^Step-free access \(2\)$"))
    assert not serious_violations(page), serious_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "2-filters-open")

    step_free.check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]access=step-free(&|$)"))
    step_free_in_batley = sorted(t for t, p, free in KNITTING if p.startswith("WF17") and free)
    expect(page.locator("#results > li")).to_have_count(len(step_free_in_batley))
    assert sorted(result_titles(page)) == step_free_in_batley
    # Applying lands on the result count, on the first screen.
    expect(page).to_have_url(re.compile(r"#result-count$"))
    count = page.locator("#result-count")
    expect(count).to_have_text(re.compile(rf"^{len(step_free_in_batley)} activities\b"))
    expect(count).to_be_in_viewport()
    screenshot(page, "3-results-first", full_page=False)
    # The filters are folded again, and say one is chosen; opened, it is ticked.
    chosen = page.get_by_text("Filter results (1 chosen)")
    expect(chosen).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Step-free access"))).to_be_hidden()
    chosen.click()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Step-free access"))).to_be_checked()
    expect(page.locator("#results > li").first.locator(".nhsuk-tag", has_text="Step-free")).to_be_visible()
    assert not serious_violations(page), serious_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "3-filtered")

    first = result_titles(page)[0]
    page.locator("#results > li").first.get_by_role("link", name=first).click()
    expect(page).to_have_url(re.compile(rf"/activities/{slugify(first)}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(first)
    expect(page.get_by_text("Step-free access")).to_be_visible()
    screenshot(page, "4-activity", full_page=False)


def test_on_a_desktop_the_filters_sit_beside_the_results_unfolded(open_page, knitting, screenshot):
    page = open_page(DESKTOP)
    page.goto("/activities/")
    # No filter chosen, yet every filter is shown beside the results, with no disclosure to open.
    expect(page.get_by_text("Filter results", exact=True)).to_be_hidden()
    step_free = page.get_by_role("checkbox", name=re.compile(r"^Step-free access"))
    expect(step_free).to_be_visible()
    filters = page.locator("#filters").bounding_box()
    results = page.locator(".cm-search__results").bounding_box()
    assert filters["x"] > results["x"] + results["width"] - 1, (
        "the filters are not to the right of the results"
    )
    assert abs(filters["y"] - results["y"]) < 50, "the filters do not start beside the results"
    assert not serious_violations(page), serious_violations(page)
    screenshot(page, "1-desktop")

    step_free.check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]access=step-free(&|$)"))
    expect(page.locator("#results > li")).to_have_count(sum(free for *_, free in KNITTING))
