"""/open-data/: the page that explains the Open Referral UK feed and the 360Giving files to the
people who would use them: absolute addresses, worked examples, the licence, who to ask."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Site

from home.models import SiteSettings
from tests.query_counting import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(db):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_phone, settings.contact_email = "0306 999 0789", "data@creativeminds.example"
    settings.save()
    return settings


def page(client):
    response = client.get(reverse("open_data"))
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def hrefs(soup) -> set[str]:
    return {a["href"] for a in soup.select("main a[href]")}


def test_the_feed_is_explained_with_its_absolute_address_and_endpoints(client):
    response, soup = page(client)
    assert soup.h1.get_text() == "Open data"
    assert soup.select_one("#oruk-base").get_text() == "http://testserver/api/oruk/"
    links = hrefs(soup)
    for name in (
        "oruk:root",
        "oruk:openapi",
        "oruk:services",
        "oruk:service_at_locations",
        "oruk:organizations",
    ):
        assert f"http://testserver{reverse(name)}" in links
    assert "http://testserver/api/oruk/taxonomies" in links
    assert "http://testserver/api/oruk/taxonomy_terms" in links


def test_worked_examples_use_the_standards_filters(client):
    _, soup = page(client)
    examples = {a["id"]: a["href"] for a in soup.select("a[id^=example-]")}
    assert examples == {
        "example-near": "http://testserver/api/oruk/service_at_locations?postcode=HD1+2TA&proximity=8000",
        "example-terms": "http://testserver/api/oruk/taxonomy_terms?search=singing",
        "example-search": "http://testserver/api/oruk/services?search=choir",
        "example-changed": "http://testserver/api/oruk/services?modified_after=2026-11-01T00%3A00%3A00Z",
        "example-page": "http://testserver/api/oruk/services?page=2&per_page=50",
    }
    text = soup.main.get_text(" ")
    for words in ("Ids stay the same", "Access-Control-Allow-Origin: *", "total_items", "modified_after"):
        assert words in text


def test_the_360giving_files_and_what_they_hold(client, settings):
    settings.THREESIXTYGIVING_PREFIX = "360G-registered"
    _, soup = page(client)
    assert soup.select_one("#grants-json")["href"] == "http://testserver/funded-projects/360giving.json"
    assert soup.select_one("#grants-csv")["href"] == "http://testserver/funded-projects/360giving.csv"
    text = soup.main.get_text(" ")
    assert "360G-registered" in text
    assert "Only grants that have been approved are included" in text


def test_the_licence_is_the_one_the_grants_package_names(client, settings):
    _, soup = page(client)
    licence = soup.select_one("#open-data-licence")
    assert licence["href"] == settings.OPEN_DATA_LICENCE_URL == "https://creativecommons.org/licenses/by/4.0/"
    assert licence.get_text() == settings.OPEN_DATA_LICENCE_NAME
    package = client.get(reverse("grants_360giving_json")).json()
    assert package["license"] == settings.OPEN_DATA_LICENCE_URL
    text = soup.main.get_text(" ")
    assert "Open Government Licence v3.0" in text
    assert "Contains OS data © Crown copyright and database right" in text


def test_how_to_reach_a_person(client, contact):
    _, soup = page(client)
    contact_section = soup.select_one("main")
    assert contact_section.select_one('a[href="tel:03069990789"]')
    assert contact_section.select_one('a[href="mailto:data@creativeminds.example"]')


def test_public_cacheable_and_reads_no_query(client):
    response, _ = page(client)
    assert "public" in response["Cache-Control"]
    count, _, _ = queries_for(client, reverse("open_data"))
    with_query, _, _ = queries_for(client, reverse("open_data"), {"page": "2", "q": "anything"})
    assert with_query == count


def test_every_page_footer_links_here(client):
    response = client.get("/about/")
    footer = BeautifulSoup(response.content, "html.parser").select_one("footer")
    assert footer.find("a", string="Open data")["href"] == reverse("open_data")
