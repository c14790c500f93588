"""/referrals/'s filters (django-filter): status, waiting too long, partner, champion and activity.

Every choice comes from the referrals the person may already see (selectors), so a partner never
finds another partner in the list and a champion only the activities they referred to. The values
are in the query string, so a filtered list is a link a coordinator can share or bookmark.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import django_filters
from django import forms

from activities.detail import distinguishing_label
from activities.referrals import policy, selectors
from activities.referrals.models import Referral
from creative_minds.forms import NHSUKForm

FILTERS = ("status", "waiting", "partner", "champion", "activity")


class ReferralFilterForm(NHSUKForm):
    CHOICE_MESSAGES = {
        "status": "Choose a status from the list",
        "partner": "Choose a partner from the list",
        "champion": "Choose a champion from the list",
        "activity": "Choose an activity from the list",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.CHOICE_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages.update(invalid_choice=message)


class ChampionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return distinguishing_label(obj)


class ChampionFilter(django_filters.ModelChoiceFilter):
    field_class = ChampionChoiceField


class ActivityFilter(django_filters.ModelChoiceFilter):
    field_class = ActivityChoiceField


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Referral.Status.choices, empty_label="Any status"
    )
    waiting = django_filters.BooleanFilter(
        method="filter_waiting", widget=forms.CheckboxInput, label="Only referrals waiting too long"
    )
    partner = django_filters.ModelChoiceFilter(
        field_name="activity__partner", queryset=None, label="Partner", empty_label="All partners"
    )
    champion = ChampionFilter(
        field_name="champion", queryset=None, label="Champion", empty_label="All champions"
    )
    activity = ActivityFilter(
        field_name="activity", queryset=None, label="Activity", empty_label="All activities"
    )

    class Meta:
        model = Referral
        fields: list[str] = []
        form = ReferralFilterForm

    def __init__(self, data, *, user, today: datetime.date, **kwargs):
        super().__init__(data, queryset=selectors.referral_list(user, today=today), **kwargs)
        self.today = today
        counts = selectors.status_counts(user)
        self.filters["status"].extra["choices"] = [
            (value, f"{label} ({counts.get(value, 0)})") for value, label in Referral.Status.choices
        ]
        waiting = selectors.waiting_too_long_count(user, today=today)
        self.filters["waiting"].label = f"Only referrals waiting too long ({waiting})"
        self.filters["partner"].queryset = selectors.referral_partners(user)
        self.filters["activity"].queryset = selectors.referral_activities(user)
        if sees_champions(user):
            self.filters["champion"].queryset = selectors.referral_champions(user)
        else:
            del self.filters["champion"]

    def filter_waiting(self, queryset, name, value):
        """When ticked: referrals nobody has acknowledged REFERRAL_REMINDER_WORKING_DAYS working days
        after they were sent, or escalated to the coordinator and still not acknowledged."""
        return queryset.filter(selectors.waiting_too_long(today=self.today)) if value else queryset


def sees_champions(user) -> bool:
    """Coordinators and staff filter by champion; a champion sees only their own referrals, and a
    partner has no reason to sort a champion's work."""
    return policy.is_staff_viewer(user) or bool(policy.coordinated_locality_ids(user))


def filter_referrals(data, *, user, today: datetime.date) -> tuple[ReferralFilter, str]:
    """The user's referrals narrowed by `data` (the query string), and the query string of the
    filters used, for the pagination links. A value the form refuses is shown as an error and left
    out (django-filter filters by the cleaned values only), so the other filters still apply."""
    referral_filter = ReferralFilter(data, user=user, today=today)
    errors = referral_filter.errors
    chosen = {
        name: value
        for name in FILTERS
        if name in referral_filter.filters
        and name not in errors
        and (value := str(data.get(name, "")).strip())
    }
    return referral_filter, urlencode(chosen)
