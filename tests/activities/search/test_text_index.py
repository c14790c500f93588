"""The text index on its own (no database): postings, units, scores, no synonym chains, match_any."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from activities.search.text_index import (
    FIELD_WEIGHTS,
    SYNONYM_DISCOUNT,
    Listing,
    TextIndex,
    Unit,
    listing,
    synonyms_from,
)


def entry(title, *, summary="", description="", categories="", partner="", venue="", audience_group=""):
    return Listing(
        partner=partner,
        venue=venue,
        description=description,
        summary=summary,
        audience_group=audience_group,
        title=title,
        categories=categories,
    )


def index_of(*listings, synonyms=()):
    return TextIndex.build(listings, synonyms_from(synonyms))


def test_a_stem_keeps_the_weight_of_the_best_field_it_is_in():
    index = index_of(
        entry("Pottery", description="pottery"),
        entry("Swim", venue="Pottery Lane"),
        entry("Swim", description="Potteries"),
    )
    rows, weights = index.postings("potteri")
    assert rows.tolist() == [0, 1, 2]
    assert weights.tolist() == [FIELD_WEIGHTS["title"], FIELD_WEIGHTS["venue"], FIELD_WEIGHTS["description"]]
    assert index.postings("absent")[0].size == 0


def test_listing_reads_rich_text_as_plain_words():
    values = ("Partner", None, "<p>Knit&amp;natter</p><p>crochet</p>", "Summary", None, "Title")
    made = listing(values, ["Crafts", "Arts"])
    assert made.description == "Knit&natter crochet"
    assert made.venue == "" and made.audience_group == ""
    assert made.categories == "Crafts Arts"


def test_units_read_the_longest_synonym_phrase_first():
    index = index_of(synonyms=[("men's group", ["men's shed"]), ("group", ["club"])])
    assert index.units("men's group outdoors") == [
        Unit(own=("men", "group"), expansions=(("men", "shed"),)),
        Unit(own=("outdoor",), expansions=()),
    ]
    assert index.units("group men") == [Unit(own=("group",), expansions=(("club",),)), Unit(("men",), ())]
    assert index.units("knit knitting") == [Unit(own=("knit",), expansions=())]


def test_a_multi_word_expansion_needs_all_its_words():
    index = index_of(entry("Tai chi"), entry("Chi running"), synonyms=[("yoga", ["tai chi"])])
    assert index.match("yoga").tolist() == [0]


def test_expansions_are_not_expanded_again():
    synonyms = [("knitting", ["crafts"]), ("crafts", ["yarn"])]
    index = index_of(entry("Yarn swap"), entry("Craft fair"), synonyms=synonyms)
    assert index.match("knitting").tolist() == [1]
    assert index.match("crafts").tolist() == [1, 0]


def test_a_synonym_scores_at_a_discount():
    synonyms = [("knitting", ["crochet"])]
    index = index_of(entry("Crochet"), entry("Other", summary="knitting"), synonyms=synonyms)
    assert FIELD_WEIGHTS["title"] * SYNONYM_DISCOUNT < FIELD_WEIGHTS["summary"]
    assert index.match("knitting").tolist() == [1, 0]


def test_scores_add_up_over_the_words():
    index = index_of(
        entry("Knit", description="natter"),  # 8 + 2
        entry("Natter", summary="knit"),  # 8 + 4
        entry("Knit"),
    )
    assert index.match("knit natter").tolist() == [1, 0]


def test_match_any_ranks_by_words_matched_then_score():
    index = index_of(
        entry("Knit"),  # one word, title
        entry("Other", description="knit natter"),  # both words, description
        entry("Natter", venue="club"),  # one word, title
        entry("Unrelated"),
    )
    assert index.match("knit natter").tolist() == [1]
    assert index.match_any("knit natter").tolist() == [1, 0, 2]
    assert index.match_any("trampolining").tolist() == []


def test_no_terms_ask_for_nothing():
    index = index_of(entry("B"), entry("A"))
    assert index.match("the").tolist() == [0, 1]
    assert index.match_any("").tolist() == [0, 1]


def test_an_empty_index():
    index = index_of()
    assert index.match("knitting").tolist() == []
    assert index.match_any("knitting").tolist() == []


def test_same_stems_pool_their_expansions():
    synonyms = synonyms_from([("Men's group", ["men's shed"]), ("mens group", ["Men's Shed", "men only"])])
    assert synonyms.phrases == {("men", "group"): (("men", "shed"), ("men", "onli"))}
    assert synonyms.longest == 2


SAMPLE = index_of(
    entry("Knit and natter", summary="Bring your needles"),
    entry("Pottery", venue="Arts Centre", categories="Crafts"),
    entry("Café crème", description="Über alles"),
    synonyms=[("knitting", ["crafts", "yarn"]), ("men's group", ["men's shed"])],
)


@given(st.text(max_size=200))
def test_any_text_gives_rows_without_error(text):
    matched, any_matched = SAMPLE.match(text), SAMPLE.match_any(text)
    assert len(set(matched.tolist())) == len(matched)
    assert set(matched.tolist()) <= set(any_matched.tolist()) <= set(range(SAMPLE.size))
    assert matched.dtype.kind == "i" and any_matched.dtype.kind == "i"
    assert np.all(any_matched < SAMPLE.size)
