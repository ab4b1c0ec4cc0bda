"""Delivery tours with OR-Tools routing: crate capacity, arrival before opening, minimal km.

Every tour starts and ends at the Backstube; each branch is visited once by one vehicle.
Unloading takes SERVICE_MIN minutes and must be finished by opening time. A vehicle leaves
as late as its tour allows (fresh goods, more oven time), never before its earliest departure.
"""
from __future__ import annotations

import math
import time as clock

from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from pydantic import BaseModel, Field

from tools.company.models import Vehicle
from tools.planning.common import hhmm_to_min, min_to_hhmm
from tools.planning.geo import distance_km

SERVICE_MIN = 10  # unloading at a branch
DROP_PENALTY_M = 10_000_000  # cost of leaving a branch unserved (metres), far above any tour
SOLUTION_LIMIT = 300  # deterministic stop for the local search; the time limit is only a safety cap


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

    status: str = Field(description="feasible | infeasible | empty")
    day: str = ""
    total_km: float
    routes: list[Route]
    unserved: list[str] = Field(default_factory=list)
    solve_time_s: float = 0.0
    method: str = "ortools-routing"

    def cli_dict(self) -> dict:
        """The JSON shape of `synerki plan routes --json`."""
        return {"status": self.status, "total_km": self.total_km,
                "routes": [{"vehicle": r.vehicle, "km": r.km,
                            "stops": [{"branch": s.branch, "arrival": s.arrival, "deadline": s.deadline}
                                      for s in r.stops]} for r in self.routes]}


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
                stops.append(RouteStop(branch=s.id, name=s.name, arrival=min_to_hhmm(t), deadline=min_to_hhmm(s.opening_min),
                                       crates=s.crates, km_from_previous=round(self.km[prev][node], 1)))
                prev = node
            back = t + SERVICE_MIN + self.travel[v][prev][0]
            routes.append(Route(vehicle=vehicle.id, vehicle_name=vehicle.name, departure=min_to_hhmm(dep),
                                back_at_bakery=min_to_hhmm(back), km=round(self.tour_km(seq), 1),
                                crates=sum(self.stops[n - 1].crates for n in seq), capacity=vehicle.crates, stops=stops))
        status = "infeasible" if unserved else ("feasible" if routes else "empty")
        return RoutePlan(status=status, total_km=round(sum(r.km for r in routes), 1), routes=routes,
                         unserved=[self.stops[n - 1].id for n in unserved], solve_time_s=round(seconds, 3), method=method)


FIRST_SOLUTIONS = ("PARALLEL_CHEAPEST_INSERTION", "LOCAL_CHEAPEST_INSERTION", "PATH_CHEAPEST_ARC", "SAVINGS")


DESCENT_MAX_STOPS = 15  # up to here: greedy descent to a local optimum (terminates, deterministic)
EXACT_MAX_STOPS = 9  # below this, a tour plan that leaves branches out is checked by exhaustive search


def solve_routes(depot: tuple[float, float], stops: list[Stop], vehicles: list[Vehicle],
                 time_limit_s: float = 5.0, exact_fallback: bool = True) -> RoutePlan:
    """Minimise total km with OR-Tools: several first-solution strategies, each improved by local
    search (greedy descent on small instances, guided local search with a time limit on large ones);
    the best (fewest unserved, then km) wins.
    If branches stay unserved on a small instance, exhaustive search decides whether all fit."""
    started = clock.perf_counter()
    inst = Instance(depot, stops, vehicles)
    if not stops:
        return inst.build_plan([], [], 0.0, "ortools-routing")
    best: tuple[tuple[int, float], list[list[int]], list[int]] | None = None
    for name in FIRST_SOLUTIONS:
        tours, unserved = _solve_once(inst, getattr(routing_enums_pb2.FirstSolutionStrategy, name),
                                      time_limit_s / len(FIRST_SOLUTIONS))
        key = (len(unserved), round(sum(inst.tour_km(t) for t in tours if t), 6))
        if best is None or key < best[0]:
            best = (key, tours, unserved)
    if best[2] and exact_fallback and len(stops) <= EXACT_MAX_STOPS:
        from tools.planning.exact import exact_routes

        exact = exact_routes(depot, stops, vehicles)
        if exact.status == "feasible":
            exact.solve_time_s = round(clock.perf_counter() - started, 3)
            exact.method = "ortools-routing+brute-force"
            return exact
    return inst.build_plan(best[1], best[2], clock.perf_counter() - started, "ortools-routing")


def _solve_once(inst: Instance, strategy: int, time_limit_s: float) -> tuple[list[list[int]], list[int]]:
    """One routing solve; returns node sequences per vehicle and unserved nodes."""
    stops, vehicles = inst.stops, inst.vehicles
    n = len(stops) + 1
    manager = pywrapcp.RoutingIndexManager(n, len(vehicles), 0)
    routing = pywrapcp.RoutingModel(manager)
    metres = [[int(round(d * 1000)) for d in row] for row in inst.km]

    def cost_cb(i: int, j: int) -> int:
        return metres[manager.IndexToNode(i)][manager.IndexToNode(j)]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(cost_cb))
    demand = [0] + [s.crates for s in stops]
    cap_cb = routing.RegisterUnaryTransitCallback(lambda i: demand[manager.IndexToNode(i)])
    routing.AddDimensionWithVehicleCapacity(cap_cb, 0, [v.crates for v in vehicles], True, "crates")

    def time_cb_for(v: int) -> int:
        def cb(i: int, j: int) -> int:
            a, b = manager.IndexToNode(i), manager.IndexToNode(j)
            return inst.travel[v][a][b] + (SERVICE_MIN if a else 0)
        return routing.RegisterTransitCallback(cb)

    horizon = 36 * 60
    routing.AddDimensionWithVehicleTransits([time_cb_for(v) for v in range(len(vehicles))], horizon, horizon, False, "time")
    tdim = routing.GetDimensionOrDie("time")
    for node in range(1, n):
        tdim.CumulVar(manager.NodeToIndex(node)).SetRange(0, max(0, inst.latest[node]))
        routing.AddDisjunction([manager.NodeToIndex(node)], DROP_PENALTY_M)
    for v in range(len(vehicles)):
        tdim.CumulVar(routing.Start(v)).SetRange(inst.earliest_dep[v], horizon)
        routing.AddVariableMaximizedByFinalizer(tdim.CumulVar(routing.Start(v)))

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = strategy
    params.local_search_metaheuristic = (routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
                                         if len(stops) <= DESCENT_MAX_STOPS else
                                         routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH)
    params.time_limit.FromMilliseconds(max(100, int(time_limit_s * 1000)))
    params.solution_limit = SOLUTION_LIMIT
    solution = routing.SolveWithParameters(params)
    tours: list[list[int]] = [[] for _ in vehicles]
    served: set[int] = set()
    if solution is not None:
        for v in range(len(vehicles)):
            index = solution.Value(routing.NextVar(routing.Start(v)))
            while not routing.IsEnd(index):
                node = manager.IndexToNode(index)
                tours[v].append(node)
                served.add(node)
                index = solution.Value(routing.NextVar(index))
    return tours, [node for node in range(1, n) if node not in served]


def nearest_neighbour_routes(depot: tuple[float, float], stops: list[Stop], vehicles: list[Vehicle]) -> RoutePlan:
    """Simple rule: each vehicle in turn drives to the nearest branch that still fits (crates, time)."""
    started = clock.perf_counter()
    inst = Instance(depot, stops, vehicles)
    left = set(range(1, len(stops) + 1))
    tours: list[list[int]] = []
    for v, vehicle in enumerate(vehicles):
        seq: list[int] = []
        load, prev = 0, 0
        while True:
            options = [node for node in left if load + stops[node - 1].crates <= vehicle.crates
                       and inst.latest_departure(v, seq + [node]) is not None]
            if not options:
                break
            node = min(options, key=lambda k: (inst.km[prev][k], k))
            seq.append(node)
            left.discard(node)
            load += stops[node - 1].crates
            prev = node
        tours.append(seq)
    return inst.build_plan(tours, sorted(left), clock.perf_counter() - started, "nearest-neighbour")
