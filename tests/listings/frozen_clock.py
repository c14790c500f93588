"""A frozen clock for the review cycle's tests: today's date (django.utils.timezone.localdate, which
the page model, the search and the job read) and the signing clock (django.core.signing, which dates
the emailed links) both say `clock.day`, until a test moves it on."""

from __future__ import annotations

import datetime
import types

import pytest
from django.core import signing
from django.utils import timezone

_real_localdate = timezone.localdate


class Clock:
    def __init__(self, day: datetime.date):
        self.day = day

    def localdate(self, value=None, timezone=None):
        # Only "today" is frozen: converting a given moment to a local date still works.
        if value is None and timezone is None:
            return self.day
        return _real_localdate(value, timezone)

    def time(self) -> float:
        return datetime.datetime.combine(self.day, datetime.time(12), tzinfo=datetime.UTC).timestamp()

    def move_to(self, day: datetime.date) -> None:
        self.day = day

    def days_later(self, days: int) -> None:
        self.day += datetime.timedelta(days=days)


@pytest.fixture
def clock(monkeypatch):
    """clock.move_to(date(2026, 6, 15)): today is that day, for the site and for signed links."""
    frozen = Clock(_real_localdate())
    monkeypatch.setattr(timezone, "localdate", frozen.localdate)
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=frozen.time))
    return frozen
