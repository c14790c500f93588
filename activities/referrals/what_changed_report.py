"""Reports > What has changed for people: the answers people chose to share from the follow-up
questionnaire, for Creative Minds staff to read in the Wagtail admin.

Each row is a selectors.SharedAnswer: the words, the month, the activity, its locality and how
it may be used, and nothing else (no participant code, name or day). Reading them is recorded in
the audit trail, as reading any other health record is. The page is under /admin/, so the second
factor is asked for (creative_minds.two_factor), and it is never cached.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from activities.referrals import policy, selectors, services
from activities.referrals.models import WellbeingCheckIn
from partners.models import Locality

Sharing = WellbeingCheckIn.Sharing


class SharedAnswerFilterSet(WagtailFilterSet):
    locality = django_filters.ModelChoiceFilter(
        label="Locality",
        field_name="participant__activity__locality",
        queryset=Locality.objects.order_by("name"),
        empty_label="All localities",
    )
    sharing = django_filters.ChoiceFilter(
        label="May be used",
        field_name="what_changed_sharing",
        choices=[(Sharing.INSIDE, Sharing.INSIDE.label), (Sharing.QUOTE, Sharing.QUOTE.label)],
        empty_label="Shared or quotable",
    )

    class Meta:
        model = WellbeingCheckIn
        fields = []


class StoryColumn(Column):
    """Where a quotable answer becomes a draft story, or links to the story made from it. The stories
    app answers through the "shared_answer_story_actions" hook (referrals may not import stories)."""

    cell_template_name = "referrals/admin/story_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["story_action"] = getattr(parent_context["table"], "story_actions", {}).get(instance.id)
        # The cell is rendered without the request's context processors: its form needs the token.
        if context.get("request") is not None:
            context["csrf_token"] = get_token(context["request"])
        return context


def story_actions(answers, user) -> dict:
    """What the Story column offers for each answer, from every "shared_answer_story_actions" hook."""
    actions = {}
    for hook in hooks.get_hooks("shared_answer_story_actions"):
        actions.update(hook(answers, user))
    return actions


@method_decorator(never_cache, name="dispatch")
class SharedAnswersView(ReportView):
    page_title = "What has changed for people"
    header_icon = "openquote"
    index_url_name = "referrals_shared_answers"
    index_results_url_name = "referrals_shared_answers_results"
    filterset_class = SharedAnswerFilterSet
    paginate_by = 50
    verbose_name = "answer"
    verbose_name_plural = "answers"
    # No spreadsheet export: people's own words stay in the admin, where reading them is audited.
    columns = [
        Column("month_label", label="Month"),
        Column("activity_title", label="Activity"),
        Column("locality_name", label="Locality"),
        Column("sharing_label", label="May be used"),
        Column("text", label="What they wrote"),
        StoryColumn("story", label="Story"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not policy.can_read_shared_answers(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.shared_answer_rows()

    def get_table(self, object_list):
        # The page's rows become SharedAnswers here, where the table is made of them: the columns
        # can show only what a SharedAnswer holds, and only the answers shown are audited.
        answers = selectors.as_shared_answers(object_list)
        services.record_answers_read(answers, user=self.request.user)
        table = super().get_table(answers)
        table.story_actions = story_actions(answers, self.request.user)
        return table


class SharedAnswersMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.can_read_shared_answers(request.user)


def menu_item() -> SharedAnswersMenuItem:
    return SharedAnswersMenuItem(
        "What has changed for people", reverse("referrals_shared_answers"), icon_name="openquote", order=730
    )
