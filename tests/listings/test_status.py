"""Pause, end or restart an activity: at once, without review, audited, staff told by a queued
email, the search and the page cache told; bad input is a message on the form, never a 500."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from activities.listings.services.status import (
    end_activity,
    pause_activity,
    restart_activity,
    restart_finished_pauses,
)
from activities.models import ActivityPage
from activities.search import facet_index
from creative_minds import page_cache
from partners.factories import PartnerContactFactory
from tests.builders import date_input
from tests.email_queue import run_worker, waiting_tasks

pytestmark = pytest.mark.django_db

Status = ActivityPage.ListingStatus


@pytest.fixture
def activity(make_activity):
    return make_activity("Clay and conversation")


@pytest.fixture
def contact(activity):
    return PartnerContactFactory(partner=activity.partner, user__first_name="Pat", user__last_name="Lee").user


@pytest.fixture
def signed_in(client, contact):
    client.force_login(contact)
    return client


def status_url(activity):
    return reverse("listings:activity_status", kwargs={"key": activity.translation_key})


def fresh(activity) -> ActivityPage:
    return ActivityPage.objects.get(pk=activity.pk)


def logged(activity) -> list[str]:
    return list(PageLogEntry.objects.filter(page=activity).order_by("pk").values_list("action", flat=True))


def listings_actions(activity) -> list[str]:
    return [action for action in logged(activity) if action.startswith("listings.")]


def pause_data(day, message="We are closed over Christmas"):
    return {"action": "pause", **date_input("until", day), "message": message}


# -- the form --------------------------------------------------------------------------------


def test_the_form_offers_pause_and_end_and_running_again_only_when_paused_or_ended(signed_in, activity):
    text = signed_in.get(status_url(activity)).text
    assert "What do you want to do?" in text
    assert "Pause it until a date" in text and "It has ended" in text
    assert "It is running again" not in text
    ActivityPage.objects.filter(pk=activity.pk).update(listing_status=Status.ENDED)
    assert "It is running again" in signed_in.get(status_url(activity)).text


def test_pausing_takes_effect_at_once_without_review(
    signed_in, activity, contact, django_capture_on_commit_callbacks
):
    until = timezone.localdate() + datetime.timedelta(days=30)
    revisions_before = activity.revisions.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(status_url(activity), pause_data(until))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "listings:partner", kwargs={"key": activity.partner.translation_key}
    )
    paused = fresh(activity)
    assert (paused.listing_status, paused.paused_until, paused.status_message) == (
        Status.PAUSED,
        until,
        "We are closed over Christmas",
    )
    assert paused.is_paused and paused.live
    assert activity.revisions.count() == revisions_before  # no revision, nothing waits for review
    entry = PageLogEntry.objects.get(page=activity, action="listings.pause")
    assert entry.user == contact
    assert entry.data == {
        "from": "running",
        "until": until.isoformat(),
        "message": "We are closed over Christmas",
    }
    followed = signed_in.get(response["Location"])
    assert "is paused until" in followed.text and "The public page says so now" in followed.text


def test_ending_and_restarting(signed_in, activity):
    response = signed_in.post(status_url(activity), {"action": "end", "message": "We stopped in May"})
    assert response.status_code == 302
    assert (fresh(activity).listing_status, fresh(activity).status_message) == (
        Status.ENDED,
        "We stopped in May",
    )
    assert activity.pk not in ActivityPage.objects.in_search().values_list("pk", flat=True)
    response = signed_in.post(status_url(activity), {"action": "restart", "message": "ignored"})
    assert response.status_code == 302
    restarted = fresh(activity)
    assert (restarted.listing_status, restarted.paused_until, restarted.status_message) == (
        Status.RUNNING,
        None,
        "",
    )
    assert listings_actions(activity) == ["listings.end", "listings.resume"]


def test_staff_are_told_by_a_queued_email(signed_in, activity, database_queue, settings):
    settings.LISTINGS_STAFF_EMAIL = "listings-team@creativeminds.example"
    until = timezone.localdate() + datetime.timedelta(days=10)
    signed_in.post(status_url(activity), pause_data(until))
    assert waiting_tasks().count() == 1
    assert mail.outbox == []  # queued, not sent in the request
    run_worker()
    [message] = mail.outbox
    assert message.to == ["listings-team@creativeminds.example"]
    assert message.subject == "Paused: Clay and conversation"
    assert "Pat Lee has paused Clay and conversation" in message.body
    assert f"until {until:%A} {until.day} {until:%B %Y}" in message.body
    assert '"We are closed over Christmas"' in message.body
    assert f"/admin/pages/{activity.pk}/edit/" in message.body
    assert settings.WAGTAILADMIN_BASE_URL in message.body


@pytest.mark.parametrize(
    ("action", "subject"),
    [("end", "Ended: Clay and conversation"), ("restart", "Running again: Clay and conversation")],
)
def test_ending_and_restarting_tell_staff_too(signed_in, activity, action, subject):
    if action == "restart":
        ActivityPage.objects.filter(pk=activity.pk).update(listing_status=Status.PAUSED)
    signed_in.post(status_url(activity), {"action": action})
    assert [message.subject for message in mail.outbox] == [subject]


def test_the_search_and_the_page_cache_forget_at_once(activity, contact, django_capture_on_commit_callbacks):
    facet_index.current()
    version = cache.get(facet_index.VERSION_KEY)
    page_cache.forget_pages()
    generation = cache.get(page_cache.GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        end_activity(activity, message="", user=contact)
    assert cache.get(facet_index.VERSION_KEY) != version
    assert activity.pk not in facet_index.current().ids.tolist()
    assert cache.get(page_cache.GENERATION_KEY) == generation + 1


def test_a_double_submit_changes_nothing_the_second_time(signed_in, activity, database_queue):
    until = timezone.localdate() + datetime.timedelta(days=7)
    first = signed_in.post(status_url(activity), pause_data(until))
    second = signed_in.post(status_url(activity), pause_data(until))
    assert first.status_code == second.status_code == 302
    assert listings_actions(activity) == ["listings.pause"]
    assert waiting_tasks().count() == 1


def test_the_services_say_whether_anything_changed(activity, contact):
    until = timezone.localdate() + datetime.timedelta(days=3)
    assert pause_activity(activity, until=until, message="", user=contact) is True
    assert pause_activity(activity, until=until, message="", user=contact) is False
    assert pause_activity(activity, until=until, message="Back soon", user=contact) is True
    assert activity.status_message == "Back soon"  # the object in hand says what the row says
    assert restart_activity(activity, user=contact) is True
    assert restart_activity(activity, user=contact) is False
    assert listings_actions(activity) == ["listings.pause", "listings.pause", "listings.resume"]


def test_a_pending_change_is_left_waiting_and_keeps_the_pause_when_published(activity, contact):
    activity.title = "A new title waiting for review"
    revision = activity.save_revision(user=contact)
    pause_activity(
        activity, until=timezone.localdate() + datetime.timedelta(days=5), message="", user=contact
    )
    assert fresh(activity).title == "Clay and conversation"
    revision.publish()
    published = fresh(activity)
    assert published.title == "A new title waiting for review"
    assert published.listing_status == Status.PAUSED


# -- bad input: a message, what was typed kept, nothing changed -------------------------------


def _refused(signed_in, activity, data, message):
    response = signed_in.post(status_url(activity), data)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert fresh(activity).listing_status == Status.RUNNING
    assert listings_actions(activity) == []
    return response


def test_nothing_chosen(signed_in, activity):
    _refused(signed_in, activity, {}, "Choose what you want to do")


def test_a_pause_needs_a_date(signed_in, activity):
    _refused(
        signed_in, activity, {"action": "pause", "message": "Closed"}, "Enter the last day it will not meet"
    )


def test_a_date_that_is_not_one_keeps_what_was_typed(signed_in, activity):
    response = _refused(
        signed_in,
        activity,
        {
            "action": "pause",
            "until_day": "31",
            "until_month": "2",
            "until_year": "2027",
            "message": "Closed for now",
        },
        "Enter the date as numbers",
    )
    assert 'value="31"' in response.text and "Closed for now" in response.text
    _refused(
        signed_in,
        activity,
        {"action": "pause", "until_day": "next", "until_month": "week", "until_year": "27"},
        "Enter the date as numbers",
    )


def test_a_date_in_the_past(signed_in, activity):
    _refused(
        signed_in,
        activity,
        pause_data(timezone.localdate() - datetime.timedelta(days=1)),
        "The date must be today or later",
    )


def test_today_and_a_year_ahead_are_fine_but_not_a_day_more(signed_in, activity):
    today = timezone.localdate()
    _refused(
        signed_in,
        activity,
        pause_data(today + relativedelta(years=1, days=1)),
        "The date must be within a year",
    )
    assert signed_in.post(status_url(activity), pause_data(today + relativedelta(years=1))).status_code == 302
    assert signed_in.post(status_url(activity), pause_data(today)).status_code == 302
    assert fresh(activity).paused_until == today


def test_a_message_of_201_characters(signed_in, activity):
    response = _refused(
        signed_in,
        activity,
        pause_data(timezone.localdate(), "x" * 201),
        "The message must be 200 characters or fewer",
    )
    assert "x" * 201 in response.text  # what they typed is there to shorten
    assert (
        signed_in.post(status_url(activity), pause_data(timezone.localdate(), "x" * 200)).status_code == 302
    )


def test_the_message_is_plain_text_on_one_line(signed_in, activity):
    signed_in.post(status_url(activity), {"action": "end", "message": "  Closed.\r\n\r\nSee <b>you</b>  "})
    assert fresh(activity).status_message == "Closed. See <b>you</b>"
    text = signed_in.get(reverse("listings:partner", kwargs={"key": activity.partner.translation_key})).text
    assert "See &lt;b&gt;you&lt;/b&gt;" in text


@pytest.mark.parametrize(
    "data",
    [
        {"action": "pause\x00", "message": "x"},
        {"action": "end", "message": "Closed\x00"},
        {"action": "pause", "until_day": "1\x00", "until_month": "1", "until_year": "2027"},
        {"action": ["pause", "end"], "until_day": ["1", "2"]},
        {"action": "restart"},  # not offered while it is running
        {"action": "x" * 5000, "until_year": "9" * 5000},
    ],
)
def test_garbage_gets_a_message_never_a_500(signed_in, activity, data):
    response = signed_in.post(status_url(activity), data)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert fresh(activity).listing_status == Status.RUNNING


def test_another_partners_contact_cannot_pause_it(client, activity, make_activity):
    other = PartnerContactFactory(partner=make_activity("Elsewhere", locality="calderdale").partner).user
    client.force_login(other)
    assert client.get(status_url(activity)).status_code == 404
    response = client.post(status_url(activity), pause_data(timezone.localdate()))
    assert response.status_code == 404
    assert fresh(activity).listing_status == Status.RUNNING
    assert listings_actions(activity) == []


def test_a_pause_whose_day_has_passed_is_cleared_by_the_daily_job_once(activity, contact, make_activity):
    today = timezone.localdate()
    pause_activity(activity, until=today - datetime.timedelta(days=1), message="Closed", user=contact)
    still_paused = make_activity("Choir in the hall", partner=activity.partner)
    pause_activity(still_paused, until=today, message="Back tomorrow", user=contact)
    mail.outbox.clear()

    assert restart_finished_pauses(today) == 1
    assert restart_finished_pauses(today) == 0

    ended = fresh(activity)
    assert (ended.listing_status, ended.paused_until, ended.status_message) == ("running", None, "")
    assert listings_actions(activity)[-1] == "listings.resume"
    assert PageLogEntry.objects.filter(page=activity, action="listings.resume").get().user is None
    assert fresh(still_paused).listing_status == "paused"
    assert not mail.outbox, "staff are not emailed when a pause simply runs out"
