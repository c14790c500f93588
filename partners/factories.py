"""factory_boy factories for partners, shared by the tests and `seed_demo`."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.contrib.auth.hashers import get_hasher, make_password
from django.db.models import Q
from django.utils import timezone
from factory import fuzzy

from creative_minds.geo.models import Postcode
from partners.models import (
    Collective,
    FundingApplication,
    FundingRound,
    Locality,
    Membership,
    PartnerContact,
    PartnerIndexPage,
    PartnerPage,
)

# Real postcodes, one per locality, used when the postcode tables are not loaded.
FALLBACK_POSTCODES = {
    "barnsley": ["S70 2TA", "S75 1AL", "S71 1AN"],
    "calderdale": ["HX1 1UJ", "HX3 6AB", "HX7 8AD"],
    "kirklees": ["HD1 2TA", "WF13 1AA", "HD9 3AA"],
    "wakefield": ["WF1 2EB", "WF10 1AA", "WF5 8AA"],
}
# What each kind of partner mostly runs (category slugs), so demo listings read true.
PARTNER_SPECIALITIES = {
    "Community Choir": ["singing", "music"],
    "Football Club Foundation": ["football-and-team-sport", "fitness", "walking"],
    "Climbing Centre": ["climbing-and-outdoor", "fitness"],
    "Allotment Society": ["gardening-and-nature", "cooking"],
    "Arts Collective": ["arts", "crafts", "photography-and-film"],
    "Men's Shed": ["crafts", "peer-support", "games-and-social"],
    "Camera Club": ["photography-and-film", "walking"],
    "Heritage Trust": ["heritage-and-memory", "learning"],
    "Walking Group": ["walking", "gardening-and-nature"],
    "Theatre Company": ["drama", "creative-writing"],
    "Dance Studio": ["dance", "fitness"],
    "Cycling Club": ["cycling", "climbing-and-outdoor"],
    "Community Kitchen": ["cooking", "games-and-social"],
    "Writers' Circle": ["creative-writing", "peer-support"],
    "Recovery College": ["learning", "peer-support", "arts"],
    "Pottery Studio": ["crafts", "arts"],
    "Swimming Club": ["swimming", "fitness"],
    "Rugby League Foundation": ["football-and-team-sport", "fitness"],
    "Community Garden": ["gardening-and-nature", "walking"],
    "Music Project": ["music", "singing"],
}
PARTNER_KINDS = list(PARTNER_SPECIALITIES)


def specialities_of(partner_title: str) -> list[str]:
    """The category slugs a demo partner mostly runs, read from the kind its name ends with."""
    for kind, slugs in PARTNER_SPECIALITIES.items():
        if partner_title.endswith(kind):
            return slugs
    return []


# Towns of each locality and their postcode districts, so a demo partner in Todmorden has a
# Todmorden postcode and its activities are near it.
TOWN_DISTRICTS = {
    "barnsley": {
        "Barnsley": ["S70", "S71", "S75"], "Penistone": ["S36"], "Hoyland": ["S74"],
        "Wombwell": ["S73"], "Cudworth": ["S72"], "Goldthorpe": ["S63"],
    },
    "calderdale": {
        "Halifax": ["HX1", "HX2", "HX3"], "Brighouse": ["HD6"], "Elland": ["HX5"],
        "Hebden Bridge": ["HX7"], "Todmorden": ["OL14"], "Sowerby Bridge": ["HX6"],
    },
    "kirklees": {
        "Huddersfield": ["HD1", "HD2", "HD3", "HD4", "HD5"], "Dewsbury": ["WF12", "WF13"],
        "Batley": ["WF17"], "Holmfirth": ["HD9"], "Mirfield": ["WF14"], "Marsden": ["HD7"],
    },
    "wakefield": {
        "Wakefield": ["WF1", "WF2"], "Castleford": ["WF10"], "Pontefract": ["WF8"],
        "Ossett": ["WF5"], "Normanton": ["WF6"], "Featherstone": ["WF7"],
    },
}  # fmt: skip
TOWNS = {slug: list(towns) for slug, towns in TOWN_DISTRICTS.items()}

_postcodes_by_town: dict[tuple[str, str], list[str]] = {}


def postcodes_for(locality: Locality, town: str | None = None) -> list[str]:
    """Live postcodes of the locality's council area (in the town's districts, if a town is
    given), in a fixed order so that picks are deterministic."""
    key = (locality.slug, town or "")
    if key not in _postcodes_by_town:
        postcodes = Postcode.objects.filter(local_authority_code=locality.local_authority_code, is_live=True)
        if town:
            in_town = Q()
            for district in TOWN_DISTRICTS[locality.slug][town]:
                in_town |= Q(postcode__startswith=f"{district} ")
            postcodes = postcodes.filter(in_town)
        codes = list(postcodes.order_by("compact").values_list("postcode", flat=True))
        if len(codes) < 20:
            return FALLBACK_POSTCODES[locality.slug]
        _postcodes_by_town[key] = codes
    return _postcodes_by_town[key]


def random_postcode(locality: Locality, town: str | None = None) -> str:
    return factory.random.randgen.choice(postcodes_for(locality, town))


def town_of(partner: PartnerPage, locality: Locality) -> str | None:
    """The town a demo partner is named after, if it is one of the locality's towns."""
    return next((town for town in TOWNS.get(locality.slug, []) if partner.title.startswith(f"{town} ")), None)


def partner_index() -> PartnerIndexPage:
    return PartnerIndexPage.objects.get()


class LocalityFactory(factory.django.DjangoModelFactory):
    """The four localities exist from a data migration; this returns one of them."""

    class Meta:
        model = Locality
        django_get_or_create = ("slug",)

    slug = fuzzy.FuzzyChoice(["barnsley", "calderdale", "kirklees", "wakefield"])
    name = factory.LazyAttribute(lambda o: o.slug.title())
    local_authority_code = factory.Sequence(lambda n: f"E99{n:06d}")


class PartnerPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PartnerPage

    class Params:
        home = factory.LazyFunction(lambda: factory.random.randgen.choice(list(Locality.objects.all())))
        town = factory.LazyAttribute(lambda o: factory.random.randgen.choice(TOWNS[o.home.slug]))

    parent = factory.LazyFunction(partner_index)
    title = factory.LazyAttributeSequence(lambda o, n: f"{o.town} {PARTNER_KINDS[n % len(PARTNER_KINDS)]}")
    slug = factory.Sequence(lambda n: f"partner-{n:04d}")
    summary = factory.LazyAttribute(
        lambda o: f"A community group in {o.home.name} that welcomes everyone, whatever their experience."
    )
    description = factory.LazyAttribute(
        lambda o: (
            f"<p>{o.title} has been running in {o.home.name} for many years. Our volunteers "
            "will make you feel welcome, and there is no pressure to join in until you are ready.</p>"
        )
    )
    localities = factory.LazyAttribute(lambda o: [o.home])
    address = factory.LazyAttribute(lambda o: f"Community Centre\n{o.town}")
    postcode = factory.LazyAttribute(lambda o: random_postcode(o.home, o.town))
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org")
    contact_email = factory.LazyAttribute(lambda o: f"hello@{o.slug}.example.org")
    contact_phone = factory.Sequence(lambda n: f"01484 {100000 + n:06d}")
    charity_number = factory.Sequence(lambda n: f"{1100000 + n}")
    agreement_status = PartnerPage.AgreementStatus.NONE
    mental_health_friendly = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.6)
    mental_health_first_aid_trained = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.5)


# -- people, collectives and funding -------------------------------------------------------


_hashes: dict[tuple[str, str], str] = {}


def hashed_once(password: str | None) -> str:
    """The password hashed once per process for each hasher: every demo login shares one password,
    and hashing it for each of the demo's 78 users took about 20 seconds of `make run`. The users share a
    salt too, which matters nothing for demo and test logins, the only users factories make."""
    if password is None:
        return make_password(None)
    key = (get_hasher().algorithm, password)
    if key not in _hashes:
        _hashes[key] = make_password(password)
    return _hashes[key]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("a-long-demo-password", transform=hashed_once)


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerPageFactory)
    job_title = "Project coordinator"


class CollectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collective
        django_get_or_create = ("locality",)  # one per locality, made by a migration

    locality = factory.LazyFunction(lambda: Locality.objects.get(slug="kirklees"))
    name = factory.LazyAttribute(lambda o: f"{o.locality.name} Creative Minds Collective")
    description = "People with lived experience, carers, trust staff and community members."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    collective = factory.SubFactory(CollectiveFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.LIVED_EXPERIENCE
    joined_on = datetime.date(2025, 4, 1)


class FundingRoundFactory(factory.django.DjangoModelFactory):
    """A round whose voting is open today unless dates are given."""

    class Meta:
        model = FundingRound

    collective = factory.SubFactory(CollectiveFactory)
    name = "Winter 2026"
    financial_year = "2026-27"
    budget = Decimal("10000.00")
    maximum_award = Decimal("3000.00")
    applications_open = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=20))
    voting_opens = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    voting_closes = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))
    decision_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    quorum_percent = 50
    threshold_percent = 50
    minimum_match_percent = 50


class FundingApplicationFactory(factory.django.DjangoModelFactory):
    """A sent application (status submitted) unless told otherwise, complete but for its type of
    activity: that is a category, which belongs to activities, and partners imports nothing of
    activities. A test or the demo that needs a type passes `category=`."""

    class Meta:
        model = FundingApplication

    round = factory.SubFactory(FundingRoundFactory)
    partner = factory.SubFactory(
        PartnerPageFactory, home=factory.SelfAttribute("..round.collective.locality")
    )
    created_by = factory.SubFactory(UserFactory)
    status = FundingApplication.Status.SUBMITTED
    title = factory.LazyAttribute(lambda o: f"{o.partner.title.split(' ')[0]} wellbeing project")
    summary = "Weekly sessions for people who use mental health services, alongside everyone else."
    what_will_happen = "Twenty weekly sessions led by experienced volunteers, with a celebration at the end."
    who_benefits = "About 20 people, most of them referred by trust staff or joining through peer support."
    starts_on = datetime.date(2027, 1, 11)
    ends_on = datetime.date(2027, 6, 28)
    expected_participants = 20
    requested_amount = Decimal("1000.00")
    cash_contribution = Decimal("500.00")
    total_cost = Decimal("1500.00")
    continuation = "The group will carry on with small weekly donations and our volunteers."
    submitted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
