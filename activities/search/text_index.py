"""Text matching for the public search, in memory: the words of every published activity, read
by the same rules as what people type (creative_minds.search_words), with the staff's synonyms.

Why not Wagtail search: PostgreSQL (CI, production) and SQLite (`make run`) stemmed and ranked
differently, SQLite not at all ("knitting" found nothing), and neither knew which field a word
was in ("arts" found every venue called Arts Centre as readily as an arts group). This index is
built with the FacetIndex, from the same rows, so it gives the same answer on either database,
follows every change the FacetIndex follows, and needs no query per search.

Matching. A search's terms are its words less the stop words, stemmed. A run of terms that is a
synonym's phrase ("men's group") is read as one unit; every other term is a unit of its own.
Every unit must match (AND): by its own stems, all of them anywhere in the activity, or by one of
its synonym's expansions, each again all of its stems ("gentle exercise" needs both words).
Expansions are not expanded again, so a synonym list cannot chain "art" to "crafts" to "yarn".

Scoring. A stem's weight in an activity is the weight of the best field it occurs in (below). A
unit scores the lowest weight among its own stems, or, if better, the best expansion's (its
lowest weight again) at SYNONYM_DISCOUNT; an activity's score is the sum over the units, and
ties keep the index's name order. Why this and not term frequency: listings are short and
written by different people, so how often a word is repeated says more about the writer than
the activity, while *where* it is says a lot: "pottery" in a title or category is a pottery
class, in a partner's name or venue it is where a swimming session happens to be. The discount
puts a word someone typed ahead of a synonym of it one field up: a title with only a synonym
("Crochet corner" for "knitting", 3.2) below a summary or "who it is for" with the word itself
("for people living with dementia" for "dementia", 4), and above a description with it (2).
A title counts a little more than a type of activity, so a group named for what was typed
("Peer support circle" for "peer support") comes before one that only has it as its type.

Rebuilding (issue 16: a publish every few seconds must not slow the searches). Each row keeps a
fingerprint of what it was built from (its fields as read, before any stemming). A rebuild given
the process's previous index takes the postings of every row whose fingerprint is unchanged from
it, in a few numpy operations, and stems only the rows that changed: one publish costs the words
of one activity, not of 20,000 (2-3 s of CPU that every worker's searches had to share).

Storage (issue 16: 20,000 activities in every worker). Postings are compressed-row style: one
int32 array of rows and one uint8 array of weights, grouped by stem, and a dict from each stem
to its slice; a stem's postings are a numpy view of that slice, so there are three arrays in
all rather than two per stem.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import unescape
from typing import NamedTuple

import numpy as np

from activities.models import SearchSynonym
from creative_minds.search_words import STOP_WORDS, stem, terms, words

# How much a word counts by the field it is in (see "Scoring" above).
FIELD_WEIGHTS = {
    "partner": 1,
    "venue": 1,
    "description": 2,
    "summary": 4,
    "audience_group": 4,
    "title": 8,
    "categories": 6,
}
SYNONYM_DISCOUNT = 0.4
# What the index reads of each activity's row, in Listing's order; the category names come apart.
LISTING_FIELDS = ("partner__title", "venue_name", "description", "summary", "audience_group", "title")


def fingerprint(values: Sequence[str | None], category_names: Sequence[str]) -> int:
    """What a row's words are read from, as one number: equal for equal fields. Python's string
    hash, so only comparable within one process, which is where an index is rebuilt."""
    return hash((tuple(values), tuple(category_names)))


class Listing(NamedTuple):
    """The words of one activity, field by field (plain text)."""

    partner: str
    venue: str
    description: str
    summary: str
    audience_group: str
    title: str
    categories: str


EMPTY_LISTING = Listing(*[""] * len(Listing._fields))


def listing(values: Sequence[str | None], category_names: Iterable[str]) -> Listing:
    """A Listing from LISTING_FIELDS' values (the description as stored, rich text) and the
    activity's category names."""
    partner, venue, description, summary, audience_group, title = (value or "" for value in values)
    return Listing(
        partner=partner,
        venue=venue,
        description=plain_text(description),
        summary=summary,
        audience_group=audience_group,
        title=title,
        categories=" ".join(category_names),
    )


# A space where a block or line ends, so "<p>hello</p><p>world</p>" is two words (as Wagtail's
# get_text_for_indexing does); then every tag goes.
_BLOCK_END = re.compile(r"(</(?:p|h\d|li|blockquote)>|<(?:br|hr)\s*/?>)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def plain_text(richtext: str) -> str:
    """The words of a rich text field (Wagtail's stored HTML, where a "<" in the text is always
    escaped). The same words as wagtail.rich_text.get_text_for_indexing (and a "<br>" without its
    slash ends a line too) in about an eighth of the time: that one strips tags with Django's HTML
    parser, 1.4 s of CPU at 20,000 descriptions on every build, a second the searches wait for."""
    return unescape(_TAG.sub("", _BLOCK_END.sub(r"\1 ", richtext))).strip()


def stems_of(text: str) -> set[str]:
    """The distinct stems of `text`: search_words.terms as a set, stemming each word once."""
    return set(map(stem, set(words(text)) - STOP_WORDS))


class Synonyms(NamedTuple):
    """Each synonym's phrase as stems → its expansions, each as stems."""

    phrases: dict[tuple[str, ...], tuple[tuple[str, ...], ...]]
    longest: int  # the most terms in a phrase: how far ahead to look for one


def synonyms_from(entries: Iterable[tuple[str, Iterable[str]]]) -> Synonyms:
    """Synonyms from (phrase, [also matches ...]) pairs. Two phrases with the same stems ("mens
    group", "men's group") pool their expansions; an expansion with no stems is dropped."""
    phrases: dict[tuple[str, ...], dict[tuple[str, ...], None]] = {}
    for phrase, also_matches in entries:
        key = tuple(terms(phrase))
        if not key:
            continue
        expansions = phrases.setdefault(key, {})
        for expansion in also_matches:
            stems = tuple(dict.fromkeys(terms(expansion)))
            if stems and stems != key:
                expansions[stems] = None
    return Synonyms(
        phrases={key: tuple(expansions) for key, expansions in phrases.items()},
        longest=max((len(key) for key in phrases), default=0),
    )


def current_synonyms() -> Synonyms:
    """The synonyms staff keep in the admin (one query)."""
    return synonyms_from((entry.phrase, entry.entries()) for entry in SearchSynonym.objects.all())


class Unit(NamedTuple):
    """One thing a search asks for: its own stems, and the expansions that may stand in for them."""

    own: tuple[str, ...]
    expansions: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, eq=False)
class TextIndex:
    size: int  # rows, the FacetIndex's
    stem_slices: dict[str, int]  # stem → its number; its postings are rows[starts[n]:starts[n + 1]]
    starts: np.ndarray  # int64, one more than there are stems
    rows: np.ndarray  # int32 row positions, grouped by stem, ascending within a stem
    weights: np.ndarray  # uint8, the best field weight of the stem in that row
    synonyms: Synonyms
    # Per row, the fingerprint of its fields (`fingerprint`), so a rebuild can tell which rows
    # are unchanged; 0 where a row was built without one.
    fingerprints: np.ndarray | None = None

    @classmethod
    def build(cls, listings: Sequence[Listing], synonyms: Synonyms) -> TextIndex:
        """The index of `listings`, row n being listings[n]."""
        return cls.build_rows(len(listings), enumerate(listings), synonyms)

    @classmethod
    def build_rows(cls, size: int, listings: Iterable[tuple[int, Listing]], synonyms: Synonyms) -> TextIndex:
        """The index of `size` rows from (row, Listing) pairs, in any order; a row with no pair
        has no words."""
        return cls.rebuild(size, ((row, 0, listing) for row, listing in listings), synonyms)

    @classmethod
    def rebuild(
        cls,
        size: int,
        rows: Iterable[tuple[int, int, Listing | Callable[[], Listing]]],
        synonyms: Synonyms,
        previous: TextIndex | None = None,
        previous_row: np.ndarray | None = None,
    ) -> TextIndex:
        """The index of `size` rows from (row, fingerprint, Listing) triples, in any order; a row
        with no triple has no words. With `previous` (an index of this process) and
        `previous_row` (each row's row in it, or -1), a row whose fingerprint is non-zero and
        equal to its previous row's keeps that row's postings, and its Listing (which may be given
        as a function making it) is never made."""
        reusable = previous is not None and previous.fingerprints is not None and previous_row is not None
        fingerprints = np.zeros(size, dtype=np.int64)
        kept_from = np.full(size, -1, dtype=np.int64)  # the previous row each kept row comes from
        # Python touches each new posting as little as it can (about 125 an activity): a dict per
        # activity, then whole lists into numpy (tests/benchmarks/text_index.py times it).
        posting_stems: list[str] = []
        posting_weights = array("B")
        posting_rows = array("i")
        # Read lowest weight first, so that a stem ends with the weight of its best field.
        fields_by_weight = sorted(enumerate(Listing._fields), key=lambda field: FIELD_WEIGHTS[field[1]])
        weighted = [(position, FIELD_WEIGHTS[name]) for position, name in fields_by_weight]
        for row, print_, fields in rows:
            fingerprints[row] = print_
            if reusable and print_:
                before = previous_row[row]
                if before >= 0 and previous.fingerprints[before] == print_:
                    kept_from[row] = before
                    continue
            if callable(fields):
                fields = fields()
            best: dict[str, int] = {}
            for position, weight in weighted:
                best.update(dict.fromkeys(stems_of(fields[position]), weight))
            posting_stems.extend(best)
            posting_weights.extend(best.values())
            posting_rows.extend([row] * len(best))

        # Stem numbers: the previous index's first (so its postings keep theirs), then new stems.
        stem_numbers = dict(previous.stem_slices) if reusable else {}
        for word_stem in posting_stems:
            stem_numbers.setdefault(word_stem, len(stem_numbers))
        stem_of_posting = np.fromiter(
            map(stem_numbers.__getitem__, posting_stems), dtype=np.int64, count=len(posting_stems)
        )
        row_of_posting = np.frombuffer(posting_rows, dtype=np.int32).astype(np.int64)
        weight_of_posting = np.frombuffer(posting_weights, dtype=np.uint8)
        if reusable and (kept_from >= 0).any():
            new_row_of_previous = np.full(previous.size + 1, -1, dtype=np.int64)
            kept_rows = np.flatnonzero(kept_from >= 0)
            new_row_of_previous[kept_from[kept_rows]] = kept_rows
            previous_stem = np.repeat(np.arange(len(previous.starts) - 1), np.diff(previous.starts))
            moved = new_row_of_previous[previous.rows]
            keep = moved >= 0
            stem_of_posting = np.concatenate((previous_stem[keep], stem_of_posting))
            row_of_posting = np.concatenate((moved[keep], row_of_posting))
            weight_of_posting = np.concatenate((previous.weights[keep], weight_of_posting))

        # Stems no row has any more are dropped, and the rest numbered again in order.
        counts = np.bincount(stem_of_posting, minlength=len(stem_numbers))
        live = counts > 0
        renumber = np.cumsum(live) - 1
        stem_of_posting = renumber[stem_of_posting]
        by_stem = np.lexsort((row_of_posting, stem_of_posting))  # rows ascending within a stem
        counts = counts[live]
        return cls(
            size=size,
            stem_slices={
                word_stem: int(renumber[number]) for word_stem, number in stem_numbers.items() if live[number]
            },
            starts=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
            rows=row_of_posting[by_stem].astype(np.int32),
            weights=weight_of_posting[by_stem],
            synonyms=synonyms,
            fingerprints=fingerprints,
        )

    @property
    def nbytes(self) -> int:
        """The arrays' size in bytes (the stem dict is on top: about 100 bytes a stem)."""
        return self.starts.nbytes + self.rows.nbytes + self.weights.nbytes

    def postings(self, word_stem: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows, weights) of the activities that have the stem; empty arrays if none has."""
        number = self.stem_slices.get(word_stem)
        if number is None:
            return self.rows[:0], self.weights[:0]
        start, end = self.starts[number], self.starts[number + 1]
        return self.rows[start:end], self.weights[start:end]

    def units(self, text: str) -> list[Unit]:
        """What the search asks for: synonym phrases found in its terms, longest first, then
        single terms; each unit once."""
        found = terms(text)
        phrases, longest = self.synonyms.phrases, self.synonyms.longest
        units: dict[Unit, None] = {}
        start = 0
        while start < len(found):
            for length in range(min(longest, len(found) - start), 0, -1):
                key = tuple(found[start : start + length])
                if key in phrases:
                    break
            else:
                key, length = (found[start],), 1
            units[Unit(own=key, expansions=phrases.get(key, ()))] = None
            start += length
        return list(units)

    def match(self, text: str) -> np.ndarray:
        """Rows matching every unit of the search, best first. A search with no terms (empty, or
        only stop words such as "something for me") asks for nothing, so every row, in name order."""
        units = self.units(text)
        if not units:
            return np.arange(self.size)
        matched, score = self._scores(units)
        rows = np.flatnonzero(matched == len(units))
        return rows[np.argsort(-score[rows], kind="stable")]

    def match_any(self, text: str) -> np.ndarray:
        """Rows matching at least one unit of the search: most units matched first, then best
        score, then name order. For suggestions when `match` finds nothing."""
        units = self.units(text)
        if not units:
            return np.arange(self.size)
        matched, score = self._scores(units)
        rows = np.flatnonzero(matched)
        return rows[np.lexsort((rows, -score[rows], -matched[rows]))]

    def _scores(self, units: list[Unit]) -> tuple[np.ndarray, np.ndarray]:
        """(units matched, score) per row."""
        dense: dict[str, np.ndarray] = {}

        def weight_of(word_stem: str) -> np.ndarray:
            if word_stem not in dense:
                rows, weights = self.postings(word_stem)
                column = np.zeros(self.size, dtype=np.float32)
                column[rows] = weights
                dense[word_stem] = column
            return dense[word_stem]

        def all_of(stems: tuple[str, ...]) -> np.ndarray:
            return np.minimum.reduce([weight_of(word_stem) for word_stem in stems])

        matched = np.zeros(self.size, dtype=np.int32)
        score = np.zeros(self.size, dtype=np.float32)
        for unit in units:
            unit_score = all_of(unit.own)
            for expansion in unit.expansions:
                np.maximum(unit_score, all_of(expansion) * SYNONYM_DISCOUNT, out=unit_score)
            matched += unit_score > 0
            score += unit_score
        return matched, score
