"""`python -m evals.speed [--quick] [--runs N]`: CPU and wall seconds of typical turns against the budgets.

cold = a new process (`python -m app.cli …`), stored router and warm embedding cache;
warm = turns in one process after a first warm-up turn (p50/p95 over `--runs`);
many users = 20 conversations × 3 turns submitted at once to a thread pool of the size the web app gets
(asyncio.to_thread: min(32, CPUs + 4)), each next turn submitted when its previous one answered;
the same 60 turns one after another for comparison. Latency is measured from submission (queueing included).
per tool = the first answer of each owner tool: cold (a new `python -m app.cli chat` process answering the turns;
a follow-up's figure includes the turn before it) and warm (the first time the tool answers in a warmed-up process,
then once more in a new conversation); the budget applies to CPU seconds.
Uses SYNERKI_VAR_DIR (default var/) and SYNERKI_TODAY (default 2026-11-25); demo data is generated if missing.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

os.environ.setdefault("SYNERKI_TODAY", "2026-11-25")
for _k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "YOLO_OFFLINE"):
    os.environ.setdefault(_k, "1")

ROUTE_TEXT = "Wie viele Brötchen morgen in Stendal?"
HELP_TEXT = "Was kannst du alles?"
HANDBOOK_TEXT = "Wie viele Urlaubstage habe ich im Jahr?"
INVEST_TEXT = "Lohnt sich ein neuer Ofen für 48.000 €, der jährlich 9.000 € spart?"
FORECAST_TEXT = "Wie viele Roggenbrote verkaufen wir morgen in Gardelegen?"
OVERVIEW_TEXT = "Gib mir einen Gesamtüberblick für nächste Woche"
ROUTING_TEXTS = [
    ROUTE_TEXT,
    HELP_TEXT,
    HANDBOOK_TEXT,
    INVEST_TEXT,
    FORECAST_TEXT,
    OVERVIEW_TEXT,
    "Wie sieht die Liquidität im Dezember aus?",
    "Plane die Öfen für morgen",
]
# the mix of the many-users run: cheap and cached tools as real users would ask them
CONVERSATION = [
    [HELP_TEXT, FORECAST_TEXT, HANDBOOK_TEXT],
    [INVEST_TEXT, HANDBOOK_TEXT, FORECAST_TEXT],
    [FORECAST_TEXT, INVEST_TEXT, HELP_TEXT],
    ["Hallo!", HANDBOOK_TEXT, INVEST_TEXT],
]
# the first answer of each owner tool: (name, turns (the last one is measured), tool expected, cold budget, warm budget)
TOOL_TURNS: list[tuple[str, list[str], str, float, float]] = [
    ("Prognose 1 Artikel×Filiale", [FORECAST_TEXT], "forecast", 6.0, 1.0),
    (
        "Produktionsplan 1 Artikel×Filiale",
        ["Wie viele Schrippen backen wir morgen in Stendal?"],
        "production_plan",
        7.0,
        1.5,
    ),
    ("Produktionsplan alle", ["Was sollen wir morgen backen?"], "production_plan", 7.0, 2.0),
    ("Ofenplan", ["Plane die Öfen für morgen"], "oven_schedule", 7.0, 1.5),
    ("Lieferrouten", ["Plane die Lieferrouten für morgen"], "delivery_routes", 7.0, 1.5),
    ("Retouren", ["Welche Filiale hat die meisten Retouren?"], "production_plan", 6.0, 1.0),
    ("Budget", ["Wie sieht das Budget für nächstes Jahr aus?"], "budget_forecast", 6.0, 1.0),
    ("Liquidität", ["Wie sieht die Liquidität im Dezember aus?"], "liquidity", 6.0, 1.0),
    ("Wie sicher? nach Prognose", [FORECAST_TEXT, "Wie sicher ist das?"], "forecast", 6.0, 1.0),
    ("Wie sicher? nach Prognose, Rückblick neu", [FORECAST_TEXT, "Wie sicher ist das?"], "forecast", 9.0, 4.0),
    (
        "Wie sicher? nach Plan",
        ["Wie viele Schrippen backen wir morgen in Stendal?", "Wie sicher ist das?"],
        "production_plan",
        7.0,
        1.5,
    ),
]


def _forget_backtest() -> None:
    """Drop the stored back-test of FORECAST_TEXT's series: „Wie sicher?“ about a series not stored ahead."""
    from tools.forecast.accuracy import BACKTEST_ARTEFACT, backtest_inputs
    from tools.forecast.api import demo_inputs

    BACKTEST_ARTEFACT.path(backtest_inputs("gardelegen/roggenbrot", demo_inputs()[2])).unlink(missing_ok=True)


# what is undone before each measurement of a row (the first answer of something not stored ahead)
FORGET: dict[str, Callable[[], None]] = {"Wie sicher? nach Prognose, Rückblick neu": _forget_backtest}


@dataclass
class Row:
    """One measured figure and its budget (seconds)."""

    name: str
    cpu: list[float]
    wall: list[float]
    budget: float
    judged: str  # "cpu" or "wall": which figure the budget applies to

    def p(self, values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]

    def line(self) -> str:
        figure = self.p(self.cpu if self.judged == "cpu" else self.wall, 0.95)
        ok = "ok" if figure <= self.budget else "ÜBER BUDGET"
        return (
            f"{self.name:<34} {len(self.wall):>3} {self.p(self.cpu, 0.5):>7.2f} {self.p(self.cpu, 0.95):>7.2f} "
            f"{self.p(self.wall, 0.5):>7.2f} {self.p(self.wall, 0.95):>7.2f}   ≤ {self.budget:>4.0f} s {self.judged:<4} {ok}"
        )


def _cold(args: list[str]) -> tuple[float, float]:
    """(CPU s, wall s) of one new `python -m app.cli …` process, children included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app.cli", *args], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def _cold_chat(turns: list[str]) -> float:
    """CPU s of one new `python -m app.cli chat --role owner` process answering these turns."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = "".join(f"{t}\n" for t in turns) + "exit\n"
    cmd = [sys.executable, "-m", "app.cli", "chat", "--role", "owner"]
    subprocess.run(cmd, input=text, text=True, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _warm_turns(name: str, turns: list[str], tool: str) -> float:
    """CPU s of the last turn in a new conversation of this process (the turns before it are not counted)."""
    thread = f"tool-{uuid.uuid4().hex[:8]}"
    for text in turns[:-1]:
        _ask(text, thread)
    FORGET.get(name, lambda: None)()
    c = _cpu()
    result = _ask(turns[-1], thread)
    spent = _cpu() - c
    answered = getattr(result, "tool", None)
    if answered != tool:
        print(f"  Achtung: {turns[-1]!r} beantwortete {answered!r}, erwartet {tool!r}", flush=True)
    return spent


def _cold_first(name: str, turns: list[str]) -> float:
    FORGET.get(name, lambda: None)()
    return _cold_chat(turns)


def _per_tool(runs_cold: int, cold: bool, only: str | None = None) -> None:
    """The table of first answers per owner tool: cold and warm CPU seconds against their budgets."""
    rows = [r for r in TOOL_TURNS if only is None or only in r[0]]
    cold_cpu: dict[str, float] = {}
    if cold:
        for name, turns, _, _, _ in rows:
            cold_cpu[name] = min(_cold_first(name, turns) for _ in range(runs_cold))
            print(f"  kalt {name}: {cold_cpu[name]:.2f} CPU-s", flush=True)
    _ask(HELP_TEXT)  # the process's own warm-up, as the web app does
    from tools.precompute import warm_imports

    warm_imports()
    first = {name: _warm_turns(name, turns, tool) for name, turns, tool, _, _ in rows}
    again = {name: _warm_turns(name, turns, tool) for name, turns, tool, _, _ in rows}
    print(
        f"\n{'Erste Antwort je Werkzeug (CPU-s)':<36} {'kalt':>6} {'Budget':>6} {'warm':>6} {'nochmal':>7} {'Budget':>6}"
    )
    for name, _, _, cold_budget, warm_budget in rows:
        c = cold_cpu.get(name)
        over = (c is not None and c > cold_budget) or first[name] > warm_budget
        cold_txt = f"{c:>6.2f}" if c is not None else f"{'–':>6}"
        print(
            f"{name:<36} {cold_txt} {cold_budget:>6.1f} {first[name]:>6.2f} {again[name]:>7.2f} {warm_budget:>6.1f}"
            f"  {'ÜBER BUDGET' if over else 'ok'}",
            flush=True,
        )


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Prophet's Stan fits run as subprocesses)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _warm(fn: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    cpu, wall = [], []
    for _ in range(runs):
        c, t = _cpu(), time.perf_counter()
        fn()
        cpu.append(_cpu() - c)
        wall.append(time.perf_counter() - t)
    return cpu, wall


def _ask(text: str, thread: str | None = None) -> object:
    from agents.service import ask

    return ask(text, role="owner", thread_id=thread or f"speed-{uuid.uuid4().hex[:8]}", user="speed")


def _forget_forecast(branch: str, product: str) -> None:
    """Drop the stored and memoised forecast of one product × branch, so the next question fits it afresh."""
    from tools.forecast import api
    from tools.settings import get_settings

    for key in [k for k in api._entries if branch in k and product in k]:
        api._entries.pop(key, None)
    for path in (get_settings().cache_dir / "forecast").glob(f"*{branch}*{product}*.pkl"):
        path.unlink(missing_ok=True)


def _fresh_forecast() -> object:
    _forget_forecast("gardelegen", "roggenbrot")
    return _ask(FORECAST_TEXT)


def _many_users(conversations: int, workers: int) -> tuple[float, list[float], float, list[float]]:
    """(total wall, per-turn latencies) for all conversations at once, then the same turns in sequence."""
    scripts = [CONVERSATION[i % len(CONVERSATION)] for i in range(conversations)]
    threads = [f"many-{i}-{uuid.uuid4().hex[:6]}" for i in range(conversations)]
    latencies: list[float] = []
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[object], tuple[int, int, float]] = {}
        for i, script in enumerate(scripts):
            pending[pool.submit(_ask, script[0], threads[i])] = (i, 0, time.perf_counter())
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i, turn, submitted = pending.pop(fut)
                fut.result()
                latencies.append(time.perf_counter() - submitted)
                if turn + 1 < len(scripts[i]):
                    nxt = pool.submit(_ask, scripts[i][turn + 1], threads[i])
                    pending[nxt] = (i, turn + 1, time.perf_counter())
    together = time.perf_counter() - started
    sequential: list[float] = []
    started = time.perf_counter()
    for i, script in enumerate(scripts):
        for text in script:
            t = time.perf_counter()
            _ask(text, f"seq-{i}-{threads[i]}")
            sequential.append(time.perf_counter() - t)
    return together, latencies, time.perf_counter() - started, sequential


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer runs, fewer conversations (a few minutes)")
    parser.add_argument("--runs", type=int, default=None, help="warm runs per figure (default 5, quick 3)")
    parser.add_argument("--skip-many", action="store_true", help="without the many-users run")
    parser.add_argument("--tools", action="store_true", help="only the table of first answers per owner tool")
    parser.add_argument("--no-cold", action="store_true", help="per tool: without the cold (new process) figures")
    parser.add_argument("--only", help="per tool: only the rows whose name contains this text")
    opts = parser.parse_args()
    runs = opts.runs or (3 if opts.quick else 5)

    from agents.nlu.router import train_router
    from tools.company.data import ensure_data
    from tools.rag import HANDBOOK_COLLECTION, HANDBOOK_DIR
    from tools.rag.store import ingest_paths

    t = time.perf_counter()
    ensure_data()
    train_router()  # stored from now on: the cold figures measure loading, not fitting
    ingest_paths([HANDBOOK_DIR], HANDBOOK_COLLECTION)  # as `synerki data generate` does: indexed before any question
    from tools.precompute import precompute

    precompute()  # likewise: models and plans a first question needs (stored; only what is missing is fitted)
    print(f"Vorbereitung (Daten, Router, Handbuch-Index): {time.perf_counter() - t:.1f} s")
    if opts.tools:
        _per_tool(1 if opts.quick else 2, not opts.no_cold, opts.only)
        return

    rows: list[Row] = []
    for name, args, budget in [
        ("kalt: route", ["route", ROUTE_TEXT], 3.0),
        ("kalt: ask Hilfe", ["ask", HELP_TEXT], 6.0),
        ("kalt: ask Handbuch", ["ask", HANDBOOK_TEXT], 6.0),
    ]:
        figures = [_cold(args) for _ in range(1 if opts.quick else 2)]
        rows.append(Row(name, [c for c, _ in figures], [w for _, w in figures], budget, "cpu"))
        print(rows[-1].line(), flush=True)

    from agents.llm_router import configured_router

    router = configured_router()
    _ask(HELP_TEXT)  # warm-up: graph, embedding engine, checkpointer
    from tools.precompute import warm_imports
    from tools.rag.qa import answer

    answer("Pausenregelung", HANDBOOK_COLLECTION)  # as the web app's warm-up thread does (app/chainlit_app.py)
    warm_imports()
    texts = iter(ROUTING_TEXTS * runs)
    warm: list[tuple[str, Callable[[], object], int, float]] = [
        ("warm: Routing", lambda: router.route(next(texts)), runs * 2, 1.0),
        ("warm: Handbuch", lambda: _ask(HANDBOOK_TEXT), runs, 1.0),
        ("warm: Investition", lambda: _ask(INVEST_TEXT), runs, 1.0),
        ("warm: Prognose (gespeichert)", lambda: _ask(FORECAST_TEXT), runs, 1.0),
        ("warm: Prognose neu (1 Artikel×Filiale)", _fresh_forecast, 1 if opts.quick else min(runs, 3), 10.0),
        ("warm: Gesamtüberblick", lambda: _ask(OVERVIEW_TEXT), 1 if opts.quick else 2, 20.0),
    ]
    for name, fn, n, budget in warm:
        if name.startswith("warm: Prognose (gespeichert)"):
            _ask(FORECAST_TEXT)  # the first one stores it
        cpu, wall = _warm(fn, n)
        rows.append(Row(name, cpu, wall, budget, "wall"))
        print(rows[-1].line(), flush=True)

    print(f"\n{'Messung':<34} {'n':>3} {'CPU p50':>7} {'CPU p95':>7} {'Wand50':>7} {'Wand95':>7}   Budget")
    for row in rows:
        print(row.line())
    _per_tool(1 if opts.quick else 2, not opts.no_cold, opts.only)

    if not opts.skip_many:
        conversations = 20
        workers = min(32, (os.cpu_count() or 1) + 4)
        together, lat, seq_total, seq = _many_users(conversations, workers)
        lat_row = Row("", [0.0], lat, 0, "wall")
        seq_row = Row("", [0.0], seq, 0, "wall")
        verdict = "ok" if together < seq_total else "NICHT schneller"
        print(f"\nViele Nutzer: {conversations} Gespräche × 3 Züge, Pool mit {workers} Threads")
        print(
            f"  gleichzeitig: gesamt {together:.1f} s, je Zug ab Absenden p50 {lat_row.p(lat, 0.5):.2f} s, "
            f"p95 {lat_row.p(lat, 0.95):.2f} s"
        )
        print(
            f"  nacheinander: gesamt {seq_total:.1f} s, je Zug p50 {seq_row.p(seq, 0.5):.2f} s, "
            f"p95 {seq_row.p(seq, 0.95):.2f} s"
        )
        print(f"  gleichzeitig schneller als nacheinander: {verdict}")


if __name__ == "__main__":
    main()
