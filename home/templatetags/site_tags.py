from django import template
from django.core.cache import cache
from wagtail.models import Site

from home.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_settings(context):
    """The site's contact details for the footer, from the cache (no query on most pages)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    key = SiteSettings.cache_key(site.pk)
    settings = cache.get(key)
    if settings is None:
        settings = SiteSettings.for_site(site)
        cache.set(key, settings, None)
    return settings
