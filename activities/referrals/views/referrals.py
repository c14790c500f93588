"""Referral pages: /referrals/ for champions, partners and coordinators, and "ask to join" for anyone."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from activities.models import ActivityPage
from activities.referrals import consent, filters, next_steps, policy, selectors, services
from activities.referrals.forms import ChampionReferralForm, SelfReferralForm, StatusForm
from activities.referrals.models import ConsentRecord, Referral
from creative_minds import throttle
from partners.permissions import partner_ids_for

REFERRALS_PER_PAGE = 25


@never_cache
@login_required
def dashboard(request):
    """Everything the user may follow (their own referrals, their activities', or their localities'),
    filtered by the query string."""
    if not policy.has_referral_role(request.user):
        raise Http404("No referrals here")
    today = timezone.localdate()
    referral_filter, query_string = filters.filter_referrals(request.GET, user=request.user, today=today)
    page = Paginator(referral_filter.qs, REFERRALS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "referrals/referrals/dashboard.html",
        {
            "page": page,
            "rows": selectors.referral_rows(request.user, page.object_list, today=today),
            "filter_form": referral_filter.form,
            "filtered": bool(query_string),
            "query_string": query_string,
            "is_champion": policy.is_champion(request.user),
            "waiting_flag_days": settings.REFERRAL_REMINDER_WORKING_DAYS,
        },
    )


@never_cache
@login_required
def new(request, activity_slug):
    """A champion refers someone to one activity (chosen from the directory).

    Anyone else, and a champion at an activity that has ended, is answered 404 as before (no form,
    nothing saved), but with a page that says why and what they can do instead.
    """
    if not policy.can_refer(request.user):
        return _cannot_refer(request, activity_slug)
    activity = get_object_or_404(ActivityPage.objects.live().select_related("partner"), slug=activity_slug)
    if activity.has_ended:
        return _cannot_refer(request, activity_slug)
    form = ChampionReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = services.create_referral(
            activity=activity,
            details=form.details(),
            consent_version=form.cleaned_data["consent_version"],
            champion=request.user,
        )
        messages.success(
            request, f"Referral sent. {activity.partner.title} has been emailed and will be in touch."
        )
        return redirect("referrals:detail", public_id=referral.public_id)
    return TemplateResponse(
        request,
        "referrals/referrals/new.html",
        {
            "form": form,
            "activity": activity,
            "consent_wording": _contact_wording(form),
            "contact_days": settings.REFERRAL_REMINDER_WORKING_DAYS,
        },
    )


def _cannot_refer(request, activity_slug):
    """404, with a page that helps: who can refer, and how to join the activity instead. Only for an
    activity anyone may see; any other address is a bare 404, as it would be for anyone."""
    activity = get_object_or_404(
        ActivityPage.objects.live().public().select_related("partner"), slug=activity_slug
    )
    return TemplateResponse(
        request,
        "referrals/referrals/cannot_refer.html",
        {"activity": activity, "is_champion": policy.can_refer(request.user)},
        status=404,
    )


@never_cache
@login_required
def detail(request, public_id):
    referral = policy.get_or_404(
        Referral.objects.select_related(
            "activity__partner", "activity__locality", "champion__champion_profile"
        ),
        policy.can_view_referral,
        request.user,
        public_id=public_id,
    )
    log(referral, "activities.referral_viewed", user=request.user)
    return _detail_response(request, referral, status_form=None)


@never_cache
@login_required
@require_POST
def change_status(request, public_id):
    referral = policy.get_or_404(
        Referral.objects.select_related("activity__partner", "champion"),
        policy.can_view_referral,
        request.user,
        public_id=public_id,
    )
    allowed = policy.allowed_statuses(request.user, referral)
    if not allowed:
        raise Http404("Nothing to change")
    form = StatusForm(request.POST, allowed=allowed, referral=referral)
    if form.is_valid():
        try:
            services.change_status(
                referral=referral,
                to_status=form.cleaned_data["status"],
                user=request.user,
                reason=form.cleaned_data.get("reason") or "",
                joined_on=form.cleaned_data.get("joined_on"),
            )
        except (PermissionDenied, ValidationError) as problem:
            # Someone else moved it on a moment ago: show the referral as it now stands.
            messages.error(request, _message(problem))
        else:
            messages.success(
                request, f"Referral marked as {Referral.Status(form.cleaned_data['status']).label.lower()}."
            )
        return redirect("referrals:detail", public_id=referral.public_id)
    return _detail_response(request, referral, status_form=form)


@never_cache
@login_required
@require_POST
def withdraw_consent(request, public_id, consent_id):
    referral = policy.get_or_404(
        Referral.objects.select_related("activity"),
        policy.can_withdraw_consent,
        request.user,
        public_id=public_id,
    )
    record = get_object_or_404(ConsentRecord, pk=consent_id, referral=referral, withdrawn_at__isnull=True)
    services.withdraw_consent(record=record, user=request.user)
    messages.success(request, "Consent withdrawn. Their contact details have been removed.")
    return redirect("referrals:detail", public_id=referral.public_id)


def _detail_response(request, referral, *, status_form):
    allowed = policy.allowed_statuses(request.user, referral)
    # The partner's own people know who they are: the contact card is for everyone else.
    runs_it = referral.activity.partner_id in partner_ids_for(request.user)
    is_referrer = referral.champion_id is not None and referral.champion_id == request.user.pk
    can_refer_again = is_referrer and policy.can_refer(request.user) and not referral.activity.has_ended
    return TemplateResponse(
        request,
        "referrals/referrals/detail.html",
        {
            "referral": referral,
            "next_step": next_steps.next_step(referral, today=timezone.localdate()),
            "partner_contact": None if runs_it else next_steps.partner_contact(referral),
            "is_referrer": is_referrer,
            "can_refer_again": can_refer_again,
            "history": referral.status_changes.select_related("changed_by"),
            "consents": referral.consents.all(),
            "status_form": status_form
            or (StatusForm(allowed=allowed, referral=referral) if allowed else None),
            "can_withdraw_consent": policy.can_withdraw_consent(request.user, referral),
            "participant": selectors.participant_of(request.user, referral),
        },
        status=400 if status_form is not None else 200,
    )


# -- asking to join ----------------------------------------------------------------------


def _welcoming_activity(slug) -> ActivityPage:
    activity = get_object_or_404(ActivityPage.objects.live().public().select_related("partner"), slug=slug)
    if not activity.welcomes_requests:
        raise Http404("This activity does not take requests to join")
    return activity


@never_cache
def ask_to_join(request, activity_slug):
    """Anyone can ask to join an activity that welcomes it. No account needed."""
    activity = _welcoming_activity(activity_slug)
    if activity.has_ended:
        raise Http404("This activity has ended")
    form = SelfReferralForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allow_address(request, "ask-to-join", limit=settings.SELF_REFERRAL_LIMIT_PER_HOUR):
            throttle.refuse(
                form,
                "We have had several requests from your connection in the last hour. "
                "Please try again later, or contact the group using the details on the activity page.",
            )
            return _ask_response(request, activity, form, status=429)
        if form.is_valid():
            if not form.is_spam():
                services.create_referral(
                    activity=activity,
                    details=form.details(),
                    consent_version=form.cleaned_data["consent_version"],
                )
            return redirect("ask_to_join_sent", activity_slug=activity.slug)
    return _ask_response(request, activity, form)


def _ask_response(request, activity, form, status=200):
    return TemplateResponse(
        request,
        "referrals/referrals/ask_to_join.html",
        {"form": form, "activity": activity, "consent_wording": _contact_wording(form)},
        status=status,
    )


@never_cache
def ask_to_join_sent(request, activity_slug):
    activity = _welcoming_activity(activity_slug)
    return TemplateResponse(request, "referrals/referrals/ask_to_join_sent.html", {"activity": activity})


def _contact_wording(form) -> str:
    version = form["consent_version"].value() or consent.current_version(
        ConsentRecord.Purpose.REFERRAL_CONTACT
    )
    wordings = consent.WORDING[ConsentRecord.Purpose.REFERRAL_CONTACT]
    return wordings.get(version) or consent.current_wording(ConsentRecord.Purpose.REFERRAL_CONTACT)


def _message(problem) -> str:
    if isinstance(problem, ValidationError):
        return " ".join(problem.messages)
    return str(problem)
