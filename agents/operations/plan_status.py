"""German words for the status of an oven or tour plan: the user never sees 'optimal', 'feasible' or 'infeasible'."""

from __future__ import annotations

from tools.planning.status import OvenStatus, RouteStatus

OVEN_STATUS_TEXT: dict[OvenStatus, str] = {
    "optimal": "nachweislich optimal",
    "feasible": "beste gefundene Lösung, Optimalität nicht bewiesen",
    "infeasible": "nicht alles rechtzeitig fertig",
    "empty": "nichts zu backen",
}
ROUTE_STATUS_TEXT: dict[RouteStatus, str] = {
    "feasible": "alle Filialen rechtzeitig beliefert",
    "infeasible": "nicht alle Filialen rechtzeitig belieferbar",
    "empty": "keine Tour nötig",
}


def oven_status_text(status: OvenStatus) -> str:
    """German words for the status of an oven schedule."""
    return OVEN_STATUS_TEXT[status]


def route_status_text(status: RouteStatus) -> str:
    """German words for the status of a tour plan."""
    return ROUTE_STATUS_TEXT[status]
