"""When an activity meets: ActivitySession's dates, words and validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.schedule import Frequency, WeekOfMonth, format_time
from tests.builders import session

D = datetime.date


class TestNextDates:
    def test_weekly(self):
        tuesday = session("tue", "10:00", valid_from=D(2026, 1, 5))
        assert tuesday.next_dates(D(2026, 3, 4)) == [D(2026, 3, 10), D(2026, 3, 17), D(2026, 3, 24)]

    def test_the_day_itself_counts(self):
        tuesday = session("tue", "10:00", valid_from=D(2026, 1, 5))
        assert tuesday.next_dates(D(2026, 3, 10), count=1) == [D(2026, 3, 10)]

    def test_nothing_before_the_first_date(self):
        tuesday = session("tue", "10:00", valid_from=D(2026, 1, 5))
        assert tuesday.next_dates(D(2025, 11, 1), count=2) == [D(2026, 1, 6), D(2026, 1, 13)]

    def test_count(self):
        tuesday = session("tue", "10:00", valid_from=D(2026, 1, 5))
        dates = tuesday.next_dates(D(2026, 1, 1), count=10)
        assert len(dates) == 10
        assert all(day.weekday() == 1 for day in dates)
        assert [b - a for a, b in zip(dates, dates[1:], strict=False)] == [datetime.timedelta(days=7)] * 9

    def test_fortnightly_counts_from_the_first_date(self):
        # The first Tuesday on or after Monday 5 January 2026 is the 6th; then every other week.
        fortnightly = session("tue", "10:00", frequency=Frequency.FORTNIGHTLY, valid_from=D(2026, 1, 5))
        assert fortnightly.next_dates(D(2026, 1, 1), count=4) == [
            D(2026, 1, 6), D(2026, 1, 20), D(2026, 2, 3), D(2026, 2, 17),
        ]  # fmt: skip
        assert fortnightly.next_dates(D(2026, 3, 4)) == [D(2026, 3, 17), D(2026, 3, 31), D(2026, 4, 14)]
        assert fortnightly.next_dates(D(2026, 3, 3)) == [D(2026, 3, 3), D(2026, 3, 17), D(2026, 3, 31)]

    def test_fortnightly_other_week(self):
        # Starting a week later puts it on the other fortnight.
        fortnightly = session("tue", "10:00", frequency=Frequency.FORTNIGHTLY, valid_from=D(2026, 1, 13))
        assert fortnightly.next_dates(D(2026, 3, 4)) == [D(2026, 3, 10), D(2026, 3, 24), D(2026, 4, 7)]

    def test_monthly_first_weekday(self):
        first_tuesday = session("tue", "10:00", frequency=Frequency.MONTHLY, week_of_month=WeekOfMonth.FIRST)
        assert first_tuesday.next_dates(D(2026, 3, 4)) == [D(2026, 4, 7), D(2026, 5, 5), D(2026, 6, 2)]

    def test_monthly_third_weekday(self):
        third_friday = session("fri", "10:00", frequency=Frequency.MONTHLY, week_of_month=WeekOfMonth.THIRD)
        assert third_friday.next_dates(D(2026, 3, 1)) == [D(2026, 3, 20), D(2026, 4, 17), D(2026, 5, 15)]

    def test_monthly_last_weekday(self):
        last_friday = session("fri", "13:30", frequency=Frequency.MONTHLY, week_of_month=WeekOfMonth.LAST)
        assert last_friday.next_dates(D(2026, 1, 1), count=4) == [
            D(2026, 1, 30), D(2026, 2, 27), D(2026, 3, 27), D(2026, 4, 24),
        ]  # fmt: skip
        # May 2026 has five Fridays: the last is the 29th, not the fourth (22nd).
        assert last_friday.next_dates(D(2026, 5, 1), count=1) == [D(2026, 5, 29)]

    def test_monthly_fourth_is_not_the_fifth(self):
        fourth_friday = session("fri", "13:30", frequency=Frequency.MONTHLY, week_of_month=WeekOfMonth.FOURTH)
        assert fourth_friday.next_dates(D(2026, 5, 1), count=1) == [D(2026, 5, 22)]

    def test_valid_to_stops_the_dates(self):
        ending = session("tue", "10:00", valid_from=D(2026, 1, 5), valid_to=D(2026, 3, 17))
        assert ending.next_dates(D(2026, 3, 4)) == [D(2026, 3, 10), D(2026, 3, 17)]
        assert ending.next_dates(D(2026, 3, 18)) == []

    def test_valid_to_with_monthly(self):
        ending = session(
            "tue",
            "10:00",
            frequency=Frequency.MONTHLY,
            week_of_month=WeekOfMonth.FIRST,
            valid_to=D(2026, 5, 4),
        )
        assert ending.next_dates(D(2026, 3, 1)) == [D(2026, 3, 3), D(2026, 4, 7)]


class TestWords:
    @pytest.mark.parametrize(
        ("built", "expected"),
        [
            (session("tue", "10:00", "12:00"), "Every Tuesday, 10am to midday"),
            (session("mon", "18:30", "20:00"), "Every Monday, 6:30pm to 8pm"),
            (
                session("sat", "09:00", "12:30", frequency=Frequency.FORTNIGHTLY),
                "Every other Saturday, 9am to 12:30pm",
            ),
            (
                session("fri", "13:30", "15:00", frequency=Frequency.MONTHLY, week_of_month=WeekOfMonth.LAST),
                "The last Friday of each month, 1:30pm to 3pm",
            ),
            (
                session(
                    "wed", "10:00", "11:00", frequency=Frequency.MONTHLY, week_of_month=WeekOfMonth.SECOND
                ),
                "The second Wednesday of each month, 10am to 11am",
            ),
        ],
    )
    def test_describe(self, built, expected):
        assert built.describe() == expected
        assert str(built) == expected

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("00:00", "12am"),
            ("09:05", "9:05am"),
            ("12:00", "midday"),
            ("12:30", "12:30pm"),
            ("23:00", "11pm"),
        ],
    )
    def test_format_time(self, value, expected):
        assert format_time(datetime.time.fromisoformat(value)) == expected

    @pytest.mark.parametrize(
        ("start", "part"),
        [
            ("09:00", "morning"),
            ("11:59", "morning"),
            ("12:00", "afternoon"),
            ("16:59", "afternoon"),
            ("17:00", "evening"),
        ],
    )
    def test_part_of_day(self, start, part):
        assert session("mon", start, "23:30").part_of_day == part

    def test_day_slug(self):
        assert session("sun", "10:00").day_slug == "sun"


class TestValidation:
    def test_a_valid_session(self):
        session("tue", "10:00", "12:00").clean()

    def test_end_after_start(self):
        with pytest.raises(ValidationError) as caught:
            session("tue", "10:00", "09:00").clean()
        assert caught.value.message_dict == {"end_time": ["The end time must be after the start time."]}

    def test_last_date_after_first(self):
        with pytest.raises(ValidationError) as caught:
            session("tue", "10:00", valid_from=D(2026, 3, 1), valid_to=D(2026, 2, 1)).clean()
        assert "valid_to" in caught.value.message_dict

    def test_monthly_needs_a_week(self):
        with pytest.raises(ValidationError) as caught:
            session("tue", "10:00", frequency=Frequency.MONTHLY).clean()
        assert "week_of_month" in caught.value.message_dict
