"""Django's own sign-in and password forms, rendered in NHS.UK markup.

Their widgets already carry the right types and autocomplete values (username,
current-password, email, new-password); only the renderer is the site's.
"""

from django.contrib.auth import forms as auth_forms

from creative_minds.forms import NHSUKFormMixin


class SignInForm(NHSUKFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": "Your email or username and password do not match. Try again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # Django focuses the username box on load; a screen reader would then start below the
        # heading, and after a mistake below the error summary (which NHS.UK's script focuses).
        self.fields["username"].widget.attrs.pop("autofocus", None)


class PasswordResetRequestForm(NHSUKFormMixin, auth_forms.PasswordResetForm):
    pass


class NewPasswordForm(NHSUKFormMixin, auth_forms.SetPasswordForm):
    pass
