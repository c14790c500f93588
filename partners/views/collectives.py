"""Collective members' and chairs' pages: /collectives/."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from creative_minds import throttle
from partners.forms import ConflictForm, DecisionForm, JoinRequestForm, VoteForm
from partners.models import ConflictDeclaration, FundingApplication, Vote
from partners.permissions import (
    can_decide,
    can_view_application_as_member,
    current_membership,
    current_memberships,
)
from partners.selectors import (
    counted_votes,
    funded_projects,
    member_rounds,
    partner_record_figures,
    partner_records,
    tally_for,
)
from partners.services import (
    AwardError,
    FundingError,
    cast_vote,
    decided_early,
    declare_conflict,
    record_decision,
)


@login_required
def member_dashboard(request):
    """Each round of the member's collectives, open or closed recently, with its applications and
    where each stands for this member."""
    memberships = list(current_memberships(request.user).select_related("collective__locality"))
    if not memberships:
        raise Http404("Not a collective member")
    return TemplateResponse(
        request,
        "partners/collectives/dashboard.html",
        {"memberships": memberships, "rounds": member_rounds(request.user, memberships)},
    )


def _application_for_member(request, public_id) -> FundingApplication:
    application = get_object_or_404(
        FundingApplication.objects.select_related("partner", "round__collective__locality", "category"),
        public_id=public_id,
    )
    if not can_view_application_as_member(request.user, application):
        raise Http404("No such application")
    return application


@login_required
def application_review(request, public_id):
    """Read an application, declare any conflict, vote (and change the vote until voting closes)."""
    application = _application_for_member(request, public_id)
    membership = current_membership(request.user, application.round.collective)
    declaration = (
        ConflictDeclaration.objects.filter(membership=membership, application=application).first()
        if membership
        else None
    )
    vote = Vote.objects.filter(membership=membership, application=application).first() if membership else None
    conflict_form = ConflictForm(prefix="conflict")
    vote_form = VoteForm(
        prefix="vote", initial={"choice": vote.choice, "comment": vote.comment} if vote else None
    )

    if request.method == "POST" and membership:
        action = request.POST.get("action")
        try:
            if action == "conflict":
                conflict_form = ConflictForm(request.POST, prefix="conflict")
                if conflict_form.is_valid():
                    has_conflict = conflict_form.cleaned_data["answer"] == "yes"
                    declare_conflict(
                        membership=membership,
                        application=application,
                        has_conflict=has_conflict,
                        reason=conflict_form.cleaned_data["reason"],
                        user=request.user,
                    )
                    messages.success(
                        request, _declared_message(has_conflict=has_conflict, voted=vote is not None)
                    )
                    return redirect("collectives:application", public_id=public_id)
            elif action == "vote":
                vote_form = VoteForm(request.POST, prefix="vote")
                if vote_form.is_valid():
                    cast_vote(
                        membership=membership,
                        application=application,
                        choice=vote_form.cleaned_data["choice"],
                        comment=vote_form.cleaned_data["comment"],
                        user=request.user,
                    )
                    messages.success(
                        request, "Your vote has been saved. You can change it until voting closes."
                    )
                    return redirect("collectives:application", public_id=public_id)
        except FundingError as error:
            (conflict_form if action == "conflict" else vote_form).add_error(None, str(error))

    tally = tally_for(application)
    today = timezone.localdate()
    voting_closed = today > application.round.voting_closes or not application.is_open
    return TemplateResponse(
        request,
        "partners/collectives/application_review.html",
        {
            "application": application,
            "membership": membership,
            "declaration": declaration,
            "vote": vote,
            "conflict_form": conflict_form,
            "vote_form": vote_form,
            "voting_open": application.round.voting_is_open_on(today) and application.is_open,
            "voting_not_started": today < application.round.voting_opens,
            "tally": tally,
            "show_tally": vote is not None
            or voting_closed
            or (declaration is not None and declaration.has_conflict),
            "record": [
                past
                for past in partner_records([application.partner_id])[application.partner_id]
                if past.pk != application.pk
            ],
            "partner_figures": partner_record_figures([application.partner_id])[application.partner_id],
            # Comments are shared once the member has voted (or voting is over), like the tally.
            "comments": (
                list(counted_votes().filter(application=application).exclude(comment="").order_by("pk"))
                if voting_closed or vote
                else []
            ),
            "can_decide": can_decide(request.user, application),
            "decision": application.decisions.select_related("decided_by").first(),
            "in_kind": list(application.in_kind_items.all()),
        },
    )


def _declared_message(*, has_conflict: bool, voted: bool) -> str:
    if not has_conflict:
        return "Thank you. You can now vote."
    if voted:
        return "Thank you. You have a conflict of interest, so your vote will not be counted."
    return "Thank you. You have a conflict of interest, so you will not vote on it."


@login_required
def decide(request, public_id):
    application = _application_for_member(request, public_id)
    if not can_decide(request.user, application):
        raise Http404("Only the chair can record a decision")
    preferred_supplier = application.partner.is_preferred_supplier
    early = decided_early(application)
    form = DecisionForm(
        request.POST or None,
        initial={"amount": application.requested_amount},
        application=application,
        fast_track=preferred_supplier,
        early=early,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_decision(
                application=application,
                user=request.user,
                outcome=data["outcome"],
                amount=Decimal(data["amount"]) if data.get("amount") else None,
                reasons=data["reasons"],
                override_reason=data["override_reason"],
                early_reason=data["early_reason"],
                route=data["route"],
            )
        except AwardError as error:  # the budget changed since the form checked it
            form.add_error("amount", str(error))
        except FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The decision has been recorded and the partner has been emailed.")
            return redirect("collectives:application", public_id=public_id)
    return TemplateResponse(
        request,
        "partners/collectives/decide.html",
        {
            "application": application,
            "form": form,
            "tally": tally_for(application),
            "funding_round": application.round,
            "preferred_supplier": preferred_supplier,
            "early": early,
            "today": timezone.localdate(),
        },
    )


def join(request):
    """Anyone can ask to join their locality's collective; a coordinator approves."""
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allow_address(
            request, "collective-join", limit=settings.COLLECTIVE_JOIN_LIMIT_PER_HOUR
        ):
            throttle.refuse(
                form,
                "We have had several requests to join from your connection in the last hour. "
                "Please try again later.",
            )
            return TemplateResponse(request, "partners/collectives/join.html", {"form": form}, status=429)
        if form.is_valid():
            if not form.is_spam():
                join_request = form.save(commit=False)
                join_request.collective = form.cleaned_data["locality"].collective
                join_request.save()
            return TemplateResponse(request, "partners/collectives/join_thanks.html", {})
    return TemplateResponse(request, "partners/collectives/join.html", {"form": form})


def funded(request):
    projects = list(funded_projects())
    return TemplateResponse(
        request,
        "partners/collectives/funded.html",
        {"projects": projects, "total": sum((p.awarded_amount or 0 for p in projects), Decimal("0"))},
    )
