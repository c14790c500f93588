"""The listings in the Wagtail admin: the audit log's names for what happens to a listing outside the
page editor (each logged with wagtail.log_actions.log by the service that does it)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from activities.listings.models import PartnerRequest
from activities.listings.partner_request_admin import PartnerRequestPolicy, PartnerRequestViewSet

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


# Registered before the viewset, which would otherwise make Django's default policy for the model.
register_permission_policy(PartnerRequest, PartnerRequestPolicy(PartnerRequest))


@hooks.register("register_admin_viewset")
def register_partner_requests():
    return PartnerRequestViewSet()
