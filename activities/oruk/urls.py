"""/api/oruk/: the Open Referral UK 3.0 read API (activities.oruk.views). Every address under the
prefix answers JSON, an unknown one a 404 in the feed's error shape."""

from django.urls import path, re_path

from activities.oruk import views

app_name = "oruk"

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi_json, name="openapi"),
    path("services", views.services, name="services"),
    path("services/<str:id>", views.service, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:id>", views.organization, name="organization"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    path("service_at_locations/<str:id>", views.service_at_location, name="service_at_location"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term, name="taxonomy_term"),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]
