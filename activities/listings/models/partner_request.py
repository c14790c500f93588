"""A request to become a Creative Minds partner, sent from the public "Become a partner" form."""

import uuid

from django.conf import settings
from django.db import models

from creative_minds.validators import phone_number


class PartnerRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.CharField(max_length=200)
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    website = models.URLField(blank=True)
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=20, blank=True, validators=[phone_number])
    what_they_run = models.TextField(help_text="What activities they run, in their words.")
    where = models.TextField(blank=True, help_text="Where they run them: towns, venues, postcodes.")
    localities = models.ManyToManyField("partners.Locality", blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    # What approving made: a draft partner page and the contact's account.
    partner = models.ForeignKey(
        "partners.PartnerPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "request to become a partner"
        verbose_name_plural = "requests to become a partner"

    def __str__(self) -> str:
        return self.organisation
