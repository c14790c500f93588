"""Who gets what from every address of the stories, as one table built from the URL configuration.

Each reporter address (/stories/new/, /stories/mine/...) is requested by every role: nobody signed
in, the story's reporter, another reporter, a champion, a partner contact, a collective member, a
Wagtail editor, a coordinator, a story moderator (the "Story moderators" group) and a story
moderator who also reads the answers people shared. Each must get exactly what the table says: the
sign-in page, 404, 405 or the page. A refused POST changes
nothing; an allowed one does what it says. Every reporter page that answers 200 is never cached.

Two-factor sign-in is on throughout, and the signed-in roles have given a second factor unless a
test says otherwise; without one, every role gets the second-factor step on every reporter address
and a refused POST changes nothing. The public pages (/stories/, a published story, a withdrawn
one, a draft's address) answer the same to everyone.

The stories' views in the Wagtail admin (/admin/stories/..., "Turn into a draft story") have rows
in ADMIN_TABLE and answer as the admin does: Wagtail's sign-in page for anyone without admin access,
its refusal (back to the dashboard) for admin users who may not.

A new address under /stories/ with no row in PERMISSION_TABLE fails
test_every_story_url_has_a_row_in_the_permission_table; a new stories admin address with no row in
ADMIN_TABLE fails test_every_story_admin_url_has_a_row_in_the_admin_table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from activities.referrals.factories import ChampionProfileFactory, ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import WellbeingCheckIn
from activities.stories import policy, services
from activities.stories.factories import (
    ReporterProfileFactory,
    draft_story,
    published_story,
)
from activities.stories.models import StoryPage
from creative_minds.two_factor.middleware import PROTECTED_PREFIXES
from partners.factories import CollectiveFactory, MembershipFactory, PartnerContactFactory, UserFactory
from partners.models import Locality
from tests.builders import ActivityMaker, shared_data
from tests.url_walk import login_location, request_as, url_patterns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]

ROLES = (
    "anonymous",
    "reporter",
    "another_reporter",
    "champion",
    "partner",
    "member",
    "editor",
    "coordinator",
    "moderator",
    "answers_moderator",
)
SIGNED_IN = ROLES[1:]
LOGIN = "login"
REPORTERS = {"reporter", "another_reporter"}
MODERATORS = {"moderator", "answers_moderator"}
# The stories' addresses in the Wagtail admin answer as the admin does: Wagtail's sign-in page for
# anyone without admin access, and its refusal (back to the dashboard) for admin users who may not.
ADMIN_LOGIN = "admin login"
DASHBOARD = "dashboard"
NO_ADMIN = {"reporter", "another_reporter", "champion", "partner", "member", "coordinator"}


def story_urls() -> dict[str, str]:
    return {name: route for route, name in url_patterns() if route.startswith("stories/")}


def story_admin_urls() -> dict[str, str]:
    """The stories' own views in the Wagtail admin (register_admin_urls in wagtail_hooks)."""
    return {
        name: route
        for route, name in url_patterns()
        if route.startswith("admin/") and (name or "").startswith("stories_")
    }


@dataclass(frozen=True)
class Check:
    method: str
    expect: dict[str, int | str]
    data: Callable[[SimpleNamespace, str], dict] | None = None
    state: Callable[[SimpleNamespace], object] | None = None


@dataclass(frozen=True)
class Entry:
    kwargs: Callable[[SimpleNamespace], dict]
    checks: tuple[Check, ...] = field(default_factory=tuple)


def members_page(allowed: set[str], success: int = 200) -> dict[str, int | str]:
    assert not allowed - set(SIGNED_IN)
    return {"anonymous": LOGIN, **{role: success if role in allowed else 404 for role in SIGNED_IN}}


def post_only() -> dict[str, int | str]:
    return {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)}


def admin_page(allowed: set[str], success: int, *, refused: str | int = DASHBOARD) -> dict[str, int | str]:
    return {
        "anonymous": ADMIN_LOGIN,
        **dict.fromkeys(NO_ADMIN, ADMIN_LOGIN),
        **{role: success if role in allowed else refused for role in set(SIGNED_IN) - NO_ADMIN},
    }


def _story_count(world):
    return StoryPage.objects.count()


def _draft_state(world):
    story = StoryPage.objects.get(pk=world.draft.pk)
    return (story.title, story.body, policy.state_of(story))


def _ready_state(world):
    return policy.state_of(StoryPage.objects.get(pk=world.ready.pk))


def _published_state(world):
    story = StoryPage.objects.get(pk=world.published.pk)
    return (story.live, story.withdrawn_at)


PERMISSION_TABLE: dict[str, Entry] = {
    "stories:new": Entry(
        lambda w: {},
        (
            Check("GET", members_page(REPORTERS)),
            Check(
                "POST",
                members_page(REPORTERS, 302),
                data=lambda w, r: {"action": "save", "title": "A new one"},
                state=_story_count,
            ),
        ),
    ),
    "stories:mine": Entry(lambda w: {}, (Check("GET", members_page(REPORTERS)),)),
    # The moderator may read any story here (and withdraw it); only its reporter edits it.
    "stories:edit": Entry(
        lambda w: {"public_id": w.draft.public_id},
        (
            Check("GET", members_page({"reporter", *MODERATORS})),
            Check(
                "POST",
                members_page({"reporter"}, 302),
                data=lambda w, r: {"action": "save", "title": f"Changed by {r}", "body": "New words"},
                state=_draft_state,
            ),
        ),
    ),
    "stories:send": Entry(
        lambda w: {"public_id": w.ready.public_id},
        (
            Check("GET", post_only()),
            Check("POST", members_page({"reporter"}, 302), data=lambda w, r: {}, state=_ready_state),
        ),
    ),
    "stories:withdraw": Entry(
        lambda w: {"public_id": w.published.public_id},
        (
            Check("GET", members_page({"reporter", *MODERATORS})),
            Check(
                "POST",
                members_page({"reporter", *MODERATORS}, 302),
                data=lambda w, r: {"reason": ""},
                state=_published_state,
            ),
        ),
    ),
}

# Only a story moderator who also reads the answers people shared turns one into a story; a GET is
# refused before anything is looked at.
ADMIN_TABLE: dict[str, Entry] = {
    "stories_from_answer": Entry(
        lambda w: {"answer_id": w.quotable.public_id},
        (
            Check("GET", admin_page(MODERATORS | {"editor"}, 405)),
            Check("POST", admin_page({"answers_moderator"}, 302), data=lambda w, r: {}, state=_story_count),
        ),
    ),
}
ALL_TABLES = {**PERMISSION_TABLE, **ADMIN_TABLE}

# Wagtail's pages: not in the URL configuration, the same answer for everyone.
PUBLIC_PAGES: dict[str, tuple[Callable[[SimpleNamespace], str], int]] = {
    "the story list": (lambda w: "/stories/", 200),
    "a published story": (lambda w: w.published.url, 200),
    "a withdrawn story": (lambda w: f"/stories/{w.withdrawn.slug}/", 410),
    "a draft's address": (lambda w: f"/stories/{w.draft.slug}/", 404),
}


def build_world() -> SimpleNamespace:
    make_activity = ActivityMaker()
    kirklees = Locality.objects.get(slug="kirklees")
    activity = make_activity("Clay and conversation")
    reporter = ReporterProfileFactory(user__first_name="Rita").user
    another_reporter = ReporterProfileFactory(user__first_name="Ravi").user
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Story moderators"))
    answers_moderator = UserFactory(is_staff=True)
    answers_moderator.groups.add(Group.objects.get(name="Story moderators"))
    answers_moderator.user_permissions.add(Permission.objects.get(codename="view_referral"))
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    coordinator = UserFactory()
    CollectiveFactory(locality=kirklees).coordinators.add(coordinator)
    users = {
        "anonymous": None,
        "reporter": reporter,
        "another_reporter": another_reporter,
        "champion": ChampionProfileFactory().user,
        "partner": PartnerContactFactory(partner=activity.partner).user,
        "member": MembershipFactory(collective=CollectiveFactory(locality=kirklees)).user,
        "editor": editor,
        "coordinator": coordinator,
        "moderator": moderator,
        "answers_moderator": answers_moderator,
    }
    draft = draft_story(reporter=reporter, activity=activity, ready=False, title="Half written")
    ready = draft_story(reporter=reporter, activity=activity, title="Ready to go")
    published = published_story(
        reporter=reporter, activity=activity, title="Out in print", moderator=moderator
    )
    withdrawn = published_story(reporter=reporter, activity=activity, title="Taken down", moderator=moderator)
    services.withdraw_story(story=withdrawn, user=reporter)
    for user in users.values():
        if user is not None:
            TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    quotable = WellbeingCheckInFactory(
        participant=ParticipantFactory(referral__activity=activity),
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        what_changed="I sing in the car now.",
        what_changed_sharing=WellbeingCheckIn.Sharing.QUOTE,
        completed_at=timezone.now(),
    )
    return SimpleNamespace(
        users=users, draft=draft, ready=ready, published=published, withdrawn=withdrawn, quotable=quotable
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from shared_data(django_db_blocker, build_world)


def _cases():
    for name, entry in ALL_TABLES.items():
        for check in entry.checks:
            for role in ROLES:
                yield pytest.param(name, check, role, id=f"{name}-{check.method}-{role}")


def test_every_story_url_has_a_row_in_the_permission_table():
    collected = set(story_urls())
    missing = sorted(collected - set(PERMISSION_TABLE))
    assert not missing, "\n".join(f"Add {name} to PERMISSION_TABLE" for name in missing)
    assert not set(PERMISSION_TABLE) - collected


def test_every_story_admin_url_has_a_row_in_the_admin_table():
    assert set(story_admin_urls()) == set(ADMIN_TABLE)


def test_every_row_says_what_every_role_gets():
    for name, entry in ALL_TABLES.items():
        for check in entry.checks:
            assert set(check.expect) == set(ROLES), name
            if check.method == "POST":
                assert check.data is not None and check.state is not None, name


@pytest.mark.parametrize(("name", "check", "role"), list(_cases()))
def test_permission_table(client, world, name, check, role):
    url = reverse(name, kwargs=ALL_TABLES[name].kwargs(world))
    expected = check.expect[role]
    before = check.state(world) if check.state else None
    response = request_as(
        client, world, role, check.method, url, check.data(world, role) if check.data else None
    )

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == login_location(url)
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif expected == DASHBOARD:
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    else:
        assert response.status_code == expected, f"{role} {check.method} {url}: {response.status_code}"
    if response.status_code == 200:
        assert "no-store" in response.get("Cache-Control", ""), url
    if check.state is None:
        return
    after = check.state(world)
    if expected in (LOGIN, ADMIN_LOGIN, DASHBOARD, 404, 405) or check.method == "GET":
        assert after == before, f"{role} changed something with {check.method} {url}"
    else:
        assert after != before, f"{role}'s allowed {check.method} {url} did nothing"


@pytest.mark.parametrize("page", list(PUBLIC_PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_the_public_pages_answer_everyone_the_same(client, world, page, role):
    address, status = PUBLIC_PAGES[page]
    response = request_as(client, world, role, "GET", address(world))
    assert response.status_code == status
    assert "Half written" not in response.text


def test_every_reporter_address_needs_a_second_factor():
    for name, route in {**story_urls(), **story_admin_urls()}.items():
        assert f"/{route}".startswith(PROTECTED_PREFIXES), name


def _unverified_cases():
    for name, entry in ALL_TABLES.items():
        for check in entry.checks:
            for role in SIGNED_IN:
                yield pytest.param(name, check, role, id=f"{name}-{check.method}-{role}-no-second-factor")


@pytest.mark.parametrize(("name", "check", "role"), list(_unverified_cases()))
def test_without_a_second_factor_every_role_gets_the_second_factor_step(client, world, name, check, role):
    url = reverse(name, kwargs=ALL_TABLES[name].kwargs(world))
    before = check.state(world) if check.state else None
    data = check.data(world, role) if check.data else None

    response = request_as(client, world, role, check.method, url, data, second_factor=False)

    step = reverse("two_factor_verify")
    assert response.status_code == 302
    assert response["Location"] == (f"{step}?{urlencode({'next': url})}" if check.method == "GET" else step)
    if check.state is not None:
        assert check.state(world) == before
    for device in list(devices_for_user(world.users[role], confirmed=None)):
        device.delete()
    response = request_as(client, world, role, check.method, url, data, second_factor=False)
    assert response["Location"].startswith(reverse("two_factor_setup"))
    if check.state is not None:
        assert check.state(world) == before


def test_the_reporters_list_shows_only_their_own_stories(client, world):
    response = request_as(client, world, "another_reporter", "GET", reverse("stories:mine"))
    for title in ("Half written", "Ready to go", "Out in print"):
        assert title not in response.text
    response = request_as(client, world, "reporter", "GET", reverse("stories:mine"))
    for title in ("Half written", "Ready to go", "Out in print"):
        assert title in response.text
