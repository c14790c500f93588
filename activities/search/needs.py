"""Search by need: access, who an activity is for, how to join, in person or online, peer-led.

Each need filter is one boolean matrix in the FacetIndex (activity × option, columns in the
order of its CHOICES), worked out here from the activity's fields when the index is built. A
filter then picks columns and a facet's counts are column sums, as for the other facets, with
no query per search. The query string values (`access=step-free`, `who=young-people`,
`join=referral`, ...) are fixed: the text search maps typed words onto them.

Within `access` the ticked options must all be there (someone who needs step-free access and a
hearing loop needs both); within `who`, `join` and `delivery` they are alternatives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from activities.models import ActivityPage

Audience, Group, HowToJoin, Delivery = (
    ActivityPage.Audience,
    ActivityPage.AudienceGroup,
    ActivityPage.HowToJoin,
    ActivityPage.Delivery,
)

# Age bands of "Who it is for", read from the youngest and oldest ages an activity gives.
YOUNG_PEOPLE_UP_TO = 25
OLDER_PEOPLE_FROM = 50

ACCESS_CHOICES = [
    ("step-free", "Step-free access"),
    ("toilet", "Accessible toilet"),
    ("hearing-loop", "Hearing loop"),
    ("quiet-space", "Quiet space to take a break"),
    ("carer-free", "Carer goes free"),
    ("bsl", "British Sign Language"),
]
ACCESS_FIELDS = {
    "step-free": "step_free_access",
    "toilet": "accessible_toilet",
    "hearing-loop": "hearing_loop",
    "quiet-space": "quiet_space",
    "carer-free": "carer_goes_free",
    "bsl": "bsl_available",
}
# The short words a result card shows for each feature.
ACCESS_BADGES = {
    "step-free": "Step-free",
    "toilet": "Accessible toilet",
    "hearing-loop": "Hearing loop",
    "quiet-space": "Quiet space",
    "carer-free": "Carer goes free",
    "bsl": "British Sign Language",
}

# The named groups, in the order offered; their values are the model's with hyphens.
NAMED_GROUPS = [
    Group.DEMENTIA,
    Group.CARERS,
    Group.MEN,
    Group.WOMEN,
    Group.VETERANS,
    Group.LGBTQ,
    Group.LEARNING_DISABILITY,
    Group.FAMILIES,
]
WHO_CHOICES = [
    ("everyone", "Open to everyone, all ages"),
    ("young-people", f"Young people (up to {YOUNG_PEOPLE_UP_TO})"),
    ("older-people", f"Older people ({OLDER_PEOPLE_FROM} and over)"),
    *[(group.value.replace("_", "-"), group.label) for group in NAMED_GROUPS],
]
# Other values a link may use for an option, and the option they mean.
WHO_ALIASES = {"all-ages": "everyone"}

JOIN_CHOICES = [
    ("turn-up", "Just turn up"),
    ("book", "Book a place first"),
    ("referral", "Referral from a health worker needed"),
    ("self-referral", "Ask to join yourself (self-referral)"),
]
JOIN_VALUES = {
    "turn-up": HowToJoin.TURN_UP,
    "book": HowToJoin.BOOK,
    "referral": HowToJoin.REFERRAL,
    "self-referral": HowToJoin.SELF_REFERRAL,
}

DELIVERY_CHOICES = [("in-person", "In person"), ("online", "Online")]
DELIVERY_VALUES = {
    "in-person": (Delivery.IN_PERSON, Delivery.BOTH),
    "online": (Delivery.ONLINE, Delivery.BOTH),
}

PEER_LED_CHOICES = [("yes", "Run by people with lived experience (peer-led)")]


class NeedFacet(NamedTuple):
    name: str
    label: str
    choices: list[tuple[str, str]]
    every_option: bool  # True: an activity must have every ticked option; False: any of them


NEED_FACETS = (
    NeedFacet("access", "Access needs", ACCESS_CHOICES, every_option=True),
    NeedFacet("who", "Who it is for", WHO_CHOICES, every_option=False),
    NeedFacet("join", "How to join", JOIN_CHOICES, every_option=False),
    NeedFacet("delivery", "In person or online", DELIVERY_CHOICES, every_option=False),
    NeedFacet("peer_led", "Who runs it", PEER_LED_CHOICES, every_option=False),
)
NEED_FIELDS = (
    *ACCESS_FIELDS.values(),
    "audience",
    "audience_group_kind",
    "min_age",
    "max_age",
    "how_to_join",
    "delivery",
    "peer_led",
)


def access_options(row: dict) -> set[str]:
    """The access features an activity has (its `access` values)."""
    return {value for value, field in ACCESS_FIELDS.items() if row[field]}


def who_options(row: dict) -> set[str]:
    """Who an activity is for (its `who` values): an age band from its ages, open to everyone
    when it has no group and no age limit, and its named group. A group for young or older
    people counts in that age band."""
    min_age, max_age = row["min_age"], row["max_age"]
    group = row["audience_group_kind"] if row["audience"] == Audience.GROUP else ""
    options = set()
    if (max_age is not None and max_age <= YOUNG_PEOPLE_UP_TO) or group == Group.YOUNG_PEOPLE:
        options.add("young-people")
    if (min_age is not None and min_age >= OLDER_PEOPLE_FROM) or group == Group.OLDER_PEOPLE:
        options.add("older-people")
    if row["audience"] == Audience.EVERYONE and min_age is None and max_age is None:
        options.add("everyone")
    if group in NAMED_GROUPS:
        options.add(group.replace("_", "-"))
    return options


def join_options(row: dict) -> set[str]:
    """How someone joins (its one `join` value)."""
    return {value for value, how in JOIN_VALUES.items() if row["how_to_join"] == how}


def delivery_options(row: dict) -> set[str]:
    """In person, online, or both (an activity delivered both ways has both values)."""
    return {value for value, ways in DELIVERY_VALUES.items() if row["delivery"] in ways}


def peer_led_options(row: dict) -> set[str]:
    return {"yes"} if row["peer_led"] else set()


OPTIONS_OF = {
    "access": access_options,
    "who": who_options,
    "join": join_options,
    "delivery": delivery_options,
    "peer_led": peer_led_options,
}


def need_matrices(rows: Iterable[dict], position: dict[int, int], size: int) -> dict[str, np.ndarray]:
    """One boolean matrix per need facet (row per activity, column per option in CHOICES
    order) from `rows` of NEED_FIELDS and "pk"; `position` maps an activity id to its row."""
    matrices = {facet.name: np.zeros((size, len(facet.choices)), dtype=bool) for facet in NEED_FACETS}
    columns = {facet.name: {value: c for c, (value, _) in enumerate(facet.choices)} for facet in NEED_FACETS}
    for row in rows:
        if row["pk"] not in position:
            continue
        for name, options_of in OPTIONS_OF.items():
            for value in options_of(row):
                matrices[name][position[row["pk"]], columns[name][value]] = True
    return matrices


def columns_for(facet: NeedFacet, values: Iterable[str]) -> list[int]:
    """The matrix columns of the chosen values, in CHOICES order."""
    chosen = {WHO_ALIASES.get(value, value) for value in values}
    return [column for column, (value, _) in enumerate(facet.choices) if value in chosen]


def matching(matrix: np.ndarray, facet: NeedFacet, values: Iterable[str]) -> np.ndarray | None:
    """Which activities have the chosen options (all of them, or any, as the facet says); None
    when nothing is chosen."""
    columns = columns_for(facet, values)
    if not columns:
        return None
    chosen = matrix[:, columns]
    return chosen.all(axis=1) if facet.every_option else chosen.any(axis=1)


def option_counts(
    matrix: np.ndarray, counting: np.ndarray, facet: NeedFacet, others: np.ndarray, values: Iterable[str]
) -> list[int]:
    """How many activities each option would give, with the other filters applied (`others`);
    `counting` is `matrix` as float32 (FacetIndex.counting).

    For "any of" facets that is the option's own column. For "every one of" (access), ticking
    one more option keeps the ones already ticked, so each count is of activities with the
    ticked options and that one."""
    rows = others
    if facet.every_option:
        ticked = columns_for(facet, values)
        if ticked:
            rows = rows & matrix[:, ticked].all(axis=1)
    return column_counts(counting, rows).tolist()


def column_counts(counting: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """How many of `rows` (a mask) have each column of a 0/1 matrix held as float32
    (FacetIndex.counting), as whole numbers.

    A product of matrices in float32 (exact to 16 million rows): picking the rows out and
    summing them took about ten times as long, and a search counts six such matrices. The matrix
    is held as float32 because a product with a bool matrix converts the whole of it each time
    (four times as long for the categories)."""
    return (rows.astype(np.float32) @ counting).astype(np.int64)


def badges(row: dict) -> list[str]:
    """The short need labels a result card shows: access features, then peer-led."""
    labels = [ACCESS_BADGES[value] for value, _ in ACCESS_CHOICES if row[ACCESS_FIELDS[value]]]
    if row["peer_led"]:
        labels.append("Peer-led")
    return labels


def with_aliases(data):
    """The query data with any alias of a `who` option (all-ages) written as the option
    (everyone), so the option shows as ticked and the next search keeps it."""
    chosen = data.getlist("who")
    if not any(value in WHO_ALIASES for value in chosen):
        return data
    data = data.copy()
    data.setlist("who", list(dict.fromkeys(WHO_ALIASES.get(value, value) for value in chosen)))
    return data
