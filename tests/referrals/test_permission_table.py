"""Who gets what from every address of the referral journey, as one table built from the URL
configuration.

Each address under /referrals/, /participants/, /attendance/ and /wellbeing/ (and the "ask to join"
pages under /activities/<slug>/) is requested by every role: nobody signed in, the champion who
made the referral, another champion, the partner who runs the activity, a partner in another
locality, another partner in the same locality, a collective member, a Wagtail editor, the
locality's coordinator, another locality's coordinator and Creative Minds staff (the "view" and
"change referral" permissions, not a superuser). Each must get exactly what the table says: the
sign-in page, 404, or the page. A refused POST must change nothing; an allowed one must do what it
says, which proves the refusal was not just bad form data. Every page that answers 200 must be
marked never to be cached.

Two-factor sign-in is on throughout, and the signed-in roles have given a second factor (a code
from their authenticator app) unless a test says otherwise. Signed in without one, every role
gets the second-factor step on every address under /referrals/, /participants/ and
/attendance/, and a refused POST changes nothing; the participants' questionnaire and "ask to
join" stay outside those prefixes, so open to anyone.

A new address under those prefixes with no row in PERMISSION_TABLE fails
test_every_referral_journey_url_has_a_row_in_the_permission_table.

The world is built once for the module (tests.builders.shared_data); each test runs in its own
savepoint, rolled back after it, so every row and role starts from the same fresh world even
when a POST changes it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from activities.models import ActivityPage
from activities.referrals import checkins, consent, selectors
from activities.referrals.factories import (
    ChampionProfileFactory,
    ParticipantFactory,
    ReferralFactory,
    WellbeingCheckInFactory,
)
from activities.referrals.models import Attendance, ConsentRecord, Referral, WellbeingCheckIn
from creative_minds.two_factor.middleware import PROTECTED_PREFIXES
from partners.factories import (
    CollectiveFactory,
    MembershipFactory,
    PartnerContactFactory,
    PartnerPageFactory,
    UserFactory,
)
from partners.models import Locality
from tests.builders import ActivityMaker, session, shared_data
from tests.url_walk import login_location, request_as, url_patterns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]

PREFIXES = ("referrals/", "participants/", "attendance/", "wellbeing/")

ROLES = (
    "anonymous",
    "champion",
    "another_champion",
    "partner",
    "another_partner",
    "neighbour_partner",
    "member",
    "editor",
    "coordinator",
    "another_coordinator",
    "staff",
)
SIGNED_IN = ROLES[1:]
LOGIN = "login"  # "sent to the sign-in page, with a way back"


# -- the URL configuration -------------------------------------------------------------------


# An activity's own page and its sub-pages (the calendar), public: tests/activities/test_direct_pages.py.
PUBLIC_PAGES = {"activity_page", "activity_subpage"}


def referral_journey_urls() -> dict[str, str]:
    """{"namespace:name": route} for every pattern of the referral journey.

    Everything under the four prefixes, and every address below an activity's own ("ask to join");
    /activities/ itself is the public search page and is tested elsewhere, and "Tell us if something
    is wrong" is the listings' (tests/listings/test_permission_table.py).
    """
    found = {}
    for route, name in url_patterns():
        if name in PUBLIC_PAGES:
            continue
        below_an_activity = route.startswith("activities/") and route != "activities/"
        if route.startswith(PREFIXES) or (below_an_activity and "report-a-problem" not in route):
            found[name] = route
    return found


# -- the table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One method on one address: the answer each role gets.

    `data` is what a POST sends (per role, so a champion asks for what a champion could do);
    `state` reads what the POST could change: it must be the same afterwards for a refused role
    and different for an allowed one.
    """

    method: str
    expect: dict[str, int | str]
    data: Callable[[SimpleNamespace, str], dict] | None = None
    state: Callable[[SimpleNamespace], object] | None = None


@dataclass(frozen=True)
class Entry:
    kwargs: Callable[[SimpleNamespace], dict]
    checks: tuple[Check, ...] = field(default_factory=tuple)


def members_page(allowed: set[str], success: int = 200) -> dict[str, int | str]:
    """Sign-in for nobody, `success` for the allowed roles, 404 for every other signed-in role."""
    unknown = allowed - set(SIGNED_IN)
    assert not unknown, f"Unknown roles {unknown}"
    return {"anonymous": LOGIN, **{role: success if role in allowed else 404 for role in SIGNED_IN}}


def public_page(success: int = 200) -> dict[str, int | str]:
    return dict.fromkeys(ROLES, success)


def post_only() -> dict[str, int | str]:
    """GET on a POST-only address: refused for everyone before any record is looked up."""
    return {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)}


CHAMPIONS = {"champion", "another_champion"}
PARTNERS = {"partner", "another_partner", "neighbour_partner"}
COORDINATORS = {"coordinator", "another_coordinator"}
OWNERS = {"champion", "partner", "coordinator", "staff"}  # the referral's own people
RUNS_IT = {"partner", "coordinator", "staff"}  # who manages the activity's participants


def _referral_form(world, role):
    return {
        "consent_version": consent.current_version(ConsentRecord.Purpose.REFERRAL_CONTACT),
        "preferred_name": "Quentin",
        "contact_method": "email",
        "email": "quentin@example.net",
        "consent_given": "on",
    }


def _referral_count(world):
    return Referral.objects.count()


def _status_form(world, role):
    # A champion may only withdraw; anyone else tries what a partner would do first.
    return {"status": "withdrawn" if role in ("champion", "another_champion") else "acknowledged"}


def _referral_state(world):
    referral = Referral.objects.get(pk=world.referral.pk)
    return (referral.status, referral.anonymised_at, referral.preferred_name, referral.status_changes.count())


def _contact_consent_state(world):
    record = ConsentRecord.objects.get(pk=world.contact_consent.pk)
    return (record.withdrawn_at, *_referral_state(world))


def _wellbeing_consent_state(world):
    record = ConsentRecord.objects.get(pk=world.wellbeing_consent.pk)
    return (record.withdrawn_at, WellbeingCheckIn.objects.filter(participant=world.participant).count())


def _link_state(world):
    check_in = WellbeingCheckIn.objects.get(pk=world.follow_up.pk)
    return (check_in.token_hash, check_in.channel, check_in.link_sent_at, len(mail.outbox))


def _answers(world, role):
    return {**{f"item_{number}": "3" for number in range(1, 8)}, "action": "answer"}


def _check_in_status(world):
    return WellbeingCheckIn.objects.get(pk=world.follow_up.pk).status


def _ask_to_join_form(world, role):
    return {**_referral_form(world, role), "preferred_name": "Ursula", "website": ""}


def _register_form(world, role):
    return {"present": [str(world.participant.public_id)]}


def _register_state(world):
    return set(
        Attendance.objects.filter(participant__activity=world.activity).values_list(
            "participant_id", "session_date"
        )
    )


PERMISSION_TABLE: dict[str, Entry] = {
    "referrals:dashboard": Entry(
        lambda w: {},
        # Everyone with a reason to follow referrals has a dashboard (of their own referrals).
        (Check("GET", members_page(CHAMPIONS | PARTNERS | COORDINATORS | {"staff"})),),
    ),
    "referrals:new": Entry(
        lambda w: {"activity_slug": w.activity.slug},
        (
            Check("GET", members_page(CHAMPIONS)),
            Check("POST", members_page(CHAMPIONS, 302), data=_referral_form, state=_referral_count),
        ),
    ),
    "referrals:detail": Entry(
        lambda w: {"public_id": w.referral.public_id}, (Check("GET", members_page(OWNERS)),)
    ),
    "referrals:status": Entry(
        lambda w: {"public_id": w.referral.public_id},
        (
            Check("GET", post_only()),
            Check("POST", members_page(OWNERS, 302), data=_status_form, state=_referral_state),
        ),
    ),
    "referrals:withdraw_consent": Entry(
        lambda w: {"public_id": w.referral.public_id, "consent_id": w.contact_consent.pk},
        (
            Check("GET", post_only()),
            Check("POST", members_page(OWNERS, 302), data=lambda w, r: {}, state=_contact_consent_state),
        ),
    ),
    "participants:list": Entry(
        lambda w: {},
        (Check("GET", members_page(PARTNERS | COORDINATORS | {"staff"})),),
    ),
    "participants:detail": Entry(
        lambda w: {"public_id": w.participant.public_id}, (Check("GET", members_page(RUNS_IT)),)
    ),
    "participants:withdraw_consent": Entry(
        lambda w: {"public_id": w.participant.public_id},
        (
            Check("GET", post_only()),
            Check("POST", members_page(RUNS_IT, 302), data=lambda w, r: {}, state=_wellbeing_consent_state),
        ),
    ),
    "participants:check_in_qr": Entry(
        lambda w: {"public_id": w.participant.public_id, "check_in_id": w.follow_up.public_id},
        (
            # Following the address only goes back to the participant: a link is never replaced by a GET.
            Check("GET", members_page(RUNS_IT, 302), state=_link_state),
            Check("POST", members_page(RUNS_IT, 200), data=lambda w, r: {}, state=_link_state),
        ),
    ),
    "participants:check_in_email": Entry(
        lambda w: {"public_id": w.participant.public_id, "check_in_id": w.follow_up.public_id},
        (
            Check("GET", members_page(RUNS_IT, 302), state=_link_state),
            Check("POST", members_page(RUNS_IT, 302), data=lambda w, r: {}, state=_link_state),
        ),
    ),
    "attendance:activities": Entry(
        lambda w: {},
        (Check("GET", members_page(PARTNERS | {"staff"})),),
    ),
    "attendance:dates": Entry(
        lambda w: {"activity_slug": w.activity.slug}, (Check("GET", members_page({"partner", "staff"})),)
    ),
    "attendance:register": Entry(
        lambda w: {"activity_slug": w.activity.slug, "session_date": w.session_date.isoformat()},
        (
            Check("GET", members_page({"partner", "staff"})),
            Check(
                "POST", members_page({"partner", "staff"}, 302), data=_register_form, state=_register_state
            ),
        ),
    ),
    "wellbeing:thank_you": Entry(lambda w: {}, (Check("GET", public_page()),)),
    # Whoever holds the link may answer: the token is the key, and the page says nothing about whose it is.
    "wellbeing:answer": Entry(
        lambda w: {"token": w.token},
        (
            Check("GET", public_page()),
            Check("POST", public_page(302), data=_answers, state=_check_in_status),
        ),
    ),
    "ask_to_join": Entry(
        lambda w: {"activity_slug": w.activity.slug},
        (
            Check("GET", public_page()),
            Check("POST", public_page(302), data=_ask_to_join_form, state=_referral_count),
        ),
    ),
    "ask_to_join_sent": Entry(lambda w: {"activity_slug": w.activity.slug}, (Check("GET", public_page()),)),
}


def _cases():
    for name, entry in PERMISSION_TABLE.items():
        for check in entry.checks:
            for role in ROLES:
                yield pytest.param(name, check, role, id=f"{name}-{check.method}-{role}")


# -- the world -------------------------------------------------------------------------------


def build_world() -> SimpleNamespace:
    """A Kirklees activity with an open referral and a participant, a Wakefield one with the same,
    and one login for each role."""
    make_activity = ActivityMaker()
    kirklees = Locality.objects.get(slug="kirklees")
    wakefield = Locality.objects.get(slug="wakefield")
    partner = PartnerPageFactory(home=kirklees, title="Dewsbury Arts Collective")
    other_partner = PartnerPageFactory(home=wakefield, title="Castleford Music Project")
    # Another partner in the same locality: sharing a place must not mean sharing people.
    neighbour = PartnerPageFactory(home=kirklees, title="Batley Walking Group")
    activity = make_activity(
        "Sing for your mind",
        partner=partner,
        how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
        sessions=[session("mon", "10:00", valid_from=datetime.date(2025, 1, 6))],
    )
    other_activity = make_activity(
        "Castleford drumming circle",
        locality="wakefield",
        postcode="WF10 1AA",
        partner=other_partner,
        how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
        sessions=[session("tue", "18:00", valid_from=datetime.date(2025, 1, 6))],
    )

    make_activity("Batley wander", partner=neighbour, how_to_join=ActivityPage.HowToJoin.TURN_UP)

    champion = ChampionProfileFactory(user__first_name="Chidi").user
    another_champion = ChampionProfileFactory(user__first_name="Asha", locality=wakefield).user
    coordinator = UserFactory()
    CollectiveFactory(locality=kirklees).coordinators.add(coordinator)
    another_coordinator = UserFactory()
    CollectiveFactory(locality=wakefield).coordinators.add(another_coordinator)
    staff = UserFactory()
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="referrals", codename__in=["view_referral", "change_referral"]
        )
    )
    # A Wagtail editor: may edit pages in the admin, which says nothing about people.
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    users = {
        "anonymous": None,
        "champion": champion,
        "another_champion": another_champion,
        "partner": PartnerContactFactory(partner=partner).user,
        "another_partner": PartnerContactFactory(partner=other_partner).user,
        "neighbour_partner": PartnerContactFactory(partner=neighbour).user,
        "member": MembershipFactory(collective=CollectiveFactory(locality=kirklees)).user,
        "editor": editor,
        "coordinator": coordinator,
        "another_coordinator": another_coordinator,
        "staff": staff,
    }

    # The champion's open referral, and one of theirs that joined (with a follow-up waiting).
    referral = ReferralFactory(activity=activity, champion=champion, preferred_name="Ottoline")
    participant = ParticipantFactory(
        referral__activity=activity, referral__champion=champion, referral__preferred_name="Perpetua"
    )
    WellbeingCheckInFactory(participant=participant, kind=WellbeingCheckIn.Kind.BASELINE)
    wellbeing_consent = consent.record_consent(
        participant=participant,
        purpose=ConsentRecord.Purpose.WELLBEING,
        given_by=ConsentRecord.GivenBy.PERSON_ONLINE,
    )
    follow_up = WellbeingCheckInFactory(
        participant=participant,
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        status=WellbeingCheckIn.Status.WAITING,
        due_on=timezone.localdate(),
    )
    token = checkins.issue_link(follow_up, channel=WellbeingCheckIn.Channel.EMAIL)

    # Other people's records: another champion's referral to the same activity, and another
    # partner's activity (in another locality) with a referral and a participant of its own.
    sibling = ReferralFactory(activity=activity, champion=another_champion, preferred_name="Wilhelmina")
    foreign = ReferralFactory(activity=other_activity, champion=another_champion, preferred_name="Zebedee")
    foreign_participant = ParticipantFactory(
        referral__activity=other_activity,
        referral__champion=another_champion,
        referral__preferred_name="Xanthe",
    )

    # Everyone who signs in has set up an authenticator app (request_as gives its code).
    for user in users.values():
        if user is not None:
            TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)

    dates = selectors.recent_session_dates(activity)
    assert dates, "The activity needs a session in the last few weeks"
    return SimpleNamespace(
        users=users,
        activity=activity,
        other_activity=other_activity,
        referral=referral,
        contact_consent=referral.consents.get(),
        participant=participant,
        wellbeing_consent=wellbeing_consent,
        follow_up=follow_up,
        token=token,
        sibling=sibling,
        foreign=foreign,
        foreign_participant=foreign_participant,
        session_date=dates[0],
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from shared_data(django_db_blocker, build_world)


# -- the tests -------------------------------------------------------------------------------


def test_every_referral_journey_url_has_a_row_in_the_permission_table():
    collected = set(referral_journey_urls())
    missing = sorted(collected - set(PERMISSION_TABLE))
    assert not missing, "\n".join(f"Add {name} to PERMISSION_TABLE" for name in missing)
    stale = sorted(set(PERMISSION_TABLE) - collected)
    assert not stale, f"PERMISSION_TABLE has rows for addresses that no longer exist: {stale}"


def test_the_url_walk_finds_the_journey_and_nothing_else():
    """The walk itself: the known addresses are found, the search page and funding pages are not."""
    collected = referral_journey_urls()
    assert (
        collected["referrals:withdraw_consent"]
        == "referrals/<uuid:public_id>/consent/<int:consent_id>/withdraw/"
    )
    assert collected["ask_to_join"] == "activities/<slug:activity_slug>/ask-to-join/"
    assert "activity_search" not in collected
    assert not {name for name in collected if name.startswith(("funding:", "collectives:"))}


def test_every_row_says_what_every_role_gets():
    for name, entry in PERMISSION_TABLE.items():
        assert entry.checks, f"{name} has no checks"
        for check in entry.checks:
            assert set(check.expect) == set(ROLES), f"{name} {check.method} must name every role"
            if check.method == "POST":
                assert check.data is not None and check.state is not None, f"{name} POST needs data and state"


@pytest.mark.parametrize(("name", "check", "role"), list(_cases()))
def test_permission_table(client, world, name, check, role):
    url = reverse(name, kwargs=PERMISSION_TABLE[name].kwargs(world))
    expected = check.expect[role]
    before = check.state(world) if check.state else None

    data = check.data(world, role) if check.data else None
    response = request_as(client, world, role, check.method, url, data)

    if expected == LOGIN:
        assert response.status_code == 302, response
        assert response["Location"] == login_location(url)
    else:
        assert response.status_code == expected, f"{role} {check.method} {url}: {response.status_code}"
    if response.status_code == 200:
        # Pages with personal or token data must never be kept by a browser or a shared cache.
        assert "no-store" in response.get("Cache-Control", ""), url
    if check.state is None:
        return
    after = check.state(world)
    refused = expected in (LOGIN, 404, 405)
    # A GET never changes anything, even for a role allowed to make it.
    if refused or check.method == "GET":
        assert after == before, f"{role} changed something with {check.method} {url}"
    else:
        assert after != before, f"{role}'s allowed {check.method} {url} did nothing: is the data right?"


# -- signed in, no second factor given ---------------------------------------------------------


def needs_second_factor(name: str) -> bool:
    return f"/{referral_journey_urls()[name]}".startswith(PROTECTED_PREFIXES)


def _unverified_cases():
    for name, entry in PERMISSION_TABLE.items():
        if not needs_second_factor(name):
            continue
        for check in entry.checks:
            for role in SIGNED_IN:
                yield pytest.param(name, check, role, id=f"{name}-{check.method}-{role}-no-second-factor")


def second_factor_step(step: str, method: str, url: str) -> str:
    """Where the step sends a request: back to the page afterwards, or (a refused form post) to the
    account page."""
    location = reverse(step)
    return f"{location}?{urlencode({'next': url})}" if method == "GET" else location


def test_the_health_data_addresses_need_a_second_factor_and_the_public_ones_do_not():
    protected = {name for name in PERMISSION_TABLE if needs_second_factor(name)}
    health_data = {
        name for name in PERMISSION_TABLE if name.startswith(("referrals:", "participants:", "attendance:"))
    }
    assert protected == health_data
    assert health_data >= {"participants:check_in_qr", "participants:check_in_email"}  # the hand-out views
    assert not protected & {"wellbeing:answer", "wellbeing:thank_you", "ask_to_join", "ask_to_join_sent"}


@pytest.mark.parametrize(("name", "check", "role"), list(_unverified_cases()))
def test_without_a_second_factor_every_role_gets_the_second_factor_step(client, world, name, check, role):
    """Whatever the role and whether or not the record is theirs, no page under the health-data
    prefixes opens before a second factor, and a refused POST changes nothing. People with a
    device are asked for a code; people without one are sent to set one up."""
    url = reverse(name, kwargs=PERMISSION_TABLE[name].kwargs(world))
    before = check.state(world) if check.state else None
    data = check.data(world, role) if check.data else None

    response = request_as(client, world, role, check.method, url, data, second_factor=False)

    assert response.status_code == 302, f"{role} {check.method} {url}: {response.status_code}"
    assert response["Location"] == second_factor_step("two_factor_verify", check.method, url)
    assert "no-store" in response["Cache-Control"]
    if check.state is not None:
        assert check.state(world) == before, f"{role} changed something with {check.method} {url}"

    # Without any device at all, the step is setting one up, and still nothing changes.
    for device in list(devices_for_user(world.users[role], confirmed=None)):
        device.delete()
    response = request_as(client, world, role, check.method, url, data, second_factor=False)
    assert response.status_code == 302
    assert response["Location"] == second_factor_step("two_factor_setup", check.method, url)
    if check.state is not None:
        assert check.state(world) == before, f"{role} changed something with {check.method} {url}"


# -- lists never show other people's records ---------------------------------------------------

# Who sees which person on the referral dashboard, by the distinctive preferred names of the world.
EVERYONE = {"Ottoline", "Perpetua", "Wilhelmina", "Zebedee", "Xanthe"}
DASHBOARD_SEES = {
    "champion": {"Ottoline", "Perpetua"},
    "another_champion": {"Wilhelmina", "Zebedee", "Xanthe"},
    "partner": {"Ottoline", "Perpetua", "Wilhelmina"},
    "another_partner": {"Zebedee", "Xanthe"},
    "neighbour_partner": set(),
    "coordinator": {"Ottoline", "Perpetua", "Wilhelmina"},
    "another_coordinator": {"Zebedee", "Xanthe"},
    "staff": EVERYONE,
}


@pytest.mark.parametrize("role", list(DASHBOARD_SEES))
def test_the_referral_dashboard_lists_only_the_roles_own_referrals(client, world, role):
    response = request_as(client, world, role, "GET", reverse("referrals:dashboard"))

    assert response.status_code == 200
    listed = {referral.preferred_name for referral in response.context["page"].object_list}
    assert listed == DASHBOARD_SEES[role]
    for name in EVERYONE - DASHBOARD_SEES[role]:
        assert name not in response.text


PARTICIPANTS_SEE = {
    "partner": {"Perpetua"},
    "another_partner": {"Xanthe"},
    "neighbour_partner": set(),
    "coordinator": {"Perpetua"},
    "another_coordinator": {"Xanthe"},
    "staff": {"Perpetua", "Xanthe"},
}


@pytest.mark.parametrize("role", list(PARTICIPANTS_SEE))
def test_the_participant_list_shows_only_the_roles_own_participants(client, world, role):
    codes = {"Perpetua": world.participant.code, "Xanthe": world.foreign_participant.code}

    response = request_as(client, world, role, "GET", reverse("participants:list"))

    assert response.status_code == 200
    listed = {participant.code for participant in response.context["page"].object_list}
    assert listed == {codes[name] for name in PARTICIPANTS_SEE[role]}
    for name in PARTICIPANTS_SEE[role]:
        assert name in response.text and codes[name] in response.text
    for name in set(codes) - PARTICIPANTS_SEE[role]:
        assert name not in response.text
        assert codes[name] not in response.text


REGISTERS_SEE = {
    "partner": {"Sing for your mind"},
    "another_partner": {"Castleford drumming circle"},
    "neighbour_partner": {"Batley wander"},
    "staff": {"Sing for your mind", "Castleford drumming circle", "Batley wander"},
}


@pytest.mark.parametrize("role", list(REGISTERS_SEE))
def test_the_register_list_shows_only_the_roles_own_activities(client, world, role):
    response = request_as(client, world, role, "GET", reverse("attendance:activities"))

    assert response.status_code == 200
    assert {activity.title for activity in response.context["activities"]} == REGISTERS_SEE[role]
    for title in REGISTERS_SEE["staff"] - REGISTERS_SEE[role]:
        assert title not in response.text


@pytest.mark.parametrize(
    ("role", "whose"), [("partner", "activity"), ("staff", "activity"), ("another_partner", "other_activity")]
)
def test_a_register_lists_only_that_activitys_participants(client, world, role, whose):
    activity = getattr(world, whose)
    mine, theirs = (
        (world.participant, world.foreign_participant)
        if whose == "activity"
        else (world.foreign_participant, world.participant)
    )
    url = reverse("attendance:register", args=[activity.slug, world.session_date.isoformat()])

    response = request_as(client, world, role, "GET", url)

    assert response.status_code == 200
    assert [row["participant"] for row in response.context["rows"]] == [mine]
    assert mine.referral.preferred_name in response.text and mine.code in response.text
    assert theirs.referral.preferred_name not in response.text
    assert theirs.code not in response.text
    assert str(theirs.public_id) not in response.text
