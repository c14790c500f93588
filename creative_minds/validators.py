"""Validators shared by every app's models and forms."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

phone_number = RegexValidator(r"^[0-9 +()-]{7,20}$", "Enter a phone number using digits, like 01484 123456")

_PHONE_PUNCTUATION = str.maketrans("", "", " ()-.")


def normalise_uk_phone(value: str) -> str:
    """Digits only, with +44 turned into a leading 0: "+44 (0)7700 900123" → "07700900123"."""
    digits = value.strip().translate(_PHONE_PUNCTUATION)
    if digits.startswith("+440"):
        digits = "0" + digits[4:]
    elif digits.startswith("+44"):
        digits = "0" + digits[3:]
    return digits


def uk_phone_number(value: str) -> None:
    """A UK phone number someone can actually be called on: 0 and then 9 or 10 digits."""
    digits = normalise_uk_phone(value)
    if not (digits.startswith("0") and digits[1:].isdigit() and len(digits) in (10, 11)):
        raise ValidationError(
            "Enter a UK phone number, like 07700 900123 or 01484 123456", code="invalid_phone"
        )
