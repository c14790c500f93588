"""Participants: pseudonymous codes, attendance and questionnaire status, for partners and coordinators.

Nobody sees a person's wellbeing answers here; only whether each questionnaire is waiting,
answered or declined.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from activities.detail import distinguishing_label
from activities.referrals import policy, selectors, services
from activities.referrals.forms import ParticipantFilterForm
from activities.referrals.models import ConsentRecord, Participant, WellbeingCheckIn

PARTICIPANTS_PER_PAGE = 50


@never_cache
@login_required
def participant_list(request):
    if not policy.has_participant_role(request.user):
        raise Http404("No participants here")
    activities = list(selectors.participant_activities(request.user))
    filter_form = ParticipantFilterForm(request.GET or None, activities=activities)
    activity_slug = (
        filter_form.cleaned_data["activity"] if filter_form.is_bound and filter_form.is_valid() else ""
    )
    participants = selectors.participant_list(request.user, activity_slug=activity_slug)
    page = Paginator(participants, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    labels = {activity.pk: distinguishing_label(activity) for activity in activities}
    return TemplateResponse(
        request,
        "referrals/participants/list.html",
        {
            "page": page,
            "rows": [_row(participant, labels) for participant in page.object_list],
            "activities": activities,
            "filter_form": filter_form,
            "query_string": urlencode({"activity": activity_slug}) if activity_slug else "",
            "activity_slug": activity_slug,
            "today": timezone.localdate(),
        },
    )


def _row(participant: Participant, labels: dict[int, str]) -> dict:
    """One line of the list: the activity by its distinguishing label, and each questionnaire kind in
    its own column (a short tag each), so that no cell has to wrap on a phone."""
    check_ins = participant.check_ins.all()
    return {
        "participant": participant,
        "activity_label": labels[participant.activity_id],
        "first": [c for c in check_ins if c.kind == WellbeingCheckIn.Kind.BASELINE],
        "follow_up": [c for c in check_ins if c.kind == WellbeingCheckIn.Kind.FOLLOW_UP],
    }


@never_cache
@login_required
def detail(request, public_id):
    participant = _participant_or_404(request, public_id)
    log(participant, "activities.participant_viewed", user=request.user)
    return TemplateResponse(
        request,
        "referrals/participants/detail.html",
        {
            "participant": participant,
            "activity_label": distinguishing_label(participant.activity),
            "referral": participant.referral,
            "attendances": participant.attendances.order_by("-session_date"),
            "check_ins": participant.check_ins.order_by("due_on"),
            "wellbeing_consent": participant.consents.filter(purpose=ConsentRecord.Purpose.WELLBEING).first(),
            "today": timezone.localdate(),
        },
    )


@never_cache
@login_required
@require_POST
def withdraw_wellbeing_consent(request, public_id):
    participant = _participant_or_404(request, public_id)
    record = participant.consents.filter(
        purpose=ConsentRecord.Purpose.WELLBEING, withdrawn_at__isnull=True
    ).first()
    if record is None:
        raise Http404("No consent to withdraw")
    services.withdraw_consent(record=record, user=request.user)
    messages.success(request, "Consent withdrawn. Their questionnaire answers have been deleted.")
    return redirect("participants:detail", public_id=participant.public_id)


def _participant_or_404(request, public_id) -> Participant:
    return policy.get_or_404(
        Participant.objects.select_related("activity__partner", "referral").prefetch_related(
            "activity__sessions"
        ),
        policy.can_view_participant,
        request.user,
        public_id=public_id,
    )
