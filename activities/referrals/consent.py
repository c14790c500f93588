"""Consent: the wording people are shown, by purpose, with a version that changes whenever it does,
and the one function that records someone's consent.

A consent record stores the version, so we can always say exactly what someone agreed to. Edit
a wording only by adding a new version: the old text stays here for records that point to it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from activities.referrals.models import ConsentRecord, WellbeingCheckIn

Purpose = ConsentRecord.Purpose
GivenBy = ConsentRecord.GivenBy
Sharing = WellbeingCheckIn.Sharing

# The follow-up's "What has changed for you?" answer. Not a ConsentRecord purpose: the choice
# belongs to one answer (a person has one follow-up), it has three levels rather than given or
# withdrawn, and the version shown is kept on the check-in beside the answer it governs.
WHAT_CHANGED = "what_changed"

WORDING: dict[str, dict[str, str]] = {
    Purpose.REFERRAL_CONTACT: {
        "2026-11": (
            "Creative Minds will share your name, how to contact you and anything you tell us about "
            "support you need with the group you want to join, so they can get in touch and welcome you. "
            "We delete your contact details 12 months after your referral ends. You can change your mind "
            "at any time by contacting Creative Minds."
        ),
    },
    Purpose.WELLBEING: {
        "2026-11": (
            "Your answers are kept with a code, not your name. Creative Minds uses them only to report, "
            "for groups of 30 people or more, how people's wellbeing changes when they take part. Nobody "
            "at the group sees your answers. You can ask us to delete them at any time."
        ),
    },
    WHAT_CHANGED: {
        "2026-11": (
            "What you write is kept with a code, not your name. You choose who may read it. "
            "Whatever you choose, we never show it with your name, your code or the day you wrote it. "
            "We delete it 12 months after you joined. You can ask us to delete it at any time."
        ),
        # Retention removes the words 12 months after the referral ends (as it does contact details),
        # which for someone still going may be later than a year after they joined.
        "2026-12": (
            "What you write is kept with a code, not your name. You choose who may read it. "
            "Whatever you choose, we never show it with your name, your code or the day you wrote it. "
            "We delete it 12 months after your referral ends, or sooner if you ask us to."
        ),
    },
    Purpose.STORIES: {
        "2026-11": (
            "Your story may be published on the Creative Minds website with the name you choose. "
            "You can ask us to take it down at any time."
        ),
        # What a community reporter reads to the storyteller before they agree (activities/stories).
        "2026-12": (
            "Your story, in your words, may be published on the Creative Minds website, with the "
            "activity and the group it is about. You choose whether your name is shown or the story "
            "is anonymous. If it is anonymous we never show your name or a photo of you. A photo of "
            "you is shown only if you say yes to that as well. You can change your mind at any time, "
            "before or after it is published: tell your community reporter, or contact Creative Minds "
            "using the details below, and we will take the story and its pictures or recordings down "
            "straight away."
        ),
    },
}


# The three choices, as the person reads them, in the same versions as WORDING[WHAT_CHANGED]:
# (label, hint) for each level. A change to any of them is a new version of both.
WHAT_CHANGED_CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "2026-11": {
        Sharing.NOT_SHARED: (
            "Keep it private",
            "We will not share it. We will only count how many people answered.",
        ),
        Sharing.INSIDE: (
            "Share it with the Creative Minds team only",
            "Our team may read it to learn what helps people. We will not publish it.",
        ),
        Sharing.QUOTE: (
            "Let Creative Minds quote it publicly",
            "We may use your words on our website or in reports, with the month and the activity "
            "but never your name.",
        ),
    },
}
# 2026-12 changed only when the words are deleted; the choices read the same.
WHAT_CHANGED_CHOICES["2026-12"] = WHAT_CHANGED_CHOICES["2026-11"]


def what_changed_choices(version: str | None = None) -> list[tuple[str, str, str]]:
    """(value, label, hint) for each sharing level, as worded in `version` (the current one by default)."""
    choices = WHAT_CHANGED_CHOICES[version or current_version(WHAT_CHANGED)]
    return [(value, label, hint) for value, (label, hint) in choices.items()]


def current_version(purpose: str) -> str:
    return max(WORDING[purpose])


def current_wording(purpose: str) -> str:
    return WORDING[purpose][current_version(purpose)]


def wording(purpose: str, version: str) -> str:
    return WORDING[purpose][version]


def contact_given_by(*, champion) -> str:
    """Who gave consent to share contact details: the person to their champion, or the person online."""
    return GivenBy.PERSON_TO_CHAMPION if champion is not None else GivenBy.PERSON_ONLINE


@transaction.atomic
def record_consent(
    *,
    purpose: str,
    given_by: str,
    participant=None,
    referral=None,
    record: ConsentRecord | None = None,
    user=None,
    wording_version: str | None = None,
    given_at: datetime.datetime | None = None,
) -> ConsentRecord:
    """Record (or renew, if withdrawn before) one person's consent for one purpose.

    Every consent record is written here: a referral's consent to share contact details, a
    participant's to use their wellbeing answers, and the factories' and demo data's. The wording
    is the current one unless the person was shown another (a form sent just before a new version);
    `given_at` is now unless the consent was given earlier (the demo's backdated records).

    A storyteller's consent belongs to their story, not to a referral or a participant: pass the
    story's `record` to renew it, or neither person record and no `record` to make a new one (a
    look-up by person and purpose would match every story's record).
    """
    values = {
        "wording_version": wording_version or current_version(purpose),
        "given_by": given_by,
        "recorded_by": user,
        "given_at": given_at or timezone.now(),
        "withdrawn_at": None,
        "withdrawn_by": None,
    }
    if record is not None:
        for name, value in values.items():
            setattr(record, name, value)
        record.save(update_fields=list(values))
        return record
    if participant is None and referral is None:
        if purpose != Purpose.STORIES:
            raise ValueError("Only a story's consent belongs to no referral or participant.")
        return ConsentRecord.objects.create(purpose=purpose, **values)
    record, _ = ConsentRecord.objects.update_or_create(
        participant=participant, referral=referral, purpose=purpose, defaults=values
    )
    return record
