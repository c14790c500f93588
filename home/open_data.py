"""/open-data/: what the site publishes as data (the Open Referral UK feed, the 360Giving grants
files), how to use it, its licence and who to ask. Public and cacheable; it reads no query
parameters, so the page cache keeps one copy."""

from urllib.parse import urlencode

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

# Worked examples on the page: a postcode in Huddersfield town centre and about 5 miles (the
# feed's `proximity` is in metres, as the Open Referral UK specification says).
EXAMPLE_POSTCODE = "HD1 2TA"
EXAMPLE_PROXIMITY_METRES = 8000
EXAMPLE_MODIFIED_AFTER = "2026-11-01T00:00:00Z"


@require_safe
def open_data(request):
    def absolute(name: str, **query) -> str:
        address = request.build_absolute_uri(reverse(name))
        return f"{address}?{urlencode(query)}" if query else address

    return TemplateResponse(
        request,
        "home/open_data.html",
        {
            "oruk": {
                "base": absolute("oruk:root"),
                "openapi": absolute("oruk:openapi"),
                "services": absolute("oruk:services"),
                "organizations": absolute("oruk:organizations"),
                "service_at_locations": absolute("oruk:service_at_locations"),
                "taxonomies": absolute("oruk:taxonomies"),
                "taxonomy_terms": absolute("oruk:taxonomy_terms"),
            },
            "examples": {
                "near_postcode": absolute(
                    "oruk:service_at_locations",
                    postcode=EXAMPLE_POSTCODE,
                    proximity=EXAMPLE_PROXIMITY_METRES,
                ),
                "search": absolute("oruk:services", search="choir"),
                "taxonomy_terms": absolute("oruk:taxonomy_terms", search="singing"),
                "changed_since": absolute("oruk:services", modified_after=EXAMPLE_MODIFIED_AFTER),
                "second_page": absolute("oruk:services", page=2, per_page=50),
            },
            "example_postcode": EXAMPLE_POSTCODE,
            "example_modified_after": EXAMPLE_MODIFIED_AFTER,
            "grants_json": absolute("grants_360giving_json"),
            "grants_csv": absolute("grants_360giving_csv"),
            "grants_prefix": settings.THREESIXTYGIVING_PREFIX,
            "licence_name": settings.OPEN_DATA_LICENCE_NAME,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
            "cache_minutes": max(1, settings.PUBLIC_PAGE_CACHE_SECONDS // 60),
        },
    )
