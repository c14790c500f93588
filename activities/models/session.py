"""When an activity meets: a weekday, a time and a repeat pattern (the terms are activities.schedule's)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from activities.schedule import (
    DAY_SLUGS,
    EVENING_STARTS,
    MORNING_ENDS,
    Frequency,
    Weekday,
    WeekOfMonth,
    describe_session,
    is_last_week,
    week_of_month,
)


class ActivitySession(Orderable):
    page = ParentalKey("activities.ActivityPage", on_delete=models.CASCADE, related_name="sessions")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, help_text="The day it meets.")
    start_time = models.TimeField(help_text="For example, 10:00.")
    end_time = models.TimeField(help_text="For example, 12:00.")
    frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY, help_text="How often."
    )
    week_of_month = models.SmallIntegerField(
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text="For monthly sessions only: which week of the month, e.g. the first Tuesday.",
    )
    valid_from = models.DateField(
        help_text="The first date. Every-other-week sessions count their fortnights from here."
    )
    valid_to = models.DateField(
        null=True, blank=True, help_text="The last date, if the sessions stop. Leave empty if ongoing."
    )

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("frequency"), FieldPanel("week_of_month")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
    ]

    class Meta(Orderable.Meta):
        indexes = [models.Index(fields=["weekday", "start_time"])]

    def __str__(self) -> str:
        return self.describe()

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "The end time must be after the start time."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "The last date must be on or after the first date."
        if self.frequency == Frequency.MONTHLY and not self.week_of_month:
            errors["week_of_month"] = "Choose which week of the month it meets, e.g. first."
        if errors:
            raise ValidationError(errors)

    @property
    def day_slug(self) -> str:
        return DAY_SLUGS[self.weekday]

    @property
    def part_of_day(self) -> str:
        if self.start_time >= EVENING_STARTS:
            return "evening"
        if self.start_time >= MORNING_ENDS:
            return "afternoon"
        return "morning"

    def describe(self) -> str:
        """Plain English, e.g. "Every Tuesday, 10am to 12pm"."""
        return describe_session(
            weekday=self.weekday,
            start_time=self.start_time,
            end_time=self.end_time,
            frequency=self.frequency,
            week_of_month=self.week_of_month,
        )

    def next_dates(self, after: date, count: int = 3) -> list[date]:
        """The next `count` dates on or after `after` that this session meets."""
        found: list[date] = []
        day = max(after, self.valid_from)
        # Move to the first matching weekday.
        day += timedelta(days=(self.weekday - day.weekday()) % 7)
        # A year of weeks is ample for any pattern here; the bound keeps this loop finite.
        for _ in range(60):
            if self.valid_to and day > self.valid_to:
                break
            if self._meets_on(day):
                found.append(day)
                if len(found) == count:
                    break
            day += timedelta(days=7)
        return found

    def _meets_on(self, day: date) -> bool:
        if self.frequency == Frequency.FORTNIGHTLY:
            first = self.valid_from + timedelta(days=(self.weekday - self.valid_from.weekday()) % 7)
            return ((day - first).days // 7) % 2 == 0
        if self.frequency == Frequency.MONTHLY:
            return week_of_month(day) == self.week_of_month or (
                self.week_of_month == WeekOfMonth.LAST and is_last_week(day)
            )
        return True
