"""The champions' weekly digest: what happened to their referrals in the last seven days, as
activity names, steps and counts, with no health detail; nothing for a quiet week or for a
champion who has turned it off."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from activities.referrals import services, session_dates, tasks
from activities.referrals.factories import (
    ChampionProfileFactory,
    ReferralFactory,
    WellbeingCheckInFactory,
    answers_for_metric,
)
from activities.referrals.models import Referral, ReferralStatusChange, WellbeingCheckIn
from partners.factories import PartnerContactFactory, UserFactory
from tests.referrals.emails import assert_no_health_data

Status = Referral.Status


@pytest.fixture
def activity(make_activity):
    return make_activity("Walking football in Dewsbury")


@pytest.fixture
def partner(activity):
    return PartnerContactFactory(partner=activity.partner).user


@pytest.fixture
def champion(db):
    return ChampionProfileFactory(user=UserFactory(first_name="Chris", email="chris@trust.example")).user


def move(referral, partner, *statuses, **kwargs):
    # Joined at the activity's last session: the first attendance is recorded for a day it met.
    kwargs.setdefault(
        "joined_on", session_dates.recent_meeting_dates(referral.activity, today=timezone.localdate())[0]
    )
    for status in statuses:
        services.change_status(referral=referral, to_status=status, user=partner, **kwargs)


def follow_up_done(referral, metric_raw=24):
    """The participant's follow-up questionnaire, answered just now."""
    participant = referral.participant
    participant.check_ins.filter(kind=WellbeingCheckIn.Kind.FOLLOW_UP).delete()
    return WellbeingCheckInFactory(
        participant=participant,
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        answers=answers_for_metric(metric_raw),
        due_on=timezone.localdate(),
    )


def send() -> int:
    """Run the digest job. The outbox then holds only what it sent, not the questionnaire links
    that joining emails (queued, and so sent at once in tests, with the join itself)."""
    mail.outbox.clear()
    return tasks.send_champion_digests.enqueue().return_value


def test_the_digest_lists_each_step_of_the_week_and_counts_follow_ups_without_health_detail(
    activity, partner, champion
):
    joined = ReferralFactory(activity=activity, champion=champion, preferred_name="Morwenna")
    declined = ReferralFactory(activity=activity, champion=champion, preferred_name="Tamsin")
    waiting = ReferralFactory(activity=activity, champion=champion, preferred_name="Petroc")
    move(joined, partner, Status.ACKNOWLEDGED, Status.JOINED)
    move(declined, partner, Status.NOT_TAKEN_UP, reason=Referral.NotTakenUpReason.CHANGED_MIND)
    first = follow_up_done(joined, metric_raw=24)

    assert send() == 1

    [digest] = mail.outbox
    assert digest.to == ["chris@trust.example"]
    assert digest.subject == "Your referrals this week"
    assert digest.body.startswith("Hello Chris,")
    steps = [line for line in digest.body.splitlines() if line.startswith("- ")]
    assert len(steps) == 3, "three steps happened; the referrals being sent are not news to the champion"
    assert sum("Walking football in Dewsbury: acknowledged on" in line for line in steps) == 1
    assert sum("Walking football in Dewsbury: joined on" in line for line in steps) == 1
    assert sum("Walking football in Dewsbury: not taken up on" in line for line in steps) == 1
    assert "Follow-up wellbeing check-ins done: 1" in digest.body
    assert Referral.NotTakenUpReason.CHANGED_MIND.label not in digest.body, "reasons are not shared"
    for referral in (joined, declined, waiting):
        assert_no_health_data(digest, referral)
    assert str(first.metric_score) not in digest.body


def test_follow_ups_are_counted(activity, partner, champion):
    for _ in range(2):
        referral = ReferralFactory(activity=activity, champion=champion)
        move(referral, partner, Status.JOINED)
        follow_up_done(referral)
    ReferralStatusChange.objects.update(changed_at=timezone.now() - datetime.timedelta(days=8))

    send()

    [digest] = mail.outbox
    assert "Follow-up wellbeing check-ins done: 2" in digest.body
    assert not [line for line in digest.body.splitlines() if line.startswith("- ")]


def test_each_champion_hears_only_about_their_own_referrals(activity, partner, champion):
    other = ChampionProfileFactory(user=UserFactory(email="olly@trust.example")).user
    move(ReferralFactory(activity=activity, champion=champion), partner, Status.ACKNOWLEDGED)
    move(ReferralFactory(activity=activity, champion=other), partner, Status.ACKNOWLEDGED, Status.JOINED)

    assert send() == 2

    steps = {
        message.to[0]: [line for line in message.body.splitlines() if line.startswith("- ")]
        for message in mail.outbox
    }
    assert len(steps["chris@trust.example"]) == 1
    assert len(steps["olly@trust.example"]) == 2


def test_no_email_for_a_champion_with_nothing_new(activity, partner, champion):
    ReferralFactory(activity=activity, champion=champion)  # sent this week, nothing since
    old = ReferralFactory(activity=activity, champion=champion)
    move(old, partner, Status.ACKNOWLEDGED)
    ReferralStatusChange.objects.filter(referral=old).update(
        changed_at=timezone.now() - datetime.timedelta(days=8)
    )
    ChampionProfileFactory(user=UserFactory(email="never-referred@trust.example"))

    assert send() == 0
    assert mail.outbox == []


def test_no_email_for_a_champion_who_turned_the_digest_off(activity, partner, champion):
    champion.champion_profile.weekly_digest = False
    champion.champion_profile.save()
    move(ReferralFactory(activity=activity, champion=champion), partner, Status.ACKNOWLEDGED)

    assert send() == 0
    assert mail.outbox == []


def test_no_email_for_a_champion_who_has_left(activity, partner, champion):
    champion.is_active = False
    champion.save()
    move(ReferralFactory(activity=activity, champion=champion), partner, Status.ACKNOWLEDGED)

    assert send() == 0
