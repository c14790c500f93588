"""The in-memory search index: what it holds, that it follows changes, and its distances."""

import numpy as np
import pytest

from activities.factories import ActivityPageFactory
from activities.models import ActivitySession, Category
from activities.search import facet_index
from creative_minds.geo.models import Postcode
from tests.builders import session
from tests.reference import haversine_miles

pytestmark = pytest.mark.django_db

HD1_2TA = (53.6439, -1.7826)


def test_holds_live_activities_in_name_order_with_their_attributes():
    singing = Category.objects.get(slug="singing")
    b = ActivityPageFactory(
        title="Bravo", categories=[singing], sessions=[session("sat", "19:00")], cost_type="free"
    )
    a = ActivityPageFactory(
        title="Alpha", sessions=[session("mon", "10:00")], cost_type="paid", cost_amount="3.00"
    )
    ActivityPageFactory(title="Draft", live=False)

    index = facet_index.current()

    assert index.ids.tolist() == [a.pk, b.pk]
    row = index.position[b.pk]
    assert index.categories[row, index.category_ids.index(singing.pk)]
    assert index.slots[row, facet_index.slot(5, 2)]  # Saturday evening
    assert not index.slots[row, facet_index.slot(5, 0)]
    assert index.free.tolist() == [False, True]
    assert index.locality[row] == b.locality_id
    assert index.partner[row] == b.partner_id


def test_the_counting_matrices_hold_the_same_ones_and_zeros():
    singing = Category.objects.get(slug="singing")
    ActivityPageFactory(title="Bravo", categories=[singing], step_free_access=True, peer_led=True)
    ActivityPageFactory(title="Alpha", delivery="online")

    index = facet_index.current()

    assert set(index.counting) == {"category", *index.needs}
    assert np.array_equal(index.counting["category"], index.categories)
    for name, matrix in index.needs.items():
        assert index.counting[name].dtype == np.float32
        assert np.array_equal(index.counting[name], matrix), name


def test_a_saved_change_is_seen_by_the_next_search(django_capture_on_commit_callbacks):
    activity = ActivityPageFactory(title="Before")
    first = facet_index.current()
    activity.title = "After"
    with django_capture_on_commit_callbacks(execute=True):
        activity.save()
    ActivitySession.objects.filter(page=activity).update(weekday=6)  # no signal: not seen
    second = facet_index.current()
    assert second is not first
    assert second.version != first.version
    assert facet_index.current() is second  # unchanged data: the same copy is reused


def test_an_unpublished_activity_leaves_the_index(django_capture_on_commit_callbacks):
    activity = ActivityPageFactory()
    assert activity.pk in facet_index.current().position
    with django_capture_on_commit_callbacks(execute=True):
        activity.unpublish()
    assert activity.pk not in facet_index.current().position


def test_distances_agree_with_an_independent_haversine():
    for postcode in Postcode.objects.filter(compact__startswith="HX1").values_list("postcode", flat=True)[
        :30
    ]:
        ActivityPageFactory(postcode=postcode)
    index = facet_index.current()
    rows = np.arange(index.size)
    miles = index.distances_miles(*HD1_2TA, rows)
    for row in rows:
        expected = haversine_miles(HD1_2TA, (index.latitude[row], index.longitude[row]))
        assert miles[row] == pytest.approx(expected, abs=1e-4)
