"""The public join form, its honeypot, and a coordinator approving a request into a membership."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from partners import services
from partners.factories import MembershipFactory, UserFactory
from partners.models import JoinRequest, Locality, Membership
from partners.permissions import current_membership
from tests.partners.builders import log_entries, page_form

JOIN = reverse("collectives:join")


@pytest.fixture
def join_form(client, kirklees):
    url, data = page_form(client.get(JOIN), "why")
    data.update(
        {
            "locality": str(Locality.objects.get(slug="kirklees").pk),
            "name": "Sam Jones",
            "email": "Sam.Jones@example.org",
            "role": "carer",
            "why": "I care for my son and would like to help decide.",
        }
    )
    return url, data


def test_the_join_form_lists_every_collective(client, db):
    response = client.get(JOIN)
    assert response.status_code == 200
    for name in ("Barnsley", "Calderdale", "Kirklees", "Wakefield"):
        assert name in response.text
    assert 'name="website"' in response.text
    assert 'class="cm-honeypot"' in response.text


def test_a_visitor_asks_to_join(client, join_form, kirklees):
    url, data = join_form
    response = client.post(url, data)
    assert response.status_code == 200
    assert "We have your request to join." in response.text
    request = JoinRequest.objects.get()
    assert (request.collective, request.name, request.email, request.role, request.status) == (
        kirklees,
        "Sam Jones",
        "Sam.Jones@example.org",
        "carer",
        "pending",
    )


def test_the_honeypot_drops_bots_silently(client, join_form):
    url, data = join_form
    response = client.post(url, {**data, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "We have your request to join." in response.text  # the bot cannot tell
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter your name"),
        ("email", "not-an-email", "Enter an email address like name@example.com"),
        ("why", "", "Tell us why you would like to join"),
        ("role", "", "Choose the description that fits you best"),
        ("locality", "", "Choose an area"),
    ],
)
def test_the_join_form_explains_mistakes(client, join_form, field, value, message):
    url, data = join_form
    response = client.post(url, {**data, field: value})
    assert response.status_code == 200
    assert message in response.text
    assert "<title>Error: " in response.text
    assert not JoinRequest.objects.exists()


def test_approving_a_join_request_creates_a_membership(client, join_form, kirklees):
    url, data = join_form
    client.post(url, data)
    request = JoinRequest.objects.get()
    coordinator = UserFactory()
    kirklees.coordinators.add(coordinator)

    membership = services.approve_join_request(join_request=request, user=coordinator)

    assert (membership.collective, membership.role, membership.is_chair, membership.left_on) == (
        kirklees,
        "carer",
        False,
        None,
    )
    user = membership.user
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "sam.jones@example.org",
        "Sam.Jones@example.org",
        "Sam",
        "Jones",
    )
    request.refresh_from_db()
    assert (request.status, request.membership, request.decided_by) == ("approved", membership, coordinator)
    assert request.decided_at is not None
    assert log_entries("partners.join_request_approved", request).get().user == coordinator
    assert current_membership(user, kirklees) == membership

    with pytest.raises(services.FundingError, match="already been dealt with"):
        services.approve_join_request(join_request=request, user=coordinator)
    assert Membership.objects.filter(user=user).count() == 1


def test_an_existing_login_joins_another_collective(kirklees, wakefield):
    existing = MembershipFactory(collective=wakefield, user=UserFactory(username="ann@example.org")).user
    request = JoinRequest.objects.create(
        collective=kirklees, name="Ann Lee", email="Ann@Example.org", role="community", why="To help"
    )
    membership = services.approve_join_request(join_request=request, user=UserFactory())
    assert membership.user == existing
    assert User.objects.filter(username="ann@example.org").count() == 1
    assert set(Membership.objects.filter(user=existing).values_list("collective", flat=True)) == {
        kirklees.pk,
        wakefield.pk,
    }


# -- coordinators deal with the requests (/collectives/coordinate/) -----------------------------------

COORDINATE = reverse("collectives:coordinate")


def join_request(collective, name="Sam Jones", email="sam@example.org"):
    return JoinRequest.objects.create(
        collective=collective, name=name, email=email, role="carer", why="I would like to help."
    )


@pytest.fixture
def coordinator(client, kirklees):
    user = UserFactory()
    kirklees.coordinators.add(user)
    client.force_login(user)
    return user


def test_a_coordinator_sees_their_collective_requests_only(client, coordinator, kirklees, wakefield):
    join_request(kirklees, name="Kirklees Person")
    join_request(wakefield, name="Wakefield Person")
    response = client.get(COORDINATE)
    assert response.status_code == 200
    assert "Kirklees Person" in response.text
    assert "Wakefield Person" not in response.text


def test_a_coordinator_approves_a_request_and_the_new_member_is_emailed(client, coordinator, kirklees):
    request = join_request(kirklees)
    response = client.post(reverse("collectives:join_request", args=[request.pk]), {"decision": "approve"})
    assert response["Location"] == COORDINATE
    membership = Membership.objects.get(user__username="sam@example.org")
    assert membership.collective == kirklees
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.membership) == ("approved", coordinator, membership)
    (welcome,) = mail.outbox
    assert welcome.to == ["sam@example.org"]
    assert "/account/reset/" in welcome.body
    assert "Your username is sam@example.org." in welcome.body
    assert "Sam Jones is now a member" in client.get(COORDINATE).text


def test_a_coordinator_declines_a_request(client, coordinator, kirklees):
    request = join_request(kirklees)
    client.post(reverse("collectives:join_request", args=[request.pk]), {"decision": "decline"})
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.membership) == ("declined", coordinator, None)
    assert log_entries("partners.join_request_declined", request).get().user == coordinator
    assert not Membership.objects.exists()
    assert mail.outbox == []
    # Dealt with: approving it now is refused with a message.
    response = client.post(
        reverse("collectives:join_request", args=[request.pk]), {"decision": "approve"}, follow=True
    )
    assert "This request has already been dealt with." in response.text
    assert not Membership.objects.exists()


def test_approving_someone_who_is_already_a_member_explains_it(client, coordinator, kirklees):
    existing = MembershipFactory(collective=kirklees, user=UserFactory(username="sam@example.org"))
    request = join_request(kirklees)
    response = client.post(
        reverse("collectives:join_request", args=[request.pk]), {"decision": "approve"}, follow=True
    )
    assert response.status_code == 200
    assert "already a member" in response.text
    assert list(Membership.objects.all()) == [existing]
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.parametrize("who", ["non-member", "member", "wakefield coordinator"])
def test_only_the_collective_coordinators_deal_with_requests(client, kirklees, wakefield, who):
    user = UserFactory()
    if who == "member":
        MembershipFactory(collective=kirklees, user=user, is_chair=True)
    if who == "wakefield coordinator":
        wakefield.coordinators.add(user)
    client.force_login(user)
    request = join_request(kirklees)
    assert client.get(COORDINATE).status_code == (200 if who == "wakefield coordinator" else 404)
    assert (
        client.post(
            reverse("collectives:join_request", args=[request.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    request.refresh_from_db()
    assert request.status == "pending"
    assert not Membership.objects.filter(collective=kirklees, user__username="sam@example.org").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, kirklees):
    request = join_request(kirklees)
    assert client.get(COORDINATE)["Location"].startswith(reverse("login"))
    assert (
        client.post(
            reverse("collectives:join_request", args=[request.pk]), {"decision": "approve"}
        ).status_code
        == 302
    )
    assert not Membership.objects.exists()


# A valid address longer than a username can be (254 characters are allowed; usernames hold 150).
LONG_EMAIL = f"{'sam.jones' * 7}@{'b' * 63}.{'c' * 63}.example.org"


def test_a_long_but_valid_email_address_still_becomes_a_member(client, coordinator, kirklees, wakefield):
    """Approving used to make the address itself the username: over 150 characters, PostgreSQL
    refused it and the coordinator got a server error."""
    assert len(LONG_EMAIL) > 150
    request = join_request(kirklees, email=LONG_EMAIL)
    response = client.post(reverse("collectives:join_request", args=[request.pk]), {"decision": "approve"})
    assert response.status_code == 302
    member = Membership.objects.get(collective=kirklees).user
    assert member.email == LONG_EMAIL
    assert len(member.username) == 150 and member.username.startswith("sam.jones")
    (welcome,) = mail.outbox
    assert welcome.to == [LONG_EMAIL]
    assert f"Your username is {member.username}." in welcome.body

    # The same person approved into a second collective is the same login.
    wakefield.coordinators.add(coordinator)
    second = join_request(wakefield, email=LONG_EMAIL.upper())
    client.post(reverse("collectives:join_request", args=[second.pk]), {"decision": "approve"})
    assert Membership.objects.get(collective=wakefield).user == member
    assert User.objects.filter(email__iexact=LONG_EMAIL).count() == 1
