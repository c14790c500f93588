"""System checks for what the whole site relies on. CreativeMindsConfig.ready() registers them."""

from django.core import checks
from django.utils import timezone

from creative_minds.holidays import years_covered

BANK_HOLIDAYS_RUN_OUT = "creative_minds.W001"


def bank_holidays_cover_next_year(app_configs=None, **kwargs):
    """Warn when the installed `holidays` library does not know next year's bank holidays.

    Past its range the library answers "no bank holidays" without complaint, so referral reminders
    would count Christmas as working days; this says so while there is still a year to upgrade."""
    next_year = timezone.localdate().year + 1
    covered = years_covered()
    if next_year in covered:
        return []
    return [
        checks.Warning(
            f"The installed holidays library knows England's bank holidays up to {covered.stop - 1} "
            f"only, not for {next_year}: after that, working days would count bank holidays.",
            hint="Upgrade the `holidays` package (requirements.in, then `make requirements`).",
            id=BANK_HOLIDAYS_RUN_OUT,
        )
    ]
