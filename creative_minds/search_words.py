"""What a person typed into a search box, as Wagtail search is given it: one rule for every search."""


def search_words(text: str) -> str:
    """`text` with double quotes read as spaces and any run of white space as one space.

    A double quote opens a phrase in the search backends' query syntax, and one left open (`knit"`)
    is an error in SQLite's full-text search, the `make run` default: a 500 for the person who
    typed it. Phrases are not worth that; every word must match anyway (operator "and").
    """
    return " ".join(text.replace('"', " ").split())
