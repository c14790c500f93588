from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and content pages"
    default_auto_field = "django.db.models.BigAutoField"
