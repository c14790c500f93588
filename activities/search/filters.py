"""The public search's filters (django-filter). Values come from the query string, per DESIGN.md.

The filters run against the in-memory FacetIndex (activities.search.facet_index) rather than a
queryset: each filter method narrows a `Selection` of index rows. Within one facet the
options are alternatives (OR); facets combine (AND).
"""

from __future__ import annotations

import functools

import django_filters
import numpy as np
from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_filters.constants import EMPTY_VALUES

from activities.models import ActivityPage
from activities.schedule import DAY_SLUGS, Weekday
from activities.search import facet_index
from activities.search.facet_index import PARTS_OF_DAY, SLOTS, FacetIndex, slot
from activities.search.markup import attributes, escaped
from activities.search.needs import (
    ACCESS_CHOICES,
    DELIVERY_CHOICES,
    JOIN_CHOICES,
    NEED_FACETS,
    PEER_LED_CHOICES,
    WHO_ALIASES,
    WHO_CHOICES,
    matching,
    with_aliases,
)
from activities.search.understanding import Reading, read_search
from creative_minds.forms import NHSUKForm, WrittenFieldGroupBoundField
from creative_minds.geo.places import AmbiguousPlace, PlaceNotFound, bounding_box, locate
from creative_minds.search_words import (
    MAX_SEARCH_CHARACTERS,
    MAX_SEARCH_WORDS,
    clean_search_text,
)

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
WEEKEND = (Weekday.SATURDAY, Weekday.SUNDAY)
NEED_FACET = {facet.name: facet for facet in NEED_FACETS}


def _when_matches(when: str, weekday: int, part: int) -> bool:
    if when == "weekend":
        return weekday in WEEKEND
    return PARTS_OF_DAY[part] == when


def slot_columns(days=(), whens=()) -> np.ndarray:
    """The (weekday, part of day) columns a session must fall in: one of `days` AND one of `whens`.

    Read-only, and worked out once per process for each choice of days and times."""
    return _slot_columns(tuple(sorted(set(days))), tuple(sorted(set(whens))))


def slot_bits(days=(), whens=()) -> int:
    """The columns of slot_columns as the bits of one integer (as FacetIndex.slot_bits holds each
    activity's sessions), once per process for each choice: a search's facet counts ask for eleven."""
    return _slot_bits(tuple(sorted(set(days))), tuple(sorted(set(whens))))


# Every choice of days and times is at most 2**7 * 2**4 keys.
@functools.lru_cache(maxsize=2**11)
def _slot_bits(days: tuple[str, ...], whens: tuple[str, ...]) -> int:
    return sum(1 << int(column) for column in np.flatnonzero(_slot_columns(days, whens)))


# Every choice of days and times is at most 2**7 * 2**4 keys.
@functools.lru_cache(maxsize=2**11)
def _slot_columns(days: tuple[str, ...], whens: tuple[str, ...]) -> np.ndarray:
    day_numbers = {DAY_SLUGS.index(day) for day in days}
    columns = np.zeros(SLOTS, dtype=bool)
    for weekday in range(7):
        for part in range(len(PARTS_OF_DAY)):
            day_ok = not day_numbers or weekday in day_numbers
            when_ok = not whens or any(_when_matches(when, weekday, part) for when in whens)
            columns[slot(weekday, part)] = day_ok and when_ok
    columns.flags.writeable = False  # shared by every search that asks for the same columns
    return columns


class HeldChoiceField(forms.Field):
    """An area or a type of activity named by its slug, found among those the search's index holds
    (facet_index.Choice: pk, slug, name) rather than in the database: reading a search's filters
    asks nothing of the database, and the options shown are the index's own (SearchForm.show_facets).
    `held` gives the index's choices; `multiple` takes any number of them, in the index's order."""

    default_error_messages = {"invalid_choice": "Select a valid choice."}

    def __init__(self, *, held, multiple=False, **kwargs):
        super().__init__(**kwargs)
        self.held = held
        self.multiple = multiple

    def to_python(self, value):
        if value in self.empty_values:
            return [] if self.multiple else None
        sent = value if self.multiple and isinstance(value, list | tuple) else [value]
        wanted = {str(slug) for slug in sent}
        chosen = [choice for choice in self.held(facet_index.current()) if choice.slug in wanted]
        if len(chosen) < len(wanted):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return chosen if self.multiple else chosen[0]


class HeldChoiceFilter(django_filters.Filter):
    field_class = HeldChoiceField


def held_localities(index: FacetIndex):
    return index.localities


def held_categories(index: FacetIndex):
    return index.category_choices


class Selection:
    """The rows of a FacetIndex still matching, as a boolean mask. Filters return narrower ones."""

    model = ActivityPage  # django-filter reads the model from what it filters

    def __init__(self, index: FacetIndex, mask: np.ndarray | None = None):
        self.index = index
        self.mask = index.everything() if mask is None else mask

    def where(self, condition: np.ndarray) -> Selection:
        return Selection(self.index, self.mask & condition)

    def rows(self) -> np.ndarray:
        return np.flatnonzero(self.mask)

    def count(self) -> int:
        return int(self.mask.sum())


class FacetChoicesMixin:
    """A filter's options as NHS.UK small radios or checkboxes, each with how many activities it
    would give (`counts`, set per search by SearchForm.show_facets). Each option's id is made from
    its value (category-singing), so a link can point at it whatever the order of the list.

    The options are written here in Python rather than by one template include each: the search
    page draws about 90 of them, and drawing them through templates was half of the page's time
    (see the README's benchmarks). The field around them (legend, hint, error) is still Django's
    form rendering."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.counts: dict[str, int | None] = {}

    @staticmethod
    def option_id(name: str, key: str) -> str:
        return f"{name}-{key or 'all'}"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        """Each option's id from its value, as `render` writes it: the error summary links to the
        first option through the field's subwidgets, which are built here."""
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if "id" in option["attrs"]:
            option["attrs"]["id"] = self.option_id(name, "" if value in (None, "") else str(value))
        return option

    def render(self, name, value, attrs=None, renderer=None):
        """The same markup as the option templates (templates/django/forms/widgets/), written as
        strings: each option escaped once, no format_html or option dictionaries per option."""
        kind = "checkboxes" if self.input_type == "checkbox" else "radios"
        chosen = set(self.format_value(value))
        shared = self.build_attrs(self.attrs, attrs)
        shared.pop("id", None)
        start = f'<div class="nhsuk-{kind}__item"><input type="{self.input_type}" name="{escaped(name)}"'
        label_class = f'<label class="nhsuk-label nhsuk-{kind}__label"'
        shared_html = attributes(shared)
        items = []
        for choice, label in self.choices:
            key = "" if choice in (None, "") else str(choice)
            option_id = escaped(self.option_id(name, key))
            count = self.counts.get(key)
            shown = (
                escaped(label)
                if count is None
                else f'{escaped(label)} <span class="cm-count">({count})</span>'
            )
            checked = " checked" if key in chosen else ""
            items.append(
                f'{start} value="{escaped(key)}"{shared_html} id="{option_id}"{checked}>'
                f'{label_class} for="{option_id}">{shown}</label></div>'
            )
        return mark_safe(f'<div class="nhsuk-{kind} nhsuk-{kind}--small">\n' + "\n".join(items) + "\n</div>")  # noqa: S308


class FacetRadios(FacetChoicesMixin, forms.RadioSelect):
    pass


class FacetCheckboxes(FacetChoicesMixin, forms.CheckboxSelectMultiple):
    pass


class FacetCheckbox(FacetCheckboxes):
    """One checkbox standing for one value of the filter (cost=free), ticked or not."""

    allow_multiple_selected = False


class SearchTextInput(forms.TextInput):
    """A text box written as Django's input template writes it (django/forms/widgets/input.html),
    in Python: the search draws its two on every request."""

    def render(self, name, value, attrs=None, renderer=None):
        shown = self.format_value(value)
        value_html = "" if shown is None else f' value="{escaped(shown)}"'
        attrs_html = attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<input type="{self.input_type}" name="{escaped(name)}"{value_html}{attrs_html}>')  # noqa: S308


class SearchSelect(forms.Select):
    """A list of options (no groups) written as Django's select templates write it
    (django/forms/widgets/select.html and select_option.html), in Python: the search draws its
    distance and order lists on every request, and through the templates they cost as much as
    all the filters' options together."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        attrs_html = attributes(self.build_attrs(self.attrs, attrs))
        options = "".join(
            f'\n  <option value="{escaped(choice)}"{" selected" if str(choice) in chosen else ""}>'
            f"{escaped(label)}</option>\n"
            for choice, label in self.choices
        )
        return mark_safe(f'<select name="{escaped(name)}"{attrs_html}>{options}\n</select>')  # noqa: S308


class SearchForm(NHSUKForm):
    # Its field groups are written in Python (creative_minds.forms.rendering), as its widgets are.
    bound_field_class = WrittenFieldGroupBoundField

    # Plain words for a value that is not one of the options (a hand-edited or old link).
    CHOICE_MESSAGES = {
        "radius": "Choose a distance from the list",
        "sort": "Choose how to sort the results from the list",
        "locality": "Choose an area from the list",
        "category": "Choose types of activity from the list",
        "day": "Choose days from the list",
        "when": "Choose times of day from the list",
        "cost": "Choose free activities only, or leave it unticked",
        "access": "Choose access needs from the list",
        "who": "Choose who the activity is for from the list",
        "join": "Choose how to join from the list",
        "delivery": "Choose in person, online or both",
        "peer_led": "Choose activities run by people with lived experience, or leave it unticked",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The places a name typed into the place box could be, when it is more than one.
        self.place_candidates: list = []
        # Places already found in the words typed, by the text that names them.
        self.places_read: dict[str, object] = {}
        for name, message in self.CHOICE_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages.update(invalid_choice=message, invalid_pk_value=message)
        # The areas and types of activity the index holds, until the search offers them with counts.
        for field in self.fields.values():
            if isinstance(field, HeldChoiceField):
                _offer(
                    field.widget, [(choice.slug, choice.name) for choice in field.held(facet_index.current())]
                )

    def clean_q(self):
        """The words, refused when too long, before they are matched."""
        return clean_search_text(self.cleaned_data.get("q"))

    def show_facets(self, facets) -> None:
        """Offer each facet's options (activities.search.selectors.Facet) with their counts.

        The options come from the search index, so showing them costs no query."""
        for name, facet in facets.items():
            widget = self.fields[name].widget
            _offer(widget, [(option.value, option.label) for option in facet.options])
            widget.counts = {option.value: option.count for option in facet.options}

    def show_sort(self, sort: str) -> None:
        """Show the order the results are actually in: with a postcode and no order chosen, that is
        nearest first, though nothing was sent."""
        self.data = self.data.copy()
        self.data["sort"] = sort

    def clean_near(self):
        """Turn the town or postcode into a Place; the error message is shown beside the field.
        A name shared by several places asks which one (the page offers each as a link)."""
        text = (self.cleaned_data.get("near") or "").strip()
        if not text:
            return None
        if text in self.places_read:
            return self.places_read[text]
        try:
            return locate(text)
        except AmbiguousPlace as error:
            self.place_candidates = list(error.candidates)
            name = error.candidates[0].label.split(",")[0] if error.candidates else text
            raise forms.ValidationError(f"There is more than one {name}", code="ambiguous") from error
        except PlaceNotFound as error:
            raise forms.ValidationError(str(error), code="not_found") from error

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sort") == "distance" and not cleaned.get("near") and "near" not in self.errors:
            self.add_error("near", "Enter a town or postcode to sort by distance")
        return cleaned


# Filters applied as one condition when both are set: a session on a chosen day at a chosen time.
COMBINED_FILTERS = {"day": frozenset({"when"}), "when": frozenset({"day"})}


def _offer(widget, options: list[tuple[str, str]]) -> None:
    """Give a filter's widget its options; a radio cannot be unticked, so "All" clears the choice."""
    widget.choices = [("", "All"), *options] if isinstance(widget, FacetRadios) else options


class ActivityFilter(django_filters.FilterSet):
    """Every search filter. `filter_queryset(selection, exclude={"day"})` applies all but the
    excluded filters, which is how each facet's counts are worked out."""

    q = django_filters.CharFilter(
        method="filter_text", label="What would you like to do?", widget=SearchTextInput
    )
    near = django_filters.CharFilter(method="filter_near", label="Town or postcode", widget=SearchTextInput)
    radius = django_filters.ChoiceFilter(
        choices=RADIUS_CHOICES,
        method="filter_nothing",
        label="Distance",
        empty_label=None,
        widget=SearchSelect,
    )
    locality = HeldChoiceFilter(
        held=held_localities, method="filter_locality", label="Area", widget=FacetRadios
    )
    category = HeldChoiceFilter(
        held=held_categories,
        multiple=True,
        method="filter_category",
        label="Type of activity",
        widget=FacetCheckboxes,
    )
    day = django_filters.MultipleChoiceFilter(
        choices=DAY_CHOICES, method="filter_day", label="Day", widget=FacetCheckboxes
    )
    when = django_filters.MultipleChoiceFilter(
        choices=WHEN_CHOICES, method="filter_when", label="Time", widget=FacetCheckboxes
    )
    cost = django_filters.ChoiceFilter(
        choices=[("free", "Free activities only")],
        method="filter_cost",
        label="Cost",
        empty_label=None,
        widget=FacetCheckbox,
    )
    access = django_filters.MultipleChoiceFilter(
        choices=ACCESS_CHOICES, method="filter_access", label="Access needs", widget=FacetCheckboxes
    )
    who = django_filters.MultipleChoiceFilter(
        choices=[*WHO_CHOICES, *((alias, "Open to everyone, all ages") for alias in WHO_ALIASES)],
        method="filter_who",
        label="Who it is for",
        widget=FacetCheckboxes,
    )
    join = django_filters.MultipleChoiceFilter(
        choices=JOIN_CHOICES, method="filter_join", label="How to join", widget=FacetCheckboxes
    )
    delivery = django_filters.MultipleChoiceFilter(
        choices=DELIVERY_CHOICES,
        method="filter_delivery",
        label="In person or online",
        widget=FacetCheckboxes,
    )
    peer_led = django_filters.ChoiceFilter(
        choices=PEER_LED_CHOICES,
        method="filter_peer_led",
        label="Who runs it",
        empty_label=None,
        widget=FacetCheckbox,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_nothing", label="Sort by", empty_label=None, widget=SearchSelect
    )
    # Set by the link "Search for ... as words instead": the words are not read as filters.
    as_typed = django_filters.BooleanFilter(
        method="filter_nothing", label="Search for the words as typed", widget=forms.HiddenInput
    )

    class Meta:
        model = ActivityPage
        fields: list[str] = []
        form = SearchForm

    @classmethod
    @functools.cache
    def search_form_class(cls) -> type[SearchForm]:
        """The form class with a field for each filter, built once per process: django-filter
        builds it, and a new field for every filter, on each search. Sharing it shares nothing
        between searches: each form deep-copies the class's fields (and their widgets), and a
        search's options and counts are set on its own copies (SearchForm.show_facets)."""
        fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
        return type(f"{cls.__name__}Form", (cls._meta.form,), fields)

    def get_form_class(self):
        return self.search_form_class()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # The query string as sent, for the link that searches for the words as typed.
        self.sent = data
        self.reading: Reading | None = None
        if data is not None and not data.get("radius"):
            data = data.copy()
            data["radius"] = str(DEFAULT_RADIUS)
        if data is not None:
            data = with_aliases(data)
        if data is not None and self.reads_words(data):
            index = facet_index.current()
            self.reading = read_search(
                data,
                localities=[(area.slug, area.name) for area in index.localities],
                parameters=self.base_filters,
                today=DAY_SLUGS[timezone.localdate().weekday()],
                # "coffee morning" is a kind of activity the staff named, not a time of day.
                kept_stems=index.text.synonyms.phrases,
            )
            data = self.reading.data
        # What BaseFilterSet.__init__ sets, but the class's own filters rather than a deep copy
        # of every one per search (made only to tell each filter its filterset): they keep
        # nothing per search, as filter_queryset calls their methods on this filterset itself.
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset  # unused: the filters narrow a Selection of the FacetIndex
        self.request = request
        self.form_prefix = prefix
        self.filters = self.base_filters
        self.form.places_read = {
            reading.values[0]: reading.place for reading in self.understood if reading.place is not None
        }
        self._excluded: frozenset[str] = frozenset()
        self._memo: dict[object, object] = {}

    @classmethod
    def reads_words(cls, data) -> bool:
        """Whether the words typed are read for filters they name: not when the person asked
        for them as typed, and not when there are too many to be a real search (the form
        refuses those, showing what was typed)."""
        text = data.get("q") or ""
        as_typed = cls.base_filters["as_typed"].field.to_python(data.get("as_typed"))
        return bool(
            text.strip()
            and not as_typed
            and len(text) <= MAX_SEARCH_CHARACTERS
            and len(text.split()) <= MAX_SEARCH_WORDS
        )

    @property
    def understood(self):
        """What the words were read as (empty when nothing was)."""
        return self.reading.understood if self.reading else ()

    # -- applying ---------------------------------------------------------------------------
    def filter_queryset(self, queryset, exclude=frozenset()):
        """The selection narrowed by every filter set, except those in `exclude`.

        Each filter's own condition is worked out once per search and kept: the facets ask for
        the results with each filter left out in turn (a dozen passes per search), and most of
        them leave out a filter that is not set, so they need nothing new."""
        excluded = frozenset(exclude)
        for name, value in self.form.cleaned_data.items():
            if name not in excluded and value not in EMPTY_VALUES:
                condition = self._condition(queryset.index, name, value, excluded)
                if condition is not None:
                    queryset = queryset.where(condition)
        return queryset

    def _condition(self, index: FacetIndex, name: str, value, excluded: frozenset[str]) -> np.ndarray | None:
        """The rows filter `name` keeps on its own (None when it keeps every row). Day and time
        are one condition when both are set, so each one's depends on whether the other is left out."""
        key = ("condition", name, excluded & COMBINED_FILTERS.get(name, frozenset()))
        if key not in self._memo:
            everything = Selection(index)
            self._excluded = excluded
            try:
                narrowed = getattr(self, self.filters[name].method)(everything, name, value)
            finally:
                self._excluded = frozenset()
            self._memo[key] = None if narrowed is everything else narrowed.mask
        return self._memo[key]

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

    def text_ranked_rows(self, index: FacetIndex) -> np.ndarray:
        """Index rows matching the words, best first (matched once per request)."""
        if "text" not in self._memo:
            self._memo["text"] = index.text.match(self.form.cleaned_data["q"])
        return self._memo["text"]

    def distances(self, index: FacetIndex, miles: int | None = None) -> np.ndarray:
        """Miles from the place to every activity within `miles` (the radius unless given);
        infinity for the rest."""
        miles = miles or self.radius_miles
        key = ("distances", miles)
        if key not in self._memo:
            place = self.place
            min_lat, max_lat, min_lon, max_lon = bounding_box(place.point, miles)
            # The box is a cheap first cut; the exact distance is worked out only inside it.
            in_box = np.flatnonzero(
                (index.latitude >= min_lat)
                & (index.latitude <= max_lat)
                & (index.longitude >= min_lon)
                & (index.longitude <= max_lon)
            )
            distances = np.full(index.size, np.inf)
            distances[in_box] = index.distances_miles(place.latitude, place.longitude, in_box)
            self._memo[key] = distances
        return self._memo[key]

    # -- filter methods ---------------------------------------------------------------------
    def filter_nothing(self, selection, name, value):
        """Sort and radius change how results are ordered or bounded, not which match on their own."""
        return selection

    def filter_text(self, selection, name, words):
        """Activities with every word (or a synonym of it) in their title, categories, summary,
        who it is for, description, partner's name or venue (activities.search.text_index)."""
        if not words:
            return selection
        matching = np.zeros(selection.index.size, dtype=bool)
        matching[self.text_ranked_rows(selection.index)] = True
        return selection.where(matching)

    def filter_near(self, selection, name, place):
        """Activities within `radius` miles of the place."""
        if not place:
            return selection
        return selection.where(self.distances(selection.index) <= self.radius_miles)

    def filter_locality(self, selection, name, locality):
        """Activities in the chosen locality."""
        if not locality:
            return selection
        return selection.where(selection.index.locality == locality.pk)

    def filter_category(self, selection, name, categories):
        """Activities in any of the chosen categories."""
        if not categories:
            return selection
        index = selection.index
        columns = [index.category_ids.index(c.pk) for c in categories if c.pk in index.category_ids]
        return selection.where(index.categories[:, columns].any(axis=1))

    def filter_day(self, selection, name, days):
        """Activities with a session on any chosen day (at a chosen time of day, if one is chosen)."""
        return self._filter_sessions(selection, days, self.value("when"))

    def filter_when(self, selection, name, whens):
        """Activities with a session at any chosen time (on a chosen day, if one is chosen)."""
        if self.value("day"):
            return selection  # filter_day already required day and time together
        return self._filter_sessions(selection, (), whens)

    def filter_cost(self, selection, name, value):
        """Free activities only."""
        if value == "free":
            return selection.where(selection.index.free)
        return selection

    def filter_access(self, selection, name, values):
        """Activities with every chosen access feature: step-free access, an accessible toilet,
        a hearing loop, a quiet space, a carer going free, British Sign Language."""
        return self._filter_need(selection, name, values)

    def filter_who(self, selection, name, values):
        """Activities for any of the chosen people: open to everyone with no age limit, young
        people (for people up to 25, or a young people's group), older people (for people 50
        and over, or an older people's group), or a named group such as carers."""
        return self._filter_need(selection, name, values)

    def filter_join(self, selection, name, values):
        """Activities joined in any of the chosen ways: just turn up, book a place, a referral
        from a health worker, or asking to join yourself (self-referral)."""
        return self._filter_need(selection, name, values)

    def filter_delivery(self, selection, name, values):
        """Activities in person, online, or either if both are chosen (one run both ways counts for each)."""
        return self._filter_need(selection, name, values)

    def filter_peer_led(self, selection, name, value):
        """Activities run by people with lived experience (peer-led)."""
        return self._filter_need(selection, name, [value] if value else [])

    def _filter_need(self, selection, name, values):
        facet = NEED_FACET[name]
        mask = matching(selection.index.needs[name], facet, values or ())
        return selection if mask is None else selection.where(mask)

    def _filter_sessions(self, selection, days, whens):
        if not days and not whens:
            return selection
        columns = slot_columns(days or (), whens or ())
        return selection.where(selection.index.slots[:, columns].any(axis=1))
