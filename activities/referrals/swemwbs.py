"""The Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS): its wording, answers and scoring.

Pure functions only: nothing here touches the database, so forms, imports and reports can share
one definition of how a set of answers becomes a score.
"""

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from numbers import Integral
from pathlib import Path

from django.core.exceptions import ValidationError

STEM = (
    "Below are some statements about feelings and thoughts. "
    "Please tick the box that best describes your experience of each over the last 2 weeks."
)

# The licence requires the statements to be used word for word and in this order.
ITEMS: tuple[str, ...] = (
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling close to other people",
    "I've been able to make up my own mind about things",
)

ANSWERS: tuple[tuple[int, str], ...] = (
    (1, "None of the time"),
    (2, "Rarely"),
    (3, "Some of the time"),
    (4, "Often"),
    (5, "All of the time"),
)

LOWEST_ANSWER = ANSWERS[0][0]
HIGHEST_ANSWER = ANSWERS[-1][0]

COPYRIGHT = (
    "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, "
    "University of Warwick and University of Edinburgh, 2008, all rights reserved."
)

CONVERSION_TABLE_PATH = (
    Path(__file__).resolve().parents[2] / "creative_minds" / "data" / "swemwbs_conversion.csv"
)

LOWEST_RAW = LOWEST_ANSWER * len(ITEMS)
HIGHEST_RAW = HIGHEST_ANSWER * len(ITEMS)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Score:
    """A raw score (7 to 35, the sum of the answers) and its metric score (Rasch-transformed)."""

    raw: int
    metric: Decimal


@cache
def conversion_table() -> dict[int, Decimal]:
    """Raw score → metric score, read from the shipped CSV once per process."""
    with CONVERSION_TABLE_PATH.open(newline="", encoding="utf-8") as handle:
        table = {
            int(row["raw_score"]): Decimal(row["metric_score"]).quantize(TWO_PLACES)
            for row in csv.DictReader(handle)
        }
    # A truncated or edited file would silently mis-score people, so refuse to use it.
    if sorted(table) != list(range(LOWEST_RAW, HIGHEST_RAW + 1)):
        raise ValueError(f"{CONVERSION_TABLE_PATH} must give a metric score for every raw score 7 to 35")
    return table


def score(answers: Sequence[int | None] | Mapping[int | str, int | None]) -> Score:
    """Score one person's seven answers.

    ``answers`` is either a sequence in the order of ITEMS, or a mapping keyed by statement
    wording or by item number (1 to 7). Every statement must be answered: SWEMWBS scores are
    never pro-rated, so a missing answer is an error the person has to fix.
    """
    values = _answers_in_item_order(answers)
    problems = [_problem_with(statement, value) for statement, value in zip(ITEMS, values, strict=True)]
    errors = [problem for problem in problems if problem is not None]
    if errors:
        raise ValidationError(errors)
    raw = sum(values)
    return Score(raw=raw, metric=conversion_table()[raw])


def _answers_in_item_order(answers) -> list:
    if isinstance(answers, Mapping):
        return _from_mapping(answers)
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise TypeError("answers must be a sequence or a mapping of the seven SWEMWBS answers")
    if len(answers) > len(ITEMS):
        raise ValueError(f"SWEMWBS has {len(ITEMS)} statements but {len(answers)} answers were given")
    # A short sequence means the last statements were not answered.
    return list(answers) + [None] * (len(ITEMS) - len(answers))


def _from_mapping(answers: Mapping) -> list:
    known_keys = set(ITEMS) | set(range(1, len(ITEMS) + 1))
    unknown = [key for key in answers if key not in known_keys]
    if unknown:
        raise ValueError(f"These are not SWEMWBS statements: {unknown!r}")
    return [answers.get(statement, answers.get(number)) for number, statement in enumerate(ITEMS, start=1)]


def _problem_with(statement: str, value) -> ValidationError | None:
    if value is None:
        return ValidationError('Answer "%(statement)s"', code="required", params={"statement": statement})
    # bool is an int in Python, but True is not an answer anyone gave.
    is_whole_number = isinstance(value, Integral) and not isinstance(value, bool)
    if not is_whole_number or not LOWEST_ANSWER <= value <= HIGHEST_ANSWER:
        return ValidationError(
            'Answer "%(statement)s" with one of: None of the time, Rarely, Some of the time, Often, '
            "All of the time",
            code="invalid_choice",
            params={"statement": statement},
        )
    return None
