"""Find the Wagtail Site for a request, and the sites' root paths every page address is made from,
without a database query or a cache round trip."""

from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from creative_minds import process_copies

# Every Site row, held by each process (creative_minds.process_copies). Nothing is keyed on what a
# request sends, so no Host header, however many different ones arrive, can make this grow.
HELD_AS = "sites"
ROOT_PATHS_HELD_AS = "site-root-paths"

# Wagtail's ranks (wagtail.models.sites.get_site_for_hostname), best first.
_HOSTNAME_AND_PORT, _HOSTNAME_AND_DEFAULT, _DEFAULT, _HOSTNAME = range(4)


class CachedSiteMiddleware:
    """Wagtail looks the Site up by host name with a query per request. Sites change perhaps
    once a year, so each process holds every Site row, matches each request's host against them
    in memory, and loads them again after any Site is saved or deleted (at once in the process that
    saved it, within process_copies.REVALIDATE_SECONDS in the others)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = site_for(request)
        # Where Wagtail looks first for the root paths (Page._get_site_root_paths): without it, each
        # page address made (a breadcrumb, a link to the partner) reads them from the shared cache.
        request._wagtail_cached_site_root_paths = site_root_paths()
        return self.get_response(request)


def site_for(request):
    """The request's Site, as Wagtail would find it, as a row of its own (see _fresh_copy)."""
    return _fresh_copy(held_site_for(request))


def held_site_for(request):
    """The request's Site row as this process holds it, shared by every request: to read, never
    to hand to a view (site_for does that)."""
    # As Wagtail's Site._find_for_request: the raw host (ALLOWED_HOSTS is checked later, by
    # whatever needs the host), lower case with the port split off; the port the server gives.
    hostname = split_domain_port(request._get_raw_host())[0]
    return match_site(_current_sites(), hostname, request.get_port())


def match_site(sites, hostname: str, port) -> Site | None:
    """The site Wagtail's get_site_for_hostname would choose, from rows already in memory: the
    hostname and port, else the hostname if it is the default site's, else the default unless
    exactly one other site has the hostname."""
    port = int(port) if str(port).isdigit() else None

    def rank(site):
        if site.hostname == hostname and site.port == port:
            return _HOSTNAME_AND_PORT
        if site.hostname == hostname and site.is_default_site:
            return _HOSTNAME_AND_DEFAULT
        return _DEFAULT if site.is_default_site else _HOSTNAME

    ranked = sorted(
        ((rank(site), site) for site in sites if site.hostname == hostname or site.is_default_site),
        key=lambda ranked_site: ranked_site[0],
    )
    if not ranked:
        return None
    best_rank, best = ranked[0]
    if len(ranked) == 1 or best_rank in (_HOSTNAME_AND_PORT, _HOSTNAME_AND_DEFAULT):
        return best
    if best_rank == _DEFAULT:
        return ranked[1][1] if len(ranked) == 2 else best
    return None  # several sites with the hostname, none on this port, and no default


def site_root_paths() -> tuple:
    """Wagtail's Site.get_site_root_paths(), held by each process. They change when a Site is saved
    or deleted, or a site's root page is saved (its slug): `forget_sites` and `forget_if_site_root`."""
    return process_copies.held(ROOT_PATHS_HELD_AS, lambda: tuple(Site.get_site_root_paths()))


def _current_sites() -> tuple:
    return process_copies.held(HELD_AS, lambda: tuple(Site.objects.all()))


def _fresh_copy(site):
    """The Site row itself, without the root page a previous request loaded through it: that
    page must come from the database each time, so an edited home page shows at once."""
    if site is None:
        return None
    copy = Site(**{field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields})
    copy._state.adding = False
    copy._state.db = site._state.db
    return copy


def forget_sites(**kwargs) -> None:
    process_copies.changed()


def forget_if_site_root(sender, instance, **kwargs) -> None:
    """A site's root page saved or deleted may change the root paths (its slug is in them)."""
    if isinstance(instance, Page) and any(site.root_page_id == instance.pk for site in _current_sites()):
        process_copies.changed()


def connect_signals() -> None:
    """Forget what is held when it may have changed (CreativeMindsConfig.ready calls this, so a
    change made by a command or a task is announced too)."""
    post_save.connect(forget_sites, sender=Site, dispatch_uid="creative-minds-sites-saved")
    post_delete.connect(forget_sites, sender=Site, dispatch_uid="creative-minds-sites-deleted")
    # Every model: a page's post_save is sent with its own class as sender (HomePage, not Page).
    post_save.connect(forget_if_site_root, dispatch_uid="creative-minds-site-root-saved")
    post_delete.connect(forget_if_site_root, dispatch_uid="creative-minds-site-root-deleted")
