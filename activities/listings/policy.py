"""Who may change which listing. One place: every view under /listings/ asks these, and answers 404
when they say no, so nobody learns another partner's listings exist.

A partner contact manages the listings of the partners they speak for
(partners.permissions.partner_ids_for: PartnerContact rows only). Staff with the
"listings.manage_any_listing" permission (the "Listing moderators" group; superusers) may open any
partner's listings there too, to pause or end an activity for a partner who phoned. The partner an
activity belongs to is always read from the live row, never from a form or a revision.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from activities.models import ActivityPage
from partners.models import PartnerPage
from partners.permissions import partner_ids_for, remembered

MANAGE_ANY = "listings.manage_any_listing"


def manages_any_listing(user) -> bool:
    return user.is_authenticated and remembered(
        user, "manages_any_listing", lambda: user.has_perm(MANAGE_ANY)
    )


def has_listings(user) -> bool:
    """Whether "Your listings" is for this person at all (the account page links it when so)."""
    return bool(partner_ids_for(user)) or manages_any_listing(user)


def can_manage_partner(user, partner_id: int) -> bool:
    return partner_id in partner_ids_for(user) or manages_any_listing(user)


def can_manage_activity(user, activity: ActivityPage) -> bool:
    return can_manage_partner(user, activity.partner_id)


def managed_partners(user):
    """The partners whose listings the person manages, as a queryset (all of them for staff)."""
    partners = PartnerPage.objects.all()
    if manages_any_listing(user):
        return partners
    return partners.filter(pk__in=partner_ids_for(user))


def managed_partner_or_404(user, key: UUID) -> PartnerPage:
    """The partner page whose translation_key is `key`, if the person manages it."""
    partner = PartnerPage.objects.filter(translation_key=key).first()
    if partner is None or not can_manage_partner(user, partner.pk):
        raise Http404("No such partner")
    return partner


def managed_activity_or_404(user, key: UUID) -> ActivityPage:
    """The activity page whose translation_key is `key`, if the person manages its partner."""
    activity = ActivityPage.objects.select_related("partner").filter(translation_key=key).first()
    if activity is None or not can_manage_activity(user, activity):
        raise Http404("No such activity")
    return activity
