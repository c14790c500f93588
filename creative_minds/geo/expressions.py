"""Distance as a database expression, so filtering and ordering happen in SQL.

Both SQLite (Django registers the maths functions) and PostgreSQL evaluate it.
"""

from django.db.models import F, FloatField, Value
from django.db.models.expressions import ExpressionWrapper
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from .places import EARTH_RADIUS_MILES


def haversine_miles(latitude: float, longitude: float, lat_field="latitude", lon_field="longitude"):
    """Haversine distance in miles from a fixed point to each row's coordinates."""
    lat1 = Radians(Value(latitude))
    lat2 = Radians(F(lat_field))
    half_dlat = (lat2 - lat1) / 2.0
    half_dlon = (Radians(F(lon_field)) - Radians(Value(longitude))) / 2.0
    a = Power(Sin(half_dlat), 2) + Cos(lat1) * Cos(lat2) * Power(Sin(half_dlon), 2)
    return ExpressionWrapper(2.0 * EARTH_RADIUS_MILES * ASin(Sqrt(a)), output_field=FloatField())
