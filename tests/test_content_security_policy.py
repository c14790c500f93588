"""Public and members' pages send a content security policy; the Wagtail admin (which needs
its inline scripts) is left out."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/activities/", "/partners/", "/account/login/", "/collectives/join/"])
def test_site_pages_allow_only_this_sites_scripts_and_styles(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


@pytest.mark.parametrize("url", ["/", "/activities/", "/partners/"])
def test_pictures_come_from_this_site_and_the_map_tile_server_only(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["img-src"] == "'self' data: https://tile.openstreetmap.org"
    assert directives["connect-src"] == "'self'"


def test_the_admin_is_left_out(client):
    assert "Content-Security-Policy" not in client.get("/admin/login/")


def test_no_page_template_uses_inline_styles_or_scripts():
    """A style="" attribute or an inline script would be blocked by the policy above."""
    offenders = []
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = template.read_text()
        if ' style="' in text or "<script>" in text or "onclick=" in text:
            offenders.append(str(template))
    assert offenders == []
