"""System checks for what a deployment must set before it publishes data others rely on.
PartnersConfig.ready() registers them."""

from django.conf import settings
from django.core import checks

DEFAULT_360GIVING_PREFIX = "partners.W001"


def threesixtygiving_prefix_is_registered(app_configs=None, **kwargs):
    """Warn when the 360Giving grant identifiers would carry the development prefix: identifiers
    must stay the same once published, so the registered prefix has to be there from the first day."""
    if settings.THREESIXTYGIVING_PREFIX != settings.THREESIXTYGIVING_DEFAULT_PREFIX:
        return []
    return [
        checks.Warning(
            f"The 360Giving grant identifiers use the development prefix "
            f"{settings.THREESIXTYGIVING_DEFAULT_PREFIX!r}.",
            hint=(
                "Set THREESIXTYGIVING_PREFIX to the prefix 360Giving registered for Creative Minds "
                "(360G-...) before /funded-projects/360giving.json is published; ask 360Giving for "
                "one if there is none yet."
            ),
            id=DEFAULT_360GIVING_PREFIX,
        )
    ]
