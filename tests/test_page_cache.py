"""Private pages are never cached nor shared; the anonymous page cache keys only on what changes a page.

Every test here runs with the middleware in the order production runs it (settings.base.with_page_cache,
the function production.py calls), on the real Redis when REDIS_URL is set (CI) and on a local
memory cache otherwise.
"""

import datetime
import json
import os
import random
import string
import time
import uuid
from types import SimpleNamespace

import pytest
import redis
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityPage
from activities.referrals import selectors as referral_selectors
from activities.referrals.factories import ChampionProfileFactory, ParticipantFactory, ReferralFactory
from activities.search import facet_index
from activities.stories.factories import StoryPageFactory
from creative_minds import page_cache as page_cache_module
from creative_minds.page_cache import KEY_PREFIX
from creative_minds.settings.base import with_page_cache
from partners.factories import (
    CollectiveFactory,
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerContactFactory,
    PartnerPageFactory,
    UserFactory,
)
from partners.models import FundingApplication, Locality
from tests.builders import ActivityMaker, session
from tests.test_settings import PRODUCTION_ENV, clean_environment, run_python

pytestmark = pytest.mark.django_db

PAGE_KEYS = f"{KEY_PREFIX}:page:"


# -- the production middleware, on Redis or locmem ---------------------------------------------


class PageStore:
    """Counts what the page cache holds, whichever backend the test runs on."""

    def __init__(self, redis_client=None, prefix=""):
        self.redis_client = redis_client
        self.prefix = prefix

    def pages(self) -> int:
        if self.redis_client is not None:
            return sum(
                1 for _ in self.redis_client.scan_iter(match=f"{self.prefix}:*:{PAGE_KEYS}*", count=1000)
            )
        return sum(1 for key in cache._cache if PAGE_KEYS in key)

    def clean_up(self):
        if self.redis_client is not None:
            keys = list(self.redis_client.scan_iter(match=f"{self.prefix}:*", count=1000))
            if keys:
                self.redis_client.delete(*keys)
            self.redis_client.close()


@pytest.fixture
def page_cache(settings):
    settings.MIDDLEWARE = with_page_cache(list(settings.MIDDLEWARE))
    redis_url = os.environ.get("REDIS_URL", "").strip()
    if not redis_url:
        yield PageStore()
        return
    prefix = f"cm-page-cache-test-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(redis_url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"REDIS_URL is set but Redis does not answer at {redis_url}: {error}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    store = PageStore(client, prefix)
    yield store
    store.clean_up()


def test_the_page_cache_sits_where_a_hit_skips_all_but_security_and_stores_the_header_rules_verdict(
    settings,
):
    order = with_page_cache(list(settings.MIDDLEWARE))
    position = order.index("creative_minds.page_cache.PageCacheMiddleware")
    assert order[:position] == [
        "django.middleware.security.SecurityMiddleware",
        "creative_minds.middleware.HealthCheckMiddleware",
    ]
    for skipped in (
        "csp.middleware.CSPMiddleware",
        "creative_minds.sites.CachedSiteMiddleware",
        "creative_minds.middleware.CacheHeadersMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "creative_minds.two_factor.middleware.TwoFactorMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "axes.middleware.AxesMiddleware",
    ):
        assert position < order.index(skipped)


def test_production_builds_its_middleware_with_the_same_function_and_page_cache_off_leaves_it_out():
    code = """
import json
from creative_minds.settings import base, production
print(json.dumps({"production": production.MIDDLEWARE, "with": base.with_page_cache(base.MIDDLEWARE),
                  "without": base.MIDDLEWARE}))
"""
    for switch, cached in (("on", True), ("", True), ("off", False), ("OFF ", False)):
        result = run_python(code, clean_environment(**PRODUCTION_ENV, PAGE_CACHE=switch))
        assert result.returncode == 0, result.stderr
        built = json.loads(result.stdout)
        assert built["production"] == built["with" if cached else "without"], switch
        assert ("creative_minds.page_cache.PageCacheMiddleware" in built["production"]) is cached
        assert not [name for name in built["production"] if name.startswith("django.middleware.cache.")]


def directives(response) -> dict[str, str]:
    found = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value
    return found


def assert_private(response, what):
    cache_control = directives(response)
    assert "private" in cache_control and "no-store" in cache_control, (
        f"{what}: {response.get('Cache-Control')}"
    )
    assert "public" not in cache_control, what
    assert int(cache_control.get("max-age", "0")) == 0, what
    assert int(cache_control.get("s-maxage", "0")) == 0, what


def assert_hit(response, what):
    assert response.status_code == 200, what
    assert response.has_header("Age"), f"{what} was rendered again, not served from the page cache"


# -- signed-in people: every member page, every role -------------------------------------------


def build_members_world():
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Dewsbury Arts Collective")
    activity = ActivityMaker()(
        "Sing for your mind",
        partner=partner,
        how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
        sessions=[session("mon", "10:00", valid_from=datetime.date(2025, 1, 6))],
    )
    collective = CollectiveFactory(locality=kirklees)
    funding_round = FundingRoundFactory(collective=collective)
    application = FundingApplicationFactory(round=funding_round, partner=partner)
    draft = FundingApplicationFactory(
        round=funding_round, partner=partner, status=FundingApplication.Status.DRAFT, submitted_at=None
    )
    coordinator = UserFactory()
    collective.coordinators.add(coordinator)
    champion = ChampionProfileFactory().user
    referral = ReferralFactory(activity=activity, champion=champion)
    participant = ParticipantFactory(referral__activity=activity, referral__champion=champion)
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Editors"))
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="referrals", codename__in=["view_referral", "change_referral"]
        )
    )
    session_date = referral_selectors.recent_session_dates(activity)[0].isoformat()
    users = {
        "partner contact": PartnerContactFactory(partner=partner).user,
        "member": MembershipFactory(collective=collective).user,
        "chair": MembershipFactory(collective=collective, is_chair=True).user,
        "champion": champion,
        "coordinator": coordinator,
        "staff": staff,
    }
    public = ["/", "/activities/", activity.url, "/partners/", partner.url, "/impact/", "/funded-projects/"]
    referral_pages = [reverse("referrals:dashboard"), reverse("referrals:detail", args=[referral.public_id])]
    participant_pages = [
        reverse("participants:list"),
        reverse("participants:detail", args=[participant.public_id]),
    ]
    review = reverse("collectives:application", args=[application.public_id])
    pages = {
        "partner contact": [
            reverse("funding:dashboard"),
            reverse("funding:new"),
            reverse("funding:application", args=[application.public_id]),
            reverse("funding:edit", args=[draft.public_id]),
            *referral_pages,
            *participant_pages,
            reverse("attendance:activities"),
            reverse("attendance:dates", args=[activity.slug]),
            reverse("attendance:register", args=[activity.slug, session_date]),
        ],
        "member": [reverse("collectives:dashboard"), review],
        "chair": [
            reverse("collectives:dashboard"),
            review,
            reverse("collectives:decide", args=[application.public_id]),
        ],
        "champion": [*referral_pages, reverse("referrals:new", args=[activity.slug])],
        "coordinator": [reverse("collectives:coordinate"), *referral_pages, *participant_pages],
        "staff": [
            reverse("referrals:dashboard"),
            reverse("participants:list"),
            reverse("attendance:activities"),
            reverse("attendance:register", args=[activity.slug, session_date]),
            "/admin/",
        ],
    }
    return SimpleNamespace(
        users=users, pages={role: ["/account/", *public, *own] for role, own in pages.items()}
    )


@pytest.mark.parametrize("role", ["partner contact", "member", "chair", "champion", "coordinator", "staff"])
def test_no_response_to_a_signed_in_person_is_public_or_kept(client, page_cache, role):
    world = build_members_world()
    client.force_login(world.users[role])

    for url in world.pages[role]:
        # Twice: the second time is where a stored copy would be served.
        for attempt in ("first", "second"):
            response = client.get(url)
            assert response.status_code == 200, f"{role} {url} ({attempt}): {response.status_code}"
            assert_private(response, f"{role} {url} ({attempt})")
            assert not response.has_header("Age"), f"{role} was served a stored copy of {url}"
    assert page_cache.pages() == 0


def test_a_page_stored_for_visitors_is_never_served_to_a_signed_in_person_nor_over_a_message(
    client, page_cache
):
    assert client.get("/").status_code == 200
    assert page_cache.pages() == 1
    assert_hit(client.get("/"), "the anonymous home page")

    # A message waiting in its cookie (say "You have signed out") must be shown, not skipped.
    assert not client.get("/", HTTP_COOKIE="messages=anything").has_header("Age")

    client.force_login(UserFactory(first_name="Ottoline"))
    response = client.get("/")

    assert not response.has_header("Age")
    assert "Your account" in response.text and "Sign in" not in response.text
    assert_private(response, "the home page, signed in")
    assert page_cache.pages() == 1


def test_members_areas_the_questionnaire_and_forms_are_private_for_anonymous_visitors_too(client, page_cache):
    activity = ActivityMaker()("Sing for your mind", how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL)
    for url in (
        reverse("funding:dashboard"),  # the sign-in redirect
        reverse("collectives:dashboard"),
        reverse("referrals:dashboard"),
        reverse("wellbeing:answer", args=["not-a-real-token"]),
        reverse("wellbeing:thank_you"),
        reverse("login"),  # a form: sets the CSRF cookie
        reverse("collectives:join"),
        reverse("ask_to_join", args=[activity.slug]),
    ):
        for _ in range(2):
            response = client.get(url)
            assert_private(response, url)
            assert not response.has_header("Age"), url
    assert page_cache.pages() == 0


def test_a_view_that_says_public_is_overruled_for_a_signed_in_person(client, page_cache, settings):
    """The rule is applied at the root, whatever a view chose: here a view that asks for a public,
    long-lived copy is answered private when a person is signed in."""
    settings.ROOT_URLCONF = "tests.page_cache_urls"
    client.force_login(UserFactory())

    response = client.get("/public-for-a-day/")

    assert_private(response, "a view that asked to be public")
    assert page_cache.pages() == 0


# -- the anonymous page cache ------------------------------------------------------------------


def random_text(rng, length=8) -> str:
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(length))


def random_cookie_header(rng) -> str:
    return "; ".join(f"{random_text(rng, 6)}={random_text(rng, 20)}" for _ in range(rng.randint(1, 4)))


def test_random_cookies_hosts_and_unknown_parameters_add_no_page_cache_entries(client, page_cache, settings):
    activity = ActivityMaker()("Sing for your mind")
    pages = [
        "/",
        "/activities/",
        activity.url,
        "/partners/",
        activity.partner.url,
        "/impact/",
        "/funded-projects/",
    ]
    for url in pages:
        assert client.get(url).status_code == 200
    stored = page_cache.pages()
    assert stored == len(pages)

    rng = random.Random("creative-minds")
    for number in range(200):
        url = pages[number % len(pages)]
        unknown = "&".join(f"{random_text(rng, 5)}={random_text(rng)}" for _ in range(rng.randint(1, 3)))
        response = client.get(
            f"{url}?{unknown}",
            HTTP_COOKIE=random_cookie_header(rng),
            HTTP_HOST=f"{random_text(rng)}.example.net",
        )
        assert_hit(response, f"{url}?{unknown}")
        assert directives(response).get("public") == ""

    assert page_cache.pages() == stored
    # Any host maps to a site, but a host outside ALLOWED_HOSTS is still refused, never served.
    settings.ALLOWED_HOSTS = ["testserver"]
    assert client.get("/", HTTP_HOST="elsewhere.example").status_code == 400


def test_a_page_rendered_for_unknown_parameters_is_not_stored(client, page_cache):
    """The search page echoes its query string in its links ("Search for 'singing saturday' as
    words instead" here): what it rendered for ?utm_source=... must not be what the next visitor gets."""
    echoed = client.get("/activities/?utm_source=newsletter&q=singing+saturday")
    assert "utm_source=newsletter" in echoed.text
    assert page_cache.pages() == 0

    assert client.get("/activities/?q=singing+saturday").status_code == 200
    assert page_cache.pages() == 1
    served = client.get("/activities/?q=singing+saturday&utm_source=elsewhere")

    assert_hit(served, "the search with an unknown parameter")
    assert "utm_source" not in served.text
    assert page_cache.pages() == 1


def test_the_stored_search_is_served_for_the_same_search_written_differently_until_the_cache_time_passes(
    client, page_cache, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3
    maker = ActivityMaker()
    singing = maker("Sing for your mind", categories=["singing"], sessions=[session("mon", "10:00")])
    maker("Paint for your mind", categories=["arts"], sessions=[session("tue", "10:00")])
    first = client.get("/activities/?category=singing&category=arts&day=mon&day=tue&q=")
    stored_by = time.time()
    assert first.status_code == 200
    assert page_cache.pages() == 1

    for same in (
        "/activities/?day=tue&day=mon&category=arts&category=singing",
        "/activities/?q=&day=tue&category=arts&day=mon&category=singing&category=singing&cost=",
        "/activities/?category=arts&category=singing&day=mon&day=tue&fbclid=abc123",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(same, HTTP_COOKIE="_ga=GA1.2.3; csrftoken=abc")
        assert_hit(response, same)
        assert not queries.captured_queries, same
        assert response.content == first.content
    assert page_cache.pages() == 1

    # A change the page cache is not told of (publishing tells it, on commit) waits for the cache
    # time, and the copy says how old it is meanwhile. The search index learns of it on commit.
    with django_capture_on_commit_callbacks(execute=True):
        ActivityPage.objects.filter(pk=singing.pk).update(title="Sing for your wellbeing")
        facet_index.bump()
    monkeypatch.setattr(time, "time", lambda: stored_by + 1.5)
    kept = client.get("/activities/?day=mon&day=tue&category=singing&category=arts")
    monkeypatch.undo()
    assert_hit(kept, "the search, just after the change")
    assert "Sing for your mind" in kept.text
    assert int(kept["Age"]) >= 1
    time.sleep(max(0, stored_by + 3.5 - time.time()))
    assert (
        "Sing for your wellbeing"
        in client.get("/activities/?category=arts&category=singing&day=tue&day=mon").text
    )


def test_known_parameters_still_change_the_page(client, page_cache):
    ActivityMaker()("Sing for your mind", locality="kirklees")
    ActivityMaker()("Castleford drumming", locality="wakefield", postcode="WF10 1AA")

    everywhere = client.get("/activities/")
    wakefield = client.get("/activities/?locality=wakefield")
    partners_in_wakefield = client.get("/partners/?locality=wakefield")
    partners = client.get("/partners/")
    partners_singing = client.get("/partners/?q=sing&category=singing")

    assert "Sing for your mind" in everywhere.text and "Sing for your mind" not in wakefield.text
    assert "Castleford drumming" in wakefield.text
    assert partners_in_wakefield.content != partners.content
    assert partners_singing.content not in (partners.content, partners_in_wakefield.content)
    assert page_cache.pages() == 5
    assert_hit(client.get("/partners/?locality=wakefield&page="), "partners in Wakefield")
    assert client.get("/partners/?locality=wakefield").content == partners_in_wakefield.content


# -- the local tier: what each process holds of the page cache ----------------------------------


def test_a_process_answers_from_what_it_holds_until_another_process_forgets_pages(
    client, page_cache, monkeypatch
):
    """Another process's forget_pages() (a story taken down) reaches this one within
    REVALIDATE_SECONDS: until then the page it holds is served with no round trip, after it the
    generation is read again and the page is made anew."""
    clock = {"now": 1000.0}
    monkeypatch.setattr(page_cache_module, "_now", lambda: clock["now"])
    activity = ActivityMaker()("Sing for your mind")
    client.get(activity.url)  # made and stored, here and in the shared cache
    assert_hit(client.get(activity.url), "the page asked for again")

    # forget_pages() in another process: the shared generation moves, this one's memory does not.
    cache.set(page_cache_module.GENERATION_KEY, cache.get(page_cache_module.GENERATION_KEY, 0) + 1, None)
    clock["now"] += page_cache_module.REVALIDATE_SECONDS / 2
    assert_hit(client.get(activity.url), "within the bound")

    clock["now"] += page_cache_module.REVALIDATE_SECONDS
    made_again = client.get(activity.url)
    assert made_again.status_code == 200 and not made_again.has_header("Age")


def test_forgetting_pages_here_stops_serving_what_this_process_holds_at_once(client, page_cache):
    activity = ActivityMaker()("Sing for your mind")
    client.get(activity.url)
    assert_hit(client.get(activity.url), "the page asked for again")

    page_cache_module.forget_pages()

    made_again = client.get(activity.url)
    assert made_again.status_code == 200 and not made_again.has_header("Age")


def test_the_local_tier_keeps_the_pages_used_most_lately_within_its_size():
    tier = page_cache_module._LocalTier(capacity=1000)
    later = time.time() + 60
    for name in ("a", "b", "c"):
        tier.put(name, 0, later, name.encode(), 400)
    assert list(tier.entries) == ["b", "c"] and tier.size == 800  # "a" went to make room
    assert tier.get("b", 0) == b"b"  # now the most lately used
    tier.put("d", 0, later, b"d", 400)
    assert list(tier.entries) == ["b", "d"]

    tier.put("huge", 0, later, b"x", 1001)  # larger than the whole tier: not kept
    assert "huge" not in tier.entries
    assert tier.get("b", 1) is None and "b" not in tier.entries  # another generation: dropped
    tier.put("old", 0, time.time() - 1, b"old", 10)
    assert tier.get("old", 0) is None and tier.size == 400  # its time in the shared cache is over


# -- blank values: the key leaves them out, so the page must too ----------------------------------


@pytest.mark.parametrize(
    ("address", "names"),
    [
        ("/activities/", ("category", "day", "when", "access", "radius", "sort", "locality", "cost", "near")),
        ("/partners/", ("category", "locality", "q")),
        ("/stories/", ("locality", "category", "theme", "q", "page")),
    ],
)
def test_blank_values_cannot_leave_an_error_page_for_everyone(client, page_cache, address, names):
    """`?category=` and the page with no filter share one key. Had the page read the blank as a
    wrong choice, its error would be kept and shown to everyone who asked for the page: each
    blank is read as no value, as the key reads it."""
    ActivityMaker()("Sing for your mind", categories=["singing"], sessions=[session("mon", "10:00")])
    StoryPageFactory()
    # Empty, or only a space (%20), as a hand-edited link or an empty box sends them.
    blanks = "&".join(f"{name}={'%20' if number % 2 else ''}" for number, name in enumerate(names))

    first = client.get(f"{address}?{blanks}")
    assert first.status_code == 200
    assert "There is a problem" not in first.text

    for visitor in (address, f"{address}?{blanks}"):
        response = client.get(visitor)
        assert_hit(response, visitor)
        assert "There is a problem" not in response.text
