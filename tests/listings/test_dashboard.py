"""Your listings: who reaches which page, and what a partner's page says about each activity (live,
new, waiting for review, changes asked for, paused, ended, due a check, out of search, reported as
wrong), at the same number of queries for 5 activities as for 50."""

from __future__ import annotations

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowTask

from activities.listings.models import ListingModerationTask, ProblemReport
from activities.listings.selectors import attention_count
from activities.models import ActivityPage
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import session
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

Status = ActivityPage.ListingStatus


@pytest.fixture
def partner(make_activity):
    return make_activity.partner_for(Locality.objects.get(slug="kirklees"), "HD1 2TA")


@pytest.fixture
def contact(partner):
    return PartnerContactFactory(partner=partner).user


@pytest.fixture
def moderator():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_any_listing"))
    return user


@pytest.fixture
def workflow():
    task = ListingModerationTask.objects.create(name="Listing review")
    flow = Workflow.objects.create(name="Listing review")
    WorkflowTask.objects.create(workflow=flow, task=task, sort_order=0)
    return flow


def send_for_review(page, workflow, user, **changes):
    """What the partner's "send for review" does: a revision with the change, then the workflow."""
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision(user=user)
    return workflow.start(page, user)


def ask_for_changes(workflow_state, comment):
    workflow_state.current_task_state.specific.reject(user=UserFactory(is_superuser=True), comment=comment)


def partner_page(client, user, partner):
    client.force_login(user)
    return client.get(reverse("listings:partner", kwargs={"key": partner.translation_key}))


def card(response, activity) -> str:
    """The text of one activity's card on the page."""
    html = response.text
    start = html.index(f'id="activity-{activity.translation_key}"')
    end = html.find('<div class="nhsuk-card"', start)
    return html[start : end if end != -1 else len(html)]


def words(html: str) -> str:
    """What a person reads: the text without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- who reaches what ------------------------------------------------------------------------


def test_a_contact_of_one_partner_goes_straight_to_its_listings(client, contact, partner):
    client.force_login(contact)
    response = client.get(reverse("listings:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("listings:partner", kwargs={"key": partner.translation_key})


def test_a_contact_of_several_partners_chooses_one_of_theirs(client, contact, partner):
    other = PartnerPageFactory(title="Calder Makers")
    PartnerContactFactory(user=contact, partner=other)
    PartnerPageFactory(title="Not Theirs Arts")
    client.force_login(contact)
    response = client.get(reverse("listings:index"))
    assert response.status_code == 200
    assert partner.title in response.text and "Calder Makers" in response.text
    assert "Not Theirs Arts" not in response.text
    assert 'name="q"' not in response.text  # the search is for staff, who see every partner


def test_staff_see_every_partner_thirty_a_page_and_can_search_by_name(client, moderator):
    for number in range(31):
        PartnerPageFactory(title=f"Partner {number:02d}")
    PartnerPageFactory(title="Halifax Clay Club")
    client.force_login(moderator)
    first = client.get(reverse("listings:index"))
    assert first.text.count('href="/listings/partners/') == 30
    assert "Page 1 of 2" not in first.text and "Page 2 of 2" in first.text
    found = client.get(reverse("listings:index"), {"q": "  clay  "})
    assert "Halifax Clay Club" in found.text and "Partner 00" not in found.text
    nothing = client.get(reverse("listings:index"), {"q": "zebra"})
    assert "No partner's name has “zebra” in it" in nothing.text
    garbage = client.get(reverse("listings:index"), {"q": "zebra\x00", "page": "x" * 500})
    assert garbage.status_code == 200
    assert "The name has a character we cannot use" in garbage.text
    assert garbage.text.count('href="/listings/partners/') == 30  # the first page, unfiltered


def test_someone_without_listings_gets_404_and_nobody_signed_in_is_sent_to_sign_in(client):
    response = client.get(reverse("listings:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(reverse("listings:index")).status_code == 404


def test_another_partners_listings_are_404(client, contact):
    other = PartnerPageFactory()
    client.force_login(contact)
    assert client.get(reverse("listings:partner", kwargs={"key": other.translation_key})).status_code == 404


# -- what the partner's page says ------------------------------------------------------------


def test_the_page_shows_the_profile_and_each_activity_with_its_sessions_and_place(
    client, contact, partner, make_activity
):
    make_activity(
        "Clay and conversation",
        partner=partner,
        venue_name="Lawrence Batley Theatre",
        sessions=[session("tue", "10:00", "12:00"), session("thu", "18:00", "19:30")],
        last_reviewed=datetime.date(2026, 9, 1),
    )
    make_activity("Zoom poetry", partner=partner, delivery=ActivityPage.Delivery.ONLINE, postcode="")
    response = partner_page(client, contact, partner)
    text = response.text
    assert response.status_code == 200
    assert partner.summary in text and "Change your profile" in text
    assert reverse("listings:partner_profile", kwargs={"key": partner.translation_key}) in text
    assert reverse("listings:activity_new", kwargs={"key": partner.translation_key}) in text
    assert "Every Tuesday" in text and "Every Thursday" in text
    assert "Lawrence Batley Theatre, HD1 2TA" in text
    assert "Online" in text
    assert "Last checked 1 September 2026" in words(text)
    assert text.count(">Live<") == 3  # the profile and both activities


def test_a_live_activity_links_to_its_page_and_to_change_and_pause_it(
    client, contact, partner, make_activity
):
    activity = make_activity("Clay and conversation", partner=partner)
    text = card(partner_page(client, contact, partner), activity)
    assert f'href="{activity.url}"' in text
    assert reverse("listings:activity_edit", kwargs={"key": activity.translation_key}) in text
    assert reverse("listings:activity_status", kwargs={"key": activity.translation_key}) in text
    assert "Please check these details" not in text


def test_a_new_activity_waiting_for_review_and_one_not_yet_sent(
    client, contact, partner, make_activity, workflow
):
    waiting = make_activity("Brand new choir", partner=partner, live=False)
    send_for_review(waiting, workflow, contact)
    draft = make_activity("Half made", partner=partner, live=False)
    response = partner_page(client, contact, partner)
    assert "New: waiting for review" in card(response, waiting)
    assert f'href="{waiting.url}"' not in card(response, waiting)
    assert "New: not sent for review yet" in card(response, draft)


def test_a_change_waiting_for_review_keeps_the_live_version_and_says_when_it_was_sent(
    client, contact, partner, make_activity, workflow
):
    activity = make_activity("Clay and conversation", partner=partner)
    send_for_review(activity, workflow, contact, title="Clay, tea and conversation")
    text = card(partner_page(client, contact, partner), activity)
    sent = timezone.localdate()
    assert f"Your changes are waiting for review (sent {sent.day} {sent:%B})" in text
    assert "Clay and conversation" in text and "Clay, tea and conversation" not in text
    assert ">Live<" in text


def test_changes_asked_for_show_the_reviewers_comment(client, contact, partner, make_activity, workflow):
    activity = make_activity("Clay and conversation", partner=partner)
    state = send_for_review(activity, workflow, contact, summary="New words")
    ask_for_changes(state, "Please say which door to use.")
    PartnerPageFactory()  # another partner's changes never show here
    text = card(partner_page(client, contact, partner), activity)
    assert "Changes asked for: Please say which door to use." in text
    assert "waiting for review" not in text


def test_the_profiles_own_changes_show_on_its_card(client, contact, partner, workflow):
    state = send_for_review(partner, workflow, contact, summary="We sing now")
    response = partner_page(client, contact, partner)
    assert "Your changes are waiting for review" in response.text
    ask_for_changes(state, "Add your opening hours.")
    response = partner_page(client, contact, partner)
    assert "Changes asked for: Add your opening hours." in response.text


@pytest.mark.parametrize(
    ("status", "until", "message", "expected"),
    [
        (Status.PAUSED, 40, "Closed over Christmas", "Paused until "),
        (Status.ENDED, None, "We stopped in May", "Ended"),
    ],
)
def test_paused_and_ended_activities_say_so_with_their_message(
    client, contact, partner, make_activity, status, until, message, expected
):
    activity = make_activity("Clay and conversation", partner=partner)
    paused_until = timezone.localdate() + datetime.timedelta(days=until) if until else None
    ActivityPage.objects.filter(pk=activity.pk).update(
        listing_status=status, paused_until=paused_until, status_message=message
    )
    text = card(partner_page(client, contact, partner), activity)
    assert expected in text and message in text
    if paused_until:
        assert f"Paused until {paused_until.day} {paused_until:%B}" in text
    assert ">Live<" not in text


def test_a_pause_that_is_over_shows_as_live(client, contact, partner, make_activity):
    activity = make_activity("Clay and conversation", partner=partner)
    ActivityPage.objects.filter(pk=activity.pk).update(
        listing_status=Status.PAUSED, paused_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert ">Live<" in card(partner_page(client, contact, partner), activity)


def test_an_activity_due_soon_asks_for_a_check_by_its_due_date_with_a_still_right_button(
    client, contact, partner, make_activity
):
    last = timezone.localdate() - relativedelta(months=5, days=10)
    activity = make_activity("Clay and conversation", partner=partner, last_reviewed=last)
    text = card(partner_page(client, contact, partner), activity)
    due = last + relativedelta(months=6)
    assert f"Please check these details by {due:%-d %B %Y}" in text
    assert (
        f'action="{reverse("listings:activity_confirm", kwargs={"key": activity.translation_key})}"' in text
    )
    assert 'name="csrfmiddlewaretoken"' in text
    assert "These details are still right" in text


def test_an_activity_past_its_due_date_says_the_page_warns(client, contact, partner, make_activity):
    last = timezone.localdate() - relativedelta(months=7)
    activity = make_activity("Clay and conversation", partner=partner, last_reviewed=last)
    text = card(partner_page(client, contact, partner), activity)
    assert f"Please check these details by {last + relativedelta(months=6):%-d %B %Y}" in text
    assert "the page says they may be out of date" in text


def test_a_stale_activity_says_since_when_it_is_out_of_search(client, contact, partner, make_activity):
    last = timezone.localdate() - relativedelta(months=10)
    activity = make_activity("Clay and conversation", partner=partner, last_reviewed=last)
    text = card(partner_page(client, contact, partner), activity)
    assert f"Overdue: out of search since {last + relativedelta(months=9):%-d %B %Y}" in text
    assert "These details are still right" in text


def test_open_problem_reports_show_their_reasons_but_never_who_sent_them(
    client, contact, partner, make_activity
):
    activity = make_activity("Clay and conversation", partner=partner)
    ProblemReport.objects.create(
        page=activity,
        reason=ProblemReport.Reason.DAY_OR_TIME,
        note="It was cancelled when I went",
        reply_email="visitor@example.org",
    )
    ProblemReport.objects.create(
        page=activity, reason=ProblemReport.Reason.PLACE, status=ProblemReport.Status.PASSED_TO_PARTNER
    )
    ProblemReport.objects.create(
        page=activity, reason=ProblemReport.Reason.CONTACT, status=ProblemReport.Status.FIXED
    )
    response = partner_page(client, contact, partner)
    text = card(response, activity)
    assert "2 people told us something is wrong" in text
    assert "Someone told us: the day or time has changed" in text
    assert "Someone told us: the place has changed" in text
    assert "contact details" not in text  # fixed already
    assert "visitor@example.org" not in response.text
    assert "It was cancelled when I went" not in response.text


def test_the_page_costs_the_same_queries_for_5_and_50_activities(
    client, contact, partner, make_activity, workflow
):
    def grow_to(count):
        made = ActivityPage.objects.filter(partner=partner).count()
        for number in range(made, count):
            activity = make_activity(
                f"Activity {number:02d}",
                partner=partner,
                sessions=[session("mon", "10:00"), session("wed", "14:00")],
                last_reviewed=timezone.localdate() - relativedelta(months=5 + number % 6),
            )
            ProblemReport.objects.create(page=activity, reason=ProblemReport.Reason.OTHER)
            if number % 3 == 0:
                state = send_for_review(activity, workflow, contact, summary="Changed")
                if number % 2:
                    ask_for_changes(state, "Say more")
        make_activity(f"New {count}", partner=partner, live=False)

    client.force_login(contact)
    url = reverse("listings:partner", kwargs={"key": partner.translation_key})
    grow_to(5)
    small = queries_for(client, url)
    grow_to(50)
    large = queries_for(client, url)
    assert assert_same_count(small, large) <= 15
    # The profile's card and one for every activity, the new ones too.
    assert (
        large[2].text.count('class="nhsuk-card"') == 1 + ActivityPage.objects.filter(partner=partner).count()
    )
    assert large[2].text.count("Changes asked for: Say more") > 1


# -- the account page ------------------------------------------------------------------------


def test_the_account_page_links_your_listings_with_a_count_to_look_at(
    client, contact, partner, make_activity, workflow
):
    make_activity("Checked lately", partner=partner)
    make_activity(
        "Due soon", partner=partner, last_reviewed=timezone.localdate() - relativedelta(months=5, days=2)
    )
    send_for_review(make_activity("Changed", partner=partner), workflow, contact, summary="New")
    ended = make_activity("Ended long ago", partner=partner, last_reviewed=datetime.date(2024, 1, 1))
    ActivityPage.objects.filter(pk=ended.pk).update(listing_status=Status.ENDED)
    make_activity("Someone else's", last_reviewed=datetime.date(2024, 1, 1), locality="calderdale")
    assert attention_count(contact, day=timezone.localdate()) == 2
    client.force_login(contact)
    response = client.get(reverse("account"))
    assert reverse("listings:index") in response.text
    assert "2 activities to look at" in response.text


def test_the_account_page_has_no_listings_link_for_others(client):
    client.force_login(UserFactory())
    assert reverse("listings:index") not in client.get(reverse("account")).text
