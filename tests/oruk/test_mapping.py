"""What the feed says about an activity: the same schedule as its .ics, its cost, its status, its
access and its terms; never its contact person; ids that survive edits and re-seeding."""

import datetime

import pytest
from icalendar import Calendar

from activities.models import ActivityPage
from activities.oruk import ids
from activities.search.needs import ACCESS_CHOICES
from tests.builders import ActivityMaker

API = "/api/oruk/"
pytestmark = pytest.mark.django_db


def service(client, activity) -> dict:
    response = client.get(f"{API}services/{activity.translation_key}")
    assert response.status_code == 200, response.content
    return response.json()


def test_sessions_are_schedules_with_the_calendar_files_rules(client, directory):
    for key in ("choir", "painting"):
        activity = directory[key]
        schedules = service(client, activity)["schedules"]
        calendar = Calendar.from_ical(client.get(activity.url + "calendar/").content)
        rules = sorted(
            (
                event["rrule"]["FREQ"][0],
                event["rrule"]["BYDAY"][0],
                event["rrule"].get("INTERVAL", [1])[0],
                event["dtstart"].dt.strftime("%H:%M"),
                event["dtend"].dt.strftime("%H:%M"),
            )
            for event in calendar.walk("VEVENT")
        )
        assert rules == sorted(
            (s["freq"], s["byday"], s["interval"], s["opens_at"], s["closes_at"]) for s in schedules
        )
        words = sorted(str(session) for session in activity.sessions.all())
        assert sorted(s["description"] for s in schedules) == words


def test_a_monthly_session_on_the_last_saturday(client, directory):
    (schedule,) = service(client, directory["painting"])["schedules"]
    assert (schedule["freq"], schedule["byday"]) == ("MONTHLY", "-1SA")
    assert schedule["description"] == "The last Saturday of each month, 2pm to 4pm"
    first = datetime.date.fromisoformat(schedule["dtstart"])
    assert first.weekday() == 5 and (first + datetime.timedelta(days=7)).month != first.month


def test_a_fortnightly_session_repeats_every_two_weeks_from_its_first_date(client, directory):
    schedules = {s["byday"]: s for s in service(client, directory["choir"])["schedules"]}
    assert schedules["TH"]["interval"] == 2
    assert schedules["TH"]["dtstart"] == "2026-01-08"  # the first Thursday on or after 5 January
    assert schedules["TU"]["interval"] == 1


def test_cost_options(client, directory):
    free = service(client, directory["choir"])["cost_options"]
    assert [(o["option"], o["amount"]) for o in free] == [("Free", 0)]
    paid = service(client, directory["painting"])["cost_options"]
    assert paid[0]["amount"] == 3.5
    assert paid[0]["amount_description"] == "£3.50 a session (pounds sterling)"
    assert paid[1] == {
        "id": ids.cost_option_id(str(directory["painting"].translation_key), "concessions"),
        "service_id": str(directory["painting"].translation_key),
        "option": "Concessions",
        "amount_description": "Free for carers",
    }
    (donation,) = service(client, directory["donation"])["cost_options"]
    assert donation["option"] == "Pay what you can"
    assert "amount" not in donation


def test_a_paused_activity_is_temporarily_closed_with_its_message(client, directory):
    body = service(client, directory["paused"])
    assert body["status"] == "temporarily closed"
    assert body["alert"].endswith("Back after the summer.")
    assert service(client, directory["choir"])["status"] == "active"


def test_never_the_contact_persons_name(client, directory):
    text = client.get(f"{API}services?full=true&per_page=100").content.decode()
    assert "Sam Example" not in text
    assert service(client, directory["choir"])["email"] == "choir@example.org"


def test_access_is_the_locations_and_the_needs_are_attributes(client, directory):
    body = service(client, directory["choir"])
    (place,) = body["service_at_locations"]
    labels = dict(ACCESS_CHOICES)
    assert [a["description"] for a in place["location"]["accessibility"]] == [
        labels["step-free"],
        labels["hearing-loop"],
        "Lift to the first floor.",
    ]
    terms = {(a["link_type"], a["taxonomy_term"]["term"]) for a in body["attributes"]}
    assert {("activity_type", "singing"), ("accessibility", "step-free"), ("delivery", "in-person")} <= terms
    uris = {a["taxonomy_term"]["term_uri"] for a in body["attributes"]}
    assert "http://testserver/activities/?access=step-free" in uris


def test_the_area_is_named_with_its_ons_code(client, directory):
    (area,) = service(client, directory["walk"])["service_areas"]
    assert area["name"] == "Calderdale"
    assert area["uri"] == "http://statistics.data.gov.uk/id/statistical-geography/E08000033"


def test_an_online_activity_has_no_location(client, directory):
    body = service(client, directory["online"])
    assert "service_at_locations" not in body
    listed = client.get(f"{API}service_at_locations?per_page=100&full=true").json()["contents"]
    assert "Online poetry" not in {item["service"]["name"] for item in listed}


def test_charity_and_company_numbers_are_organization_identifiers(client, directory):
    partner = directory["choir"].partner
    body = client.get(f"{API}organizations/{partner.translation_key}").json()
    identifiers = {(i["identifier_scheme"], i["identifier"]) for i in body["organization_identifiers"]}
    assert identifiers == {("GB-CHC", partner.charity_number), ("GB-COH", "SC123456")}
    assert {s["name"] for s in body["services"]} >= {"Huddersfield choir", "Knit and natter"}


def test_stale_ended_and_unpublished_listings_are_left_out(client, directory):
    ActivityPage.objects.filter(pk=directory["walk"].pk).update(last_reviewed=datetime.date(2000, 1, 1))
    ActivityPage.objects.filter(pk=directory["garden"].pk).update(
        listing_status=ActivityPage.ListingStatus.ENDED
    )
    directory["donation"].unpublish()
    names = {s["name"] for s in client.get(f"{API}services").json()["contents"]}
    assert names.isdisjoint({"Halifax wander", "Wakefield growers", "Castleford bowls"})
    for key in ("walk", "garden", "donation"):
        assert client.get(f"{API}services/{directory[key].translation_key}").status_code == 404


def test_search_finds_what_the_site_finds(client, directory):
    for words in ("choir", "singing", "park painting", "nothing like this"):
        site = {
            card.title
            for card in client.get("/activities/", {"q": words, "as_typed": "1"}).context["outcome"].page
        }
        feed = {s["name"] for s in client.get(f"{API}services", {"search": words}).json()["contents"]}
        assert feed == site, words


def test_modified_after(client, directory):
    for activity in directory.values():
        ActivityPage.objects.get(pk=activity.pk).save_revision().publish()
    everything = client.get(f"{API}services", {"modified_after": "2000-01-01"}).json()
    assert everything["total_items"] == 7
    future = client.get(f"{API}services", {"modified_after": "2999-01-01T00:00:00+01:00"}).json()
    assert future["empty"] is True


def test_ids_survive_an_edit_and_republishing(client, directory):
    before = service(client, directory["choir"])
    choir = ActivityPage.objects.get(pk=directory["choir"].pk)
    choir.summary = "New words."
    choir.description = "<p>Changed.</p>"
    choir.save_revision().publish()
    after = service(client, choir)

    def all_ids(body):
        found = set()
        if isinstance(body, dict):
            found |= {value for key, value in body.items() if key == "id" or key.endswith("_id")}
            for value in body.values():
                found |= all_ids(value)
        elif isinstance(body, list):
            for value in body:
                found |= all_ids(value)
        return found

    assert after["description"].startswith("New words.")
    assert all_ids(after) == all_ids(before)


def test_ids_survive_building_the_same_directory_again(client, directory, django_capture_on_commit_callbacks):
    """A second seed_demo keeps the pages it finds (and so their translation_key); a derived id
    depends only on its natural key, so a location rebuilt from the same venue keeps its id."""
    first = client.get(f"{API}service_at_locations?per_page=100").json()["contents"]
    with django_capture_on_commit_callbacks(execute=True):  # the feed's version changes on commit
        copy = ActivityMaker()(
            "Huddersfield choir again", venue_name="  community   CENTRE ", postcode="hd12ta"
        )
    again = service(client, copy)["service_at_locations"][0]["location_id"]
    assert again in {item["location_id"] for item in first}
