"""The listings' demo data for seed_demo: a second partner contact in another locality, a listings
reviewer, listings in every review stage, a pause and an end, problem reports, requests to become
a partner and changes waiting for review. Made once: a second run finds partner2 and adds nothing."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from activities.listings.demo_changes import make_pending_changes
from activities.listings.demo_partner_requests import make_demo_partner_requests
from activities.listings.demo_reports import make_demo_reports
from activities.listings.demo_review import spread_review_states
from activities.listings.services.status import end_activity, pause_activity
from activities.models import ActivityPage
from partners.factories import UserFactory
from partners.models import PartnerContact, PartnerPage

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for the local demo only
REVIEWERS_GROUP = "Listing moderators"
DEMO_LOGINS = [
    ("partner", "its listings: /listings/ (every review stage, a pause, an end, problem reports)"),
    ("partner2", "contact for a Calderdale partner: its listings at /listings/"),
    ("reviewer", "a listing moderator: partners' changes in the Wagtail admin, Listings menu, Reports"),
]
# How many other activities across the directory get a review stage (so the admin's report has rows).
ELSEWHERE = 40


def seed_listings(*, seed: str) -> list[tuple[str, str, str]]:
    """Create (once) the listings' demo data; returns the demo logins as (username, password, what)."""
    if PartnerContact.objects.filter(user__username="partner2").exists():
        return _logins()
    demo_partner = PartnerPage.objects.filter(contacts__user__username="partner").first()
    if demo_partner is None:
        return []
    rng = random.Random(f"{seed}-listings")  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    with transaction.atomic():
        second = _second_partner(demo_partner)
        _reviewer()
        partner_user = get_user_model().objects.get(username="partner")
        ours = list(ActivityPage.objects.live().filter(partner=demo_partner).order_by("pk"))
        theirs = list(ActivityPage.objects.live().filter(partner=second).order_by("pk")) if second else []
        # Every fifth of the others, so the stages spread over partners and localities.
        others = ActivityPage.objects.live().exclude(partner__in=[demo_partner, second]).order_by("pk")
        elsewhere = list(others[: ELSEWHERE * 5])[::5]
        # The demo partner's listings (about eight) show one of each: the four review stages, a
        # pause, an end, a change waiting for review and one sent back with a comment.
        spread_review_states(ours[:4] + theirs[:4] + elsewhere, day=today)
        if len(ours) > 4:
            pause_activity(
                ours[4],
                until=today + datetime.timedelta(days=21),
                message="The hall is being decorated. We are back after three weeks.",
                user=partner_user,
            )
        if len(ours) > 5:
            end_activity(ours[5], message="This group has finished. Thank you for coming.", user=partner_user)
        make_pending_changes(ours[6:8], partner_user, day=today)
        if len(theirs) > 4:
            second_user = get_user_model().objects.get(username="partner2")
            make_pending_changes(theirs[4:5], second_user, day=today)
        make_demo_reports([*ours[:6], demo_partner, *elsewhere[:6]], rng=rng)
        make_demo_partner_requests(rng=rng)
    return _logins()


def _logins() -> list[tuple[str, str, str]]:
    return [(username, DEMO_PASSWORD, what) for username, what in DEMO_LOGINS]


def _login(username: str, first: str, last: str):
    user = get_user_model().objects.filter(username=username).first()
    return user or UserFactory(username=username, first_name=first, last_name=last, password=DEMO_PASSWORD)


def _second_partner(demo_partner: PartnerPage) -> PartnerPage | None:
    """A partner in Calderdale (another locality than the demo partner's), with activities."""
    partner = (
        PartnerPage.objects.live()
        .filter(localities__slug="calderdale", activities__isnull=False)
        .exclude(pk=demo_partner.pk)
        .exclude(localities__slug="kirklees")
        .order_by("slug")
        .first()
    )
    if partner is None:
        return None
    user = _login("partner2", "Cal", "Partner")
    PartnerContact.objects.get_or_create(user=user, partner=partner, defaults={"job_title": "Volunteer lead"})
    return partner


def _reviewer():
    user = _login("reviewer", "Robin", "Reviewer")
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    group = Group.objects.filter(name=REVIEWERS_GROUP).first()
    if group is not None:
        user.groups.add(group)
    return user
