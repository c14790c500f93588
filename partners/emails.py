"""The emails about match funding, each built when it is sent (creative_minds/mail.py)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from creative_minds.mail import absolute_url, email
from partners.models import Decision


@email
def decision_notice(decision_id: int) -> EmailMessage | None:
    """Tell the partner's contacts, and whoever wrote the application, what was decided and why."""
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
        return None
    context = {
        "decision": decision,
        "application": application,
        "dashboard_url": absolute_url("funding:dashboard"),
    }
    return EmailMessage(
        f"Decision on your application: {application.title}",
        render_to_string("partners/email/decision.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
