"""The map of venues that static/js/map.mjs draws in the browser, from places in the page itself.

Without JavaScript nothing of it shows (main.scss): the list on the page and its links are the way
in, as they are for keyboard and screen-reader users, from whom the map is hidden.
"""

from django import template
from django.conf import settings

from activities import detail

register = template.Library()


@register.filter
def map_places(items):
    """The venues of result cards (or anything with their title, url, where, latitude and
    longitude), one place each, for `venue_map`."""
    return detail.map_places(items)


@register.inclusion_tag("activities/components/venue_map.html")
def venue_map(places, map_id, *, folded=False, label="these activities"):
    """A map of `places` (see activities.detail.map_places), or nothing when none has a place.
    `folded` puts it in a "Show ... on a map" disclosure, drawn only when opened."""
    return {
        "places": places,
        "map_id": map_id,
        "places_id": f"{map_id}-places",
        "folded": folded,
        "label": label,
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_ATTRIBUTION,
        "attribution_url": settings.MAP_ATTRIBUTION_URL,
    }
