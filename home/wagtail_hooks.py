"""Admin hooks for the published outcomes, and the figures home adds to partners' records.

partners must not import activities, so the partner record asks for extra figures through the
"partner_record_figures" hook; home, which may import both, answers it.
"""

from django.urls import path, reverse
from wagtail import hooks

from home.impact.partner_record import partner_figures
from home.impact.views import WellbeingOutcomesMenuItem, WellbeingOutcomesView


@hooks.register("register_admin_urls")
def register_wellbeing_outcomes_urls():
    return [
        path("reports/wellbeing-outcomes/", WellbeingOutcomesView.as_view(), name="wellbeing_outcomes"),
        path(
            "reports/wellbeing-outcomes/results/",
            WellbeingOutcomesView.as_view(results_only=True),
            name="wellbeing_outcomes_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_wellbeing_outcomes_menu_item():
    return WellbeingOutcomesMenuItem(
        "Wellbeing outcomes", reverse("wellbeing_outcomes"), icon_name="table", order=720
    )


@hooks.register("partner_record_figures")
def partner_outcome_figures(partner_ids):
    """{partner id: [(label, text)]}: referrals taken up, attendance and wellbeing change, disclosed
    as on /impact/."""
    return partner_figures(partner_ids)
