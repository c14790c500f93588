from django.apps import AppConfig


class ListingsConfig(AppConfig):
    """Keeping the directory true: partners' own changes (reviewed through a Wagtail workflow), the
    review cycle, problem reports from the public, and requests to become a partner."""

    name = "activities.listings"
    label = "listings"
    verbose_name = "Listings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: an AppConfig module is imported before any model can be.
        from wagtail.permissions import register_permission_policy  # noqa: PLC0415

        from activities.listings import signal_handlers  # noqa: PLC0415
        from activities.listings.models import PartnerRequest, ProblemReport  # noqa: PLC0415
        from activities.listings.partner_request_admin import PartnerRequestPolicy  # noqa: PLC0415
        from activities.listings.viewsets import ProblemReportPolicy  # noqa: PLC0415

        # Reports and requests come only from the public forms, and stay for the audit: no add or
        # delete in the admin (registered before the viewsets, which would otherwise make Django's
        # default policy for each model).
        register_permission_policy(ProblemReport, ProblemReportPolicy(ProblemReport))
        register_permission_policy(PartnerRequest, PartnerRequestPolicy(PartnerRequest))
        signal_handlers.replace_wagtail_notifiers()
