from django.apps import AppConfig

from creative_minds.validators import use_plain_messages


class CreativeMindsConfig(AppConfig):
    name = "creative_minds"
    verbose_name = "Creative Minds"

    def ready(self):
        use_plain_messages()
