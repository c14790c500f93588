"""Throttles key on the real visitor. Behind TRUSTED_PROXY_COUNT proxies the visitor's address comes
from X-Forwarded-For, so one person's guessing or flooding never locks out everyone behind the same
proxy; with no trusted proxy the header is ignored, so sending one gets round nothing."""

import itertools

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from activities.models import ActivityPage
from activities.referrals.models import Referral
from partners.factories import CollectiveFactory, UserFactory
from partners.models import JoinRequest, Locality
from tests.builders import ActivityMaker
from tests.partners.builders import page_form

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the TLS proxy in front of the site: every request arrives from it
PASSWORD = "a-long-demo-password"
JOIN = reverse("collectives:join")
RESET = reverse("password_reset")
LOCKED = "Too many attempts to sign in"
ASK_REFUSED = "We have had several requests from your connection in the last hour"
JOIN_REFUSED = "We have had several requests to join from your connection in the last hour"
RESET_REFUSED = "We have had several requests to reset a password from your connection in the last hour"
EMAIL_REFUSED = "We have had several requests to reset the password for this email address"


def through_proxy(address: str) -> dict:
    """What a request looks like after the proxy: its own address, the visitor's in the header."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def sign_in_throttled():
    with override_settings(AXES_ENABLED=True):
        yield


@pytest.fixture
def person(db):
    return UserFactory(username="sam", email="sam@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def activity(db):
    return ActivityMaker()("Sing for your mind", how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL)


@pytest.fixture
def collective(db):
    return CollectiveFactory(locality=Locality.objects.get(slug="kirklees"))


def sign_in(client, url, password, **meta):
    return client.post(url, {"username": "sam", "password": password}, **meta)


def ask_to_join(client, activity, name, **meta):
    url, data = page_form(client.get(reverse("ask_to_join", args=[activity.slug])), "preferred_name")
    data.update(preferred_name=name, contact_method="email", email="morwenna@example.net", consent_given="on")
    return client.post(url, data, **meta)


def join(client, name, **meta):
    data = {
        "locality": str(Locality.objects.get(slug="kirklees").pk),
        "name": name,
        "email": "sam.jones@example.org",
        "role": "carer",
        "why": "I care for my son and would like to help decide.",
    }
    return client.post(JOIN, data, **meta)


def reset(client, email, **meta):
    return client.post(RESET, {"email": email}, **meta)


# -- signing in -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("behind_one_proxy", "sign_in_throttled")
@pytest.mark.parametrize("url", ["/account/login/", "/admin/login/"])
def test_behind_a_proxy_five_wrong_passwords_lock_out_that_forwarded_address_only(client, person, url):
    for _ in range(4):
        assert sign_in(client, url, "wrong", **through_proxy("203.0.113.7")).status_code == 200
    assert LOCKED in sign_in(client, url, "wrong", **through_proxy("203.0.113.7")).text

    assert sign_in(client, url, PASSWORD, **through_proxy("203.0.113.7")).status_code == 429
    # The same person, from anywhere else, signs in: nobody can lock another out from afar.
    elsewhere = sign_in(client, url, PASSWORD, **through_proxy("198.51.100.9"))
    assert elsewhere.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


# -- every throttle, with no trusted proxy ------------------------------------------------------------


@pytest.mark.usefixtures("sign_in_throttled")
def test_with_no_trusted_proxy_a_forwarded_for_header_gets_round_no_limit(
    client, person, activity, collective, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.SELF_REFERRAL_LIMIT_PER_HOUR = settings.COLLECTIVE_JOIN_LIMIT_PER_HOUR = 2
    settings.PASSWORD_RESET_LIMIT_PER_HOUR = 2
    forged = (f"192.0.2.{n}" for n in itertools.count(1))

    def spoofing():
        """One visitor, claiming a new address every time."""
        return {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": next(forged)}

    for _ in range(5):
        sign_in(client, "/account/login/", "wrong", **spoofing())
    assert sign_in(client, "/account/login/", PASSWORD, **spoofing()).status_code == 429

    for number in range(2):
        assert ask_to_join(client, activity, f"Person {number}", **spoofing()).status_code == 302
    assert ASK_REFUSED in ask_to_join(client, activity, "One too many", **spoofing()).text

    for number in range(2):
        assert join(client, f"Person {number}", **spoofing()).status_code == 200
    assert join(client, "One too many", **spoofing()).status_code == 429

    for number in range(2):
        assert reset(client, f"person{number}@example.org", **spoofing()).status_code == 302
    assert reset(client, "one.too.many@example.org", **spoofing()).status_code == 429


# -- asking to join an activity -----------------------------------------------------------------------


@pytest.mark.usefixtures("behind_one_proxy")
def test_behind_a_proxy_the_ask_to_join_limit_counts_per_forwarded_address(client, activity, settings):
    settings.SELF_REFERRAL_LIMIT_PER_HOUR = 5
    for number in range(5):
        assert (
            ask_to_join(client, activity, f"Person {number}", **through_proxy("203.0.113.7")).status_code
            == 302
        )

    refused = ask_to_join(client, activity, "One too many", **through_proxy("203.0.113.7"))

    assert refused.status_code == 429
    assert ASK_REFUSED in refused.text
    assert ask_to_join(client, activity, "Elsewhere", **through_proxy("198.51.100.9")).status_code == 302
    assert Referral.objects.count() == 6


# -- joining a collective -----------------------------------------------------------------------------


@pytest.mark.usefixtures("behind_one_proxy")
def test_behind_a_proxy_the_join_limit_counts_per_forwarded_address_and_keeps_what_was_typed(
    client, collective, settings
):
    settings.COLLECTIVE_JOIN_LIMIT_PER_HOUR = 5
    for number in range(5):
        assert join(client, f"Person {number}", **through_proxy("203.0.113.7")).status_code == 200

    refused = join(client, "One too many", **through_proxy("203.0.113.7"))

    assert refused.status_code == 429
    assert JOIN_REFUSED in refused.text
    assert "<title>Error: " in refused.text
    assert 'value="One too many"' in refused.text
    assert 'value="sam.jones@example.org"' in refused.text
    assert "I care for my son and would like to help decide." in refused.text
    assert JoinRequest.objects.count() == 5
    assert join(client, "Elsewhere", **through_proxy("198.51.100.9")).status_code == 200
    assert JoinRequest.objects.count() == 6


@pytest.mark.usefixtures("behind_one_proxy", "sign_in_throttled")
def test_requests_with_no_usable_address_share_one_allowance_and_never_fail(
    client, person, collective, settings
):
    settings.COLLECTIVE_JOIN_LIMIT_PER_HOUR = 2
    no_address = {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "not an address"}
    unix_socket = {"REMOTE_ADDR": "unix:/run/gunicorn.sock"}

    assert join(client, "First", **no_address).status_code == 200
    assert join(client, "Second", **unix_socket).status_code == 200
    assert join(client, "Third", **no_address).status_code == 429

    for _ in range(4):
        assert sign_in(client, "/account/login/", "wrong", **unix_socket).status_code == 200
    assert LOCKED in sign_in(client, "/account/login/", "wrong", **no_address).text
    assert sign_in(client, "/account/login/", PASSWORD, **through_proxy("198.51.100.9")).status_code == 302


# -- password reset -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("behind_one_proxy")
def test_behind_a_proxy_the_password_reset_limit_counts_per_forwarded_address(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_HOUR = 3
    for number in range(3):
        assert reset(client, f"person{number}@example.org", **through_proxy("203.0.113.7")).status_code == 302

    refused = reset(client, "someone.else@example.org", **through_proxy("203.0.113.7"))

    assert refused.status_code == 429
    assert RESET_REFUSED in refused.text
    assert 'value="someone.else@example.org"' in refused.text
    assert reset(client, "someone.else@example.org", **through_proxy("198.51.100.9")).status_code == 302


@pytest.mark.usefixtures("behind_one_proxy")
def test_the_per_email_limit_holds_whichever_address_the_requests_come_from(client, person, settings):
    settings.PASSWORD_RESET_EMAIL_LIMIT_PER_HOUR = 3
    for number in range(3):
        assert reset(client, "sam@example.org", **through_proxy(f"203.0.113.{number}")).status_code == 302

    refused = reset(client, "SAM@example.org", **through_proxy("198.51.100.9"))

    assert refused.status_code == 429
    assert EMAIL_REFUSED in refused.text
    assert '<a href="#id_email">' in refused.text, "the message is on the email field"
    assert 'value="SAM@example.org"' in refused.text
    assert len(mail.outbox) == 3
    assert reset(client, "someone.else@example.org", **through_proxy("198.51.100.9")).status_code == 302
