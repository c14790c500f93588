"""Who an activity is for: the group editors choose, read from the words by the 0007 migration,
set by the factories to agree with the words and ages, and shown on the activity page."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from activities.factories import AUDIENCE_GROUPS
from activities.ideas import AUDIENCES
from activities.models import ActivityPage
from activities.search.needs import who_options

pytestmark = pytest.mark.django_db

migration = importlib.import_module("activities.migrations.0007_activitypage_audience_group_kind")
Group = ActivityPage.AudienceGroup


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("People living with dementia and their carers", Group.DEMENTIA),
        ("Memory cafe regulars", Group.DEMENTIA),
        ("Unpaid carers", Group.CARERS),
        ("Men's shed members", Group.MEN),
        ("Women only", Group.WOMEN),  # not "men"
        ("Young people aged 16 to 25", Group.YOUNG_PEOPLE),
        ("Over 50s", Group.OLDER_PEOPLE),
        ("Ex-forces and their families", Group.VETERANS),
        ("LGBTQ+ young people", Group.LGBTQ),
        ("Adults with a learning disability", Group.LEARNING_DISABILITY),
        ("Families with children under 5", Group.FAMILIES),
        ("Mandarin speakers", Group.OTHER),  # whole words only: not "man"
        ("", Group.OTHER),
    ],
)
def test_the_migration_reads_the_group_from_the_words(words, kind):
    assert migration.kind_for(words) == kind


def test_the_migration_fills_every_group_activity(make_activity):
    dementia = make_activity(
        "Memory cafe",
        audience="group",
        audience_group="People living with dementia",
        audience_group_kind="other",
    )
    unnamed = make_activity(
        "Quiet group", audience="group", audience_group="Quiet", audience_group_kind="other"
    )
    everyone = make_activity("Open choir")
    # As before the migration: no group chosen, and a group activity's words possibly missing.
    ActivityPage.objects.update(audience_group_kind="")
    ActivityPage.objects.filter(pk=unnamed.pk).update(audience_group="")
    migration.fill_kinds(apps, schema_editor=None)
    for page in (dementia, unnamed, everyone):
        page.refresh_from_db()
    assert (dementia.audience_group_kind, unnamed.audience_group_kind, everyone.audience_group_kind) == (
        Group.DEMENTIA,
        Group.OTHER,
        "",
    )


@pytest.mark.parametrize("key", sorted(AUDIENCES))
def test_the_demo_audiences_words_ages_and_group_agree(key):
    """Each of the demo's audiences names the group the migration would read from its words, and
    its ages put it under the age band the search offers."""
    audience = AUDIENCES[key]
    group = AUDIENCE_GROUPS[key]
    assert migration.kind_for(audience.group) == group, audience.group
    row = {
        "audience": ActivityPage.Audience.GROUP,
        "audience_group_kind": group,
        "min_age": audience.min_age,
        "max_age": audience.max_age,
    }
    if group == Group.YOUNG_PEOPLE:
        assert "young-people" in who_options(row)
    if group == Group.OLDER_PEOPLE:
        assert "older-people" in who_options(row)


def test_a_group_activity_must_say_which_group(make_activity):
    activity = make_activity(
        "Memory cafe",
        audience="group",
        audience_group="People living with dementia",
        audience_group_kind="dementia",
    )
    activity.audience_group_kind = ""
    with pytest.raises(ValidationError) as caught:
        activity.clean()
    assert caught.value.message_dict["audience_group_kind"] == [
        "Choose which group it is for, or another group."
    ]
    activity.audience_group_kind = Group.DEMENTIA
    activity.clean()


def test_the_activity_page_shows_the_group(client, make_activity):
    activity = make_activity(
        "Memory cafe",
        audience="group",
        audience_group="People living with dementia and those who care for them",
        audience_group_kind=Group.DEMENTIA,
    )
    html = client.get(activity.url).content.decode()
    assert (
        '<p id="audience-group"><strong class="nhsuk-tag nhsuk-tag--white">'
        "People living with dementia and their carers</strong></p>"
    ) in html
    assert "People living with dementia and those who care for them." in html
    other = make_activity("Open choir")
    assert 'id="audience-group"' not in client.get(other.url).content.decode()
