"""Validators shared by every app's models and forms."""

from django.core.validators import RegexValidator

phone_number = RegexValidator(r"^[0-9 +()-]{7,20}$", "Enter a phone number using digits, like 01484 123456")
