from django import template

from creative_minds import money, page_tree, sites

register = template.Library()


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """Links to the page's ancestors below the site root (no query after routing, else those this
    process holds: creative_minds.page_tree)."""
    request = context.get("request")
    if page.depth == 3 and _is_under_current_site_root(page, request):
        # A top-level section (search, partners, about...): its only ancestor is this site's home.
        return {"crumbs": [{"title": "Home", "url": "/"}]}
    ancestors = _ancestors_below_root(page)
    crumbs = [{"title": "Home" if a.depth == 2 else a.title, "url": a.get_url(request)} for a in ancestors]
    return {"crumbs": crumbs}


def _is_under_current_site_root(page, request) -> bool:
    site = getattr(request, "_wagtail_site", None)
    return site is not None and any(
        root.site_id == site.pk and page.url_path.startswith(root.root_path)
        for root in sites.site_root_paths()
    )


def _ancestors_below_root(page) -> list:
    """The page's ancestors from depth 2 down: the parents routing already loaded, else those held."""
    chain = []
    node = page
    while node.depth > 2:
        parent = node.__dict__.get("_cached_parent_obj")
        if parent is None or parent.depth != node.depth - 1:
            return page_tree.ancestors_below_root(page)
        chain.append(parent)
        node = parent
    return chain[::-1]


@register.filter
def miles(value) -> str:
    """1 → "1 mile", 0.4 → "0.4 miles", 12.34 → "12.3 miles"."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    text = f"{rounded:g}"
    return f"{text} mile" if rounded == 1 else f"{text} miles"


@register.filter
def pounds(value) -> str:
    """Money as people read it: 1000 → "£1,000", 2500.5 → "£2,500.50" (creative_minds.money)."""
    return money.pounds(value)
