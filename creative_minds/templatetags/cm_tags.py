from django import template

register = template.Library()


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """Links to the page's ancestors below the site root (one query)."""
    request = context.get("request")
    ancestors = page.get_ancestors().filter(depth__gt=1).specific(defer=True)
    crumbs = [{"title": "Home" if a.depth == 2 else a.title, "url": a.get_url(request)} for a in ancestors]
    return {"crumbs": crumbs}


@register.filter
def miles(value) -> str:
    """1 → "1 mile", 0.4 → "0.4 miles", 12.34 → "12.3 miles"."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    text = f"{rounded:g}"
    return f"{text} mile" if rounded == 1 else f"{text} miles"
