from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "creative_minds.geo"
    label = "geo"
    verbose_name = "Geography"
    default_auto_field = "django.db.models.BigAutoField"
