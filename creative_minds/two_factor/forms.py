"""The forms of two-factor sign-in. They check only what was typed; whether a code is right is
services.check_code's answer, which the views put on the form's field."""

import re

from django import forms

from creative_minds.forms import NHSUKForm
from creative_minds.two_factor.selectors import APP, BACKUP, EMAIL

CODE_WIDGET_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
BACKUP_WIDGET_ATTRS = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
# django-otp's backup codes: 8 characters of base32 (a to z and 2 to 7), shown as "abcd efgh".
BACKUP_CODE = re.compile(r"^[a-z2-7]{8}$")
SPACES_AND_DASHES = re.compile(r"[\s-]+")


class SixDigitCodeForm(NHSUKForm):
    """A 6-digit code, from an authenticator app or an email, however it was spaced."""

    code = forms.CharField(
        label="Security code",
        max_length=20,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
        error_messages={"max_length": "Enter the 6 digits of the code only"},
    )

    def __init__(self, *args, source: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if source == EMAIL:
            field.help_text = "The 6-digit code in the email we sent you, like 123456."
            field.error_messages["required"] = "Enter the 6-digit code we emailed you"
        else:
            field.help_text = "The 6-digit code your authenticator app shows now."
            field.error_messages["required"] = "Enter the 6-digit code from your authenticator app"

    def clean_code(self):
        code = SPACES_AND_DASHES.sub("", self.cleaned_data["code"])
        if not code.isdigit():
            raise forms.ValidationError("The code is 6 numbers, like 123456")
        if len(code) < 6:
            raise forms.ValidationError("Enter all 6 digits of the code")
        if len(code) > 6:
            raise forms.ValidationError("Enter the 6 digits of the code only")
        return code


class BackupCodeForm(NHSUKForm):
    code = forms.CharField(
        label="Backup code",
        help_text="One of the codes you saved when you set up two-factor sign-in, like abcd 2345.",
        max_length=20,
        widget=forms.TextInput(attrs=BACKUP_WIDGET_ATTRS),
        error_messages={
            "required": "Enter one of your backup codes",
            "max_length": "A backup code is 8 letters and numbers, like abcd 2345",
        },
    )

    def clean_code(self):
        code = SPACES_AND_DASHES.sub("", self.cleaned_data["code"]).lower()
        if not BACKUP_CODE.match(code):
            raise forms.ValidationError("A backup code is 8 letters and numbers, like abcd 2345")
        return code


def code_form(method: str, data=None):
    if method == BACKUP:
        return BackupCodeForm(data)
    return SixDigitCodeForm(data, source=method)


METHOD_LABELS = {
    APP: "An authenticator app on my phone or tablet",
    EMAIL: "A code sent to my email each time I sign in",
}


class MethodForm(NHSUKForm):
    method = forms.ChoiceField(
        label="How do you want to get your security codes?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you want to get your security codes"},
    )

    def __init__(self, *args, available: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(method, METHOD_LABELS[method]) for method in available]
        self.fields["method"].help_text = (
            "An app works without signal and is the safer choice. "
            "Choose email if you do not have a smartphone."
            if len(available) > 1
            else ""
        )


WRONG_CODE = {
    APP: "That code did not work. Codes change every 30 seconds: enter the one shown now",
    EMAIL: "That code did not work. Check it against the latest email we sent you",
    BACKUP: "That backup code did not work. Check it, or use another one: each code works once",
}


def problem_message(method: str, outcome) -> str:
    """What to tell someone whose code services.check_code refused."""
    if outcome.problem == "too_many":
        return f"Too many wrong codes. Wait {wait_text(outcome.wait_seconds)}, then try again"
    if outcome.problem == "expired":
        return "That code has run out or has been used already. Ask for a new code"
    return WRONG_CODE[method]


def wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    if minutes < 120:
        return f"{minutes} minutes"
    return f"{-(-minutes // 60)} hours"
