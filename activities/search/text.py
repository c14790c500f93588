"""Text matching for the search: Wagtail search over the published activities (PostgreSQL full
text in production, SQLite FTS locally), whose ids, in rank order, join the filters' mask."""

import hashlib

from django.core.cache import cache

from activities.models import ActivityPage
from creative_minds.search_words import search_words

TEXT_SEARCH_CACHE_SECONDS = 60 * 60


def text_matches(words: str, version: str) -> list[int]:
    """Ids of published activities matching the words, best match first.

    Remembered in the cache under the search index's version, so a phrase people search for
    often is looked up once per change to the activities, and a change is never served stale.
    """
    normalised = search_words(words.lower())
    digest = hashlib.sha1(normalised.encode(), usedforsecurity=False).hexdigest()
    key = f"activities:text:{version}:{digest}"
    ids = cache.get(key)
    if ids is None:
        published = ActivityPage.objects.live().public()
        results = published.search(normalised, operator="and", order_by_relevance=True)
        ids = list(results.get_queryset().values_list("pk", flat=True))
        cache.set(key, ids, TEXT_SEARCH_CACHE_SECONDS)
    return ids
