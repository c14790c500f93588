"""Published pages as HSDS-UK 3.0 objects: plain dicts ready for JSON.

Only public, published facts: never the activity's contact person (a person's name); the
activity's public email is the service's. A field with no value is left out, never `null`
(`compact`). Sessions become schedules with the same iCalendar rule as the activity's .ics file
(activities.calendar) and the same words as its page (activities.schedule).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.urls import reverse
from wagtail.rich_text import get_text_for_indexing

from activities.calendar import ICAL_DAYS
from activities.detail import visitor_url
from activities.oruk import ids
from activities.oruk.feed_index import last_modified
from activities.oruk.taxonomies import (
    LINK_TYPES,
    SEARCH_PARAMETERS,
    TAXONOMY_NAMES,
    Taxonomy,
    Term,
    category_term,
)
from activities.schedule import Frequency
from activities.search.needs import ACCESS_CHOICES, ACCESS_FIELDS, NEED_FACETS, NEED_FIELDS, OPTIONS_OF

# The geography an area's ONS code names, as the ONS publishes it (a persistent URI).
ONS_GEOGRAPHY_URI = "http://statistics.data.gov.uk/id/statistical-geography/{code}"
COUNTRY = "GB"
TIMES_ARE = "Times are UK time (Europe/London)."
IDENTIFIER_SCHEMES = (
    # (field on the partner, org-id.guide scheme, its name)
    ("charity_number", "GB-CHC", "Charity number (Charity Commission for England and Wales)"),
    ("company_number", "GB-COH", "Company number (Companies House)"),
)
ACCESS_LABELS = dict(ACCESS_CHOICES)


def compact(fields: dict) -> dict:
    """The fields that have a value: no None, no empty text, no empty list."""
    return {
        name: value for name, value in fields.items() if value is not None and value != "" and value != []
    }


def plain_text(*parts: str) -> str:
    """Rich text and plain text as plain text, paragraphs apart."""
    return "\n\n".join(text for part in parts if (text := get_text_for_indexing(part or "").strip()))


def timestamp(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


class Mapper:
    """Builds every object for one request (its absolute addresses are the request's)."""

    def __init__(self, request, feed):
        self.request = request
        self.feed = feed

    # -- addresses ----------------------------------------------------------------------------
    def page_url(self, page) -> str:
        return visitor_url(page, self.request)

    def search_url(self, term: Term) -> str:
        query = urlencode({SEARCH_PARAMETERS[term.taxonomy]: term.value})
        return self.request.build_absolute_uri(f"{reverse('activity_search')}?{query}")

    # -- taxonomies -----------------------------------------------------------------------------
    def taxonomy_term(self, term: Term) -> dict:
        return compact(
            {
                "id": term.id,
                "name": term.name,
                "description": term.description,
                "taxonomy": TAXONOMY_NAMES[term.taxonomy],
                "taxonomy_id": term.taxonomy_id,
                "term": term.value,
                "term_uri": self.search_url(term),
            }
        )

    def taxonomy(self, taxonomy: Taxonomy, *, with_terms: bool) -> dict:
        return compact(
            {
                "id": taxonomy.id,
                "name": taxonomy.name,
                "description": taxonomy.description,
                "taxonomy_terms": [self.taxonomy_term(term) for term in taxonomy.terms]
                if with_terms
                else None,
            }
        )

    def attribute(self, link_id: str, term: Term) -> dict:
        return {
            "id": ids.attribute_id(link_id, term.id),
            "link_id": link_id,
            "link_type": LINK_TYPES[term.taxonomy],
            "taxonomy_term_id": term.id,
            "taxonomy_term": self.taxonomy_term(term),
        }

    def terms_of(self, activity) -> list[Term]:
        """The activity's types (by name), then its need options in the search's order."""
        terms = [
            category_term(c.slug, c.name, c.description) for c in sorted(activity.categories.all(), key=_name)
        ]
        row = {field: getattr(activity, field) for field in NEED_FIELDS}
        for facet in NEED_FACETS:
            chosen = OPTIONS_OF[facet.name](row)
            terms += [
                self.feed.terms[ids.taxonomy_term_id(facet.name, value)]
                for value, _ in facet.choices
                if value in chosen
            ]
        return terms

    # -- organizations ----------------------------------------------------------------------------
    def organization(self, partner, *, full: bool) -> dict:
        organization_id = ids.page_id(partner)
        fields = {
            "id": organization_id,
            "name": partner.title,
            "description": plain_text(partner.summary, partner.description) or partner.title,
            "email": partner.contact_email,
            "website": partner.website,
            "uri": self.page_url(partner),
        }
        if full:
            fields["organization_identifiers"] = [
                {
                    "id": ids.organization_identifier_id(organization_id, scheme),
                    "organization_id": organization_id,
                    "identifier_scheme": scheme,
                    "identifier_type": name,
                    "identifier": number,
                }
                for field, scheme, name in IDENTIFIER_SCHEMES
                if (number := "".join(getattr(partner, field).split()).upper())
            ]
        return compact(fields)

    # -- services ----------------------------------------------------------------------------------
    def service_basics(self, activity) -> dict:
        """The service's one-to-one fields."""
        paused = activity.is_paused_on(self.feed.day)
        return {
            "id": ids.page_id(activity),
            "organization_id": ids.page_id(activity.partner),
            "name": activity.title,
            "description": plain_text(activity.summary, activity.description),
            "url": self.page_url(activity),
            "email": activity.contact_email,
            "status": "temporarily closed" if paused else "active",
            "minimum_age": activity.min_age,
            "maximum_age": activity.max_age,
            "assured_date": activity.last_reviewed.isoformat() if activity.last_reviewed else None,
            "alert": pause_notice(activity) if paused else None,
            "last_modified": timestamp(last_modified(activity)),
        }

    def service_in_list(self, activity) -> dict:
        return compact(
            {**self.service_basics(activity), "organization": self.organization(activity.partner, full=False)}
        )

    def service(self, activity, *, with_locations: bool = True) -> dict:
        """The fully nested service."""
        service_id = ids.page_id(activity)
        location = self.location_id(activity)
        return compact(
            {
                **self.service_basics(activity),
                "organization": self.organization(activity.partner, full=True),
                "service_at_locations": (
                    [self.service_at_location(activity, full=False)] if with_locations and location else None
                ),
                "schedules": self.schedules(activity, service_id),
                "service_areas": [self.service_area(activity, service_id)],
                "cost_options": self.cost_options(activity, service_id),
                "attributes": [self.attribute(service_id, term) for term in self.terms_of(activity)],
            }
        )

    def minimal_service(self, row) -> dict:
        """A service as `minimal=true` lists it, from the feed's index alone."""
        return compact(
            {
                "id": row.id,
                "name": row.name,
                "status": "temporarily closed" if row.paused else "active",
                "last_modified": (
                    None
                    if math.isnan(row.last_modified)
                    else timestamp(datetime.fromtimestamp(row.last_modified, UTC))
                ),
            }
        )

    def schedules(self, activity, service_id: str) -> list[dict]:
        schedules = {}
        for session in activity.sessions.all():
            schedule_id = ids.schedule_id(
                service_id,
                weekday=session.weekday,
                start_time=session.start_time,
                end_time=session.end_time,
                frequency=session.frequency,
                week_of_month=session.week_of_month,
            )
            first = session.next_dates(session.valid_from, 1)
            schedules[schedule_id] = compact(
                {
                    "id": schedule_id,
                    "service_id": service_id,
                    "valid_from": session.valid_from.isoformat(),
                    "valid_to": session.valid_to.isoformat() if session.valid_to else None,
                    "dtstart": (first[0] if first else session.valid_from).isoformat(),
                    **ical_rule(session),
                    "description": session.describe(),
                    "opens_at": f"{session.start_time:%H:%M}",
                    "closes_at": f"{session.end_time:%H:%M}",
                    "schedule_link": self.page_url(activity) + "calendar/",
                    "attending_type": activity.get_delivery_display(),
                    "notes": TIMES_ARE,
                }
            )
        return list(schedules.values())

    def service_area(self, activity, service_id: str) -> dict:
        locality = activity.locality
        code = locality.local_authority_code
        return {
            "id": ids.service_area_id(service_id, code),
            "service_id": service_id,
            "name": locality.name,
            "service_area": f"{locality.name} ({code})",
            "uri": ONS_GEOGRAPHY_URI.format(code=code),
        }

    def cost_options(self, activity, service_id: str) -> list[dict]:
        cost_type = activity.cost_type
        price = {
            "id": ids.cost_option_id(service_id, "price"),
            "service_id": service_id,
            "option": activity.CostType(cost_type).label,
            "amount_description": activity.cost_label,
        }
        if cost_type == activity.CostType.FREE:
            price["amount"] = 0
        elif cost_type == activity.CostType.PAID and activity.cost_amount is not None:
            price["amount"] = float(activity.cost_amount)
            price["amount_description"] = f"{activity.cost_label} (pounds sterling)"
        options = [price]
        if activity.concessions.strip():
            options.append(
                {
                    "id": ids.cost_option_id(service_id, "concessions"),
                    "service_id": service_id,
                    "option": "Concessions",
                    "amount_description": activity.concessions.strip(),
                }
            )
        return options

    # -- locations -------------------------------------------------------------------------------
    @staticmethod
    def location_id(activity) -> str | None:
        if activity.delivery == activity.Delivery.ONLINE or not activity.postcode:
            return None
        return ids.location_id(activity.postcode, activity.venue_name)

    def location(self, activity) -> dict:
        location_id = self.location_id(activity)
        lines = [line.strip() for line in activity.address.splitlines() if line.strip()]
        lines = [
            line for line in lines if line.replace(" ", "").upper() != activity.postcode.replace(" ", "")
        ]
        town = lines.pop() if len(lines) > 1 else activity.locality.name
        address = {
            "id": ids.address_id(location_id),
            "location_id": location_id,
            "address_1": ", ".join(lines) or activity.venue_name or activity.postcode,
            "city": town,
            "state_province": activity.locality.name,
            "postal_code": activity.postcode,
            "country": COUNTRY,
            "address_type": "physical",
        }
        accessibility = [
            {
                "id": ids.accessibility_id(location_id, value),
                "location_id": location_id,
                "description": ACCESS_LABELS[value],
            }
            for value, field in ACCESS_FIELDS.items()
            if getattr(activity, field)
        ]
        if activity.accessibility_notes.strip():
            accessibility.append(
                {
                    "id": ids.accessibility_id(location_id, "notes"),
                    "location_id": location_id,
                    "description": activity.accessibility_notes.strip(),
                }
            )
        return compact(
            {
                "id": location_id,
                "location_type": "physical",
                "name": activity.venue_name or address["address_1"],
                "latitude": activity.latitude,
                "longitude": activity.longitude,
                "addresses": [address],
                "accessibility": accessibility,
            }
        )

    def service_at_location(self, activity, *, full: bool) -> dict:
        service_id = ids.page_id(activity)
        location_id = self.location_id(activity)
        return compact(
            {
                "id": ids.service_at_location_id(service_id, location_id),
                "service_id": service_id,
                "location_id": location_id,
                "location": self.location(activity),
                # Not in the schema's list of fields, which allows more: the service delivered
                # here, so a consumer of this endpoint alone can show it.
                "service": self.service(activity, with_locations=False) if full else None,
            }
        )


def ical_rule(session) -> dict:
    """The session's repeat rule in the schedule's iCalendar fields, as activities.calendar writes
    it in the .ics file (FREQ, BYDAY, INTERVAL; UNTIL is the schedule's valid_to)."""
    day = ICAL_DAYS[session.weekday]
    if session.frequency == Frequency.MONTHLY:
        return {"freq": "MONTHLY", "byday": f"{session.week_of_month or 1}{day}", "interval": 1}
    return {
        "freq": "WEEKLY",
        "byday": day,
        "interval": 2 if session.frequency == Frequency.FORTNIGHTLY else 1,
    }


def pause_notice(activity) -> str:
    until = f"Paused until {activity.paused_until:%-d %B %Y}." if activity.paused_until else "Paused for now."
    return f"{until} {activity.status_message}".strip()


def _name(category) -> str:
    return category.name
