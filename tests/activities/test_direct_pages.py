"""Activity and partner pages found by slug in one query (creative_minds.direct_pages), served by
Wagtail with every hook, as its own routing would serve them."""

import datetime

import pytest
from django.urls import resolve
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from activities.models import ActivityIndexPage, ActivityPage
from activities.search import partner_views
from activities.search import views as search_views
from creative_minds.direct_pages import first_by_path, held_index_page
from partners.factories import PartnerPageFactory

pytestmark = pytest.mark.django_db


def restrict(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


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

    def test_a_restriction_added_after_the_page_was_shown_applies_at_once(self, client, activity):
        assert client.get(activity.url).status_code == 200
        assert client.get(activity.partner.url).status_code == 200
        PageViewRestriction.objects.create(page=activity, restriction_type=PageViewRestriction.LOGIN)
        PageViewRestriction.objects.create(page=activity.partner, restriction_type=PageViewRestriction.LOGIN)
        assert client.get(activity.url).status_code == 302
        assert client.get(activity.partner.url).status_code == 302

    def test_a_restriction_added_to_the_index_page_after_the_page_was_shown_applies_at_once(
        self, client, activity
    ):
        assert client.get(activity.url).status_code == 200
        PageViewRestriction.objects.create(
            page=activity.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
        assert client.get(activity.url).status_code == 302

    @pytest.mark.parametrize("path", ["/", "/activities/", "/activities/?q=singing", "/partners/"])
    def test_a_restriction_added_to_the_home_search_or_directory_page_after_it_was_shown_applies_at_once(
        self, client, activity, path
    ):
        assert client.get(path).status_code == 200
        shown = Page.objects.get(
            url_path={"/": "/home/", "/partners/": "/home/partners/"}.get(path, "/home/activities/")
        )
        restriction = restrict(shown)
        assert client.get(path).status_code == 302
        restriction.delete()
        assert client.get(path).status_code == 200

    def test_a_restriction_removed_lets_everyone_in_again(self, client, activity):
        restriction = PageViewRestriction.objects.create(
            page=activity, restriction_type=PageViewRestriction.LOGIN
        )
        assert client.get(activity.url).status_code == 302
        restriction.delete()
        assert client.get(activity.url).status_code == 200

    def test_a_restricted_page_moved_keeps_its_restriction(self, client, activity):
        index = activity.get_parent()
        elsewhere = index.add_child(instance=Page(title="Elsewhere", slug="elsewhere"))
        restriction = restrict(activity)
        assert client.get(activity.url).status_code == 302
        activity.move(elsewhere, pos="last-child")
        assert list(ActivityPage.objects.get(pk=activity.pk).get_view_restrictions()) == [restriction]

    def test_a_restricted_page_moved_keeps_its_restriction_on_the_pages_below(self, client, activity):
        index = activity.get_parent()
        members_only = index.add_child(instance=Page(title="Members only", slug="members-only"))
        restriction = restrict(members_only)
        activity.move(members_only, pos="last-child")
        assert client.get(index.url).status_code == 200
        assert list(ActivityPage.objects.get(pk=activity.pk).get_view_restrictions()) == [restriction]
        members_only.refresh_from_db()
        members_only.move(index.get_parent(), pos="last-child")  # a new path for it and the activity
        assert list(ActivityPage.objects.get(pk=activity.pk).get_view_restrictions()) == [restriction]

    def test_an_alias_takes_its_source_pages_restriction(self, client, activity):
        assert client.get(activity.url).status_code == 200
        restriction = PageViewRestriction.objects.create(
            page=activity, restriction_type=PageViewRestriction.LOGIN
        )
        alias = activity.create_alias(update_slug="sing-for-your-mind-again")
        assert list(alias.get_view_restrictions()) == [restriction]

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


class TestBreadcrumbs:
    def test_a_renamed_index_page_is_named_in_its_activities_breadcrumbs_at_once(self, client, activity):
        index = activity.get_parent().specific
        assert f">{index.title}</a>" in client.get(activity.url).content.decode()
        index.title = "Things to do"
        index.save_revision().publish()
        assert ">Things to do</a>" in client.get(activity.url).content.decode()


class TestQueries:
    def test_an_activity_page_runs_three_queries(self, client, activity, django_assert_num_queries):
        """The page with its partner (1), sessions and categories (2). Wagtail's walk from the root
        took five for the first; view restrictions (two) and the breadcrumbs' ancestors (one) are
        held by the process (creative_minds.page_tree)."""
        client.get(activity.url)
        with django_assert_num_queries(3):
            assert client.get(activity.url).status_code == 200

    def test_the_partner_shown_on_an_activity_page_costs_no_query_of_its_own(
        self, client, activity, django_assert_num_queries
    ):
        """Only the partner's columns the page shows are read (views.PARTNER_FIELDS_SHOWN): its
        name, link and contact details, down to the notice on a listing not checked for a year."""
        partner = activity.partner
        partner.contact_phone, partner.contact_email = "01484 000000", "hello@partner.example"
        partner.mental_health_friendly = True
        partner.save_revision().publish()
        ActivityPage.objects.filter(pk=activity.pk).update(
            last_reviewed=datetime.date.today() - datetime.timedelta(days=800),
            contact_phone="",
            contact_email="",
        )
        client.get(activity.url)

        with django_assert_num_queries(3):
            html = client.get(activity.url).text
        assert f'<a href="{partner.url}">{partner.title}</a>' in html
        assert "Mental-health friendly" in html
        assert "01484 000000" in html and "hello@partner.example" in html  # the notice's contact
        with django_assert_num_queries(2):  # the page with its partner, and its sessions
            calendar = client.get(f"{activity.url}calendar/").text
        assert f"Run by {partner.title}" in calendar.replace("\r\n ", "")  # lines unfolded

    def test_a_partner_page_runs_two_queries(self, client, activity, django_assert_num_queries):
        client.get(activity.partner.url)
        with django_assert_num_queries(2):
            assert client.get(activity.partner.url).status_code == 200

    def test_a_restricted_page_still_has_wagtail_look_its_restrictions_up(
        self, client, activity, django_assert_num_queries
    ):
        PageViewRestriction.objects.create(
            page=activity.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
        client.get(activity.url)
        with django_assert_num_queries(3):  # the page, then Wagtail's two; the login redirect needs none
            assert client.get(activity.url).status_code == 302


class TestFirstByPath:
    def test_the_page_first_in_the_tree_is_chosen(self, activity):
        index = activity.get_parent()
        elsewhere = index.add_child(instance=Page(title="Elsewhere", slug="elsewhere"))
        elsewhere.add_child(instance=Page(title="Same slug", slug=activity.slug))
        assert first_by_path(Page.objects.filter(slug=activity.slug)).pk == activity.pk

    def test_no_page_is_none(self, activity):
        assert first_by_path(Page.objects.filter(slug="no-such-page")) is None


class TestHeldIndexPages:
    """The search and the partner directory find their index page with no query
    (direct_pages.held_index_page), and see an editor's change at once."""

    def test_a_search_runs_no_query_for_its_index_page(self, client, activity, django_assert_num_queries):
        client.get("/activities/")
        with django_assert_num_queries(0):
            assert client.get("/activities/").status_code == 200

    def test_the_directory_runs_no_query_for_its_index_page(
        self, client, activity, django_assert_num_queries
    ):
        client.get("/partners/")
        with django_assert_num_queries(0):
            assert client.get("/partners/").status_code == 200

    @pytest.mark.parametrize("address", ["/activities/", "/partners/"])
    def test_an_edited_index_page_shows_its_new_introduction_at_once(self, client, activity, address):
        index = Page.objects.get(url_path__endswith=address, depth=3).specific
        client.get(address)
        index.intro = "<p>Things to do near you</p>"
        index.save_revision().publish()
        assert "Things to do near you" in client.get(address).content.decode()

    @pytest.mark.parametrize("address", ["/activities/", "/partners/"])
    def test_an_unpublished_index_page_is_not_found_at_once(self, client, activity, address):
        index = Page.objects.get(url_path__endswith=address, depth=3).specific
        assert client.get(address).status_code == 200
        index.unpublish()
        assert client.get(address).status_code == 404

    def test_an_index_page_with_no_children_is_read_again_when_saved(self, client, activity):
        """A top-level page is forgotten when saved even with nothing below it (no activity yet)."""
        activity.delete()
        index = ActivityIndexPage.objects.get()
        assert index.get_children_count() == 0
        client.get("/activities/")
        index.intro = "<p>Nothing here yet</p>"
        index.save_revision().publish()
        assert "Nothing here yet" in client.get("/activities/").content.decode()

    def test_each_request_gets_a_copy_of_its_own(self, activity):
        first = held_index_page(ActivityIndexPage)
        first.title = "Changed by one request"
        assert held_index_page(ActivityIndexPage).title != "Changed by one request"
