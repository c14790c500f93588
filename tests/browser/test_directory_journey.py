"""A visitor's journey through the directory in a real browser, and axe-core on the public pages."""

import re
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils.text import slugify
from playwright.sync_api import expect

from activities.factories import ActivityPageFactory
from activities.models import Category
from creative_minds.geo.places import PLACE_NOT_FOUND_MESSAGE
from partners.factories import PartnerPageFactory
from partners.models import Locality

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows
    # (page tree, localities, categories) that each test's flush removes. See conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Real Kirklees postcodes and their great-circle distance from HD1 2TA, in miles.
SINGING = [
    ("Sing out Huddersfield", "HD1 2TA", 0.0),
    ("Harmony hour", "HD1 3DF", 0.8),
    ("Amazing voices", "HD2 1DQ", 1.8),
    ("Rock choir for beginners", "HD2 1QF", 3.0),
    ("Community carols", "HD4 6XP", 4.3),
    ("Cleckheaton glee club", "BD19 3PS", 6.5),  # beyond the default 5-mile radius
]
WALKING = [
    ("Canal towpath walk", "HD1 1AA", 0.3),
    ("Greenhead Park stroll", "HD1 4PW", 1.3),
    ("Hilltop ramble", "HD2 1GZ", 2.4),
]
DEFAULT_RADIUS_MILES = 5
SINGING_NEAREST_FIRST = [title for title, _, miles in SINGING if miles <= DEFAULT_RADIUS_MILES]
PHONE = {"width": 390, "height": 844}
DISTANCE = re.compile(r"^([0-9]+(?:\.[0-9]+)?) miles? away$")


@pytest.fixture
def directory(postcodes):
    """Two Kirklees partners with singing and walking activities around HD1 2TA."""
    kirklees = Locality.objects.get(slug="kirklees")
    choir = PartnerPageFactory(home=kirklees, title="Huddersfield Community Choir", slug="huddersfield-choir")
    walkers = PartnerPageFactory(home=kirklees, title="Kirklees Walking Group", slug="kirklees-walkers")
    activities = {}
    # Made farthest first, so neither creation order nor A to Z is nearest first.
    rows = [(row, "singing", choir) for row in SINGING] + [(row, "walking", walkers) for row in WALKING]
    for (title, postcode, _miles), category, partner in sorted(rows, key=lambda r: -r[0][2]):
        activities[title] = ActivityPageFactory(
            idea=category,  # the factory's summary and description to match
            partner=partner,
            locality=kirklees,
            title=title,
            slug=slugify(title),
            postcode=postcode,
            categories=[Category.objects.get(slug=category)],
        )
    return SimpleNamespace(choir=choir, walkers=walkers, activities=activities)


def result_cards(page):
    return page.locator("#results > li")


def card_distances(page) -> list[float]:
    texts = result_cards(page).locator(".cm-result__distance").all_inner_texts()
    distances = []
    for text in texts:
        match = DISTANCE.match(text.strip())
        assert match, f"not a distance: {text!r}"
        distances.append(float(match[1]))
    return distances


def card_titles(page) -> list[str]:
    return [title.strip() for title in result_cards(page).locator("h3").all_inner_texts()]


def test_find_singing_near_a_postcode_and_open_the_nearest(page, directory, screenshot):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find something to do near you")
    # The NHS.UK stylesheet is served and applied: the blue header, and Arial, not the browser's serif.
    expect(page.locator(".nhsuk-header")).to_have_css("background-color", "rgb(0, 94, 184)")
    expect(page.locator("body")).to_have_css("font-family", re.compile(r"^arial", re.IGNORECASE))
    page.get_by_label("Town or postcode (optional)").fill("hd1 2ta")
    screenshot(page, "1-home")
    page.get_by_role("button", name="Find activities").click()

    expect(page).to_have_url(re.compile(r"/activities/\?(.*&)?near=hd1\+2ta"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Find an activity")
    expect(page.get_by_label("Town or postcode", exact=True)).to_have_value("hd1 2ta")
    # Everything within the default radius: five singing and three walking activities.
    expect(result_cards(page)).to_have_count(8)

    singing = page.get_by_role("checkbox", name=re.compile(r"^Singing"))
    singing.check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]category=singing(&|$)"))
    expect(page.get_by_role("checkbox", name=re.compile(r"^Singing"))).to_be_checked()
    expect(page.locator("#result-count")).to_have_text("5 activities within 5 miles of HD1 2TA")
    expect(result_cards(page)).to_have_count(len(SINGING_NEAREST_FIRST))
    # With a postcode the results are nearest first, and the sort control says so.
    expect(page.get_by_label("Sort by")).to_have_value("distance")
    # Sorting another way and back again keeps the postcode and the category.
    page.get_by_label("Sort by").select_option(label="Name (A to Z)")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]sort=name(&|$)"))
    assert card_titles(page) == sorted(SINGING_NEAREST_FIRST)
    page.get_by_label("Sort by").select_option(label="Nearest first")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]sort=distance(&|$)"))
    expect(page.get_by_label("Sort by")).to_have_value("distance")
    expect(page.get_by_role("checkbox", name=re.compile(r"^Singing"))).to_be_checked()
    expect(page.get_by_label("Town or postcode", exact=True)).to_have_value("hd1 2ta")
    screenshot(page, "2-results")

    distances = card_distances(page)
    assert distances == sorted(distances), f"not nearest first: {distances}"
    assert distances == [miles for _, _, miles in SINGING if miles <= DEFAULT_RADIUS_MILES]
    assert card_titles(page) == SINGING_NEAREST_FIRST  # only singing, none beyond 5 miles

    result_cards(page).first.get_by_role("link").click()

    nearest = directory.activities[SINGING_NEAREST_FIRST[0]]
    expect(page).to_have_url(re.compile(rf"/activities/{nearest.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(nearest.title)
    first_visit = page.get_by_role("heading", name="Your first visit")
    expect(first_visit).to_be_visible()
    expect(page.get_by_text(nearest.first_visit_who_meets_you)).to_be_visible()
    # On a wide screen the breadcrumb shows the trail once (its back link is for small screens).
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_role("link")).to_have_text(["Home", "Find an activity"])
    screenshot(page, "3-activity")


UNKNOWN_PLACE_MESSAGE = PLACE_NOT_FOUND_MESSAGE.format(text="banana")


def test_an_unknown_place_is_explained_and_kept(page, directory, screenshot):
    page.goto("/")
    page.get_by_label("Town or postcode (optional)").fill("banana")
    page.get_by_role("button", name="Find activities").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name=UNKNOWN_PLACE_MESSAGE)).to_be_visible()
    field = page.get_by_label("Town or postcode", exact=True)
    expect(field).to_have_value("banana")
    message = page.locator(".nhsuk-form-group--error .nhsuk-error-message")
    expect(message).to_have_text(f"Error: {UNKNOWN_PLACE_MESSAGE}")
    # The message is next to the field and read out with it.
    expect(field).to_have_attribute("aria-describedby", re.compile(rf"\b{message.get_attribute('id')}\b"))
    expect(result_cards(page)).to_have_count(0)
    # Each area is offered instead, keeping the rest of the search.
    expect(page.locator("#area-choices").get_by_role("link")).to_have_text(
        ["Barnsley", "Calderdale", "Kirklees", "Wakefield"]
    )
    screenshot(page, "error")

    summary.get_by_role("link", name=UNKNOWN_PLACE_MESSAGE).click()
    expect(field).to_be_focused()


def serious_violations(page) -> list[dict]:
    """axe-core's (the copy inside axe-playwright-python) serious and critical violations."""
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations_by_page: dict[str, list[dict]]) -> str:
    lines = []
    for url, violations in violations_by_page.items():
        for violation in violations:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
            lines.append(f"{url}: {violation['id']} ({violation['impact']}) {violation['help']}: {targets}")
    return "\n".join(lines)


def public_pages(directory) -> list[str]:
    nearest = directory.activities[SINGING_NEAREST_FIRST[0]]
    return [
        "/",
        "/activities/?q=&near=HD1+2TA&category=singing",
        nearest.url,
        directory.choir.url,
        "/partners/",
        "/activities/?near=banana",  # the error summary and the field's message
    ]


def test_public_pages_have_no_serious_accessibility_problems(page, directory, screenshot):
    found = {}
    for number, url in enumerate(public_pages(directory), start=1):
        response = page.goto(url)
        assert response.ok, f"{url} answered {response.status}"
        screenshot(page, f"{number}-axe")
        found[url] = serious_violations(page)
    found = {url: violations for url, violations in found.items() if violations}
    assert not found, "axe-core found serious or critical problems:\n" + describe(found)


def test_pages_fit_a_phone_screen_without_sideways_scrolling(open_page, directory, screenshot):
    page = open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    too_wide = {}
    for number, url in enumerate(public_pages(directory), start=1):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width
        screenshot(page, f"{number}-phone", full_page=False)
    assert not too_wide, f"pages wider than {PHONE['width']}px on a phone: {too_wide}"
