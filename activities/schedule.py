"""When activities meet, as plain values: weekdays, parts of the day, repeat patterns and their
plain-English descriptions. No database here, so the page models, the calendar file and the search
can all use it (activities.models.session stores sessions in these terms)."""

import calendar
from datetime import date, time

from django.db import models

MORNING_ENDS = time(12, 0)
EVENING_STARTS = time(17, 0)
DAY_SLUGS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every other week"
    MONTHLY = "monthly", "Once a month"


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "first"
    SECOND = 2, "second"
    THIRD = 3, "third"
    FOURTH = 4, "fourth"
    LAST = -1, "last"


def describe_session(*, weekday, start_time, end_time, frequency, week_of_month) -> str:
    """Plain English for a session's pattern, e.g. "Every Tuesday, 10am to 12pm"."""
    day = Weekday(weekday).label
    times = f"{format_time(start_time)} to {format_time(end_time)}"
    if frequency == Frequency.FORTNIGHTLY:
        return f"Every other {day}, {times}"
    if frequency == Frequency.MONTHLY:
        week = WeekOfMonth(week_of_month or 1).label
        return f"The {week} {day} of each month, {times}"
    return f"Every {day}, {times}"


def week_of_month(day: date) -> int:
    return (day.day - 1) // 7 + 1


def is_last_week(day: date) -> bool:
    return day.day + 7 > calendar.monthrange(day.year, day.month)[1]


def format_time(value: time) -> str:
    """10:00 → "10am", 13:30 → "1:30pm", 12:00 → "midday" (NHS style)."""
    if value == time(12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"
