"""The word rules every search shares (creative_minds.search_words)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creative_minds.search_words import search_words, stem, terms, words


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Knitting", ["knit"]),
        ("knitted", ["knit"]),
        ("crafts", ["craft"]),
        ("Men's group", ["men", "group"]),
        ("football for people with dementia", ["footbal", "peopl", "dementia"]),
        ("Something on a Saturday please", ["saturday"]),
        ("Ｗａｌｋｉｎｇ", ["walk"]),  # full-width letters, as some phone keyboards send
        ("  ", []),
    ],
)
def test_terms_are_the_stems_of_the_words_that_carry_meaning(typed, expected):
    assert terms(typed) == expected


def test_words_drop_punctuation_and_possessives():
    assert words("Men's  Shed-Woodwork!") == ["men", "shed", "woodwork"]
    assert words("carers’ café") == ["carers", "café"]


def test_the_same_word_always_has_the_same_stem():
    assert stem("knitting") == stem("knit") == stem("knits")


@given(st.text(max_size=300))
def test_any_text_gives_words_without_error(text):
    assert all(word == word.casefold() and word for word in words(text))
    assert '"' not in search_words(text)
    terms(text)
