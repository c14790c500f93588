from django import forms

from creative_minds.forms import NHSUKForm


class CodeForm(NHSUKForm):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now.",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "min_length": "Enter all 6 digits of the code",
            "max_length": "Enter the 6 digits of the code only",
        },
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError("The code is 6 numbers, like 123456")
        if self.device is not None and not self.device.verify_is_allowed()[0]:
            # django-otp slows down guessing: each wrong code doubles the wait before the next.
            raise forms.ValidationError("Too many wrong codes. Wait a minute, then enter the new code")
        if self.device is None or not self.device.verify_token(code):
            raise forms.ValidationError(
                "That code did not work. Codes change every 30 seconds: enter the one shown now"
            )
        return code
