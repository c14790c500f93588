"""Django's own sign-in and password forms, rendered in NHS.UK markup.

Their widgets already carry the right types and autocomplete values (username,
current-password, email, new-password); only the renderer is the site's.
"""

from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

from creative_minds.forms import NHSUKFormMixin


class SignInForm(NHSUKFormMixin, auth_forms.AuthenticationForm):
    """Django's sign-in form with the username's length actually checked.

    AuthenticationForm sets the field's max_length after the field is built, so no length validator
    runs: a username of any length went on to django-axes, whose record of failed attempts holds 255
    characters, and PostgreSQL refused it with a server error. No account can have a longer username
    than the user model allows, so a longer one is refused on the form, before anything is looked up.
    """

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": "Your email or username and password do not match. Try again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.error_messages["required"] = "Enter your email or username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        field.validators.append(
            MaxLengthValidator(
                field.max_length,
                message=f"Your email or username must be {field.max_length} characters or fewer",
            )
        )
        # Django focuses the username box on load; a screen reader would then start below the
        # heading, and after a mistake below the error summary (which NHS.UK's script focuses).
        field.widget.attrs.pop("autofocus", None)


class PasswordResetRequestForm(NHSUKFormMixin, auth_forms.PasswordResetForm):
    pass


class NewPasswordForm(NHSUKFormMixin, auth_forms.SetPasswordForm):
    pass
