"""Working days: Monday to Friday, not one of England's bank holidays (creative_minds.holidays).
One function, so the reminders (tasks.py) and the dates a referral page promises (next_steps.py)
always count the same way."""

from __future__ import annotations

import datetime

import numpy as np

from creative_minds.holidays import bank_holidays


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday, not a bank holiday) after `start`.

    A start on a weekend or bank holiday counts from the working day before it, so the next
    working day is day 1: sent on Saturday, like Friday, is 3 working days on by Wednesday.
    """
    # Every year the count can reach: the year before (a start on 1 January rolls back into
    # December) to a year past the last of about 250 working days a year.
    years = range(start.year - 1, start.year + abs(days) // 200 + 2)
    return np.busday_offset(start, days, roll="backward", holidays=bank_holidays(years)).item()
