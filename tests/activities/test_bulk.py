"""activities.bulk and creative_minds.bulk_pages: pages added by the batch are the pages `add_child`
makes, in a valid tree, found by the search, editable, and at a cost that does not grow per page."""

import math
import re
from collections import Counter

import factory.random
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend

from activities.bulk import add_activities, add_partners
from activities.factories import ActivityPageFactory, TitlesInMemory
from activities.models import ActivityIndexPage, ActivityPage
from creative_minds.bulk_pages import SlugInUse
from partners.factories import PartnerPageFactory
from partners.models import Locality, PartnerIndexPage, PartnerPage

pytestmark = pytest.mark.django_db

# What differs between any two pages made one after the other, however they are made.
UNIQUE_EACH_TIME = {"id", "page_ptr_id", "translation_key"}


def build_partner(number: int) -> PartnerPage:
    factory.random.reseed_random(f"bulk-partner-{number}")
    PartnerPageFactory.reset_sequence(number, force=True)
    return PartnerPageFactory.build(
        parent=PartnerIndexPage.objects.get(),
        slug=f"partner-{number:04d}",
        home=Locality.objects.get(slug="kirklees"),
    )


def build_activity(
    number: int, partner: PartnerPage, titles=None, make=ActivityPageFactory.build
) -> ActivityPage:
    factory.random.reseed_random(f"bulk-activity-{number}")
    return make(
        titles=titles or TitlesInMemory(),
        parent=ActivityIndexPage.objects.get(),
        slug=f"bulk-{number:05d}",
        partner=partner,
        locality=partner.localities.first(),
        may_be_online=True,
    )


def what_views_read(page: ActivityPage) -> dict:
    fields = {
        field.attname: getattr(page, field.attname)
        for field in ActivityPage._meta.concrete_fields
        if field.attname not in UNIQUE_EACH_TIME
    }
    fields["categories"] = sorted(page.categories.values_list("slug", flat=True))
    # By start time: `add_child` leaves sort_order empty, a batch numbers the sessions as the editor does.
    fields["sessions"] = sorted(
        page.sessions.values_list(
            "weekday", "start_time", "end_time", "frequency", "week_of_month", "valid_from"
        )
    )
    fields["references"] = sorted(
        ReferenceIndex.objects.filter(object_id=page.pk, base_content_type__model="page").values_list(
            "content_type__model", "to_content_type__model", "to_object_id", "model_path", "content_path"
        )
    )
    return fields


def test_pages_added_by_the_batch_are_the_pages_add_child_makes():
    [partner] = [build_partner(0)]
    add_partners([[partner]])
    titles = TitlesInMemory()  # as seed_demo: a batch's titles are not in the database while it is built
    add_activities([[build_activity(number, partner, titles) for number in range(6)]])
    bulk = {page.slug: what_views_read(page) for page in ActivityPage.objects.all()}
    for page in ActivityPage.objects.all():
        page.delete()

    # The same activities one at a time, the way seed_demo made them before.
    titles = TitlesInMemory()
    for number in range(6):
        build_activity(number, PartnerPage.objects.get(), titles, make=ActivityPageFactory)
    one_by_one = {page.slug: what_views_read(page) for page in ActivityPage.objects.all()}

    assert len(bulk) == 6
    assert bulk == one_by_one


def test_pages_added_by_the_batch_form_a_valid_tree_and_work_like_any_page(client, admin_client):
    partners = [build_partner(number) for number in range(2)]
    add_partners([partners])
    activities = [build_activity(number, partners[number % 2]) for number in range(5)]
    add_activities([activities[:3], activities[3:]])

    assert Page.find_problems() == ([], [], [], [], [])
    assert ActivityIndexPage.objects.get().numchild == 5
    activity = ActivityPage.objects.get(slug="bulk-00004")
    assert activity.latitude is not None and activity.url_path.endswith("/activities/bulk-00004/")

    page = client.get(activity.url)
    assert page.status_code == 200 and escape(activity.title) in page.text
    assert client.get(partners[1].url).status_code == 200
    assert admin_client.get(f"/admin/pages/{activity.pk}/edit/").status_code == 200

    # The public search and the partner directory find them (their version changed once, at the end).
    found = client.get("/activities/", {"q": activity.title, "as_typed": "1"})
    assert escape(activity.title) in found.text
    assert escape(partners[0].title) in client.get("/partners/", {"q": partners[0].title}).text
    # And so does the admin's search, through Wagtail's search index.
    assert activity in get_search_backend().search(activity.title, ActivityPage)

    # An editor's change is published like any other.
    activity.summary = "A new summary from the editor."
    activity.save_revision().publish()
    activity.refresh_from_db()
    assert (
        activity.live and activity.live_revision_id and activity.summary == "A new summary from the editor."
    )
    assert "A new summary from the editor." in client.get(activity.url).text


def statements_for(count: int, partner: PartnerPage) -> Counter:
    activities = [build_activity(number, partner) for number in range(1000, 1000 + count)]
    with CaptureQueriesContext(connection) as captured:
        add_activities([activities])
    for page in ActivityPage.objects.filter(slug__startswith="bulk-"):
        page.delete()
    # "INSERT INTO table", "SELECT ...", "SAVEPOINT" (whose names differ from run to run).
    return Counter(
        re.sub(r'"s\d+_x\d+"', "", " ".join(query["sql"].split()[:3])) for query in captured.captured_queries
    )


def test_a_batch_costs_the_same_statements_whatever_its_size():
    partner = build_partner(0)
    add_partners([[partner]])
    statements_for(1, partner)  # the content types, read once per process, are then cached
    small, large = statements_for(8, partner), statements_for(80, partner)
    inserts = {kind for kind in large if kind.startswith("INSERT")}
    # Every other statement is made once per batch, whatever its size.
    assert {kind: n for kind, n in small.items() if kind not in inserts} == {
        kind: n for kind, n in large.items() if kind not in inserts
    }
    limit = connection.features.max_query_params
    if limit is None:  # PostgreSQL: one statement of each kind, whatever the batch's size
        assert small == large
        return
    # An insert is split only where the database caps the parameters of one statement (SQLite:
    # 999), never one per row.
    for kind in inserts:
        assert large[kind] <= math.ceil(80 * 60 / limit) + small[kind], kind


def test_a_slug_already_in_use_stops_the_batch_and_nothing_of_it_is_written():
    partner = build_partner(0)
    add_partners([[partner]])
    add_activities([[build_activity(1, partner)]])
    with pytest.raises(SlugInUse, match="bulk-00001"):
        add_activities([[build_activity(2, partner), build_activity(1, partner)]])
    assert list(ActivityPage.objects.values_list("slug", flat=True)) == ["bulk-00001"]
    assert Page.find_problems() == ([], [], [], [], [])
