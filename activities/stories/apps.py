from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Community reporters' stories: the form they write them in, the storyteller's consent, safe
    uploads, moderation in Wagtail's workflow, withdrawal, and the public /stories/ pages."""

    name = "activities.stories"
    label = "stories"
    verbose_name = "Stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: an AppConfig module is imported before any model can be.
        from activities.stories import signal_handlers  # noqa: F401, PLC0415
