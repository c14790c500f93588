"""Demo contact details for seed_demo: plainly example values, never a real number or inbox."""

from wagtail.models import Site

from home.models import SiteSettings

# 0306 999 0xxx is in Ofcom's range of UK-wide numbers kept for drama, so it rings nobody;
# .example domains (RFC 2606) never receive mail.
DEMO_CONTACT_DETAILS = {
    "contact_phone": "0306 999 0123",
    "contact_email": "hello@creativeminds.example",
    "postal_address": "Creative Minds (example address)\n1 Example Street\nWakefield\nWF1 1AA",
    "opening_hours": "Monday to Friday, 9am to 5pm, except bank holidays",
}


def seed_contact_details() -> SiteSettings | None:
    """Fill the default site's empty contact details with the demo ones; leave any set already."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    settings = SiteSettings.for_site(site)
    empty = [field for field, value in DEMO_CONTACT_DETAILS.items() if not getattr(settings, field)]
    for field in empty:
        setattr(settings, field, DEMO_CONTACT_DETAILS[field])
    if empty:
        settings.save(update_fields=empty)
    return settings
