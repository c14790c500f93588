"""Validators shared by every app's models and forms."""

from django.core.exceptions import ValidationError
from django.core.validators import (
    DecimalValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
    RegexValidator,
)
from django.utils.translation import ngettext_lazy

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


def use_plain_messages() -> None:
    """Reword Django's built-in validator messages in plain English, for every form in the project.

    Django's defaults ("Ensure this value has at most 500 characters (it has 5000).", "Null
    characters are not allowed.") reach people whenever a form field has no message of its own. A
    field's own `error_messages` still win: Django puts them in place by the error's code.
    """
    MaxLengthValidator.message = ngettext_lazy(
        "Enter %(limit_value)d character or fewer. You entered %(show_value)d",
        "Enter %(limit_value)d characters or fewer. You entered %(show_value)d",
        "limit_value",
    )
    MinLengthValidator.message = ngettext_lazy(
        "Enter at least %(limit_value)d character. You entered %(show_value)d",
        "Enter at least %(limit_value)d characters. You entered %(show_value)d",
        "limit_value",
    )
    MaxValueValidator.message = "Enter a number that is %(limit_value)s or less"
    MinValueValidator.message = "Enter a number that is %(limit_value)s or more"
    DecimalValidator.messages = {
        **DecimalValidator.messages,
        "max_digits": "Enter a number with no more than %(max)s digits",
        "max_decimal_places": "Enter a number with no more than %(max)s digits after the decimal point",
        "max_whole_digits": "Enter a number with no more than %(max)s digits before the decimal point",
    }
    # Only a tampered request or an odd paste sends one; PostgreSQL cannot store it in text.
    ProhibitNullCharactersValidator.message = (
        "This contains a hidden character (a null character) that cannot be saved. Type it again"
    )
