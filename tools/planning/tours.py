"""Delivery tour problems and plans: stops, distances and travel minutes, and the reported plan.

Shared by the routing solver (`routes`) and the brute force (`exact`): a tour leaves the Backstube,
unloads SERVICE_MIN minutes at each branch before its opening and returns.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, Field

from tools.company.models import Vehicle
from tools.planning.common import hhmm_to_min, min_to_hhmm
from tools.planning.geo import distance_km
from tools.planning.status import RouteStatus

SERVICE_MIN = 10  # unloading at a branch


class Stop(BaseModel):
    """A branch to deliver: position, latest arrival and crates."""

    id: str
    name: str = ""
    lat: float
    lon: float
    opening_min: int = Field(description="opening time in minutes after midnight")
    crates: int = Field(ge=0)


class RouteStop(BaseModel):
    branch: str
    name: str
    arrival: str
    deadline: str
    crates: int
    km_from_previous: float


class Route(BaseModel):
    vehicle: str
    wave: str = ""
    vehicle_name: str
    departure: str
    back_at_bakery: str
    km: float
    crates: int
    capacity: int
    stops: list[RouteStop]


class RoutePlan(BaseModel):
    """Result of the tour planning; `unserved` lists branches no tour reaches in time."""

    status: RouteStatus
    day: str = ""
    total_km: float
    routes: list[Route]
    unserved: list[str] = Field(default_factory=list)
    solve_time_s: float = 0.0
    method: str = "ortools-routing"

    def cli_dict(self) -> dict[str, Any]:
        """The JSON shape of `synerki plan routes --json`."""
        return {
            "status": self.status,
            "total_km": self.total_km,
            "routes": [
                {
                    "vehicle": r.vehicle,
                    "km": r.km,
                    "stops": [{"branch": s.branch, "arrival": s.arrival, "deadline": s.deadline} for s in r.stops],
                }
                for r in self.routes
            ],
        }


class Instance:
    """Precomputed distances (km) and per-vehicle travel minutes of one routing problem."""

    def __init__(self, depot: tuple[float, float], stops: list[Stop], vehicles: list[Vehicle]) -> None:
        self.stops, self.vehicles = stops, vehicles
        points = [depot] + [(s.lat, s.lon) for s in stops]
        self.km = [[distance_km(p, q) if i != j else 0.0 for j, q in enumerate(points)] for i, p in enumerate(points)]
        self.travel = [[[math.ceil(d / v.avg_speed_kmh * 60) for d in row] for row in self.km] for v in vehicles]
        self.latest = [0] + [s.opening_min - SERVICE_MIN for s in stops]
        self.earliest_dep = [hhmm_to_min(v.departure_earliest) for v in vehicles]

    def latest_departure(self, v: int, seq: list[int]) -> int | None:
        """Latest departure of vehicle v for node sequence seq (1-based nodes), None if infeasible."""
        offset, prev, best = 0, 0, 10**9
        for node in seq:
            offset += self.travel[v][prev][node] + (SERVICE_MIN if prev else 0)
            best = min(best, self.latest[node] - offset)
            prev = node
        return best if best >= self.earliest_dep[v] else None

    def tour_km(self, seq: list[int]) -> float:
        """Km of depot -> seq -> depot."""
        nodes = [0] + seq + [0]
        return sum(self.km[a][b] for a, b in zip(nodes, nodes[1:]))

    def build_plan(self, tours: list[list[int]], unserved: list[int], seconds: float, method: str) -> RoutePlan:
        """Turn node sequences per vehicle into the reported plan (times, km, crates)."""
        routes: list[Route] = []
        for v, seq in enumerate(tours):
            if not seq:
                continue
            vehicle = self.vehicles[v]
            dep = self.latest_departure(v, seq)
            dep = self.earliest_dep[v] if dep is None else dep
            t, prev, stops = dep, 0, []
            for node in seq:
                t += self.travel[v][prev][node] + (SERVICE_MIN if prev else 0)
                s = self.stops[node - 1]
                stops.append(
                    RouteStop(
                        branch=s.id,
                        name=s.name,
                        arrival=min_to_hhmm(t),
                        deadline=min_to_hhmm(s.opening_min),
                        crates=s.crates,
                        km_from_previous=round(self.km[prev][node], 1),
                    )
                )
                prev = node
            back = t + SERVICE_MIN + self.travel[v][prev][0]
            routes.append(
                Route(
                    vehicle=vehicle.id,
                    vehicle_name=vehicle.name,
                    departure=min_to_hhmm(dep),
                    back_at_bakery=min_to_hhmm(back),
                    km=round(self.tour_km(seq), 1),
                    crates=sum(self.stops[n - 1].crates for n in seq),
                    capacity=vehicle.crates,
                    stops=stops,
                )
            )
        return RoutePlan(
            status=route_status(unserved, routes),
            total_km=round(sum(r.km for r in routes), 1),
            routes=routes,
            unserved=[self.stops[n - 1].id for n in unserved],
            solve_time_s=round(seconds, 3),
            method=method,
        )


def route_status(unserved: list[int] | list[str], routes: list[Route]) -> RouteStatus:
    """infeasible when a branch is unserved, else feasible when there is a tour, else empty."""
    return "infeasible" if unserved else ("feasible" if routes else "empty")
