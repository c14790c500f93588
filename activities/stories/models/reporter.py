from django.conf import settings
from django.db import models


class ReporterProfile(models.Model):
    """A community reporter: someone who gathers people's stories of taking part. Staff add them in
    the admin; turning `active` off stops them writing without losing their stories."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reporter_profile"
    )
    active = models.BooleanField(default=True, help_text="Untick to stop them writing new stories.")
    locality = models.ForeignKey(
        "partners.Locality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporters",
        help_text="Where they mostly report. Their story form lists this area's activities first.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
