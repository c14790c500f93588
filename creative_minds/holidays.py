"""England's bank holidays, which do not count as working days.

They come from the `holidays` library (PyPI), which works them out by rule for any year it
supports: New Year's Day, Good Friday, Easter Monday, the May, spring and summer bank holidays,
Christmas and Boxing Day, each moved to a weekday when it falls at a weekend, and the one-off days
(jubilees, a coronation, a state funeral) known when the installed version was released. So there
is no list to run out and nothing is fetched at run time. `govuk-bank-holidays` was the other
choice: it reads GOV.UK's list, which covers only this year and next, so offline it runs out just
as a typed list does.

A one-off day announced after the installed release is missing until the library is upgraded, and
a year past the library's range quietly has no bank holidays at all; `manage.py check` warns when
next year is outside that range (creative_minds.checks).
"""

import datetime
from collections.abc import Iterable
from functools import cache

import holidays

# England (the subdivision ENG of the United Kingdom): Creative Minds works in West Yorkshire.
COUNTRY = "GB"
SUBDIVISION = "ENG"


def bank_holidays(years: Iterable[int]) -> list[datetime.date]:
    """England's bank holidays in these years, oldest first (none for a year the library does not cover)."""
    return [day for year in sorted(set(years)) for day in _bank_holidays_in(year)]


def years_covered() -> range:
    """The years for which the installed library knows England's bank holidays."""
    calendar = holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION)
    return range(calendar.start_year, calendar.end_year + 1)


@cache
def _bank_holidays_in(year: int) -> tuple[datetime.date, ...]:
    # Cached: the referral reminder job counts working days for every waiting referral.
    return tuple(sorted(holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=year)))
