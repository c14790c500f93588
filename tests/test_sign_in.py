"""Signing in: the front-end pages work, and django-axes throttles guessing (on for this file)."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from partners.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("throttling")]

PASSWORD = "a-long-demo-password"


@pytest.fixture
def throttling():
    with override_settings(AXES_ENABLED=True):
        yield


@pytest.fixture
def person():
    return UserFactory(username="sam", email="sam@example.org")


def sign_in(client, url, password):
    return client.post(url, {"username": "sam", "password": password}, REMOTE_ADDR="203.0.113.7")


@pytest.mark.parametrize("url", ["/account/login/", "/admin/login/"])
def test_five_wrong_passwords_lock_the_sign_in_for_an_hour(client, person, url):
    for _ in range(4):
        response = sign_in(client, url, "wrong")
        assert response.status_code == 200  # the form again, with its message
    locked = sign_in(client, url, "wrong")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    # Even the right password is refused while locked, so guessing gains nothing.
    again = sign_in(client, url, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_says_so_on_the_form(client, person):
    response = sign_in(client, "/account/login/", "wrong")
    assert response.status_code == 200
    assert "Your email or username and password do not match" in response.content.decode()


def test_the_right_password_signs_in_and_clears_earlier_failures(client, person):
    for _ in range(3):
        sign_in(client, "/account/login/", "wrong")
    response = sign_in(client, "/account/login/", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    client.post("/account/logout/")
    # The count started again after the success: four more failures still do not lock.
    for _ in range(4):
        assert sign_in(client, "/account/login/", "wrong").status_code == 200
    assert sign_in(client, "/account/login/", PASSWORD).status_code == 302


def test_another_address_is_not_locked_out_by_someone_elses_guessing(client, person):
    for _ in range(5):
        sign_in(client, "/account/login/", "wrong")
    response = client.post(
        "/account/login/", {"username": "sam", "password": PASSWORD}, REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 302


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_a_username_too_long_for_any_account_is_refused_on_the_form(client, person, length):
    """Django's AuthenticationForm never checked the length, and django-axes then tried to store
    the attempt: over 255 characters, PostgreSQL refused it and the page was a server error."""
    response = client.post(
        "/account/login/", {"username": "s" * length, "password": "wrong"}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Your email or username must be 150 characters or fewer") == 2  # summary and field
    assert "do not match" not in html  # nothing was looked up
    assert not AccessAttempt.objects.exists()


def test_empty_fields_say_what_to_enter(client, db):
    html = client.post("/account/login/", {"username": "", "password": ""}).content.decode()
    assert "Enter your email or username" in html and "Enter your password" in html
    assert "This field is required" not in html


@pytest.mark.parametrize("url", ["/_util/login/", "/account/login/"])
def test_no_sign_in_form_lets_a_long_username_break_the_record_of_attempts(client, person, url):
    """Wagtail's sign-in for private pages uses Django's AuthenticationForm as it is, so a long
    username reaches django-axes there; its record holds 255 characters (PostgreSQL refused more)."""
    response = client.post(url, {"username": "s" * 300, "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert all(len(username) <= 255 for username in AccessAttempt.objects.values_list("username", flat=True))
    if url == "/_util/login/":
        assert AccessAttempt.objects.get().username == "s" * 255
