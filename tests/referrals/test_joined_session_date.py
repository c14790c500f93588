"""Marking someone joined: the day of their first session is a day the activity met, chosen from its
recent meeting days (or typed, with the format shown from the start), and their first attendance is
recorded for that day, never for today by default. The demo's joined attendances fall on meeting
days too."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityPage
from activities.referrals import services, session_dates
from activities.referrals.demo import seed_referrals
from activities.referrals.factories import ReferralFactory
from activities.referrals.models import Attendance, Participant, Referral
from partners.factories import PartnerContactFactory, PartnerPageFactory
from partners.models import Locality
from tests.builders import date_input, session

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
MESSAGE_NO_SESSION = (
    "Sing for your mind did not meet on {day:%A %-d %B %Y}. It meets every Monday, 10am to 11am"
)


def mondays_back(weeks: int) -> datetime.date:
    """The Monday `weeks` weeks before the last Monday before today (which is 1 to 7 days ago)."""
    return TODAY() - datetime.timedelta(days=(TODAY().weekday() or 7) + 7 * weeks)


@pytest.fixture
def activity(make_activity):
    partner = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"))
    return make_activity(
        "Sing for your mind",
        partner=partner,
        sessions=[session("mon", "10:00", valid_from=datetime.date(2025, 1, 6))],
    )


@pytest.fixture
def referral(activity):
    """Sent twelve weeks ago, so every Monday of the last eight weeks is after it."""
    referral = ReferralFactory(activity=activity)
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - datetime.timedelta(weeks=12))
    referral.refresh_from_db()
    return referral


@pytest.fixture
def partner_client(client, activity):
    client.force_login(PartnerContactFactory(partner=activity.partner).user)
    return client


def mark_joined(client, referral, **data):
    return client.post(reverse("referrals:status", args=[referral.public_id]), {"status": "joined", **data})


def page_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def nothing_saved(referral):
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert not Participant.objects.exists() and not Attendance.objects.exists()


def error_summary(response) -> list[str]:
    return [" ".join(link.get_text().split()) for link in page_of(response).select(".nhsuk-error-summary a")]


def test_the_recent_days_it_met_are_offered_most_recent_first_then_another_date(partner_client, referral):
    page = page_of(partner_client.get(reverse("referrals:detail", args=[referral.public_id])))

    radios = page.select('input[name="first_session"]')
    values = [radio["value"] for radio in radios]
    mondays = session_dates.recent_meeting_dates(referral.activity, today=TODAY())
    assert values == [day.isoformat() for day in mondays] + ["another"]
    assert [datetime.date.fromisoformat(value).weekday() for value in values[:-1]] == [0] * len(mondays)
    assert values[:-1] == sorted(values[:-1], reverse=True)
    assert len(mondays) in (8, 9)  # eight weeks of Mondays, and today if it is one
    labels = [" ".join(page.find("label", attrs={"for": radio["id"]}).get_text().split()) for radio in radios]
    assert labels[-1] == "Another date"
    assert labels[0].startswith(f"{mondays[0]:%A %-d %B %Y}")
    # Under "Another date", the date input, whose hint gives the format before anything is wrong.
    panel = page.select_one("#first-session-another-date")
    assert panel.find_previous("input", attrs={"name": "first_session"}) == radios[-1]
    assert panel.select_one(".nhsuk-hint").get_text(strip=True) == "For example, 25 11 2026"
    assert panel.select('input[name^="joined_on_"]')
    assert not page.select(".nhsuk-error-message")


def test_joined_on_a_chosen_meeting_day_records_attendance_on_that_day(partner_client, referral):
    day = mondays_back(2)

    response = mark_joined(partner_client, referral, first_session=day.isoformat())

    assert response.status_code == 302
    participant = Participant.objects.get(referral=referral)
    assert participant.joined_on == day != TODAY()
    assert list(participant.attendances.values_list("session_date", flat=True)) == [day]


def test_another_day_it_met_can_be_typed(partner_client, referral):
    day = mondays_back(10)  # older than the days offered, still after the referral

    response = mark_joined(partner_client, referral, first_session="another", **date_input("joined_on", day))

    assert response.status_code == 302
    participant = Participant.objects.get(referral=referral)
    assert list(participant.attendances.values_list("session_date", flat=True)) == [day]


def test_a_day_with_no_session_is_refused_naming_the_days_it_meets(partner_client, referral):
    tuesday = mondays_back(1) + datetime.timedelta(days=1)

    response = mark_joined(
        partner_client, referral, first_session="another", **date_input("joined_on", tuesday)
    )

    assert response.status_code == 400
    assert error_summary(response) == [MESSAGE_NO_SESSION.format(day=tuesday)]
    nothing_saved(referral)


def test_a_typed_date_without_a_tick_is_taken_as_another_date_and_checked(partner_client, referral):
    tuesday = mondays_back(1) + datetime.timedelta(days=1)

    response = mark_joined(partner_client, referral, **date_input("joined_on", tuesday))

    assert response.status_code == 400
    assert error_summary(response) == [MESSAGE_NO_SESSION.format(day=tuesday)]
    # Shown with "Another date" ticked, so the date and its message are in view.
    assert page_of(response).select_one('input[name="first_session"][value="another"]').has_attr("checked")
    nothing_saved(referral)


def test_a_future_date_is_refused(partner_client, referral):
    next_monday = TODAY() + datetime.timedelta(days=7 - TODAY().weekday())

    response = mark_joined(
        partner_client, referral, first_session="another", **date_input("joined_on", next_monday)
    )

    assert response.status_code == 400
    assert error_summary(response) == ["The date of their first session must be today or in the past"]
    nothing_saved(referral)


@pytest.mark.parametrize(
    "typed",
    [
        {"joined_on_day": "31", "joined_on_month": "2", "joined_on_year": "2026"},
        {"joined_on_day": "next", "joined_on_month": "monday", "joined_on_year": ""},
        {"joined_on_day": "1", "joined_on_month": "12", "joined_on_year": "26"},
    ],
)
def test_garbage_is_refused_with_the_format(partner_client, referral, typed):
    response = mark_joined(partner_client, referral, first_session="another", **typed)

    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter the date of their first session as day, month and year, like 25 11 2026"
    ]
    nothing_saved(referral)


def test_nothing_chosen_is_refused_rather_than_taken_as_today(partner_client, referral):
    response = mark_joined(partner_client, referral)

    assert response.status_code == 400
    assert error_summary(response) == ["Choose the date of their first session"]
    nothing_saved(referral)


def test_a_day_not_offered_cannot_be_sent_as_a_choice(partner_client, referral):
    response = mark_joined(
        partner_client, referral, first_session=(mondays_back(1) + datetime.timedelta(days=1)).isoformat()
    )

    assert response.status_code == 400
    assert error_summary(response) == ["Choose the date of their first session from the list"]
    nothing_saved(referral)


def test_other_statuses_ignore_the_date(partner_client, referral):
    response = partner_client.post(
        reverse("referrals:status", args=[referral.public_id]),
        {"status": "acknowledged", "first_session": "another", "joined_on_day": "garbage"},
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACKNOWLEDGED


def test_the_service_never_records_a_first_session_on_a_day_with_no_session(referral, activity):
    contact = PartnerContactFactory(partner=activity.partner).user
    tuesday = mondays_back(1) + datetime.timedelta(days=1)

    for joined_on, message in [
        (None, "Choose the date of their first session"),
        (tuesday, MESSAGE_NO_SESSION.format(day=tuesday)),
        (
            TODAY() + datetime.timedelta(days=7),
            "The date of their first session must be today or in the past",
        ),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.change_status(
                referral=referral, to_status=Referral.Status.JOINED, user=contact, joined_on=joined_on
            )
        assert refused.value.message_dict == {"joined_on": [message]}
    nothing_saved(referral)


# -- the demo ----------------------------------------------------------------------------------


def test_the_demos_joined_attendances_all_fall_on_days_the_activity_met(make_activity):
    """Including an activity whose sessions have not started yet: nobody can have joined it, where the
    demo used to record their first session on a day with no session at all."""
    today = TODAY()
    for number, sessions in enumerate(
        [
            [session("mon", "10:00")],
            [session("wed", "14:00", frequency="fortnightly")],
            [session("thu", "18:00", valid_from=today + datetime.timedelta(days=30))],
        ]
    ):
        make_activity(f"Demo group {number}", slug=f"activity-{number:03d}", sessions=sessions)

    seed_referrals(seed="joined-on-meeting-days")

    participants = Participant.objects.select_related("activity").prefetch_related("activity__sessions")
    assert participants.count() > 20
    attendances = Attendance.objects.select_related("participant__activity").prefetch_related(
        "participant__activity__sessions"
    )
    assert attendances.count() > participants.count()
    for attendance in attendances:
        assert session_dates.meets_on(attendance.participant.activity, attendance.session_date), (
            f"{attendance.participant.activity.title} did not meet on {attendance.session_date:%A %d %B %Y}"
        )
    for participant in participants:
        assert participant.attendances.filter(session_date=participant.joined_on).exists()
    assert not participants.filter(activity__slug="activity-002").exists()
    assert ActivityPage.objects.filter(slug__startswith="activity-").count() == 3
