from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Referrals and everything that follows from one: participants, attendance, consent, wellbeing
    check-ins, retention, subject access and the champions who refer. Health data lives here only."""

    name = "activities.referrals"
    label = "referrals"
    verbose_name = "Referrals and wellbeing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: an AppConfig module is imported before any model can be.
        from wagtail.permissions import register_permission_policy  # noqa: PLC0415

        from activities.referrals.models import ConsentRecord, Referral, RetentionRun  # noqa: PLC0415
        from creative_minds.read_only import ReadOnlyPolicy  # noqa: PLC0415

        # Only activities.referrals.services writes these, keeping history and consent consistent.
        for model in (Referral, ConsentRecord, RetentionRun):
            register_permission_policy(model, ReadOnlyPolicy(model))
