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
