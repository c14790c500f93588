"""Find the Wagtail Site for a request without a database query on every request."""

import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Site

VERSION_KEY = "creative_minds:sites:version"
_known: dict = {"version": None, "sites": {}}


class CachedSiteMiddleware:
    """Wagtail looks the Site up by host name with a query per request. Sites change perhaps
    once a year, so each process keeps what it found, and drops it all when any Site is saved
    or deleted (a version number in the shared cache says so)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = site_for(request)
        return self.get_response(request)


def site_for(request):
    version = cache.get(VERSION_KEY)
    if version is None or version != _known["version"]:
        version = version or _new_version()
        _known.update(version=version, sites={})
    key = (request._get_raw_host(), request.get_port())
    if key not in _known["sites"]:
        _known["sites"][key] = Site._find_for_request(request)
    return _fresh_copy(_known["sites"][key])


def _fresh_copy(site):
    """The Site row itself, without the root page a previous request loaded through it: that
    page must come from the database each time, so an edited home page shows at once."""
    if site is None:
        return None
    copy = Site(**{field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields})
    copy._state.adding = False
    copy._state.db = site._state.db
    return copy


def _new_version() -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def forget_sites(**kwargs) -> None:
    cache.delete(VERSION_KEY)
    _known.update(version=None, sites={})


post_save.connect(forget_sites, sender=Site, dispatch_uid="creative-minds-sites-saved")
post_delete.connect(forget_sites, sender=Site, dispatch_uid="creative-minds-sites-deleted")
