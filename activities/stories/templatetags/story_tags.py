"""{% latest_stories page %}: the latest published stories about an activity or a partner, for their
pages. A template tag, so activities and partners never import stories (README, "Architecture").

The list is kept, rendered, in the cache beside the page cache's entries and forgotten with them
(creative_minds.page_cache.forget_pages: when a story is published, unpublished or withdrawn), so an
activity or partner page asks the database nothing more for it once warm.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from activities.stories import selectors
from creative_minds import page_cache

register = template.Library()


@register.simple_tag
def latest_stories(page):
    """Up to three stories about `page`: an ActivityPage, or a PartnerPage (any of its activities)."""
    kind = page.specific_class.__name__ if hasattr(page, "specific_class") else type(page).__name__
    if kind not in ("ActivityPage", "PartnerPage") or page.pk not in selectors.pages_with_stories()[kind]:
        return ""
    key = f"stories:latest:{kind}:{page.pk}"
    html, generation = page_cache.fresh(key)
    if html is None:
        if kind == "ActivityPage":
            stories = selectors.latest_stories_about(activity=page)
        else:
            stories = selectors.latest_stories_about(partner=page)
        html = render_to_string("stories/components/latest_stories.html", {"stories": stories, "about": page})
        page_cache.keep(key, html, generation)
    return mark_safe(html)  # noqa: S308 - rendered by our own template, which escapes what it shows
