"""Every row of the admin's Directory listings links to its edit view, and the activity editor shows
the listing's status (kept outside revisions) without letting anyone change it there."""

from __future__ import annotations

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from activities.models import ActivityPage, Category, SearchSynonym
from partners.factories import UserFactory
from partners.models import Locality, PartnerPage

pytestmark = pytest.mark.django_db

PAGE_EDIT = re.compile(r"^/admin/pages/(\d+)/edit/$")


@pytest.fixture
def staff(client):
    user = UserFactory(username="staff", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def activities(make_activity):
    return [
        make_activity("Knit and natter"),
        make_activity("Walk and talk", locality="barnsley", postcode="S70 1AA"),
        make_activity("Community choir", locality="calderdale", postcode="HX1 1AA"),
    ]


def rows(html: str) -> list:
    return BeautifulSoup(html, "html.parser").select("table.listing tbody tr")


def edit_links(row, pattern: re.Pattern) -> set[str]:
    return {match.group(1) for a in row.find_all("a", href=True) if (match := pattern.match(a["href"]))}


@pytest.mark.parametrize(
    ("url_name", "model"), [("activities:index", ActivityPage), ("partners:index", PartnerPage)]
)
def test_every_page_row_links_to_its_edit_view(client, staff, activities, url_name, model):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    found = rows(response.text)
    expected = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
    assert len(found) == len(expected) >= 3
    linked = [edit_links(row, PAGE_EDIT) for row in found]
    assert all(len(links) == 1 for links in linked)
    assert set().union(*linked) == expected
    title_cells = [row.select_one("td.title a") for row in found]
    assert all(cell is not None and PAGE_EDIT.match(cell["href"]) for cell in title_cells)


@pytest.mark.parametrize("model", [Category, SearchSynonym, Locality])
def test_every_snippet_row_of_the_directory_links_to_its_edit_view(client, staff, model):
    if model is SearchSynonym and not SearchSynonym.objects.exists():
        SearchSynonym.objects.create(phrase="knitting", also_matches="crochet")
    namespace = f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}"
    edit_url = re.compile(
        "^" + re.escape(reverse(f"{namespace}:edit", args=[0])).replace("/0/", r"/(\d+)/") + "$"
    )

    response = client.get(reverse(f"{namespace}:list"))

    found = rows(response.text)  # the first page of them
    assert len(found) == min(model.objects.count(), 20) > 0
    linked = [edit_links(row, edit_url) for row in found]
    assert all(len(links) == 1 for links in linked)
    assert len(set().union(*linked)) == len(found)
    assert set().union(*linked) <= {str(pk) for pk in model.objects.values_list("pk", flat=True)}


def test_the_activity_editor_shows_the_listing_status_read_only(client, staff, make_activity):
    activity = make_activity("Knit and natter")
    ActivityPage.objects.filter(pk=activity.pk).update(
        listing_status=ActivityPage.ListingStatus.PAUSED,
        paused_until=datetime.date(2027, 1, 31),
        status_message="We are taking a winter break.",
        review_reminded_for=datetime.date(2026, 12, 1),
    )
    edit_url = reverse("wagtailadmin_pages:edit", args=[activity.pk])

    response = client.get(edit_url)

    assert response.status_code == 200
    panel = BeautifulSoup(response.text, "html.parser").find(
        lambda tag: tag.name == "section" and "Listing status" in tag.get_text()
    )
    assert panel is not None
    text = " ".join(panel.get_text().split())
    assert "Paused" in text and "We are taking a winter break." in text
    assert "31 Jan 2027" in text
    form = querydict_from_html(response.text, form_id="page-edit-form")
    assert not {"listing_status", "paused_until", "status_message", "review_reminded_for"} & set(form)

    # Saving the page (even with the fields posted) leaves them as they are.
    form["listing_status"] = ActivityPage.ListingStatus.ENDED
    form["status_message"] = "Changed in the admin"
    assert client.post(edit_url, dict(form.lists())).status_code == 302
    activity = ActivityPage.objects.get(pk=activity.pk)
    assert activity.listing_status == ActivityPage.ListingStatus.PAUSED
    assert activity.status_message == "We are taking a winter break."
