"""factory_boy factories for activities, shared by the tests and `seed_demo`.

An activity's words come from activities.ideas: the factory picks a category (mostly what the
partner is known for), then one of that category's ideas, a venue of the kind it meets at, and a
title no other activity of the partner has (and, where one is free, none in the locality). Who it
is for, its accessibility, how to join, its cost and its sessions follow from the idea and the
venue, so a listing never says one thing and records another.
"""

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass

import factory
import wagtail_factories
from django.db.models import Q
from django.utils import timezone

from activities.ideas import (
    AUDIENCES,
    CATEGORY_VENUES,
    IDEAS,
    VENUES,
    WHAT_TO_BRING,
    Idea,
)
from activities.models import ActivityIndexPage, ActivityPage, ActivitySession, Category
from activities.models.session import Frequency
from partners.factories import PartnerPageFactory, random_postcode, specialities_of, town_of

Delivery = ActivityPage.Delivery
CostType = ActivityPage.CostType
HowToJoin = ActivityPage.HowToJoin

# Spreads a real directory has: most sessions on weekdays, a fifth in the evening, most activities
# free and open to anyone who turns up.
DAY_WEIGHTS = [18, 18, 18, 18, 18, 7, 5]  # Monday to Sunday: about 15% at the weekend
PART_WEIGHTS = {"morning": 46, "afternoon": 38, "evening": 16}
START_TIMES = {
    "morning": [(9, 30), (10, 0), (10, 30), (11, 0)],
    "afternoon": [(13, 0), (13, 30), (14, 0), (15, 0)],
    "evening": [(17, 30), (18, 0), (18, 30), (19, 0)],
}
HOW_TO_JOIN_WEIGHTS = {
    HowToJoin.TURN_UP: 45,
    HowToJoin.BOOK: 25,
    HowToJoin.SELF_REFERRAL: 20,
    HowToJoin.REFERRAL: 10,
}
HOW_TO_JOIN_WORDS = {
    HowToJoin.TURN_UP: "Just turn up: there is no need to book.",
    HowToJoin.BOOK: "Places are limited, so please book before you come.",
    HowToJoin.SELF_REFERRAL: "Ask to join and we will call you for a chat before your first session.",
    HowToJoin.REFERRAL: "You need a referral from a health worker, such as your care coordinator.",
}
COST_WEIGHTS = {CostType.FREE: 55, CostType.DONATION: 20, CostType.PAID: 25}
PRICES = ["2.00", "2.50", "3.00", "3.50", "4.00", "5.00", "6.00", "7.50", "8.00"]
CONCESSIONS = ["", "", "Half price for students and people on benefits.", "Your first session is free."]
STREETS = [
    "High Street", "Church Street", "Station Road", "Market Street", "Mill Lane", "Park Road",
    "Victoria Road", "King Street", "New Road", "Bradford Road", "Westgate", "Northgate",
]  # fmt: skip
# Of the ideas that could run online, how many do: about 5% of all activities.
ONLINE_SHARE, BOTH_SHARE = 0.35, 0.25
PEER_LED_SHARE = {"peer-support": 0.7}
PEER_LED_ELSEWHERE = 0.1
ADULTS_ONLY_SHARE = 0.2  # of activities open to everyone, those for over-18s
TITLE_TRIES = 6  # titles drawn for each activity; the first one free is used


@dataclass(frozen=True)
class Listing:
    """What an activity is, where and under what title, before its other fields are filled in."""

    category: str
    idea: Idea
    delivery: str
    venue_kind: str  # a key of VENUES; empty online
    venue_name: str
    title: str


def pick_category(partner_title: str) -> str:
    """Mostly what the partner is known for, sometimes something else entirely."""
    rng = factory.random.randgen
    specialities = specialities_of(partner_title)
    if specialities and rng.random() < 0.8:
        return rng.choice(specialities)
    return rng.choice(sorted(IDEAS))


def weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def plan_listing(
    rng, *, category: str, partner, locality, town: str | None, may_be_online: bool, titles
) -> Listing:
    """A listing of `category` whose title the partner does not use yet (nor, if possible, the
    locality); `titles` (TitlesInDatabase or TitlesInMemory) knows which are in use, and is told."""
    place = town or locality.name
    drafts = [draft_listing(rng, category, place, may_be_online) for _ in range(TITLE_TRIES)]
    taken_nearby, partners_own = titles.taken(partner, locality, [draft.title for draft in drafts])
    listing = next(
        (draft for taken in (taken_nearby, partners_own) for draft in drafts if draft.title not in taken),
        None,
    ) or numbered(drafts[0], titles.partners_titles(partner))
    titles.claim(partner, locality, listing.title)
    return listing


def draft_listing(rng, category: str, place: str, may_be_online: bool) -> Listing:
    idea = rng.choice(IDEAS[category])
    delivery = pick_delivery(rng, idea, may_be_online)
    kind = venue = ""
    if delivery != Delivery.ONLINE:
        kind = rng.choice(idea.venues or CATEGORY_VENUES[category])
        venue = rng.choice(VENUES[kind].names).format(town=place)
    return Listing(category, idea, delivery, kind, venue, title_for(rng, idea.title, delivery, venue, place))


def pick_delivery(rng, idea: Idea, may_be_online: bool) -> str:
    if not (idea.online and may_be_online):
        return Delivery.IN_PERSON
    draw = rng.random()
    if draw < ONLINE_SHARE:
        return Delivery.ONLINE
    if draw < ONLINE_SHARE + BOTH_SHARE:
        return Delivery.BOTH
    return Delivery.IN_PERSON


def title_for(rng, stem: str, delivery: str, venue: str, place: str) -> str:
    """ "Knit and natter at Batley Library", "Crochet corner, Ossett", "Book club in Elland"."""
    if delivery == Delivery.ONLINE:
        return f"{stem} online"
    if delivery == Delivery.BOTH:
        return f"{stem}, {place} and online"
    return rng.choice([f"{stem} at {venue}"] * 3 + [f"{stem}, {place}", f"{stem} in {place}"])


class TitlesInDatabase:
    """The titles already in use, looked up for each new activity: for tests' small sites."""

    def taken(self, partner, locality, titles: list[str]) -> tuple[set[str], set[str]]:
        """Which of `titles` are taken nearby (by an activity in the locality, or by one of the
        partner's anywhere), and which by the partner's own."""
        if partner.pk is None:
            return set(), set()
        rows = ActivityPage.objects.filter(Q(locality=locality) | Q(partner=partner), title__in=titles)
        nearby, own = set(), set()
        for title, partner_id in rows.values_list("title", "partner_id"):
            nearby.add(title)
            if partner_id == partner.pk:
                own.add(title)
        return nearby, own

    def partners_titles(self, partner) -> set[str]:
        return set(partner.activities.values_list("title", flat=True)) if partner.pk else set()

    def claim(self, partner, locality, title: str) -> None:
        """Nothing to note: the new activity's own row says so once it is saved."""


class TitlesInMemory:
    """The titles already in use, read once and kept up to date as new ones are claimed: for
    seed_demo, where a look-up for each of 20,000 activities would read a whole locality each time."""

    def __init__(self):
        self.by_locality: dict[int, set[str]] = defaultdict(set)
        self.by_partner: dict[int, set[str]] = defaultdict(set)
        for title, locality_id, partner_id in ActivityPage.objects.values_list(
            "title", "locality", "partner"
        ):
            self.by_locality[locality_id].add(title)
            self.by_partner[partner_id].add(title)

    def taken(self, partner, locality, titles: list[str]) -> tuple[set[str], set[str]]:
        own = self.by_partner[partner.pk] & set(titles)
        return (self.by_locality[locality.pk] & set(titles)) | own, own

    def partners_titles(self, partner) -> set[str]:
        return self.by_partner[partner.pk]

    def claim(self, partner, locality, title: str) -> None:
        self.by_locality[locality.pk].add(title)
        self.by_partner[partner.pk].add(title)


def categories_in_database(slugs: list[str]) -> list[Category]:
    return list(Category.objects.filter(slug__in=slugs))


class CategoriesInMemory:
    """Every category, read once: for seed_demo, which would otherwise look them up for each activity."""

    def __init__(self):
        self.by_slug = {category.slug: category for category in Category.objects.all()}

    def __call__(self, slugs: list[str]) -> list[Category]:
        # In the database's order (by name), as categories_in_database gives them.
        return sorted(
            (self.by_slug[slug] for slug in set(slugs) if slug in self.by_slug), key=lambda c: c.name
        )


def numbered(draft: Listing, used: set[str]) -> Listing:
    """The draft as the partner's second (third ...) group of that name, when every title drawn is theirs."""
    number = 2
    while f"{draft.title}, group {number}" in used:
        number += 1
    return dataclasses.replace(draft, title=f"{draft.title}, group {number}")


Group = ActivityPage.AudienceGroup
# The group the search offers under "Who it is for" for each of the demo's audiences (ideas.py).
AUDIENCE_GROUPS = {
    "dementia": Group.DEMENTIA,
    "young-people": Group.YOUNG_PEOPLE,
    "men": Group.MEN,
    "women": Group.WOMEN,
    "carers": Group.CARERS,
    "over-50s": Group.OLDER_PEOPLE,
    "lung-health": Group.OTHER,
    "hearing-voices": Group.OTHER,
    "deaf": Group.OTHER,
}


def audience_for(rng, idea: Idea) -> dict:
    """Who the activity is for: its audience, the group named and the ages, as the idea's words say.

    The one place the demo decides who an activity is for, so a new field about it is set here too.
    """
    audience = AUDIENCES.get(idea.audience)
    if audience is not None:
        return {
            "audience": ActivityPage.Audience.GROUP,
            "audience_group": audience.group,
            "audience_group_kind": AUDIENCE_GROUPS[idea.audience],
            "min_age": audience.min_age,
            "max_age": audience.max_age,
        }
    adults_only = rng.random() < ADULTS_ONLY_SHARE
    return {
        "audience": ActivityPage.Audience.EVERYONE,
        "audience_group": "",
        "audience_group_kind": "",
        "min_age": 18 if adults_only else None,
        "max_age": None,
    }


def needs_for(rng, listing: Listing) -> dict:
    """Accessibility as the venue and the audience make likely: a library is usually step-free, an
    allotment rarely; a dementia-friendly group almost always has a quiet space and lets carers in free."""
    idea = listing.idea
    online_only = listing.delivery == Delivery.ONLINE
    venue = VENUES.get(listing.venue_kind)
    step_free = not online_only and rng.random() < venue.step_free
    for_dementia = idea.audience == "dementia"
    return {
        "step_free_access": step_free,
        "accessible_toilet": not online_only and rng.random() < venue.toilet * (1 if step_free else 0.4),
        "hearing_loop": not online_only and rng.random() < venue.loop,
        "quiet_space": not online_only and rng.random() < (0.9 if for_dementia else 0.4),
        "carer_goes_free": not online_only and rng.random() < (0.95 if for_dementia else 0.45),
        "bsl_available": idea.audience == "deaf" or rng.random() < 0.03,
    }


def is_peer_led(rng, listing: Listing) -> bool:
    return listing.idea.peer_led or rng.random() < PEER_LED_SHARE.get(listing.category, PEER_LED_ELSEWHERE)


def describe(rng, listing: Listing, *, partner_title: str, how_to_join: str, peer_led: bool) -> str:
    """The long description: another way of saying what happens, a detail said only here, who runs
    it and how to join."""
    idea = listing.idea
    sentences = [rng.choice(idea.summaries), idea.detail, f"Run by {partner_title}."]
    if peer_led:
        sentences.append("It is peer-led: the people who run it have lived experience of mental ill health.")
    if listing.delivery == Delivery.ONLINE:
        sentences.append("It meets online on a video call; we send you the link.")
    elif listing.delivery == Delivery.BOTH:
        sentences.append("Come in person or join on a video call from home.")
    sentences.append(HOW_TO_JOIN_WORDS[how_to_join])
    sentences.append("Come on your own or bring a friend, family member or support worker.")
    return "<p>" + " ".join(sentence for sentence in sentences if sentence) + "</p>"


def what_to_bring(listing: Listing) -> str:
    if listing.delivery == Delivery.ONLINE:
        return "A phone, tablet or computer with a camera if you have one. You do not have to be seen."
    return WHAT_TO_BRING.get(listing.category, "Nothing at all. Wear clothes you feel comfortable in.")


def activity_index() -> ActivityIndexPage:
    return ActivityIndexPage.objects.get()


def make_sessions(
    rng, *, valid_from: datetime.date, count: int | None = None, idea: Idea | None = None
) -> list[ActivitySession]:
    """One or two sessions, at the days and times the idea meets (any, if it does not say)."""
    sessions = []
    for _ in range(count or rng.choice([1, 1, 1, 2])):
        parts = {
            part: weight
            for part, weight in PART_WEIGHTS.items()
            if not idea or not idea.parts or part in idea.parts
        }
        days = [day for day in range(7) if not idea or not idea.days or day in idea.days]
        hour, minute = rng.choice(START_TIMES[weighted(rng, parts)])
        frequency = rng.choice([Frequency.WEEKLY] * 6 + [Frequency.FORTNIGHTLY, Frequency.MONTHLY])
        start = datetime.time(hour, minute)
        end = (
            datetime.datetime.combine(valid_from, start)
            + datetime.timedelta(minutes=rng.choice([60, 90, 120]))
        ).time()
        sessions.append(
            ActivitySession(
                weekday=rng.choices(days, weights=[DAY_WEIGHTS[day] for day in days])[0],
                start_time=start,
                end_time=end,
                frequency=frequency,
                week_of_month=rng.choice([1, 2, 3, -1]) if frequency == Frequency.MONTHLY else None,
                valid_from=valid_from,
            )
        )
    return sessions


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class ActivitySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySession

    weekday = 1
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 0)
    frequency = Frequency.WEEKLY
    valid_from = datetime.date(2026, 1, 5)


class ActivityPageFactory(wagtail_factories.PageFactory):
    """An activity with realistic words, a real postcode in its locality and one or two sessions.

    Pass `sessions=[ActivitySession(...)]` or `categories=[...]` to control them exactly; `idea` is
    the category its words come from; `titles=TitlesInMemory()` and `categories_in=CategoriesInMemory()`
    when making thousands. Activities are in person unless `may_be_online=True` (as seed_demo asks)
    or `delivery=` says otherwise, so a search by distance finds every one.
    """

    class Meta:
        model = ActivityPage

    class Params:
        idea = factory.LazyAttribute(lambda o: pick_category(o.partner.title))
        town = factory.LazyAttribute(lambda o: town_of(o.partner, o.locality))
        may_be_online = False
        titles = factory.LazyFunction(TitlesInDatabase)
        categories_in = factory.LazyFunction(lambda: categories_in_database)
        listing = factory.LazyAttribute(
            lambda o: plan_listing(
                factory.random.randgen,
                category=o.idea,
                partner=o.partner,
                locality=o.locality,
                town=o.town,
                may_be_online=o.may_be_online,
                titles=o.titles,
            )
        )
        who = factory.LazyAttribute(lambda o: audience_for(factory.random.randgen, o.listing.idea))
        needs = factory.LazyAttribute(lambda o: needs_for(factory.random.randgen, o.listing))

    parent = factory.LazyFunction(activity_index)
    partner = factory.SubFactory(PartnerPageFactory)
    locality = factory.LazyAttribute(lambda o: o.partner.localities.first())
    title = factory.LazyAttribute(lambda o: o.listing.title)
    slug = factory.Sequence(lambda n: f"activity-{n:05d}")
    summary = factory.LazyAttribute(lambda o: factory.random.randgen.choice(o.listing.idea.summaries))
    how_to_join = factory.LazyFunction(lambda: weighted(factory.random.randgen, HOW_TO_JOIN_WEIGHTS))
    peer_led = factory.LazyAttribute(lambda o: is_peer_led(factory.random.randgen, o.listing))
    description = factory.LazyAttribute(
        lambda o: describe(
            factory.random.randgen,
            o.listing,
            partner_title=o.partner.title,
            how_to_join=o.how_to_join,
            peer_led=o.peer_led,
        )
    )
    categories = factory.LazyAttribute(lambda o: o.categories_in([o.idea, *o.listing.idea.also]))
    delivery = factory.LazyAttribute(lambda o: o.listing.delivery)
    venue_name = factory.LazyAttribute(
        lambda o: "" if o.delivery == Delivery.ONLINE else o.listing.venue_name
    )
    address = factory.LazyAttribute(
        lambda o: (
            ""
            if o.delivery == Delivery.ONLINE
            else f"{factory.random.randgen.randint(1, 120)} {factory.random.randgen.choice(STREETS)}"
        )
    )
    postcode = factory.LazyAttribute(
        lambda o: "" if o.delivery == Delivery.ONLINE else random_postcode(o.locality, o.town)
    )
    cost_type = factory.LazyFunction(lambda: weighted(factory.random.randgen, COST_WEIGHTS))
    cost_amount = factory.LazyAttribute(
        lambda o: factory.random.randgen.choice(PRICES) if o.cost_type == CostType.PAID else None
    )
    concessions = factory.LazyAttribute(
        lambda o: factory.random.randgen.choice(CONCESSIONS) if o.cost_type == CostType.PAID else ""
    )
    audience = factory.LazyAttribute(lambda o: o.who["audience"])
    audience_group = factory.LazyAttribute(lambda o: o.who["audience_group"])
    audience_group_kind = factory.LazyAttribute(lambda o: o.who["audience_group_kind"])
    min_age = factory.LazyAttribute(lambda o: o.who["min_age"])
    max_age = factory.LazyAttribute(lambda o: o.who["max_age"])
    step_free_access = factory.LazyAttribute(lambda o: o.needs["step_free_access"])
    accessible_toilet = factory.LazyAttribute(lambda o: o.needs["accessible_toilet"])
    hearing_loop = factory.LazyAttribute(lambda o: o.needs["hearing_loop"])
    quiet_space = factory.LazyAttribute(lambda o: o.needs["quiet_space"])
    carer_goes_free = factory.LazyAttribute(lambda o: o.needs["carer_goes_free"])
    bsl_available = factory.LazyAttribute(lambda o: o.needs["bsl_available"])
    group_size = factory.LazyFunction(
        lambda: factory.random.randgen.choice(list(ActivityPage.GroupSize.values))
    )
    contact_name = factory.Faker("first_name", locale="en_GB")
    contact_email = factory.LazyAttribute(lambda o: f"{o.slug}@example.org")
    # Counted back from today, and within the review cycle's first four months (activities.review_cycle),
    # so a listing made by a test or the demo is never due for a check, or out of the search, by accident
    # of the date the tests run on; tests and the demo that need a stage set the date themselves.
    last_reviewed = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=factory.random.randgen.randrange(120))
    )
    first_visit_who_meets_you = factory.LazyAttribute(
        lambda o: (
            f"{o.contact_name} will let you into the call and say hello."
            if o.delivery == Delivery.ONLINE
            else f"{o.contact_name} will meet you at the front door and show you around."
        )
    )
    first_visit_what_to_bring = factory.LazyAttribute(lambda o: what_to_bring(o.listing))
    first_visit_what_happens = (
        "You can watch first if you like. We start with a cup of tea and a chat, "
        "and nobody will ask you to talk about your health."
    )
    sessions = factory.LazyAttribute(
        lambda o: make_sessions(
            factory.random.randgen, valid_from=datetime.date(2026, 1, 5), idea=o.listing.idea
        )
    )
