"""Referrals: a person put in touch with an activity, by a champion or by themselves.

A referral holds only what the partner needs to make contact (UK GDPR least data): a preferred
name, one way to get in touch, support needs and a short note. Nothing clinical. The contact
details are wiped by the retention job a set time after the referral closes; the row itself
stays (anonymised) so referral figures still add up.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from creative_minds.validators import uk_phone_number

NOTE_MAX_LENGTH = 500
SUPPORT_NEEDS_MAX_LENGTH = 300


class Referral(models.Model):
    class Source(models.TextChoices):
        CHAMPION = "champion", "Referred by a champion"
        SELF = "self", "Asked to join"

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        CONTACTED = "contacted", "Contacted"
        JOINED = "joined", "Joined"
        NOT_TAKEN_UP = "not_taken_up", "Not taken up"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"

    class NotTakenUpReason(models.TextChoices):
        NO_REPLY = "no_reply", "We could not get in touch"
        CHANGED_MIND = "changed_mind", "They decided not to come"
        NOT_SUITABLE = "not_suitable", "The activity did not suit them"
        NO_SPACE = "no_space", "The activity was full"
        OTHER = "other", "Another reason"

    OPEN_STATUSES = (Status.SENT, Status.ACKNOWLEDGED, Status.CONTACTED)
    CLOSED_STATUSES = (Status.JOINED, Status.NOT_TAKEN_UP, Status.WITHDRAWN)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(
        "activities.ActivityPage", on_delete=models.PROTECT, related_name="referrals"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CHAMPION)
    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_made",
        help_text="The champion who made the referral; empty when the person asked to join themselves.",
    )
    preferred_name = models.CharField(
        max_length=60, help_text="What the person likes to be called. A first name is enough."
    )
    contact_method = models.CharField(
        max_length=5, choices=ContactMethod.choices, help_text="How the person would like to be contacted."
    )
    phone = models.CharField(max_length=20, blank=True, validators=[uk_phone_number])
    email = models.EmailField(blank=True)
    support_needs = models.CharField(
        max_length=SUPPORT_NEEDS_MAX_LENGTH,
        blank=True,
        help_text="Anything that would help them take part, like step-free access or someone to meet them.",
    )
    champion_attends_first = models.BooleanField(
        default=False, help_text="The champion will go along with them the first time."
    )
    note_for_partner = models.TextField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="A short note for the activity's organiser. Do not include a diagnosis or medical details.",
    )
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.SENT, db_index=True)
    not_taken_up_reason = models.CharField(max_length=14, choices=NotTakenUpReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it became joined, not taken up or withdrawn."
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it was flagged to the locality coordinator for waiting too long.",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    # Personal records: keep them out of Wagtail's usage listings (and its index work on save).
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="referral_status_created")]

    def __str__(self) -> str:
        return f"Referral to {self.activity.title} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def contact(self) -> str:
        return self.phone if self.contact_method == self.ContactMethod.PHONE else self.email

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class ReferralStatusChange(models.Model):
    """One step in a referral's life, with who took it and when. Never edited or deleted."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=14, choices=Referral.Status.choices, blank=True)
    to_status = models.CharField(max_length=14, choices=Referral.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=14, choices=Referral.NotTakenUpReason.choices, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or 'New'} → {self.get_to_status_display()}"


class ConsentRecord(models.Model):
    """One person's consent for one purpose, with the wording they were shown, until withdrawn.

    The person is identified by their referral (for contact) or their participant code (for
    wellbeing answers), so consent never needs a name of its own. A storyteller is often neither:
    their consent to a story belongs to the story (stories.StoryPage.consent points here), so a
    record for the stories purpose may have no referral and no participant.
    """

    class Purpose(models.TextChoices):
        REFERRAL_CONTACT = "referral_contact", "Sharing contact details with the activity"
        WELLBEING = "wellbeing", "Using wellbeing answers"
        STORIES = "stories", "Telling their story"

    class GivenBy(models.TextChoices):
        PERSON_ONLINE = "person_online", "The person, online"
        PERSON_TO_CHAMPION = "person_to_champion", "The person, to their champion"
        PERSON_TO_REPORTER = "person_to_reporter", "The storyteller, to a community reporter"
        # A story made from an answer someone said may be quoted: that choice is their consent.
        PERSON_ON_QUESTIONNAIRE = "person_questionnaire", "The person, on their follow-up questionnaire"

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    wording_version = models.CharField(max_length=20, help_text="The version of the consent wording shown.")
    given_by = models.CharField(max_length=20, choices=GivenBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    participant = models.ForeignKey(
        "referrals.Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["given_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(referral__isnull=False, participant__isnull=True)
                | Q(referral__isnull=True, participant__isnull=False)
                | Q(referral__isnull=True, participant__isnull=True, purpose="stories"),
                name="consent_belongs_to_one_person_record",
            ),
            models.UniqueConstraint(fields=["referral", "purpose"], name="one_consent_per_referral_purpose"),
            models.UniqueConstraint(
                fields=["participant", "purpose"], name="one_consent_per_participant_purpose"
            ),
        ]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "given"
        return f"{self.get_purpose_display()} ({state}, wording {self.wording_version})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class RetentionRun(models.Model):
    """One run of the retention job: what it removed, for the audit trail."""

    ran_at = models.DateTimeField(auto_now_add=True)
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retention_days = models.PositiveIntegerField()
    referrals_anonymised = models.PositiveIntegerField(default=0)
    tokens_purged = models.PositiveIntegerField(default=0)
    answers_removed = models.PositiveIntegerField(
        default=0, help_text='Answers to "What has changed for you?" removed with the contact details.'
    )

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"Retention run on {self.ran_at:%d %b %Y %H:%M}"
