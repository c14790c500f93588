"""The site's addresses with partners' funding pages at /match-funding/ instead of /funding/, for
checking that emails find their links with `reverse` rather than writing paths out by hand."""

from django.urls import include, path

from creative_minds.urls import urlpatterns as site_patterns
from partners.urls import funding_patterns

# The first of two mounts of a namespace is the one `reverse` gives.
urlpatterns = [path("match-funding/", include(funding_patterns)), *site_patterns]
