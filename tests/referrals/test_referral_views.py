"""The referral journey through its pages: a champion refers someone, a person asks to join, the
partner moves the referral on and keeps the register, and people withdraw consent. Forms are
posted as the page shows them (tests.partners.builders.page_form)."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from activities.models import ActivityPage
from activities.referrals import consent, selectors
from activities.referrals.factories import (
    ChampionProfileFactory,
    ParticipantFactory,
    ReferralFactory,
    WellbeingCheckInFactory,
)
from activities.referrals.models import Attendance, ConsentRecord, Participant, Referral, WellbeingCheckIn
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import date_input, session
from tests.partners.builders import log_entries, page_form
from tests.referrals.emails import assert_no_health_data

pytestmark = pytest.mark.django_db

Status = Referral.Status
CODE = re.compile(r"^CM-[23456789A-HJKMNP-Z]{4}-[23456789A-HJKMNP-Z]{4}$")
TODAY = timezone.localdate


@pytest.fixture
def partner(db):
    return PartnerPageFactory(home=Locality.objects.get(slug="kirklees"), title="Dewsbury Arts Collective")


@pytest.fixture
def activity(make_activity, partner):
    return make_activity(
        "Sing for your mind",
        partner=partner,
        how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
        sessions=[session("mon", "10:00", valid_from=datetime.date(2025, 1, 6))],
    )


@pytest.fixture
def contact(partner):
    """The partner's login, with an email address for notices."""
    user = UserFactory(first_name="Pat", last_name="Organiser", email="pat@partner.example")
    return PartnerContactFactory(partner=partner, user=user).user


@pytest.fixture
def champion(db):
    user = UserFactory(first_name="Chidi", last_name="Okafor", email="chidi@trust.example")
    return ChampionProfileFactory(user=user).user


@pytest.fixture
def referral(activity, champion):
    """An open referral, as the champion sent it."""
    return ReferralFactory(
        activity=activity,
        champion=champion,
        preferred_name="Morwenna",
        email="morwenna@example.net",
        support_needs="Step-free access, please.",
        note_for_partner="Nervous about groups.",
    )


def errors_on(response) -> dict[str, list[str]]:
    """Each message in the error summary, by the field it links to, as a reader would see them."""
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.select_one(".nhsuk-error-summary")
    assert summary is not None, "no error summary on the page"
    found: dict[str, list[str]] = {}
    for link in summary.select("a"):
        found.setdefault(link["href"].lstrip("#"), []).append(link.get_text(strip=True))
    # Every message is also shown next to its field.
    inline = [
        message.get_text(" ", strip=True).removeprefix("Error: ")
        for message in page.select(".nhsuk-error-message")
    ]
    assert sorted(inline) == sorted(message for messages in found.values() for message in messages)
    return found


def history(referral) -> list[tuple]:
    return list(referral.status_changes.values_list("from_status", "to_status", "changed_by", "reason"))


# -- a champion's referral -------------------------------------------------------------------


def referral_form(client, activity, **changes):
    url, data = page_form(client.get(reverse("referrals:new", args=[activity.slug])), "preferred_name")
    return url, {**data, **changes}


VALID = {
    "preferred_name": "Morwenna",
    "contact_method": "phone",
    "phone": "07700900123",
    "support_needs": "Step-free access, please.",
    "note_for_partner": "Nervous about groups.",
    "champion_attends_first": "on",
    "consent_given": "on",
}


def test_a_champion_refers_someone_and_the_partner_is_emailed_once(
    client, activity, contact, champion, django_capture_on_commit_callbacks
):
    client.force_login(champion)
    url, data = referral_form(client, activity, **VALID)
    assert data["consent_version"] == consent.current_version(ConsentRecord.Purpose.REFERRAL_CONTACT)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.public_id])
    assert (referral.status, referral.source, referral.champion, referral.activity) == (
        Status.SENT,
        Referral.Source.CHAMPION,
        champion,
        activity,
    )
    assert (referral.preferred_name, referral.contact_method, referral.phone, referral.email) == (
        "Morwenna",
        "phone",
        "07700 900123",  # kept one way, in groups people can read
        "",
    )
    assert referral.champion_attends_first is True
    assert history(referral) == [("", Status.SENT, champion.pk, "")]
    record = referral.consents.get()
    assert record.purpose == ConsentRecord.Purpose.REFERRAL_CONTACT
    assert record.wording_version == consent.current_version(ConsentRecord.Purpose.REFERRAL_CONTACT)
    assert record.given_by == ConsentRecord.GivenBy.PERSON_TO_CHAMPION
    assert record.recorded_by == champion
    assert record.withdrawn_at is None
    assert log_entries("activities.referral_sent", referral).get().user == champion

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["pat@partner.example"]
    assert notice.subject == "New referral for Sing for your mind"
    assert reverse("referrals:detail", args=[referral.public_id]) in notice.body
    assert_no_health_data(notice, referral)

    page = client.get(response["Location"])
    assert "Referral sent. Dewsbury Arts Collective has been emailed" in page.text
    assert "Morwenna" in page.text


def test_an_empty_referral_form_says_what_is_missing_and_saves_nothing(client, activity, contact, champion):
    client.force_login(champion)
    url, data = referral_form(client, activity)

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert errors_on(response) == {
        "id_preferred_name": ["Enter the name they like to be called"],
        "id_contact_method_0": ["Choose how they would like to be contacted"],
        "id_consent_given": ["Confirm that they agreed to share their details"],
    }
    assert "<title>Error: " in response.text
    assert not Referral.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": ""}, "id_phone", "Enter a phone number, or choose email instead"),
        ({"phone": "12345"}, "id_phone", "Enter a UK phone number, like 07700 900123 or 01484 123456"),
        (
            {"phone": "+1 212 555 0100"},
            "id_phone",
            "Enter a UK phone number, like 07700 900123 or 01484 123456",
        ),
        (
            {"contact_method": "email", "email": ""},
            "id_email",
            "Enter an email address, or choose phone instead",
        ),
        (
            {"contact_method": "email", "email": "morwenna.example.net"},
            "id_email",
            "Enter an email address like name@example.com",
        ),
        ({"note_for_partner": "x" * 501}, "id_note_for_partner", "The note must be 500 characters or fewer"),
        ({"consent_given": None}, "id_consent_given", "Confirm that they agreed to share their details"),
    ],
    ids=[
        "phone-empty",
        "phone-invalid",
        "phone-not-uk",
        "email-empty",
        "email-invalid",
        "long-note",
        "no-consent",
    ],
)
def test_each_mistake_in_a_referral_gets_its_own_message(client, activity, champion, changes, field, message):
    client.force_login(champion)
    url, data = referral_form(client, activity, **VALID)
    data.update(changes)
    data = {name: value for name, value in data.items() if value is not None}  # None: an unticked box

    response = client.post(url, data)

    assert response.status_code == 200
    assert errors_on(response) == {field: [message]}
    assert not Referral.objects.exists()
    # What they typed is still there to correct.
    assert 'value="Morwenna"' in response.text


def test_a_note_of_exactly_500_characters_is_fine(client, activity, champion):
    client.force_login(champion)
    url, data = referral_form(client, activity, **{**VALID, "note_for_partner": "x" * 500})

    assert client.post(url, data).status_code == 302
    assert len(Referral.objects.get().note_for_partner) == 500


def test_a_bad_phone_number_is_ignored_when_they_chose_email(client, activity, champion):
    client.force_login(champion)
    url, data = referral_form(
        client,
        activity,
        **{**VALID, "contact_method": "email", "email": "morwenna@example.net", "phone": "nope"},
    )

    response = client.post(url, data)

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.contact_method, referral.email, referral.phone) == ("email", "morwenna@example.net", "")


def test_a_tampered_consent_version_is_refused(client, activity, champion):
    client.force_login(champion)
    url, data = referral_form(client, activity, **{**VALID, "consent_version": "1999-01"})

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Read the consent wording again and confirm" in response.text
    assert not Referral.objects.exists()


@pytest.mark.parametrize("who", ["partner contact", "signed-in user"])
def test_only_champions_can_refer(client, activity, contact, who):
    client.force_login(contact if who == "partner contact" else UserFactory())
    url = reverse("referrals:new", args=[activity.slug])

    assert client.get(url).status_code == 404
    assert client.post(url, {**VALID, "consent_version": "2026-11"}).status_code == 404
    assert not Referral.objects.exists()


def test_nobody_can_refer_to_an_unpublished_activity(client, activity, champion):
    activity.unpublish()
    client.force_login(champion)
    url = reverse("referrals:new", args=[activity.slug])

    assert client.get(url).status_code == 404
    assert client.post(url, {**VALID, "consent_version": "2026-11"}).status_code == 404
    assert not Referral.objects.exists()


# -- moving a referral along -----------------------------------------------------------------


def move(client, referral, status, **extra):
    return client.post(reverse("referrals:status", args=[referral.public_id]), {"status": status, **extra})


def last_monday() -> datetime.date:
    """The activity's last session before today (it meets every Monday): 1 to 7 days ago."""
    return TODAY() - datetime.timedelta(days=TODAY().weekday() or 7)


def offered(response) -> list[str]:
    form = response.context["status_form"]
    return [] if form is None else [value for value, _ in form.fields["status"].choices]


def test_the_partner_acknowledges_contacts_and_marks_joined(
    client, referral, contact, champion, django_capture_on_commit_callbacks
):
    client.force_login(contact)
    detail = reverse("referrals:detail", args=[referral.public_id])
    assert offered(client.get(detail)) == ["acknowledged", "contacted", "joined", "not_taken_up", "withdrawn"]

    response = move(client, referral, "acknowledged")
    assert response.status_code == 302 and response["Location"] == detail
    referral.refresh_from_db()
    assert referral.status == Status.ACKNOWLEDGED
    assert referral.acknowledged_at is not None
    assert offered(client.get(detail)) == ["contacted", "joined", "not_taken_up", "withdrawn"]

    assert move(client, referral, "contacted").status_code == 302
    assert offered(client.get(detail)) == ["joined", "not_taken_up", "withdrawn"]
    # They came to the last Monday session (the activity meets on Mondays), after being referred last week.
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - datetime.timedelta(days=7))
    joined_on = last_monday()
    with django_capture_on_commit_callbacks(execute=True):
        response = move(client, referral, "joined", first_session=joined_on.isoformat())
    assert response.status_code == 302

    referral.refresh_from_db()
    assert referral.status == Status.JOINED
    assert referral.closed_at is not None
    participant = Participant.objects.get(referral=referral)
    assert CODE.match(participant.code), participant.code
    assert (participant.activity, participant.joined_on) == (referral.activity, joined_on)
    assert list(participant.attendances.values_list("session_date", "recorded_by")) == [
        (joined_on, contact.pk)
    ]
    check_ins = list(participant.check_ins.order_by("due_on").values_list("kind", "due_on", "status"))
    assert check_ins == [
        (WellbeingCheckIn.Kind.BASELINE, joined_on, WellbeingCheckIn.Status.WAITING),
        (
            WellbeingCheckIn.Kind.FOLLOW_UP,
            joined_on + datetime.timedelta(weeks=12),
            WellbeingCheckIn.Status.WAITING,
        ),
    ]
    assert history(referral) == [
        ("", Status.SENT, champion.pk, ""),
        (Status.SENT, Status.ACKNOWLEDGED, contact.pk, ""),
        (Status.ACKNOWLEDGED, Status.CONTACTED, contact.pk, ""),
        (Status.CONTACTED, Status.JOINED, contact.pk, ""),
    ]
    # They gave an email address, so the baseline questionnaire is on its way to them; the champion
    # heard once, the first time it moved on that day (tests/referrals/test_status_notices.py).
    assert [message.to for message in mail.outbox] == [["chidi@trust.example"], ["morwenna@example.net"]]
    for message in mail.outbox:
        assert_no_health_data(message, referral)

    page = client.get(detail)
    assert "Referral marked as joined." in page.text
    assert participant.code in page.text
    assert reverse("participants:detail", args=[participant.public_id]) in page.text


def test_a_joined_referral_makes_one_participant_however_often_it_is_sent(client, referral, contact):
    client.force_login(contact)
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - datetime.timedelta(days=7))
    first_session = {"first_session": last_monday().isoformat()}

    assert move(client, referral, "joined", **first_session).status_code == 302
    # The same form sent again (a double tap): the referral is closed now, so nothing changes.
    assert move(client, referral, "joined", **first_session).status_code == 404

    participant = Participant.objects.get(referral=referral)
    assert participant.joined_on == last_monday()
    assert participant.check_ins.count() == 2
    assert participant.attendances.count() == 1


def test_joining_on_a_date_in_the_future_is_refused(client, referral, contact):
    client.force_login(contact)

    response = move(
        client, referral, "joined", **date_input("joined_on", TODAY() + datetime.timedelta(days=1))
    )

    assert response.status_code == 400
    assert errors_on(response) == {
        "id_joined_on_0": ["The date of their first session must be today or in the past"]
    }
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    assert not Participant.objects.exists()


def test_not_taken_up_needs_a_reason(client, referral, contact):
    client.force_login(contact)

    response = move(client, referral, "not_taken_up")

    assert response.status_code == 400
    assert errors_on(response) == {"id_reason": ["Choose why they did not take it up"]}
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    assert len(history(referral)) == 1

    assert move(client, referral, "not_taken_up", reason="no_reply").status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.not_taken_up_reason) == (Status.NOT_TAKEN_UP, "no_reply")
    assert referral.closed_at is not None
    assert history(referral)[-1] == (Status.SENT, Status.NOT_TAKEN_UP, contact.pk, "no_reply")
    assert (
        "We could not get in touch" in client.get(reverse("referrals:detail", args=[referral.public_id])).text
    )


def test_a_champion_can_only_withdraw_their_referral(client, referral, champion):
    client.force_login(champion)
    detail = reverse("referrals:detail", args=[referral.public_id])
    page = client.get(detail)
    assert offered(page) == ["withdrawn"]
    # With one choice there is nothing to give a reason or a date for.
    assert 'name="reason"' not in page.text and 'name="joined_on_day"' not in page.text

    for status in ("acknowledged", "contacted", "joined"):
        assert move(client, referral, status).status_code == 400
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    assert not Participant.objects.exists()

    assert move(client, referral, "withdrawn").status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    assert referral.closed_at is not None
    assert referral.acknowledged_at is None  # withdrawing is not the partner hearing of it
    assert history(referral)[-1] == (Status.SENT, Status.WITHDRAWN, champion.pk, "")


@pytest.mark.parametrize("closed", [Status.JOINED, Status.NOT_TAKEN_UP, Status.WITHDRAWN])
def test_a_closed_referral_offers_no_changes(client, referral, contact, champion, closed):
    Referral.objects.filter(pk=referral.pk).update(status=closed, closed_at=timezone.now())
    detail = reverse("referrals:detail", args=[referral.public_id])

    for user in (contact, champion):
        client.force_login(user)
        page = client.get(detail)
        assert page.status_code == 200
        assert page.context["status_form"] is None
        assert "Update this referral" not in page.text
        assert reverse("referrals:status", args=[referral.public_id]) not in page.text
        for status in ("acknowledged", "contacted", "joined", "withdrawn"):
            assert move(client, referral, status).status_code == 404
    referral.refresh_from_db()
    assert referral.status == closed
    assert len(history(referral)) == 1


def test_the_history_says_who_did_what_and_when(client, referral, contact, champion):
    client.force_login(contact)
    move(client, referral, "acknowledged")
    move(client, referral, "not_taken_up", reason="changed_mind")

    page = BeautifulSoup(
        client.get(reverse("referrals:detail", args=[referral.public_id])).content, "html.parser"
    )

    today = f"{TODAY():%-d %B %Y}"
    lines = [" ".join(item.get_text().split()) for item in page.select("#history li")]
    assert len(lines) == 3
    assert lines[0].startswith("Sent:") and lines[0].endswith("by Chidi Okafor")
    assert lines[1].startswith("Acknowledged:") and lines[1].endswith("by Pat Organiser")
    assert lines[2].startswith("Not taken up (they decided not to come):")
    assert lines[2].endswith("by Pat Organiser")
    assert all(today in line for line in lines)


def test_a_self_referral_history_says_it_came_online(client, activity, contact):
    referral = ReferralFactory(activity=activity, champion=None, source=Referral.Source.SELF)
    client.force_login(contact)

    page = BeautifulSoup(
        client.get(reverse("referrals:detail", args=[referral.public_id])).content, "html.parser"
    )

    assert " ".join(page.select_one("#history li").get_text().split()).endswith(", online")


# -- asking to join --------------------------------------------------------------------------


def ask_form(client, activity, **changes):
    response = client.get(reverse("ask_to_join", args=[activity.slug]))
    assert response.status_code == 200
    url, data = page_form(response, "preferred_name")
    return url, {**data, **changes}


ASK = {
    "preferred_name": "Morwenna",
    "contact_method": "email",
    "email": "morwenna@example.net",
    "support_needs": "Someone to meet me at the door.",
    "consent_given": "on",
}


def test_someone_asks_to_join_and_is_sent_a_confirmation(
    client, activity, contact, django_capture_on_commit_callbacks
):
    url, data = ask_form(client, activity, **ASK)
    assert data["website"] == ""  # the hidden field people never fill in

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("ask_to_join_sent", args=[activity.slug])
    referral = Referral.objects.get()
    assert (referral.source, referral.champion, referral.status) == (Referral.Source.SELF, None, Status.SENT)
    assert (referral.preferred_name, referral.email, referral.phone) == (
        "Morwenna",
        "morwenna@example.net",
        "",
    )
    assert referral.support_needs == "Someone to meet me at the door."
    assert history(referral) == [("", Status.SENT, None, "")]
    record = referral.consents.get()
    assert (record.given_by, record.recorded_by, record.wording_version) == (
        ConsentRecord.GivenBy.PERSON_ONLINE,
        None,
        consent.current_version(ConsentRecord.Purpose.REFERRAL_CONTACT),
    )

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("morwenna@example.net",), ("pat@partner.example",)}
    confirmation = by_recipient[("morwenna@example.net",)]
    assert confirmation.subject == "We have passed on your request to join Sing for your mind"
    assert "Dewsbury Arts Collective" in confirmation.body
    for message in mail.outbox:
        assert_no_health_data(message, referral)

    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert "Request sent" in sent.text


def test_a_filled_in_honeypot_pretends_to_succeed_and_saves_nothing(
    client, activity, contact, django_capture_on_commit_callbacks
):
    url, data = ask_form(client, activity, **ASK, website="https://cheap-pills.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("ask_to_join_sent", args=[activity.slug])
    assert not Referral.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not mail.outbox


def test_a_mistake_in_asking_to_join_is_explained_in_the_second_person(client, activity):
    url, data = ask_form(client, activity)

    response = client.post(url, data)

    assert response.status_code == 200
    assert errors_on(response) == {
        "id_preferred_name": ["Enter the name you would like to be called"],
        "id_contact_method_0": ["Choose how you would like to be contacted"],
        "id_consent_given": ["Confirm that you agree to us sharing your details with the group"],
    }
    assert not Referral.objects.exists()


def test_the_sixth_request_in_an_hour_from_one_address_is_turned_away_politely(client, activity, settings):
    limit = settings.SELF_REFERRAL_LIMIT_PER_HOUR = 5
    url, data = ask_form(client, activity, **ASK)
    for number in range(limit):
        assert client.post(url, {**data, "preferred_name": f"Person {number}"}).status_code == 302

    response = client.post(url, {**data, "preferred_name": "One too many"})

    assert response.status_code == 429
    assert "We have had several requests from your connection in the last hour" in response.text
    assert 'value="One too many"' in response.text  # what they typed is kept
    assert 'value="morwenna@example.net"' in response.text
    assert Referral.objects.count() == limit
    # Someone else, on another connection, can still ask.
    assert (
        client.post(url, {**data, "preferred_name": "Elsewhere"}, REMOTE_ADDR="192.0.2.7").status_code == 302
    )
    assert Referral.objects.count() == limit + 1


@pytest.mark.parametrize("how_to_join", [ActivityPage.HowToJoin.TURN_UP, ActivityPage.HowToJoin.REFERRAL])
def test_activities_that_do_not_take_requests_have_no_ask_to_join_page(client, activity, how_to_join):
    activity.how_to_join = how_to_join
    activity.save_revision().publish()

    for name in ("ask_to_join", "ask_to_join_sent"):
        assert client.get(reverse(name, args=[activity.slug])).status_code == 404
    assert client.post(reverse("ask_to_join", args=[activity.slug]), ASK).status_code == 404
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("how_to_join", "button"),
    [
        (ActivityPage.HowToJoin.SELF_REFERRAL, True),
        (ActivityPage.HowToJoin.BOOK, True),
        (ActivityPage.HowToJoin.TURN_UP, False),
        (ActivityPage.HowToJoin.REFERRAL, False),
    ],
)
def test_the_activity_page_offers_ask_to_join_only_when_it_welcomes_requests(
    client, activity, how_to_join, button
):
    activity.how_to_join = how_to_join
    activity.save_revision().publish()

    page = BeautifulSoup(client.get(activity.url).content, "html.parser")

    link = page.find("a", href=reverse("ask_to_join", args=[activity.slug]))
    assert (link is not None) == button
    if button:
        assert link.get_text(" ", strip=True).startswith("Ask to join")


# -- the attendance register -----------------------------------------------------------------


@pytest.fixture
def session_date(activity):
    return selectors.recent_session_dates(activity)[0]


def register_url(activity, day) -> str:
    return reverse(
        "attendance:register", args=[activity.slug, day.isoformat() if hasattr(day, "isoformat") else day]
    )


def test_the_register_ticks_and_unticks_in_one_go(client, activity, contact, session_date):
    ada, ben, cal = (
        ParticipantFactory(referral__activity=activity, referral__preferred_name=name)
        for name in ("Ada", "Ben", "Cal")
    )
    Attendance.objects.create(participant=ada, session_date=session_date)
    client.force_login(contact)
    page = client.get(register_url(activity, session_date))
    assert [row["participant"] for row in page.context["rows"]] == [ada, ben, cal]
    assert [row["present"] for row in page.context["rows"]] == [True, False, False]

    response = client.post(
        register_url(activity, session_date), {"present": [str(ben.public_id), str(cal.public_id)]}
    )

    assert response.status_code == 302
    assert response["Location"] == register_url(activity, session_date)
    ticked = set(
        Attendance.objects.filter(session_date=session_date).values_list("participant", "recorded_by")
    )
    assert ticked == {(ben.pk, contact.pk), (cal.pk, contact.pk)}
    entry = PageLogEntry.objects.get(page=activity, action="activities.attendance_recorded")
    assert entry.user == contact
    assert entry.data == {"session_date": session_date.isoformat(), "added": 2, "removed": 1}
    assert "saved (2 added, 1 removed)" in client.get(response["Location"]).text


def test_nobody_else_can_be_ticked_even_by_sending_their_id(
    client, activity, contact, session_date, make_activity
):
    ours = ParticipantFactory(referral__activity=activity)
    # The same partner's other activity: someone the user may see, but not on this register.
    other_activity = make_activity("Paint and chat", partner=activity.partner)
    theirs = ParticipantFactory(referral__activity=other_activity)
    latecomer = ParticipantFactory(
        referral__activity=activity, joined_on=session_date + datetime.timedelta(days=1)
    )
    client.force_login(contact)

    response = client.post(
        register_url(activity, session_date),
        {"present": [str(ours.public_id), str(theirs.public_id), str(latecomer.public_id), "not-an-id"]},
    )

    assert response.status_code == 302
    assert list(Attendance.objects.values_list("participant", "session_date")) == [(ours.pk, session_date)]
    page = client.get(register_url(activity, session_date))
    assert [row["participant"] for row in page.context["rows"]] == [ours]  # they had not joined by then


@pytest.mark.parametrize("day", ["tomorrow", "2026-02-30", "yesterday", "26-11-2026", "2026-13-01"])
def test_a_register_for_a_future_or_made_up_date_is_not_found(client, activity, contact, day):
    if day == "tomorrow":
        day = (TODAY() + datetime.timedelta(days=1)).isoformat()
    participant = ParticipantFactory(referral__activity=activity)
    client.force_login(contact)

    assert client.get(register_url(activity, day)).status_code == 404
    assert (
        client.post(register_url(activity, day), {"present": [str(participant.public_id)]}).status_code == 404
    )
    assert not Attendance.objects.exists()


def test_the_session_list_opens_another_date_only_if_it_is_real_and_past(client, activity, contact):
    client.force_login(contact)
    dates = reverse("attendance:dates", args=[activity.slug])
    last_week = TODAY() - datetime.timedelta(days=7)

    assert client.get(dates, date_input("date", last_week))["Location"] == register_url(activity, last_week)
    tomorrow = date_input("date", TODAY() + datetime.timedelta(days=1))
    for bad in (tomorrow, {"date_day": "30", "date_month": "2", "date_year": "2026"}):
        response = client.get(dates, bad)
        assert response.status_code == 200
        assert errors_on(response) == {
            "id_date_0": ["Enter a real date that is today or in the past, like 25 11 2026"]
        }
        # What was typed is still in the boxes.
        assert f'name="date_day" value="{bad["date_day"]}"' in response.text


# -- consent withdrawal ----------------------------------------------------------------------


def test_withdrawing_contact_consent_withdraws_and_anonymises_the_referral(client, referral, contact):
    record = referral.consents.get()
    client.force_login(contact)

    response = client.post(reverse("referrals:withdraw_consent", args=[referral.public_id, record.pk]))

    assert response.status_code == 302
    referral.refresh_from_db()
    record.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    assert referral.closed_at is not None and referral.anonymised_at is not None
    assert (referral.preferred_name, referral.phone, referral.email) == ("", "", "")
    assert (referral.support_needs, referral.note_for_partner) == ("", "")
    assert history(referral)[-1] == (Status.SENT, Status.WITHDRAWN, contact.pk, "")
    assert (record.withdrawn_by, record.withdrawn_at is not None) == (contact, True)
    assert log_entries("activities.consent_withdrawn", record).get().user == contact

    page = client.get(response["Location"])
    assert "Consent withdrawn. Their contact details have been removed." in page.text
    assert "Details removed" in page.text
    assert "Morwenna" not in page.text and "Step-free" not in page.text
    assert page.context["status_form"] is None
    # Withdrawn already: there is nothing left to withdraw.
    assert (
        client.post(reverse("referrals:withdraw_consent", args=[referral.public_id, record.pk])).status_code
        == 404
    )


def test_withdrawing_consent_after_joining_keeps_the_status_but_removes_the_details(
    client, activity, contact
):
    participant = ParticipantFactory(referral__activity=activity, referral__preferred_name="Morwenna")
    referral = participant.referral
    client.force_login(contact)

    client.post(reverse("referrals:withdraw_consent", args=[referral.public_id, referral.consents.get().pk]))

    referral.refresh_from_db()
    assert referral.status == Status.JOINED  # it happened; only the details go
    assert referral.anonymised_at is not None and referral.preferred_name == ""
    page = client.get(reverse("participants:detail", args=[participant.public_id]))
    assert "Morwenna" not in page.text and participant.code in page.text


def test_withdrawing_wellbeing_consent_deletes_the_questionnaires(client, activity, contact):
    participant = ParticipantFactory(referral__activity=activity)
    WellbeingCheckInFactory(participant=participant, kind=WellbeingCheckIn.Kind.BASELINE)
    WellbeingCheckInFactory(participant=participant, kind=WellbeingCheckIn.Kind.FOLLOW_UP, status="waiting")
    Attendance.objects.create(participant=participant, session_date=participant.joined_on)
    record = consent.record_consent(
        participant=participant,
        purpose=ConsentRecord.Purpose.WELLBEING,
        given_by=ConsentRecord.GivenBy.PERSON_ONLINE,
    )
    client.force_login(contact)
    detail = reverse("participants:detail", args=[participant.public_id])
    assert "They want their answers deleted" in client.get(detail).text

    response = client.post(reverse("participants:withdraw_consent", args=[participant.public_id]))

    assert response.status_code == 302 and response["Location"] == detail
    assert not WellbeingCheckIn.objects.filter(participant=participant).exists()
    record.refresh_from_db()
    assert (record.withdrawn_by, record.withdrawn_at is not None) == (contact, True)
    assert participant.attendances.count() == 1  # attendance is not a wellbeing answer
    page = client.get(detail)
    assert "Consent withdrawn. Their questionnaire answers have been deleted." in page.text
    assert "No questionnaires" in page.text
    assert "They want their answers deleted" not in page.text
    assert (
        client.post(reverse("participants:withdraw_consent", args=[participant.public_id])).status_code == 404
    )


# -- the audit trail -------------------------------------------------------------------------


def test_viewing_a_referral_or_a_participant_is_logged_with_the_viewer(
    client, activity, referral, contact, champion
):
    participant = ParticipantFactory(referral__activity=activity)

    for user in (contact, champion):
        client.force_login(user)
        client.get(reverse("referrals:detail", args=[referral.public_id]))
    client.force_login(contact)
    client.get(reverse("participants:detail", args=[participant.public_id]))

    viewed = log_entries("activities.referral_viewed", referral).order_by("timestamp", "pk")
    assert [entry.user for entry in viewed] == [contact, champion]
    assert [entry.user for entry in log_entries("activities.participant_viewed", participant)] == [contact]
    # A refused look is not a view.
    client.force_login(UserFactory())
    assert client.get(reverse("referrals:detail", args=[referral.public_id])).status_code == 404
    assert log_entries("activities.referral_viewed", referral).count() == 2


def test_status_changes_are_logged_with_who_and_what(client, referral, contact):
    client.force_login(contact)
    move(client, referral, "acknowledged")
    move(client, referral, "not_taken_up", reason="no_space")

    entries = log_entries("activities.referral_status_changed", referral).order_by("timestamp", "pk")
    assert [(entry.user, entry.data) for entry in entries] == [
        (contact, {"from": "sent", "to": "acknowledged", "reason": ""}),
        (contact, {"from": "acknowledged", "to": "not_taken_up", "reason": "no_space"}),
    ]
    for entry in entries:
        assert "Morwenna" not in str(entry.data)


def test_a_first_session_before_the_referral_was_made_is_refused(client):
    referral = ReferralFactory()
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(PartnerContactFactory(partner=referral.activity.partner).user)
    too_early = timezone.localdate() - datetime.timedelta(days=10)

    response = client.post(
        reverse("referrals:status", args=[referral.public_id]),
        {"status": "joined", **date_input("joined_on", too_early)},
    )

    assert response.status_code == 400
    assert "must be on or after the day of the referral" in response.text
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


def test_a_register_has_one_address_per_date(client):
    referral = ReferralFactory()
    client.force_login(PartnerContactFactory(partner=referral.activity.partner).user)
    compact = timezone.localdate().strftime("%Y%m%d")

    response = client.get(reverse("attendance:register", args=[referral.activity.slug, compact]))

    assert response.status_code == 404


def test_the_contact_choice_offers_phone_and_email_only(client):
    activity = ReferralFactory().activity
    client.force_login(ChampionProfileFactory().user)

    response = client.get(reverse("referrals:new", args=[activity.slug]))

    radios = BeautifulSoup(response.content, "html.parser").select("input[name=contact_method]")
    assert [radio["value"] for radio in radios] == ["phone", "email"]
