"""Serve a page found by its slug in one query, through Wagtail's own serve view.

Apart from creative_minds.routing because Wagtail's views module loads models, and routing is
imported by the page models themselves.
"""

from operator import attrgetter

from django.http import Http404
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve


def first_by_path(pages):
    """The first of `pages` in the page tree's order, as `pages.first()` gives it, but ordered here
    rather than by the database: a page queryset's ORDER BY makes Django compare each selected
    column with the ordering, a third of the cost of building a page's query, and a slug matches
    one page, or very few."""
    return min(pages.order_by(), key=attrgetter("path"), default=None)


def serve_child_page(request, page, subpath: str = ""):
    """Answer for `page`, a child of an index page found by its slug in one query (with what its
    page shows selected alongside), exactly as wagtail.views.serve would: the page's own routing
    (a routable page's sub-pages), every serve hook, view restrictions. Wagtail keeps the route it
    finds for a request in `request._wagtail_route_for_request` and uses it if already there, so
    setting it spares the walk down the tree from the site's root (four queries). With no such
    page, Wagtail's routing decides, so a page of another type at the same address still shows."""
    if page is not None and Site.find_for_request(request) is not None:
        try:
            request._wagtail_route_for_request = page.route(
                request, [component for component in subpath.split("/") if component]
            )
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_serve(request, request.path_info)
