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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.trust_team})"


class DigestSent(models.Model):
    """A champion's weekly digest, queued: at most one per champion per week (the ISO week, Monday to
    Sunday, of the day it was queued), written in the transaction that queues the email. However
    often the job runs, and however (the Monday run, `--digest` by hand, two runs at once), the
    unique constraint lets one through. The email reports what happened between `period_start` and
    `period_end`, and the next digest starts where this one ended, so no step is told twice."""

    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    week = models.DateField(help_text="The Monday of the week it was sent in.")
    period_start = models.DateTimeField(help_text="The digest reports what happened from here...")
    period_end = models.DateTimeField(help_text="... to here: when it was queued.")

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-period_end"]
        constraints = [
            models.UniqueConstraint(fields=["champion", "week"], name="one_digest_per_champion_per_week")
        ]

    def __str__(self) -> str:
        return f"Weekly digest for the week of {self.week:%-d %B %Y}"
