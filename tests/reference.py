"""Independent reference calculations the tests check the application against.

Deliberately written from first principles (math module only) rather than reusing
creative_minds.geo, so a mistake there cannot hide in the tests too.
"""

import math

EARTH_RADIUS_KM = 6371.009
MILES_PER_KM = 0.621371


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles between two (latitude, longitude) points in degrees."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h)) * MILES_PER_KM
