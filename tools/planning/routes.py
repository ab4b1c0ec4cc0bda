"""Delivery tours with OR-Tools routing: crate capacity, arrival before opening, minimal km.

Every tour starts and ends at the Backstube; each branch is visited once by one vehicle.
Unloading takes SERVICE_MIN minutes and must be finished by opening time. A vehicle leaves
as late as its tour allows (fresh goods, more oven time), never before its earliest departure.
"""

from __future__ import annotations

import time as clock

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from tools.company.models import Vehicle
from tools.planning.exact import exact_routes
from tools.planning.tours import SERVICE_MIN, Instance, RoutePlan, Stop

DROP_PENALTY_M = 10_000_000  # cost of leaving a branch unserved (metres), far above any tour
SOLUTION_LIMIT = 300  # deterministic stop for the local search; the time limit is only a safety cap
FIRST_SOLUTIONS = ("PARALLEL_CHEAPEST_INSERTION", "LOCAL_CHEAPEST_INSERTION", "PATH_CHEAPEST_ARC", "SAVINGS")
DESCENT_MAX_STOPS = 15  # up to here: greedy descent to a local optimum (terminates, deterministic)
EXACT_MAX_STOPS = 9  # below this, a tour plan that leaves branches out is checked by exhaustive search


def solve_routes(
    depot: tuple[float, float],
    stops: list[Stop],
    vehicles: list[Vehicle],
    time_limit_s: float = 5.0,
    exact_fallback: bool = True,
) -> RoutePlan:
    """Minimise total km with OR-Tools: several first-solution strategies, each improved by local
    search (greedy descent on small instances, guided local search with a time limit on large ones);
    the best (fewest unserved, then km) wins.
    If branches stay unserved on a small instance, exhaustive search decides whether all fit."""
    started = clock.perf_counter()
    inst = Instance(depot, stops, vehicles)
    if not stops:
        return inst.build_plan([], [], 0.0, "ortools-routing")
    runs: list[tuple[tuple[int, float], list[list[int]], list[int]]] = []
    for name in FIRST_SOLUTIONS:
        tours, unserved = _solve_once(
            inst, getattr(routing_enums_pb2.FirstSolutionStrategy, name), time_limit_s / len(FIRST_SOLUTIONS)
        )
        runs.append(((len(unserved), round(sum(inst.tour_km(t) for t in tours if t), 6)), tours, unserved))
    _, tours, unserved = min(runs, key=lambda run: run[0])  # the first of the best
    if unserved and exact_fallback and len(stops) <= EXACT_MAX_STOPS:
        exact = exact_routes(depot, stops, vehicles)
        if exact.status == "feasible":
            exact.solve_time_s = round(clock.perf_counter() - started, 3)
            exact.method = "ortools-routing+brute-force"
            return exact
    return inst.build_plan(tours, unserved, clock.perf_counter() - started, "ortools-routing")


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
    routing.AddDimensionWithVehicleTransits(
        [time_cb_for(v) for v in range(len(vehicles))], horizon, horizon, False, "time"
    )
    tdim = routing.GetDimensionOrDie("time")
    for node in range(1, n):
        tdim.CumulVar(manager.NodeToIndex(node)).SetRange(0, max(0, inst.latest[node]))
        routing.AddDisjunction([manager.NodeToIndex(node)], DROP_PENALTY_M)
    for v in range(len(vehicles)):
        tdim.CumulVar(routing.Start(v)).SetRange(inst.earliest_dep[v], horizon)
        routing.AddVariableMaximizedByFinalizer(tdim.CumulVar(routing.Start(v)))

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = strategy
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
        if len(stops) <= DESCENT_MAX_STOPS
        else routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
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
            options = [
                node
                for node in left
                if load + stops[node - 1].crates <= vehicle.crates
                and inst.latest_departure(v, seq + [node]) is not None
            ]
            if not options:
                break
            node = min(options, key=lambda k: (inst.km[prev][k], k))
            seq.append(node)
            left.discard(node)
            load += stops[node - 1].crates
            prev = node
        tours.append(seq)
    return inst.build_plan(tours, sorted(left), clock.perf_counter() - started, "nearest-neighbour")
