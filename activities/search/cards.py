"""What a result card shows, read in two queries as plain values (no page objects).

Search results and a partner's page both list activities as cards. Building full Wagtail
page objects for 20 cards (each with the partner page joined) cost more than the rest of
the search put together; a card needs a dozen values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F
from wagtail.models import Site

from activities.models import ActivityPage, ActivitySession
from activities.schedule import describe_session
from activities.search.needs import ACCESS_FIELDS, badges

CARD_FIELDS = (
    "pk", "title", "url_path", "summary", "delivery", "venue_name", "postcode", "cost_type",
    "cost_amount", "how_to_join", "latitude", "longitude", "peer_led", "listing_status", "paused_until",
    *ACCESS_FIELDS.values(),
)  # fmt: skip
CARD_RELATED = {"partner_title": F("partner__title"), "locality_name": F("locality__name")}
HOW_TO_JOIN = dict(ActivityPage.HowToJoin.choices)


@dataclass(slots=True)
class ActivityCard:
    pk: int
    title: str
    url: str
    summary: str
    partner_title: str
    where: str
    cost: str
    how_to_join: str
    latitude: float | None
    longitude: float | None
    when: list[str] = field(default_factory=list)
    distance: float | None = None
    needs: list[str] = field(default_factory=list)  # short labels: "Step-free", "Peer-led"
    paused: bool = False
    paused_until: datetime.date | None = None  # the last day of the pause, if it has one

    def paused_note(self, day: datetime.date) -> str:
        """ "Paused until 4 January" while the pause lasts on `day`, else "". Read when the card is
        shown, not when the index is built: a pause that ends needs no rebuild to drop its note."""
        if not self.paused or (self.paused_until is not None and day > self.paused_until):
            return ""
        if self.paused_until is None:
            return "Paused for now"
        until = f"{self.paused_until.day} {self.paused_until:%B}"
        return f"Paused until {until}" + (
            f" {self.paused_until.year}" if self.paused_until.year != day.year else ""
        )


def cards_for(activities, *, order: list[int] | None = None) -> list[ActivityCard]:
    """Cards for a queryset of activities, in `order` (a list of ids) or the queryset's order."""
    rows = list(activities.values(*CARD_FIELDS, **CARD_RELATED))
    if order is not None:
        position = {pk: index for index, pk in enumerate(order)}
        rows.sort(key=lambda row: position[row["pk"]])
    sessions: dict[int, list[str]] = {row["pk"]: [] for row in rows}
    for session in (
        ActivitySession.objects.filter(page_id__in=activities.values("pk"))
        .order_by("page_id", "sort_order", "pk")
        .values("page_id", "weekday", "start_time", "end_time", "frequency", "week_of_month")
    ):
        sessions[session.pop("page_id")].append(describe_session(**session))
    root_paths = Site.get_site_root_paths()
    return [_card(row, sessions[row["pk"]], root_paths) for row in rows]


def _card(row, when, root_paths) -> ActivityCard:
    return ActivityCard(
        pk=row["pk"],
        title=row["title"],
        url=_relative_url(row["url_path"], root_paths),
        summary=row["summary"],
        partner_title=row["partner_title"],
        where=_where(row),
        cost=ActivityPage.cost_label_for(row["cost_type"], row["cost_amount"]),
        how_to_join=HOW_TO_JOIN.get(row["how_to_join"], ""),
        latitude=row["latitude"],
        longitude=row["longitude"],
        when=when,
        needs=badges(row),
        paused=row["listing_status"] == ActivityPage.ListingStatus.PAUSED,
        paused_until=row["paused_until"],
    )


def _where(row) -> str:
    if row["delivery"] == ActivityPage.Delivery.ONLINE:
        return "Online"
    place = ", ".join(part for part in (row["venue_name"], row["postcode"]) if part)
    return f"{place} ({row['locality_name']})"


def _relative_url(url_path: str, root_paths) -> str:
    """The page's path on its site, as Wagtail's page.url gives it for a single-site setup."""
    for root in root_paths:
        if url_path.startswith(root.root_path):
            return url_path[len(root.root_path) - 1 :]
    return url_path
