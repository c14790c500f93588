"""factory_boy factories for partners, shared by the tests and `seed_demo`."""

import factory
import wagtail_factories
from factory import fuzzy

from creative_minds.geo.models import Postcode
from partners.models import Locality, PartnerIndexPage, PartnerPage

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


TOWNS = {
    "barnsley": ["Barnsley", "Penistone", "Hoyland", "Wombwell", "Cudworth", "Goldthorpe"],
    "calderdale": ["Halifax", "Brighouse", "Elland", "Hebden Bridge", "Todmorden", "Sowerby Bridge"],
    "kirklees": ["Huddersfield", "Dewsbury", "Batley", "Holmfirth", "Mirfield", "Marsden"],
    "wakefield": ["Wakefield", "Castleford", "Pontefract", "Ossett", "Normanton", "Featherstone"],
}

_postcodes_by_locality: dict[str, list[str]] = {}


def postcodes_for(locality: Locality) -> list[str]:
    """Live postcodes of the locality's council area, in a fixed order (for deterministic picks)."""
    if locality.slug not in _postcodes_by_locality:
        codes = list(
            Postcode.objects.filter(local_authority_code=locality.local_authority_code, is_live=True)
            .order_by("compact")
            .values_list("postcode", flat=True)
        )
        if len(codes) < 100:
            return FALLBACK_POSTCODES[locality.slug]
        _postcodes_by_locality[locality.slug] = codes
    return _postcodes_by_locality[locality.slug]


def random_postcode(locality: Locality) -> str:
    return factory.random.randgen.choice(postcodes_for(locality))


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

    parent = factory.LazyFunction(partner_index)
    title = factory.LazyAttributeSequence(
        lambda o, n: (
            f"{factory.random.randgen.choice(TOWNS[o.home.slug])} {PARTNER_KINDS[n % len(PARTNER_KINDS)]}"
        )
    )
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
    address = factory.LazyAttribute(
        lambda o: f"Community Centre\n{factory.random.randgen.choice(TOWNS[o.home.slug])}"
    )
    postcode = factory.LazyAttribute(lambda o: random_postcode(o.home))
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org")
    contact_email = factory.LazyAttribute(lambda o: f"hello@{o.slug}.example.org")
    contact_phone = factory.Sequence(lambda n: f"01484 {100000 + n:06d}")
    charity_number = factory.Sequence(lambda n: f"{1100000 + n}")
    agreement_status = PartnerPage.AgreementStatus.NONE
    mental_health_friendly = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.6)
    mental_health_first_aid_trained = factory.LazyFunction(lambda: factory.random.randgen.random() < 0.5)
