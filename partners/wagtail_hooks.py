from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from partners.viewsets import DecisionTimesView, FundingViewSetGroup


@hooks.register("register_admin_viewset")
def register_funding():
    return FundingViewSetGroup()


@hooks.register("register_log_actions")
def register_funding_log_actions(actions):
    """The funding audit trail, shown in Wagtail's history and audit-log reports."""
    actions.register_action("partners.application_submitted", "Send application", "Application sent")
    actions.register_action("partners.conflict_declared", "Declare conflict", "Conflict of interest declared")
    actions.register_action("partners.vote_cast", "Vote", "Vote cast")
    actions.register_action("partners.vote_changed", "Change vote", "Vote changed")
    actions.register_action("partners.decision_recorded", "Decide", "Decision recorded")
    actions.register_action("partners.vote_overridden", "Override vote", "Vote overridden by the chair")
    actions.register_action(
        "partners.decided_early", "Decide before voting closes", "Decided while members could still vote"
    )
    actions.register_action("partners.join_request_approved", "Approve member", "Join request approved")
    actions.register_action("partners.join_request_declined", "Decline member", "Join request declined")


@hooks.register("register_admin_urls")
def register_decision_times_url():
    return [
        path("reports/decision-times/", DecisionTimesView.as_view(), name="funding_decision_times"),
        path(
            "reports/decision-times/results/",
            DecisionTimesView.as_view(results_only=True),
            name="funding_decision_times_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_decision_times_menu_item():
    return AdminOnlyMenuItem("Decision times", reverse("funding_decision_times"), icon_name="time", order=700)
