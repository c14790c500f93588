"""The champions' weekly digest goes once a week, however many times the job runs and however it is
run: the Monday run then `--digest` by hand, a Sunday run by hand then Monday's, or two runs at once.

What was sent is recorded (DigestSent: one row per champion per ISO week, a unique constraint,
written in the transaction that queues the email), and each digest starts where the last one
ended, so a step is never told twice. Before, the record was a date on the profile and each digest
covered the last seven days, so a digest sent by hand on Sunday was followed on Monday by another
telling the same week again.

The job reads the date from timezone.localdate() and the time from timezone.now(); the `clock`
fixture sets both (time_machine is not installed)."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction

from activities.referrals import services, tasks
from activities.referrals.factories import ChampionProfileFactory, ReferralFactory
from activities.referrals.models import DigestSent, Referral
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests import email_queue
from tests.builders import ActivityMaker, join_on_a_meeting_day
from tests.concurrency import race

LONDON = zoneinfo.ZoneInfo("Europe/London")
SUBJECT = "Your referrals this week"
THURSDAY = datetime.date(2026, 11, 26)
SUNDAY = datetime.date(2026, 11, 29)
MONDAY = datetime.date(2026, 11, 30)
TUESDAY = datetime.date(2026, 12, 1)
NEXT_MONDAY = datetime.date(2026, 12, 7)
Status = Referral.Status


@pytest.fixture
def clock(monkeypatch):
    """clock(date, hour): from now on it is that hour of that day in London."""

    def set_clock(day: datetime.date, hour: int = 7):
        moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)

        def localdate(value=None, timezone=None):
            if value is None:
                return day
            return value.astimezone(LONDON).date()

        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_clock


def world():
    activity = ActivityMaker()("Walking football in Dewsbury")
    organiser = PartnerContactFactory(partner=activity.partner).user
    champions = [
        ChampionProfileFactory(user=UserFactory(first_name=name, email=f"{name.lower()}@trust.example")).user
        for name in ("Chris", "Olly")
    ]
    referrals = [ReferralFactory(activity=activity, champion=champion) for champion in champions]
    return organiser, champions, referrals


def digests():
    return [message for message in mail.outbox if message.subject == SUBJECT]


def steps(message) -> list[str]:
    return [line for line in message.body.splitlines() if line.startswith("- ")]


@pytest.mark.django_db
def test_two_runs_in_a_week_send_one_email_per_champion(clock, database_queue):
    clock(THURSDAY, 10)
    organiser, champions, referrals = world()
    for referral in referrals:
        services.change_status(referral=referral, to_status=Status.ACKNOWLEDGED, user=organiser)
    email_queue.run_worker()
    mail.outbox.clear()

    clock(MONDAY)
    call_command("run_scheduled_jobs", only="send_champion_digests")
    clock(MONDAY, 11)
    call_command("run_scheduled_jobs", digest=True)  # by hand, the same week
    email_queue.run_worker()

    assert sorted(message.to[0] for message in digests()) == ["chris@trust.example", "olly@trust.example"]
    assert DigestSent.objects.filter(week=MONDAY).count() == 2


@pytest.mark.django_db
def test_a_digest_sent_by_hand_on_sunday_is_not_sent_again_on_monday(clock):
    clock(THURSDAY, 10)
    organiser, champions, referrals = world()
    services.change_status(referral=referrals[0], to_status=Status.ACKNOWLEDGED, user=organiser)
    mail.outbox.clear()

    clock(SUNDAY, 20)
    assert tasks.send_champion_digests.enqueue().return_value == 1
    clock(MONDAY)
    assert tasks.send_champion_digests.enqueue().return_value == 0

    [digest] = digests()
    assert len(steps(digest)) == 1


@pytest.mark.django_db
def test_each_step_is_told_once_the_next_week_starting_where_the_last_digest_ended(clock):
    clock(THURSDAY, 10)
    organiser, champions, referrals = world()
    services.change_status(referral=referrals[0], to_status=Status.ACKNOWLEDGED, user=organiser)
    clock(MONDAY)
    assert tasks.send_champion_digests.enqueue().return_value == 1

    clock(TUESDAY, 10)
    services.change_status(
        referral=referrals[0],
        to_status=Status.JOINED,
        user=organiser,
        joined_on=join_on_a_meeting_day(referrals[0]),
    )
    mail.outbox.clear()
    clock(TUESDAY, 11)
    assert tasks.send_champion_digests.enqueue().return_value == 0, "one a week: Monday's went"

    clock(NEXT_MONDAY)
    assert tasks.send_champion_digests.enqueue().return_value == 1
    [digest] = digests()
    assert steps(digest) == ["- Walking football in Dewsbury: joined on 1 December"]


@pytest.mark.django_db
def test_a_digest_after_one_sent_by_hand_tells_only_what_happened_since(clock):
    clock(THURSDAY, 10)
    organiser, champions, referrals = world()
    services.change_status(referral=referrals[0], to_status=Status.ACKNOWLEDGED, user=organiser)
    clock(SUNDAY, 20)
    assert tasks.send_champion_digests.enqueue().return_value == 1
    clock(SUNDAY, 21)
    services.change_status(referral=referrals[0], to_status=Status.CONTACTED, user=organiser)
    mail.outbox.clear()

    clock(MONDAY)
    assert tasks.send_champion_digests.enqueue().return_value == 1

    [digest] = digests()
    assert steps(digest) == ["- Walking football in Dewsbury: contacted on 29 November"]
    assert "since our last email" in digest.body


@pytest.mark.django_db
def test_the_record_refuses_a_second_digest_for_the_same_week():
    champion = ChampionProfileFactory().user
    moment = datetime.datetime(2026, 11, 30, 7, tzinfo=LONDON)
    DigestSent.objects.create(champion=champion, week=MONDAY, period_start=moment, period_end=moment)

    with pytest.raises(IntegrityError), transaction.atomic():
        DigestSent.objects.create(champion=champion, week=MONDAY, period_start=moment, period_end=moment)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_one_email_per_champion(require_postgres):
    partner = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"), postcode="")
    activity = ActivityMaker()(
        "Walking football in Dewsbury", partner=partner, postcode="", delivery="online"
    )
    organiser = PartnerContactFactory(partner=partner).user
    champions = [ChampionProfileFactory(user=UserFactory(email=f"c{n}@trust.example")).user for n in range(5)]
    for champion in champions:
        referral = ReferralFactory(activity=activity, champion=champion)
        services.change_status(referral=referral, to_status=Status.ACKNOWLEDGED, user=organiser)
    mail.outbox.clear()

    results = race([tasks.send_champion_digests.call, tasks.send_champion_digests.call])

    assert not [result for result in results if isinstance(result, BaseException)], results
    assert sum(results) == 5
    assert sorted(message.to[0] for message in digests()) == sorted(champion.email for champion in champions)
