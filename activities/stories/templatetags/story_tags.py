"""{% latest_stories page %}: the latest published stories about an activity or a partner, for their
pages. A template tag, so activities and partners never import stories (README, "Architecture")."""

from django import template

from activities.stories import selectors

register = template.Library()


@register.inclusion_tag("stories/components/latest_stories.html")
def latest_stories(page):
    """Up to three stories about `page`: an ActivityPage, or a PartnerPage (any of its activities)."""
    kind = page.specific_class.__name__ if hasattr(page, "specific_class") else type(page).__name__
    if kind == "ActivityPage":
        stories = selectors.latest_stories_about(activity=page)
    elif kind == "PartnerPage":
        stories = selectors.latest_stories_about(partner=page)
    else:
        stories = []
    return {"stories": stories, "about": page}
