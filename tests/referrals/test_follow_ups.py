"""The daily follow-up job: a follow-up questionnaire that is due is emailed once, to people we have
an email address for; the rest wait for the partner to show a QR code."""

import datetime

from django.core import mail
from django.utils import timezone

from activities.referrals import checkins, tasks
from activities.referrals.factories import ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import Referral, WellbeingCheckIn
from tests.referrals.emails import assert_no_health_data

Kind = WellbeingCheckIn.Kind
Status = WellbeingCheckIn.Status


def follow_up(*, due_in_days: int = 0, **referral_fields) -> WellbeingCheckIn:
    participant = ParticipantFactory(**{f"referral__{key}": value for key, value in referral_fields.items()})
    WellbeingCheckInFactory(participant=participant, kind=Kind.BASELINE, answers=(2, 3, 2, 3, 2, 3, 2))
    return WellbeingCheckInFactory(
        participant=participant,
        kind=Kind.FOLLOW_UP,
        status=Status.WAITING,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days),
    )


def send() -> int:
    return tasks.send_wellbeing_follow_ups.enqueue().return_value


def test_a_due_follow_up_is_emailed_once_with_a_working_link(db):
    check_in = follow_up(due_in_days=-2, preferred_name="Morwenna", email="morwenna@example.net")

    assert send() == 1

    [message] = mail.outbox
    assert message.to == ["morwenna@example.net"]
    assert_no_health_data(message, check_in.participant.referral)
    check_in.refresh_from_db()
    assert check_in.channel == WellbeingCheckIn.Channel.EMAIL
    assert check_in.link_sent_at is not None
    token = message.body.split("/wellbeing/")[1].split("/")[0]
    assert checkins.find(token).check_in == check_in

    assert send() == 0, "the next day's run does not send it again"
    assert len(mail.outbox) == 1


def test_a_follow_up_due_today_is_sent(db):
    follow_up(due_in_days=0)

    assert send() == 1


def test_a_follow_up_is_not_sent_before_it_is_due(db):
    check_in = follow_up(due_in_days=1)

    assert send() == 0
    assert mail.outbox == []
    check_in.refresh_from_db()
    assert check_in.link_sent_at is None


def test_without_an_email_address_it_waits_for_the_partner(db):
    check_in = follow_up(due_in_days=-1, email="", contact_method=Referral.ContactMethod.PHONE)

    assert send() == 0
    assert mail.outbox == []
    check_in.refresh_from_db()
    assert (check_in.status, check_in.link_sent_at) == (Status.WAITING, None)


def test_a_follow_up_already_handed_out_as_a_qr_code_is_not_emailed(db):
    check_in = follow_up(due_in_days=-1)
    checkins.issue_link(check_in, channel=WellbeingCheckIn.Channel.QR)

    assert send() == 0


def test_answered_or_declined_follow_ups_are_not_emailed(db):
    WellbeingCheckIn.objects.filter(pk=follow_up(due_in_days=-1).pk).update(
        status=Status.DECLINED, completed_at=timezone.now()
    )

    assert send() == 0


def test_nobody_is_emailed_once_their_details_are_removed(db):
    check_in = follow_up(due_in_days=-1)
    Referral.objects.filter(pk=check_in.participant.referral_id).update(anonymised_at=timezone.now())

    assert send() == 0
