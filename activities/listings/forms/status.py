"""Pause, end or restart an activity: one question, a date for a pause, and an optional message."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import dateformat, timezone

from activities.models import ActivityPage
from creative_minds.forms import DateField, NHSUKForm

PAUSE, END, RESTART = "pause", "end", "restart"
MESSAGE_LIMIT = ActivityPage._meta.get_field("status_message").max_length
# Longer than this is a new activity or an end, not a pause; asking again in a year keeps the page true.
LONGEST_PAUSE = relativedelta(years=1)


class StatusForm(NHSUKForm):
    action = forms.ChoiceField(
        label="What do you want to do?",
        widget=forms.RadioSelect,
        choices=[
            (PAUSE, "Pause it until a date"),
            (END, "It has ended"),
            (RESTART, "It is running again"),
        ],
        error_messages={
            "required": "Choose what you want to do",
            "invalid_choice": "Choose one of the options",
        },
    )
    until = DateField(
        label="Paused until",
        required=False,
        help_text="Only if you are pausing it: the last day it will not meet. For example, 4 1 2027",
        error_messages={"invalid": "Enter the date as numbers, for example, 4 1 2027"},
    )
    message = forms.CharField(
        label="A short message for the public page (optional)",
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            f"Up to {MESSAGE_LIMIT} characters, in plain words. For example: We are closed over Christmas."
        ),
        error_messages={
            "max_length": f"The message must be {MESSAGE_LIMIT} characters or fewer",
            "null_characters_not_allowed": "The message has a character we cannot use: please type it again",
        },
    )

    def __init__(self, *args, offers_restart: bool = True, today: datetime.date | None = None, **kwargs):
        """`offers_restart`: whether "It is running again" is a choice (only when paused or ended);
        `today`: the day the dates are checked against (today by default)."""
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        if not offers_restart:
            self.fields["action"].choices = [
                (value, label) for value, label in self.fields["action"].choices if value != RESTART
            ]

    def clean_message(self) -> str:
        # One line on the public page: line breaks typed or pasted become spaces.
        return " ".join(self.cleaned_data["message"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") != PAUSE or "until" in self.errors:
            return cleaned
        until = cleaned.get("until")
        latest = self.today + LONGEST_PAUSE
        if until is None:
            self.add_error("until", "Enter the last day it will not meet")
        elif until < self.today:
            self.add_error("until", "The date must be today or later")
        elif until > latest:
            self.add_error(
                "until",
                f"The date must be within a year, by {dateformat.format(latest, 'j F Y')}. "
                "For a longer break, choose that it has ended",
            )
        return cleaned


def status_form(data, *, activity: ActivityPage, today: datetime.date) -> StatusForm:
    """The form for `activity`: what it says now filled in, "running again" only if it is not running."""
    return StatusForm(
        data,
        offers_restart=activity.listing_status != ActivityPage.ListingStatus.RUNNING,
        today=today,
        initial={"until": activity.paused_until, "message": activity.status_message},
    )
