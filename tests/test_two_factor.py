"""The admin opens only after a code from an authenticator app (on for this file)."""

import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("codes_required")]


@pytest.fixture
def codes_required():
    with override_settings(ADMIN_TWO_FACTOR_REQUIRED=True):
        yield


@pytest.fixture
def staff(client):
    user = UserFactory(username="staffer", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_the_admin_refuses_a_staff_user_without_a_verified_device(client, staff):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/setup/?next=%2Fadmin%2F")
    # Nothing of the admin was shown, whatever the page.
    assert client.get("/admin/pages/").status_code == 302
    assert client.get("/admin/activities/?export=csv").status_code == 302


def test_setting_up_an_app_then_giving_its_code_opens_the_admin(client, staff):
    page = client.get("/account/two-factor/setup/?next=/admin/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and "<path" in page.content.decode()  # a drawable QR code
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post("/account/two-factor/setup/", {"code": "000000", "next": "/admin/"})
    assert "That code did not work" in wrong.content.decode()

    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes django-otp wait before the next try
    done = client.post("/account/two-factor/setup/", {"code": current_code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_confirmed_device_still_needs_a_code_each_session(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = client.get("/admin/")
    assert response["Location"].startswith("/account/two-factor/?next=")
    bad = client.post("/account/two-factor/", {"code": "12ab56", "next": "/admin/"})
    assert "The code is 6 numbers" in bad.content.decode()
    wrong = client.post("/account/two-factor/", {"code": "000000", "next": "/admin/"})
    assert "That code did not work" in wrong.content.decode()
    too_soon = client.post("/account/two-factor/", {"code": current_code(device), "next": "/admin/"})
    assert "Too many wrong codes" in too_soon.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    good = client.post("/account/two-factor/", {"code": current_code(device), "next": "/admin/"})
    assert good["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_next_address_cannot_send_people_to_another_site(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = client.post(
        "/account/two-factor/", {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_members_pages_and_the_public_site_need_no_code(client):
    member = UserFactory(username="member-only")
    client.force_login(member)
    assert client.get("/account/").status_code == 200
    assert client.get("/account/two-factor/").status_code == 404  # not for non-staff
    client.logout()
    assert client.get("/").status_code == 200


def test_the_admin_sign_in_page_itself_is_open(client):
    assert client.get("/admin/login/").status_code == 200
