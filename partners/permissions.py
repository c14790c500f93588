"""Who may do what with collectives and funding. Views and querysets both call these predicates,
and views answer 404 when a read predicate says no, so nobody learns what exists elsewhere."""

from __future__ import annotations

from django.utils import timezone

from partners.models import Collective, FundingApplication, Membership, PartnerContact


def current_membership(user, collective) -> Membership | None:
    """The user's current membership of the collective, if any."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(
        Membership.current_on(timezone.localdate()), collective=collective, user=user
    ).first()


def current_memberships(user):
    return Membership.objects.filter(Membership.current_on(timezone.localdate()), user=user)


def is_coordinator(user, collective) -> bool:
    return coordinated_collectives(user).filter(pk=collective.pk).exists()


def partner_ids_for(user) -> frozenset[int]:
    """The partners the user speaks for: funding (their applications) and referrals (to their
    activities) both ask this.

    Only PartnerContact rows count. A superuser is no partner's contact unless listed as one: what
    a contact does is act in the partner's name (write and send its applications, move its
    referrals on), and nobody should do that by accident of being a superuser. What staff may see
    beyond their own partners comes from Django permissions, asked separately (the referral
    policy's "view referral"), never from this.
    """
    if not user.is_authenticated:
        return frozenset()
    return remembered(
        user,
        "partner_ids",
        lambda: frozenset(PartnerContact.objects.filter(user=user).values_list("partner_id", flat=True)),
    )


def remembered(user, name: str, work):
    """Look a role up once per user object, as Django's has_perm() does with permissions.

    A page asks several of these questions, some more than once; request.user lives for one
    request, so a role given or taken away shows from the next request on.
    """
    roles = getattr(user, "_roles", None)
    if roles is None:
        roles = {}
        user._roles = roles
    if name not in roles:
        roles[name] = work()
    return roles[name]


def can_edit_application(user, application: FundingApplication) -> bool:
    """Partner contacts edit their partner's drafts only."""
    return (
        application.status == FundingApplication.Status.DRAFT
        and application.partner_id in partner_ids_for(user)
    )


def can_view_application_as_partner(user, application: FundingApplication) -> bool:
    return application.partner_id in partner_ids_for(user)


def can_view_application_as_member(user, application: FundingApplication) -> bool:
    """Members of the round's collective, and its coordinators, see sent applications (never drafts)."""
    if application.status == FundingApplication.Status.DRAFT:
        return False
    collective = application.round.collective
    return current_membership(user, collective) is not None or is_coordinator(user, collective)


def visible_applications_for_member(user):
    """Sent applications in the collectives the user currently belongs to."""
    collective_ids = current_memberships(user).values("collective_id")
    return FundingApplication.objects.filter(round__collective_id__in=collective_ids).exclude(
        status=FundingApplication.Status.DRAFT
    )


def can_decide(user, application: FundingApplication) -> bool:
    """The collective's chair (or a coordinator) records decisions on open applications."""
    if not application.is_open:
        return False
    collective = application.round.collective
    membership = current_membership(user, collective)
    return (membership is not None and membership.is_chair) or is_coordinator(user, collective)


def coordinated_collectives(user):
    """Collectives the user coordinates (every collective for a superuser)."""
    if not user.is_authenticated:
        return Collective.objects.none()
    if user.is_superuser:
        return Collective.objects.all()
    return Collective.objects.filter(coordinators=user)
