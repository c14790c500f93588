"""Partners' own listings (/listings/, signed in), the review cycle's confirm links, and the public
forms that keep listings true: "Tell us if something is wrong" and "Become a partner"."""

from django.urls import include, path

from activities.listings.views import check, dashboard, edit, join, report, status

listing_patterns = (
    [
        path("", dashboard.index, name="index"),
        path("partners/<uuid:key>/", dashboard.partner_listings, name="partner"),
        path("partners/<uuid:key>/profile/", edit.partner_profile, name="partner_profile"),
        path("partners/<uuid:key>/activities/new/", edit.activity_new, name="activity_new"),
        path("activities/<uuid:key>/", edit.activity_edit, name="activity_edit"),
        path("activities/<uuid:key>/status/", status.activity_status, name="activity_status"),
        path("activities/<uuid:key>/still-right/", check.confirm_signed_in, name="activity_confirm"),
        path("check/<str:token>/", check.confirm, name="check"),
    ],
    "listings",
)

urlpatterns = [
    path("listings/", include(listing_patterns)),
    path(
        "activities/<slug:slug>/report-a-problem/",
        report.report_activity_problem,
        name="report_activity_problem",
    ),
    path(
        "activities/<slug:slug>/report-a-problem/sent/",
        report.report_activity_problem_sent,
        name="report_activity_problem_sent",
    ),
    path(
        "partners/<slug:slug>/report-a-problem/",
        report.report_partner_problem,
        name="report_partner_problem",
    ),
    path(
        "partners/<slug:slug>/report-a-problem/sent/",
        report.report_partner_problem_sent,
        name="report_partner_problem_sent",
    ),
    path("become-a-partner/", join.become_a_partner, name="become_a_partner"),
    path("become-a-partner/sent/", join.become_a_partner_sent, name="become_a_partner_sent"),
]
