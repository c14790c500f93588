"""Background work for two-factor sign-in (django-tasks).

Only the notice of a staff reset goes through the task queue: it can wait, and must not be lost.
Codes are sent at once by services.send_code, because the person is waiting on the page for them.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task


@task()
def email_reset_notice(user_id: int) -> int:
    """Tell a person that staff removed their two-factor methods. Returns how many people were emailed."""
    person = get_user_model().objects.filter(pk=user_id).first()
    if person is None or not person.email:
        return 0
    send_mail(
        subject="Your Creative Minds two-factor sign-in was reset",
        message=render_to_string(
            "two_factor/email/reset_notice.txt",
            {
                "person": person,
                "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("two_factor_setup"),
            },
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[person.email],
    )
    return 1
