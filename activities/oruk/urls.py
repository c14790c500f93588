"""/api/oruk/: the Open Referral UK 3.0 read API. The views are being written; every route answers
404 until they land, so other pages can already link to the names."""

from django.http import Http404
from django.urls import path

app_name = "oruk"


def _not_yet(request, **kwargs):
    raise Http404


urlpatterns = [
    path("", _not_yet, name="root"),
    path("openapi.json", _not_yet, name="openapi"),
    path("services", _not_yet, name="services"),
    path("services/<str:id>", _not_yet, name="service"),
    path("organizations", _not_yet, name="organizations"),
    path("organizations/<str:id>", _not_yet, name="organization"),
    path("service_at_locations", _not_yet, name="service_at_locations"),
    path("service_at_locations/<str:id>", _not_yet, name="service_at_location"),
    path("taxonomies", _not_yet, name="taxonomies"),
    path("taxonomies/<str:id>", _not_yet, name="taxonomy"),
    path("taxonomy_terms", _not_yet, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", _not_yet, name="taxonomy_term"),
]
