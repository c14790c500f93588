"""Activity and partner pages found by slug in one query (creative_minds.direct_pages), served by
Wagtail with every hook, as its own routing would serve them."""

import pytest
from django.urls import resolve
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from activities.search import partner_views
from activities.search import views as search_views
from partners.factories import PartnerPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(make_activity):
    return make_activity("Sing for your mind", postcode="hd12ta", categories=["singing"])


class TestRouting:
    def test_activity_and_partner_pages_are_answered_by_the_direct_views(self, activity):
        assert resolve(activity.url).func is search_views.activity_page
        assert resolve(f"{activity.url}calendar/").func is search_views.activity_page
        assert resolve(activity.partner.url).func is partner_views.partner_page

    def test_the_urls_under_them_keep_their_own_views(self, activity):
        assert resolve(f"{activity.url}report-a-problem/").url_name == "report_activity_problem"
        assert resolve(f"{activity.url}ask-to-join/").url_name == "ask_to_join"
        assert resolve(f"{activity.partner.url}report-a-problem/").url_name == "report_partner_problem"

    def test_the_calendar_sub_page_is_served(self, client, activity):
        response = client.get(f"{activity.url}calendar/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")

    def test_a_page_the_activity_does_not_have_is_not_found(self, client, activity):
        assert client.get(f"{activity.url}calendar/extra/").status_code == 404

    def test_an_unpublished_partner_is_not_found(self, client, activity):
        partner = PartnerPageFactory(title="Gone quiet")
        partner.unpublish()
        assert client.get(f"/partners/{partner.slug}/").status_code == 404


class TestWagtailStillDecides:
    def test_a_page_for_signed_in_people_sends_others_to_sign_in(self, client, activity):
        PageViewRestriction.objects.create(page=activity, restriction_type=PageViewRestriction.LOGIN)
        response = client.get(activity.url)
        assert response.status_code == 302
        assert "next=" in response["Location"]

    def test_a_restriction_on_the_index_page_applies_to_its_activities(self, client, activity):
        index = activity.get_parent()
        PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
        assert client.get(activity.url).status_code == 302
        assert client.get(f"{activity.url}calendar/").status_code == 302

    def test_the_serve_hooks_see_the_page_found(self, client, activity):
        seen = []

        def before_serve(page, request, args, kwargs):
            seen.append(page.pk)

        with hooks.register_temporarily("before_serve_page", before_serve):
            assert client.get(activity.url).status_code == 200
            assert client.get(activity.partner.url).status_code == 200
        assert seen == [activity.pk, activity.partner.pk]

    def test_the_page_is_the_one_wagtail_routing_finds(self, rf, activity):
        found = Page.find_for_request(rf.get(activity.url), activity.url)
        assert found.specific == activity


class TestQueries:
    def test_an_activity_page_runs_six_queries(self, client, activity, django_assert_num_queries):
        """The page with its partner (1), view restrictions through its ancestors (2), sessions and
        categories (2), breadcrumbs' ancestors (1); Wagtail's walk from the root took five for the first."""
        client.get(activity.url)
        with django_assert_num_queries(6):
            assert client.get(activity.url).status_code == 200

    def test_a_partner_page_runs_five_queries(self, client, activity, django_assert_num_queries):
        client.get(activity.partner.url)
        with django_assert_num_queries(5):
            assert client.get(activity.partner.url).status_code == 200
