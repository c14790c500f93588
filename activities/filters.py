"""The public search's filters (django-filter). Values come from the query string, per DESIGN.md."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from activities.models import ActivityPage, ActivitySession, Category
from activities.models.session import DAY_SLUGS, EVENING_STARTS, MORNING_ENDS, Weekday
from creative_minds.geo.expressions import haversine_miles
from creative_minds.geo.places import PlaceNotFound, bounding_box, locate
from partners.models import Locality

DAY_CHOICES = [(slug, Weekday(number).label) for number, slug in enumerate(DAY_SLUGS)]
WHEN_CHOICES = [
    ("morning", "Mornings (before midday)"),
    ("afternoon", "Afternoons (midday to 5pm)"),
    ("evening", "Evenings (after 5pm)"),
    ("weekend", "Weekends"),
]
RADIUS_CHOICES = [("1", "1 mile"), ("3", "3 miles"), ("5", "5 miles"), ("10", "10 miles"), ("25", "25 miles")]
DEFAULT_RADIUS = 5
SORT_CHOICES = [
    ("relevance", "Best match"),
    ("distance", "Nearest first"),
    ("name", "Name (A to Z)"),
    ("newest", "Newest first"),
]
WHEN_CONDITIONS = {
    "morning": Q(start_time__lt=MORNING_ENDS),
    "afternoon": Q(start_time__gte=MORNING_ENDS, start_time__lt=EVENING_STARTS),
    "evening": Q(start_time__gte=EVENING_STARTS),
    "weekend": Q(weekday__in=[Weekday.SATURDAY, Weekday.SUNDAY]),
}


def session_condition(days=(), whens=()) -> Q:
    """A condition on ActivitySession rows: meets on one of `days` AND at one of `whens`."""
    condition = Q()
    if days:
        condition &= Q(weekday__in=[DAY_SLUGS.index(day) for day in days])
    if whens:
        any_when = Q()
        for when in whens:
            any_when |= WHEN_CONDITIONS[when]
        condition &= any_when
    return condition


class SearchForm(forms.Form):
    def clean_near(self):
        """Turn the postcode into a Place; the error message is shown beside the field."""
        text = (self.cleaned_data.get("near") or "").strip()
        if not text:
            return None
        try:
            return locate(text)
        except PlaceNotFound as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sort") == "distance" and not cleaned.get("near") and "near" not in self.errors:
            self.add_error("near", "Enter a postcode to sort by distance")
        return cleaned


class ActivityFilter(django_filters.FilterSet):
    """Every search filter. Within one facet the options are alternatives (OR); facets combine (AND).

    `filter_queryset(queryset, exclude={"day"})` applies all filters but the excluded ones,
    which is how each facet's counts are worked out.
    """

    q = django_filters.CharFilter(method="filter_text", label="What would you like to do?")
    near = django_filters.CharFilter(method="filter_near", label="Your postcode")
    radius = django_filters.ChoiceFilter(
        choices=RADIUS_CHOICES, method="filter_nothing", label="Distance", empty_label=None
    )
    locality = django_filters.ModelChoiceFilter(
        queryset=Locality.objects.all(), to_field_name="slug", label="Area", empty_label="All areas"
    )
    category = django_filters.ModelMultipleChoiceFilter(
        queryset=Category.objects.all(),
        to_field_name="slug",
        field_name="categories",
        label="Type of activity",
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
        method="filter_category",
    )
    day = django_filters.MultipleChoiceFilter(
        choices=DAY_CHOICES, method="filter_day", label="Day", widget=forms.CheckboxSelectMultiple
    )
    when = django_filters.MultipleChoiceFilter(
        choices=WHEN_CHOICES, method="filter_when", label="Time", widget=forms.CheckboxSelectMultiple
    )
    cost = django_filters.ChoiceFilter(
        choices=[("free", "Free activities only")], method="filter_cost", label="Cost"
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_nothing", label="Sort by", empty_label=None
    )

    class Meta:
        model = ActivityPage
        fields: list[str] = []
        form = SearchForm

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("radius"):
            data = data.copy()
            data["radius"] = str(DEFAULT_RADIUS)
        super().__init__(data, *args, **kwargs)
        self._excluded: frozenset[str] = frozenset()

    # -- applying ---------------------------------------------------------------------------
    def filter_queryset(self, queryset, exclude=frozenset()):
        self._excluded = frozenset(exclude)
        try:
            for name, value in self.form.cleaned_data.items():
                if name not in self._excluded:
                    queryset = self.filters[name].filter(queryset, value)
        finally:
            self._excluded = frozenset()
        return queryset

    def value(self, name):
        """The cleaned value of a filter, or empty when it is excluded from this pass."""
        if name in self._excluded:
            return None
        return self.form.cleaned_data.get(name)

    @property
    def place(self):
        return self.form.cleaned_data.get("near") if self.is_bound and self.is_valid() else None

    @property
    def radius_miles(self) -> int:
        return int(self.form.cleaned_data.get("radius") or DEFAULT_RADIUS)

    # -- filter methods ---------------------------------------------------------------------
    def filter_nothing(self, queryset, name, value):
        """Sort and radius change how results are ordered or bounded, not which match on their own."""
        return queryset

    def filter_text(self, queryset, name, value):
        """Matching is done by Wagtail search before the filters; see selectors.search_activities."""
        return queryset

    def filter_near(self, queryset, name, place):
        """Activities within `radius` miles of the place: an indexed box first, then exact distance."""
        if not place:
            return queryset
        min_lat, max_lat, min_lon, max_lon = bounding_box(place.point, self.radius_miles)
        return (
            queryset.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
            .alias(distance=haversine_miles(place.latitude, place.longitude))
            .filter(distance__lte=self.radius_miles)
        )

    def filter_category(self, queryset, name, categories):
        """Activities in any of the chosen categories."""
        if not categories:
            return queryset
        through = ActivityPage.categories.through
        return queryset.filter(
            Exists(through.objects.filter(activitypage_id=OuterRef("pk"), category__in=categories))
        )

    def filter_day(self, queryset, name, days):
        """Activities with a session on any chosen day (at a chosen time of day, if one is chosen)."""
        return self._filter_sessions(queryset, days, self.value("when"))

    def filter_when(self, queryset, name, whens):
        """Activities with a session at any chosen time (on a chosen day, if one is chosen)."""
        if self.value("day"):
            return queryset  # filter_day already required day and time together
        return self._filter_sessions(queryset, (), whens)

    def filter_cost(self, queryset, name, value):
        """Free activities only."""
        if value == "free":
            return queryset.filter(cost_type=ActivityPage.CostType.FREE)
        return queryset

    def _filter_sessions(self, queryset, days, whens):
        if not days and not whens:
            return queryset
        sessions = ActivitySession.objects.filter(session_condition(days or (), whens or ()))
        return queryset.filter(Exists(sessions.filter(page_id=OuterRef("pk"))))
