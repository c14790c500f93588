"""Words in the search box that name a filter become that filter.

People type "free saturday choir halifax" rather than ticking boxes. Before the search runs,
the words that name a filter are taken out of `q` and applied as that filter (cost=free,
day=sat, near=Halifax); only "choir" is left to match the listings' text. The result is the
same query string a person ticking the boxes would send, so the form shows the filters ticked,
the counts are right, and the page can be linked and cached like any other search.

Decisions, each for a reason:
- A locality's name ("Kirklees", "Wakefield") means the area filter, never the town near its
  centre. Barnsley and Wakefield are the names of both a borough and its main town; the site
  is organised by the four areas (the home page, the partner directory, the collectives), the
  name is the area's exact name, and the area keeps every activity in it, where "near the
  town" would drop one in Hemsworth or Penistone. Every locality name is read the same way.
  A town typed into the postcode box is still a town: that box asks for a place.
- "tonight" means an evening session today (the day of the week in the UK): what someone
  typing it wants. A cached page may show yesterday's evenings for a few minutes after midnight.
- "sun" is not read as Sunday ("sun salutation", "sun room"); the other short day names are.
- A filter the person already chose is not changed by a word ("saturday" with Tuesday ticked
  keeps Tuesday), and of two areas named the first is used. The word is still taken out of the
  text: left in, it would make the text search find nothing.
- Words that say nothing once the filters are read ("on", "in", "activities") are dropped, so
  "free activities on saturday" is not a search for the word "activities".
- Some phrases hold a filter's word but mean something else, and stay words: "step-free" and
  "stress-free" are not about cost (a word joined to the one before it by a hyphen is not read),
  "coffee morning" is a kind of activity, not a time, and so is every phrase of the staff's
  search synonyms. A phrase naming a filter the search does not have stays words too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.http import QueryDict

from activities.schedule import DAY_SLUGS
from creative_minds.geo.places import Place, find_place_in_text
from creative_minds.search_words import STOP_WORDS, stem, words

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SHORT_DAY_NAMES = {
    "mon": ("mon",),
    "tue": ("tue", "tues"),
    "wed": ("wed", "weds"),
    "thu": ("thu", "thur", "thurs"),
    "fri": ("fri",),
    "sat": ("sat",),
    "sun": (),
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
# Parameters a person may choose more than one value of; the others take one value.
REPEATABLE = frozenset({"day", "when", "delivery", "access"})
# Words that carry no meaning once filters are read out of the text.
FILLER_WORDS = frozenset({"activity", "activities", "thing", "things", "stuff"})
# Words that, joined to the word before ("step-free", "gluten-free"), mean "without" it.
NOT_READ_AFTER_A_HYPHEN = frozenset({"free"})
# Everyday phrases that hold a filter's word but name a kind of activity.
KEPT_PHRASES = (("coffee", "morning"), ("free", "time"))
# Access needs (activities.search.needs' values) as people type them.
ACCESS_PHRASES = {
    "step-free": (
        "step free",
        "wheelchair",
        "wheelchairs",
        "wheelchair user",
        "wheelchair users",
        "wheelchair accessible",
        "wheelchair access",
        "wheelchair friendly",
    ),
    "toilet": ("accessible toilet", "accessible toilets"),
    "hearing-loop": ("hearing loop",),
    "quiet-space": ("quiet space", "quiet room"),
    "carer-free": ("carer goes free", "carers go free", "carer free", "carers free"),
    "bsl": ("bsl", "british sign language", "sign language"),
}
ACCESS_WORDS = {
    "step-free": "with step-free access",
    "toilet": "with an accessible toilet",
    "hearing-loop": "with a hearing loop",
    "quiet-space": "with a quiet space",
    "carer-free": "where a carer goes free",
    "bsl": "with British Sign Language",
}
LONGEST_PHRASE = 3


@dataclass(frozen=True)
class Understood:
    """Words read as a filter: `parameter` gets `values`; `typed` is the words as typed;
    `name` is how to write it in a sentence, for an area or a place ("Kirklees", "Halifax");
    `place` is the place found (so it is not looked up twice)."""

    parameter: str
    values: tuple[str, ...]
    typed: str
    name: str = ""
    place: Place | None = None


@dataclass(frozen=True)
class Reading:
    """A search's query string with its words read: `data` is what the filters get."""

    data: QueryDict
    understood: tuple[Understood, ...]
    typed: str  # the words as they were typed
    remaining: str  # the words left for the text search


def fixed_phrases() -> dict[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Phrases (as words) that always name the same filter values."""
    phrases: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}
    for phrase in ("free", "no cost", "no charge", "free of charge"):
        phrases[tuple(words(phrase))] = (("cost", "free"),)
    for slug, name in zip(DAY_SLUGS, DAY_NAMES, strict=True):
        for word in (name, f"{name}s", *SHORT_DAY_NAMES[slug]):
            phrases[(word,)] = (("day", slug),)
    for word in ("weekday", "weekdays"):
        phrases[(word,)] = tuple(("day", slug) for slug in WEEKDAYS)
    for word in ("weekend", "weekends"):
        phrases[(word,)] = (("when", "weekend"),)
    for part in PARTS_OF_DAY:
        phrases[(part,)] = phrases[(f"{part}s",)] = (("when", part),)
    for phrase in ("online", "zoom"):
        phrases[(phrase,)] = (("delivery", "online"),)
    for phrase in ("in person", "face to face"):
        phrases[tuple(words(phrase))] = (("delivery", "in-person"),)
    for value, typed in ACCESS_PHRASES.items():
        for phrase in typed:
            phrases[tuple(words(phrase))] = (("access", value),)
    phrases[("peer", "led")] = (("peer_led", "yes"),)
    for phrase in KEPT_PHRASES:
        phrases[phrase] = ()
    return phrases


FIXED_PHRASES = fixed_phrases()


def phrases_for(
    localities: Iterable[tuple[str, str]], today: str
) -> dict[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Every phrase that names a filter: the fixed ones, each area's name and "tonight"."""
    phrases = dict(FIXED_PHRASES)
    phrases[("tonight",)] = (("when", "evening"), ("day", today))
    for slug, name in localities:
        phrases[tuple(words(name))] = (("locality", slug),)
    return phrases


def read_filter_words(
    text: str,
    phrases: dict[tuple[str, ...], tuple[tuple[str, str], ...]],
    kept_stems: frozenset[tuple[str, ...]] = frozenset(),
) -> tuple[list[Understood], list[str]]:
    """The phrases in `text` that name a filter, longest first, and the rest of the text as typed
    (a piece of a word like "saturday/choir" that was not read is kept as its words). A phrase
    with no meaning in `phrases`, or whose stems are in `kept_stems`, is kept as words."""
    pieces = text.split()
    piece_words = [words(piece) for piece in pieces]
    flat = [(number, word) for number, found in enumerate(piece_words) for word in found]
    used: set[int] = set()
    understood: list[Understood] = []
    position = 0
    longest = max(LONGEST_PHRASE, *(len(phrase) for phrase in (*phrases, *kept_stems)))
    while position < len(flat):
        for length in range(min(longest, len(flat) - position), 0, -1):
            phrase = tuple(word for _, word in flat[position : position + length])
            if phrase not in phrases and length > 1 and tuple(map(stem, phrase)) in kept_stems:
                position += length  # a kind of activity the staff's synonyms name: words
                break
            if phrase not in phrases or _joined_to_the_word_before(pieces, flat, position):
                continue
            if phrases[phrase]:
                first, last = flat[position][0], flat[position + length - 1][0]
                typed = " ".join(pieces[first : last + 1])
                understood.extend(_by_parameter(phrases[phrase], typed))
                used.update(range(position, position + length))
            position += length
            break
        else:
            position += 1
    return understood, _unread_pieces(pieces, flat, used)


def _joined_to_the_word_before(pieces: list[str], flat: list[tuple[int, str]], position: int) -> bool:
    piece, word = flat[position]
    if word not in NOT_READ_AFTER_A_HYPHEN or position == 0 or flat[position - 1][0] != piece:
        return False
    return bool(re.search(rf"\w[-‐‑–]{re.escape(word)}", pieces[piece].casefold()))


def _by_parameter(meaning: tuple[tuple[str, str], ...], typed: str) -> list[Understood]:
    parameters = dict.fromkeys(parameter for parameter, _ in meaning)
    return [
        Understood(parameter, tuple(value for name, value in meaning if name == parameter), typed)
        for parameter in parameters
    ]


def _unread_pieces(pieces: list[str], flat: list[tuple[int, str]], used: set[int]) -> list[str]:
    unread: list[str] = []
    for number, piece in enumerate(pieces):
        positions = [position for position, (owner, _) in enumerate(flat) if owner == number]
        left = [flat[position][1] for position in positions if position not in used]
        if len(left) == len(positions):
            unread.append(piece)
        elif left:
            unread.append(" ".join(left))
    return unread


def says_nothing(piece: str) -> bool:
    """True for a piece of text with no word that could match a listing ("on", "&", "activities")."""
    return all(word in STOP_WORDS or word in FILLER_WORDS for word in words(piece))


def read_place(text: str) -> tuple[Understood | None, str]:
    """A place or postcode named in the text, and the text without it (and a "near" or "in"
    before it). A name shared by several places goes to the place box as typed, where the
    person is asked which one they mean."""
    found = find_place_in_text(text)
    if found.place is not None:
        place = found.place
        return Understood("near", (place.label,), found.matched, place.label, place), found.remaining
    if found.candidates:
        return Understood("near", (found.matched,), found.matched, found.matched), found.remaining
    return None, text


def read_search(
    data: QueryDict,
    *,
    localities: Iterable[tuple[str, str]],
    parameters: Iterable[str],
    today: str,
    kept_stems: Iterable[tuple[str, ...]] = (),
) -> Reading:
    """Read the words of a search (`q`) into the filters they name, for the filter names in
    `parameters`. A filter the person chose is kept as chosen; the other filters get the values
    read; `q` keeps the words left. Nothing read leaves the search exactly as it was. Phrases
    whose stems are in `kept_stems` (the search synonyms' phrases) stay words."""
    typed = data.get("q") or ""
    parameters = frozenset(parameters)
    localities = list(localities)
    # A phrase naming a filter the search does not have is kept as words, not read in part.
    phrases = {
        phrase: meaning if all(parameter in parameters for parameter, _ in meaning) else ()
        for phrase, meaning in phrases_for(localities, today).items()
    }
    understood, pieces = read_filter_words(typed, phrases, frozenset(map(tuple, kept_stems)))
    area_names = dict(localities)
    understood = [
        replace(reading, name=area_names[reading.values[0]]) if reading.parameter == "locality" else reading
        for reading in understood
    ]
    if "near" in parameters and not _chosen(data, "near"):
        place, rest = read_place(" ".join(pieces))
        if place is not None:
            understood.append(place)
            pieces = rest.split()
    if not understood:
        return Reading(data, (), typed, typed)
    remaining = " ".join(piece for piece in pieces if not says_nothing(piece))
    rewritten = data.copy()
    rewritten["q"] = remaining
    applied = [reading for reading in understood if _apply(rewritten, reading, chosen=data)]
    return Reading(rewritten, tuple(applied), typed, remaining)


def _chosen(data: QueryDict, parameter: str) -> bool:
    return any(value.strip() for value in data.getlist(parameter))


def _apply(data: QueryDict, reading: Understood, *, chosen: QueryDict) -> bool:
    """Add what was read to the query (True), unless the person chose that filter, or it takes
    one value and another word already gave it one (False)."""
    if _chosen(chosen, reading.parameter):
        return False
    present = [value for value in data.getlist(reading.parameter) if value.strip()]
    if present and reading.parameter not in REPEATABLE:
        return False
    data.setlist(reading.parameter, present + [value for value in reading.values if value not in present])
    return True


def sentence(understood: Iterable[Understood], remaining: str) -> str:
    """What the search understood, in plain English: "Showing free activities on Saturdays
    near Halifax for 'choir'"."""
    values: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for reading in understood:
        chosen = values.setdefault(reading.parameter, [])
        chosen.extend(value for value in reading.values if value not in chosen)
        names.setdefault(reading.parameter, reading.name)
    describing = [
        "free" if "free" in values.get("cost", ()) else "",
        "peer-led" if "peer_led" in values else "",
        _delivery_words(values.get("delivery", ())),
        "activities",
        *(ACCESS_WORDS[value] for value in values.get("access", ())),
        _days_words(values.get("day", ())),
        _times_words(values.get("when", ())),
        f"in {names['locality']}" if "locality" in names else "",
        f"near {names['near']}" if "near" in names else "",
        f"for '{remaining}'" if remaining else "",
    ]
    return " ".join(["Showing", *(words for words in describing if words)])


def _delivery_words(deliveries) -> str:
    if len(deliveries) != 1:
        return ""  # both ways of taking part is every activity
    return "online" if deliveries[0] == "online" else "in-person"


def _days_words(days) -> str:
    if not days:
        return ""
    if sorted(days, key=DAY_SLUGS.index) == list(WEEKDAYS):
        return "on weekdays"
    names = [f"{DAY_NAMES[DAY_SLUGS.index(day)].capitalize()}s" for day in sorted(days, key=DAY_SLUGS.index)]
    return f"on {_listed(names, 'and')}"


def _times_words(whens) -> str:
    parts = [part for part in PARTS_OF_DAY if part in whens]
    words_for = [f"in the {_listed(parts, 'or')}"] if parts else []
    if "weekend" in whens:
        words_for.append("at weekends")
    return " ".join(words_for)


def _listed(items: list[str], joining: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {joining} {items[-1]}"
