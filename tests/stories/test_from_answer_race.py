"""Two "Turn into a draft story" clicks on the same answer at the same moment, on PostgreSQL.

A double click, or two moderators with the report open, send the same POST twice at once. Each finds
no story yet and makes one; StoryPage.from_answer is unique, so the second insert waits for the
first and fails, and that request finds the first's story instead. One story, one consent record,
and both moderators are taken to the same draft.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityPage
from activities.referrals.factories import ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import ConsentRecord, WellbeingCheckIn
from activities.stories.models import StoryPage
from partners.factories import PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import ActivityMaker
from tests.concurrency import race

pytestmark = [
    pytest.mark.postgres,
    # The threads must see the data, so it is committed; the serialized rollback brings back
    # the migrations' rows (the page tree, the story index, the groups) that the flush removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 5


def test_two_clicks_at_once_make_one_story_and_both_open_it(require_postgres):
    # No postcodes: an earlier transactional test's flush may have emptied the postcode tables.
    partner = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"), postcode="")
    activity = ActivityMaker()(
        "Sing for your mind", partner=partner, delivery=ActivityPage.Delivery.ONLINE, postcode=""
    )
    moderators = []
    for _ in range(2):
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name="Story moderators"))
        user.user_permissions.add(Permission.objects.get(codename="view_referral"))
        moderator = Client(raise_request_exception=False)
        moderator.force_login(user)
        moderators.append(moderator)

    for trial in range(TRIALS):
        answer = WellbeingCheckInFactory(
            participant=ParticipantFactory(referral__activity=activity),
            kind=WellbeingCheckIn.Kind.FOLLOW_UP,
            what_changed=f"I sing in the car now ({trial}).",
            what_changed_sharing=WellbeingCheckIn.Sharing.QUOTE,
            completed_at=timezone.now(),
        )
        url = reverse("stories_from_answer", args=[answer.public_id])

        responses = race([lambda c=moderator, u=url: c.post(u) for moderator in moderators])

        story = StoryPage.objects.get(from_answer=answer.public_id)
        edit = reverse("wagtailadmin_pages:edit", args=[story.pk])
        assert [(r.status_code, r["Location"]) for r in responses] == [(302, edit)] * 2, trial
    assert StoryPage.objects.filter(from_answer__isnull=False).count() == TRIALS
    assert ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.STORIES).count() == TRIALS
