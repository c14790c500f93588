"""A small published directory for the feed's tests: activities in three areas, paused, paid,
online-only, monthly and fortnightly; a partner with charity and company numbers."""

import datetime

import pytest

from activities.models import ActivityPage
from activities.models.session import Frequency, WeekOfMonth
from activities.oruk import feed_index
from tests.builders import ActivityMaker, session


@pytest.fixture(autouse=True)
def _fresh_feed_index():
    feed_index.forget()
    yield
    feed_index.forget()


@pytest.fixture
def directory(db):
    """Seven activities: six at a venue (three in Huddersfield), one online only."""
    make = ActivityMaker()
    activities = {
        "choir": make(
            "Huddersfield choir",
            categories=["singing"],
            sessions=[
                session("tue", "10:00", "12:00"),
                session("thu", "18:30", "20:00", frequency=Frequency.FORTNIGHTLY),
            ],
            step_free_access=True,
            hearing_loop=True,
            accessible_toilet=False,
            quiet_space=False,
            carer_goes_free=False,
            bsl_available=False,
            accessibility_notes="Lift to the first floor.",
            contact_email="choir@example.org",
            contact_name="Sam Example",
            min_age=18,
        ),
        "painting": make(
            "Painting in the park",
            postcode="HD1 2TA",
            venue_name="Greenhead Park",
            categories=["arts"],
            cost_type=ActivityPage.CostType.PAID,
            concessions="Free for carers",
            sessions=[
                session("sat", "14:00", "16:00", frequency=Frequency.MONTHLY, week_of_month=WeekOfMonth.LAST)
            ],
            peer_led=True,
        ),
        "walk": make("Halifax wander", locality="calderdale", postcode="HX1 1QE", categories=["walking"]),
        "garden": make("Wakefield growers", locality="wakefield", postcode="WF1 2EB", categories=["music"]),
        "online": make(
            "Online poetry",
            categories=["arts"],
            delivery=ActivityPage.Delivery.ONLINE,
            postcode="",
            venue_name="",
            address="",
        ),
        "paused": make(
            "Knit and natter",
            postcode="HD1 2TA",
            categories=["arts"],
            how_to_join=ActivityPage.HowToJoin.REFERRAL,
        ),
        "donation": make(
            "Castleford bowls",
            locality="wakefield",
            postcode="WF10 1AA",
            categories=["walking"],
            cost_type="donation",
        ),
    }
    ActivityPage.objects.filter(pk=activities["paused"].pk).update(
        listing_status=ActivityPage.ListingStatus.PAUSED,
        paused_until=datetime.date.today() + datetime.timedelta(days=30),
        status_message="Back after the summer.",
    )
    partner = activities["choir"].partner
    partner.company_number = "SC 123456"
    partner.save_revision().publish()
    return activities
