from django.apps import AppConfig
from django.core import checks

from home.checks import contact_details_are_filled_in


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and content pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        checks.register(contact_details_are_filled_in, "home", deploy=True)
