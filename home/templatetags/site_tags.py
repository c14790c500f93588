from django import template
from wagtail.models import Site

from creative_minds import process_copies
from home.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def contact_details(context):
    """The site's contact details (SiteSettings), held by each process (creative_minds.process_copies):
    no query and no cache round trip on most pages.

    Without a request (an email rendered by a background task) they are the default site's."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    return process_copies.held(SiteSettings.cache_key(site.pk), lambda: SiteSettings.for_site(site))
