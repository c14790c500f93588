"""Staff reset a person's two-factor sign-in (a lost phone): from Settings > Users, with a confirm
step, audited, and the person is emailed. Nobody else can."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from creative_minds.two_factor import services
from partners.factories import PartnerContactFactory, UserFactory
from tests.otp import last_emailed_code, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    """A partner contact who lost the phone with their app on it."""
    user = PartnerContactFactory(user__email="pat@holmfirth.example", user__first_name="Pat").user
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    EmailDevice.objects.create(user=user, name="Email", confirmed=True)
    services.replace_backup_codes(user=user)
    return user


@pytest.fixture
def superuser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    verified_login(client, user)
    return user


def reset_url(user) -> str:
    return reverse("two_factor_reset", args=[user.pk])


def admin_user(*codenames, **fields):
    user = UserFactory(is_staff=True, **fields)
    user.user_permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def test_staff_confirm_then_reset_and_the_person_starts_again_with_an_emailed_code(
    client, superuser, person, django_capture_on_commit_callbacks
):
    confirm = client.get(reset_url(person))
    assert confirm.status_code == 200
    assert "This removes every way" in confirm.text and "Backup codes: 10 left" in confirm.text
    assert user_has_device(person)  # asking is not doing

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reset_url(person))

    assert done["Location"] == reverse("wagtailusers_users:index")
    assert not user_has_device(person, confirmed=None)
    entry = ModelLogEntry.objects.get(action="two_factor.reset")
    assert (entry.object_id, entry.user_id) == (str(person.pk), superuser.pk)
    assert entry.data == {"removed": {"app": 1, "email": 1, "backup": 1}}
    [notice] = mail.outbox
    assert notice.to == ["pat@holmfirth.example"]
    assert notice.subject == "Your Creative Minds two-factor sign-in was reset"
    assert "If you did not ask for this, reply to this email" in notice.body

    # Their next protected page starts setting up again, which needs a code sent to their email.
    client.force_login(person)
    assert client.get("/referrals/")["Location"] == "/account/two-factor/setup/?next=%2Freferrals%2F"
    client.post("/account/two-factor/setup/", {"action": "send"})
    client.post("/account/two-factor/setup/", {"code": last_emailed_code(person.email)})
    client.post("/account/two-factor/setup/choose/", {"method": "email"})
    assert client.get("/referrals/").status_code == 200


def test_a_session_verified_before_the_reset_loses_its_second_factor(client, person):
    device = TOTPDevice.objects.get(user=person)
    verified_login(client, person, device)
    assert client.get("/referrals/").status_code == 200

    services.reset_devices(person=person, by=UserFactory(is_superuser=True))

    assert client.get("/referrals/")["Location"].startswith("/account/two-factor/setup/")


def test_staff_who_may_change_users_reset_others_but_not_a_superuser(client, person):
    staff = admin_user("change_user", "view_user")
    verified_login(client, staff)
    a_superuser = UserFactory(is_superuser=True)
    TOTPDevice.objects.create(user=a_superuser, name="Phone", confirmed=True)

    listing = client.get(reverse("wagtailusers_users:index"))
    assert reset_url(person) in listing.text
    assert reset_url(a_superuser) not in listing.text

    assert client.post(reset_url(person)).status_code == 302
    assert not user_has_device(person)
    assert client.post(reset_url(a_superuser)).status_code == 404
    assert user_has_device(a_superuser)


@pytest.mark.parametrize("who", ["editor", "partner", "the person themselves"])
def test_anyone_else_is_refused_and_nothing_changes(client, person, who):
    if who == "editor":
        actor = admin_user()
        actor.groups.add(Group.objects.get(name="Editors"))
    elif who == "partner":
        actor = PartnerContactFactory().user
    else:
        actor = person
    verified_login(client, actor)

    for response in (client.get(reset_url(person)), client.post(reset_url(person))):
        if who == "editor":
            assert response.status_code == 404
        else:
            # No admin access at all: Wagtail sends them to its sign-in page.
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))

    assert user_has_device(person) and TOTPDevice.objects.filter(user=person).exists()
    assert not ModelLogEntry.objects.filter(action="two_factor.reset").exists()
    assert not mail.outbox


def test_a_missing_user_and_a_refused_one_look_the_same(client):
    verified_login(client, admin_user())

    assert client.get(reverse("two_factor_reset", args=[999_999])).status_code == 404
    assert client.get(reset_url(UserFactory())).status_code == 404


def test_staff_must_give_their_own_second_factor_first(client, person):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(reset_url(person))

    assert response["Location"].startswith("/account/two-factor/setup/")
    assert user_has_device(person)
