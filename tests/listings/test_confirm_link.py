"""The emailed "These details are still right" link, and the same button for someone signed in.

Opening the link never confirms (email scanners open every link); the button does, once. A used
link says the details were already confirmed, an expired one says how to get a new one (410), and
a tampered one, or any string at all, gets a plain page (400), never a server error.
"""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import PageLogEntry, Revision

from activities.listings.confirm_links import BadLink, ExpiredLink, make_token, read_token
from activities.models import ActivityPage
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import session
from tests.concurrency import race
from tests.listings import frozen_clock

clock = frozen_clock.clock

TODAY = datetime.date(2026, 11, 30)
CHECKED = datetime.date(2026, 5, 20)  # due 20 November: overdue today


@pytest.fixture
def activity(db, clock, make_activity):
    clock.move_to(TODAY)
    activity = make_activity(
        "Harmony choir",
        summary="A friendly choir.",
        sessions=[session("tue", "10:00", "12:00")],
        venue_name="Oak Hall",
        postcode="HD1 2TA",
        cost_type=ActivityPage.CostType.PAID,
        cost_amount="3.50",
        how_to_join=ActivityPage.HowToJoin.BOOK,
        contact_name="Robin",
        contact_phone="01484 123456",
        contact_email="robin@choir.example",
    )
    ActivityPage.objects.filter(pk=activity.pk).update(last_reviewed=CHECKED)
    activity.refresh_from_db()
    return activity


def link(activity) -> str:
    return reverse("listings:check", args=[make_token(activity)])


def last_checked(activity) -> datetime.date:
    return ActivityPage.objects.get(pk=activity.pk).last_reviewed


def confirmations(activity):
    return PageLogEntry.objects.filter(page=activity, action="listings.confirm")


def text(response) -> str:
    """The page's words, without its tags."""
    return " ".join(strip_tags(response.content.decode()).split())


# -- the emailed link ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_the_link_shows_the_listing_and_asks_but_never_confirms(client, activity):
    response = client.get(link(activity))

    assert response.status_code == 200
    page = text(response)
    for detail in (
        "Are these details still right?",
        "Harmony choir",
        "Every Tuesday, 10am to midday",
        "Oak Hall",
        "£3.50 a session",
        "Book a place first",
        "01484 123456",
        "robin@choir.example",
        "Yes, these details are still right",
        "Something has changed?",
    ):
        assert detail in page, detail
    assert reverse("listings:activity_edit", args=[activity.translation_key]) in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert last_checked(activity) == CHECKED
    assert not confirmations(activity).exists()


@pytest.mark.django_db
def test_the_button_confirms_once_and_says_when_the_next_check_is(client, activity):
    url = link(activity)

    response = client.post(url)

    assert response.status_code == 200
    page = text(response)
    assert "last checked on 30 November 2026" in page
    assert "check them again by 30 May 2027" in page
    assert last_checked(activity) == TODAY
    (entry,) = confirmations(activity)
    assert entry.user is None
    assert entry.data == {"last_checked": "2026-11-30", "how": "by the emailed link"}

    for again in (client.get(url), client.post(url)):
        assert again.status_code == 200
        assert "These details were already confirmed on 30 November 2026. Thank you." in text(again)
    assert confirmations(activity).count() == 1


@pytest.mark.django_db
def test_the_link_expires_after_the_set_number_of_days(client, clock, activity, settings):
    settings.LISTING_CONFIRM_LINK_DAYS = 60
    url = link(activity)

    clock.days_later(60)
    assert client.get(url).status_code == 200
    clock.days_later(1)
    response = client.post(url)

    assert response.status_code == 410
    page = text(response)
    assert "This link has expired" in page
    assert "sign in to Your listings" in page
    assert "call Creative Minds" in page
    assert last_checked(activity) == CHECKED


@pytest.mark.parametrize(
    "token",
    [
        "changed",  # filled in below: a real link with one character changed
        "cut-short",  # a real link without its last characters
        "another-salt",
        "not-made-by-make_token",
        "\x00\x00",
        "a" * 5000,
        "ünïcødé ✓ 🎨",
        "a:b:c",
        "..",
    ],
)
@pytest.mark.django_db
def test_a_tampered_link_or_any_other_string_gets_a_plain_page_never_an_error(client, activity, token):
    real = make_token(activity)
    token = {
        "changed": real[:-3] + ("A" if real[-3] != "A" else "B") + real[-2:],
        "cut-short": real[:-5],
        "another-salt": signing.dumps({"page": activity.pk, "checked": CHECKED.isoformat()}, salt="other"),
        "not-made-by-make_token": signing.dumps({"page": "x"}, salt="listings.check"),
    }.get(token, token)

    for response in (
        client.get(f"/listings/check/{quote(token)}/"),
        client.post(f"/listings/check/{quote(token)}/"),
    ):
        assert response.status_code == 400
        page = text(response)
        assert "This link is not right" in page
        assert "Copy the whole link from the email, or sign in to Your listings" in page
    assert last_checked(activity) == CHECKED


def test_read_token_tells_a_tampered_link_from_an_expired_one(activity, clock):
    token = make_token(activity)
    assert read_token(token).page_id == activity.pk
    assert read_token(token).last_reviewed == CHECKED
    with pytest.raises(BadLink):
        read_token(token + "x")
    clock.days_later(11)
    with pytest.raises(ExpiredLink):
        read_token(token, max_age_days=10)


@pytest.mark.django_db
def test_a_link_for_a_listing_taken_off_the_site_or_ended_confirms_nothing(client, activity):
    url = link(activity)
    ActivityPage.objects.filter(pk=activity.pk).update(listing_status=ActivityPage.ListingStatus.ENDED)
    ended = client.post(url)
    assert ended.status_code == 200
    assert "This activity is marked as ended" in text(ended)

    activity.unpublish()
    gone = client.post(url)

    assert gone.status_code == 410
    assert "This listing is no longer on the website" in text(gone)
    assert last_checked(activity) == CHECKED


# -- what confirming changes -----------------------------------------------------------------------


@pytest.mark.django_db
def test_confirming_resets_last_checked_on_the_page_and_brings_a_stale_listing_back_into_search(
    client, activity, django_capture_on_commit_callbacks
):
    ActivityPage.objects.filter(pk=activity.pk).update(last_reviewed=datetime.date(2026, 1, 20))
    activity.refresh_from_db()
    assert activity.review_stage == "stale"
    search = lambda: text(client.get("/activities/", {"q": "choir"}))  # noqa: E731
    assert "Harmony choir" not in search()
    assert "last checked on 20 January 2026, so some may have changed" in text(client.get(activity.url))

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link(activity)).status_code == 200

    assert "Harmony choir" in search()
    page = text(client.get(activity.url))
    assert "These details were last checked on 30 November 2026." in page
    assert "so some may have changed" not in page


@pytest.mark.django_db
def test_publishing_an_edit_resets_last_checked_but_an_older_revision_never_moves_it_back(activity, clock):
    older = activity.save_revision()  # made before the partner's edit, with the old date
    clock.days_later(1)
    edit = ActivityPage.objects.get(pk=activity.pk)
    edit.summary = "A friendly choir that meets on Tuesdays."
    edit.last_reviewed = TODAY + datetime.timedelta(days=1)  # what a partner's edit records
    edit.save_revision().publish()
    assert last_checked(activity) == TODAY + datetime.timedelta(days=1)

    Revision.objects.get(pk=older.pk).publish()  # as the admin does: read afresh

    assert last_checked(activity) == TODAY + datetime.timedelta(days=1)


# -- signed in: /listings/activities/<key>/still-right/ --------------------------------------------


def still_right(activity) -> str:
    return reverse("listings:activity_confirm", args=[activity.translation_key])


@pytest.mark.django_db
def test_a_partner_contact_confirms_their_own_listing_signed_in(client, activity):
    contact = PartnerContactFactory(partner=activity.partner).user
    client.force_login(contact)

    response = client.post(still_right(activity))

    assert response.status_code == 302
    assert response["Location"] == reverse("listings:partner", args=[activity.partner.translation_key])
    assert last_checked(activity) == TODAY
    (entry,) = confirmations(activity)
    assert entry.user == contact
    assert entry.data["how"] == "signed in"
    next_check = "We will ask you to check it again by 30 May 2027."
    thanks = f"Thank you. Harmony choir is marked as checked today. {next_check}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [thanks]
    again = client.post(still_right(activity))
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
        "Harmony choir was already checked on 30 November 2026."
    )
    assert confirmations(activity).count() == 1


@pytest.mark.django_db
def test_staff_who_manage_any_listing_may_confirm_it(client, activity):
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="manage_any_listing"))
    client.force_login(staff)

    assert client.post(still_right(activity)).status_code == 302
    assert last_checked(activity) == TODAY


@pytest.mark.django_db
def test_the_signed_in_button_answers_only_a_post_and_only_to_those_who_manage_the_listing(client, activity):
    anonymous = client.post(still_right(activity))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    other_partner = PartnerPageFactory(home=Locality.objects.get(slug="calderdale"))
    client.force_login(PartnerContactFactory(partner=other_partner).user)
    assert client.post(still_right(activity)).status_code == 404
    client.force_login(UserFactory())
    assert client.post(still_right(activity)).status_code == 404
    assert client.get(still_right(activity)).status_code == 404
    client.force_login(PartnerContactFactory(partner=activity.partner).user)
    assert client.get(still_right(activity)).status_code == 405
    assert last_checked(activity) == CHECKED
    assert not confirmations(activity).exists()


# -- two taps at once (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_taps_of_the_button_at_once_confirm_once(require_postgres, clock, make_activity):
    clock.move_to(TODAY)
    partner = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"), postcode="")
    activity = make_activity(
        "Harmony choir", partner=partner, postcode="", delivery=ActivityPage.Delivery.ONLINE
    )
    ActivityPage.objects.filter(pk=activity.pk).update(last_reviewed=CHECKED)
    activity.refresh_from_db()
    url = link(activity)

    responses = race([lambda: Client().post(url), lambda: Client().post(url)])

    assert sorted(response.status_code for response in responses) == [200, 200]
    pages = sorted(text(response) for response in responses)
    assert sum("These details were already confirmed on 30 November 2026" in page for page in pages) == 1
    assert confirmations(activity).count() == 1
    assert last_checked(activity) == TODAY
