from django.urls import include, path

from partners.views import collectives, coordinators, funding, grants_data

funding_patterns = (
    [
        path("", funding.partner_dashboard, name="dashboard"),
        path("new/", funding.application_edit, name="new"),
        path("<uuid:public_id>/", funding.application_detail, name="application"),
        path("<uuid:public_id>/edit/", funding.application_edit, name="edit"),
    ],
    "funding",
)

collective_patterns = (
    [
        path("", collectives.member_dashboard, name="dashboard"),
        path("join/", collectives.join, name="join"),
        path("coordinate/", coordinators.coordinate, name="coordinate"),
        path("coordinate/join-requests/<int:pk>/", coordinators.decide_join_request, name="join_request"),
        path("applications/<uuid:public_id>/", collectives.application_review, name="application"),
        path("applications/<uuid:public_id>/decide/", collectives.decide, name="decide"),
    ],
    "collectives",
)

urlpatterns = [
    path("funding/", include(funding_patterns)),
    path("collectives/", include(collective_patterns)),
    path("funded-projects/", collectives.funded, name="funded_projects"),
    path("funded-projects/360giving.json", grants_data.grants_360giving_json, name="grants_360giving_json"),
    path("funded-projects/360giving.csv", grants_data.grants_360giving_csv, name="grants_360giving_csv"),
]
