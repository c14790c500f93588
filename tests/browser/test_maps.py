"""Maps of venues in a real browser: on the search results (folded until opened), an activity page
and a partner page, drawn by static/js/map.mjs with Leaflet. No request reaches a tile server: the
tile host answers with a small local picture where a test wants to see the map, and is refused
(as every other host is, conftest.py) everywhere else. Without JavaScript the page is the list.
"""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from activities.models import ActivityPage

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows
    # (page tree, localities, categories) that each test's flush removes. See conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
TILES = re.compile(rf"^{re.escape(settings.MAP_TILE_ORIGIN)}/")


def stand_in_tile() -> bytes:
    """A pale square with a grid, so a screenshot shows where the map is."""
    tile = Image.new("RGB", (256, 256), (232, 237, 238))
    draw = ImageDraw.Draw(tile)
    for step in range(0, 256, 64):
        draw.line([(step, 0), (step, 255)], fill=(200, 210, 214))
        draw.line([(0, step), (255, step)], fill=(200, 210, 214))
    out = io.BytesIO()
    tile.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def tiles():
    """tiles(page): answer the page's tile requests with the stand-in; returns the list of tile
    requests made, which a test can read. Pages not given to it have their tiles refused."""
    picture = stand_in_tile()

    def serve(page) -> list:
        asked: list = []

        def answer(route):
            asked.append(route.request)
            route.fulfill(status=200, content_type="image/png", body=picture)

        page.route(TILES, answer)
        return asked

    return serve


@pytest.fixture
def tile_requests():
    """tile_requests(page): the tile URLs the page asks for (refused, as all other hosts are)."""

    def watch(page) -> list[str]:
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url) if TILES.match(request.url) else None)
        return asked

    return watch


@pytest.fixture
def venues(postcodes, make_activity):
    """Two activities at one venue in Huddersfield, one in Batley, and one that meets only online
    (with the organiser's postcode, which is not a place to go): three places on no more than two
    markers."""
    choir = make_activity("Community choir", postcode="HD1 2TA", venue_name="Town Hall")
    make_activity("Ukulele club", postcode="HD1 2TA", venue_name="Town Hall", partner=choir.partner)
    make_activity("Batley singers", postcode="WF17 5AB", venue_name="Batley Library", partner=choir.partner)
    make_activity(
        "Online sing-along",
        postcode="HD1 2TA",
        venue_name="",
        delivery=ActivityPage.Delivery.ONLINE,
        partner=choir.partner,
    )
    return choir


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def tabbable_in_map(page) -> int:
    """Elements inside the maps that the Tab key would reach."""
    return page.evaluate(
        """[...document.querySelectorAll('.cm-map__canvas a, .cm-map__canvas button,'
             + ' .cm-map__canvas [tabindex], .cm-map__canvas input')]
             .filter((element) => element.tabIndex >= 0).length"""
    )


def csp_reports(page) -> list[str]:
    reports: list[str] = []
    page.on(
        "console",
        lambda message: reports.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return reports


def test_search_results_map_opens_on_request_with_one_marker_a_venue(
    open_page, live_server, venues, tiles, screenshot
):
    page = open_page()
    asked = tiles(page)
    blocked = csp_reports(page)
    page.goto("/activities/?locality=kirklees")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^4 activities"))

    fold = page.get_by_text("Show these activities on a map")
    expect(fold).to_be_visible()
    # Folded, nothing is drawn and the tile server hears nothing.
    expect(page.locator(".leaflet-container")).to_have_count(0)
    assert asked == []

    fold.click()
    expect(page.locator("#results-map .leaflet-container")).to_be_visible()
    expect(page.locator("#results-map .leaflet-marker-icon")).to_have_count(2)
    expect(page.locator("#results-map .leaflet-tile-loaded").first).to_be_visible()
    # Each tile request names this site, as the tile server's policy asks, but not the page.
    assert asked
    assert {request.header_value("referer") for request in asked} == {f"{live_server.url}/"}
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("© OpenStreetMap contributors")
    expect(page.locator(".leaflet-control-attribution a")).to_have_attribute(
        "href", "https://www.openstreetmap.org/copyright"
    )

    # Huddersfield's marker lists both activities there, each a link; the online one is on no marker.
    # (Links by CSS, not by role: the map is hidden from the accessibility tree, as meant.)
    page.locator("#results-map .leaflet-marker-icon").nth(_marker_index(page, "Community choir")).click()
    popup = page.locator("#results-map .leaflet-popup-content")
    expect(popup.locator("a")).to_have_text(["Community choir", "Ukulele club"])
    expect(page.locator("#results-map")).not_to_contain_text("Online sing-along")

    assert tabbable_in_map(page) == 0
    assert serious_violations(page) == []
    assert blocked == []
    screenshot(page, "desktop", full_page=False)
    popup.locator("a", has_text="Ukulele club").click()
    expect(page.locator("h1")).to_have_text("Ukulele club")


def _marker_index(page, title: str) -> int:
    """Which marker (in the order Leaflet added them) is the place listing `title`."""
    places = page.evaluate("JSON.parse(document.getElementById('results-map-places').textContent)")
    return next(
        index
        for index, place in enumerate(places)
        if any(activity["title"] == title for activity in place["activities"])
    )


def test_activity_page_draws_its_venue_with_tiles_refused(open_page, venues, tile_requests):
    page = open_page()
    asked = tile_requests(page)
    blocked = csp_reports(page)
    page.goto(venues.url)

    expect(page.locator("#venue-map .leaflet-container")).to_be_visible()
    expect(page.locator("#venue-map .leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("#venue-map")).to_contain_text("OpenStreetMap, which sees your internet address")
    expect(page.get_by_role("link", name="See this place on a map (OpenStreetMap)")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert asked, "the map asked for its tiles (refused here)"
    assert tabbable_in_map(page) == 0
    assert serious_violations(page) == []
    assert blocked == []


def test_partner_page_marks_each_venue_once(open_page, venues):
    page = open_page()
    page.goto(venues.partner.url)
    expect(page.locator("#partner-map .leaflet-marker-icon")).to_have_count(2)
    assert serious_violations(page) == []


def test_an_online_only_activity_has_no_map(open_page, venues):
    page = open_page()
    page.goto(ActivityPage.objects.get(title="Online sing-along").url)
    expect(page.locator("h1")).to_have_text("Online sing-along")
    expect(page.locator(".cm-map")).to_have_count(0)


def test_on_a_phone_the_maps_fit_the_screen(open_page, venues, tiles, screenshot):
    page = open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    tiles(page)
    page.goto("/activities/?locality=kirklees")
    page.get_by_text("Show these activities on a map").click()
    expect(page.locator("#results-map .leaflet-marker-icon")).to_have_count(2)
    expect(page.locator("#results-map .leaflet-tile-loaded").first).to_be_visible()
    assert fits(page, PHONE["width"])
    assert serious_violations(page) == []
    page.locator("#results-map").scroll_into_view_if_needed()
    screenshot(page, "search", full_page=False)

    page.goto(venues.url)
    expect(page.locator("#venue-map .leaflet-tile-loaded").first).to_be_visible()
    map_box = page.locator("#venue-map .leaflet-container").bounding_box()
    assert map_box["width"] <= PHONE["width"] and map_box["height"] < PHONE["height"] / 2
    assert fits(page, PHONE["width"])
    assert serious_violations(page) == []
    page.locator("#venue-map").scroll_into_view_if_needed()
    screenshot(page, "activity", full_page=False)


def test_without_javascript_the_list_and_links_are_the_way_in(open_page, venues, tile_requests):
    page = open_page(java_script_enabled=False)
    asked = tile_requests(page)
    page.goto("/activities/?locality=kirklees")
    expect(page.locator("#results > li")).to_have_count(4)
    expect(page.locator(".cm-map")).to_be_hidden()
    expect(page.get_by_text("Show these activities on a map")).to_be_hidden()

    page.get_by_role("link", name="Community choir").click()
    expect(page.locator("h1")).to_have_text("Community choir")
    expect(page.locator(".cm-map")).to_be_hidden()
    expect(page.get_by_role("link", name="See this place on a map (OpenStreetMap)")).to_be_visible()

    page.goto(venues.partner.url)
    expect(page.locator("#partner-activities > li")).to_have_count(4)
    expect(page.locator(".cm-map")).to_be_hidden()
    assert asked == []
