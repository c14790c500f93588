"""Staff review partners' changes in Wagtail's workflow: the migration's group, workflow and
assignment; approving publishes and tells the partner's contacts; asking for changes needs a comment
and sends it to them (and to nobody else's partner), instead of Wagtail's own emails; the public
page, the search and the .ics keep the published version until a moderator approves."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, TaskState, Workflow, WorkflowPage, WorkflowState

from activities.listings.models import ListingModerationTask
from activities.models import ActivityIndexPage, ActivityPage
from creative_minds.settings.base import with_page_cache
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality, PartnerIndexPage, PartnerPage
from tests.builders import session

pytestmark = pytest.mark.django_db

MIGRATION = ("listings", "0003_moderation_workflow")
NEW_SUMMARY = "Bring your ukulele: we learn a new song each week."
COMMENT = "Please say which room you meet in."


@pytest.fixture
def moderator():
    user = UserFactory(username="moderator", email="moderator@creativeminds.example")
    user.groups.add(Group.objects.get(name="Listing moderators"))
    return user


def _partner(title: str, locality: str):
    partner = PartnerPageFactory(home=Locality.objects.get(slug=locality), title=title)
    contacts = [PartnerContactFactory(partner=partner) for _ in range(2)]
    return partner, contacts


@pytest.fixture
def ours():
    """A partner with two contacts (the first makes the change)."""
    return _partner("Huddersfield Makers", "kirklees")


@pytest.fixture
def theirs():
    """Another partner, with a contact who must hear nothing about the first partner's listings."""
    return _partner("Barnsley Ramblers", "barnsley")


@pytest.fixture
def activity(make_activity, ours):
    partner, _ = ours
    return make_activity("Knit and natter", partner=partner, sessions=[session("mon", "10:00", "11:00")])


def change_as_partner(page, user):
    """What the partners' edit service does: a revision by the partner, then the page's workflow."""
    page = page.get_latest_revision_as_object()
    if isinstance(page, ActivityPage):
        sessions = list(page.sessions.all())
        sessions[0].start_time, sessions[0].end_time = datetime.time(14, 30), datetime.time(15, 30)
        page.sessions = sessions
    page.summary = NEW_SUMMARY
    revision = page.save_revision(user=user)
    page.get_workflow().start(page, user)
    return revision


def current_task_state(page) -> TaskState:
    in_progress = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    return in_progress.current_task_state


def workflow_action(client, page, action: str, comment: str = ""):
    task_state = current_task_state(page)
    # As the admin's modal sends it.
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


# -- the migration ---------------------------------------------------------------------------


def test_the_migration_made_the_group_the_workflow_and_its_assignment():
    group = Group.objects.get(name="Listing moderators")
    # (Wagtail's own later migrations add its "choose" permissions to every group with admin access.)
    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} >= {
        "wagtailadmin.access_admin",
        "listings.manage_any_listing",
        "listings.view_problemreport",
        "listings.change_problemreport",
        "listings.view_partnerrequest",
        "listings.change_partnerrequest",
    }
    indexes = {ActivityIndexPage.objects.get().pk, PartnerIndexPage.objects.get().pk}
    assert {
        (permission.page_id, permission.permission.codename)
        for permission in GroupPagePermission.objects.filter(group=group)
    } == {(page, codename) for page in indexes for codename in ("add_page", "change_page", "publish_page")}

    workflow = Workflow.objects.get(name="Listing review")
    [task] = workflow.tasks.all()
    assert isinstance(task.specific, ListingModerationTask)
    assert set(task.specific.groups.values_list("name", flat=True)) == {"Listing moderators", "Moderators"}
    assert set(WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True)) == indexes


def test_every_activity_and_partner_page_goes_through_the_listing_review(make_activity):
    activity = make_activity("Knit and natter")

    assert activity.get_workflow().name == "Listing review"
    assert activity.partner.get_workflow().name == "Listing review"


def _migration_apps():
    return MigrationExecutor(connection).loader.project_state(MIGRATION).apps


def _counts():
    return (
        Group.objects.filter(name="Listing moderators").count(),
        Workflow.objects.filter(name="Listing review").count(),
        ListingModerationTask.objects.filter(name="Listing review").count(),
        WorkflowPage.objects.filter(workflow__name="Listing review").count(),
        GroupPagePermission.objects.filter(group__name="Listing moderators").count(),
    )


def test_the_migration_runs_again_harmlessly_and_reverses(make_activity, moderator):
    migration = MigrationExecutor(connection).loader.get_migration(*MIGRATION)
    [operation] = migration.operations
    apps = _migration_apps()
    before = _counts()
    assert before == (1, 1, 1, 2, 6)

    operation.code(apps, None)
    assert _counts() == before

    # A review under way goes with the workflow when the migration is reversed.
    activity = make_activity("Knit and natter")
    activity.save_revision(user=moderator)
    activity.get_workflow().start(activity, moderator)
    operation.reverse_code(apps, None)
    assert _counts() == (0, 0, 0, 0, 0)
    assert not WorkflowState.objects.exists()

    operation.code(apps, None)
    assert _counts() == before


def test_after_migrating_django_finds_no_listings_content_type_or_permission_missing():
    count = Permission.objects.filter(content_type__app_label="listings").count()

    create_contenttypes(installed_apps.get_app_config("listings"), verbosity=0)
    create_permissions(installed_apps.get_app_config("listings"), verbosity=0)

    assert Permission.objects.filter(content_type__app_label="listings").count() == count > 0


# -- the task's actions and the partner's emails ----------------------------------------------


def test_approving_in_the_admin_publishes_and_tells_only_this_partners_contacts(
    client, settings, moderator, activity, ours, theirs, django_capture_on_commit_callbacks
):
    partner, (changer, colleague) = ours
    stranger = theirs[1][0]
    change_as_partner(activity, changer.user)
    mail.outbox.clear()
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(client, activity, "approve")

    assert response.json()["step"] == "success"
    activity = ActivityPage.objects.get(pk=activity.pk)
    assert activity.live and activity.summary == NEW_SUMMARY and not activity.has_unpublished_changes
    for contact in (changer, colleague):
        [message] = sent_to(contact.user.email)  # ours only: Wagtail's own "approved" email is not sent
        assert message.subject == "Your change to Knit and natter is now live"
        assert settings.WAGTAILADMIN_BASE_URL + activity.url in message.body
    assert sent_to(stranger.user.email) == []


def test_asking_for_changes_needs_a_comment(client, moderator, activity, ours):
    change_as_partner(activity, ours[1][0].user)
    mail.outbox.clear()
    client.force_login(moderator)

    response = workflow_action(client, activity, "reject", comment="")

    assert "Say what the partner should change" in response.json()["html"]
    assert current_task_state(activity).status == TaskState.STATUS_IN_PROGRESS
    assert mail.outbox == []


def test_asking_for_changes_sends_the_comment_to_this_partners_contacts(
    client, settings, moderator, activity, ours, theirs
):
    partner, (changer, colleague) = ours
    stranger = theirs[1][0]
    change_as_partner(activity, changer.user)
    mail.outbox.clear()
    client.force_login(moderator)

    workflow_action(client, activity, "reject", comment=COMMENT)

    activity = ActivityPage.objects.get(pk=activity.pk)
    assert activity.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert activity.summary != NEW_SUMMARY  # still the published words
    listings_path = reverse("listings:partner", kwargs={"key": partner.translation_key})
    listings_link = settings.WAGTAILADMIN_BASE_URL + listings_path
    for contact in (changer, colleague):
        [message] = sent_to(contact.user.email)  # not Wagtail's "rejected" email as well
        assert message.subject == "Please change your listing: Knit and natter"
        assert COMMENT in message.body
        assert listings_link in message.body
    assert sent_to(stranger.user.email) == []


def test_a_partner_page_change_approved_by_task_state_tells_its_contacts(
    client, settings, moderator, ours, theirs, django_capture_on_commit_callbacks
):
    settings.MIDDLEWARE = with_page_cache(list(settings.MIDDLEWARE))
    partner, contacts = ours
    assert NEW_SUMMARY not in client.get(partner.url).text  # now in the page cache
    change_as_partner(partner, contacts[0].user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        current_task_state(partner).approve(user=moderator)

    partner = PartnerPage.objects.get(pk=partner.pk)
    assert partner.live and partner.summary == NEW_SUMMARY
    assert NEW_SUMMARY in client.get(partner.url).text
    for contact in contacts:
        [message] = sent_to(contact.user.email)
        assert message.subject == f"Your change to {partner.title} is now live"
    assert sent_to(theirs[1][0].user.email) == []


def test_wagtails_own_emails_still_go_for_other_workflows():
    """Only a listing review is kept quiet: a content page under Wagtail's own "Moderators approval"
    still gets Wagtail's approval email to whoever asked for review."""
    page = Page.objects.get(slug="about").specific
    asker = UserFactory(username="asker", email="asker@creativeminds.example")
    page.save_revision(user=asker)
    workflow = page.get_workflow()
    assert workflow.name != "Listing review"
    workflow.start(page, asker)
    mail.outbox.clear()

    wagtail_moderator = UserFactory(username="wagtail-moderator")
    wagtail_moderator.groups.add(Group.objects.get(name="Moderators"))
    current_task_state(page).approve(user=wagtail_moderator)

    [message] = sent_to(asker.email)
    assert "approved" in message.subject


def test_staff_compare_a_partners_revision_with_the_live_page(client, moderator, activity, ours):
    activity.save_revision().publish()  # as every page published in Wagtail has a live revision
    revision = change_as_partner(activity, ours[1][0].user)
    client.force_login(moderator)

    # "Awaiting your review" on the admin's dashboard offers the comparison.
    dashboard = client.get(reverse("wagtailadmin_home")).text
    compare_url = reverse("wagtailadmin_pages:revisions_compare", args=[activity.pk, "live", revision.pk])
    assert f'href="{compare_url}"' in dashboard
    response = client.get(compare_url)

    assert response.status_code == 200
    assert f'<span class="addition">{NEW_SUMMARY}</span>' in response.text
    assert '<span class="deletion">10:00:00</span><span class="addition">14:30:00</span>' in response.text


# -- freshness: the public page, the search and the .ics --------------------------------------


def test_a_partners_change_shows_everywhere_only_once_approved(
    client, settings, moderator, activity, ours, django_capture_on_commit_callbacks
):
    settings.MIDDLEWARE = with_page_cache(list(settings.MIDDLEWARE))
    page_url = activity.url
    search_url = reverse("activity_search") + "?q=ukulele"
    calendar_url = f"{page_url}calendar/"

    def public():
        return (
            client.get(page_url).text,
            client.get(search_url).text,
            client.get(calendar_url).content.decode(),
        )

    public()  # the anonymous page cache and the search index now hold the published version
    with django_capture_on_commit_callbacks(execute=True):
        change_as_partner(activity, ours[1][0].user)

    page, search, calendar = public()
    assert "10am" in page and "2:30pm" not in page and NEW_SUMMARY not in page
    assert NEW_SUMMARY not in search
    assert "T100000" in calendar and "T143000" not in calendar

    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(client, activity, "approve")
    client.logout()

    page, search, calendar = public()
    assert "2:30pm" in page and NEW_SUMMARY in page
    assert NEW_SUMMARY in search and "Knit and natter" in search
    assert "T143000" in calendar and "T100000" not in calendar
