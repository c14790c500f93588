import functools

from django.http import Http404
from django.template.response import TemplateResponse

from activities.models import ActivityIndexPage, ActivityPage
from activities.search import facet_index
from activities.search.filters import ActivityFilter
from activities.search.page_parts import prefetch_from_index
from activities.search.selectors import (
    area_choices,
    chosen_options,
    facets_without_counts,
    place_choices,
    search_activities,
    understanding_of,
)
from creative_minds.direct_pages import first_by_path, held_index_page, serve_child_page
from creative_minds.page_cache import vary_on_query, without_blanks
from creative_minds.routing import serve_found_page
from partners.models import PartnerPage

# What changes the search page: its filters and the page of results (for the page cache's key).
SEARCH_PARAMETERS = (*ActivityFilter.base_filters, "page")
# What an activity's page shows of its partner (activity_page.html, listing_notices.html,
# _tell_us.html, detail.json_ld_for): its name, its link and how to contact it.
PARTNER_FIELDS_SHOWN = ("title", "url_path", "contact_phone", "contact_email", "mental_health_friendly")


@functools.cache
def partner_fields_not_shown() -> tuple[str, ...]:
    """The partner's other columns, left out of the activity page's query: with them the query
    had about 140 columns, and compiling it was a quarter of the page's time."""
    kept = {*PARTNER_FIELDS_SHOWN, "id", PartnerPage._meta.pk.name}
    return tuple(
        f"partner__{field.name}" for field in PartnerPage._meta.concrete_fields if field.name not in kept
    )


def search(request):
    """/activities/ answered directly: the search is the site's busiest page, and walking the
    page tree to find its one index page cost a fifth of its time (see the README's benchmarks).
    The index page is still an ordinary Wagtail page: editors edit its title and introduction,
    and unpublishing or restricting it applies here as usual."""
    index_page = held_index_page(ActivityIndexPage)
    if index_page is None:
        raise Http404("No activity search page is published")
    return serve_found_page(request, index_page, render=search_page)


def activity_page(request, slug: str, subpath: str = ""):
    """/activities/<slug>/ and its sub-pages (calendar/) in one query with the partner, instead of
    Wagtail's walk from the site's root (five queries and a fifth of the page's time); its sessions
    and categories from the search's index when it holds the page as published (page_parts)."""
    page = first_by_path(
        ActivityPage.objects.live()
        .select_related("partner")
        .defer(*partner_fields_not_shown())
        .filter(slug=slug)
    )
    if page is not None:
        prefetch_from_index(page, facet_index.held())  # its sessions and categories, if current
    return serve_child_page(request, page, subpath)


def search_page(request, index_page):
    """The index page with the search: every search is a GET, so results can be linked,
    bookmarked and cached."""
    filterset = ActivityFilter(without_blanks(request.GET))
    # An invalid search (a postcode we cannot place, say) shows the form with its message
    # and keeps what was typed, rather than guessing at results.
    outcome = (
        search_activities(filterset, page_number=request.GET.get("page", 1)) if filterset.is_valid() else None
    )
    context = index_page.get_context(request)
    facets = outcome.facets if outcome else facets_without_counts(filterset.data)
    form = filterset.form
    form.show_facets(facets)
    if outcome:
        form.show_sort(outcome.sort)
    context.update(
        {
            "filterset": filterset,
            "form": form,
            "outcome": outcome,
            "facets": facets,
            "understanding": understanding_of(filterset),
            "place_choices": place_choices(filterset),
            "area_choices": area_choices(filterset),
            "filters_chosen": chosen_options(facets),
        }
    )
    return vary_on_query(
        TemplateResponse(request, index_page.get_template(request), context), SEARCH_PARAMETERS
    )
