from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from activities.search import partner_views
from activities.search import views as search_views
from creative_minds import views
from home.impact.views import impact, impact_csv
from home.open_data import open_data
from home.views import account_home

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz/", views.health, name="health"),
    path("activities/", search_views.search, name="activity_search"),
    path("partners/", partner_views.partner_directory, name="partner_directory"),
    path("account/", account_home, name="account"),
    path("account/two-factor/", include("creative_minds.two_factor.urls")),
    path("account/", include("creative_minds.accounts.urls")),
    path("api/oruk/", include("activities.oruk.urls")),
    path("impact/", impact, name="impact"),
    path("impact/figures.csv", impact_csv, name="impact_csv"),
    path("open-data/", open_data, name="open_data"),
    path("", include("activities.referrals.urls")),
    path("", include("activities.stories.urls")),
    path("", include("activities.listings.urls")),
    path("", include("partners.urls")),
    # Activity and partner pages found by slug in one query (after every other URL under them);
    # Wagtail serves them, with its hooks (creative_minds.routing.serve_child_page).
    path("activities/<slug:slug>/", search_views.activity_page, name="activity_page"),
    path("activities/<slug:slug>/<path:subpath>", search_views.activity_page, name="activity_subpage"),
    path("partners/<slug:slug>/", partner_views.partner_page, name="partner_page"),
    path("partners/<slug:slug>/<path:subpath>", partner_views.partner_page, name="partner_subpage"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
