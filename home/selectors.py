from activities.search import facet_index
from partners.models import Locality


def home_page_context() -> dict:
    """The four localities and the categories, each with how many published activities it has.

    The counts come from the search's in-memory index, so the page does not count 20,000 rows."""
    index = facet_index.current()
    per_category = index.categories.sum(axis=0)
    column = {category_id: position for position, category_id in enumerate(index.category_ids)}
    localities = list(Locality.objects.order_by("name"))
    for locality in localities:
        locality.activity_count = int((index.locality == locality.pk).sum())
    return {
        "localities": localities,
        "categories": [
            {"slug": cat.slug, "name": cat.name, "activity_count": int(per_category[column[cat.pk]])}
            for cat in index.category_choices
        ],
    }
