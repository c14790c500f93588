"""A rebuild given the previous index stems only the rows whose fields changed, and gives exactly
the index a build from nothing gives: the same postings for every stem, whatever moved, appeared,
changed or went."""

import numpy as np
import pytest

from activities.search import facet_index
from activities.search.text_index import EMPTY_LISTING, Listing, Synonyms, TextIndex, fingerprint

NO_SYNONYMS = Synonyms(phrases={}, longest=0)


def make(title: str, description: str = "", categories: str = "") -> tuple[tuple, Listing]:
    values = ("A partner", "A hall", description, "", "", title)
    return values, EMPTY_LISTING._replace(
        partner="A partner", venue="A hall", description=description, title=title, categories=categories
    )


def build(rows: list[tuple[tuple, Listing]], previous=None, previous_row=None, made=None) -> TextIndex:
    def triples():
        for row, (values, fields) in enumerate(rows):
            print_ = fingerprint(values, fields.categories.split())

            def make_listing(fields=fields, row=row):
                if made is not None:
                    made.append(row)
                return fields

            yield row, print_, make_listing

    return TextIndex.rebuild(len(rows), triples(), NO_SYNONYMS, previous, previous_row)


def postings(index: TextIndex) -> dict[str, set[tuple[int, int]]]:
    return {
        stem: set(zip(*(array.tolist() for array in index.postings(stem)), strict=True))
        for stem in index.stem_slices
    }


@pytest.fixture
def before():
    return [
        make("Knit and natter", "Bring your knitting", "Crafts"),
        make("Community choir", "Sing together", "Singing"),
        make("Pottery for beginners", "Clay and wheels", "Crafts"),
        make("Walking netball", "Gentle sport", "Sport"),
    ]


def test_a_rebuild_equals_a_build_from_nothing(before):
    previous = build(before)
    after = [
        before[3],  # moved up
        make("Community choir", "Sing together on Tuesdays", "Singing"),  # changed
        before[0],
        make("Tai chi in the park", "Slow movement", "Sport"),  # new
    ]  # pottery went
    previous_row = np.array([3, 1, 0, -1])
    made: list[int] = []
    rebuilt = build(after, previous, previous_row, made)
    fresh = build(after)
    assert postings(rebuilt) == postings(fresh)
    assert made == [1, 3], "only the changed and the new row are read into words"
    assert "potteri" not in rebuilt.stem_slices, "a stem no row has any more is dropped"
    assert rebuilt.match("choir tuesdays").tolist() == [1]
    assert rebuilt.match("knitting").tolist() == [2]


def test_equal_fields_in_other_categories_are_read_again(before):
    previous = build(before)
    after = [make("Knit and natter", "Bring your knitting", "Crafts Social"), *before[1:]]
    made: list[int] = []
    rebuilt = build(after, previous, np.arange(4), made)
    assert made == [0]
    assert rebuilt.match("social").tolist() == [0]


def test_rows_built_without_fingerprints_are_never_reused(before):
    previous = TextIndex.build([fields for _, fields in before], NO_SYNONYMS)
    made: list[int] = []
    build(before, previous, np.arange(4), made)
    assert made == [0, 1, 2, 3]


def test_the_search_finds_a_change_after_a_rebuild_that_reused_the_rest(
    make_activity, client, django_capture_on_commit_callbacks
):
    choir = make_activity("Community choir", locality="kirklees")
    make_activity("Pottery for beginners", locality="kirklees")
    assert "Community choir" in client.get("/activities/?q=choir").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        choir.title = "Community glockenspiel club"
        choir.save_revision().publish()
    index = facet_index.current()
    facet_index.forget()
    fresh = facet_index.current()
    assert index.text is not fresh.text
    assert postings(index.text) == postings(fresh.text), "the rebuild that reused rows equals a fresh build"
    assert index.position[choir.pk] in index.text.postings("glockenspiel")[0].tolist()
    assert "Community glockenspiel club" in client.get("/activities/?q=glockenspiel").content.decode()
    assert "Pottery for beginners" in client.get("/activities/?q=pottery").content.decode()
