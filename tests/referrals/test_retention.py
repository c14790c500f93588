"""Retention: `manage.py apply_retention` removes a person's contact details a set time after their
referral closes and purges expired, unused questionnaire links, while the participant code,
attendance, wellbeing scores and the referral figures stay. Every run is on the audit trail."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from activities.referrals import checkins
from activities.referrals.factories import (
    ParticipantFactory,
    ReferralFactory,
    WellbeingCheckInFactory,
    answers_for_metric,
)
from activities.referrals.models import (
    Attendance,
    ConsentRecord,
    Referral,
    ReferralStatusChange,
    RetentionRun,
    WellbeingCheckIn,
)
from tests.partners.builders import log_entries

Status = Referral.Status


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def closed(referral, days: int, status=Status.NOT_TAKEN_UP) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(status=status, closed_at=days_ago(days))
    referral.refresh_from_db()
    return referral


def apply_retention(**options) -> str:
    out = StringIO()
    call_command("apply_retention", stdout=out, **options)
    return out.getvalue()


def assert_anonymised(referral):
    referral.refresh_from_db()
    assert (referral.preferred_name, referral.phone, referral.email) == ("", "", "")
    assert (referral.support_needs, referral.note_for_partner) == ("", "")
    assert referral.anonymised_at is not None


def assert_untouched(referral):
    before = (referral.preferred_name, referral.phone, referral.email, referral.support_needs)
    referral.refresh_from_db()
    assert (referral.preferred_name, referral.phone, referral.email, referral.support_needs) == before
    assert referral.preferred_name and referral.support_needs
    assert referral.anonymised_at is None


@pytest.fixture
def joined_long_ago(db):
    """A participant whose referral closed (joined) 400 days ago, with attendance and two scores."""
    participant = ParticipantFactory()
    closed(participant.referral, 400, status=Status.JOINED)
    Attendance.objects.create(participant=participant, session_date=participant.joined_on)
    WellbeingCheckInFactory(participant=participant, kind="baseline", answers=answers_for_metric(18))
    WellbeingCheckInFactory(participant=participant, kind="follow_up", answers=answers_for_metric(25))
    return participant


def test_contact_details_go_but_the_code_attendance_scores_and_figures_stay(joined_long_ago):
    participant = joined_long_ago
    referral = participant.referral
    scores_before = sorted(participant.check_ins.values_list("kind", "raw_score", "metric_score"))
    history_before = ReferralStatusChange.objects.filter(referral=referral).count()

    output = apply_retention()

    assert_anonymised(referral)
    assert (referral.status, referral.activity_id) == (Status.JOINED, participant.activity_id)
    assert referral.created_at and referral.closed_at
    participant.refresh_from_db()
    assert participant.code.startswith("CM-")
    assert participant.attendances.count() == 1
    assert sorted(participant.check_ins.values_list("kind", "raw_score", "metric_score")) == scores_before
    assert ReferralStatusChange.objects.filter(referral=referral).count() == history_before
    assert ConsentRecord.objects.filter(referral=referral).exists(), "what they agreed to stays on record"
    assert "1 referral(s) anonymised" in output


def test_open_and_recently_closed_referrals_keep_their_details(joined_long_ago):
    # Open for 500 days, but its partner moved it on yesterday: it is still being worked on.
    still_open = ReferralFactory()
    Referral.objects.filter(pk=still_open.pk).update(created_at=days_ago(500))
    ReferralStatusChange.objects.filter(referral=still_open).update(changed_at=days_ago(500))
    Referral.objects.filter(pk=still_open.pk).update(status=Referral.Status.ACKNOWLEDGED)
    moved = ReferralStatusChange.objects.create(
        referral=still_open, from_status="sent", to_status="acknowledged"
    )
    ReferralStatusChange.objects.filter(pk=moved.pk).update(changed_at=days_ago(1))
    recently_closed = closed(ReferralFactory(), 30)
    just_inside = closed(ReferralFactory(), 364)

    apply_retention()

    for referral in (still_open, recently_closed, just_inside):
        assert_untouched(referral)
    assert_anonymised(joined_long_ago.referral)


def test_expired_unused_links_are_purged_and_valid_ones_kept(db):
    expired = WellbeingCheckInFactory(status=WellbeingCheckIn.Status.WAITING)
    valid = WellbeingCheckInFactory(status=WellbeingCheckIn.Status.WAITING)
    expired_token = checkins.issue_link(expired, channel="email")
    valid_token = checkins.issue_link(valid, channel="qr")
    WellbeingCheckIn.objects.filter(pk=expired.pk).update(token_expires_at=days_ago(1))

    output = apply_retention()

    expired.refresh_from_db()
    assert (expired.token_hash, expired.token_expires_at) == (None, None)
    assert expired.status == WellbeingCheckIn.Status.WAITING, "they can still be sent a new link"
    assert checkins.find(expired_token).check_in is None
    assert checkins.find(valid_token).check_in == valid
    assert "1 expired link(s) purged" in output


def test_each_run_is_recorded_and_on_the_audit_trail(joined_long_ago):
    WellbeingCheckIn.objects.filter(pk=WellbeingCheckInFactory(status="waiting").pk).update(
        token_hash="a" * 64, token_expires_at=days_ago(2)
    )

    apply_retention()

    run = RetentionRun.objects.get()
    assert (run.retention_days, run.referrals_anonymised, run.tokens_purged) == (365, 1, 1)
    assert run.ran_by is None
    entry = log_entries("activities.retention_run", run).get()
    assert entry.data == {
        "retention_days": 365,
        "referrals_anonymised": 1,
        "tokens_purged": 1,
        "answers_removed": 0,
    }


def test_a_run_with_nothing_to_do_is_still_recorded(db):
    apply_retention()

    assert RetentionRun.objects.get().referrals_anonymised == 0
    assert log_entries("activities.retention_run").count() == 1


def test_running_again_changes_nothing_more(joined_long_ago):
    apply_retention()
    first = Referral.objects.get(pk=joined_long_ago.referral_id).anonymised_at

    output = apply_retention()

    assert Referral.objects.get(pk=joined_long_ago.referral_id).anonymised_at == first
    assert "0 referral(s) anonymised" in output
    assert RetentionRun.objects.count() == 2


def test_the_days_option_overrides_the_setting(db, settings):
    settings.REFERRAL_RETENTION_DAYS = 365
    month_ago = closed(ReferralFactory(), 31)
    week_ago = closed(ReferralFactory(), 7)

    output = apply_retention(days=30)

    assert_anonymised(month_ago)
    assert_untouched(week_ago)
    assert RetentionRun.objects.get().retention_days == 30
    assert "30 days after closing" in output


def test_the_setting_sets_the_default_period(db, settings):
    settings.REFERRAL_RETENTION_DAYS = 60
    referral = closed(ReferralFactory(), 61)

    apply_retention()

    assert_anonymised(referral)


@pytest.mark.parametrize("days", [-1, 36_501, 1_000_000])
def test_days_out_of_range_are_refused_with_a_message(db, days):
    with pytest.raises(CommandError, match="from 0 to 36,500"):
        apply_retention(days=days)
    assert not RetentionRun.objects.exists()


@pytest.mark.django_db
def test_a_referral_left_open_for_the_whole_period_is_closed_and_anonymised():
    stale = ReferralFactory()
    lively = ReferralFactory()
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Referral.objects.filter(pk__in=[stale.pk, lively.pk]).update(created_at=long_ago)
    ReferralStatusChange.objects.filter(referral__in=[stale, lively]).update(changed_at=long_ago)
    # The other was acknowledged last week, so it is still being worked on.
    acknowledged = ReferralStatusChange.objects.create(
        referral=lively, from_status="sent", to_status="acknowledged"
    )
    ReferralStatusChange.objects.filter(pk=acknowledged.pk).update(changed_at=days_ago(7))

    call_command("apply_retention", stdout=StringIO())

    stale.refresh_from_db()
    lively.refresh_from_db()
    assert stale.status == Referral.Status.NOT_TAKEN_UP
    assert stale.not_taken_up_reason == Referral.NotTakenUpReason.NO_REPLY
    assert stale.anonymised_at is not None and stale.email == "" and stale.preferred_name == ""
    assert stale.status_changes.last().changed_by is None
    assert lively.anonymised_at is None and lively.preferred_name
