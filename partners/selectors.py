"""Reads for collectives and match funding (the partner directory's are in partners/directory.py)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.db.models import Count, DecimalField, Exists, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail import hooks

from creative_minds.money import pounds
from partners.models import (
    ConflictDeclaration,
    Decision,
    FundingApplication,
    FundingRound,
    InKindItem,
    LedgerEntry,
    Membership,
    Vote,
)
from partners.permissions import visible_applications_for_member
from partners.tally import Tally

# A round stays on members' page this long after its decisions were due, so they can see what was
# decided on the applications they voted on.
RECENTLY_CLOSED_DAYS = 60


def counted_votes(*, today=None):
    """The votes that count: cast by a current member who has not declared a conflict of interest
    on that application. Every tally, decision snapshot, fast-track check, comment list and the
    admin's listing take votes through this, so a vote stored just before (or while) its member
    declared a conflict is kept for the record but never counted anywhere."""
    today = today or timezone.localdate()
    conflicted = ConflictDeclaration.objects.filter(
        membership_id=OuterRef("membership_id"), application_id=OuterRef("application_id"), has_conflict=True
    )
    return Vote.objects.filter(Membership.current_on(today, "membership__")).exclude(Exists(conflicted))


def votes_marked_counted():
    """Every vote, each with `counted`: whether counted_votes() counts it today (for the admin)."""
    return Vote.objects.annotate(counted=Exists(counted_votes().filter(pk=OuterRef("pk"))))


def tally_for(application) -> Tally:
    """Votes on one application, and how many members may vote on it today (one query each)."""
    return tallies_for([application])[application.pk]


def tallies_for(applications) -> dict:
    """Tallies for many applications in a fixed number of queries."""
    applications = list(applications)
    if not applications:
        return {}
    today = timezone.localdate()
    ids = [a.pk for a in applications]
    members_per_collective = dict(
        Membership.objects.filter(
            Membership.current_on(today), collective_id__in={a.round.collective_id for a in applications}
        )
        .values_list("collective_id")
        .annotate(n=Count("pk"))
    )
    conflicted = dict(
        # Only current members' conflicts: a member who left is already out of the count above.
        ConflictDeclaration.objects.filter(
            Membership.current_on(today, "membership__"), application_id__in=ids, has_conflict=True
        )
        .values_list("application_id")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for application_id, choice, n in (
        # Only counted votes: a member who has left or has a conflict is not eligible either, so
        # voters never outnumber the eligible.
        counted_votes(today=today)
        .filter(application_id__in=ids)
        .values_list("application_id", "choice")
        .annotate(n=Count("pk"))
    ):
        counts[application_id][choice] = n
    return {
        a.pk: Tally(
            eligible=max(0, members_per_collective.get(a.round.collective_id, 0) - conflicted.get(a.pk, 0)),
            support=counts[a.pk].get(Vote.Choice.SUPPORT, 0),
            oppose=counts[a.pk].get(Vote.Choice.OPPOSE, 0),
            abstain=counts[a.pk].get(Vote.Choice.ABSTAIN, 0),
            quorum_percent=a.round.quorum_percent,
            threshold_percent=a.round.threshold_percent,
        )
        for a in applications
    }


def partner_records(partner_ids) -> dict:
    """For each partner: previous decided applications with award and days to decision."""
    records: dict[int, list] = {pk: [] for pk in partner_ids}
    decided = (
        FundingApplication.objects.filter(partner_id__in=partner_ids, decided_at__isnull=False)
        .select_related("round")
        .order_by("-decided_at")
    )
    for application in decided:
        records[application.partner_id].append(application)
    return records


def partner_record_figures(partner_ids) -> dict[int, list[tuple[str, str]]]:
    """Figures other apps add to partners' records ((label, text) pairs, already fit to publish),
    such as referrals taken up and wellbeing change. They come through the "partner_record_figures"
    hook, so partners does not depend on the apps that count them. Each hook answers for all the
    partners at once, so a page's queries do not grow with the number of partners."""
    partner_ids = sorted(set(partner_ids))
    figures: dict[int, list[tuple[str, str]]] = {pk: [] for pk in partner_ids}
    if not partner_ids:
        return figures
    for hook in hooks.get_hooks("partner_record_figures"):
        for partner_id, items in hook(partner_ids).items():
            figures.setdefault(partner_id, []).extend(items)
    return figures


def median_days_to_decision_by_locality() -> list[dict]:
    """Median days from sending to decision, per locality, over every decided application."""
    by_locality: dict[str, list[float]] = {}
    rows = FundingApplication.objects.filter(
        decided_at__isnull=False, submitted_at__isnull=False
    ).values_list("round__collective__locality__name", "submitted_at", "decided_at")
    for locality, submitted, decided in rows:
        by_locality.setdefault(locality, []).append((decided - submitted).total_seconds() / 86400)
    return [
        {"locality": name, "decisions": len(days), "median_days": round(median(days), 1)}
        for name, days in sorted(by_locality.items())
    ]


def funded_projects():
    """Approved applications for the public "projects we funded" page."""
    return (
        FundingApplication.objects.filter(status=FundingApplication.Status.APPROVED)
        .select_related("partner", "round__collective__locality")
        .prefetch_related("in_kind_items")
        .order_by("-decided_at")
    )


def awarded_grants():
    """The money awarded, as published in the 360Giving files: one ledger entry per approved
    application (its amount and date are the award's), with the application, partner, round and
    locality joined and the value of the partner's in-kind match summed in, so the whole list is
    one query however many grants there are. Only approvals: a declined, deferred or undecided
    application has no ledger entry, and one withdrawn after approval is left out."""
    in_kind = (
        InKindItem.objects.filter(application_id=OuterRef("application_id"))
        .order_by()
        .values("application_id")
        .annotate(total=Sum("value"))
        .values("total")
    )
    money = DecimalField(max_digits=10, decimal_places=2)
    return (
        LedgerEntry.objects.filter(
            decision__outcome=Decision.Outcome.APPROVED,
            application__status=FundingApplication.Status.APPROVED,
        )
        .select_related("application__partner", "round__collective__locality")
        .annotate(
            in_kind_total=Coalesce(
                Subquery(in_kind, output_field=money), Value(Decimal("0"), output_field=money)
            )
        )
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class MemberApplication:
    """One application on a member's page: where it stands for them (`state` is a key for styling,
    `label` the words), its votes so far and its partner's record."""

    application: FundingApplication
    state: str
    label: str
    tally: Tally
    partner_figures: list[tuple[str, str]]


@dataclass(frozen=True)
class MemberRound:
    """A round on a member's page, with its applications beneath it."""

    funding_round: FundingRound
    applications: list[MemberApplication]


def member_rounds(user, memberships, *, today: datetime.date | None = None) -> list[MemberRound]:
    """The rounds of the user's collectives (`memberships`: their current ones) that are open or
    closed recently, those open for voting first (see _round_order), each with the applications
    the member may see and each one's state for them. A fixed number of queries, however many rounds
    and applications."""
    today = today or timezone.localdate()
    rounds = list(
        FundingRound.objects.filter(
            collective__in={m.collective_id for m in memberships},
            decision_due__gte=today - datetime.timedelta(days=RECENTLY_CLOSED_DAYS),
        ).select_related("collective__locality")
    )
    applications = list(
        visible_applications_for_member(user)
        .filter(round__in=rounds)
        .select_related("partner", "round__collective__locality")
        .order_by("submitted_at", "pk")
    )
    mine = {"membership__in": memberships, "application__in": applications}
    my_votes = set(Vote.objects.filter(**mine).values_list("application_id", flat=True))
    my_conflicts = set(
        ConflictDeclaration.objects.filter(**mine, has_conflict=True).values_list("application_id", flat=True)
    )
    tallies = tallies_for(applications)
    figures = partner_record_figures(a.partner_id for a in applications)
    by_round: dict[int, list[MemberApplication]] = {r.pk: [] for r in rounds}
    for application in applications:
        state, label = member_state(
            application,
            voted=application.pk in my_votes,
            conflict=application.pk in my_conflicts,
            today=today,
        )
        by_round[application.round_id].append(
            MemberApplication(
                application, state, label, tallies[application.pk], figures[application.partner_id]
            )
        )
    return [MemberRound(r, by_round[r.pk]) for r in sorted(rounds, key=lambda r: _round_order(r, today))]


# Where a member can act first: voting now, then waiting for decisions, then still taking
# applications, then not open yet; closed rounds last.
ROUND_PHASE_ORDER = [
    FundingRound.Phase.VOTING,
    FundingRound.Phase.DECIDING,
    FundingRound.Phase.APPLICATIONS,
    FundingRound.Phase.UPCOMING,
    FundingRound.Phase.CLOSED,
]


def _round_order(funding_round: FundingRound, today: datetime.date) -> tuple[int, int]:
    """By phase (ROUND_PHASE_ORDER), then the soonest voting close first; closed rounds the most
    recent first."""
    phase = funding_round.phase_on(today)
    closes = funding_round.voting_closes.toordinal()
    return ROUND_PHASE_ORDER.index(phase), -closes if phase == FundingRound.Phase.CLOSED else closes


def member_state(application, *, voted: bool, conflict: bool, today: datetime.date) -> tuple[str, str]:
    """Where an application stands for one member: (key, words), such as ("to_vote", "To vote")."""
    status = FundingApplication.Status
    funding_round = application.round
    if application.status == status.APPROVED:
        return "decided", f"Decided: approved {pounds(application.awarded_amount)}"
    if application.status == status.DECLINED:
        return "decided", "Decided: declined"
    if application.status == status.WITHDRAWN:
        return "withdrawn", "Withdrawn by the partner"
    if conflict:
        return "conflict", "You declared a conflict"
    if application.status == status.DEFERRED:
        return "decided", "Decided: deferred to a later meeting"
    voting_open = funding_round.voting_is_open_on(today)
    if voted:
        if voting_open:
            return "voted", f"You voted (change your vote until {funding_round.voting_closes:%-d %B})"
        return "voted", "You voted"
    if voting_open:
        return "to_vote", "To vote"
    if today < funding_round.voting_opens:
        return "not_yet", f"Voting opens on {funding_round.voting_opens:%-d %B}"
    return "waiting", "You did not vote. Waiting for the decision"
