from django import template
from django.core.cache import cache
from wagtail.models import Site

from home.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def contact_details(context):
    """The site's contact details (SiteSettings), from the cache: no query on most pages.

    Without a request (an email rendered by a background task) they are the default site's."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    key = SiteSettings.cache_key(site.pk)
    settings = cache.get(key)
    if settings is None:
        settings = SiteSettings.for_site(site)
        cache.set(key, settings, None)
    return settings
