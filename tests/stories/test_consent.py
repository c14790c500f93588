"""A storyteller's consent is a ConsentRecord of its own, one per story, written by the one consent
function; the wording says what they agree to and how to change their mind."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities.referrals import consent
from activities.referrals.models import ConsentRecord

pytestmark = pytest.mark.django_db

STORIES = ConsentRecord.Purpose.STORIES
TO_REPORTER = ConsentRecord.GivenBy.PERSON_TO_REPORTER


def test_the_story_wording_says_what_the_storyteller_agrees_to():
    wording = consent.current_wording(STORIES)
    assert consent.current_version(STORIES) == "2026-12"
    for words in (
        "your name is shown or the story is anonymous",
        "photo of you",
        "change your mind at any time",
    ):
        assert words in wording
    assert consent.wording(STORIES, "2026-11")  # the old wording stays for records that point to it


def test_each_story_gets_its_own_record_and_renewing_one_changes_only_it():
    first = consent.record_consent(purpose=STORIES, given_by=TO_REPORTER)
    second = consent.record_consent(purpose=STORIES, given_by=TO_REPORTER)
    assert first.pk != second.pk

    ConsentRecord.objects.filter(pk=first.pk).update(withdrawn_at=timezone.now())
    first.refresh_from_db()
    renewed = consent.record_consent(
        purpose=STORIES, given_by=TO_REPORTER, record=first, wording_version="2026-11"
    )
    assert renewed.pk == first.pk and renewed.withdrawn_at is None and renewed.wording_version == "2026-11"
    second.refresh_from_db()
    assert second.wording_version == "2026-12"


def test_only_a_story_consent_may_belong_to_nobody():
    with pytest.raises(ValueError):
        consent.record_consent(purpose=ConsentRecord.Purpose.WELLBEING, given_by=TO_REPORTER)
    # And the database says the same, whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(
            purpose=ConsentRecord.Purpose.REFERRAL_CONTACT,
            wording_version="2026-11",
            given_by=TO_REPORTER,
            given_at=timezone.now(),
        )
