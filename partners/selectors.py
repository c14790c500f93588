"""Reads for the partner directory and partner pages."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q

from partners.models import Locality, PartnerPage

PARTNERS_PER_PAGE = 30


def partner_directory(request, *, index_page) -> dict:
    """Published partners, optionally in one locality, with how many activities each runs."""
    localities = list(Locality.objects.order_by("name"))
    chosen = next((loc for loc in localities if loc.slug == request.GET.get("locality")), None)
    partners = (
        PartnerPage.objects.child_of(index_page)
        .live()
        .public()
        .annotate(activity_count=Count("activities", filter=Q(activities__live=True), distinct=True))
        .prefetch_related(Prefetch("localities", queryset=Locality.objects.order_by("name")))
        .order_by("title")
    )
    if chosen:
        partners = partners.filter(localities=chosen)
    page = Paginator(partners, PARTNERS_PER_PAGE).get_page(request.GET.get("page"))
    return {"partners": page, "localities": localities, "chosen_locality": chosen}
