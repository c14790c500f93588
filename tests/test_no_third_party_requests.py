"""Pages load nothing from a third party: no Gravatar avatars in the admin (each would tell
Gravatar who is signed in, and breaks offline), no fonts, scripts or pictures from other hosts.

Links a person may choose to follow (a partner's website, NHS 111) are not requests and are
allowed; what a browser fetches by itself (src, srcset, <link href>, a poster, a CSS url(), a
JavaScript-fetched data-*-url-value) must be on this site. The one exception is the map tiles
(settings.MAP_TILE_URL), which static/js/map.mjs fetches from the map's data-tile-url-value on
the pages with a map, and nowhere else."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from partners.factories import UserFactory

# Attributes a browser fetches without anyone clicking.
FETCHED = {"src", "srcset", "poster", "data", "background", "imagesrcset"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
OUR_HOSTS = {"", "testserver", "localhost", "127.0.0.1"}


# Where a page may name the tile server: the map's tile address, read by static/js/map.mjs.
MAP_TILES = ("data-tile-url-value", settings.MAP_TILE_URL)


class FetchedURLs(HTMLParser):
    """Every URL in a page that the browser would request by itself; `allowed` pairs of
    (attribute, URL) are left out."""

    def __init__(self, allowed=()):
        super().__init__()
        self.urls: list[str] = []
        self.allowed = set(allowed)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if not value or (name, value) in self.allowed:
                continue
            if name in FETCHED or (name.startswith("data-") and name.endswith("url-value")):
                self.urls += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
            elif name == "style":
                self.urls += CSS_URL.findall(value)
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "alternate"):
            self.urls.append(attrs["href"])

    def handle_data(self, data):
        self.urls += CSS_URL.findall(data)  # <style> blocks


def third_party_requests(html: str, *, allowed=()) -> list[str]:
    parser = FetchedURLs(allowed)
    parser.feed(html)
    return [url for url in parser.urls if urlsplit(url).netloc and urlsplit(url).hostname not in OUR_HOSTS]


def test_the_finder_spots_a_gravatar_and_a_web_font():
    html = (
        '<img src="//www.gravatar.com/avatar/abc?d=mm"><link rel="stylesheet" href="https://fonts.example/x.css">'
        '<a href="https://partner.example.org/">a link is fine</a><img src="/media/ok.png">'
    )
    assert third_party_requests(html) == ["//www.gravatar.com/avatar/abc?d=mm", "https://fonts.example/x.css"]


@pytest.fixture
def editor(client, db):
    """A superuser with an email address, which is what Gravatar's avatar URL is made from, and
    another user listed beside them."""
    UserFactory(username="colleague", email="colleague@creativeminds.example", is_staff=True)
    user = UserFactory(
        username="editor", email="editor@creativeminds.example", is_superuser=True, is_staff=True
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_home",
        "wagtailadmin_account",
        "wagtailusers_users:index",
        "wagtailadmin_explore_root",
        "wagtailadmin_reports:site_history",
    ],
)
def test_admin_pages_show_no_gravatar_and_load_nothing_from_elsewhere(editor, url_name):
    response = editor.get(reverse(url_name))
    assert response.status_code == 200
    html = response.text
    assert "gravatar" not in html.lower()
    assert third_party_requests(html) == []


def test_the_avatar_is_the_admins_own(editor):
    html = editor.get(reverse("wagtailadmin_account")).text
    assert "wagtailadmin/images/default-user-avatar" in html


def test_the_finder_allows_the_map_tiles_only_as_the_maps_tile_address():
    tiles = settings.MAP_TILE_URL
    html = (
        f'<div class="cm-map" data-tile-url-value="{tiles}"></div>'
        f'<img src="{tiles}"><div data-tile-url-value="https://tiles.example/{{z}}/{{x}}/{{y}}.png"></div>'
    )
    assert third_party_requests(html, allowed=[MAP_TILES]) == [
        tiles,
        "https://tiles.example/{z}/{x}/{y}.png",
    ]


def test_public_pages_load_nothing_from_elsewhere(client, make_activity):
    make_activity("Knit and natter", locality="kirklees", postcode="HD1 2TA")
    for url in ["/", "/partners/", "/stories/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert third_party_requests(response.text) == [], url


def test_pages_with_a_map_name_the_tile_server_only_for_the_map(client, make_activity):
    """The search results, an activity's page and its partner's page each have a map, whose
    tiles come from the tile server (in the browser: see tests/browser/test_maps.py); nothing
    else on them comes from elsewhere."""
    activity = make_activity("Knit and natter", locality="kirklees", postcode="HD1 2TA")
    for url in ["/activities/", activity.url, activity.partner.url]:
        html = client.get(url).text
        assert f'data-tile-url-value="{settings.MAP_TILE_URL}"' in html, url
        assert third_party_requests(html, allowed=[MAP_TILES]) == [], url
