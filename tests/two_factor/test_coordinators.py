"""Coordinators' join requests (names and email addresses of people asking to join a collective) are
personal data: they open only after a second factor, like the referral pages. The members' own
collective pages hold no one's personal details and need no code."""

import pytest
from django.urls import reverse

from partners.factories import CollectiveFactory, MembershipFactory, UserFactory
from partners.models import JoinRequest, Locality
from tests.otp import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def kirklees():
    return CollectiveFactory(locality=Locality.objects.get(slug="kirklees"))


@pytest.fixture
def join_request(kirklees):
    return JoinRequest.objects.create(
        collective=kirklees, name="Sam Jones", email="sam@example.org", role="carer", why="To help."
    )


@pytest.fixture
def coordinator(kirklees):
    user = UserFactory()
    kirklees.coordinators.add(user)
    return user


def test_join_requests_ask_a_coordinator_for_a_second_factor_first(client, coordinator, join_request):
    client.force_login(coordinator)
    decide = reverse("collectives:join_request", kwargs={"pk": join_request.pk})

    listing = client.get(reverse("collectives:coordinate"))
    refused = client.post(decide, {"decision": "approve"})

    for response in (listing, refused):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_setup"))
        assert "no-store" in response["Cache-Control"]
    assert "Sam Jones" not in listing.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


def test_join_requests_open_once_the_coordinator_has_given_a_second_factor(client, coordinator, join_request):
    verified_login(client, coordinator)
    response = client.get(reverse("collectives:coordinate"))
    assert response.status_code == 200
    assert "Sam Jones" in response.content.decode()


def test_a_members_collective_pages_need_no_second_factor(client, kirklees):
    member = MembershipFactory(collective=kirklees).user
    client.force_login(member)
    assert client.get(reverse("collectives:dashboard")).status_code == 200
