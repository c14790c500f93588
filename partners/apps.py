from django.apps import AppConfig
from django.core import checks

from partners.checks import threesixtygiving_prefix_is_registered


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners and localities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        checks.register(threesixtygiving_prefix_is_registered, "partners", deploy=True)
        # Imported here because they load models, which cannot happen before the app registry is
        # ready (this module is imported while it is being filled).
        from wagtail.permissions import register_permission_policy  # noqa: PLC0415

        from creative_minds.read_only import ReadOnlyPolicy  # noqa: PLC0415
        from partners.models import Decision, FundingApplication, LedgerEntry, Vote  # noqa: PLC0415

        # Only partners.services writes these, so the money and the votes stay consistent.
        for model in (FundingApplication, Vote, Decision, LedgerEntry):
            register_permission_policy(model, ReadOnlyPolicy(model))
