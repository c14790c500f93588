"""What a visitor tells us is wrong with an activity or partner page ("Tell us if something is wrong")."""

import uuid

from django.conf import settings
from django.db import models


class ProblemReport(models.Model):
    class Reason(models.TextChoices):
        NO_LONGER_RUNS = "no_longer_runs", "It no longer runs"
        DAY_OR_TIME = "day_or_time", "The day or time has changed"
        PLACE = "place", "The place has changed"
        CONTACT = "contact", "The contact details are wrong"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        PASSED_TO_PARTNER = "passed_to_partner", "Passed to the partner"
        FIXED = "fixed", "Fixed"
        NOT_A_PROBLEM = "not_a_problem", "Not a problem"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The activity or partner page the report is about.
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True, help_text="What the visitor said is wrong, in their words.")
    # The only personal data here, given only if the visitor wants a reply. Staff see it; the
    # partner never does. Removed once the report has been closed for a while (services).
    reply_email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    staff_note = models.TextField(blank=True, help_text="For staff only: what was done.")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When it was marked fixed or not a problem: the reply address is removed some time after.
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "problem report"
        permissions = [
            ("manage_any_listing", "Can change any partner's listings on the partners' pages"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.page.title}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.PASSED_TO_PARTNER)
