from django.db.models import Count, Q

from activities.models import Category
from partners.models import Locality


def home_page_context() -> dict:
    """The four localities and the categories, each with how many live activities it has."""
    live = Q(activities__live=True)
    return {
        "localities": list(
            Locality.objects.annotate(activity_count=Count("activities", filter=live)).order_by("name")
        ),
        "categories": list(
            Category.objects.annotate(activity_count=Count("activities", filter=live)).order_by("name")
        ),
    }
