"""Road distances: great-circle distance times a stated detour factor.

DETOUR_FACTOR = 1.25 is our documented assumption for the rural Altmark road network
(Bundesstraßen and Landstraßen between the towns, no motorway): circuity factors of road
networks are usually stated between about 1.2 and 1.4. It is an estimate, not a measurement;
a stored matrix of measured road kilometres can replace `distance_km` without changing the solvers.
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
DETOUR_FACTOR = 1.25


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Estimated road km between two (lat, lon) points."""
    return great_circle_km(a[0], a[1], b[0], b[1]) * DETOUR_FACTOR
