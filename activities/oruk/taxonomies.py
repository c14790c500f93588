"""The feed's taxonomies: the site's own vocabulary, as HSDS-UK taxonomies and terms.

"Creative Minds activity types" holds one term per Category (the search's "Type of activity"), and
each need filter of the search (activities.search.needs: access, who it is for, how to join, in
person or online, who runs it) is a taxonomy of its own whose terms are the filter's options. A
service carries its terms as `attributes`; every term links to the site's search for it, so the
feed and /activities/ mean the same by a word.
"""

from __future__ import annotations

from dataclasses import dataclass

from activities.oruk import ids
from activities.search.needs import NEED_FACETS

ACTIVITY_TYPES = "activity-types"
TAXONOMY_NAMES = {
    ACTIVITY_TYPES: "Creative Minds activity types",
    "access": "Creative Minds access needs",
    "who": "Creative Minds who it is for",
    "join": "Creative Minds how to join",
    "delivery": "Creative Minds in person or online",
    "peer_led": "Creative Minds who runs it",
}
TAXONOMY_DESCRIPTIONS = {
    ACTIVITY_TYPES: "The kinds of activity in the Creative Minds directory, as its search offers them.",
    "access": "What an activity offers for access needs, as the Creative Minds search offers them.",
    "who": "Who an activity is for, as the Creative Minds search offers it.",
    "join": "How someone joins an activity, as the Creative Minds search offers it.",
    "delivery": "Whether an activity meets in person, online or both.",
    "peer_led": "Whether an activity is run by people with lived experience of mental ill health.",
}
# What each attribute says about the service it is attached to (the attribute's link_type).
LINK_TYPES = {
    ACTIVITY_TYPES: "activity_type",
    "access": "accessibility",
    "who": "eligibility",
    "join": "how_to_join",
    "delivery": "delivery",
    "peer_led": "peer_led",
}
# The site's search parameter for each taxonomy, for each term's link.
SEARCH_PARAMETERS = {ACTIVITY_TYPES: "category", **{facet.name: facet.name for facet in NEED_FACETS}}


@dataclass(frozen=True)
class Term:
    taxonomy: str  # the taxonomy's code
    value: str  # the category's slug or the need option's value, as the search's query string has it
    name: str
    description: str

    @property
    def id(self) -> str:
        return ids.taxonomy_term_id(self.taxonomy, self.value)

    @property
    def taxonomy_id(self) -> str:
        return ids.taxonomy_id(self.taxonomy)


@dataclass(frozen=True)
class Taxonomy:
    code: str
    terms: tuple[Term, ...]

    @property
    def id(self) -> str:
        return ids.taxonomy_id(self.code)

    @property
    def name(self) -> str:
        return TAXONOMY_NAMES[self.code]

    @property
    def description(self) -> str:
        return TAXONOMY_DESCRIPTIONS[self.code]


def category_term(slug: str, name: str, description: str) -> Term:
    return Term(ACTIVITY_TYPES, slug, name, description or f"Activities of this type: {name}.")


def need_terms() -> dict[str, tuple[Term, ...]]:
    """Each need filter's options as terms, in the order the search offers them."""
    return {
        facet.name: tuple(
            Term(facet.name, value, label, f"{facet.label}: {label}.") for value, label in facet.choices
        )
        for facet in NEED_FACETS
    }


def all_taxonomies(categories) -> tuple[Taxonomy, ...]:
    """Every taxonomy, activity types first; `categories` are (slug, name, description) in name order."""
    activity_types = Taxonomy(ACTIVITY_TYPES, tuple(category_term(*row) for row in categories))
    return (activity_types, *(Taxonomy(code, terms) for code, terms in need_terms().items()))
