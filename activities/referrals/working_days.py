"""Working days: Monday to Friday, not a bank holiday. One function, so the reminders (tasks.py) and
the dates a referral page promises (next_steps.py) always count the same way."""

from __future__ import annotations

import datetime

import numpy as np
from django.conf import settings


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday, not a bank holiday) after `start`.

    A start on a weekend or bank holiday counts from the working day before it, so the next
    working day is day 1: sent on Saturday, like Friday, is 3 working days on by Wednesday.
    """
    return np.busday_offset(start, days, roll="backward", holidays=settings.BANK_HOLIDAYS).item()
