"""Every id the feed publishes, in one place, so a consumer can keep what it has read.

Services and organizations are Wagtail pages, so their id is the page's `translation_key`: a UUID
made when the page is first created and kept through every edit, revision and republishing (and
`seed_demo` keeps existing pages, so re-running it keeps them too).

Everything else the feed describes has no row of its own (a venue is three fields on an
activity; a taxonomy term is a category or one of the search's need options), so its id is a
version 5 UUID under one project namespace, from a natural key that changes only when the thing
itself does: a location is its postcode and venue name, a term its taxonomy's code and its value,
a schedule its service and its pattern. An edit elsewhere on the page changes none of them.
"""

import uuid
from datetime import time

# The project's namespace for derived ids. Never change it: every derived id would change.
NAMESPACE = uuid.UUID("6f3c2b8e-2d5a-5c1e-9a47-3e0d8b1f4c62")


def derived(*parts: object) -> str:
    """The id for a natural key: its parts joined, under the project namespace."""
    return str(uuid.uuid5(NAMESPACE, "|".join(str(part) for part in parts)))


def page_id(page) -> str:
    """A service's or organization's id: its page's translation_key."""
    return str(page.translation_key)


def venue_key(postcode: str, venue_name: str) -> str:
    """A venue as the same place whoever lists it: postcode without spaces, name folded."""
    return f"{postcode.replace(' ', '').upper()}|{' '.join(venue_name.split()).casefold()}"


def location_id(postcode: str, venue_name: str) -> str:
    return derived("location", venue_key(postcode, venue_name))


def address_id(location: str) -> str:
    return derived("address", location)


def accessibility_id(location: str, feature: str) -> str:
    return derived("accessibility", location, feature)


def service_at_location_id(service: str, location: str) -> str:
    return derived("service_at_location", service, location)


def schedule_id(
    service: str, *, weekday: int, start_time: time, end_time: time, frequency: str, week_of_month
) -> str:
    """A session's id: its service and its pattern (not its database row, which an edit through a
    revision may replace)."""
    pattern = f"{weekday}|{start_time:%H:%M}|{end_time:%H:%M}|{frequency}|{week_of_month or ''}"
    return derived("schedule", service, pattern)


def cost_option_id(service: str, kind: str) -> str:
    return derived("cost_option", service, kind)


def service_area_id(service: str, area_code: str) -> str:
    return derived("service_area", service, area_code)


def organization_identifier_id(organization: str, scheme: str) -> str:
    return derived("organization_identifier", organization, scheme)


def taxonomy_id(code: str) -> str:
    return derived("taxonomy", code)


def taxonomy_term_id(taxonomy_code: str, value: str) -> str:
    return derived("taxonomy_term", taxonomy_code, value)


def attribute_id(link: str, term: str) -> str:
    return derived("attribute", link, term)
