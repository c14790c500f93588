"""Adding partners and activities by the thousand: `seed_demo`, and an import of listings.

Each batch is one transaction (creative_minds.bulk_pages: a fixed number of statements, whatever its
size), so progress can be shown between batches and only one batch is held in memory when the caller
builds them lazily. The search's version is changed once, after the last batch, rather than after
every page and session saved: each change makes every process rebuild its index.
"""

from collections.abc import Callable, Iterable, Sequence

from django.db import transaction

from activities.models import ActivityIndexPage, ActivityPage
from activities.search import facet_index
from creative_minds.bulk_pages import add_children, index_pages
from creative_minds.geo.models import Postcode
from creative_minds.geo.places import point_or_none
from partners.models import PartnerIndexPage, PartnerPage

Progress = Callable[[int], None]


def add_partners(batches: Iterable[Sequence[PartnerPage]], *, progress: Progress | None = None) -> int:
    """Add each batch of new partner pages to the partner directory; returns how many were added."""
    return _add_pages(PartnerIndexPage, PartnerPage, batches, progress)


def add_activities(batches: Iterable[Sequence[ActivityPage]], *, progress: Progress | None = None) -> int:
    """Add each batch of new activity pages (with their sessions and categories) to the directory;
    returns how many were added."""
    return _add_pages(ActivityIndexPage, ActivityPage, batches, progress)


def _add_pages(index_model, model, batches, progress) -> int:
    added = 0
    try:
        for batch in batches:
            with transaction.atomic():
                set_points(batch)
                add_children(index_model.objects.get(), batch)
                index_pages(model, [page.pk for page in batch])
            added += len(batch)
            if progress:
                progress(added)
    finally:
        # Also after a failed batch: the batches before it are committed and must be found.
        if added:
            facet_index.bump()
    return added


def set_points(pages: Sequence[PartnerPage | ActivityPage]) -> None:
    """Each page's latitude and longitude from its postcode, as its `save()` sets them: the
    postcodes of the whole batch read in one query, any not in the table placed one by one."""
    wanted = {page.postcode.replace(" ", "").upper() for page in pages if page.postcode}
    points = {
        compact: (latitude, longitude)
        for compact, latitude, longitude in Postcode.objects.filter(compact__in=wanted).values_list(
            "compact", "latitude", "longitude"
        )
    }
    for page in pages:
        compact = page.postcode.replace(" ", "").upper()
        page.latitude, page.longitude = points.get(compact) or point_or_none(page.postcode)
