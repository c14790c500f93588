"""Wellbeing check-ins: the public questionnaire behind a single-use link, and the partner's buttons
that hand a link out (shown as a QR code, or emailed).

The questionnaire pages are open to anyone holding a usable link: the token is the only key, so
the pages say nothing about whose questionnaire it is, and a link that cannot be used gets the
same plain page whoever asks. The partner's buttons answer through activities.referrals.policy,
and only to POST: showing or emailing a link replaces the old one, so it must never happen by
just following an address.
"""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from activities.referrals import checkins, consent, policy, services
from activities.referrals.checkins import LinkProblem
from activities.referrals.models import ConsentRecord, Participant, WellbeingCheckIn
from activities.referrals.swemwbs import COPYRIGHT, STEM
from activities.referrals.wellbeing_forms import WellbeingForm

# An unknown token is "not found". A used or expired one is "gone": it did work once and never
# will again (a new link always gets a new token), which is what 410 means, and it tells browsers
# and crawlers not to come back. The holder of a 256-bit token learns nothing from the status that
# the page's heading does not already tell them, and nobody can find tokens by guessing.
PROBLEM_STATUS = {LinkProblem.UNKNOWN: 404, LinkProblem.USED: 410, LinkProblem.EXPIRED: 410}

NOT_WAITING_MESSAGE = (
    "This questionnaire has already been answered or declined, so there is no link to hand out."
)
NO_EMAIL_MESSAGE = "We do not have an email address for this person. Show them the QR code instead."


def _private(response):
    """Token pages must stay out of search results, whatever the template says."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# -- the questionnaire (public) ----------------------------------------------------------


@never_cache
def answer(request, token):
    lookup = checkins.find(token)
    if lookup.problem is not None:
        return _problem_page(request, lookup.problem)

    if request.method == "POST" and request.POST.get("action") == "decline":
        result = checkins.decline(token)
        if isinstance(result, LinkProblem):
            return _problem_page(request, result)
        return redirect(reverse("wellbeing:thank_you") + "?declined=1")

    is_follow_up = lookup.check_in.kind == WellbeingCheckIn.Kind.FOLLOW_UP
    form = WellbeingForm(request.POST or None, follow_up=is_follow_up)
    if request.method == "POST" and form.is_valid():
        # answer() locks the row and checks the link again, so two sends of the same page (a
        # double tap, or two tabs) save one set of answers; the other gets the "already used" page.
        result = checkins.answer(token, form.answers(), form.what_changed())
        if isinstance(result, LinkProblem):
            return _problem_page(request, result)
        # The score is never shown: the questionnaire is not a test, and the person did not ask.
        return redirect("wellbeing:thank_you")

    return _private(
        TemplateResponse(
            request,
            "referrals/wellbeing/answer.html",
            {
                "form": form,
                "is_follow_up": is_follow_up,
                "stem": STEM,
                "copyright": COPYRIGHT,
                "consent_wording": consent.current_wording(ConsentRecord.Purpose.WELLBEING),
                "what_changed_wording": consent.current_wording(consent.WHAT_CHANGED),
            },
        )
    )


@never_cache
def thank_you(request):
    return _private(
        TemplateResponse(
            request, "referrals/wellbeing/thank_you.html", {"declined": request.GET.get("declined") == "1"}
        )
    )


def _problem_page(request, problem: LinkProblem):
    # The same template and context for every problem: only the wording differs, and it never
    # names the person, the activity or the questionnaire.
    return _private(
        TemplateResponse(
            request,
            "referrals/wellbeing/link_problem.html",
            {"problem": problem.value},
            status=PROBLEM_STATUS[problem],
        )
    )


# -- handing out a link (partner, coordinator or staff) ----------------------------------


def _check_in_or_404(request, public_id, check_in_id) -> tuple[Participant, WellbeingCheckIn]:
    participant = policy.get_or_404(
        Participant.objects.select_related("activity", "referral__activity"),
        policy.can_view_participant,
        request.user,
        public_id=public_id,
    )
    # Someone else's check-in, even one the user may see, is not found at this participant's address.
    check_in = participant.check_ins.filter(public_id=check_in_id).first()
    if check_in is None:
        raise Http404("Not found")
    check_in.participant = participant
    return participant, check_in


def _back_to(participant: Participant):
    return redirect(reverse("participants:detail", args=[participant.public_id]))


@never_cache
@login_required
def show_qr(request, public_id, check_in_id):
    participant, check_in = _check_in_or_404(request, public_id, check_in_id)
    if request.method != "POST":
        # Following a link (or reloading after a redirect) must not replace the person's link.
        return _back_to(participant)
    if check_in.status != WellbeingCheckIn.Status.WAITING:
        messages.info(request, NOT_WAITING_MESSAGE)
        return _back_to(participant)
    try:
        token = checkins.show_as_qr(check_in, user=request.user)
    except PermissionDenied:
        # Answered or declined between loading the participant's page and pressing the button.
        messages.info(request, NOT_WAITING_MESSAGE)
        return _back_to(participant)
    check_in.refresh_from_db(fields=["token_expires_at"])
    link = checkins.link_for(token)
    return TemplateResponse(
        request,
        "referrals/wellbeing/qr.html",
        {
            "participant": participant,
            "check_in": check_in,
            "link": link,
            "qr_svg": _qr_svg(link),
            "expires_at": check_in.token_expires_at,
            "valid_days": settings.WELLBEING_LINK_VALID_DAYS,
        },
    )


@never_cache
@login_required
def send_email(request, public_id, check_in_id):
    participant, check_in = _check_in_or_404(request, public_id, check_in_id)
    if request.method != "POST":
        return _back_to(participant)
    if check_in.status != WellbeingCheckIn.Status.WAITING:
        messages.info(request, NOT_WAITING_MESSAGE)
        return _back_to(participant)
    referral = participant.referral
    if referral.is_anonymised or not referral.email:
        messages.info(request, NO_EMAIL_MESSAGE)
        return _back_to(participant)
    # email_check_in_link() does not ask the policy (the scheduled follow-ups have no user): the lookup
    # above and the status check are policy.can_issue_check_in, asked here once more to keep it one rule.
    if not policy.can_issue_check_in(request.user, check_in):
        raise Http404("Not found")
    if not services.email_check_in_link(check_in=check_in, user=request.user):
        messages.info(request, NOT_WAITING_MESSAGE)
        return _back_to(participant)
    messages.success(
        request,
        f"We are emailing them a link to the questionnaire. It works once, for "
        f"{settings.WELLBEING_LINK_VALID_DAYS} days. Any link sent before will stop working.",
    )
    return _back_to(participant)


def _qr_svg(link: str) -> str:
    """The link as an inline SVG QR code (no inline styles, so the content security policy allows it)."""
    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=15)
    markup = image.to_string(encoding="unicode")
    markup = markup[markup.index("<svg") :]
    # Generated here from our own link, never from anything a visitor typed.
    return mark_safe(  # noqa: S308
        markup.replace(
            "<svg ", '<svg role="img" aria-label="QR code for the questionnaire link" focusable="false" ', 1
        )
    )
