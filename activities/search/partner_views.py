from django.http import Http404
from django.template.response import TemplateResponse

from activities.search import partner_index
from creative_minds.direct_pages import first_by_path, held_index_page, serve_child_page
from creative_minds.page_cache import vary_on_query, without_blanks
from creative_minds.routing import serve_found_page
from partners.directory import DIRECTORY_PARAMETERS, search_partners
from partners.models import PartnerIndexPage, PartnerPage


def partner_directory(request):
    """/partners/ answered here rather than by the PartnerIndexPage: the directory searches by the
    types of activity partners run, which only this layer may read (the partners app sits below
    activities). The index page is still an ordinary Wagtail page: editors edit its title and
    introduction, and unpublishing or restricting it applies here as usual."""
    index_page = held_index_page(PartnerIndexPage)
    if index_page is None:
        raise Http404("No partner directory page is published")
    return serve_found_page(request, index_page, render=partner_directory_page)


def partner_page(request, slug: str, subpath: str = ""):
    """/partners/<slug>/ in one query, instead of Wagtail's walk from the site's root."""
    page = first_by_path(PartnerPage.objects.live().filter(slug=slug))
    return serve_child_page(request, page, subpath)


def partner_directory_page(request, index_page):
    """The index page with the directory's search: a GET, so a search can be linked and cached."""
    context = index_page.get_context(request)
    context["directory"] = search_partners(without_blanks(request.GET), index=partner_index.current())
    return vary_on_query(
        TemplateResponse(request, index_page.get_template(request), context), DIRECTORY_PARAMETERS
    )
