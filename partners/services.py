"""Writes for collectives and match funding. Each function is one transaction and logs to the audit trail."""

from __future__ import annotations

import datetime
import hashlib
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from creative_minds.accounts import emails as account_emails
from creative_minds.money import pounds
from partners import emails
from partners.models import (
    ConflictDeclaration,
    Decision,
    FundingApplication,
    FundingRound,
    JoinRequest,
    LedgerEntry,
    Membership,
    Vote,
)
from partners.selectors import counted_votes, tally_for


class FundingError(Exception):
    """A rule stopped the action. The message is written for the person who tried it."""


# -- applications -------------------------------------------------------------------------


def submission_problems(application: FundingApplication) -> dict[str, str]:
    """Everything that must be true before an application can be sent, as field → message."""
    problems: dict[str, str] = {}
    required = {
        "summary": "Enter a short summary of the project",
        "what_will_happen": "Say what will happen",
        "who_benefits": "Say who will benefit",
        "category": "Choose the type of activity",
        "starts_on": "Enter the date the project starts",
        "ends_on": "Enter the date the project ends",
        "expected_participants": "Enter how many people you expect to take part",
        "total_cost": "Enter the total cost of the project",
        "requested_amount": "Enter how much you are asking for",
        "continuation": "Say how the project will carry on after the funding",
    }
    for field, message in required.items():
        if getattr(application, field) in (None, ""):
            problems[field] = message
    rules = application.round
    requested = application.requested_amount
    if application.starts_on and application.ends_on and application.ends_on < application.starts_on:
        problems["ends_on"] = "The end date must be on or after the start date"
    if requested is not None:
        if requested <= 0:
            problems["requested_amount"] = "The amount you ask for must be more than £0"
        elif requested > rules.maximum_award:
            problems["requested_amount"] = (
                f"You can ask for up to {pounds(rules.maximum_award)} in this round. "
                f"You asked for {pounds(requested)}"
            )
        elif application.partner_contribution * 100 < rules.minimum_match_percent * requested:
            needed = (requested * rules.minimum_match_percent / 100).quantize(Decimal("0.01"))
            problems["cash_contribution"] = (
                f"Your contribution (cash and in kind) must be at least {pounds(needed)}, which is "
                f"{rules.minimum_match_percent}% of what you ask for. "
                f"It is {pounds(application.partner_contribution)}"
            )
    if requested is not None and application.total_cost is not None and "requested_amount" not in problems:
        expected = requested + application.partner_contribution
        if application.total_cost != expected:
            problems["total_cost"] = (
                f"The total cost ({pounds(application.total_cost)}) should equal the amount you ask for "
                f"plus your contribution ({pounds(expected)})"
            )
    if not rules.accepts_applications_on(timezone.localdate()):
        problems["round"] = f"{rules.name} is not taking applications at the moment"
    return problems


@transaction.atomic
def submit_application(*, application: FundingApplication, user) -> FundingApplication:
    application = FundingApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != FundingApplication.Status.DRAFT:
        raise FundingError("This application has already been sent.")
    problems = submission_problems(application)
    if problems:
        raise ValidationError(problems)
    application.status = FundingApplication.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    _declare_automatic_conflicts(application)
    log(application, "partners.application_submitted", user=user)
    return application


def _declare_automatic_conflicts(application: FundingApplication) -> None:
    """Members linked to the applying partner have a conflict, without having to say so."""
    linked = Membership.objects.filter(
        collective=application.round.collective, linked_partners=application.partner
    )
    for membership in linked:
        declaration, _ = ConflictDeclaration.objects.update_or_create(
            membership=membership,
            application=application,
            defaults={
                "has_conflict": True,
                "automatic": True,
                "reason": f"Linked to {application.partner.title}",
            },
        )
        log(declaration, "partners.conflict_declared", user=None, data={"automatic": True})


# -- members ---------------------------------------------------------------------------------


def _check_member_can_act(
    membership: Membership | None, application: FundingApplication, today: date
) -> None:
    if membership is None or membership.collective_id != application.round.collective_id:
        raise FundingError("Only members of this collective can do this.")
    if not membership.is_current_on(today):
        raise FundingError("Your membership of this collective has ended.")
    if not application.is_open:
        raise FundingError("A decision has already been made on this application.")


def _locked_membership(membership: Membership | None) -> Membership | None:
    """The member's row, locked until the transaction ends, and read afresh.

    Declaring a conflict and voting both take this lock before they check anything, so when both
    arrive at the same moment one waits for the other and then sees what it wrote. Without it each
    checked the other's state from before, and a conflicted member's vote was stored and counted.
    FOR NO KEY UPDATE excludes the other writer without holding up rows that merely refer to the
    membership."""
    if membership is None:
        return None
    return Membership.objects.select_for_update(no_key=True).get(pk=membership.pk)


@transaction.atomic
def declare_conflict(
    *, membership, application, has_conflict: bool, reason: str, user
) -> ConflictDeclaration:
    """Record whether the member has a conflict of interest. A conflict declared after voting is
    accepted: the vote is kept for the record but no longer counts (selectors.counted_votes)."""
    today = timezone.localdate()
    membership = _locked_membership(membership)
    _check_member_can_act(membership, application, today)
    existing = ConflictDeclaration.objects.filter(membership=membership, application=application).first()
    if existing and existing.automatic and not has_conflict:
        raise FundingError(
            "You are linked to this partner, so you have a conflict of interest and cannot vote."
        )
    voted = Vote.objects.filter(membership=membership, application=application).exists()
    declaration, created = ConflictDeclaration.objects.update_or_create(
        membership=membership,
        application=application,
        defaults={"has_conflict": has_conflict, "reason": reason, "declared_at": timezone.now()},
    )
    log(
        declaration,
        "partners.conflict_declared",
        user=user,
        data={
            "has_conflict": has_conflict,
            "reason": reason,
            "changed": not created,
            "vote_set_aside": has_conflict and voted,
        },
    )
    return declaration


@transaction.atomic
def cast_vote(*, membership, application, choice: str, comment: str, user, today: date | None = None) -> Vote:
    """Record or change a member's vote. Votes are updated, never deleted; every change is logged."""
    today = today or timezone.localdate()
    membership = _locked_membership(membership)
    _check_member_can_act(membership, application, today)
    if not application.round.voting_is_open_on(today):
        opens, closes = application.round.voting_opens, application.round.voting_closes
        raise FundingError(f"Voting is open from {opens:%-d %B} to {closes:%-d %B %Y}.")
    # Read under the member's lock, so a conflict declared a moment ago is seen here.
    declaration = ConflictDeclaration.objects.filter(membership=membership, application=application).first()
    if declaration is None:
        raise FundingError("Tell us whether you have a conflict of interest before you vote.")
    if declaration.has_conflict:
        raise FundingError("You have a conflict of interest on this application, so you cannot vote.")
    if choice not in Vote.Choice.values:
        raise FundingError("Choose support, do not support or abstain.")

    vote = Vote.objects.select_for_update().filter(membership=membership, application=application).first()
    if vote is None:
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    membership=membership, application=application, choice=choice, comment=comment
                )
        except IntegrityError as error:  # a second tab voted at the same moment
            raise FundingError("Your vote was already recorded. Refresh the page to change it.") from error
        log(vote, "partners.vote_cast", user=user, data={"choice": choice})
        return vote
    previous = vote.choice
    vote.choice, vote.comment, vote.updated_at = choice, comment, timezone.now()
    vote.save(update_fields=["choice", "comment", "updated_at"])
    log(vote, "partners.vote_changed", user=user, data={"from": previous, "to": choice})
    return vote


# -- decisions and money -----------------------------------------------------------------------


def _fast_track_allowed(application: FundingApplication) -> bool:
    """Preferred suppliers can be approved between meetings by the chair and two other members."""
    if not application.partner.is_preferred_supplier_on(timezone.localdate()):
        return False
    supporting = counted_votes().filter(application=application, choice=Vote.Choice.SUPPORT)
    supporters = Membership.objects.filter(pk__in=supporting.values("membership_id"))
    chair_supports = supporters.filter(is_chair=True).exists()
    others = supporters.filter(is_chair=False).count()
    return chair_supports and others >= 2


class AwardError(FundingError):
    """The amount to award is wrong: the decision page shows this by its amount field."""


def award_problem(
    *, requested: Decimal, budget_left: Decimal, round_name: str, amount: Decimal
) -> str | None:
    """Why `amount` cannot be awarded, if it cannot: more than was asked for, or than the round has
    left. The decision form checks this with its other fields; record_decision checks it again
    under the round's lock, where it is final."""
    if amount > requested:
        return f"The award cannot be more than the {pounds(requested)} asked for"
    if amount > budget_left:
        return (
            f"Only {pounds(budget_left)} is left in {round_name}. "
            "Award less, or decline or defer the application"
        )
    return None


def decided_early(application: FundingApplication, today: date | None = None) -> bool:
    """Whether deciding now would cut voting short: members can still vote until the end of the
    round's voting_closes day (or have not started)."""
    return (today or timezone.localdate()) <= application.round.voting_closes


def record_decision(
    *,
    application: FundingApplication,
    user,
    outcome: str,
    reasons: str,
    amount: Decimal | None = None,
    override_reason: str = "",
    early_reason: str = "",
    route: str = Decision.Route.MEETING,
) -> Decision:
    """Decide an application. Approvals commit money against the round's budget under a row lock,
    so no sequence or concurrency of approvals can overspend it. Deciding while members can still
    vote needs `early_reason`, kept with the decision."""
    with transaction.atomic():
        # Lock only the application row here (not the joined round and partner page); the round
        # is locked on its own below, always after the application, so locks are taken in one order.
        application = (
            FundingApplication.objects.select_for_update(of=("self",))
            .select_related("round", "partner")
            .get(pk=application.pk)
        )
        if not application.is_open:
            raise FundingError("A decision has already been recorded for this application.")
        if not reasons.strip():
            raise FundingError("Give the reasons for the decision. The partner will see them.")
        early = decided_early(application)
        if early and not early_reason.strip():
            raise FundingError(
                f"Voting is open until {application.round.voting_closes:%A %-d %B}. "
                "Say why you are deciding before it closes."
            )
        tally = tally_for(application)
        if route == Decision.Route.FAST_TRACK and not _fast_track_allowed(application):
            raise FundingError(
                "The fast track is only for partners with a partnership agreement in force, "
                "and needs support from the chair and two other members."
            )
        rules_met = tally.quorum_met and tally.threshold_met
        if outcome == Decision.Outcome.APPROVED:
            if amount is None or amount <= 0:
                raise AwardError("Enter the amount to award.")
            if route == Decision.Route.MEETING and not rules_met and not override_reason.strip():
                raise FundingError(
                    "The vote did not meet the quorum and approval rules. To approve anyway, "
                    "record why in 'Reason for overriding the vote'."
                )
            funding_round = FundingRound.objects.select_for_update().get(pk=application.round_id)
            problem = award_problem(
                requested=application.requested_amount,
                budget_left=funding_round.remaining,
                round_name=funding_round.name,
                amount=amount,
            )
            if problem:
                raise AwardError(f"{problem}.")
            FundingRound.objects.filter(pk=funding_round.pk).update(committed=F("committed") + amount)
            funding_round.refresh_from_db(fields=["committed"])
        else:
            amount = None

        decision = Decision.objects.create(
            application=application,
            outcome=outcome,
            route=route,
            amount=amount,
            reasons=reasons.strip(),
            override_reason=override_reason.strip(),
            early_reason=early_reason.strip() if early else "",
            eligible_members=tally.eligible,
            support=tally.support,
            oppose=tally.oppose,
            abstain=tally.abstain,
            quorum_met=tally.quorum_met,
            threshold_met=tally.threshold_met,
            decided_by=user,
        )
        if outcome == Decision.Outcome.APPROVED:
            LedgerEntry.objects.create(
                round=funding_round,
                application=application,
                decision=decision,
                amount=amount,
                balance_after=funding_round.remaining,
                created_by=user,
            )
        application.status = outcome
        if outcome != Decision.Outcome.DEFERRED:
            application.decided_at = decision.decided_at
            application.awarded_amount = amount
        application.save(update_fields=["status", "decided_at", "awarded_amount", "updated_at"])
        log(
            decision,
            "partners.decision_recorded",
            user=user,
            data={"outcome": outcome, "amount": str(amount) if amount else None, "route": route},
        )
        if decision.early_reason:
            log(decision, "partners.decided_early", user=user, data={"reason": decision.early_reason})
        if decision.override_reason:
            log(decision, "partners.vote_overridden", user=user, data={"reason": decision.override_reason})
        # Queued in this transaction: the email exists if, and only if, the decision does.
        emails.decision_notice.send_later(decision_id=decision.pk)
    return decision


# -- joining ------------------------------------------------------------------------------------


def _pending_join_request(join_request: JoinRequest) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise FundingError("This request has already been dealt with.")
    return join_request


def _close_join_request(join_request: JoinRequest, *, status: str, user, membership=None) -> None:
    join_request.status = status
    join_request.decided_at = timezone.now()
    join_request.decided_by = user
    join_request.membership = membership
    join_request.save(update_fields=["status", "decided_at", "decided_by", "membership"])
    log(join_request, f"partners.join_request_{status}", user=user)


def username_for(email: str) -> str:
    """A new member's username: their email address in lower case, as they would type it.

    An email address can be 254 characters and a username only 150, so a longer address is cut
    short and ended with 12 characters of its hash: it still fits, differs from any other address's,
    and is the same each time the same person is approved (into a second collective, say).
    """
    username = email.lower()
    limit = get_user_model()._meta.get_field("username").max_length
    if len(username) <= limit:
        return username
    digest = hashlib.sha256(username.encode()).hexdigest()[:12]
    return f"{username[: limit - len(digest) - 1]}-{digest}"


@transaction.atomic
def approve_join_request(*, join_request: JoinRequest, user) -> Membership:
    join_request = _pending_join_request(join_request)
    first, _, last = join_request.name.partition(" ")
    member_user, _ = get_user_model().objects.get_or_create(
        username=username_for(join_request.email),
        defaults={"email": join_request.email, "first_name": first, "last_name": last},
    )
    if Membership.objects.filter(
        collective=join_request.collective, user=member_user, left_on__isnull=True
    ).exists():  # the one_current_membership constraint would refuse a second one
        raise FundingError(
            f"{join_request.name} is already a member of {join_request.collective}. "
            "Decline this request instead."
        )
    membership = Membership.objects.create(
        collective=join_request.collective, user=member_user, role=join_request.role
    )
    _close_join_request(join_request, status=JoinRequest.Status.APPROVED, user=user, membership=membership)
    # The new member chooses their own password through a password-reset link.
    account_emails.welcome.send_later(user_id=member_user.pk)
    return membership


@transaction.atomic
def decline_join_request(*, join_request: JoinRequest, user) -> JoinRequest:
    join_request = _pending_join_request(join_request)
    _close_join_request(join_request, status=JoinRequest.Status.DECLINED, user=user)
    return join_request


# How long a decided request to join keeps the person's details. A new member's details live on in
# their account; a declined person's are needed only to answer questions about the decision. The
# join form promises this (templates/partners/collectives/join.html).
JOIN_REQUEST_KEPT_DAYS = 365


def forget_old_join_requests(day: date) -> int:
    """Blank the name, email address and reasons on requests to join decided more than
    JOIN_REQUEST_KEPT_DAYS before `day`; the collective, role and dates stay, for the record.
    Returns how many were blanked."""
    cutoff = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)) - datetime.timedelta(
        days=JOIN_REQUEST_KEPT_DAYS
    )
    return (
        JoinRequest.objects.filter(decided_at__lt=cutoff)
        .exclude(name="", email="", why="")
        .update(name="", email="", why="")
    )
