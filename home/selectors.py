"""Reads for the home app's pages: the home page's localities and categories, and the account
page's dashboard of counts for each role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from activities.listings import selectors as listing_selectors
from activities.referrals import dashboard_counts
from activities.referrals.models import Referral
from activities.search import facet_index
from partners.models import ConflictDeclaration, FundingApplication, Locality, Vote
from partners.permissions import current_memberships, partner_ids_for, visible_applications_for_member

# The home page's counts for one version of the search index: (version, context). Counting runs
# over every activity's row, so it is done once per version, not on every visit; a locality or
# category saved bumps the index's version too, so names and counts are never older than the index.
_counted: tuple[str | None, dict] = (None, {})


def home_page_context() -> dict:
    """The four localities and the categories, each with how many published activities it has.

    The counts come from the search's in-memory index, so the page does not count 20,000 rows."""
    global _counted  # noqa: PLW0603 - one per process, replaced whole, so threads never see half of it
    index = facet_index.current()
    version, context = _counted
    if version != index.version:
        context = _count(index)
        _counted = (index.version, context)
    return {"localities": list(context["localities"]), "categories": list(context["categories"])}


def _count(index) -> dict:
    per_category = index.categories.sum(axis=0)
    column = {category_id: position for position, category_id in enumerate(index.category_ids)}
    localities = list(Locality.objects.order_by("name"))
    for locality in localities:
        locality.activity_count = int((index.locality == locality.pk).sum())
    return {
        "localities": localities,
        "categories": [
            {"slug": cat.slug, "name": cat.name, "activity_count": int(per_category[column[cat.pk]])}
            for cat in index.category_choices
        ],
    }


# -- the account page's dashboard ------------------------------------------------------------

DECIDED_RECENTLY_DAYS = 30


@dataclass(frozen=True)
class Card:
    """One number on the account page, in words ("2 new referrals", "No registers to fill"), with
    the page where the person deals with them."""

    key: str
    count: int
    one: str
    many: str
    url: str
    description: str = ""

    @property
    def text(self) -> str:
        if self.count == 0:
            return f"No {self.many}"
        return f"{self.count} {self.one if self.count == 1 else self.many}"


# What a champion's referrals in each status are called on their cards.
CHAMPION_STATUS_WORDS = {
    Referral.Status.SENT: ("referral waiting for a reply", "referrals waiting for a reply"),
    Referral.Status.ACKNOWLEDGED: ("referral acknowledged", "referrals acknowledged"),
    Referral.Status.CONTACTED: ("person contacted by the group", "people contacted by the group"),
    Referral.Status.JOINED: ("person who joined", "people who joined"),
    Referral.Status.NOT_TAKEN_UP: ("referral not taken up", "referrals not taken up"),
    Referral.Status.WITHDRAWN: ("referral withdrawn", "referrals withdrawn"),
}


def _referrals_url(**query) -> str:
    return f"{reverse('referrals:dashboard')}?{urlencode(query)}"


def partner_cards(user, *, today: datetime.date) -> list[Card]:
    """A partner contact's day: new referrals, referrals waiting too long, registers to fill,
    questionnaires due, and funding applications in draft or decided lately (their listings are
    listings_card's, for everyone who manages listings)."""
    referrals = dashboard_counts.partner_referral_counts(user, today=today)
    funding = funding_counts(user, today=today)
    return [
        Card(
            "new-referrals",
            referrals["new"],
            "new referral",
            "new referrals",
            _referrals_url(status=Referral.Status.SENT),
            "Sent to your activities and waiting for you to reply.",
        ),
        Card(
            "referrals-waiting-too-long",
            referrals["waiting_too_long"],
            "referral waiting too long",
            "referrals waiting too long",
            _referrals_url(waiting="on"),
            f"Not acknowledged {settings.REFERRAL_REMINDER_WORKING_DAYS} working days after they were sent.",
        ),
        Card(
            "registers-to-fill",
            dashboard_counts.registers_to_fill(user, today=today),
            "register to fill",
            "registers to fill",
            reverse("attendance:activities"),
            f"Sessions in the last {dashboard_counts.REGISTER_DAYS_BACK} days with nobody marked as there.",
        ),
        Card(
            "questionnaires-due",
            dashboard_counts.questionnaires_due(user, today=today),
            "follow-up questionnaire due",
            "follow-up questionnaires due",
            reverse("participants:list"),
            "Due or overdue, and not yet emailed or shown as a QR code.",
        ),
        Card(
            "funding-drafts",
            funding["drafts"],
            "funding application in draft",
            "funding applications in draft",
            reverse("funding:dashboard"),
            "Not sent yet.",
        ),
        Card(
            "funding-decided",
            funding["decided"],
            "funding application decided recently",
            "funding applications decided recently",
            reverse("funding:dashboard"),
            f"Decisions in the last {DECIDED_RECENTLY_DAYS} days.",
        ),
    ]


def listings_card(user, *, today: datetime.date) -> Card:
    return Card(
        "listings-to-look-at",
        listing_selectors.attention_count(user, day=today),
        "activity to look at",
        "activities to look at",
        reverse("listings:index"),
        "Listings due for a check, or changes waiting for review.",
    )


def funding_counts(user, *, today: datetime.date) -> dict[str, int]:
    """The user's partners' funding applications in draft, and decided in the last few days."""
    decided_since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=DECIDED_RECENTLY_DAYS), datetime.time())
    )
    decided = (
        FundingApplication.Status.APPROVED,
        FundingApplication.Status.DECLINED,
        FundingApplication.Status.DEFERRED,
    )
    return FundingApplication.objects.filter(partner_id__in=partner_ids_for(user)).aggregate(
        drafts=Count("pk", filter=Q(status=FundingApplication.Status.DRAFT)),
        decided=Count("pk", filter=Q(status__in=decided, decided_at__gte=decided_since)),
    )


def champion_cards(user) -> list[Card]:
    """A champion's referrals, one card for each status, linking to the list in that status."""
    counts = dashboard_counts.champion_status_counts(user)
    return [
        Card(f"referrals-{status}", counts.get(status, 0), one, many, _referrals_url(status=status))
        for status, (one, many) in CHAMPION_STATUS_WORDS.items()
    ]


def applications_to_vote_on(user, *, today: datetime.date) -> int:
    """Sent applications in the member's current collectives whose voting is open today, on which
    they have neither voted nor declared a conflict of interest."""
    memberships = current_memberships(user)
    voted = Vote.objects.filter(application=OuterRef("pk"), membership__in=memberships)
    conflicted = ConflictDeclaration.objects.filter(
        application=OuterRef("pk"), membership__in=memberships, has_conflict=True
    )
    return (
        visible_applications_for_member(user)
        .filter(
            status__in=FundingApplication.OPEN_STATUSES,
            round__voting_opens__lte=today,
            round__voting_closes__gte=today,
        )
        .exclude(Exists(voted))
        .exclude(Exists(conflicted))
        .count()
    )


def member_cards(user, *, today: datetime.date) -> list[Card]:
    return [
        Card(
            "applications-to-vote-on",
            applications_to_vote_on(user, today=today),
            "application to vote on",
            "applications to vote on",
            reverse("collectives:dashboard"),
            "Voting is open and you have not voted yet.",
        )
    ]


def coordinator_cards(user, *, today: datetime.date) -> list[Card]:
    return [
        Card(
            "area-referrals-waiting-too-long",
            dashboard_counts.coordinator_waiting_too_long(user, today=today),
            "referral waiting too long in your area",
            "referrals waiting too long in your area",
            _referrals_url(waiting="on"),
            "Nobody at the partner has acknowledged them yet: you may need to chase them.",
        )
    ]
