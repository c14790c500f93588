"""/impact/ (the published outcomes) and the Wagtail admin's "Wellbeing outcomes" report (Reports
menu, registered in home/wagtail_hooks.py)."""

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from activities.referrals import policy, swemwbs
from home.impact import published
from home.impact.chart import wellbeing_chart
from home.impact.disclosure import (
    MEANINGFUL_CHANGE,
    MEANINGFUL_CHANGE_SOURCE,
    MEANINGFUL_CHANGE_URL,
    MIN_GROUP,
    SUPPRESS_BELOW,
)
from home.impact.published import figure_rows, impact_figures
from home.impact.report import admin_rows
from home.impact.text import TOO_FEW_FOR_SHARE


def impact(request):
    """/impact/: published outcomes. Public and cacheable: every figure is an aggregate that has
    been through disclosure control (home.impact.published), so nothing on it is about one person."""
    figures = impact_figures()
    return TemplateResponse(
        request,
        "home/impact.html",
        {
            "figures": figures,
            "chart": wellbeing_chart(figures.wellbeing_by_locality),
            "min_group": MIN_GROUP,
            "suppress_below": SUPPRESS_BELOW,
            "meaningful_change": MEANINGFUL_CHANGE,
            "meaningful_change_source": MEANINGFUL_CHANGE_SOURCE,
            "meaningful_change_url": MEANINGFUL_CHANGE_URL,
            "copyright": swemwbs.COPYRIGHT,
            "follow_up_weeks": settings.WELLBEING_FOLLOW_UP_WEEKS,
            "lowest_score": swemwbs.LOWEST_RAW,
            "highest_score": swemwbs.HIGHEST_RAW,
            "headings": published,
            "too_few_for_share": TOO_FEW_FOR_SHARE,
        },
    )


CSV_COLUMNS = ("table", "group", "measure", "value", "n", "period", "as_of")


def impact_csv(request):
    """/impact/figures.csv: exactly the figures /impact/ shows, one row each, from the same cached
    figures (so the two always agree). Public and cacheable, like the page."""
    figures = impact_figures()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="creative-minds-impact.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for figure in figure_rows(figures):
        writer.writerow(
            [
                _plain(figure.table),
                _plain(figure.group),
                figure.measure,
                figure.value,
                figure.n,
                figures.period,
                figures.as_of_text,
            ]
        )
    return response


def _plain(name: str) -> str:
    """An editor-written name that a spreadsheet would run as a formula ("=...") is kept as text.
    Figures are never changed: the page writes them, and "+2.3" is only a number to a spreadsheet."""
    return f"'{name}" if name[:1] in ("=", "+", "-", "@", "\t", "\r") else name


COLUMNS = {
    "locality": "Locality",
    "category": "Type of activity",
    "referrals": "Referrals made",
    "taken_up": "Taken up",
    "with_first_session": "Been to a session",
    "median_days": "Median days to first session",
    "people": "People with both scores",
    "mean_baseline": "Mean first score",
    "mean_follow_up": "Mean follow-up score",
    "mean_change": "Mean change",
    "ci_low": "95% CI from",
    "ci_high": "95% CI to",
    "share_improved": "% up by 3 or more",
    "note": "Note",
}


@method_decorator(never_cache, name="dispatch")
class WellbeingOutcomesView(ReportView):
    """Exact aggregate figures per locality and type of activity, for staff and coordinators.

    Counts are not rounded (the readers may see the underlying records anyway), but means are
    still given only for 30 people or more. Only aggregates: no participant code, name or answer.
    """

    page_title = "Wellbeing outcomes"
    header_icon = "table"
    index_url_name = "wellbeing_outcomes"
    index_results_url_name = "wellbeing_outcomes_results"
    paginate_by = None  # one row per locality and type: at most a few hundred
    list_export = list(COLUMNS)
    export_headings = COLUMNS
    export_filename = "wellbeing-outcomes"
    columns = [Column(name, label=label) for name, label in COLUMNS.items()]

    def dispatch(self, request, *args, **kwargs):
        if not policy.can_view_outcomes_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return admin_rows(policy.outcome_locality_ids(self.request.user))


class WellbeingOutcomesMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.can_view_outcomes_report(request.user)
