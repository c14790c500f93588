"""A champion hears the same day that a referral they made has moved on: one email, "A referral you
made has moved on", naming the activity and the new status in words, with a link to the referral's
page (sign-in and second factor needed). Never the person's name or anything about them. Not for the
champion's own changes, and at most one a day for each referral: a partner who acknowledges, phones
and marks someone joined in one afternoon sends one notice, at NOTICE_HOUR, saying where it got to."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from activities.referrals import emails, services
from activities.referrals.factories import ChampionProfileFactory, ReferralFactory
from activities.referrals.models import Referral
from creative_minds.mail import absolute_url
from partners.factories import PartnerContactFactory, UserFactory
from tests import email_queue
from tests.builders import join_on_a_meeting_day
from tests.referrals.emails import assert_no_health_data

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
SUBJECT = "A referral you made has moved on"
Status = Referral.Status


@pytest.fixture
def activity(make_activity):
    return make_activity("Walking football in Dewsbury")


@pytest.fixture
def organiser(activity):
    return PartnerContactFactory(partner=activity.partner, user=UserFactory(email="pat@partner.example")).user


@pytest.fixture
def champion(db):
    return ChampionProfileFactory(user=UserFactory(first_name="Chidi", email="chidi@trust.example")).user


@pytest.fixture
def referral(activity, champion):
    return ReferralFactory(
        activity=activity,
        champion=champion,
        preferred_name="Morwenna",
        email="morwenna@example.net",
        phone="07700 900456",
        support_needs="Step-free access, please.",
        note_for_partner="Nervous about groups.",
    )


@pytest.fixture
def clock(monkeypatch):
    """clock(datetime): from now on it is that moment (timezone.now and so every auto_now_add)."""

    def set_now(moment: datetime.datetime):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return set_now


def notices():
    return [message for message in mail.outbox if message.subject == SUBJECT]


def move(referral, user, *statuses, **kwargs):
    for status in statuses:
        if status == Status.JOINED:
            kwargs.setdefault("joined_on", join_on_a_meeting_day(referral))
        services.change_status(referral=referral, to_status=status, user=user, **kwargs)


def test_the_champion_is_told_with_the_activity_the_status_in_words_and_a_link(referral, organiser):
    mail.outbox.clear()

    move(referral, organiser, Status.ACKNOWLEDGED)

    [notice] = notices()
    assert notice.to == ["chidi@trust.example"]
    assert notice.body.startswith("Hello Chidi,")
    assert "Walking football in Dewsbury" in notice.body
    assert "The group has seen it and will get in touch with them." in notice.body
    assert absolute_url("referrals:detail", referral.public_id) in notice.body
    assert "second step" in notice.body
    assert_no_health_data(notice, referral)
    assert "Morwenna" not in notice.body and "07700" not in notice.body


def test_not_for_the_champion_own_change(referral, champion):
    mail.outbox.clear()

    move(referral, champion, Status.WITHDRAWN)

    assert notices() == []


def test_not_for_someone_who_asked_to_join_themselves(activity, organiser):
    asked = ReferralFactory(activity=activity, champion=None, source=Referral.Source.SELF)
    mail.outbox.clear()

    move(asked, organiser, Status.ACKNOWLEDGED)

    assert notices() == []


def test_a_day_of_changes_makes_one_notice_at_the_notice_hour_saying_where_it_got_to(
    referral, organiser, clock, database_queue
):
    clock(datetime.datetime(2026, 11, 30, 10, tzinfo=LONDON))
    mail.outbox.clear()

    move(referral, organiser, Status.ACKNOWLEDGED)
    clock(datetime.datetime(2026, 11, 30, 11, tzinfo=LONDON))
    move(referral, organiser, Status.CONTACTED)
    clock(datetime.datetime(2026, 11, 30, 15, tzinfo=LONDON))
    move(referral, organiser, Status.JOINED)

    waiting = [
        task for task in email_queue.waiting_tasks() if "referral_moved_on" in task.args_kwargs["args"][0]
    ]
    assert len(waiting) == 1
    assert waiting[0].run_after == datetime.datetime(2026, 11, 30, emails.NOTICE_HOUR, tzinfo=LONDON)
    email_queue.run_worker()
    assert notices() == [], "not before the notice hour"

    email_queue.let_time_pass()
    email_queue.run_worker()

    [notice] = notices()
    assert "They have joined the activity." in notice.body
    assert "The group has seen it" not in notice.body
    assert_no_health_data(notice, referral)


def test_a_change_the_next_day_brings_the_next_day_notice(referral, organiser, clock, database_queue):
    clock(datetime.datetime(2026, 11, 30, 10, tzinfo=LONDON))
    move(referral, organiser, Status.ACKNOWLEDGED)
    clock(datetime.datetime(2026, 11, 30, 17, 30, tzinfo=LONDON))
    email_queue.run_worker()
    assert len(notices()) == 1

    clock(datetime.datetime(2026, 12, 1, 9, tzinfo=LONDON))
    move(referral, organiser, Status.CONTACTED)
    clock(datetime.datetime(2026, 12, 1, 17, 30, tzinfo=LONDON))
    email_queue.run_worker()

    assert len(notices()) == 2
    assert "The group has been in touch with them." in notices()[1].body


def test_a_change_after_the_notice_hour_waits_for_the_next_day(referral, organiser, clock, database_queue):
    clock(datetime.datetime(2026, 11, 30, 18, tzinfo=LONDON))

    move(referral, organiser, Status.ACKNOWLEDGED)

    [task] = [
        task for task in email_queue.waiting_tasks() if "referral_moved_on" in task.args_kwargs["args"][0]
    ]
    assert task.run_after == datetime.datetime(2026, 12, 1, emails.NOTICE_HOUR, tzinfo=LONDON)


def test_no_notice_if_the_champion_changed_it_since(referral, organiser, champion, clock, database_queue):
    clock(datetime.datetime(2026, 11, 30, 10, tzinfo=LONDON))
    move(referral, organiser, Status.ACKNOWLEDGED)
    clock(datetime.datetime(2026, 11, 30, 12, tzinfo=LONDON))
    move(referral, champion, Status.WITHDRAWN)  # they know where it got to: they did it

    clock(datetime.datetime(2026, 11, 30, 17, 30, tzinfo=LONDON))
    email_queue.run_worker()

    assert notices() == []


def test_the_notice_link_needs_signing_in(client, referral, organiser):
    move(referral, organiser, Status.ACKNOWLEDGED)

    response = client.get(reverse("referrals:detail", args=[referral.public_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
