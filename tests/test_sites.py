"""The per-process Site lookup gives Wagtail's answer from rows loaded once per version, and no Host
header, however many different ones arrive, makes it hold more (ALLOWED_HOSTS is "*" in tests)."""

import random
import string

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site

from creative_minds import sites

pytestmark = pytest.mark.django_db

# (Host header, the port the server was reached on)
ASKED = [
    ("localhost", "80"),
    ("LOCALHOST:80", "80"),
    ("partners.example", "80"),
    ("Partners.Example.:8104", "8104"),
    ("partners.example", "8104"),
    ("partners.example", "9000"),
    ("events.example", "80"),
    ("events.example", "443"),
    ("unknown.example", "80"),
    ("127.0.0.1:8104", "8104"),
    ("[::1]:8104", "8104"),
]


def only_the_default(root):
    """The site as its migrations make it: one default Site."""


def one_more_host(root):
    Site.objects.create(hostname="partners.example", port=80, root_page=root)


def one_host_on_two_ports(root):
    Site.objects.create(hostname="partners.example", port=80, root_page=root)
    Site.objects.create(hostname="partners.example", port=8104, root_page=root)
    Site.objects.create(hostname="events.example", port=443, root_page=root)


def the_default_has_a_named_host(root):
    Site.objects.filter(is_default_site=True).update(hostname="events.example", port=8000)
    Site.objects.create(hostname="partners.example", port=80, root_page=root)


def no_default(root):
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    Site.objects.create(hostname="partners.example", port=80, root_page=root)
    Site.objects.create(hostname="partners.example", port=8104, root_page=root)


def random_host(rng) -> str:
    name = "".join(rng.choice(string.ascii_letters + string.digits + "-") for _ in range(rng.randint(1, 30)))
    return f"{name}.example:{rng.randint(1, 65535)}"


@pytest.mark.parametrize(
    "arrange",
    [only_the_default, one_more_host, one_host_on_two_ports, the_default_has_a_named_host, no_default],
)
def test_random_host_headers_do_not_grow_the_site_cache_and_each_host_gets_wagtails_site(arrange):
    root = Page.objects.get(depth=2)
    arrange(root)
    sites.forget_sites()  # update() sends no signal
    factory = RequestFactory()

    for host, port in ASKED:
        request = factory.get("/", HTTP_HOST=host, SERVER_PORT=port)
        wagtails = Site._find_for_request(request)
        ours = sites.site_for(request)
        assert (ours and ours.pk) == (wagtails and wagtails.pk), f"{host} on port {port}"

    rows = Site.objects.count()
    assert len(sites._current_sites()) == rows
    default = Site.objects.filter(is_default_site=True).first()
    middleware = sites.CachedSiteMiddleware(lambda request: request._wagtail_site)
    rng = random.Random("creative-minds")
    for _ in range(200):
        found = middleware(factory.get("/", HTTP_HOST=random_host(rng)))
        assert (found and found.pk) == (default and default.pk)
    assert len(sites._current_sites()) == rows

    # Saving a Site drops this process's copy at once (other processes: tests/test_process_copies.py).
    added = Site.objects.create(hostname="late.example", port=80, root_page=root)
    assert middleware(factory.get("/", HTTP_HOST="late.example")).pk == added.pk


def deep_leaf(title: str) -> Page:
    """A page with nothing below it, deeper than the top-level pages, so that only its being a
    site's root page can make saving it change what the processes hold."""
    parent = Page.objects.get(depth=1)
    for depth in range(2, 5):
        parent = parent.add_child(instance=Page(title=f"{title} {depth}", slug=f"{title.lower()}-{depth}"))
    return parent


def test_the_root_paths_are_wagtails_and_a_request_reads_them_from_the_process():
    assert list(sites.site_root_paths()) == Site.get_site_root_paths()
    request = RequestFactory().get("/")
    sites.CachedSiteMiddleware(lambda request: None)(request)
    assert request._wagtail_cached_site_root_paths is sites.site_root_paths()


def test_a_new_site_and_a_renamed_site_root_page_change_the_root_paths_at_once():
    root = deep_leaf("Events")
    sites.site_root_paths()
    Site.objects.create(hostname="events.example", port=80, root_page=root)
    assert root.url_path in {path.root_path for path in sites.site_root_paths()}

    root.slug = "whats-on"
    root.save()
    root_paths = {path.root_path for path in sites.site_root_paths()}
    assert root.url_path.endswith("/whats-on/") and root.url_path in root_paths
