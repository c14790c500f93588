"""The partner directory at /partners/: what it knows of each partner, its form, and one search.

Nothing here reads the database. The directory searches a `PartnerIndex`: every published
partner as plain values, with the words it is found by already turned into search terms. The
index is built, and kept per process, by the layer above (activities.search.partner_index),
because what a partner does is the types of the activities it runs, and this app may not import
activities. The same layer answers /partners/ (activities.search.partner_views).

Partners are few (about 120, 400 in the benchmark), so the whole search is a pass over the
index in Python: every typed word must match, the same way on SQLite and PostgreSQL, because
both sides are read by creative_minds.search_words.terms().
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.utils.html import format_html
from wagtail.rich_text import get_text_for_indexing

from creative_minds.forms import NHSUKForm
from creative_minds.search_words import (
    clean_search_text,
    terms,
)

PARTNERS_PER_PAGE = 30
TYPES_ON_A_CARD = 3
# Lines of an address that name a county rather than the town.
COUNTY_LINES = frozenset(("west yorkshire", "south yorkshire", "yorkshire"))


class Option(NamedTuple):
    """An area or a type of activity, as the form offers it and a card names it."""

    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class PartnerEntry:
    """One published partner, as a directory card shows it and the search reads it."""

    pk: int
    title: str
    slug: str
    summary: str
    town: str
    localities: tuple[Option, ...]  # in name order
    activity_count: int  # live activities
    activity_types: tuple[Option, ...]  # the types of its live activities, the most run first
    mental_health_friendly: bool
    first_aid_trained: bool
    name_terms: frozenset[str]
    summary_terms: frozenset[str]
    other_terms: frozenset[str]  # the description and the names of its activity types
    locality_slugs: frozenset[str]
    type_slugs: frozenset[str]

    @property
    def types_shown(self) -> tuple[Option, ...]:
        """The activity types a card names; the rest it only counts (`types_not_shown`)."""
        return self.activity_types[:TYPES_ON_A_CARD]

    @property
    def types_not_shown(self) -> int:
        return max(0, len(self.activity_types) - TYPES_ON_A_CARD)


@dataclass(frozen=True)
class PartnerIndex:
    """Every published partner in name order, with the options the directory's filters offer."""

    version: str
    entries: tuple[PartnerEntry, ...]
    localities: tuple[Option, ...]  # every area, in name order
    activity_types: tuple[Option, ...]  # the types some published partner runs, in name order


def partner_entry(
    *,
    pk: int,
    title: str,
    slug: str,
    summary: str,
    description: str,
    address: str,
    localities: tuple[Option, ...],
    activity_count: int,
    activity_types: tuple[Option, ...],
    activity_titles: tuple[str, ...] = (),
    mental_health_friendly: bool,
    first_aid_trained: bool,
) -> PartnerEntry:
    """A partner's entry, its words read once (`description` is the rich text's HTML). What a
    partner does is also the titles of its live activities: one running "Knit and natter" is
    found by "knitting" though its own words never say so."""
    other_words = [
        get_text_for_indexing(description),
        *(kind.name for kind in activity_types),
        *activity_titles,
    ]
    return PartnerEntry(
        pk=pk,
        title=title,
        slug=slug,
        summary=summary,
        town=post_town(address),
        localities=localities,
        activity_count=activity_count,
        activity_types=activity_types,
        mental_health_friendly=mental_health_friendly,
        first_aid_trained=first_aid_trained,
        name_terms=frozenset(terms(title)),
        summary_terms=frozenset(terms(summary)),
        other_terms=frozenset(term for text in other_words for term in terms(text)),
        locality_slugs=frozenset(locality.slug for locality in localities),
        type_slugs=frozenset(kind.slug for kind in activity_types),
    )


def post_town(address: str) -> str:
    """The town of a postal address written one part per line: its last line, as a British
    address ends (the postcode has a field of its own), passing over a county. A one-line address
    is a street or a building, not a town, so it gives none."""
    lines = [line.strip(" ,") for line in (address or "").splitlines() if line.strip(" ,")]
    lines = [line for line in lines if line.casefold() not in COUNTY_LINES]
    return lines[-1] if len(lines) > 1 else ""


# -- the form ---------------------------------------------------------------------------------


class SmallRadios(forms.RadioSelect):
    """NHS.UK's small radios: a filter beside the results, not a question to answer."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["small"] = True
        return context


class SmallCheckboxes(forms.CheckboxSelectMultiple):
    """NHS.UK's small checkboxes, for the same reason."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["small"] = True
        return context


class PartnerDirectoryForm(NHSUKForm):
    """The partner directory's search: words, one area or all of them, and types of activity.

    A value it cannot use (an old or hand-edited link, a search too long) is left out, with a
    message on the form, and the rest of the search still answered."""

    q = forms.CharField(label="Search partners", required=False)
    locality = forms.ChoiceField(
        label="Area",
        required=False,
        widget=SmallRadios,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    category = forms.MultipleChoiceField(
        label="Type of activity they run",
        required=False,
        widget=SmallCheckboxes,
        error_messages={
            "invalid_choice": "Choose types of activity from the list",
            "invalid_list": "Choose types of activity from the list",
        },
    )
    # Not a question: the page of results, carried by the pagination links. Listed so that this form
    # is the one list of what the directory reads (the page cache and the hostile-input test use it).
    page = forms.CharField(required=False, widget=forms.HiddenInput)  # the paginator makes sense of any value

    def __init__(self, *args, localities, activity_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].choices = [("", "All areas"), *localities]
        self.fields["category"].choices = list(activity_types)

    def clean_q(self) -> str:
        """The words, refused when too long (the activity search's limits)."""
        return clean_search_text(self.cleaned_data.get("q"))

    def show_counts(self, *, localities: Counter, activity_types: Counter, everywhere: int) -> None:
        """Put beside each option how many partners it would give, the other choices kept."""
        self.fields["locality"].choices = [
            (slug, _counted(name, everywhere if not slug else localities[slug]))
            for slug, name in self.fields["locality"].choices
        ]
        self.fields["category"].choices = [
            (slug, _counted(name, activity_types[slug])) for slug, name in self.fields["category"].choices
        ]


# What changes the directory: the page cache's key (creative_minds.page_cache.vary_on_query).
DIRECTORY_PARAMETERS = tuple(PartnerDirectoryForm.base_fields)


def _counted(label: str, count: int) -> str:
    return format_html('{} <span class="cm-count">({})</span>', label, count)


# -- the search -------------------------------------------------------------------------------


@dataclass
class DirectoryResults:
    partners: Page  # of PartnerEntry
    form: PartnerDirectoryForm
    words: str  # the search as read, "" for none
    chosen_locality: Option | None
    chosen_types: list[Option]
    query_string: str  # the search as a link, without the page

    @property
    def total(self) -> int:
        return self.partners.paginator.count

    @property
    def filters_chosen(self) -> int:
        return (1 if self.chosen_locality else 0) + len(self.chosen_types)

    @property
    def filtered(self) -> bool:
        return bool(self.filters_chosen)

    @property
    def heading(self) -> str:
        """What is listed, in words: "12 partners in Kirklees matching ‘arts’"."""
        one = self.total == 1
        parts = ["No partners" if not self.total else f"{self.total} partner{'' if one else 's'}"]
        if self.chosen_locality:
            parts.append(f"in {self.chosen_locality.name}")
        if self.chosen_types:
            kinds = _either(kind.name.lower() for kind in self.chosen_types)
            parts.append(f"that run{'s' if one else ''} {kinds}")
        if self.words:
            parts.append(f"matching ‘{self.words}’")
        return " ".join(parts)

    @property
    def words_only_query(self) -> str:
        """The same words with every filter cleared, as a link."""
        return urlencode({"q": self.words}) if self.words else ""


def search_partners(data, *, index: PartnerIndex) -> DirectoryResults:
    """The page of partners `data` (the query string) asks for: every word matching, ranked by
    where it matched; in the chosen area; running any of the chosen types; with counts."""
    form = PartnerDirectoryForm(data, localities=index.localities, activity_types=index.activity_types)
    form.is_valid()  # a value it cannot use is left out of cleaned_data, and so ignored
    cleaned = form.cleaned_data
    words = cleaned.get("q") or ""
    wanted = list(dict.fromkeys(terms(words)))
    locality = next((option for option in index.localities if option.slug == cleaned.get("locality")), None)
    ticked = set(cleaned.get("category") or ())
    chosen_types = [option for option in index.activity_types if option.slug in ticked]
    type_slugs = {option.slug for option in chosen_types}

    matching = matching_words(index.entries, wanted)
    in_types = [entry for entry in matching if runs_any(entry, type_slugs)]
    in_area = [entry for entry in matching if in_locality(entry, locality)]
    form.show_counts(
        localities=Counter(slug for entry in in_types for slug in entry.locality_slugs),
        activity_types=Counter(slug for entry in in_area for slug in entry.type_slugs),
        everywhere=len(in_types),
    )
    results = [entry for entry in in_types if in_locality(entry, locality)]
    page = Paginator(results, PARTNERS_PER_PAGE).get_page(cleaned.get("page"))
    link = [*([("q", words)] if words else []), *([("locality", locality.slug)] if locality else [])]
    link += [("category", option.slug) for option in chosen_types]
    return DirectoryResults(
        partners=page,
        form=form,
        words=words if wanted else "",
        chosen_locality=locality,
        chosen_types=chosen_types,
        query_string=urlencode(link),
    )


def matching_words(entries, wanted: list[str]) -> list[PartnerEntry]:
    """The entries in which every one of the `wanted` terms appears somewhere, those matching in
    their name first, then in their summary, then elsewhere (name order within each). No terms:
    every entry, in name order."""
    if not wanted:
        return list(entries)
    ranked = [(rank, entry) for entry in entries if (rank := text_rank(entry, wanted)) is not None]
    ranked.sort(key=lambda pair: pair[0], reverse=True)  # stable: name order is kept among equals
    return [entry for _, entry in ranked]


def text_rank(entry: PartnerEntry, wanted: list[str]) -> tuple[int, int] | None:
    """How many of the terms are in the partner's name, and how many more in its summary; None
    when a term is nowhere (not in the description or activity types either)."""
    in_name = in_summary = 0
    for term in wanted:
        if term in entry.name_terms:
            in_name += 1
        elif term in entry.summary_terms:
            in_summary += 1
        elif term not in entry.other_terms:
            return None
    return in_name, in_summary


def in_locality(entry: PartnerEntry, locality: Option | None) -> bool:
    return locality is None or locality.slug in entry.locality_slugs


def runs_any(entry: PartnerEntry, type_slugs: set[str]) -> bool:
    return not type_slugs or not type_slugs.isdisjoint(entry.type_slugs)


def _either(names) -> str:
    """ "a, b or c"."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
