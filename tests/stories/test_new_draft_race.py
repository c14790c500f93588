"""Reporters starting new drafts at the same moment, on PostgreSQL.

Each new draft is a child of the one story index page, and Wagtail's page tree gives a new child the
path after its last sibling: two drafts saved at once would both take that path, and the second
would fail with an IntegrityError (a 500, and a lost draft); and the save that follows, made at the
same moment as another reporter's, could deadlock in PostgreSQL's search index. Every story write
locks the index's row first, so the saves take turns and every draft is kept.
"""

import pytest
from django.test import Client
from django.urls import reverse

from activities.stories.factories import ReporterProfileFactory
from activities.stories.models import StoryPage
from tests.concurrency import race

pytestmark = [
    pytest.mark.postgres,
    # The threads must see the reporters, so they are committed; the serialized rollback brings
    # back the migrations' rows (the page tree and the story index) that the flush removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 5
REPORTERS = 3


def test_new_drafts_saved_at_once_are_all_kept(require_postgres):
    reporters = []
    for _ in range(REPORTERS):
        client = Client(raise_request_exception=False)
        client.force_login(ReporterProfileFactory().user)
        reporters.append(client)

    for trial in range(TRIALS):
        responses = race(
            [
                lambda c=client, title=f"Draft {trial}.{number}": c.post(
                    reverse("stories:new"), {"action": "save", "title": title}
                )
                for number, client in enumerate(reporters)
            ]
        )
        assert [response.status_code for response in responses] == [302] * REPORTERS, trial

    assert StoryPage.objects.count() == TRIALS * REPORTERS
    titles = set(StoryPage.objects.values_list("title", flat=True))
    assert titles == {f"Draft {t}.{n}" for t in range(TRIALS) for n in range(REPORTERS)}
