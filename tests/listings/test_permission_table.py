"""Who gets what from every address of the listings, as one table built from the URL configuration.

Every route under /listings/, "Become a partner" and each "report a problem" address is requested by
every role: nobody signed in, a contact of partner P1 (which runs activity A1), the same contact
signed in without a second factor, a contact of P2 (running A2 in another locality), a champion, a
collective member, a coordinator, a community reporter, a Wagtail editor, a listing moderator (the
listings.manage_any_listing permission) and a superuser. Each must get exactly what the table says:
the sign-in page, a redirect to their own partner's listings, 404, 405, 400 or the page. A refused
POST changes nothing; an allowed one does what it says. Every page under /listings/ that answers 200
is never cached.

Two-factor sign-in is on throughout. Listings are not behind the second factor (they are public
information, and nobody's personal details are on these pages), so a partner contact who has not
given one this session gets exactly what one who has gets.

A new address with no row in PERMISSION_TABLE fails test_every_listings_url_has_a_row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from activities.models import ActivityPage
from activities.referrals.factories import ChampionProfileFactory
from activities.stories.factories import ReporterProfileFactory
from partners.factories import CollectiveFactory, MembershipFactory, PartnerContactFactory, UserFactory
from partners.models import Locality
from tests.builders import ActivityMaker, date_input, shared_data
from tests.url_walk import login_location, request_as, url_patterns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]

ROLES = (
    "anonymous",
    "partner",
    "partner_without_second_factor",
    "other_partner",
    "champion",
    "member",
    "coordinator",
    "reporter",
    "editor",
    "listing_moderator",
    "superuser",
)
SIGNED_IN = ROLES[1:]
WITHOUT_SECOND_FACTOR = {"partner_without_second_factor"}
LOGIN = "login"
STAFF = {"listing_moderator", "superuser"}
P1_PEOPLE = {"partner", "partner_without_second_factor"}
MANAGES_P1 = P1_PEOPLE | STAFF
MANAGES_P2 = {"other_partner"} | STAFF
# The review helper's signed "still right" link (activities/listings/confirm_links.py).
MAKE_TOKEN = "activities.listings.confirm_links.make_token"


@dataclass(frozen=True)
class Redirect:
    """A 302 to the address `to(world)` gives."""

    to: Callable[[SimpleNamespace], str]


@dataclass(frozen=True)
class Check:
    method: str
    kwargs: Callable[[SimpleNamespace], dict]
    expect: dict[str, int | str | Redirect]
    label: str
    data: Callable[[SimpleNamespace], dict] | None = None
    state: Callable[[SimpleNamespace], object] | None = None


def managers_only(allowed: set[str], success: int = 200) -> dict[str, int | str]:
    """The page for those who manage the listing; 404 for every other signed-in role."""
    assert not allowed - set(SIGNED_IN)
    return {"anonymous": LOGIN, **{role: success if role in allowed else 404 for role in SIGNED_IN}}


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def _partner_page(partner: str) -> Redirect:
    return Redirect(
        lambda w: reverse("listings:partner", kwargs={"key": getattr(w, partner).translation_key})
    )


def _p1(w):
    return {"key": w.p1.translation_key}


def _p2(w):
    return {"key": w.p2.translation_key}


def _a1(w):
    return {"key": w.a1.translation_key}


def _a2(w):
    return {"key": w.a2.translation_key}


def _status_of(activity_name):
    def state(w):
        activity = ActivityPage.objects.get(pk=getattr(w, activity_name).pk)
        return (activity.listing_status, activity.paused_until, activity.status_message)

    return state


def _last_reviewed(w):
    return ActivityPage.objects.get(pk=w.a1.pk).last_reviewed


def _pause(w):
    return {
        "action": "pause",
        **date_input("until", timezone.localdate() + relativedelta(days=7)),
        "message": "Closed",
    }


def _valid_token(w):
    return {"token": import_string(MAKE_TOKEN)(w.a1)}


def _per_partner(name: str, kwargs_p1, kwargs_p2, label_p1: str, label_p2: str) -> tuple[Check, ...]:
    return (
        Check("GET", kwargs_p1, managers_only(MANAGES_P1), label_p1),
        Check("GET", kwargs_p2, managers_only(MANAGES_P2), label_p2),
    )


PERMISSION_TABLE: dict[str, tuple[Check, ...]] = {
    "listings:index": (
        Check(
            "GET",
            lambda w: {},
            {
                **managers_only(STAFF),
                **dict.fromkeys(P1_PEOPLE, _partner_page("p1")),
                "other_partner": _partner_page("p2"),
            },
            "-",
        ),
    ),
    "listings:partner": _per_partner("partner", _p1, _p2, "P1", "P2"),
    "listings:partner_profile": _per_partner("partner_profile", _p1, _p2, "P1", "P2"),
    "listings:activity_new": _per_partner("activity_new", _p1, _p2, "P1", "P2"),
    "listings:activity_edit": _per_partner("activity_edit", _a1, _a2, "A1", "A2"),
    "listings:activity_status": (
        *_per_partner("activity_status", _a1, _a2, "A1", "A2"),
        Check("POST", _a1, managers_only(MANAGES_P1, 302), "A1", data=_pause, state=_status_of("a1")),
        Check("POST", _a2, managers_only(MANAGES_P2, 302), "A2", data=_pause, state=_status_of("a2")),
    ),
    # POST only: a GET is refused (405) once the person may reach the listing at all.
    "listings:activity_confirm": (
        Check("GET", _a1, managers_only(MANAGES_P1, 405), "A1"),
        Check("GET", _a2, managers_only(MANAGES_P2, 405), "A2"),
        Check("POST", _a1, managers_only(MANAGES_P1, 302), "A1", data=lambda w: {}, state=_last_reviewed),
    ),
    # The emailed link: no sign-in, the same for everyone.
    "listings:check": (
        Check("GET", _valid_token, everyone(200), "valid"),
        Check("GET", lambda w: {"token": "not-a-link-we-sent.AbCdEf"}, everyone(400), "tampered"),
    ),
    "report_activity_problem": (Check("GET", lambda w: {"slug": w.a1.slug}, everyone(200), "A1"),),
    "report_activity_problem_sent": (Check("GET", lambda w: {"slug": w.a1.slug}, everyone(200), "A1"),),
    "report_partner_problem": (Check("GET", lambda w: {"slug": w.p1.slug}, everyone(200), "P1"),),
    "report_partner_problem_sent": (Check("GET", lambda w: {"slug": w.p1.slug}, everyone(200), "P1"),),
    "become_a_partner": (Check("GET", lambda w: {}, everyone(200), "-"),),
    "become_a_partner_sent": (Check("GET", lambda w: {}, everyone(200), "-"),),
}


def listings_urls() -> dict[str, str]:
    return {
        name: route
        for route, name in url_patterns()
        if route.startswith(("listings/", "become-a-partner")) or "report-a-problem" in route
    }


def build_world() -> SimpleNamespace:
    make_activity = ActivityMaker()
    kirklees = Locality.objects.get(slug="kirklees")
    a1 = make_activity(
        "Clay and conversation", last_reviewed=timezone.localdate() - relativedelta(months=5, days=10)
    )
    a2 = make_activity("Calder singers", locality="calderdale", postcode="HX1 1QE")
    p1, p2 = a1.partner, a2.partner
    assert p1 != p2 and a1.locality != a2.locality
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    coordinator = UserFactory()
    CollectiveFactory(locality=kirklees).coordinators.add(coordinator)
    listing_moderator = UserFactory(is_staff=True)
    listing_moderator.user_permissions.add(Permission.objects.get(codename="manage_any_listing"))
    users = {
        "anonymous": None,
        "partner": PartnerContactFactory(partner=p1).user,
        "partner_without_second_factor": PartnerContactFactory(partner=p1).user,
        "other_partner": PartnerContactFactory(partner=p2).user,
        "champion": ChampionProfileFactory().user,
        "member": MembershipFactory(collective=CollectiveFactory(locality=kirklees)).user,
        "coordinator": coordinator,
        "reporter": ReporterProfileFactory().user,
        "editor": editor,
        "listing_moderator": listing_moderator,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    for user in users.values():
        if user is not None:
            TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return SimpleNamespace(users=users, p1=p1, p2=p2, a1=a1, a2=a2)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from shared_data(django_db_blocker, build_world)


def _cases():
    for name, checks in PERMISSION_TABLE.items():
        for check in checks:
            for role in ROLES:
                yield pytest.param(name, check, role, id=f"{name}-{check.label}-{check.method}-{role}")


def test_every_listings_url_has_a_row():
    collected = set(listings_urls())
    missing = sorted(collected - set(PERMISSION_TABLE))
    assert not missing, "\n".join(f"Add {name} to PERMISSION_TABLE" for name in missing)
    assert not set(PERMISSION_TABLE) - collected


def test_every_row_says_what_every_role_gets():
    for name, checks in PERMISSION_TABLE.items():
        for check in checks:
            assert set(check.expect) == set(ROLES), name
            if check.method == "POST":
                assert check.data is not None and check.state is not None, name


@pytest.mark.parametrize(("name", "check", "role"), list(_cases()))
def test_permission_table(client, world, name, check, role):
    url = reverse(name, kwargs=check.kwargs(world))
    expected = check.expect[role]
    before = check.state(world) if check.state else None
    response = request_as(
        client,
        world,
        role,
        check.method,
        url,
        check.data(world) if check.data else None,
        second_factor=role not in WITHOUT_SECOND_FACTOR,
    )

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == login_location(url)
    elif isinstance(expected, Redirect):
        assert (response.status_code, response["Location"]) == (302, expected.to(world))
    else:
        assert response.status_code == expected, f"{role} {check.method} {url}: {response.status_code}"
    if response.status_code == 200 and url.startswith("/listings/"):
        assert "no-store" in response.get("Cache-Control", ""), url
        assert "private" in response.get("Cache-Control", ""), url
    if check.state is None:
        return
    after = check.state(world)
    if expected in (LOGIN, 404, 405) or check.method == "GET":
        assert after == before, f"{role} changed something with {check.method} {url}"
    else:
        assert after != before, f"{role}'s allowed {check.method} {url} did nothing"


def test_another_partners_contact_cannot_pause_a1_or_say_it_is_still_right(client, world):
    """The contract's two refusals, spelt out: other_partner's POSTs on A1 are 404 and change nothing."""
    status_before, reviewed_before = _status_of("a1")(world), _last_reviewed(world)
    status = request_as(
        client,
        world,
        "other_partner",
        "POST",
        reverse("listings:activity_status", kwargs=_a1(world)),
        _pause(world),
    )
    confirm = request_as(
        client, world, "other_partner", "POST", reverse("listings:activity_confirm", kwargs=_a1(world))
    )
    assert (status.status_code, confirm.status_code) == (404, 404)
    assert (_status_of("a1")(world), _last_reviewed(world)) == (status_before, reviewed_before)


def test_the_partner_pauses_a1(client, world):
    response = request_as(
        client,
        world,
        "partner",
        "POST",
        reverse("listings:activity_status", kwargs=_a1(world)),
        _pause(world),
    )
    assert response.status_code == 302
    assert _status_of("a1")(world)[0] == ActivityPage.ListingStatus.PAUSED
