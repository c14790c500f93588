"""Participants, attendance and wellbeing check-ins.

A participant is a pseudonymous code created when a referral becomes "joined". Attendance and
wellbeing answers hang off that code, never off a name: the one link back to a person is the
referral, whose contact details the retention job removes.
"""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from activities.referrals import swemwbs

# No 0/O or 1/I/L, so a code read out over the phone is not misheard.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8

# Long enough for a few honest paragraphs; short enough that nobody pastes in a diary.
WHAT_CHANGED_MAX_LENGTH = 2000


def new_participant_code() -> str:
    """Like "CM-7KX4-2PQ9": 31^8 ≈ 8.5 × 10^11 possibilities, random, so it says nothing about anyone."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"CM-{body[:4]}-{body[4:]}"


class Participant(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(max_length=12, unique=True, default=new_participant_code, editable=False)
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="participant"
    )
    activity = models.ForeignKey(
        "activities.ActivityPage", on_delete=models.PROTECT, related_name="participants"
    )
    joined_on = models.DateField(help_text="The date of their first session.")
    created_at = models.DateTimeField(auto_now_add=True)

    # Personal records: keep them out of Wagtail's usage listings (and its index work on save).
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-joined_on", "code"]

    def __str__(self) -> str:
        return self.code


class Attendance(models.Model):
    """One participant at one session of their activity."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendances")
    session_date = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["session_date"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["participant", "session_date"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.participant.code} on {self.session_date:%d %b %Y}"


class WellbeingCheckIn(models.Model):
    """One SWEMWBS questionnaire for one participant: the baseline when they join, the follow-up later.

    The link to it carries a random token; only the token's SHA-256 is stored, so a copy of the
    database cannot be used to answer as someone. The token works once and expires.
    """

    class Kind(models.TextChoices):
        BASELINE = "baseline", "When they joined"
        FOLLOW_UP = "follow_up", "Follow-up"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for answers"
        ANSWERED = "answered", "Answered"
        DECLINED = "declined", "Declined"

    class Channel(models.TextChoices):
        EMAIL = "email", "Emailed link"
        QR = "qr", "QR code shown by the partner"

    class Sharing(models.TextChoices):
        """Who may read the answer to "What has changed for you?" (the labels staff see; the
        wording the person chose from is in activities.referrals.consent, versioned)."""

        NOT_SHARED = "not_shared", "Not shared: counted only"
        INSIDE = "inside", "Shared inside Creative Minds, without a name"
        QUOTE = "quote", "May be quoted publicly, without a name"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="check_ins")
    kind = models.CharField(max_length=9, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=5, choices=Channel.choices, blank=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(help_text="When this questionnaire should be asked.")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    item_1 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_3 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_4 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_5 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_6 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_7 = models.PositiveSmallIntegerField(null=True, blank=True)
    raw_score = models.PositiveSmallIntegerField(null=True, blank=True)
    metric_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # Follow-up only, optional: the person's own words, and who they said may read them.
    what_changed = models.TextField(max_length=WHAT_CHANGED_MAX_LENGTH, blank=True)
    what_changed_sharing = models.CharField(
        max_length=10, choices=Sharing.choices, default=Sharing.NOT_SHARED
    )
    what_changed_wording_version = models.CharField(
        max_length=20, blank=True, help_text="The version of the sharing wording the person chose from."
    )

    ITEM_FIELDS = tuple(f"item_{number}" for number in range(1, 8))

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["participant", "due_on"]
        verbose_name = "wellbeing check-in"
        constraints = [
            models.UniqueConstraint(fields=["participant", "kind"], name="one_check_in_of_each_kind"),
            # Answered means all seven answers and both scores; anything else means none of them.
            models.CheckConstraint(
                condition=(
                    Q(status="answered", raw_score__gte=7, raw_score__lte=35, metric_score__isnull=False)
                    & Q(**{f"item_{n}__gte": 1 for n in range(1, 8)})
                    & Q(**{f"item_{n}__lte": 5 for n in range(1, 8)})
                )
                | (
                    ~Q(status="answered")
                    & Q(raw_score__isnull=True, metric_score__isnull=True)
                    & Q(**{f"item_{n}__isnull": True for n in range(1, 8)})
                ),
                name="check_in_answers_complete_or_absent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.code}: {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def answers(self) -> list[int | None]:
        return [getattr(self, field) for field in self.ITEM_FIELDS]

    @classmethod
    def answer_fields(cls, answers: list[int]) -> dict[str, int | Decimal]:
        """The seven answers, in the order of swemwbs.ITEMS, and their scores, as this model's fields.

        The one place a set of answers becomes what is stored: the questionnaire page, the
        factories and the demo data all save what this returns. Raises ValidationError if any
        answer is missing or invalid (SWEMWBS is never pro-rated), before anything is stored.
        """
        result = swemwbs.score(answers)
        return {
            **dict(zip(cls.ITEM_FIELDS, answers, strict=True)),
            "raw_score": result.raw,
            "metric_score": result.metric,
        }


def new_token() -> str:
    """32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)
