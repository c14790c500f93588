from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners and localities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from partners.models import Decision, FundingApplication, LedgerEntry, Vote
        from partners.permission_policies import ReadOnlyPolicy

        # Only partners.services writes these, so the money and the votes stay consistent.
        for model in (FundingApplication, Vote, Decision, LedgerEntry):
            register_permission_policy(model, ReadOnlyPolicy(model))
