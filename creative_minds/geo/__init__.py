"""Postcode → point, and distances, for every app.

Lookups use local tables first (no network). The public API is in `creative_minds.geo.places`.
"""
