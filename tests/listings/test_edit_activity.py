"""A partner changes an activity: the change is a Wagtail revision in the page's workflow, and the live
page, its .ics and the search keep the published version until staff approve it. A trusted partner's
change is live at once. Another partner's contact gets 404 and changes nothing; posted partner,
owner and live fields are ignored. A new activity is a draft until approved. Two tabs: the second
send is refused with the newer values shown and what was typed kept."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.forms import CheckboxInput, MultiWidget
from django.forms.widgets import ChoiceWidget
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

from activities.listings.demo_changes import ASKED_FOR, make_pending_changes
from activities.listings.forms.edit import SESSIONS_PREFIX, ActivityForm, SessionFormSet
from activities.listings.services import changes
from activities.listings.views.edit import PUBLISHED, SENT_FOR_REVIEW
from activities.models import ActivityPage
from activities.search import facet_index
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import ActivityMaker, session

pytestmark = pytest.mark.django_db


# -- helpers shared by the other test_edit_* files -----------------------------------------------


def form_data(*forms) -> dict:
    """What a browser sends for these forms as they are shown (their initial values)."""
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            widget = field.field.widget
            if isinstance(widget, MultiWidget):
                parts = value if isinstance(value, list) else widget.decompress(value)
                for suffix, part in zip(widget.widgets_names, parts, strict=True):
                    data[field.html_name + suffix] = part or ""
            elif isinstance(widget, CheckboxInput):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif value is None:
                data[field.html_name] = ""
            elif isinstance(widget, ChoiceWidget):
                data[field.html_name] = str(value)
            else:
                data[field.html_name] = str(widget.format_value(value) or "")
    return data


def activity_form_data(activity: ActivityPage, **changed) -> dict:
    """The activity form as a browser would send it unchanged, with `changed` values on top."""
    live = ActivityPage.objects.get(pk=activity.pk)
    draft = live.get_latest_revision_as_object()
    form = ActivityForm(
        instance=draft, partner=live.partner, initial={"revision": live.latest_revision_id or ""}
    )
    sessions = SessionFormSet(instance=draft, prefix=SESSIONS_PREFIX)
    data = form_data(form, sessions.management_form, *sessions.forms)
    data.update(changed)
    return data


def new_activity_data(**changed) -> dict:
    kirklees = Locality.objects.get(slug="kirklees")
    data = {
        "title": "Pottery for beginners",
        "summary": "Make a pot or a mug with friendly help.",
        "description": "We meet in the art room.\n\nClay and tea are provided.",
        "categories": [],
        "delivery": "in_person",
        "locality": str(kirklees.pk),
        "venue_name": "Huddersfield Library",
        "address": "Princess Alexandra Walk\nHuddersfield",
        "postcode": "hd1 2su",
        "cost_type": "free",
        "audience": "everyone",
        "how_to_join": "turn_up",
        "step_free_access": "on",
        f"{SESSIONS_PREFIX}-TOTAL_FORMS": "1",
        f"{SESSIONS_PREFIX}-INITIAL_FORMS": "0",
        f"{SESSIONS_PREFIX}-MIN_NUM_FORMS": "1",
        f"{SESSIONS_PREFIX}-MAX_NUM_FORMS": "20",
        f"{SESSIONS_PREFIX}-0-weekday": "2",
        f"{SESSIONS_PREFIX}-0-start_time": "10:00",
        f"{SESSIONS_PREFIX}-0-end_time": "12:00",
        f"{SESSIONS_PREFIX}-0-frequency": "weekly",
        f"{SESSIONS_PREFIX}-0-valid_from_day": "6",
        f"{SESSIONS_PREFIX}-0-valid_from_month": "1",
        f"{SESSIONS_PREFIX}-0-valid_from_year": "2027",
    }
    data.update(changed)
    return data


def edit_url(activity) -> str:
    return reverse("listings:activity_edit", kwargs={"key": activity.translation_key})


def make_listing():
    """A Kirklees partner with a live activity (Tuesdays 10:00), its contact, another partner's contact."""
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Huddersfield Singers", slug="huddersfield-singers")
    activity = ActivityMaker()(
        "Sing together",
        partner=partner,
        sessions=[session("tue", "10:00", "11:30")],
        slug="sing-together",
        last_reviewed=datetime.date(2026, 1, 5),
    )
    contact = PartnerContactFactory(partner=partner, user=UserFactory(username="sam")).user
    other = PartnerContactFactory(partner=PartnerPageFactory(home=kirklees), user=UserFactory()).user
    return SimpleNamespace(partner=partner, activity=activity, contact=contact, other=other)


@pytest.fixture
def listing(db):
    return make_listing()


def send(client, listing, **changed):
    client.force_login(listing.contact)
    return client.post(edit_url(listing.activity), activity_form_data(listing.activity, **changed))


def search_titles(client, words) -> str:
    facet_index.forget()
    return client.get(reverse("activity_search"), {"q": words}).text


# -- a change waits for review -----------------------------------------------------------------


def test_a_change_is_a_revision_in_the_workflow_and_the_public_keeps_the_published_version(client, listing):
    response = send(
        client,
        listing,
        summary="Songs from the shows, every week.",
        **{f"{SESSIONS_PREFIX}-0-start_time": "11:15", f"{SESSIONS_PREFIX}-0-end_time": "12:30"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "listings:partner", kwargs={"key": listing.partner.translation_key}
    )
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages == [SENT_FOR_REVIEW]
    page = ActivityPage.objects.get(pk=listing.activity.pk)
    revision = page.latest_revision
    assert revision.user == listing.contact
    draft = revision.as_object()
    assert draft.summary == "Songs from the shows, every week."
    assert [s.start_time for s in draft.sessions.all()] == [datetime.time(11, 15)]
    assert draft.last_reviewed == timezone.localdate()
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision == revision

    # The live row, the page, the .ics and the search are as published.
    assert page.summary != draft.summary and page.has_unpublished_changes
    assert [s.start_time for s in page.sessions.all()] == [datetime.time(10, 0)]
    assert page.last_reviewed == datetime.date(2026, 1, 5)
    client.logout()
    public = client.get("/activities/sing-together/")
    assert "Songs from the shows" not in public.text and "10am" in public.text
    ics = client.get("/activities/sing-together/calendar/")
    assert b"T100000" in ics.content and b"T111500" not in ics.content
    assert "Songs from the shows" not in search_titles(client, "shows")

    # Staff approve: all three show it.
    state.current_task_state.approve(user=UserFactory(is_superuser=True))
    page = ActivityPage.objects.get(pk=page.pk)
    assert page.summary == "Songs from the shows, every week."
    assert page.last_reviewed == timezone.localdate()
    assert "Songs from the shows" in client.get("/activities/sing-together/").text
    assert b"T111500" in client.get("/activities/sing-together/calendar/").content
    assert "Sing together" in search_titles(client, "shows")


def test_a_trusted_partner_publishes_at_once(client, listing):
    listing.partner.publishes_without_review = True
    listing.partner.save_revision().publish()

    response = send(client, listing, summary="Songs from the shows, every week.")

    assert [str(m) for m in response.wsgi_request._messages] == [PUBLISHED]
    page = ActivityPage.objects.get(pk=listing.activity.pk)
    assert page.summary == "Songs from the shows, every week."
    assert page.live_revision == page.latest_revision and not page.has_unpublished_changes
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_a_second_change_joins_the_review_in_progress_and_one_after_changes_were_asked_resumes_it(
    client, listing
):
    send(client, listing, summary="First change.")
    state = WorkflowState.objects.get(object_id=str(listing.activity.pk))
    send(client, listing, summary="Second change.")
    assert WorkflowState.objects.filter(object_id=str(listing.activity.pk)).count() == 1

    state.current_task_state.reject(user=UserFactory(is_superuser=True), comment="Say where to park.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    client.force_login(listing.contact)
    form_page = client.get(edit_url(listing.activity))
    assert "Say where to park." in form_page.text
    assert 'value="Second change."' not in form_page.text  # a textarea: the words are inside it
    assert "Second change." in form_page.text

    send(client, listing, summary="Third change, with parking.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert (
        state.current_task_state.revision == ActivityPage.objects.get(pk=listing.activity.pk).latest_revision
    )


# -- who may --------------------------------------------------------------------------------------


def test_another_partners_contact_gets_404_and_changes_nothing(client, listing):
    client.force_login(listing.other)
    before = Revision.objects.count()
    assert client.get(edit_url(listing.activity)).status_code == 404
    data = activity_form_data(listing.activity, summary="Taken over.")
    assert client.post(edit_url(listing.activity), data).status_code == 404
    new_url = reverse("listings:activity_new", kwargs={"key": listing.partner.translation_key})
    assert client.get(new_url).status_code == 404
    assert client.post(new_url, new_activity_data()).status_code == 404
    assert Revision.objects.count() == before
    assert not ActivityPage.objects.filter(title="Pottery for beginners").exists()


def test_signed_out_people_are_asked_to_sign_in(client, listing):
    response = client.get(edit_url(listing.activity))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_posted_partner_owner_and_live_fields_are_ignored(client, listing):
    other_partner = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"))
    owner = listing.activity.owner
    send(
        client,
        listing,
        summary="Changed.",
        partner=str(other_partner.pk),
        owner=str(listing.other.pk),
        live="false",
        publishes_without_review="on",
    )
    page = ActivityPage.objects.get(pk=listing.activity.pk)
    draft = page.latest_revision.as_object()
    assert draft.summary == "Changed."
    assert page.partner_id == draft.partner_id == listing.partner.pk
    assert page.owner == owner and page.live
    assert not PartnerPageFactory._meta.model.objects.get(pk=listing.partner.pk).publishes_without_review
    assert WorkflowState.objects.filter(object_id=str(page.pk)).exists()  # so not published


def test_the_partner_comes_from_the_live_row_even_if_a_revision_says_otherwise(listing):
    stray = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"))
    draft = listing.activity.get_latest_revision_as_object()
    draft.partner = stray
    revision = changes.submit_change(draft, user=listing.contact)
    assert revision.as_object().partner_id == listing.partner.pk


def test_a_locality_outside_the_partners_areas_is_refused(client, listing):
    calderdale = Locality.objects.get(slug="calderdale")
    response = send(client, listing, locality=str(calderdale.pk), summary="Moved.")
    assert response.status_code == 200
    assert "Choose one of your areas" in response.text
    assert (
        ActivityPage.objects.get(pk=listing.activity.pk).latest_revision_id
        == listing.activity.latest_revision_id
    )


# -- a new activity --------------------------------------------------------------------------


def test_a_new_activity_is_a_draft_until_approved(client, listing):
    client.force_login(listing.contact)
    url = reverse("listings:activity_new", kwargs={"key": listing.partner.translation_key})
    assert client.get(url).status_code == 200
    singing = listing.activity.categories.first()
    other_partner = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"))
    response = client.post(
        url, new_activity_data(categories=[str(singing.pk)], partner=str(other_partner.pk))
    )

    assert response.status_code == 302, response.text
    page = ActivityPage.objects.get(title="Pottery for beginners")
    assert not page.live and page.partner == listing.partner
    assert (
        page.slug == "pottery-for-beginners"
        and page.get_parent().specific_class.__name__ == "ActivityIndexPage"
    )
    assert page.postcode == "HD1 2SU"
    assert (
        page.latest_revision.as_object().description
        == "<p>We meet in the art room.</p><p>Clay and tea are provided.</p>"
    )
    client.logout()
    assert client.get("/activities/pottery-for-beginners/").status_code == 404
    assert "Pottery for beginners" not in search_titles(client, "pottery")

    state = WorkflowState.objects.get(object_id=str(page.pk))
    state.current_task_state.approve(user=UserFactory(is_superuser=True))
    assert client.get("/activities/pottery-for-beginners/").status_code == 200
    assert "Pottery for beginners" in search_titles(client, "pottery")


def test_a_new_activity_takes_a_free_address(client, listing):
    client.force_login(listing.contact)
    url = reverse("listings:activity_new", kwargs={"key": listing.partner.translation_key})
    singing = str(listing.activity.categories.first().pk)
    client.post(url, new_activity_data(title="Sing together", categories=[singing]))
    assert ActivityPage.objects.filter(slug="sing-together-1", live=False).exists()


# -- two tabs -----------------------------------------------------------------------------------


def test_a_form_opened_before_someone_elses_change_is_not_saved_and_shows_the_newer_values(client, listing):
    opened = activity_form_data(listing.activity, summary="My words from the first tab.")
    send(client, listing, venue_name="The New Hall")  # another tab, sent first
    newer = ActivityPage.objects.get(pk=listing.activity.pk).latest_revision_id

    response = client.post(edit_url(listing.activity), opened)

    assert response.status_code == 200
    assert "This listing was changed by someone else since you opened it" in response.text
    assert "The New Hall" in response.text
    assert "My words from the first tab." in response.text
    assert f'name="revision" value="{newer}"' in response.text
    assert ActivityPage.objects.get(pk=listing.activity.pk).latest_revision_id == newer

    # Sent again from that page, it is saved over the newer one.
    opened["revision"] = str(newer)
    assert client.post(edit_url(listing.activity), opened).status_code == 302
    assert ActivityPage.objects.get(pk=listing.activity.pk).latest_revision.as_object().summary == (
        "My words from the first tab."
    )


def test_submit_change_refuses_a_change_based_on_an_older_revision(listing):
    first = listing.activity.save_revision(user=listing.contact)
    listing.activity.save_revision(user=listing.contact)
    with pytest.raises(changes.ChangedSinceOpened):
        changes.submit_change(
            listing.activity.get_latest_revision_as_object(), user=listing.contact, based_on=first.pk
        )


def test_moderators_group_can_approve_from_the_default_workflow(listing):
    """The workflow a fresh database has (Wagtail's "Moderators approval" until the listings review
    workflow is added) is the one a change goes into."""
    revision = changes.submit_change(listing.activity.get_latest_revision_as_object(), user=listing.contact)
    state = WorkflowState.objects.get(object_id=str(listing.activity.pk))
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    assert state.current_task_state.task.specific.get_actions(listing.activity, moderator)
    assert state.current_task_state.revision == revision


def test_demo_changes_wait_for_review_and_one_is_sent_back(listing):
    late = [session("fri", "23:00", "23:45")]
    second = ActivityMaker()("Paint together", partner=listing.partner, sessions=late)
    UserFactory(is_superuser=True)

    count = make_pending_changes([listing.activity, second], listing.contact, day=datetime.date(2027, 3, 1))

    assert count == 2
    first = ActivityPage.objects.get(pk=listing.activity.pk)
    draft = first.latest_revision.as_object()
    assert [s.start_time for s in draft.sessions.all()] == [datetime.time(10, 30)]
    assert draft.first_visit_who_meets_you.startswith("From 1 March,")
    assert first.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [s.start_time for s in first.sessions.all()] == [datetime.time(10, 0)]  # live: unchanged
    sent_back = ActivityPage.objects.get(pk=second.pk).current_workflow_state
    assert sent_back.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert sent_back.current_task_state.comment == ASKED_FOR
