"""The site's own sign-in form."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the username's length actually checked.

    AuthenticationForm sets the field's max_length after the field is built, so no length validator
    runs: a username of any length went on to django-axes, whose record of failed attempts holds 255
    characters, and PostgreSQL refused it with a server error. No account can have a longer username
    than the user model allows, so a longer one is refused on the form, before anything is looked up.
    """

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
