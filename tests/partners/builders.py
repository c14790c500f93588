"""Small helpers shared by the funding tests: voting through the services, reading the audit log."""

from decimal import Decimal

from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from partners import services
from partners.models import ConflictDeclaration, Vote

REASONS = "Members liked the clear plan and how many people it will reach."
# The funding fixtures' round is open for voting today, so deciding in it needs a reason.
EARLY_REASON = "Agreed at the collective's meeting, before voting closed."


def declare(membership, application, *, conflict=False, reason=""):
    return services.declare_conflict(
        membership=membership,
        application=application,
        has_conflict=conflict,
        reason=reason,
        user=membership.user,
    )


def vote(membership, application, choice=Vote.Choice.SUPPORT, comment=""):
    """Declare no conflict (if not yet declared) and vote, as the member would on the page."""
    if not ConflictDeclaration.objects.filter(membership=membership, application=application).exists():
        declare(membership, application)
    return services.cast_vote(
        membership=membership, application=application, choice=choice, comment=comment, user=membership.user
    )


def votes(memberships, application, choices):
    """votes(members, app, "SSOA") - S support, O oppose, A abstain, one letter per member in order."""
    letters = {"S": Vote.Choice.SUPPORT, "O": Vote.Choice.OPPOSE, "A": Vote.Choice.ABSTAIN}
    for membership, letter in zip(memberships, choices, strict=False):
        vote(membership, application, letters[letter])


def approve(application, chair, amount=None, **kwargs):
    return services.record_decision(
        application=application,
        user=chair.user,
        outcome="approved",
        amount=Decimal(amount) if amount is not None else application.requested_amount,
        reasons=kwargs.pop("reasons", REASONS),
        early_reason=kwargs.pop("early_reason", EARLY_REASON),
        **kwargs,
    )


def log_entries(action, instance=None):
    entries = ModelLogEntry.objects.filter(action=action)
    if instance is not None:
        entries = entries.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )
    return entries


def page_form(response, containing: str):
    """The POST form on the page that has a field named `containing`, as a browser would send it:
    (the URL it posts to, {name: value}). Submit buttons are left out; add `action` yourself."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = next(f for f in soup.find_all("form") if f.find(attrs={"name": containing}))
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        kind = field.get("type", "text")
        if not name or field.name == "button" or kind == "submit":
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif kind in ("radio", "checkbox"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return form.get("action") or response.wsgi_request.path, data
