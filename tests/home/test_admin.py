"""Staff can edit the directory in the Wagtail admin: page editors, listings and snippets."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from wagtail.test.utils.form_data import querydict_from_html

from activities.factories import ActivityPageFactory
from activities.models import ActivityPage
from partners.factories import PartnerPageFactory
from partners.models import Locality
from tests.builders import session

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return ActivityPageFactory(
        title="Knit and natter in Batley", sessions=[session("tue", "10:00"), session("fri", "14:00")]
    )


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class TestPageEditors:
    def test_activity_editor_loads(self, admin_client, activity):
        response = admin_client.get(edit_url(activity))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Knit and natter in Batley" in html
        for heading in ("Where", "When", "Cost", "Accessibility", "Your first visit", "Contact and review"):
            assert heading in html

    def test_partner_editor_loads(self, admin_client):
        partner = PartnerPageFactory(title="Batley Men's Shed")
        response = admin_client.get(edit_url(partner))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Batley Men&#x27;s Shed" in html or "Batley Men's Shed" in html
        assert "Partnership agreement" in html

    def test_an_edit_round_trips_through_the_form(self, admin_client, activity):
        """Post the editor's own form back with a new title: it publishes, keeping sessions and categories.
        (Posted as lists: the test client sends only the last value of each key of a QueryDict, which
        would drop all but one ticked category.)"""
        categories = set(activity.categories.values_list("slug", flat=True))
        form = querydict_from_html(
            admin_client.get(edit_url(activity)).content.decode(), form_id="page-edit-form"
        )
        form["title"] = "Knit and natter in Dewsbury"
        form["postcode"] = "wf13 1aa"
        form["action-publish"] = "action-publish"
        response = admin_client.post(edit_url(activity), dict(form.lists()))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        activity = ActivityPage.objects.get(pk=activity.pk)
        assert activity.title == "Knit and natter in Dewsbury"
        assert activity.postcode == "WF13 1AA"  # normalised by clean()
        assert activity.latitude == pytest.approx(53.692007, abs=1e-6)
        assert activity.sessions.count() == 2
        assert set(activity.categories.values_list("slug", flat=True)) == categories

    def test_a_bad_postcode_is_refused_with_its_message(self, admin_client, activity):
        form = querydict_from_html(
            admin_client.get(edit_url(activity)).content.decode(), form_id="page-edit-form"
        )
        form["postcode"] = "banana"
        form["action-publish"] = "action-publish"
        response = admin_client.post(edit_url(activity), dict(form.lists()))
        assert response.status_code == 200
        assert (
            "Enter a postcode like HD1 2TA, or the first part of one, like HD1" in response.content.decode()
        )
        assert ActivityPage.objects.get(pk=activity.pk).postcode == activity.postcode

    def test_anonymous_visitors_are_sent_to_log_in(self, client, activity):
        response = client.get(edit_url(activity))
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]


class TestListings:
    def test_activity_listing_with_a_filter(self, admin_client, activity):
        other = ActivityPageFactory(partner__home=Locality.objects.exclude(pk=activity.locality_id).first())
        response = admin_client.get(reverse("activities:index"))
        assert response.status_code == 200
        html = response.content.decode()
        # Titles as the page writes them: a factory's title may hold an apostrophe ("Men's cookery").
        assert escape(activity.title) in html and escape(other.title) in html
        filtered = admin_client.get(reverse("activities:index"), {"locality": activity.locality_id})
        assert filtered.status_code == 200
        assert escape(activity.title) in filtered.content.decode()
        assert escape(other.title) not in filtered.content.decode()

    def test_partner_listing(self, admin_client):
        partner = PartnerPageFactory(title="Ossett Camera Club")
        response = admin_client.get(reverse("partners:index"))
        assert response.status_code == 200
        assert partner.title in response.content.decode()


class TestSnippets:
    @pytest.mark.parametrize(
        ("url_name", "expected"),
        [
            ("wagtailsnippets_partners_locality:list", ["Barnsley", "Calderdale", "Kirklees", "Wakefield"]),
            ("wagtailsnippets_activities_category:list", ["Singing", "Walking", "Gardening and nature"]),
        ],
    )
    def test_listing(self, admin_client, url_name, expected):
        response = admin_client.get(reverse(url_name))
        assert response.status_code == 200
        html = response.content.decode()
        for name in expected:
            assert name in html

    def test_locality_editor(self, admin_client):
        kirklees = Locality.objects.get(slug="kirklees")
        response = admin_client.get(reverse("wagtailsnippets_partners_locality:edit", args=[kirklees.pk]))
        assert response.status_code == 200
        assert "E08000034" in response.content.decode()
