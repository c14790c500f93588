"""Emails about two-factor sign-in that can wait, through the queue (creative_minds/mail.py).

Codes themselves are sent at once by services.send_code, because the person is waiting on the page
for them; only the notice of a staff reset is queued, so an outage delays it but never loses it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from creative_minds.mail import absolute_url, email


@email
def reset_notice(user_id: int) -> EmailMessage | None:
    """Tell a person that staff removed their two-factor methods, and how to set one up again."""
    person = get_user_model().objects.filter(pk=user_id).first()
    if person is None or not person.email:
        return None
    return EmailMessage(
        subject="Your Creative Minds two-factor sign-in was reset",
        body=render_to_string(
            "two_factor/email/reset_notice.txt",
            {
                "person": person,
                "link": absolute_url("two_factor_setup"),
            },
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
