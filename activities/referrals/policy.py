"""The one permission policy for health data: referrals, participants, attendance and check-ins.

Every view, export and task that reads or writes one of these records asks this module, and
nothing else, whether the user may. Each answer is a small predicate or a queryset filter built
from the same rules:

- champions see the referrals they made (and may withdraw them);
- partner contacts see referrals to, and participants of, their own partners' activities, and
  move referrals along, keep the attendance register and hand out wellbeing links;
- coordinators see everything in the localities whose collectives they coordinate;
- Creative Minds staff with the "view referral" permission see everything.

Nobody sees a person's wellbeing answers on the site: only aggregates are published, and the
answers leave the database only in a subject access export. The one exception is the follow-up's
"What has changed for you?", when the person chose to share it: staff read it in the admin, never
with a code, a name or a day (selectors.SharedAnswer).

Views turn a "no" into 404, so a guessed address says nothing about whether a record exists.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from activities.models import ActivityPage
from activities.referrals.models import ChampionProfile, Participant, Referral, WellbeingCheckIn
from partners.models import Collective
from partners.permissions import partner_ids_for, remembered

Status = Referral.Status

# What a partner (or coordinator, or staff) may move a referral to, from each status.
PARTNER_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.SENT: (Status.ACKNOWLEDGED, Status.CONTACTED, Status.JOINED, Status.NOT_TAKEN_UP),
    Status.ACKNOWLEDGED: (Status.CONTACTED, Status.JOINED, Status.NOT_TAKEN_UP),
    Status.CONTACTED: (Status.JOINED, Status.NOT_TAKEN_UP),
}
# The person changed their mind: their champion (or the partner) records it while it is open.
WITHDRAWABLE = (Status.SENT, Status.ACKNOWLEDGED, Status.CONTACTED)


# -- who someone is ----------------------------------------------------------------------


def is_staff_viewer(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("referrals.view_referral")


def is_champion(user) -> bool:
    return user.is_authenticated and remembered(
        user, "champion", lambda: ChampionProfile.objects.filter(user=user).exists()
    )


def coordinated_locality_ids(user) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    return remembered(
        user,
        "locality_ids",
        lambda: frozenset(Collective.objects.filter(coordinators=user).values_list("locality_id", flat=True)),
    )


def has_referral_role(user) -> bool:
    """Anyone with a reason to use the referral pages at all."""
    return (
        is_staff_viewer(user)
        or is_champion(user)
        or bool(partner_ids_for(user))
        or bool(coordinated_locality_ids(user))
    )


# -- referrals ---------------------------------------------------------------------------


def visible_referrals(user) -> QuerySet[Referral]:
    """Every referral the user may read."""
    if not user.is_authenticated:
        return Referral.objects.none()
    if is_staff_viewer(user):
        return Referral.objects.all()
    return Referral.objects.filter(
        Q(champion=user)
        | Q(activity__partner_id__in=partner_ids_for(user))
        | Q(activity__locality_id__in=coordinated_locality_ids(user))
    )


def can_view_referral(user, referral: Referral) -> bool:
    if not user.is_authenticated:
        return False
    return (
        is_staff_viewer(user)
        or (referral.champion_id is not None and referral.champion_id == user.pk)
        or _runs_activity(user, referral.activity)
        or referral.activity.locality_id in coordinated_locality_ids(user)
    )


def allowed_statuses(user, referral: Referral) -> tuple[str, ...]:
    """The statuses this user may move this referral to now (empty: they may only read it)."""
    if referral.is_anonymised or not referral.is_open:
        return ()
    if _manages_referrals_for(user, referral.activity):
        moves = PARTNER_TRANSITIONS.get(referral.status, ())
        return (*moves, Status.WITHDRAWN) if referral.status in WITHDRAWABLE else moves
    if referral.champion_id is not None and referral.champion_id == user.pk:
        return (Status.WITHDRAWN,) if referral.status in WITHDRAWABLE else ()
    return ()


def can_withdraw_consent(user, referral: Referral) -> bool:
    """Record that the person has withdrawn consent: their champion, or whoever manages the referral."""
    if referral.is_anonymised:
        return False
    return (referral.champion_id is not None and referral.champion_id == user.pk) or _manages_referrals_for(
        user, referral.activity
    )


def can_refer(user) -> bool:
    return is_champion(user)


# -- participants, attendance, check-ins -------------------------------------------------


def visible_participants(user) -> QuerySet[Participant]:
    """Participants whose code and attendance the user may see (champions may not)."""
    if not user.is_authenticated:
        return Participant.objects.none()
    if is_staff_viewer(user):
        return Participant.objects.all()
    return Participant.objects.filter(
        Q(activity__partner_id__in=partner_ids_for(user))
        | Q(activity__locality_id__in=coordinated_locality_ids(user))
    )


def has_participant_role(user) -> bool:
    """Partner contacts, coordinators and staff use the participant pages; champions do not."""
    return is_staff_viewer(user) or bool(partner_ids_for(user)) or bool(coordinated_locality_ids(user))


def keeps_registers(user) -> bool:
    return is_staff_viewer(user) or bool(partner_ids_for(user))


def can_view_participant(user, participant: Participant) -> bool:
    return is_staff_viewer(user) or _manages_referrals_for(user, participant.activity)


def can_keep_register(user, activity: ActivityPage) -> bool:
    """The partner who runs the activity (or staff) keeps its attendance register."""
    return is_staff_viewer(user) or _runs_activity(user, activity)


def register_activities(user) -> QuerySet[ActivityPage]:
    if is_staff_viewer(user):
        return ActivityPage.objects.all()
    return ActivityPage.objects.filter(partner_id__in=partner_ids_for(user))


def can_issue_check_in(user, check_in: WellbeingCheckIn) -> bool:
    """Hand out (email or show as a QR code) a wellbeing link: the partner, a coordinator or staff."""
    return check_in.status == WellbeingCheckIn.Status.WAITING and can_view_participant(
        user, check_in.participant
    )


def can_read_shared_answers(user) -> bool:
    """Read the answers people shared with Creative Minds: staff only. Not partners (they never see
    wellbeing answers) and not coordinators (who see their localities' codes and dates, and so could
    tell whose answer it is)."""
    return is_staff_viewer(user)


def can_export_subject_access(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("referrals.change_referral")


# -- aggregate figures -------------------------------------------------------------------


def outcome_locality_ids(user) -> set[int] | None:
    """Localities whose exact (unrounded) aggregate figures the user may see in the admin's outcomes
    report: None means every locality (staff), an empty set none. Coordinators see their own
    localities, whose individual records they may already read."""
    if is_staff_viewer(user):
        return None
    return coordinated_locality_ids(user)


def can_view_outcomes_report(user) -> bool:
    return outcome_locality_ids(user) != set()


# -- helpers -----------------------------------------------------------------------------


def _runs_activity(user, activity: ActivityPage) -> bool:
    return activity.partner_id in partner_ids_for(user)


def _manages_referrals_for(user, activity: ActivityPage) -> bool:
    return (
        is_staff_viewer(user)
        or _runs_activity(user, activity)
        or activity.locality_id in coordinated_locality_ids(user)
    )


def get_or_404(queryset: QuerySet, predicate, user, **lookup):
    """Fetch one record and check the predicate; a missing record and a refused one look the same."""
    try:
        record = queryset.get(**lookup)
    except queryset.model.DoesNotExist as missing:
        raise Http404("Not found") from missing
    if not predicate(user, record):
        raise Http404("Not found")
    return record
