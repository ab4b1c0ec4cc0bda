"""The firm's AI use-case backlog: catalogue use cases scored on value, feasibility and fit, with pilot plans.

Score (0–100) = 100 × (0.45 × v + 0.30 × (feasibility − 1)/4 + 0.25 × (fit − 1)/4), where v = √(value / the
largest value among the firm's candidates). Value = hours per year the use case saves in the processes it serves
(hours per week × the catalogue's assumed saving share × 46 weeks, ×1.5 for a process with a pain the use case
relieves) in euros at an hourly rate. Feasibility (1–5) = half readiness (levels missing in the dimensions the use
case needs), half data (does a served process keep its data where the use case needs it), minus effort.
Fit (1–5) = keyword match of the firm's goals against the use case's keywords and value drivers.
A value that rests only on assumed (trade-default) hours counts 60 % in the score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from math import sqrt
from typing import Literal

import yaml
from pydantic import BaseModel, Field

from tools.format_de import num
from tools.readiness.bank import DATA_DIR
from tools.readiness.mapper import normalize
from tools.readiness.processes import DataSource, Pain, Process, ProcessMap

Effort = Literal["gering", "mittel", "hoch"]
Role = Literal["Inhaber/in", "Mitarbeitende", "Dienstleister/Lab"]
HOURLY_RATE_EUR = 35.0  # assumed loaded cost of one working hour in a small firm of the region (answer overrides)
WEEKS_PER_YEAR = 46  # working weeks after holidays and leave
PAIN_BONUS = 1.5  # a served process that has a pain the use case relieves saves this much more
W_VALUE, W_FEAS, W_FIT = 0.45, 0.30, 0.25
EFFORT_PENALTY: dict[str, float] = {"gering": 0.0, "mittel": 0.5, "hoch": 1.0}
PILOT_WEEKS: dict[str, int] = {"gering": 4, "mittel": 6, "hoch": 8}
QUICK_WIN_VALUE_SHARE = 0.3  # "high value": at least this share of the firm's most valuable candidate
QUICK_WIN_FEASIBILITY = 3.0
ASSUMED_VALUE_WEIGHT = 0.6  # hours the firm did not state are a guess: they weigh less against its goals
GOAL_WEIGHTS = (1.0, 0.85, 0.7)  # the firm's first goal counts most
# value drivers and the word stems (normalised, no umlauts) by which a goal names them
DRIVERS: dict[str, tuple[str, ...]] = {
    "zeit": ("zeit", "schneller", "buero", "routine", "papier", "aufwand", "entlast", "automatis"),
    "abfall": ("retoure", "abfall", "abschrift", "verschwend", "wegwerf", "ueberproduktion", "reste"),
    "personal": ("personal", "mitarbeit", "fachkraft", "fachkraefte", "azubi", "nachwuchs", "schicht", "dienstplan"),
    "umsatz": ("umsatz", "verkauf", "neukunden", "wachstum", "auslastung", "marketing", "vermarkt"),
    "kosten": ("kosten", "sparen", "energie", "material", "kilometer", "einkauf", "guenstig"),
    "liquiditaet": ("liquiditaet", "geld", "zahlung", "finanz", "konto", "rechnung"),
    "qualitaet": ("qualitaet", "fehler", "reklamation", "hygiene", "gesundheit", "sicher", "frist"),
    "service": ("kunde", "anfrage", "erreichbar", "antwort", "gaeste", "service", "beraten"),
    "planung": ("plan", "termin", "steuer", "prognose", "vorher", "auslast", "organis"),
}
DRIVER_TITLES: dict[str, str] = {
    "zeit": "Zeit",
    "abfall": "weniger Abfall/Retouren",
    "personal": "Personal",
    "umsatz": "Umsatz",
    "kosten": "Kosten",
    "liquiditaet": "Liquidität",
    "qualitaet": "Qualität",
    "service": "Kundenservice",
    "planung": "Planung",
}


class CatalogUseCase(BaseModel):
    """One entry of `data/usecases.yaml` (see the field notes at its top)."""

    id: str
    title: str
    trades: list[str]
    processes: list[str]
    drivers: list[str] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    pains: list[Pain] = Field(default_factory=list)
    data: list[DataSource] = Field(default_factory=list)
    data_text: str
    saving: float = Field(gt=0, le=1)
    value: int = Field(ge=1, le=5)
    needs: dict[str, int]
    effort: Effort
    tools: list[str]
    risk: Literal["minimal", "begrenzt", "hoch"]
    duties: str
    kpi: str
    measure: str
    demonstrator: str | None = None
    try_: str | None = Field(default=None, alias="try")


class PilotStep(BaseModel):
    week: str
    role: Role
    action: str


class Pilot(BaseModel):
    """A 4–8 week pilot for a quick win, with a KPI measured against the firm's own baseline."""

    weeks: int = Field(ge=4, le=8)
    steps: list[PilotStep]
    kpi: str
    baseline: str
    baseline_hours_per_week: float
    target_hours_per_week: float
    decision: str


class BacklogItem(BaseModel):
    """A catalogue use case scored for one firm."""

    id: str
    title: str
    process: str = Field(description="title of the main process it serves ('' if none)")
    process_ids: list[str]
    value: float = Field(description="euros per year")
    hours_per_year: float
    feasibility: float
    fit: float
    score: int
    quick_win: bool
    reason: str
    pilot: Pilot | None = None
    effort: Effort
    risk: str
    duties: str
    kpi: str
    data_ready: bool
    assumed: bool = Field(description="value rests on assumed (trade-default) processes")
    demonstrator: str | None = None
    try_text: str | None = None


class Backlog(BaseModel):
    """The ranked backlog and the process map it was computed from."""

    items: list[BacklogItem]
    process_map: ProcessMap
    hourly_rate: float
    employees: int | None = None

    @property
    def quick_wins(self) -> list[BacklogItem]:
        return [u for u in self.items if u.quick_win]


@lru_cache(maxsize=1)
def load_catalog() -> tuple[CatalogUseCase, ...]:
    """The use-case catalogue from `data/usecases.yaml`."""
    raw = yaml.safe_load((DATA_DIR / "usecases.yaml").read_text(encoding="utf-8"))
    return tuple(CatalogUseCase.model_validate(x) for x in raw)


def serves(uc: CatalogUseCase, p: Process) -> bool:
    """True when one of the use case's process stems occurs in the process's normalised id or title."""
    text = normalize(f"{p.id.replace('_', ' ')} {p.title}")
    return any(stem in text for stem in uc.processes)


def size_factor(employees: int | None) -> float:
    """Scale for assumed hours: the trade defaults describe a firm of about ten people."""
    return 1.0 if not employees else min(5.0, max(0.3, employees / 10))


def process_hours(p: Process, employees: int | None, defaults: dict[str, Process]) -> float:
    """Hours per week of a process: the firm's answer, else the trade default scaled to the firm's size."""
    if p.hours_per_week is not None and not p.assumed:
        return p.hours_per_week
    base = (
        p.hours_per_week if p.hours_per_week is not None else (defaults[p.id].hours_per_week if p.id in defaults else 0)
    )
    return (base or 0.0) * size_factor(employees)


def saved_hours_per_week(uc: CatalogUseCase, served: list[tuple[Process, float]]) -> float:
    """Hours per week the use case saves: served hours × saving share, ×PAIN_BONUS where a pain matches."""
    return sum(h * uc.saving * (PAIN_BONUS if set(p.pains) & set(uc.pains) else 1.0) for p, h in served)


def readiness_part(uc: CatalogUseCase, scores: dict[str, float | None]) -> float:
    """0–1: one minus 0.3 per maturity level missing in the dimensions the use case needs."""
    missing = sum(max(0.0, n - (scores.get(d) or 1.0)) for d, n in uc.needs.items())
    return max(0.0, 1.0 - 0.3 * missing)


def data_part(uc: CatalogUseCase, served: list[Process]) -> float:
    """0–1: 1 when no data is needed or a served process keeps it where needed; 0.5 unknown; 0.2 wrong form."""
    if not uc.data:
        return 1.0
    have = {d for p in served for d in p.data}
    if have & set(uc.data):
        return 1.0
    return 0.5 if have <= {"unbekannt"} else 0.2


def feasibility(uc: CatalogUseCase, scores: dict[str, float | None], served: list[Process]) -> float:
    """1–5 from readiness and data availability, minus the effort."""
    f = 1 + 4 * (0.5 * readiness_part(uc, scores) + 0.5 * data_part(uc, served)) - EFFORT_PENALTY[uc.effort]
    return round(min(5.0, max(1.0, f)), 2)


def _names(goal: str, stems: Iterable[str]) -> bool:
    """True when a word of the goal starts with one of the stems ('tour' not inside 'retouren')."""
    return any(re.search(rf"\b{re.escape(normalize(k))}", goal) for k in stems)


def goal_match(uc: CatalogUseCase, goal: str) -> float:
    """0–1: 1 for one of the use case's keywords in the goal, 0.8 its main driver, 0.5 another driver."""
    g = normalize(goal)
    if _names(g, uc.keywords):
        return 1.0
    if _names(g, DRIVERS[uc.drivers[0]]):
        return 0.8
    return 0.5 if _names(g, (k for d in uc.drivers[1:] for k in DRIVERS[d])) else 0.0


def fit(uc: CatalogUseCase, goals: list[str], trade: str) -> tuple[float, str | None]:
    """1–5 from the best-matching goal (earlier goals weigh more) plus 0.5 for a trade-specific use case."""
    specific = 0.5 if trade in uc.trades else 0.0
    best, best_goal = 0.0, None
    for w, goal in zip(GOAL_WEIGHTS, goals, strict=False):
        raw = goal_match(uc, goal)
        if w * raw > best:
            best, best_goal = w * raw, (goal if raw >= 0.8 else None)  # only a clear match is named
    if not goals:
        return 2.5 + specific, None
    return round(min(5.0, 1 + 3.5 * best + specific), 2), best_goal


def score(value_share: float, feas: float, fit_: float, assumed: bool = False) -> int:
    """0–100 from value (share of the firm's largest, 0–1), feasibility and fit (1–5 each).

    A value resting only on assumed (trade-default) hours counts ASSUMED_VALUE_WEIGHT of its share."""
    v = sqrt(max(0.0, min(1.0, value_share))) * (ASSUMED_VALUE_WEIGHT if assumed else 1.0)
    return round(100 * (W_VALUE * v + W_FEAS * (feas - 1) / 4 + W_FIT * (fit_ - 1) / 4))


def is_quick_win(value_share: float, effort: str, data_ready: bool, feas: float) -> bool:
    """High value (≥ 30 % of the firm's best), low effort, data already there, feasible (≥ 3)."""
    return value_share >= QUICK_WIN_VALUE_SHARE and effort == "gering" and data_ready and feas >= QUICK_WIN_FEASIBILITY


def _hours(x: float) -> str:
    return num(x, 1 if x < 10 else 0)


def _week_hours(x: float) -> str:
    """Hours per week as the map's table shows them ("10,5", "6"), so the figures match (trial 21)."""
    return num(x, 1, trim=True)


def build_pilot(uc: CatalogUseCase, process: Process, base_hours: float) -> Pilot:
    """Pilot plan: weeks from the effort, steps per role, KPI with the firm's baseline, stop/scale point."""
    weeks = PILOT_WEEKS[uc.effort]
    source = _source(process, base_hours).replace("angenommen", "angenommen für Ihre Branche", 1)
    target = max(0.0, base_hours - saved_hours_per_week(uc, [(process, base_hours)]))
    use_weeks = "3" if weeks == 4 else f"3–{weeks - 1}"
    steps = [
        PilotStep(
            week="1", role="Inhaber/in", action=f"Ziel festlegen ({uc.kpi}) und Ausgangswert erfassen: {uc.measure}"
        ),
        PilotStep(
            week="1–2",
            role="Dienstleister/Lab",
            action=f"Werkzeug auswählen und einrichten ({uc.tools[0]}), Auftragsverarbeitungsvertrag prüfen",
        ),
        PilotStep(
            week="2",
            role="Mitarbeitende",
            action=f"Kurzschulung zur KI-Kompetenz (Art. 4 AI Act); Daten bereitstellen: {uc.data_text}",
        ),
        PilotStep(
            week=use_weeks,
            role="Mitarbeitende",
            action=f"im Alltag in „{process.title}“ nutzen, Zeitaufwand und Probleme je Woche notieren",
        ),
        PilotStep(week=str(weeks), role="Inhaber/in", action="Ergebnis gegen den Ausgangswert messen und entscheiden"),
    ]
    decision = (
        f"Nach Woche {weeks}: ausweiten, wenn „{process.title}“ höchstens {_hours(target)} Std. pro Woche braucht "
        f"(heute {_hours(base_hours)}) oder „{uc.kpi}“ erreicht ist; sonst stoppen oder mit dem Dienstleister anpassen."
    )
    return Pilot(
        weeks=weeks,
        steps=steps,
        kpi=uc.kpi,
        baseline=f"{_hours(base_hours)} Std. pro Woche in „{process.title}“ ({source})",
        baseline_hours_per_week=round(base_hours, 1),
        target_hours_per_week=round(target, 1),
        decision=decision,
    )


def pilot_complete(p: Pilot | None) -> bool:
    """4–8 weeks, all three roles with a step, a baseline above zero, a target below it and a decision point."""
    if p is None:
        return False
    roles = {s.role for s in p.steps}
    return (
        4 <= p.weeks <= 8
        and roles == {"Inhaber/in", "Mitarbeitende", "Dienstleister/Lab"}
        and p.baseline_hours_per_week > 0
        and p.target_hours_per_week < p.baseline_hours_per_week
        and bool(p.kpi and p.decision)
    )


def _source(p: Process, hours: float) -> str:
    """Where a process's hours come from: the firm's answer, the trade's typical value, or that value scaled to
    the firm's size (then the map's figure is named, so the visitor finds the number of the map's table)."""
    if not p.assumed:
        return "Ihre Angabe"
    if p.hours_per_week is not None and abs(hours - p.hours_per_week) >= 0.05:
        return f"angenommen: {_hours(p.hours_per_week)} typisch, auf Ihre Betriebsgröße umgerechnet"
    return "angenommen"


def reason(
    uc: CatalogUseCase,
    served: list[tuple[Process, float]],
    saved_year: float,
    rate: float,
    goal: str | None,
    pain: bool = False,
    goal_assumed: bool = False,
) -> str:
    """One German sentence: where the value comes from (each served process with its own hours and their source,
    so every figure matches the map's table), and the goal it serves."""
    parts = [(p, h) for p, h in sorted(served, key=lambda x: -x[1]) if h > 0]
    if not parts or saved_year <= 0:
        head = "Kein passender Prozess in Ihrer Prozesslandkarte, daher kein berechneter Nutzen"
    else:
        named = [f"„{p.title}“ ({_week_hours(h)} Std./Woche, {_source(p, h)})" for p, h in parts]
        where = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " und " + named[-1]
        total = f"{_week_hours(sum(h for _, h in parts))} Std./Woche × " if len(parts) > 1 else ""
        head = (
            f"Spart rund {_hours(saved_year)} Std. im Jahr (≈ {num(saved_year * rate, 0)} €) in {where} – "
            f"{total}{num(uc.saving * 100, 0)} % Ersparnis (Annahme) × "
            f"{WEEKS_PER_YEAR} Wochen{' × 1,5 für Ihren Schmerzpunkt dort' if pain else ''}"
        )
    tail = f", passt zu {'dem angenommenen' if goal_assumed else 'Ihrem'} Ziel „{goal}“" if goal else ""
    return f"{head}{tail}."


def resolve_map(trade: str, processes: list[Process] | None = None, goals: list[str] | None = None) -> ProcessMap:
    """The firm's own processes and goals where given, else the trade's assumed defaults (marked as such)."""
    from tools.readiness.process_defaults import default_map

    defaults = default_map(trade)
    return ProcessMap(
        trade=defaults.trade,
        processes=list(processes) if processes else defaults.processes,
        goals=list(goals)[:3] if goals else defaults.goals,
        goals_assumed=not goals,
    )


def build_backlog(
    pmap: ProcessMap,
    scores: dict[str, float | None],
    employees: int | None = None,
    hourly_rate: float = HOURLY_RATE_EUR,
) -> Backlog:
    """Score every catalogue use case of the trade (or serving one of its processes) and rank them by score."""
    from tools.readiness.process_defaults import default_map

    defaults = {p.id: p for p in default_map(pmap.trade).processes}
    rows = []
    for uc in load_catalog():
        if pmap.trade not in uc.trades and "*" not in uc.trades:
            continue  # another trade's use case
        served = [(p, process_hours(p, employees, defaults)) for p in pmap.processes if serves(uc, p)]
        saved_year = saved_hours_per_week(uc, served) * WEEKS_PER_YEAR
        rows.append((uc, served, saved_year))
    best = max((s for _, _, s in rows), default=0.0) or 1.0
    items = [_item(uc, served, saved, best, pmap, scores, hourly_rate) for uc, served, saved in rows]
    items.sort(key=lambda u: (-u.score, -u.value, u.id))
    return Backlog(items=items, process_map=pmap, hourly_rate=hourly_rate, employees=employees)


def _item(
    uc: CatalogUseCase,
    served: list[tuple[Process, float]],
    saved_year: float,
    best: float,
    pmap: ProcessMap,
    scores: dict[str, float | None],
    rate: float,
) -> BacklogItem:
    """One scored backlog entry (with a pilot when it is a quick win)."""
    procs = [p for p, _ in served]
    main = max(served, key=lambda x: x[1], default=None)
    feas = feasibility(uc, scores, procs)
    fit_, goal = fit(uc, pmap.goals, pmap.trade)
    share = saved_year / best
    ready = data_part(uc, procs) == 1.0
    quick = saved_year > 0 and is_quick_win(share, uc.effort, ready, feas)
    pain = any(set(p.pains) & set(uc.pains) for p in procs)
    value_assumed = bool(procs) and all(p.assumed for p in procs)
    pilot = build_pilot(uc, main[0], main[1]) if quick and main else None
    return BacklogItem(
        id=uc.id,
        title=uc.title,
        process=main[0].title if main else "",
        process_ids=[p.id for p in procs],
        value=round(saved_year * rate, 0),
        hours_per_year=round(saved_year, 1),
        feasibility=feas,
        fit=fit_,
        score=score(share, feas, fit_, value_assumed),
        quick_win=quick,
        reason=reason(uc, served, saved_year, rate, goal, pain, pmap.goals_assumed),
        pilot=pilot,
        effort=uc.effort,
        risk=uc.risk,
        duties=uc.duties,
        kpi=uc.kpi,
        data_ready=ready,
        assumed=any(p.assumed for p in procs) or (pmap.goals_assumed and goal is not None),
        demonstrator=uc.demonstrator,
        try_text=uc.try_,
    )


def backlog_for(
    trade: str | None,
    scores: dict[str, float | None],
    employees: int | None = None,
    processes: list[Process] | None = None,
    goals: list[str] | None = None,
    hourly_rate: float | None = None,
) -> Backlog:
    """The backlog of a firm from its interview scores and (optionally) its own processes and goals."""
    pmap = resolve_map(trade or "sonstige", processes, goals)
    return build_backlog(pmap, scores, employees, hourly_rate or HOURLY_RATE_EUR)


def use_cases_json(backlog: Backlog, limit: int | None = None) -> list[dict[str, object]]:
    """The CLI's `use_cases`: id, title, process, value, feasibility, fit, score, quick_win, reason, pilot."""
    keys = {"id", "title", "process", "value", "feasibility", "fit", "score", "quick_win", "reason", "pilot"}
    keys |= {"hours_per_year", "assumed", "demonstrator"}
    return [u.model_dump(mode="json", include=keys) for u in backlog.items[:limit]]


def processes_json(pmap: ProcessMap) -> list[dict[str, object]]:
    """The CLI's `processes`: each process with its hours, pains, data and the `assumed` mark."""
    return [p.model_dump(mode="json") for p in pmap.processes]
