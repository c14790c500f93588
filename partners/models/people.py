"""Who speaks for a partner on the site."""

from django.conf import settings
from django.db import models


class PartnerContact(models.Model):
    """A login that acts for a partner: applies for funding, sees decisions, receives referrals."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_contacts"
    )
    partner = models.ForeignKey("partners.PartnerPage", on_delete=models.CASCADE, related_name="contacts")
    job_title = models.CharField(max_length=80, blank=True, help_text="For example, Project coordinator.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "partner"], name="unique_partner_contact")]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} for {self.partner.title}"
