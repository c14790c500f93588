"""What a person typed into a search box, as the searches read it: one rule for every search.

`search_words` tidies the text (what the box shows back); `terms` turns it into the stems a
search matches on, so "Knitting", "knitted" and "knit" are one word, and so are "crafts" and
"craft". The same rules read the listings when they are indexed, so both sides always agree,
whichever database the site runs on.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.core.exceptions import ValidationError

# Words that say nothing about what someone wants to do ("something for people with dementia
# on a Tuesday"). Short and deliberate: "group", "people" and "free" carry meaning here.
STOP_WORDS = frozenset((
    "a", "about", "an", "and", "any", "anything", "are", "as", "at", "be", "by", "can", "do", "does",
    "for", "from", "get", "go", "going", "has", "have", "how", "i", "in", "into", "is", "it", "its",
    "like", "me", "my", "near", "of", "on", "or", "our", "please", "some", "something", "somewhere",
    "that", "the", "there", "their", "them", "they", "this", "to", "want", "we", "what", "when",
    "where", "which", "who", "with", "would", "you", "your",
))  # fmt: skip
# The longest search any search box takes, in words and in characters. Wagtail's database search
# backend nests one expression per word, and recursed too deeply at about 150 words (a server
# error); no real search needs more than a sentence.
MAX_SEARCH_WORDS = 20
MAX_SEARCH_CHARACTERS = 200
# A possessive or contraction ending: "men's" is "men", "carers'" is "carers".
_ENDING = re.compile(r"['’](s|ll|re|ve|d|m|t)?\b")
_NOT_A_WORD = re.compile(r"[^\w]+")
_stemmer = snowballstemmer.stemmer("english")


def search_words(text: str) -> str:
    """`text` with double quotes read as spaces and any run of white space as one space.

    A double quote opens a phrase in the search backends' query syntax, and one left open (`knit"`)
    is an error in SQLite's full-text search, the `make run` default: a 500 for the person who
    typed it. Phrases are not worth that; every word must match anyway (operator "and").
    """
    return " ".join(text.replace('"', " ").split())


def clean_search_text(text: str) -> str:
    """What a search form's box gives its search: refused (a ValidationError, shown on the form)
    when too long to be a real search, else tidied by `search_words` (the box still shows what
    was typed)."""
    text = text or ""
    if len(text.split()) > MAX_SEARCH_WORDS:
        raise ValidationError(
            f"What you search for must be {MAX_SEARCH_WORDS} words or fewer", code="max_words"
        )
    if len(text) > MAX_SEARCH_CHARACTERS:
        raise ValidationError(
            f"What you search for must be {MAX_SEARCH_CHARACTERS} characters or fewer", code="max_length"
        )
    return search_words(text)


def words(text: str) -> list[str]:
    """The words of `text`, lower case, accents and compatibility forms folded, punctuation and
    possessives dropped: "Men's  Shed-Woodwork!" is ["men", "shed", "woodwork"]."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    folded = _ENDING.sub("", folded).replace("_", " ")
    return [word for word in _NOT_A_WORD.split(folded) if word]


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of one lower-case word: "knitting" is "knit"."""
    return _stemmer.stemWord(word)


def terms(text: str) -> list[str]:
    """The stems a search matches on: the words of `text` less the stop words, stemmed, in order."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]
