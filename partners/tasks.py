"""Background work for partners (django-tasks; run immediately in dev and tests)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task


@task()
def send_decision_email(decision_id: int) -> int:
    """Tell the partner's contacts what was decided and why. Returns how many people were emailed."""
    from partners.models import Decision

    decision = Decision.objects.select_related(
        "application__partner", "application__round", "application__created_by"
    ).get(pk=decision_id)
    application = decision.application
    recipients = sorted(
        {
            contact.user.email
            for contact in application.partner.contacts.select_related("user")
            if contact.user.email
        }
        | ({application.created_by.email} if application.created_by.email else set())
    )
    if not recipients:
        return 0
    context = {
        "decision": decision,
        "application": application,
        "dashboard_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/funding/",
    }
    send_mail(
        subject=f"Decision on your application: {application.title}",
        message=render_to_string("partners/email/decision.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)
