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
        from activities.listings import signal_handlers  # noqa: PLC0415

        signal_handlers.replace_wagtail_notifiers()
