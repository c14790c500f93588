"""Handing out a wellbeing link: the partner shows it as a QR code or emails it. Only the people the
policy allows may, only by POST, and only while the questionnaire is waiting; a refusal is 404 and
leaves the current link as it was."""

import hashlib
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities.referrals import checkins, services
from activities.referrals.factories import ChampionProfileFactory, ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import Referral, WellbeingCheckIn
from activities.referrals.views.wellbeing import NO_EMAIL_MESSAGE, NOT_WAITING_MESSAGE
from partners.factories import CollectiveFactory, MembershipFactory, PartnerContactFactory, UserFactory
from partners.models import Locality

Status = WellbeingCheckIn.Status
TOKEN_IN_LINK = re.compile(r"/wellbeing/([^/\s\"<]+)/")


@pytest.fixture
def activity(make_activity):
    return make_activity("Sing for your mind in Huddersfield")


@pytest.fixture
def participant(activity):
    return ParticipantFactory(
        referral__activity=activity,
        referral__preferred_name="Morwenna",
        referral__email="morwenna@example.net",
        referral__support_needs="Needs a quiet seat near the door.",
        referral__note_for_partner="Prefers mornings; nervous in big groups.",
    )


@pytest.fixture
def check_in(participant):
    return WellbeingCheckInFactory(participant=participant, status=Status.WAITING, kind="baseline")


@pytest.fixture
def partner_user(activity):
    return PartnerContactFactory(partner=activity.partner).user


def qr_url(check_in):
    return reverse("participants:check_in_qr", args=[check_in.participant.public_id, check_in.public_id])


def email_url(check_in):
    return reverse("participants:check_in_email", args=[check_in.participant.public_id, check_in.public_id])


def detail_url(participant):
    return reverse("participants:detail", args=[participant.public_id])


def token_from(text: str) -> str:
    tokens = set(TOKEN_IN_LINK.findall(text))
    assert len(tokens) == 1, tokens
    return tokens.pop()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def assert_strong_token(token: str, check_in):
    # 32 random bytes, URL-safe base64: 43 characters, 256 bits.
    assert len(token) >= 43
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    check_in.refresh_from_db()
    assert check_in.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(getattr(check_in, field.attname)) for field in WellbeingCheckIn._meta.concrete_fields]
    assert not any(token in value for value in stored)


# -- showing a QR code -------------------------------------------------------------------


def test_the_partner_gets_a_qr_code_and_the_link_written_out(client, partner_user, check_in, participant):
    client.force_login(partner_user)

    response = client.post(qr_url(check_in))

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    svg = page.select_one("svg")
    assert svg is not None
    assert svg["role"] == "img"
    assert svg.select_one("path") is not None
    # No inline style: the content security policy would block it.
    assert "style=" not in response.text
    token = token_from(response.text)
    assert_strong_token(token, check_in)
    assert page.find("a", href=checkins.link_for(token)) is not None
    text = page.get_text(" ", strip=True)
    assert "Do not look at their answers" in text
    assert f"{timezone.localtime(check_in.token_expires_at):%-d %B %Y}" in text
    assert participant.code in text
    assert check_in.channel == WellbeingCheckIn.Channel.QR
    assert check_in.link_sent_at is not None
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "public" not in cache_control


def test_the_qr_link_opens_the_questionnaire(client, partner_user, check_in):
    client.force_login(partner_user)
    token = token_from(client.post(qr_url(check_in)).text)
    client.logout()

    response = client.get(reverse("wellbeing:answer", args=[token]))

    assert response.status_code == 200
    assert "Send my answers" in response.text


def test_a_new_code_replaces_the_old_link(client, partner_user, check_in):
    client.force_login(partner_user)
    first = token_from(client.post(qr_url(check_in)).text)
    second = token_from(client.post(qr_url(check_in)).text)

    assert first != second
    assert client.get(reverse("wellbeing:answer", args=[first])).status_code == 404
    assert client.get(reverse("wellbeing:answer", args=[second])).status_code == 200


def test_a_coordinator_of_the_locality_may_show_the_code(client, activity, check_in):
    coordinator = UserFactory()
    CollectiveFactory(locality=activity.locality).coordinators.add(coordinator)
    client.force_login(coordinator)

    assert client.post(qr_url(check_in)).status_code == 200
    check_in.refresh_from_db()
    assert check_in.token_hash is not None


def test_staff_who_may_view_referrals_may_show_the_code(client, check_in):
    staff = UserFactory()
    staff.user_permissions.add(
        Permission.objects.get(codename="view_referral", content_type__app_label="referrals")
    )
    client.force_login(staff)

    assert client.post(qr_url(check_in)).status_code == 200


# -- refusals ----------------------------------------------------------------------------


def _refused_user(name, participant):
    if name == "another partner's contact":
        return PartnerContactFactory().user
    if name == "the champion who referred them":
        return participant.referral.champion
    if name == "another champion":
        return ChampionProfileFactory().user
    if name == "a collective member":
        return MembershipFactory(collective=CollectiveFactory(locality=participant.activity.locality)).user
    if name == "a coordinator elsewhere":
        user = UserFactory()
        CollectiveFactory(locality=Locality.objects.get(slug="wakefield")).coordinators.add(user)
        return user
    raise AssertionError(name)


REFUSED = [
    "another partner's contact",
    "the champion who referred them",
    "another champion",
    "a collective member",
    "a coordinator elsewhere",
]


@pytest.mark.parametrize("url_for", [qr_url, email_url], ids=["qr", "email"])
@pytest.mark.parametrize("name", REFUSED)
def test_people_without_a_reason_get_not_found_and_no_link_is_issued(
    client, check_in, participant, name, url_for
):
    token = checkins.issue_link(check_in, channel=WellbeingCheckIn.Channel.EMAIL)
    check_in.refresh_from_db()
    before = (check_in.token_hash, check_in.token_expires_at, check_in.channel)
    mail.outbox.clear()
    client.force_login(_refused_user(name, participant))

    response = client.post(url_for(check_in))

    assert response.status_code == 404
    check_in.refresh_from_db()
    assert (check_in.token_hash, check_in.token_expires_at, check_in.channel) == before
    assert mail.outbox == []
    # The link the person already has still works.
    assert client.get(reverse("wellbeing:answer", args=[token])).status_code == 200


@pytest.mark.parametrize("url_for", [qr_url, email_url], ids=["qr", "email"])
def test_someone_signed_out_is_sent_to_sign_in_and_no_link_is_issued(client, check_in, url_for):
    response = client.post(url_for(check_in))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    check_in.refresh_from_db()
    assert check_in.token_hash is None
    assert mail.outbox == []


@pytest.mark.parametrize("url_name", ["participants:check_in_qr", "participants:check_in_email"])
def test_another_persons_check_in_is_not_found_at_this_address(
    client, partner_user, activity, participant, url_name
):
    # The partner may see both people, but a check-in is only found under its own participant.
    other = WellbeingCheckInFactory(
        participant=ParticipantFactory(referral__activity=activity), status=Status.WAITING, kind="baseline"
    )
    client.force_login(partner_user)

    response = client.post(reverse(url_name, args=[participant.public_id, other.public_id]))

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.token_hash is None
    assert mail.outbox == []


@pytest.mark.parametrize("url_for", [qr_url, email_url], ids=["qr", "email"])
def test_following_the_address_never_issues_a_link(client, partner_user, check_in, participant, url_for):
    client.force_login(partner_user)

    response = client.get(url_for(check_in))

    assert response.status_code == 302
    assert response.url == detail_url(participant)
    check_in.refresh_from_db()
    assert check_in.token_hash is None
    assert mail.outbox == []


@pytest.mark.parametrize("url_for", [qr_url, email_url], ids=["qr", "email"])
@pytest.mark.parametrize("status", [Status.ANSWERED, Status.DECLINED])
def test_a_finished_questionnaire_gets_a_message_and_no_new_link(
    client, partner_user, participant, url_for, status
):
    finished = WellbeingCheckInFactory(participant=participant, status=status, kind="baseline")
    client.force_login(partner_user)

    response = client.post(url_for(finished))

    assert response.status_code == 302
    assert response.url == detail_url(participant)
    assert messages_of(response) == [NOT_WAITING_MESSAGE]
    finished.refresh_from_db()
    assert finished.token_hash is None
    assert finished.status == status
    assert mail.outbox == []


# -- emailing the link -------------------------------------------------------------------


def test_the_partner_can_email_the_link(client, partner_user, check_in, participant, activity):
    client.force_login(partner_user)

    response = client.post(email_url(check_in))

    assert response.status_code == 302
    assert response.url == detail_url(participant)
    assert len(messages_of(response)) == 1
    assert messages_of(response)[0].startswith("We are emailing them a link")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["morwenna@example.net"]
    assert activity.title not in email.subject
    token = token_from(email.body)
    assert checkins.link_for(token) in email.body
    assert_strong_token(token, check_in)
    assert check_in.channel == WellbeingCheckIn.Channel.EMAIL
    assert "Hello Morwenna" in email.body
    assert "14 days" in email.body
    assert "I would rather not answer" in email.body
    # No health data in an email: not the support needs, the note, a code or a score.
    for secret in (
        participant.referral.support_needs,
        participant.referral.note_for_partner,
        "quiet seat",
        "nervous",
        participant.code,
        "score",
    ):
        assert secret not in email.body


def test_the_emailed_link_opens_the_questionnaire_and_works_once(client, partner_user, check_in):
    client.force_login(partner_user)
    client.post(email_url(check_in))
    client.logout()
    link = reverse("wellbeing:answer", args=[token_from(mail.outbox[0].body)])

    answered = client.post(link, {f"item_{n}": "4" for n in range(1, 8)} | {"action": "answer"})
    again = client.get(link)

    assert answered.status_code == 302
    assert again.status_code == 410
    check_in.refresh_from_db()
    assert check_in.raw_score == 28


def test_a_follow_up_email_says_it_is_a_follow_up(client, partner_user, participant):
    follow_up = WellbeingCheckInFactory(participant=participant, status=Status.WAITING, kind="follow_up")
    client.force_login(partner_user)

    client.post(email_url(follow_up))

    assert "for a while now" in mail.outbox[0].body
    assert "Welcome to" not in mail.outbox[0].body


def test_no_email_address_means_show_the_qr_code_instead(client, partner_user, activity):
    participant = ParticipantFactory(
        referral__activity=activity, referral__contact_method=Referral.ContactMethod.PHONE, referral__email=""
    )
    check_in = WellbeingCheckInFactory(participant=participant, status=Status.WAITING, kind="baseline")
    client.force_login(partner_user)

    response = client.post(email_url(check_in))

    assert response.status_code == 302
    assert response.url == detail_url(participant)
    assert messages_of(response) == [NO_EMAIL_MESSAGE]
    assert mail.outbox == []
    check_in.refresh_from_db()
    assert check_in.token_hash is None


def test_an_anonymised_referral_gets_no_email(client, partner_user, check_in, participant):
    services.anonymise(participant.referral)
    client.force_login(partner_user)

    response = client.post(email_url(check_in))

    assert messages_of(response) == [NO_EMAIL_MESSAGE]
    assert mail.outbox == []
    check_in.refresh_from_db()
    assert check_in.token_hash is None
