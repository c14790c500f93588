""" "What has changed for you?": the follow-up questionnaire's optional free-text question with its own
sharing choice, the selectors that give shared answers without a code, a name or a day, the admin
report staff read them in, and the answer in subject access, retention and withdrawal."""

from __future__ import annotations

import dataclasses
import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from activities.referrals import checkins, consent, retention, selectors, services, subject_access
from activities.referrals.factories import (
    ChampionProfileFactory,
    ParticipantFactory,
    WellbeingCheckInFactory,
)
from activities.referrals.models import ConsentRecord, Referral, RetentionRun, WellbeingCheckIn
from partners.factories import CollectiveFactory, PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.otp import verified_login
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

Kind = WellbeingCheckIn.Kind
Status = WellbeingCheckIn.Status
Sharing = WellbeingCheckIn.Sharing

REPORT = "referrals_shared_answers"
WRITTEN = "I leave the house on a Tuesday now. Before this I hadn't been out on my own for months."
CURRENT = consent.current_version(consent.WHAT_CHANGED)


def _statements(answers=(3, 4, 2, 3, 4, 5, 3)) -> dict:
    return {f"item_{number}": str(value) for number, value in enumerate(answers, start=1)}


def _post(client, token, **extra):
    return client.post(
        reverse("wellbeing:answer", args=[token]), {**_statements(), "action": "answer", **extra}
    )


@pytest.fixture
def activity(make_activity):
    return make_activity("Sing for your mind in Huddersfield")


@pytest.fixture
def participant(activity):
    return ParticipantFactory(referral__activity=activity, referral__preferred_name="Morwenna")


def _waiting(participant, kind) -> tuple[WellbeingCheckIn, str]:
    check_in = WellbeingCheckInFactory(participant=participant, kind=kind, status=Status.WAITING)
    return check_in, checkins.issue_link(check_in, channel=WellbeingCheckIn.Channel.EMAIL)


@pytest.fixture
def follow_up(participant):
    WellbeingCheckInFactory(participant=participant, kind=Kind.BASELINE)
    return _waiting(participant, Kind.FOLLOW_UP)


# -- the questionnaire -------------------------------------------------------------------


def test_the_follow_up_asks_what_has_changed_after_the_seven_statements(client, follow_up):
    _, token = follow_up

    response = client.get(reverse("wellbeing:answer", args=[token]))

    page = response.content.decode()
    assert "What has changed for you since you started?" in page
    assert "do not include names" in page
    assert consent.current_wording(consent.WHAT_CHANGED) in page
    soup = BeautifulSoup(page, "html.parser")
    names = [control["name"] for control in soup.select("form input[name], form textarea[name]")]
    order = [name for name in dict.fromkeys(names) if name.startswith(("item_", "what_changed"))]
    assert order == [f"item_{n}" for n in range(1, 8)] + ["what_changed", "what_changed_sharing"]
    # And before the buttons that send the page.
    assert page.index('name="what_changed"') < page.index('value="answer"')
    # The three choices, each with a hint, none chosen for the person.
    radios = soup.select('input[name="what_changed_sharing"]')
    assert [radio["value"] for radio in radios] == ["not_shared", "inside", "quote"]
    assert not any(radio.has_attr("checked") for radio in radios)
    for radio in radios:
        assert soup.find(id=radio["aria-describedby"]).get_text(strip=True)
    assert "If you write something and do not choose, we will keep it private." in page
    assert 'maxlength="' not in str(soup.select_one("textarea"))


def test_the_first_questionnaire_does_not_ask_it(client, participant):
    _, token = _waiting(participant, Kind.BASELINE)

    page = client.get(reverse("wellbeing:answer", args=[token])).content.decode()

    assert "What has changed for you" not in page
    assert 'name="what_changed' not in page


def test_the_first_questionnaire_stores_nothing_even_if_it_is_posted(client, participant):
    check_in, token = _waiting(participant, Kind.BASELINE)

    _post(client, token, what_changed=WRITTEN, what_changed_sharing="quote")

    check_in.refresh_from_db()
    assert check_in.status == Status.ANSWERED
    assert (check_in.what_changed, check_in.what_changed_sharing) == ("", Sharing.NOT_SHARED)


def test_too_long_an_answer_keeps_everything_typed_and_says_what_the_limit_is(client, follow_up):
    check_in, token = follow_up
    too_long = "Better. " * 250 + "x"  # 2,001 characters

    response = _post(client, token, what_changed=too_long, what_changed_sharing="inside")

    assert response.status_code == 200
    page = response.content.decode()
    assert "What has changed for you must be 2,000 characters or fewer" in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one('textarea[name="what_changed"]').get_text().removeprefix("\n") == too_long
    assert soup.select_one('input[name="what_changed_sharing"][value="inside"]').has_attr("checked")
    for number, value in _statements().items():
        assert soup.select_one(f'input[name="{number}"][value="{value}"]').has_attr("checked")
    # The error summary links to the box.
    assert soup.select_one('.nhsuk-error-summary a[href="#id_what_changed"]')
    check_in.refresh_from_db()
    assert (check_in.status, check_in.what_changed) == (Status.WAITING, "")


def test_an_answer_of_exactly_the_limit_is_saved(client, follow_up):
    check_in, token = follow_up
    text = "a" * 2000

    assert _post(client, token, what_changed=text).status_code == 302

    check_in.refresh_from_db()
    assert check_in.what_changed == text


@pytest.mark.parametrize(
    ("posted", "stored"),
    [
        ({"what_changed": WRITTEN}, (WRITTEN, Sharing.NOT_SHARED, CURRENT)),  # no choice: the safest
        ({"what_changed": WRITTEN, "what_changed_sharing": "inside"}, (WRITTEN, Sharing.INSIDE, CURRENT)),
        ({"what_changed": WRITTEN, "what_changed_sharing": "quote"}, (WRITTEN, Sharing.QUOTE, CURRENT)),
        ({"what_changed": "   ", "what_changed_sharing": "quote"}, ("", Sharing.NOT_SHARED, "")),
        ({"what_changed_sharing": "quote"}, ("", Sharing.NOT_SHARED, "")),
        ({}, ("", Sharing.NOT_SHARED, "")),
    ],
)
def test_the_sharing_choice_and_its_default(client, follow_up, posted, stored):
    check_in, token = follow_up

    assert _post(client, token, **posted).status_code == 302

    check_in.refresh_from_db()
    assert check_in.status == Status.ANSWERED
    assert (
        check_in.what_changed,
        check_in.what_changed_sharing,
        check_in.what_changed_wording_version,
    ) == stored


def test_a_made_up_sharing_choice_is_refused_and_nothing_typed_is_lost(client, follow_up):
    check_in, token = follow_up

    response = _post(client, token, what_changed=WRITTEN, what_changed_sharing="everyone")

    assert response.status_code == 200
    assert "Select who may read what you wrote" in response.content.decode()
    assert (
        BeautifulSoup(response.content, "html.parser").select_one("textarea").get_text().removeprefix("\n")
        == WRITTEN
    )
    check_in.refresh_from_db()
    assert check_in.status == Status.WAITING


def test_null_bytes_and_control_characters_are_dropped_and_line_breaks_kept(client, follow_up):
    check_in, token = follow_up

    response = _post(client, token, what_changed="Better\x00 now.\x07\r\nMost days.\x1b")

    assert response.status_code == 302
    check_in.refresh_from_db()
    assert check_in.what_changed == "Better now.\nMost days."


# -- the selectors -----------------------------------------------------------------------

SHOWABLE_FIELDS = {
    "id",
    "text",
    "month",
    "activity_id",
    "activity_title",
    "locality_name",
    "sharing",
    "wording_version",
}


def _answer(activity, text, sharing, *, completed_at=None, **referral):
    participant = ParticipantFactory(
        referral__activity=activity, **{f"referral__{k}": v for k, v in referral.items()}
    )
    return WellbeingCheckInFactory(
        participant=participant,
        kind=Kind.FOLLOW_UP,
        what_changed=text,
        what_changed_sharing=sharing,
        completed_at=completed_at or timezone.now(),
    )


@pytest.fixture
def answers(make_activity):
    """Shared and quotable answers in Kirklees and Wakefield, and several that must never be shown."""
    kirklees = make_activity("Sing for your mind")
    wakefield = make_activity("Castleford drumming circle", locality="wakefield", postcode="WF10 1AA")
    written = timezone.make_aware(datetime.datetime(2026, 10, 17, 14, 30))
    made = {
        "quote": _answer(kirklees, "I made a friend.", Sharing.QUOTE, completed_at=written),
        "inside": _answer(kirklees, "Sleeping a bit better.", Sharing.INSIDE, preferred_name="Ottoline"),
        "wakefield_quote": _answer(wakefield, "Less anxious on the bus.", Sharing.QUOTE),
        "private": _answer(kirklees, "Hard to say. Probably a bit better.", Sharing.NOT_SHARED),
        "withdrawn": _answer(wakefield, "Started helping at the allotment.", Sharing.QUOTE),
    }
    # Withdrawn consent deletes the answers; an answer left behind must still never be shown.
    consent.record_consent(
        participant=made["withdrawn"].participant,
        purpose=ConsentRecord.Purpose.WELLBEING,
        given_by=ConsentRecord.GivenBy.PERSON_ONLINE,
    )
    ConsentRecord.objects.filter(participant=made["withdrawn"].participant).update(
        withdrawn_at=timezone.now()
    )
    # A quotable choice with nothing written, and a first questionnaire, are not answers.
    WellbeingCheckInFactory(
        participant=made["quote"].participant, kind=Kind.BASELINE, what_changed_sharing=Sharing.QUOTE
    )
    _answer(kirklees, "", Sharing.QUOTE)
    return made


def test_quotable_answers_hold_only_what_may_be_shown(answers):
    quotable = selectors.quotable_answers()

    assert {answer.text for answer in quotable} == {"I made a friend.", "Less anxious on the bus."}
    for answer in quotable:
        assert {field.name for field in dataclasses.fields(answer)} == SHOWABLE_FIELDS
        assert answer.month.day == 1
        assert not isinstance(answer.month, datetime.datetime)
        assert answer.sharing == Sharing.QUOTE
        for value in dataclasses.astuple(answer):
            assert not isinstance(value, (WellbeingCheckIn, datetime.datetime))
    friend = next(answer for answer in quotable if answer.text == "I made a friend.")
    check_in = answers["quote"]
    assert friend.month == datetime.date(2026, 10, 1)
    assert friend.month_label == "October 2026"
    assert (friend.activity_id, friend.activity_title, friend.locality_name) == (
        check_in.participant.activity_id,
        "Sing for your mind",
        "Kirklees",
    )
    assert friend.id == check_in.public_id
    assert check_in.participant.code not in repr(friend)
    assert "17" not in repr(friend).replace(str(friend.id), "")


def test_shared_answers_are_inside_and_quotable_ones_never_private_or_withdrawn(answers):
    shared = {answer.text: answer.sharing for answer in selectors.shared_answers()}

    assert shared == {
        "I made a friend.": Sharing.QUOTE,
        "Sleeping a bit better.": Sharing.INSIDE,
        "Less anxious on the bus.": Sharing.QUOTE,
    }
    wakefield = Locality.objects.get(slug="wakefield")
    assert [a.text for a in selectors.shared_answers(locality_id=wakefield.pk)] == [
        "Less anxious on the bus."
    ]
    assert [a.text for a in selectors.shared_answers(sharing=Sharing.INSIDE)] == ["Sleeping a bit better."]
    # Asking for private answers gives the shared ones, never the private ones.
    assert "Hard to say. Probably a bit better." not in {
        a.text for a in selectors.shared_answers(sharing=Sharing.NOT_SHARED)
    }


def test_an_answer_can_be_found_again_by_its_id_while_it_is_shared(answers):
    found = selectors.shared_answer(answers["quote"].public_id)

    assert found is not None and found.text == "I made a friend."
    assert selectors.shared_answer(str(answers["quote"].public_id)) == found
    assert selectors.shared_answer(answers["private"].public_id) is None
    assert selectors.shared_answer(answers["withdrawn"].public_id) is None
    assert selectors.shared_answer("not-an-id") is None
    assert selectors.shared_answer(answers["quote"].pk) is None


# -- the admin report --------------------------------------------------------------------


def _admin_user(*codenames, **fields):
    user = UserFactory(**fields)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


@pytest.fixture
def staff():
    return _admin_user("view_referral")


def _roles(answers) -> dict:
    """Every role, each given access to the Wagtail admin (the worst case), except nobody signed in."""
    kirklees = Locality.objects.get(slug="kirklees")
    activity = answers["quote"].participant.activity
    partner = PartnerPageFactory(home=kirklees)
    activity.partner = partner
    activity.save(update_fields=["partner"])
    coordinator = _admin_user()
    CollectiveFactory(locality=kirklees).coordinators.add(coordinator)
    editor = _admin_user(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    roles = {
        "champion": ChampionProfileFactory().user,
        "partner": PartnerContactFactory(partner=partner).user,
        "coordinator": coordinator,
        "editor": editor,
        "change_referral_only": _admin_user("change_referral"),
        "staff": _admin_user("view_referral"),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    for role in ("champion", "partner"):
        roles[role].user_permissions.add(Permission.objects.get(codename="access_admin"))
    return roles


# Wagtail answers a refusal inside the admin by going back to the dashboard, with a message.
REFUSED = "dashboard"
EXPECTED = {
    "anonymous": "login",
    "champion": REFUSED,
    "partner": REFUSED,
    "coordinator": REFUSED,
    "editor": REFUSED,
    "change_referral_only": REFUSED,
    "staff": 200,
    "superuser": 200,
}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("results_only", [False, True])
def test_only_staff_who_may_view_referrals_read_the_report(client, answers, role, results_only):
    roles = _roles(answers)
    if role != "anonymous":
        client.force_login(roles[role])
    url = reverse(f"{REPORT}_results" if results_only else REPORT)

    response = client.get(url)

    expected = EXPECTED[role]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif expected == REFUSED:
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    else:
        assert response.status_code == expected
    body = response.content.decode()
    assert ("I made a friend." in body) is (expected == 200)
    for check_in in answers.values():
        assert check_in.participant.code not in body
    if expected == 200:
        assert "no-store" in response["Cache-Control"]
    else:
        assert not ModelLogEntry.objects.filter(action=services.SHARED_ANSWER_READ).exists()


def test_the_report_shows_month_activity_locality_and_level_never_a_code_a_name_or_a_day(
    client, answers, staff
):
    client.force_login(staff)

    response = client.get(reverse(REPORT))

    body = response.content.decode()
    soup = BeautifulSoup(body, "html.parser")
    headings = [th.get_text(strip=True) for th in soup.select("table thead th")]
    assert headings == ["Month", "Activity", "Locality", "May be used", "What they wrote", "Story"]
    rows = {
        cells[4]: cells
        for cells in (
            [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in soup.select("table tbody tr")
        )
    }
    assert set(rows) == {"I made a friend.", "Sleeping a bit better.", "Less anxious on the bus."}
    assert rows["I made a friend."][:4] == [
        "October 2026",
        "Sing for your mind",
        "Kirklees",
        "May be quoted publicly, without a name",
    ]
    # The place for "Turn into a draft story": quotable rows only.
    assert rows["I made a friend."][5] == "May be quoted"
    assert rows["Sleeping a bit better."][5] == ""
    for check_in in answers.values():
        assert check_in.participant.code not in body
        assert str(check_in.participant.public_id) not in body
        assert check_in.participant.referral.email not in body
    assert "Ottoline" not in body
    assert "17 October" not in body and "2026-10-17" not in body
    assert "Hard to say" not in body and "allotment" not in body


def test_reading_the_report_is_on_the_audit_trail_without_a_code(client, answers, staff):
    client.force_login(staff)

    client.get(reverse(REPORT))

    entries = ModelLogEntry.objects.filter(action=services.SHARED_ANSWER_READ)
    assert {(entry.user_id, entry.object_id) for entry in entries} == {
        (staff.pk, str(answers[name].pk)) for name in ("quote", "inside", "wakefield_quote")
    }
    for entry in entries:
        assert "CM-" not in entry.label


def test_the_report_filters_by_locality_and_sharing_level(client, answers, staff):
    client.force_login(staff)
    wakefield = Locality.objects.get(slug="wakefield")

    by_locality = client.get(reverse(REPORT), {"locality": wakefield.pk}).content.decode()
    by_level = client.get(reverse(REPORT), {"sharing": "inside"}).content.decode()
    refused_level = client.get(reverse(REPORT), {"sharing": "not_shared"})

    assert "Less anxious on the bus." in by_locality and "I made a friend." not in by_locality
    assert "Sleeping a bit better." in by_level and "I made a friend." not in by_level
    assert refused_level.status_code == 200
    assert "Hard to say" not in refused_level.content.decode()


def test_the_report_asks_for_a_second_factor(client, answers, staff, settings):
    settings.TWO_FACTOR_REQUIRED = True
    TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
    client.force_login(staff)

    refused = client.get(reverse(REPORT))

    assert refused.status_code == 302
    assert "I made a friend." not in refused.content.decode()
    assert not ModelLogEntry.objects.filter(action=services.SHARED_ANSWER_READ).exists()
    verified_login(client, staff)
    assert "I made a friend." in client.get(reverse(REPORT)).content.decode()


def test_the_menu_item_is_shown_only_to_those_who_may_read_the_answers(client, db):
    client.force_login(_admin_user("change_referral"))
    assert reverse(REPORT) not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(_admin_user("view_referral"))
    assert reverse(REPORT) in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_report_takes_the_same_number_of_queries_for_5_and_50_answers(client, make_activity, staff):
    activities = [make_activity(f"Activity {n}") for n in range(5)]
    client.force_login(staff)
    for n in range(5):
        _answer(activities[n % 5], f"Answer {n}", Sharing.QUOTE if n % 2 else Sharing.INSIDE)
    small = queries_for(client, reverse(REPORT))
    for n in range(5, 50):
        _answer(activities[n % 5], f"Answer {n}", Sharing.QUOTE if n % 2 else Sharing.INSIDE)
    large = queries_for(client, reverse(REPORT))

    assert large[2].content.decode().count("Answer ") >= 50
    # Of the 14, the report's own are four: the count, the page of answers, their ids and one insert
    # for the audit trail; the rest are the session, the user, permissions and the filter's localities.
    assert assert_same_count(small, large) == 14


# -- partners never see it ---------------------------------------------------------------


def test_the_partner_never_sees_the_answer(client, answers):
    check_in = answers["quote"]
    partner = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"))
    activity = check_in.participant.activity
    activity.partner = partner
    activity.save(update_fields=["partner"])
    client.force_login(PartnerContactFactory(partner=partner).user)

    page = client.get(reverse("participants:detail", args=[check_in.participant.public_id]))

    assert page.status_code == 200
    assert check_in.participant.code in page.content.decode()  # their own participant's page
    assert "I made a friend." not in page.content.decode()


# -- subject access, retention and withdrawal --------------------------------------------


def test_subject_access_includes_the_answer_and_the_choice_as_worded(answers):
    check_in = answers["inside"]
    exporter = _admin_user("view_referral", "change_referral")

    data = subject_access.export(user=exporter, text=check_in.participant.code)

    (referral,) = data["referrals"]
    follow_up = next(c for c in referral["participant"]["wellbeing_check_ins"] if c["kind"] == "Follow-up")
    assert follow_up["what_changed"] == {
        "answer": "Sleeping a bit better.",
        "may_be_used": "Share it with the Creative Minds team only",
        "wording_version": CURRENT,
        "wording": consent.wording(consent.WHAT_CHANGED, CURRENT),
    }
    json.dumps(data)  # as the download sends it


def test_retention_removes_the_answer_with_the_contact_details(answers, settings):
    old = answers["quote"]
    Referral.objects.filter(pk=old.participant.referral_id).update(
        closed_at=timezone.now() - datetime.timedelta(days=settings.REFERRAL_RETENTION_DAYS + 1)
    )

    outcome = retention.run()

    old.refresh_from_db()
    assert (old.what_changed, old.what_changed_sharing, old.what_changed_wording_version) == (
        "",
        Sharing.NOT_SHARED,
        "",
    )
    assert old.raw_score is not None  # the score stays for the published figures
    assert outcome.answers_removed == 1
    assert RetentionRun.objects.get().answers_removed == 1
    answers["inside"].refresh_from_db()
    assert answers["inside"].what_changed == "Sleeping a bit better."
    assert "I made a friend." not in {answer.text for answer in selectors.quotable_answers()}


def test_withdrawing_wellbeing_consent_deletes_the_answer(answers):
    check_in = answers["inside"]
    record = consent.record_consent(
        participant=check_in.participant,
        purpose=ConsentRecord.Purpose.WELLBEING,
        given_by=ConsentRecord.GivenBy.PERSON_ONLINE,
    )

    services.withdraw_consent(record=record, user=UserFactory())

    assert not WellbeingCheckIn.objects.filter(pk=check_in.pk).exists()
    assert "Sleeping a bit better." not in {answer.text for answer in selectors.shared_answers()}
