from django.apps import AppConfig
from django.core import checks

from creative_minds.checks import bank_holidays_cover_next_year
from creative_minds.validators import use_plain_messages


class CreativeMindsConfig(AppConfig):
    name = "creative_minds"
    verbose_name = "Creative Minds"

    def ready(self):
        use_plain_messages()
        checks.register(bank_holidays_cover_next_year, "creative_minds")
        # Imported here because it loads Wagtail's models, which cannot happen before the app
        # registry is ready (this module is imported while it is being filled).
        from creative_minds import page_tree, sites  # noqa: PLC0415

        page_tree.connect_signals()
        sites.connect_signals()
