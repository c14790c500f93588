from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    """No models of its own (the devices are django-otp's): an app so that its Wagtail hooks load."""

    name = "creative_minds.two_factor"
    label = "two_factor"
    verbose_name = "Two-factor sign-in"
