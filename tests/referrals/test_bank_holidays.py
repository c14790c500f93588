"""Working days skip England's bank holidays, from the `holidays` library rather than a typed list
(which ended in 2027), offline, with a system check for when the library stops covering next year."""

import datetime
import socket

import pytest
from django.core import checks
from django.utils import timezone
from holidays.countries.united_kingdom import UnitedKingdom

from activities.referrals.tasks import add_working_days
from creative_minds import holidays as bank_holiday_calendar
from creative_minds.checks import BANK_HOLIDAYS_RUN_OUT, bank_holidays_cover_next_year

day = datetime.date.fromisoformat

# What settings.BANK_HOLIDAYS used to list, from GOV.UK: the library must agree.
TYPED_2026_2027 = [
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
    "2026-12-25", "2026-12-28",
    "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
    "2027-12-27", "2027-12-28",
]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Friday 22 December 2028: Monday 25 and Tuesday 26 are Christmas and Boxing Day.
        ("2028-12-22", 1, "2028-12-27"),
        ("2028-12-22", 3, "2028-12-29"),
        # ...and Monday 1 January 2029 is New Year's Day.
        ("2028-12-22", 4, "2029-01-02"),
        ("2028-12-29", 1, "2029-01-02"),
        # Sent on Christmas Day counts from the working day before it, Friday 22nd.
        ("2028-12-25", 1, "2028-12-27"),
        # Easter 2030: Good Friday 19 April and Easter Monday 22 April.
        ("2030-04-18", 1, "2030-04-23"),
    ],
)
def test_working_days_skip_bank_holidays_after_the_old_list_ran_out(start, days, expected):
    assert add_working_days(day(start), days) == day(expected)


def test_a_count_of_many_working_days_crosses_years_with_their_holidays():
    # 258 weekdays after Friday 22 December 2028, less the 8 bank holidays among them (Christmas,
    # Boxing Day, New Year, Easter's two, the two May ones and August's).
    assert add_working_days(day("2028-12-22"), 250) == day("2029-12-19")


def test_the_library_agrees_with_the_dates_once_typed_into_settings():
    listed = {d for d in bank_holiday_calendar.bank_holidays([2026, 2027]) if d.weekday() < 5}
    assert listed == {day(d) for d in TYPED_2026_2027}


def test_bank_holidays_are_worked_out_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("bank holidays must not need the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    bank_holiday_calendar._bank_holidays_in.cache_clear()
    assert day("2040-12-25") in bank_holiday_calendar.bank_holidays([2040])


def test_england_only_not_scotland():
    # 2 January is a bank holiday in Scotland, not in England.
    days = bank_holiday_calendar.bank_holidays([2029])
    assert day("2029-01-01") in days and day("2029-01-02") not in days


def test_no_warning_while_the_library_covers_next_year():
    assert bank_holidays_cover_next_year() == []
    assert BANK_HOLIDAYS_RUN_OUT not in [message.id for message in checks.run_checks()]


def test_a_warning_when_the_library_stops_covering_next_year(monkeypatch):
    this_year = timezone.localdate().year
    monkeypatch.setattr(UnitedKingdom, "end_year", this_year)

    (warning,) = bank_holidays_cover_next_year()
    assert warning.id == BANK_HOLIDAYS_RUN_OUT == "creative_minds.W001"
    assert warning.level == checks.WARNING
    assert f"up to {this_year} only, not for {this_year + 1}" in warning.msg
    assert "Upgrade the `holidays` package" in warning.hint
    # Registered: `manage.py check` reports it.
    assert BANK_HOLIDAYS_RUN_OUT in [message.id for message in checks.run_checks()]
