"""Subject access: everything held about one person, for staff to send them when they ask.

A person is found by what they can tell us: the email address or phone number on their
referral, or the participant code their group gave them. The export is the one place a person's
wellbeing answers leave the database, so only staff with the "change referral" permission may
make one (policy.can_export_subject_access), and each export is written to the audit trail
against every referral it contains.

The page is in the Wagtail admin (Reports > Subject access); its URL and menu item are
registered in activities/referrals/wagtail_hooks.py.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Func, Value
from django.db.models.functions import Replace
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from activities.referrals import consent, policy
from activities.referrals.models import ConsentRecord, Participant, Referral, WellbeingCheckIn
from activities.referrals.models.participant import CODE_ALPHABET
from creative_minds.validators import normalise_uk_phone

# "CM-7KX4-2PQ9", however it was typed: any case, with or without the prefix, dashes or spaces.
CODE_PATTERN = re.compile(rf"^(?:CM)?-?([{CODE_ALPHABET}]{{4}})-?([{CODE_ALPHABET}]{{4}})$")
# The characters normalise_uk_phone removes, so the database can compare numbers the same way.
PHONE_PUNCTUATION = (" ", "(", ")", "-", ".")


@dataclass(frozen=True)
class Search:
    kind: str  # "email", "phone" or "code"; "" when the text is none of them
    value: str  # normalised: lower-case email, digits-only phone, or "CM-XXXX-XXXX"


def parse(text: str) -> Search:
    """What kind of identifier someone typed, normalised so it matches however it was written."""
    text = text.strip()
    if "@" in text:
        return Search("email", text.lower())
    compact = text.upper().replace(" ", "")
    if match := CODE_PATTERN.match(compact):
        return Search("code", f"CM-{match[1]}-{match[2]}")
    digits = normalise_uk_phone(text)
    if digits.isdigit() and len(digits) >= 10:
        return Search("phone", digits)
    return Search("", "")


def find(search: Search) -> list[Referral]:
    """The referrals that belong to whoever the search identifies, oldest first."""
    referrals = Referral.objects.all()
    if search.kind == "email":
        referrals = referrals.filter(email__iexact=search.value)
    elif search.kind == "code":
        referrals = referrals.filter(participant__code=search.value)
    elif search.kind == "phone":
        referrals = referrals.annotate(compact_phone=_compact(F("phone"))).filter(
            compact_phone__in=_phone_spellings(search.value)
        )
    else:
        return []
    return list(
        referrals.select_related("activity__partner", "champion__champion_profile", "participant__activity")
        .prefetch_related(
            "status_changes",
            "consents",
            "participant__attendances",
            "participant__check_ins",
            "participant__consents",
        )
        .order_by("created_at", "pk")
    )


def _compact(expression) -> Func:
    for character in PHONE_PUNCTUATION:
        expression = Replace(expression, Value(character), Value(""))
    return expression


def _phone_spellings(digits: str) -> list[str]:
    # Stored numbers keep "+44" as typed; normalise_uk_phone turns it into a leading 0.
    national = digits[1:] if digits.startswith("0") else digits
    return [digits, f"+44{national}", f"+440{national}"]


# -- what the export contains ------------------------------------------------------------


def collect(referrals: list[Referral], search: Search) -> dict:
    """Everything held about the person, as plain JSON-ready values."""
    return {
        "exported_at": _iso(timezone.now()),
        "searched_by": search.kind,
        "about": (
            "Everything Creative Minds holds about you: each referral, with the contact details and "
            "notes you or your champion gave, what happened to it and the consent you gave; and, "
            "if you joined, your participant code, the sessions you came to and your wellbeing answers, "
            "with anything you wrote about what has changed for you and who you said may read it."
        ),
        "referrals": [_referral(referral) for referral in referrals],
    }


def _referral(referral: Referral) -> dict:
    champion = referral.champion
    profile = getattr(champion, "champion_profile", None) if champion else None
    participant = _participant_of(referral)
    return {
        "reference": str(referral.public_id),
        "activity": referral.activity.title,
        "organiser": referral.activity.partner.title,
        "source": referral.get_source_display(),
        "referred_by": (
            {
                "name": champion.get_full_name() or champion.get_username(),
                "team": profile.trust_team if profile else "",
            }
            if champion
            else None
        ),
        "preferred_name": referral.preferred_name,
        "contact_method": referral.contact_method,
        "phone": referral.phone,
        "email": referral.email,
        "support_needs": referral.support_needs,
        "champion_attends_first": referral.champion_attends_first,
        "note_for_partner": referral.note_for_partner,
        "status": referral.get_status_display(),
        "not_taken_up_reason": referral.get_not_taken_up_reason_display()
        if referral.not_taken_up_reason
        else "",
        "sent_at": _iso(referral.created_at),
        "acknowledged_at": _iso(referral.acknowledged_at),
        "closed_at": _iso(referral.closed_at),
        "reminder_sent_at": _iso(referral.reminded_at),
        "escalated_at": _iso(referral.escalated_at),
        "contact_details_removed_at": _iso(referral.anonymised_at),
        "status_history": [
            {
                "from": change.get_from_status_display(),
                "to": change.get_to_status_display(),
                "at": _iso(change.changed_at),
                "reason": change.get_reason_display() if change.reason else "",
            }
            for change in referral.status_changes.all()
        ],
        "consents": [_consent(record) for record in referral.consents.all()],
        "participant": _participant(participant) if participant else None,
    }


def _participant_of(referral: Referral) -> Participant | None:
    try:
        return referral.participant
    except Participant.DoesNotExist:
        return None


def _participant(participant: Participant) -> dict:
    return {
        "code": participant.code,
        "activity": participant.activity.title,
        "joined_on": _iso(participant.joined_on),
        "sessions_attended": [_iso(attendance.session_date) for attendance in participant.attendances.all()],
        "wellbeing_check_ins": [_check_in(check_in) for check_in in participant.check_ins.all()],
        "consents": [_consent(record) for record in participant.consents.all()],
    }


def _check_in(check_in: WellbeingCheckIn) -> dict:
    return {
        "kind": check_in.get_kind_display(),
        "status": check_in.get_status_display(),
        "due_on": _iso(check_in.due_on),
        "link_sent_by": check_in.get_channel_display() if check_in.channel else "",
        "link_sent_at": _iso(check_in.link_sent_at),
        "link_expires_at": _iso(check_in.token_expires_at),
        "completed_at": _iso(check_in.completed_at),
        "answers": check_in.answers,
        "raw_score": check_in.raw_score,
        "metric_score": _iso(check_in.metric_score),
        "what_changed": _what_changed(check_in),
    }


def _what_changed(check_in: WellbeingCheckIn) -> dict | None:
    """Their answer to "What has changed for you?", and the choice they made in the words they read."""
    if not check_in.what_changed:
        return None
    version = check_in.what_changed_wording_version
    try:
        choices = {value: label for value, label, _ in consent.what_changed_choices(version)}
        wording = consent.wording(consent.WHAT_CHANGED, version)
    except KeyError:
        choices, wording = {}, ""
    return {
        "answer": check_in.what_changed,
        "may_be_used": choices.get(
            check_in.what_changed_sharing, check_in.get_what_changed_sharing_display()
        ),
        "wording_version": version,
        "wording": wording,
    }


def _consent(record: ConsentRecord) -> dict:
    try:
        wording = consent.wording(record.purpose, record.wording_version)
    except KeyError:
        wording = ""
    return {
        "purpose": record.get_purpose_display(),
        "wording_version": record.wording_version,
        "wording": wording,
        "given_by": record.get_given_by_display(),
        "given_at": _iso(record.given_at),
        "withdrawn_at": _iso(record.withdrawn_at),
    }


def _iso(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def summary(referrals: list[Referral]) -> dict:
    """Counts only: what the page shows before anyone downloads, and what the audit trail keeps."""
    participants = [p for p in map(_participant_of, referrals) if p]
    return {
        "referrals": len(referrals),
        "participants": len(participants),
        "attendances": sum(len(p.attendances.all()) for p in participants),
        "check_ins": sum(len(p.check_ins.all()) for p in participants),
    }


def export(*, user, text: str, chosen: set[str] | None = None) -> dict:
    """Everything held about the person `text` identifies, with an audit entry per referral.

    `chosen` narrows the matches to the referrals (public ids) that staff confirmed are this
    person's: a shared family email or a care home's phone can match other people too.
    Raises PermissionDenied unless the user may export (checked here too, so no caller can forget).
    """
    if not policy.can_export_subject_access(user):
        raise PermissionDenied("You cannot export personal data.")
    search = parse(text)
    referrals = find(search)
    if chosen is not None:
        referrals = [referral for referral in referrals if str(referral.public_id) in chosen]
    counts = summary(referrals)
    with transaction.atomic():
        for referral in referrals:
            # What was exported and by whom, never the data or the search text itself.
            log(
                referral,
                "activities.subject_access_exported",
                user=user,
                data={"searched_by": search.kind, **counts},
            )
    return collect(referrals, search)


# -- the admin page ----------------------------------------------------------------------


class SubjectAccessForm(forms.Form):
    query = forms.CharField(
        label="Email address, phone number or participant code",
        max_length=254,
        help_text=(
            "Search once for each email address, phone number and code the person gives you: "
            "each search finds only the records that match it exactly."
        ),
    )

    def clean_query(self):
        text = self.cleaned_data["query"]
        if not parse(text).kind:
            raise forms.ValidationError(
                "Enter an email address, a UK phone number or a participant code like CM-7KX4-2PQ9"
            )
        return text


@method_decorator(never_cache, name="dispatch")
class SubjectAccessView(WagtailAdminTemplateMixin, View):
    """Search (counts only) and download (audited) a subject access export.

    Both are POSTs, so an email address or phone number never appears in a web address, where
    server logs and browser history would keep it.
    """

    page_title = "Subject access"
    header_icon = "download"
    template_name = "referrals/admin/subject_access.html"

    def dispatch(self, request, *args, **kwargs):
        if not policy.can_export_subject_access(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=SubjectAccessForm(), counts=None))

    def post(self, request):
        form = SubjectAccessForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, counts=None))
        text = form.cleaned_data["query"]
        matches = find(parse(text))
        chosen = set(request.POST.getlist("referral"))
        if request.POST.get("action") != "download" or not chosen:
            for referral in matches:
                # Listing who matched shows names and codes: that is viewing a personal record.
                log(referral, "activities.referral_viewed", user=request.user)
            problem = (
                "Tick the records that belong to this person"
                if request.POST.get("action") == "download"
                else ""
            )
            return self.render_to_response(
                self.get_context_data(form=form, counts=summary(matches), matches=matches, problem=problem)
            )
        data = export(user=request.user, text=text, chosen=chosen)
        response = JsonResponse(data, json_dumps_params={"indent": 2})
        filename = f"subject-access-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class SubjectAccessMenuItem(MenuItem):
    """Shown only to those who may export."""

    def is_shown(self, request):
        return policy.can_export_subject_access(request.user)


def menu_item() -> SubjectAccessMenuItem:
    return SubjectAccessMenuItem(
        "Subject access", reverse("referrals_subject_access"), icon_name="download", order=710
    )
