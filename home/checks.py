"""System checks for what a deployment must fill in before people use the site.

The contact details live in the database (Settings → Site settings), so this check reads it, and
Django's rule for checks is that they touch a database only when asked to (`--database`). It is
also a deployment check, so it runs with `manage.py check --deploy --database default` and stays
quiet in development, where a fresh database has no contact details until seed_demo fills them.
HomeConfig.ready() registers it.
"""

from django.apps import apps
from django.core import checks
from django.db import DatabaseError

MISSING_CONTACT_DETAILS = "home.W001"
UNREADABLE_SETTINGS = "home.W002"

# Field name → how the warning names it.
CONTACT_FIELDS = {
    "contact_phone": "phone number",
    "contact_email": "email address",
    "postal_address": "postal address",
    "opening_hours": "opening hours",
}


def contact_details_are_filled_in(app_configs=None, databases=None, **kwargs):
    """Warn when the default site has no phone number, email address, postal address or opening
    hours: every page footer, the privacy notice and the wellbeing pages tell people to use them."""
    if not databases:
        return []
    Site = apps.get_model("wagtailcore", "Site")
    SiteSettings = apps.get_model("home", "SiteSettings")
    errors = []
    for alias in databases:
        try:
            site = Site.objects.using(alias).filter(is_default_site=True).first()
            settings = SiteSettings.objects.using(alias).filter(site=site).first() if site else None
        except DatabaseError as error:
            errors.append(
                checks.Warning(
                    f"Could not read the site settings from the {alias!r} database to check the "
                    f"contact details: {error}",
                    hint="Run `manage.py migrate` first.",
                    id=UNREADABLE_SETTINGS,
                )
            )
            continue
        if site is None:
            continue
        missing = [label for field, label in CONTACT_FIELDS.items() if not getattr(settings, field, "")]
        if missing:
            errors.append(
                checks.Warning(
                    f"The contact details for the default site ({site.hostname}) are missing: "
                    f"{', '.join(missing)}.",
                    hint=(
                        "Fill them in in the Wagtail admin, under Settings → Site settings. Every "
                        "page footer shows them, and the privacy notice, the accessibility "
                        "statement and the wellbeing pages tell people to use them."
                    ),
                    obj=settings or site,
                    id=MISSING_CONTACT_DETAILS,
                )
            )
    return errors
