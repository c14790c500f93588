"""An activity's own page, its JSON-LD and its calendar file."""

import datetime
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar
from wagtail.test.utils import WagtailPageTestCase

from activities.detail import distinguishing_label
from activities.factories import ActivityPageFactory
from activities.models import ActivityIndexPage, ActivityPage
from activities.models.session import Frequency, WeekOfMonth
from home.models import HomePage
from partners.models import PartnerIndexPage
from tests.builders import ActivityMaker, session

pytestmark = pytest.mark.django_db

HD1_2TA = (53.643913, -1.782641)


def upcoming(weekday: int, count: int = 3) -> list[datetime.date]:
    """The next `count` dates on a weekday, from today (worked out here, independently)."""
    day = timezone.localdate()
    found = []
    while len(found) < count:
        if day.weekday() == weekday:
            found.append(day)
        day += datetime.timedelta(days=1)
    return found


@pytest.fixture
def activity(make_activity):
    return make_activity(
        "Sing for your mind",
        postcode="hd12ta",
        categories=["singing", "music"],
        sessions=[session("tue", "10:00", "12:00", valid_from=datetime.date(2025, 1, 6))],
        cost_type=ActivityPage.CostType.PAID,
        cost_amount="3.50",
        concessions="Free for carers",
        step_free_access=True,
        hearing_loop=True,
        accessible_toilet=False,
        quiet_space=False,
        carer_goes_free=False,
        bsl_available=False,
        how_to_join=ActivityPage.HowToJoin.TURN_UP,
        first_visit_who_meets_you="Sam will meet you at the door.",
        first_visit_what_to_bring="Nothing at all.",
        first_visit_what_happens="We start with a cup of tea.",
        last_reviewed=datetime.date(2026, 10, 1),
        venue_name="Lawrence Batley Theatre",
        address="Queen's Square\nQueen Street",
        contact_phone="01484 430528",
    )


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD script"
    return json.loads(match.group(1))


class TestPage:
    def test_renders_what_someone_needs_to_decide_and_go(self, client, activity):
        response = client.get(activity.url)
        assert response.status_code == 200
        html = unescape(response.content.decode())
        assert "<h1>Sing for your mind</h1>" in html
        assert "Kirklees Community Partner" in html
        # When, with the next dates.
        assert "Every Tuesday, 10am to midday" in html
        assert "Next: " + ", ".join(day.strftime("%A %-d %B") for day in upcoming(1)) in html
        assert f'href="/activities/{activity.slug}/calendar/"' in html
        # Where, with a map link to the point of the postcode.
        assert "Lawrence Batley Theatre" in html
        assert "HD1 2TA" in html
        assert "https://www.openstreetmap.org/?mlat=53.64391&mlon=-1.78264#map=17/53.64391/-1.78264" in html
        # Cost, accessibility, how to join.
        assert "£3.50 a session. Free for carers" in html
        assert "<li>Step-free access</li>" in html
        assert "<li>Hearing loop</li>" in html
        assert "Accessible toilet" not in html
        assert "Just turn up." in html
        # Your first visit.
        assert "Your first visit" in html
        assert "Sam will meet you at the door." in html
        assert "Nothing at all." in html
        assert "We start with a cup of tea." in html
        # How fresh the details are.
        assert "These details were last checked on 1 October 2026." in html
        # Breadcrumbs back to the search and home.
        crumbs = re.findall(r'<a class="nhsuk-breadcrumb__link" href="([^"]+)">([^<]+)</a>', html)
        assert crumbs == [("/", "Home"), ("/activities/", "Find an activity")]
        # Categories and the partner link.
        assert "Singing" in html and "Music" in html
        assert f'href="{activity.partner.url}"' in html

    def test_no_accessibility_features_says_so(self, client, make_activity):
        plain = make_activity(
            "Plain",
            step_free_access=False,
            accessible_toilet=False,
            hearing_loop=False,
            quiet_space=False,
            carer_goes_free=False,
            bsl_available=False,
        )
        html = client.get(plain.url).content.decode()
        assert "The partner has not told us about accessibility features. Contact them to ask." in html

    def test_free_and_online(self, client, make_activity):
        online = make_activity(
            "Online writing", delivery=ActivityPage.Delivery.ONLINE, postcode="", cost_type="free"
        )
        assert online.latitude is None
        html = client.get(online.url).content.decode()
        assert "Online. You will be sent a link to join." in html
        assert "openstreetmap" not in html
        assert "<h2>Cost</h2>\n    <p>Free</p>" in html
        assert "geo" not in json_ld(html)["location"]

    def test_sessions_that_have_ended_say_so(self, client, make_activity):
        ended = make_activity(
            "Ended",
            sessions=[
                session(
                    "mon", "10:00", valid_from=datetime.date(2020, 1, 6), valid_to=datetime.date(2020, 6, 1)
                )
            ],
        )
        assert "There are no more dates for this session." in client.get(ended.url).content.decode()

    def test_a_draft_is_not_found(self, client, make_activity):
        draft = make_activity("Draft", live=False)
        assert client.get(f"/activities/{draft.slug}/").status_code == 404
        assert client.get(f"/activities/{draft.slug}/calendar/").status_code == 404

    def test_an_unknown_slug_is_not_found(self, client, activity):
        assert client.get("/activities/no-such-activity/").status_code == 404
        assert client.get(f"{activity.url}no-such-route/").status_code == 404

    def test_query_count_is_small(self, client, activity, django_assert_max_num_queries):
        """At most 10 queries for a warm request (the site's root paths are cached after the first)."""
        client.get(activity.url)
        with django_assert_max_num_queries(10):
            response = client.get(activity.url)
        assert response.status_code == 200


class TestJsonLd:
    def test_is_a_schema_org_event_with_a_place_and_schedule(self, client, activity):
        data = json_ld(client.get(activity.url).content.decode())
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Event"
        assert data["name"] == "Sing for your mind"
        # Full URLs follow the host the visitor used, not the Site record (localhost on a fresh database).
        assert data["url"] == f"http://testserver{activity.url}"
        assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        location = data["location"]
        assert location["@type"] == "Place"
        assert location["name"] == "Lawrence Batley Theatre"
        assert location["address"]["postalCode"] == "HD1 2TA"
        assert location["address"]["streetAddress"] == "Queen's Square, Queen Street"
        assert location["geo"]["@type"] == "GeoCoordinates"
        assert location["geo"]["latitude"] == pytest.approx(HD1_2TA[0], abs=1e-5)
        assert location["geo"]["longitude"] == pytest.approx(HD1_2TA[1], abs=1e-5)
        assert data["organizer"]["name"] == "Kirklees Community Partner"
        assert data["isAccessibleForFree"] is False
        assert data["offers"] == {"@type": "Offer", "price": "3.50", "priceCurrency": "GBP"}
        (schedule,) = data["eventSchedule"]
        assert schedule["byDay"] == "https://schema.org/Tuesday"
        assert (schedule["startTime"], schedule["endTime"]) == ("10:00", "12:00")
        assert schedule["repeatFrequency"] == "P1W"
        assert schedule["scheduleTimezone"] == "Europe/London"

    def test_text_cannot_close_the_script_element(self, client, make_activity):
        sneaky = make_activity("Sing </script><script>alert(1)</script>", summary="<b>&</b>")
        html = client.get(sneaky.url).content.decode()
        assert "</script><script>alert(1)" not in html
        data = json_ld(html)
        assert data["name"] == "Sing </script><script>alert(1)</script>"
        assert data["description"] == "<b>&</b>"


class TestCalendar:
    def get(self, client, activity):
        response = client.get(f"{activity.url}calendar/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert response["Content-Disposition"] == f'attachment; filename="{activity.slug}.ics"'
        return response.content.decode()

    def test_weekly(self, client, activity):
        text = self.get(client, activity)
        assert "BEGIN:VTIMEZONE" in text
        assert "TZID:Europe/London" in text
        assert "RRULE:FREQ=WEEKLY;BYDAY=TU" in text
        calendar = Calendar.from_ical(text)
        (event,) = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == "Sing for your mind"
        start = event.decoded("DTSTART")
        assert str(start.tzinfo) == "Europe/London"
        assert start.date() == upcoming(1, 1)[0]
        assert (start.hour, start.minute) == (10, 0)
        assert event.decoded("DTEND") - start == datetime.timedelta(hours=2)
        assert "HD1 2TA" in str(event["LOCATION"])

    def test_fortnightly_monthly_and_last_week(self, client, make_activity):
        activity = make_activity(
            "Mixed",
            sessions=[
                session("tue", "10:00", frequency=Frequency.FORTNIGHTLY),
                session("tue", "14:00", frequency=Frequency.MONTHLY, week_of_month=WeekOfMonth.FIRST),
                session(
                    "fri",
                    "13:30",
                    frequency=Frequency.MONTHLY,
                    week_of_month=WeekOfMonth.LAST,
                    valid_to=datetime.date(2099, 6, 26),
                ),
            ],
        )
        text = self.get(client, activity)
        assert "BEGIN:VTIMEZONE" in text
        rules = [event["RRULE"] for event in Calendar.from_ical(text).walk("VEVENT")]
        assert len(rules) == 3
        fortnightly, first_tuesday, last_friday = rules
        assert (
            fortnightly["FREQ"] == ["WEEKLY"]
            and fortnightly["INTERVAL"] == [2]
            and fortnightly["BYDAY"] == ["TU"]
        )
        assert first_tuesday["FREQ"] == ["MONTHLY"] and first_tuesday["BYDAY"] == ["1TU"]
        assert last_friday["FREQ"] == ["MONTHLY"] and last_friday["BYDAY"] == ["-1FR"]
        assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" in text
        assert "BYDAY=1TU" in text
        assert "BYDAY=-1FR" in text

    def test_until_is_in_utc(self, client, make_activity):
        """RFC 5545: with a zoned DTSTART, UNTIL must be written in UTC (2:30pm BST is 13:30Z)."""
        activity = make_activity(
            "Ends in summer", sessions=[session("fri", "13:30", "14:30", valid_to=datetime.date(2099, 6, 26))]
        )
        text = self.get(client, activity)
        assert "UNTIL=20990626T133000Z" in text


class TestModel:
    def test_postcode_is_written_the_standard_way_and_placed(self, activity):
        activity.full_clean()
        assert activity.postcode == "HD1 2TA"
        assert (activity.latitude, activity.longitude) == pytest.approx(HD1_2TA, abs=1e-6)

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            (
                {"cost_type": "paid", "cost_amount": None},
                "cost_amount",
                "Enter the price per session, or choose free.",
            ),
            ({"min_age": 18, "max_age": 16}, "max_age", "The oldest age must be more than the youngest."),
            ({"audience": "group", "audience_group": ""}, "audience_group", "Say which group it is for."),
            ({"postcode": ""}, "postcode", "Enter the venue's postcode so people can find it."),
            (
                {"postcode": "banana"},
                "postcode",
                "Enter a postcode like HD1 2TA, or the first part of one, like HD1",
            ),
            # The search's place box takes town names; a venue needs its own postcode.
            (
                {"postcode": "Halifax"},
                "postcode",
                "Enter a postcode like HD1 2TA, or the first part of one, like HD1",
            ),
        ],
    )
    def test_clean(self, activity, changes, field, message):
        for name, value in changes.items():
            setattr(activity, name, value)
        with pytest.raises(ValidationError) as caught:
            activity.clean()
        assert caught.value.message_dict[field] == [message]

    def test_labels(self, activity):
        assert activity.cost_label == "£3.50 a session"
        activity.cost_amount = Decimal("12.00")
        assert activity.cost_label == "£12 a session"
        activity.cost_type = "donation"
        assert activity.cost_label == "Pay what you can"
        assert activity.ages_label == "All ages"
        activity.min_age, activity.max_age = 18, 25
        assert activity.ages_label == "Ages 18 to 25"
        activity.max_age = None
        assert activity.ages_label == "Ages 18 and over"
        assert activity.accessibility_features == ["Step-free access", "Hearing loop"]


class ActivityPageWagtailTests(WagtailPageTestCase):
    """Wagtail's own page-test helpers: routing, rendering and where activities may be created."""

    @classmethod
    def setUpTestData(cls):
        cls.activity = ActivityPageFactory(
            sessions=[session("wed", "18:00", frequency=Frequency.MONTHLY, week_of_month=WeekOfMonth.SECOND)]
        )

    def test_routable(self):
        self.assertPageIsRoutable(self.activity)
        self.assertPageIsRoutable(self.activity, "calendar/")

    def test_renderable(self):
        self.assertPageIsRenderable(self.activity)
        self.assertPageIsRenderable(self.activity, "calendar/")
        self.assertPageIsRenderable(ActivityIndexPage.objects.get(), query_data={"near": "banana"})

    def test_where_they_can_be_created(self):
        self.assertCanCreateAt(ActivityIndexPage, ActivityPage)
        self.assertCanNotCreateAt(HomePage, ActivityPage)
        self.assertCanNotCreateAt(PartnerIndexPage, ActivityPage)
        self.assertAllowedParentPageTypes(ActivityPage, {ActivityIndexPage})
        self.assertAllowedSubpageTypes(ActivityIndexPage, {ActivityPage})


def test_a_distinguishing_label_names_when_and_where(db):
    activity = ActivityMaker()(
        "Knit and natter",
        locality="kirklees",
        postcode="WF17 5AB",
        venue_name="Batley Library",
        sessions=[session("thu", "14:00"), session("tue", "10:00"), session("fri", "18:30")],
    )
    assert distinguishing_label(activity) == (
        "Knit and natter (Tuesday 10am, Thursday 2pm and more; Batley Library)"
    )
