"""SWEMWBS scoring: every raw score converts as the published table says, and incomplete or
impossible answers are refused with a message that names the statement to fix."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from activities.referrals import swemwbs

TABLE_CSV = Path(__file__).resolve().parents[2] / "creative_minds" / "data" / "swemwbs_conversion.csv"


def _table_from_csv() -> list[tuple[int, Decimal]]:
    with TABLE_CSV.open(newline="", encoding="utf-8") as handle:
        return [(int(row["raw_score"]), Decimal(row["metric_score"])) for row in csv.DictReader(handle)]


def _answers_adding_up_to(raw: int) -> list[int]:
    """Seven answers of 1 to 5 whose sum is raw: fill from the first statement with 5s."""
    answers = [1] * 7
    extra = raw - 7
    for index in range(7):
        step = min(4, extra)
        answers[index] += step
        extra -= step
    return answers


def _messages(error: ValidationError) -> list[str]:
    return list(error.value.messages)


def test_the_csv_has_one_row_for_each_raw_score_from_7_to_35():
    assert [raw for raw, _ in _table_from_csv()] == list(range(7, 36))


@pytest.mark.parametrize(("raw", "metric"), _table_from_csv(), ids=lambda value: str(value))
def test_every_raw_score_converts_to_its_metric_score(raw, metric):
    result = swemwbs.score(_answers_adding_up_to(raw))

    assert result == swemwbs.Score(raw=raw, metric=metric)
    assert result.metric.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("raw", "metric"), [(7, "7.00"), (29, "26.02"), (35, "35.00"), (8, "9.51"), (34, "32.55")]
)
def test_known_conversions(raw, metric):
    assert swemwbs.conversion_table()[raw] == Decimal(metric)


def test_all_none_of_the_time_is_the_lowest_score():
    assert swemwbs.score([1] * 7) == swemwbs.Score(raw=7, metric=Decimal("7.00"))


def test_all_all_of_the_time_is_the_highest_score():
    assert swemwbs.score([5] * 7) == swemwbs.Score(raw=35, metric=Decimal("35.00"))


def test_answers_can_be_keyed_by_statement_or_by_item_number():
    by_statement = dict(zip(swemwbs.ITEMS, [1, 2, 3, 4, 5, 4, 3], strict=True))
    by_number = dict(enumerate([1, 2, 3, 4, 5, 4, 3], start=1))

    assert swemwbs.score(by_statement) == swemwbs.score(by_number) == swemwbs.score([1, 2, 3, 4, 5, 4, 3])
    assert swemwbs.score(by_number).raw == 22


def test_a_missing_answer_names_that_statement():
    answers = [3, None, 3, 3, 3, 3, 3]

    with pytest.raises(ValidationError) as error:
        swemwbs.score(answers)

    assert _messages(error) == ['Answer "I\'ve been feeling useful"']
    assert error.value.error_list[0].code == "required"


def test_an_absent_answer_in_a_mapping_is_missing_not_pro_rated():
    answers = {number: 4 for number in range(1, 7)}

    with pytest.raises(ValidationError) as error:
        swemwbs.score(answers)

    assert _messages(error) == ['Answer "I\'ve been able to make up my own mind about things"']


def test_every_missing_statement_is_named_in_order():
    with pytest.raises(ValidationError) as error:
        swemwbs.score([None, 2, 2, None, 2, 2])

    assert _messages(error) == [
        'Answer "I\'ve been feeling optimistic about the future"',
        'Answer "I\'ve been dealing with problems well"',
        'Answer "I\'ve been able to make up my own mind about things"',
    ]


@pytest.mark.parametrize("value", [0, 6, -1, 3.0, 2.5, "3", True, Decimal("3")])
def test_out_of_range_and_non_whole_answers_are_refused(value):
    answers = [3, 3, value, 3, 3, 3, 3]

    with pytest.raises(ValidationError) as error:
        swemwbs.score(answers)

    assert _messages(error) == [
        'Answer "I\'ve been feeling relaxed" with one of: None of the time, Rarely, Some of the time, '
        "Often, All of the time"
    ]
    assert error.value.error_list[0].code == "invalid_choice"


def test_more_than_seven_answers_is_a_programming_error():
    with pytest.raises(ValueError, match="7 statements but 8 answers"):
        swemwbs.score([3] * 8)


def test_unknown_mapping_keys_are_a_programming_error():
    with pytest.raises(ValueError, match="not SWEMWBS statements"):
        swemwbs.score({0: 3, **{number: 3 for number in range(1, 8)}})


def test_the_wording_is_the_licensed_wording():
    assert len(swemwbs.ITEMS) == 7
    assert swemwbs.ITEMS[0] == "I've been feeling optimistic about the future"
    assert swemwbs.ITEMS[-1] == "I've been able to make up my own mind about things"
    assert [label for _, label in swemwbs.ANSWERS] == [
        "None of the time",
        "Rarely",
        "Some of the time",
        "Often",
        "All of the time",
    ]
    assert swemwbs.STEM.endswith("over the last 2 weeks.")
    assert swemwbs.COPYRIGHT.startswith("Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS")
