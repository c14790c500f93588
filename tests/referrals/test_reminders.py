"""Chasing referrals nobody has acknowledged: a reminder after REFERRAL_REMINDER_WORKING_DAYS working
days (to the partner and the champion), then, REFERRAL_ESCALATION_WORKING_DAYS later, one flag to
the locality's coordinators. Weekends and bank holidays do not count.

The job reads today's date from timezone.localdate(); time_machine is not installed, so the
`today` fixture sets the date it sees, and referrals are moved into the past with .update()."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.utils import timezone

from activities.referrals import tasks
from activities.referrals.factories import ChampionProfileFactory, ReferralFactory
from activities.referrals.models import Referral
from partners.factories import CollectiveFactory, PartnerContactFactory, UserFactory
from partners.models import Locality
from tests.referrals.emails import assert_no_health_data

LONDON = zoneinfo.ZoneInfo("Europe/London")
FRIDAY = datetime.date(2026, 11, 6)
Status = Referral.Status


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.REFERRAL_REMINDER_WORKING_DAYS = 3
    settings.REFERRAL_ESCALATION_WORKING_DAYS = 3


@pytest.fixture
def today(monkeypatch):
    """today(date): from now on the clock says 7am (when the daily job runs) on that date.

    Both timezone.now() and timezone.localdate() follow it, so reminded_at and escalated_at are
    stamped with the pretend date, as they would be on the day."""
    real_localdate = timezone.localdate

    def set_today(date: datetime.date):
        def localdate(value=None, timezone=None):
            return date if value is None else real_localdate(value, timezone)

        monkeypatch.setattr("django.utils.timezone.now", lambda: at(date, 7))
        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_today


def at(date: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(hour), tzinfo=LONDON)


@pytest.fixture
def champion(db):
    return ChampionProfileFactory(user=UserFactory(email="chris@trust.example")).user


@pytest.fixture
def referral(champion):
    referral = ReferralFactory(champion=champion)
    PartnerContactFactory(partner=referral.activity.partner, user=UserFactory(email="pat@partner.example"))
    return referral


def sent_on(referral, when: datetime.datetime, **fields):
    Referral.objects.filter(pk=referral.pk).update(created_at=when, **fields)
    referral.refresh_from_db()
    return referral


def run(today, date: datetime.date) -> dict:
    today(date)
    mail.outbox.clear()
    result = tasks.send_referral_reminders.enqueue()
    return result.return_value


# -- working days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (FRIDAY, 3, datetime.date(2026, 11, 11)),  # Mon, Tue, Wed: not Monday, 3 calendar days on
        (datetime.date(2026, 11, 7), 3, datetime.date(2026, 11, 11)),  # Saturday: Monday is day 1
        (datetime.date(2026, 11, 9), 3, datetime.date(2026, 11, 12)),  # Monday: Tuesday is day 1
        (datetime.date(2026, 12, 28), 3, datetime.date(2026, 12, 31)),  # a bank holiday: like the 24th
        (datetime.date(2026, 12, 23), 3, datetime.date(2026, 12, 30)),  # 24th, 29th, 30th
        (datetime.date(2026, 12, 30), 2, datetime.date(2027, 1, 4)),  # 31st, [1st, weekend], 4th
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(start, days, expected):
    assert tasks.add_working_days(start, days) == expected


# -- reminders -----------------------------------------------------------------------------


def test_a_referral_sent_on_a_friday_is_reminded_after_three_working_days_not_three_calendar_days(
    today, referral
):
    sent_on(referral, at(FRIDAY))

    for quiet_day in (FRIDAY, datetime.date(2026, 11, 9), datetime.date(2026, 11, 10)):  # Fri, Mon, Tue
        assert run(today, quiet_day) == {"reminded": 0, "escalated": 0}, quiet_day
        assert mail.outbox == []

    assert run(today, datetime.date(2026, 11, 11)) == {"reminded": 1, "escalated": 0}  # Wednesday
    referral.refresh_from_db()
    assert referral.reminded_at is not None
    assert referral.escalated_at is None


def test_bank_holidays_do_not_count_as_working_days(today, referral):
    sent_on(referral, at(datetime.date(2026, 12, 23)))  # Wednesday before Christmas

    assert run(today, datetime.date(2026, 12, 29))["reminded"] == 0  # 24th and 29th: two working days
    assert run(today, datetime.date(2026, 12, 30))["reminded"] == 1


def test_the_date_sent_is_the_local_date(today, referral):
    # 00:30 on a summer Tuesday in London is still Monday in UTC.
    sent_on(referral, datetime.datetime(2026, 6, 9, 0, 30, tzinfo=LONDON))

    assert run(today, datetime.date(2026, 6, 11))["reminded"] == 0  # Tuesday + 3 is Friday, not Thursday
    assert run(today, datetime.date(2026, 6, 12))["reminded"] == 1


def test_the_reminder_goes_to_every_partner_contact_and_to_the_champion(today, referral):
    PartnerContactFactory(partner=referral.activity.partner, user=UserFactory(email="sam@partner.example"))
    sent_on(referral, at(FRIDAY))

    run(today, datetime.date(2026, 11, 11))

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["chris@trust.example", "pat@partner.example", "sam@partner.example"]
    for message in mail.outbox:
        assert_no_health_data(message, referral)


def test_a_self_referral_reminder_goes_to_the_partner_only(db, today):
    referral = ReferralFactory(source=Referral.Source.SELF, champion=None)
    sent_on(referral, at(FRIDAY))

    run(today, datetime.date(2026, 11, 11))

    assert [message.to for message in mail.outbox] == [[referral.activity.contact_email]]


def test_a_referral_is_reminded_only_once(today, referral):
    sent_on(referral, at(FRIDAY))
    run(today, datetime.date(2026, 11, 11))

    assert run(today, datetime.date(2026, 11, 12)) == {"reminded": 0, "escalated": 0}
    assert mail.outbox == []


@pytest.mark.parametrize("status", [Status.ACKNOWLEDGED, Status.CONTACTED, Status.JOINED, Status.WITHDRAWN])
def test_referrals_someone_has_answered_are_never_chased(today, referral, status):
    sent_on(referral, at(datetime.date(2026, 9, 1)), status=status)

    assert run(today, datetime.date(2026, 11, 11)) == {"reminded": 0, "escalated": 0}
    assert mail.outbox == []


def test_an_anonymised_referral_is_never_chased(today, referral):
    sent_on(referral, at(datetime.date(2026, 9, 1)), anonymised_at=at(datetime.date(2026, 9, 2)))

    assert run(today, datetime.date(2026, 11, 11)) == {"reminded": 0, "escalated": 0}


# -- escalation ----------------------------------------------------------------------------


@pytest.fixture
def coordinators(referral):
    """Two coordinators of the referral's locality, and one of another locality."""
    here = CollectiveFactory(locality=referral.activity.locality)
    users = [UserFactory(email="cora@collective.example"), UserFactory(email="cal@collective.example")]
    here.coordinators.add(*users)
    elsewhere = Locality.objects.exclude(pk=referral.activity.locality_id).first()
    CollectiveFactory(locality=elsewhere).coordinators.add(UserFactory(email="other@collective.example"))
    return users


def test_after_the_second_period_the_referral_is_flagged_to_the_localitys_coordinators_once(
    today, referral, coordinators
):
    sent_on(referral, at(FRIDAY))
    run(today, datetime.date(2026, 11, 11))  # reminded on Wednesday

    assert run(today, datetime.date(2026, 11, 13)) == {"reminded": 0, "escalated": 0}  # Friday: 2 days
    assert run(today, datetime.date(2026, 11, 16)) == {"reminded": 0, "escalated": 1}  # Monday: 3 days

    [flag] = mail.outbox
    assert sorted(flag.to) == ["cal@collective.example", "cora@collective.example"]
    assert_no_health_data(flag, referral)
    referral.refresh_from_db()
    assert referral.escalated_at is not None

    assert run(today, datetime.date(2026, 11, 17)) == {"reminded": 0, "escalated": 0}
    assert mail.outbox == []


def test_escalation_counts_from_the_reminder_not_from_when_it_was_sent(today, referral, coordinators):
    # Sent long ago, but the reminder went only on Wednesday (say the job was not running before).
    sent_on(referral, at(datetime.date(2026, 9, 1)), reminded_at=at(datetime.date(2026, 11, 11), 7))

    assert run(today, datetime.date(2026, 11, 13))["escalated"] == 0
    assert run(today, datetime.date(2026, 11, 16))["escalated"] == 1


def test_a_referral_acknowledged_after_the_reminder_is_not_escalated(today, referral, coordinators):
    sent_on(
        referral,
        at(FRIDAY),
        reminded_at=at(datetime.date(2026, 11, 11), 7),
        status=Status.ACKNOWLEDGED,
        acknowledged_at=at(datetime.date(2026, 11, 12)),
    )

    assert run(today, datetime.date(2026, 11, 30)) == {"reminded": 0, "escalated": 0}
    assert mail.outbox == []


def test_the_job_chases_with_the_real_clock_too(referral, coordinators):
    """No date faked: a month-old referral is reminded today, a brand new one is not."""
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    ReferralFactory(activity=referral.activity)

    assert tasks.send_referral_reminders.enqueue().return_value == {"reminded": 1, "escalated": 0}


def test_a_locality_without_a_coordinator_flags_the_referral_to_the_charitys_mailbox(
    today, referral, settings
):
    settings.REFERRAL_ESCALATION_FALLBACK_EMAIL = "referrals@charity.example"
    sent_on(referral, at(FRIDAY), reminded_at=at(datetime.date(2026, 11, 11), 7))

    assert run(today, datetime.date(2026, 11, 16))["escalated"] == 1

    [flag] = mail.outbox
    assert flag.to == ["referrals@charity.example"]
    assert_no_health_data(flag, referral)


def test_a_referral_already_chased_by_another_run_is_not_chased_again(today, referral, coordinators):
    """Two runs that both loaded the referral before either stamped it send one reminder, and one flag."""
    sent_on(referral, at(FRIDAY))
    stale_copy = Referral.objects.get(pk=referral.pk)

    run(today, datetime.date(2026, 11, 11))
    reminders = len(mail.outbox)
    tasks._remind(stale_copy)

    assert reminders > 0
    assert len(mail.outbox) == reminders

    mail.outbox.clear()
    stale_copy = Referral.objects.get(pk=referral.pk)
    run(today, datetime.date(2026, 11, 16))
    tasks._escalate(stale_copy)
    assert len(mail.outbox) == 1
