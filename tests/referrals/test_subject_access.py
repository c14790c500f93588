"""Subject access: staff with the "change referral" permission find everything held about one person
(by email, phone or participant code) and download it as JSON; each download is on the audit trail,
and nobody else can reach the page."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from activities.referrals import consent, services, subject_access
from activities.referrals.factories import ParticipantFactory, ReferralFactory, WellbeingCheckInFactory
from activities.referrals.models import Attendance, Referral, ReferralStatusChange, WellbeingCheckIn
from partners.factories import UserFactory
from tests.partners.builders import log_entries

URL = "/admin/reports/subject-access/"


def admin_user(*permissions):
    user = UserFactory()
    codenames = ["access_admin", *permissions]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def staff(db):
    return admin_user("view_referral", "change_referral")


@pytest.fixture
def person(db):
    """Morwenna: referred twice (once joined, once not taken up), with attendance and a questionnaire."""
    participant = ParticipantFactory(
        referral__preferred_name="Morwenna",
        referral__email="morwenna.pen@example.net",
        referral__phone="07700 900777",
        referral__support_needs="Step-free access, please.",
        referral__note_for_partner="Likes to arrive early.",
        joined_on=datetime.date(2026, 9, 7),
    )
    joined = participant.referral
    ReferralStatusChange.objects.create(referral=joined, from_status="sent", to_status="joined")
    earlier = ReferralFactory(
        preferred_name="Morwenna",
        email="Morwenna.Pen@example.net",
        phone="+44 7700 900-777",
        status=Referral.Status.NOT_TAKEN_UP,
        not_taken_up_reason=Referral.NotTakenUpReason.NO_SPACE,
        closed_at=timezone.now(),
    )
    Referral.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - datetime.timedelta(days=60))
    for day in (7, 14):
        Attendance.objects.create(participant=participant, session_date=datetime.date(2026, 9, day))
    baseline = WellbeingCheckInFactory(
        participant=participant, kind="baseline", answers=(1, 2, 3, 4, 5, 4, 3)
    )
    WellbeingCheckInFactory(participant=participant, kind="follow_up", status="waiting")
    ReferralFactory(preferred_name="Someone else", email="someone@example.net", phone="07700 900123")
    return {"participant": participant, "joined": joined, "earlier": earlier, "baseline": baseline}


# -- finding the person ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Morwenna.Pen@Example.net ", ("email", "morwenna.pen@example.net")),
        ("07700 900777", ("phone", "07700900777")),
        ("+44 (0)7700 900777", ("phone", "07700900777")),
        ("cm-7kx4-2pq9", ("code", "CM-7KX4-2PQ9")),
        ("7KX4 2PQ9", ("code", "CM-7KX4-2PQ9")),
        ("Morwenna", ("", "")),
        ("12345", ("", "")),
    ],
)
def test_what_was_typed_is_recognised_and_normalised(text, expected):
    search = subject_access.parse(text)
    assert (search.kind, search.value) == expected


@pytest.mark.parametrize(
    "text",
    ["MORWENNA.PEN@example.net", "07700900777", "+44 7700 900 777", "(07700) 900-777"],
)
def test_found_by_email_or_phone_however_it_was_written(person, text):
    found = subject_access.find(subject_access.parse(text))

    assert [referral.pk for referral in found] == [person["earlier"].pk, person["joined"].pk]  # oldest first


def test_found_by_participant_code(person):
    code = person["participant"].code.lower().replace("-", "")

    found = subject_access.find(subject_access.parse(code))

    assert found == [person["joined"]]


def test_nothing_found_for_someone_we_do_not_know(person):
    assert subject_access.find(subject_access.parse("nobody@example.net")) == []
    assert subject_access.find(subject_access.parse("CM-2222-3333")) == []


# -- what the export holds ---------------------------------------------------------------


def test_the_export_holds_everything_about_them_and_nothing_about_anyone_else(person, staff):
    data = subject_access.export(user=staff, text="morwenna.pen@example.net")

    json.dumps(data)  # plain JSON all the way down
    assert "Someone else" not in json.dumps(data)
    earlier, joined = data["referrals"]
    assert earlier["reference"] == str(person["earlier"].public_id)
    assert (earlier["status"], earlier["not_taken_up_reason"]) == ("Not taken up", "The activity was full")
    assert earlier["participant"] is None

    assert joined["preferred_name"] == "Morwenna"
    assert (joined["email"], joined["phone"]) == ("morwenna.pen@example.net", "07700 900777")
    assert joined["support_needs"] == "Step-free access, please."
    assert joined["note_for_partner"] == "Likes to arrive early."
    assert joined["activity"] == person["joined"].activity.title
    assert joined["referred_by"]["name"] == person["joined"].champion.get_full_name()
    assert [(step["from"], step["to"]) for step in joined["status_history"]] == [
        ("", "Sent"),
        ("Sent", "Joined"),
    ]
    [contact_consent] = joined["consents"]
    assert contact_consent["wording_version"] == "2026-11"
    assert contact_consent["wording"] == consent.wording("referral_contact", "2026-11")
    assert contact_consent["withdrawn_at"] is None

    participant = joined["participant"]
    assert participant["code"] == person["participant"].code
    assert participant["sessions_attended"] == ["2026-09-07", "2026-09-14"]
    baseline, follow_up = participant["wellbeing_check_ins"]
    assert baseline["answers"] == [1, 2, 3, 4, 5, 4, 3]
    assert baseline["raw_score"] == person["baseline"].raw_score == 22
    assert baseline["metric_score"] == str(person["baseline"].metric_score)
    assert (follow_up["status"], follow_up["answers"]) == ("Waiting for answers", [None] * 7)


def test_the_export_after_anonymising_shows_the_details_are_gone(person, staff):
    services.anonymise(person["joined"])

    [exported] = subject_access.export(user=staff, text=person["participant"].code)["referrals"]

    assert (exported["preferred_name"], exported["email"], exported["support_needs"]) == ("", "", "")
    assert exported["contact_details_removed_at"] is not None
    assert exported["participant"]["wellbeing_check_ins"][0]["raw_score"] == 22


def test_each_export_is_written_to_the_audit_trail_against_each_referral_without_personal_data(person, staff):
    subject_access.export(user=staff, text="07700 900777")

    for referral in (person["joined"], person["earlier"]):
        entry = log_entries("activities.subject_access_exported", referral).get()
        assert entry.user_id == staff.pk
        assert entry.data == {
            "searched_by": "phone",
            "referrals": 2,
            "participants": 1,
            "attendances": 2,
            "check_ins": 2,
        }
        recorded = json.dumps(entry.data) + entry.label
        for personal in ("Morwenna", "morwenna", "07700", person["participant"].code):
            assert personal not in recorded


# -- who may -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "permissions",
    [(), ("view_referral",)],
    ids=["admin-only", "may-view-referrals"],
)
def test_staff_without_the_permission_are_refused(client, person, permissions):
    user = admin_user(*permissions)
    client.force_login(user)

    # Wagtail turns a refusal in the admin into a trip back to the dashboard with a message.
    for response in (
        client.get(URL),
        client.post(URL, {"query": "morwenna.pen@example.net", "action": "search"}),
        client.post(URL, {"query": "morwenna.pen@example.net", "action": "download"}),
    ):
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    with pytest.raises(PermissionDenied):
        subject_access.export(user=user, text="morwenna.pen@example.net")
    assert not log_entries("activities.subject_access_exported").exists()
    assert URL not in client.get(reverse("wagtailadmin_home")).text


def test_people_who_are_not_signed_in_are_sent_to_sign_in(client, person):
    response = client.post(URL, {"query": "morwenna.pen@example.net", "action": "download"})

    assert response.status_code == 302
    assert not log_entries("activities.subject_access_exported").exists()


def test_a_deactivated_account_cannot_export(person, staff):
    staff.is_active = False
    staff.save()

    with pytest.raises(PermissionDenied):
        subject_access.export(user=staff, text="morwenna.pen@example.net")


# -- the admin page ----------------------------------------------------------------------


def test_the_page_is_in_the_reports_menu_for_staff_who_may_export(client, staff):
    client.force_login(staff)

    assert URL in client.get(reverse("wagtailadmin_home")).text
    assert reverse("referrals_subject_access") == URL


def test_the_search_is_posted_so_no_email_or_phone_ends_up_in_a_web_address(client, person, staff):
    client.force_login(staff)

    page = client.get(URL, {"query": "morwenna.pen@example.net"})

    assert page.status_code == 200
    assert 'method="post"' in page.text
    assert "What we hold" not in page.text, "a search in the address is ignored"


def test_searching_shows_who_matched_but_no_details_and_records_no_export(client, person, staff):
    client.force_login(staff)

    response = client.post(URL, {"query": "morwenna.pen@example.net", "action": "search"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.text
    assert "Referrals: 2" in text
    assert "Participant codes: 1" in text
    assert "Download the ticked records as JSON" in text
    # Enough to tell whose records they are, nothing more.
    for detail in ("Step-free", "Likes to arrive early", "07700"):
        assert detail not in text
    assert not log_entries("activities.subject_access_exported").exists()
    # Seeing who matched is seeing personal records: it is on the audit trail.
    for referral in (person["joined"], person["earlier"]):
        assert log_entries("activities.referral_viewed", referral).get().user == staff


def test_a_search_that_finds_nothing_says_so(client, person, staff):
    client.force_login(staff)

    response = client.post(URL, {"query": "nobody@example.net", "action": "search"})

    assert "We hold nothing that matches this search" in response.text
    assert "Download the ticked records" not in response.text


def test_something_that_is_not_an_email_phone_or_code_is_explained(client, person, staff):
    client.force_login(staff)

    response = client.post(URL, {"query": "Morwenna", "action": "download"})

    assert "Enter an email address, a UK phone number or a participant code" in response.text
    assert "Download the ticked records" not in response.text


def test_downloading_gives_a_json_file_and_audits_it(client, person, staff):
    client.force_login(staff)

    response = client.post(
        URL,
        {"query": person["participant"].code, "action": "download", "referral": [person["joined"].public_id]},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="subject-access-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert [referral["reference"] for referral in data["referrals"]] == [str(person["joined"].public_id)]
    assert data["referrals"][0]["participant"]["wellbeing_check_ins"][0]["answers"] == [1, 2, 3, 4, 5, 4, 3]
    assert log_entries("activities.subject_access_exported", person["joined"]).count() == 1
    assert not log_entries("activities.subject_access_exported", person["earlier"]).exists()


def test_the_download_says_how_each_questionnaire_link_was_handed_out(client, person, staff):
    WellbeingCheckIn.objects.filter(participant=person["participant"], kind="follow_up").update(channel="qr")
    client.force_login(staff)

    both = [person["joined"].public_id, person["earlier"].public_id]
    data = json.loads(
        client.post(
            URL, {"query": "morwenna.pen@example.net", "action": "download", "referral": both}
        ).content
    )

    follow_up = data["referrals"][1]["participant"]["wellbeing_check_ins"][1]
    assert follow_up["link_sent_by"] == "QR code shown by the partner"


def test_a_search_lists_each_match_so_staff_can_check_it_is_this_persons(client, person, staff):
    client.force_login(staff)

    response = client.post(URL, {"query": "morwenna.pen@example.net", "action": "search"})

    for referral in (person["joined"], person["earlier"]):
        assert f'value="{referral.public_id}"' in response.text
    assert person["participant"].code in response.text


def test_downloading_nothing_ticked_asks_for_a_tick_and_exports_nothing(client, person, staff):
    client.force_login(staff)

    response = client.post(URL, {"query": "morwenna.pen@example.net", "action": "download"})

    assert response["Content-Type"].startswith("text/html")
    assert "Tick the records that belong to this person" in response.text
    assert not log_entries("activities.subject_access_exported").exists()


def test_only_the_ticked_records_are_exported_when_an_email_is_shared(client, person, staff):
    # Her brother uses the same family email address.
    brother = ReferralFactory(preferred_name="Jago", email="morwenna.pen@example.net")
    client.force_login(staff)

    response = client.post(
        URL,
        {"query": "morwenna.pen@example.net", "action": "download", "referral": [person["joined"].public_id]},
    )

    data = json.loads(response.content)
    assert [referral["reference"] for referral in data["referrals"]] == [str(person["joined"].public_id)]
    assert "Jago" not in response.text
    assert not log_entries("activities.subject_access_exported", brother).exists()
