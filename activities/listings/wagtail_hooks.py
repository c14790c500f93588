"""The listings in the Wagtail admin: the "Listings" menu (activities/listings/viewsets.py), Reports →
Listings needing attention (activities.listings.admin_views), and the audit log's names for what
happens to a listing outside the page editor (each logged with wagtail.log_actions.log by the
service that does it)."""

from django.urls import path
from wagtail import hooks

from activities.listings import admin_views
from activities.listings.viewsets import ListingsViewSetGroup

# Logged against the activity or partner page, by activities.listings.services.
LOG_ACTIONS = {
    "listings.pause": ("Pause activity", "Activity paused by its partner"),
    "listings.resume": ("Restart activity", "Activity restarted by its partner"),
    "listings.end": ("End activity", "Activity marked as ended by its partner"),
    "listings.confirm": ("Confirm listing", "Listing confirmed as still right"),
    "listings.review_reminder": ("Review reminder", "Partner asked to check the listing"),
    "listings.review_due": ("Review due", "Listing past its review date: the page shows a warning"),
    "listings.review_stale": ("Out of search", "Listing left the search: not checked for too long"),
    "listings.problem_reported": ("Problem reported", "A visitor said something on the page is wrong"),
    # Logged against the ProblemReport or PartnerRequest.
    "listings.problem_status": ("Problem report status", "Problem report's status changed"),
    "listings.partner_request_approve": ("Approve partner request", "Request to become a partner approved"),
    "listings.partner_request_decline": ("Decline partner request", "Request to become a partner declined"),
}


@hooks.register("register_log_actions")
def register_listing_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_listings():
    return ListingsViewSetGroup()


@hooks.register("register_admin_urls")
def register_attention_report_urls():
    view = admin_views.ListingsNeedingAttentionView
    return [
        path("reports/listings-needing-attention/", view.as_view(), name="listings_attention"),
        path(
            "reports/listings-needing-attention/results/",
            view.as_view(results_only=True),
            name="listings_attention_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_attention_report_menu_item():
    return admin_views.menu_item()
