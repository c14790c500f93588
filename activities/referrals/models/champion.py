"""Champions: trust staff who refer patients to activities."""

from django.conf import settings
from django.db import models

from creative_minds.validators import phone_number


class ChampionProfile(models.Model):
    """A member of trust staff who refers patients to activities.

    The locality decides which coordinator hears about referrals left waiting; the team is how
    Creative Minds knows where referrals come from (and whom to thank).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="champion_profile"
    )
    trust_team = models.CharField(
        max_length=120,
        help_text="The trust team or service they work in, e.g. Kirklees Community Mental Health Team.",
    )
    locality = models.ForeignKey("partners.Locality", on_delete=models.PROTECT, related_name="champions")
    work_phone = models.CharField(
        max_length=20,
        blank=True,
        validators=[phone_number],
        help_text="So a partner can call back about a referral.",
    )
    weekly_digest = models.BooleanField(
        default=True, help_text="Send a weekly email about what happened to their referrals."
    )
    digest_sent_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When their last weekly digest was queued, so no week brings two.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.trust_team})"
