"""Serve a page found by its slug in one query, through Wagtail's own serve view; and find the one
index page of a kind (the search, the partner directory) with no query at all.

Apart from creative_minds.routing because Wagtail's views module loads models, and routing is
imported by the page models themselves.
"""

import copy
from operator import attrgetter

from django.http import Http404
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from creative_minds import process_copies

INDEX_PAGE_HELD_AS = "direct-pages:index-page:"


def first_by_path(pages):
    """The first of `pages` in the page tree's order, as `pages.first()` gives it, but ordered here
    rather than by the database: a page queryset's ORDER BY makes Django compare each selected
    column with the ordering, a third of the cost of building a page's query, and a slug matches
    one page, or very few."""
    return min(pages.order_by(), key=attrgetter("path"), default=None)


def held_index_page(model):
    """The live page of `model`, an index page there is one of (the activity search, the partner
    directory), as `first_by_path` finds it, held by each process (creative_minds.process_copies):
    it is edited a few times a year and read on every search. Every save of a top-level page makes
    every process read it again (creative_minds.page_tree.forget_if_held). Each request gets a copy
    of its own, so nothing a request sets on it is seen by the next."""
    page = process_copies.held(
        INDEX_PAGE_HELD_AS + model._meta.label_lower, lambda: first_by_path(model.objects.live())
    )
    return copy.copy(page)


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
