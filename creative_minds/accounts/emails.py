"""Emails with a link to choose a password: the reset someone asked for, and the welcome a new
collective member gets. Built when sent, so the link's token is never stored in the queue."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from creative_minds.mail import absolute_url, email


@email
def password_reset(user_id: int) -> EmailMessage | None:
    """A link to choose a new password, for someone who asked at /account/password-reset/."""
    return _password_link(
        user_id,
        subject_template="registration/password_reset_subject.txt",
        body_template="registration/password_reset_email.txt",
    )


@email
def welcome(user_id: int) -> EmailMessage | None:
    """A new collective member's welcome, with a link to choose their password and sign in."""
    return _password_link(
        user_id,
        subject_template="registration/welcome_subject.txt",
        body_template="registration/welcome_email.txt",
    )


def _password_link(user_id: int, *, subject_template: str, body_template: str) -> EmailMessage | None:
    user = get_user_model().objects.filter(pk=user_id).first()
    # Django's own rule for who may reset a password, asked again in case it changed while queued.
    if user is None or not user.is_active or not user.has_usable_password() or not user.email:
        return None
    # The site's configured address, not the Host header of whoever asked, goes into the link.
    link = absolute_url(
        "password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    context = {"user": user, "link": link}
    subject = "".join(render_to_string(subject_template, context).splitlines())
    body = render_to_string(body_template, context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
