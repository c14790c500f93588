"""factory_boy factories for activities, shared by the tests and `seed_demo`."""

import datetime

import factory
import wagtail_factories

from activities.models import ActivityIndexPage, ActivityPage, ActivitySession, Category
from activities.models.session import Frequency
from partners.factories import PartnerPageFactory, random_postcode, specialities_of, town_of

IDEAS = {
    "arts": ("Art for wellbeing", "Relaxed painting and drawing. All materials provided."),
    "crafts": ("Knit and natter", "Bring your own project or learn to knit with us."),
    "music": ("Community music jam", "Play along on guitars, drums and keyboards. No experience needed."),
    "singing": ("Sing for your mind", "A friendly choir for people who love to sing, in tune or not."),
    "drama": ("Drama for confidence", "Games and improvisation to build confidence, at your own pace."),
    "dance": ("Gentle dance", "Seated and standing dance to music from every decade."),
    "creative-writing": ("Write it out", "Short writing exercises and sharing, only if you want to."),
    "photography-and-film": ("Photo walk", "Walk and take photos with your phone or a camera we lend you."),
    "gardening-and-nature": ("Allotment afternoons", "Grow fruit and vegetables and take some home."),
    "walking": ("Wellbeing walk", "A gentle walk of about an hour, finishing with a cup of tea."),
    "climbing-and-outdoor": ("Climb together", "Indoor climbing with instructors. Equipment provided."),
    "football-and-team-sport": ("Walking football", "Football at walking pace. All abilities welcome."),
    "fitness": ("Move more", "A friendly exercise class you can do at your own level."),
    "swimming": ("Quiet swim", "A calm, less busy swim session with friendly staff."),
    "cycling": ("Easy riders", "Relaxed bike rides on quiet routes. Bikes available to borrow."),
    "heritage-and-memory": ("Memories and museums", "Explore local history through objects and stories."),
    "cooking": ("Cook and eat", "Cook a simple, healthy meal together, then eat it together."),
    "peer-support": ("Peer support circle", "Talk with people who have been there too. Run by peers."),
    "learning": ("Learn something new", "Short friendly courses, from computers to languages."),
    "games-and-social": ("Games and a cuppa", "Board games, cards and chat. Drop in any time."),
}
START_TIMES = [(9, 30), (10, 0), (10, 30), (11, 0), (13, 0), (13, 30), (14, 0), (18, 0), (18, 30), (19, 0)]
Group = ActivityPage.AudienceGroup
# Who an activity for a particular group is for: the editor's words (which the 0008 migration's
# keywords read as the same group) and the ages that go with them.
GROUPS = {
    Group.DEMENTIA: ("People living with dementia and their carers", None, None),
    Group.CARERS: ("Unpaid carers looking after someone", 18, None),
    Group.MEN: ("Men", 18, None),
    Group.WOMEN: ("Women", 18, None),
    Group.YOUNG_PEOPLE: ("Young people aged 16 to 25", 16, 25),
    Group.OLDER_PEOPLE: ("Older people (50 and over)", 50, None),
    Group.VETERANS: ("Veterans of the armed forces and their families", 18, None),
    Group.LGBTQ: ("LGBTQ+ adults", 18, None),
    Group.LEARNING_DISABILITY: ("Adults with a learning disability", 18, None),
    Group.FAMILIES: ("Families with children", None, None),
}
SETTINGS = ["Community Centre", "Library", "Sports Centre", "Church Hall", "Park", "Arts Centre", "Cafe"]


def pick_idea(partner_title: str) -> str:
    """Mostly what the partner is known for, sometimes something else entirely."""
    rng = factory.random.randgen
    specialities = specialities_of(partner_title)
    if specialities and rng.random() < 0.8:
        return rng.choice(specialities)
    return rng.choice(sorted(IDEAS))


def pick_audience(rng) -> tuple[str, str, str, int | None, int | None]:
    """(audience, group words, group, youngest, oldest): mostly open to everyone, some adults
    only, about one in four for a particular group."""
    if rng.random() < 0.75:
        return (ActivityPage.Audience.EVERYONE, "", "", 18 if rng.random() < 0.2 else None, None)
    group = rng.choice(sorted(GROUPS))
    words, youngest, oldest = GROUPS[group]
    return (ActivityPage.Audience.GROUP, words, group, youngest, oldest)


def activity_index() -> ActivityIndexPage:
    return ActivityIndexPage.objects.get()


def make_sessions(rng, *, valid_from: datetime.date, count: int | None = None) -> list[ActivitySession]:
    sessions = []
    for _ in range(count or rng.choice([1, 1, 1, 2])):
        hour, minute = rng.choice(START_TIMES)
        frequency = rng.choice([Frequency.WEEKLY] * 6 + [Frequency.FORTNIGHTLY, Frequency.MONTHLY])
        start = datetime.time(hour, minute)
        end = (
            datetime.datetime.combine(valid_from, start)
            + datetime.timedelta(minutes=rng.choice([60, 90, 120]))
        ).time()
        sessions.append(
            ActivitySession(
                weekday=rng.randrange(7),
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

    Pass `sessions=[ActivitySession(...)]` or `categories=[...]` to control them exactly.
    """

    class Meta:
        model = ActivityPage

    class Params:
        idea = factory.LazyAttribute(lambda o: pick_idea(o.partner.title))
        town = factory.LazyAttribute(lambda o: town_of(o.partner, o.locality))
        who = factory.LazyFunction(lambda: pick_audience(factory.random.randgen))

    parent = factory.LazyFunction(activity_index)
    partner = factory.SubFactory(PartnerPageFactory)
    locality = factory.LazyAttribute(lambda o: o.partner.localities.first())
    title = factory.LazyAttribute(lambda o: f"{IDEAS[o.idea][0]} in {o.town or o.locality.name}")
    slug = factory.Sequence(lambda n: f"activity-{n:05d}")
    summary = factory.LazyAttribute(lambda o: IDEAS[o.idea][1])
    description = factory.LazyAttribute(
        lambda o: (
            f"<p>{IDEAS[o.idea][1]} Run by {o.partner.title}. Come along on your own or "
            "bring a friend, family member or support worker.</p>"
        )
    )
    categories = factory.LazyAttribute(lambda o: [Category.objects.get(slug=o.idea)])
    venue_name = factory.LazyAttribute(
        lambda o: f"{o.town or o.locality.name} {factory.random.randgen.choice(SETTINGS)}"
    )
    address = factory.LazyAttribute(lambda o: f"{factory.random.randgen.randint(1, 120)} High Street")
    postcode = factory.LazyAttribute(lambda o: random_postcode(o.locality, o.town))
    cost_type = factory.LazyFunction(
        lambda: factory.random.randgen.choice(
            [ActivityPage.CostType.FREE] * 3 + [ActivityPage.CostType.PAID, ActivityPage.CostType.DONATION]
        )
    )
    cost_amount = factory.LazyAttribute(
        lambda o: (
            factory.random.randgen.choice(["2.00", "3.50", "5.00"])
            if o.cost_type == ActivityPage.CostType.PAID
            else None
        )
    )
    how_to_join = factory.LazyFunction(
        lambda: factory.random.randgen.choice(list(ActivityPage.HowToJoin.values))
    )
    step_free_access = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.7)
    accessible_toilet = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.6)
    hearing_loop = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.3)
    quiet_space = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.5)
    carer_goes_free = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.6)
    bsl_available = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.05)
    peer_led = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.2)
    audience = factory.LazyAttribute(lambda o: o.who[0])
    audience_group = factory.LazyAttribute(lambda o: o.who[1])
    audience_group_kind = factory.LazyAttribute(lambda o: o.who[2])
    min_age = factory.LazyAttribute(lambda o: o.who[3])
    max_age = factory.LazyAttribute(lambda o: o.who[4])
    # Some also online; none online only, which would need no venue (tests pass delivery and postcode).
    delivery = factory.LazyFunction(
        lambda: factory.random.randgen.choice(
            [ActivityPage.Delivery.IN_PERSON] * 9 + [ActivityPage.Delivery.BOTH]
        )
    )
    group_size = factory.LazyFunction(
        lambda: factory.random.randgen.choice(list(ActivityPage.GroupSize.values))
    )
    contact_name = factory.Faker("first_name", locale="en_GB")
    contact_email = factory.LazyAttribute(lambda o: f"{o.slug}@example.org")
    last_reviewed = factory.LazyFunction(
        lambda: datetime.date(2026, 11, 1) - datetime.timedelta(days=factory.random.randgen.randrange(180))
    )
    first_visit_who_meets_you = factory.LazyAttribute(
        lambda o: f"{o.contact_name} will meet you at the front door and show you around."
    )
    first_visit_what_to_bring = "Nothing at all. Wear clothes you feel comfortable in."
    first_visit_what_happens = (
        "You can watch first if you like. We start with a cup of tea and a chat, "
        "and nobody will ask you to talk about your health."
    )
    sessions = factory.LazyFunction(
        lambda: make_sessions(factory.random.randgen, valid_from=datetime.date(2026, 1, 5))
    )
