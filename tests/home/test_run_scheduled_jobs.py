"""`manage.py run_scheduled_jobs` (home, above both apps), run daily by cron: reminders, follow-ups,
retention and the listings' review cycle every day, the champions' digest on CHAMPION_DIGEST_WEEKDAY
(or with --digest), one job with --only, and a non-zero exit when a job fails."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from activities.referrals import retention
from activities.referrals.factories import ReferralFactory
from activities.referrals.models import Referral, RetentionRun

DAILY = [
    "send_referral_reminders",
    "send_wellbeing_follow_ups",
    "apply_retention",
    "send_listing_reviews",
    "restart_finished_pauses",
    "forget_problem_reporters",
    "forget_partner_request_contacts",
    "forget_join_requests",
]


def run(**options) -> list[str]:
    out = StringIO()
    call_command("run_scheduled_jobs", stdout=out, **options)
    return out.getvalue().splitlines()


def names(lines: list[str]) -> list[str]:
    return [line.split(":")[0] for line in lines]


@pytest.fixture
def not_digest_day(settings):
    settings.CHAMPION_DIGEST_WEEKDAY = (timezone.localdate().weekday() + 1) % 7


@pytest.fixture
def digest_day(settings):
    settings.CHAMPION_DIGEST_WEEKDAY = timezone.localdate().weekday()


def test_every_day_it_runs_the_daily_jobs_and_prints_what_they_did(db, not_digest_day):
    waiting = ReferralFactory()
    Referral.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))

    lines = run()

    assert names(lines) == DAILY
    assert "send_referral_reminders: {'reminded': 1, 'escalated': 0}" in lines
    assert "send_wellbeing_follow_ups: 0" in lines
    assert "forget_problem_reporters: {'forgotten': 0}" in lines
    assert any(line.startswith("apply_retention: {'retention_days': 365") for line in lines)
    waiting.refresh_from_db()
    assert waiting.reminded_at is not None
    assert RetentionRun.objects.count() == 1
    assert mail.outbox, "the reminder went out"


def test_on_the_digest_day_it_sends_the_digest_too(db, digest_day):
    assert names(run()) == [*DAILY, "send_champion_digests"]


def test_the_digest_can_be_sent_on_another_day_by_hand(db, not_digest_day):
    assert names(run(digest=True)) == [*DAILY, "send_champion_digests"]


@pytest.mark.parametrize("job", [*DAILY, "send_champion_digests"])
def test_only_runs_one_job_whatever_the_day(db, not_digest_day, job):
    assert names(run(only=job)) == [job]


def test_only_refuses_a_job_it_does_not_know(db):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("run_scheduled_jobs", "--only", "send_everything")
    with pytest.raises(CommandError, match="There is no job called send_everything"):
        run(only="send_everything")
    assert not RetentionRun.objects.exists()


def test_a_failing_job_makes_the_command_fail_after_the_others_have_run(db, not_digest_day, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(retention, "run", broken)
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="These jobs failed: apply_retention"):
        call_command("run_scheduled_jobs", stdout=out, stderr=err)

    assert names(out.getvalue().splitlines()) == [
        "send_referral_reminders",
        "send_wellbeing_follow_ups",
        "send_listing_reviews",
        "restart_finished_pauses",
        "forget_problem_reporters",
        "forget_partner_request_contacts",
        "forget_join_requests",
    ]
    assert "apply_retention: failed" in err.getvalue()
    assert "database went away" in err.getvalue()
