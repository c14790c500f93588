"""What the public sees of a listing's state: a paused or ended activity and one not checked for too
long say so on the activity's page; the partner's page leaves ended activities out and marks paused
ones; a paused activity's search result card says until when, and stops saying so once that day
has passed, without the search index being rebuilt."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from wagtail.models import Site

from activities.models import ActivityPage
from activities.search import facet_index
from home.models import SiteSettings
from partners.factories import PartnerPageFactory
from partners.models import Locality
from tests.listings import frozen_clock

clock = frozen_clock.clock

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
PAUSED_UNTIL = datetime.date(2027, 1, 4)
Status = ActivityPage.ListingStatus


@pytest.fixture
def partner(db, clock):
    clock.move_to(TODAY)
    return PartnerPageFactory(
        home=Locality.objects.get(slug="kirklees"),
        title="Huddersfield Singers",
        contact_phone="01484 111222",
        contact_email="hello@singers.example",
    )


@pytest.fixture
def our_phone(db):
    details = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    details.contact_phone = "01924 316000"
    details.save()
    return details


def with_state(activity, **fields):
    """Set fields kept outside revisions, as the listings services do (a queryset update)."""
    ActivityPage.objects.filter(pk=activity.pk).update(**fields)
    activity.refresh_from_db()
    return activity


def page_of(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def words(element) -> str:
    return " ".join(element.get_text().split()) if element else ""


# -- the activity's page ---------------------------------------------------------------------------


def test_a_paused_activity_says_until_when_with_the_partners_message_and_not_after(
    client, clock, partner, make_activity
):
    choir = with_state(
        make_activity("Harmony choir", partner=partner),
        listing_status=Status.PAUSED,
        paused_until=PAUSED_UNTIL,
        status_message="Our hall is being <repaired>. Back in the new year!",
    )

    notice = page_of(client, choir.url).select_one("#listing-paused")

    assert notice is not None and "nhsuk-warning-callout" in notice["class"]
    assert words(notice.h2) == "Important: Paused until Monday 4 January 2027"
    assert "Our hall is being <repaired>. Back in the new year!" in words(notice)
    assert "&lt;repaired&gt;" in str(notice)  # the partner's words, escaped

    clock.move_to(PAUSED_UNTIL + datetime.timedelta(days=1))
    cache.clear()  # the page cache would keep yesterday's copy a few minutes
    assert page_of(client, choir.url).select_one("#listing-paused") is None


def test_an_ended_activity_says_so_and_points_to_the_partners_other_activities_and_the_search(
    client, partner, make_activity
):
    choir = with_state(
        make_activity("Harmony choir", partner=partner),
        listing_status=Status.ENDED,
        status_message="Thank you to everyone who sang with us.",
    )

    notice = page_of(client, choir.url).select_one("#listing-ended")

    assert words(notice.h2) == "Important: This activity has ended"
    assert "Thank you to everyone who sang with us." in words(notice)
    links = {a["href"]: words(a) for a in notice.select("a")}
    assert links == {
        partner.url: "other activities run by Huddersfield Singers",
        "/activities/": "search for activities near you",
    }


def test_an_overdue_listing_says_kindly_when_it_was_checked_and_how_to_check(
    client, partner, make_activity, our_phone
):
    choir = with_state(
        make_activity("Harmony choir", partner=partner, contact_phone="", contact_email=""),
        last_reviewed=datetime.date(2026, 3, 1),
    )
    assert choir.review_stage == "due"

    page = page_of(client, choir.url)

    notice = page.select_one("#listing-out-of-date")
    assert words(notice) == (
        "Information: These details were last checked on 1 March 2026, so some may have changed. "
        "Before you go, check with Huddersfield Singers on 01484 111222 or at hello@singers.example, "
        "or call us on 01924 316000."
    )
    assert {a["href"] for a in notice.select("a")} == {
        "tel:01484111222",
        "mailto:hello@singers.example",
        f"tel:{our_phone.phone_href}",
    }
    assert words(page).count("last checked on") == 1, "one 'last checked' line, not two"


def test_the_activitys_own_contact_details_come_first(client, partner, make_activity, our_phone):
    choir = with_state(
        make_activity("Harmony choir", partner=partner, contact_phone="07700 900123", contact_email=""),
        last_reviewed=datetime.date(2025, 12, 1),  # stale: out of search, the page still warns
    )

    notice = words(page_of(client, choir.url).select_one("#listing-out-of-date"))

    assert "check with Huddersfield Singers on 07700 900123 or at hello@singers.example" in notice


def test_a_recently_checked_listing_shows_its_last_checked_line_and_no_notice(client, partner, make_activity):
    choir = with_state(make_activity("Harmony choir", partner=partner), last_reviewed=TODAY)

    page = page_of(client, choir.url)

    assert page.select_one("#listing-out-of-date") is None
    assert page.select_one("#listing-paused") is None
    assert "These details were last checked on 20 November 2026." in words(page)


# -- the partner's page and the search ---------------------------------------------------------------


def test_the_partners_page_leaves_out_ended_activities_and_marks_paused_ones(client, partner, make_activity):
    make_activity("Running choir", partner=partner)
    with_state(
        make_activity("Paused choir", partner=partner),
        listing_status=Status.PAUSED,
        paused_until=PAUSED_UNTIL,
    )
    with_state(make_activity("Ended choir", partner=partner), listing_status=Status.ENDED)
    facet_index.bump()  # as the services that pause and end do

    cards = page_of(client, partner.url).select("#partner-activities .nhsuk-card")

    shown = {words(card.h3): words(card.select_one(".cm-result__paused")) for card in cards}
    assert shown == {"Paused choir": "Paused until 4 January 2027", "Running choir": ""}


def test_a_paused_card_in_the_search_says_until_when_only_while_the_pause_lasts(
    client, clock, partner, make_activity
):
    with_state(
        make_activity("Harmony choir", partner=partner, summary="A choir."),
        listing_status=Status.PAUSED,
        paused_until=datetime.date(2026, 12, 24),
    )
    search = lambda: page_of(client, "/activities/?q=choir").select_one("#results .nhsuk-card")  # noqa: E731

    assert words(search().select_one(".cm-result__paused")) == "Paused until 24 December"
    version = facet_index.current().version

    clock.move_to(datetime.date(2026, 12, 25))
    cache.clear()  # the page cache, not the index: its version is kept below
    cache.set(facet_index.VERSION_KEY, version, None)

    card = search()
    assert card.select_one(".cm-result__paused") is None
    assert "Harmony choir" in words(card)
    assert facet_index.current().version == version, "no rebuild was needed"


def test_a_pause_with_no_end_date_says_paused_for_now(client, partner, make_activity):
    choir = with_state(
        make_activity("Harmony choir", partner=partner), listing_status=Status.PAUSED, paused_until=None
    )

    page = page_of(client, choir.url)
    assert words(page.select_one("#listing-paused").h2) == "Important: Paused for now"
    assert words(page_of(client, partner.url).select_one(".cm-result__paused")) == "Paused for now"
