"""The review cycle's daily job, with a frozen clock: a reminder a month before a listing falls due,
a warning (and staff told) when it falls due, out of search three months later; each step once,
however often the job runs, and each email counted as the worker sends it."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageLogEntry

from activities.listings import demo_review
from activities.listings.confirm_links import read_token
from activities.listings.services.review import confirm_listing, run_review_cycle
from activities.models import ActivityPage
from activities.review_cycle import (
    ReviewStage,
    reviewed_before_is_due,
    reviewed_before_is_due_soon,
    reviewed_before_is_stale,
    stage_on,
)
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.concurrency import race
from tests.email_queue import run_worker, waiting_tasks
from tests.listings import frozen_clock

clock = frozen_clock.clock

pytestmark = pytest.mark.django_db

CHECKED = datetime.date(2026, 1, 15)  # due 15 July, reminded 15 June, out of search 15 October
REMIND_ON = datetime.date(2026, 6, 15)
DUE_ON = datetime.date(2026, 7, 15)
LEAVES_SEARCH_ON = datetime.date(2026, 10, 15)


@pytest.fixture
def partner(db):
    partner = PartnerPageFactory(
        home=Locality.objects.get(slug="kirklees"),
        title="Huddersfield Singers",
        contact_email="hello@singers.example",
    )
    PartnerContactFactory(partner=partner, user=UserFactory(email="pat@singers.example"))
    PartnerContactFactory(partner=partner, user=UserFactory(email="sam@singers.example"))
    PartnerContactFactory(partner=partner, user=UserFactory(email="gone@singers.example", is_active=False))
    return partner


def checked_on(activity, day):
    ActivityPage.objects.filter(pk=activity.pk).update(last_reviewed=day)
    activity.refresh_from_db()
    return activity


def sent() -> list[tuple[str, tuple[str, ...]]]:
    """What the worker sent since the last call: (subject, recipients), in order."""
    if waiting_tasks().exists():
        run_worker()
    messages = [(message.subject, tuple(message.to)) for message in mail.outbox]
    mail.outbox.clear()
    return messages


def actions(activity) -> list[str]:
    return list(
        PageLogEntry.objects.filter(page=activity, action__startswith="listings.")
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def found_by_search(client, title: str) -> bool:
    return title in client.get("/activities/", {"q": "choir"}).content.decode()


def test_each_step_once_on_its_day_however_often_the_job_runs(
    database_queue, clock, partner, make_activity, settings, client, django_capture_on_commit_callbacks
):
    settings.LISTINGS_STAFF_EMAIL = "listings@cm.example"
    choir = checked_on(make_activity("Harmony choir", partner=partner, summary="A choir."), CHECKED)
    band = checked_on(make_activity("Ukulele band choir", partner=partner, summary="A choir."), CHECKED)
    assert choir.review.due_on == DUE_ON

    news = {}
    day = datetime.date(2026, 6, 1)
    while day <= datetime.date(2026, 10, 31):
        clock.move_to(day)
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                run_review_cycle(day)
        if emails := sent():
            news[day] = emails
        if day in (LEAVES_SEARCH_ON - datetime.timedelta(days=1), LEAVES_SEARCH_ON):
            news[day, "found"] = found_by_search(client, "Harmony choir")
        day += datetime.timedelta(days=1)

    partner_emails = ("pat@singers.example", "sam@singers.example")
    assert news == {
        REMIND_ON: [("Please check your 2 listings on Creative Minds", partner_emails)],
        DUE_ON: [("Listings needing attention: 2 overdue", ("listings@cm.example",))],
        (LEAVES_SEARCH_ON - datetime.timedelta(days=1), "found"): True,
        LEAVES_SEARCH_ON: [("Listings needing attention: 2 out of search", ("listings@cm.example",))],
        (LEAVES_SEARCH_ON, "found"): False,
    }
    for activity in (choir, band):
        assert actions(activity) == [
            "listings.review_reminder",
            "listings.review_due",
            "listings.review_stale",
        ]
        activity.refresh_from_db()
        assert (activity.review_reminded_for, activity.review_flagged_for, activity.review_hidden_for) == (
            DUE_ON,
            DUE_ON,
            DUE_ON,
        )


def test_the_reminder_lists_each_listing_with_its_own_still_right_link_and_edit_link(
    database_queue, clock, partner, make_activity, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://creativeminds.example"
    clock.move_to(REMIND_ON)
    choir = checked_on(make_activity("Harmony choir", partner=partner), CHECKED)
    band = checked_on(make_activity("Ukulele band", partner=partner), CHECKED - datetime.timedelta(days=40))

    run_review_cycle(REMIND_ON)
    run_worker()

    message, staff = mail.outbox  # the band is overdue already: staff hear too
    assert staff.subject == "Listings needing attention: 1 overdue"
    body = message.body
    assert message.subject == "Please check your 2 listings on Creative Minds"
    assert "Please check it by 15 July 2026." in body  # the choir: due soon
    assert "It was due to be checked on 6 June 2026." in body  # the band: already overdue
    for activity in (choir, band):
        edit = "https://creativeminds.example" + reverse(
            "listings:activity_edit", args=[activity.translation_key]
        )
        assert edit in body
    links = [line for line in body.splitlines() if "/listings/check/" in line]
    assert all(link.startswith("https://creativeminds.example/listings/check/") for link in links)
    tokens = [link.rstrip("/").rsplit("/", 1)[-1] for link in links]
    assert sorted(read_token(token).page_id for token in tokens) == sorted([choir.pk, band.pk])


def test_a_listing_confirmed_while_the_reminder_waited_is_left_out_of_it(
    database_queue, clock, partner, make_activity
):
    clock.move_to(REMIND_ON)
    choir = checked_on(make_activity("Harmony choir", partner=partner), CHECKED)
    band = checked_on(make_activity("Ukulele band", partner=partner), CHECKED)
    run_review_cycle(REMIND_ON)

    confirm_listing(band, user=None)
    run_worker()

    (message,) = mail.outbox
    assert message.subject == f"Please check your listing on Creative Minds: {choir.title}"
    assert "Ukulele band" not in message.body


def test_confirming_restarts_the_cycle_and_the_next_cycle_reminds_again(
    database_queue, clock, partner, make_activity
):
    choir = checked_on(make_activity("Harmony choir", partner=partner), CHECKED)
    clock.move_to(REMIND_ON)
    run_review_cycle(REMIND_ON)
    assert len(sent()) == 1

    clock.move_to(REMIND_ON + datetime.timedelta(days=3))
    assert confirm_listing(choir) is True
    for day in (DUE_ON, LEAVES_SEARCH_ON):
        clock.move_to(day)
        assert run_review_cycle(day) == {
            "reminder_emails": 0,
            "reminded": 0,
            "due": 0,
            "stale": 0,
            "nobody_to_remind": 0,
        }
    assert sent() == []

    next_reminder = datetime.date(2026, 11, 18)  # checked 18 June: due 18 December
    clock.move_to(next_reminder)
    assert run_review_cycle(next_reminder)["reminded"] == 1
    assert [subject for subject, _ in sent()] == [
        f"Please check your listing on Creative Minds: {choir.title}"
    ]


def test_a_partner_without_contacts_is_reminded_at_its_public_address_and_one_with_neither_is_left_to_staff(
    database_queue, clock, make_activity, settings
):
    settings.LISTINGS_STAFF_EMAIL = "listings@cm.example"
    kirklees = Locality.objects.get(slug="kirklees")
    public_only = PartnerPageFactory(home=kirklees, contact_email="info@walkers.example")
    nobody = PartnerPageFactory(home=kirklees, contact_email="")
    PartnerContactFactory(partner=nobody, user=UserFactory(email=""))
    walk = checked_on(make_activity("Walking group", partner=public_only), CHECKED)
    draw = checked_on(make_activity("Drawing club", partner=nobody), CHECKED)
    clock.move_to(REMIND_ON)

    result = run_review_cycle(REMIND_ON)

    assert result["reminder_emails"] == 1
    assert result["nobody_to_remind"] == 1
    run_worker()
    messages = {message.subject: message for message in mail.outbox}
    assert messages[f"Please check your listing on Creative Minds: {walk.title}"].to == [
        "info@walkers.example"
    ]
    staff = messages["Listings needing attention: 1 with nobody to remind"]
    assert staff.to == ["listings@cm.example"]
    assert draw.title in staff.body and walk.title not in staff.body
    assert PageLogEntry.objects.get(page=draw, action="listings.review_reminder").data["emailed"] is False


def test_paused_listings_take_part_but_ended_and_unpublished_ones_do_not(clock, partner, make_activity):
    paused = make_activity("Paused choir", partner=partner, listing_status=ActivityPage.ListingStatus.PAUSED)
    ended = make_activity("Ended choir", partner=partner, listing_status=ActivityPage.ListingStatus.ENDED)
    draft = make_activity("Draft choir", partner=partner)
    draft.unpublish()
    for activity in (paused, ended, draft):
        checked_on(activity, CHECKED)
    clock.move_to(LEAVES_SEARCH_ON)

    assert run_review_cycle(LEAVES_SEARCH_ON) == {
        "reminder_emails": 1,
        "reminded": 1,
        "due": 1,
        "stale": 1,
        "nobody_to_remind": 0,
    }
    assert [message.subject for message in mail.outbox] == [
        f"Please check your listing on Creative Minds: {paused.title}",
        "Listings needing attention: 1 overdue, 1 out of search",
    ]
    assert actions(ended) == actions(draft) == []


def test_run_scheduled_jobs_runs_the_cycle_for_today(clock, partner, make_activity):
    checked_on(make_activity("Harmony choir", partner=partner), CHECKED)
    clock.move_to(REMIND_ON)

    out = StringIO()
    call_command("run_scheduled_jobs", "--only", "send_listing_reviews", stdout=out)

    done = "{'reminder_emails': 1, 'reminded': 1, 'due': 0, 'stale': 0, 'nobody_to_remind': 0}"
    assert out.getvalue().splitlines() == [f"send_listing_reviews: {done}"]
    assert [message.to for message in mail.outbox] == [["pat@singers.example", "sam@singers.example"]]


def test_the_demo_spreads_listings_over_every_stage(clock, partner, make_activity):
    day = datetime.date(2026, 11, 30)
    clock.move_to(day)
    activities = [make_activity(f"Group {n}", partner=partner) for n in range(8)]

    result = demo_review.spread_review_states(activities, day=day)

    assert result["stages"] == {"checked": 2, "due_soon": 2, "due": 2, "stale": 2}
    stages = [ActivityPage.objects.get(pk=a.pk).review.stage_on(day) for a in activities]
    assert stages == [ReviewStage.CHECKED, ReviewStage.DUE_SOON, ReviewStage.DUE, ReviewStage.STALE] * 2
    assert result["cycle"] == {
        "reminder_emails": 1,
        "reminded": 6,
        "due": 4,
        "stale": 2,
        "nobody_to_remind": 0,
    }


@pytest.mark.parametrize("months", [(6, 1, 3), (12, 2, 3)])
def test_the_database_cut_offs_agree_with_each_listings_stage_to_the_day(settings, months):
    """The job and the search filter by the cut-offs; the page reads the stage: the same answer on
    every day, also at the ends of months (31 August + 6 months is 28 February)."""
    settings.LISTING_REVIEW_MONTHS, settings.LISTING_REMINDER_MONTHS, settings.LISTING_STALE_MONTHS = months
    cut_offs = {
        ReviewStage.DUE_SOON: reviewed_before_is_due_soon,
        ReviewStage.DUE: reviewed_before_is_due,
        ReviewStage.STALE: reviewed_before_is_stale,
    }
    stages = list(ReviewStage)
    checked = [datetime.date(2025, 8, 1) + datetime.timedelta(days=n) for n in range(0, 214, 1)]
    for day in (datetime.date(2026, 2, 26) + datetime.timedelta(days=n) for n in range(0, 400, 5)):
        for stage, cut_off in cut_offs.items():
            before = cut_off(day)
            for last_reviewed in checked:
                reached = stages.index(stage_on(last_reviewed, day)) >= stages.index(stage)
                assert (last_reviewed < before) == reached, (day, stage, last_reviewed)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_take_each_step_once(require_postgres, clock, make_activity, settings):
    settings.LISTINGS_STAFF_EMAIL = "listings@cm.example"
    # No postcodes: an earlier transactional test's flush may have emptied the postcode tables.
    partner = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"), postcode="")
    PartnerContactFactory(partner=partner, user=UserFactory(email="pat@singers.example"))
    online = {"partner": partner, "postcode": "", "delivery": ActivityPage.Delivery.ONLINE}
    for n in range(6):
        checked_on(make_activity(f"Group {n}", **online), CHECKED)
    clock.move_to(LEAVES_SEARCH_ON)

    results = race([lambda: run_review_cycle(LEAVES_SEARCH_ON)] * 2)

    assert sorted(result["reminded"] for result in results) == [0, 6], results
    assert sorted((message.subject, tuple(message.to)) for message in mail.outbox) == [
        ("Listings needing attention: 6 overdue, 6 out of search", ("listings@cm.example",)),
        ("Please check your 6 listings on Creative Minds", ("pat@singers.example",)),
    ]
    assert PageLogEntry.objects.filter(action="listings.review_reminder").count() == 6
