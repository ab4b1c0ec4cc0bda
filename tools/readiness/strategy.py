"""Turn a readiness result into a concrete AI strategy: goals, ranked use cases, measures, roadmap, support."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import yaml
from pydantic import BaseModel, Field

from tools.format_de import num
from tools.readiness.backlog import Backlog, BacklogItem, backlog_for, load_catalog
from tools.readiness.bank import DATA_DIR, load_bank
from tools.readiness.scoring import LEVELS, ReadinessResult, level_of

# ranking weights: value, feasibility for this company, fit to its trade
W_VALUE, W_FEAS, W_FIT = 0.4, 0.4, 0.2
RISK_TEXT = {
    "minimal": "minimales Risiko – keine besonderen Pflichten aus dem AI Act",
    "begrenzt": "begrenztes Risiko – Transparenzpflichten (KI-Inhalte und Chatbots kenntlich machen, Art. 50)",
    "hoch": "hohes Risiko (Anhang III) – strenge Pflichten, nur mit Fachberatung",
}
# regional and national support (names only; no figures)
SUPPORT: list[dict[str, str]] = [
    {
        "name": "KI-Show-Case-Lab der Hochschule Magdeburg-Stendal",
        "where": "Stendal",
        "what": "KI-Anwendungen vor Ort ausprobieren, Beratung und gemeinsame Pilotprojekte mit Studierenden",
    },
    {
        "name": "Mittelstand-Digital Zentren",
        "where": "bundesweit, Übersicht auf mittelstand-digital.de",
        "what": "kostenfreie, anbieterneutrale Workshops und Umsetzungsprojekte für KMU; für Betriebe aus dem "
        "Handwerk das Mittelstand-Digital Zentrum Handwerk",
    },
    {
        "name": "IHK Magdeburg bzw. Handwerkskammer Magdeburg",
        "where": "Magdeburg, mit Beratung in der Altmark",
        "what": "Digitalisierungs- und Förderberatung, Netzwerke und Veranstaltungen",
    },
]


class UseCase(BaseModel):
    id: str
    title: str
    trades: list[str]
    value: int
    needs: dict[str, int]
    effort: Literal["gering", "mittel", "hoch"]
    risk: Literal["minimal", "begrenzt", "hoch"]
    kpi: str


class RankedUseCase(BaseModel):
    """A use case scored for one company."""

    id: str
    title: str
    value: float
    feasibility: float
    fit: float
    priority: float
    quick_win: bool
    effort: str
    risk: str
    risk_text: str
    kpi: str
    missing: dict[str, float] = Field(default_factory=dict, description="dimension -> levels missing")


class Milestone(BaseModel):
    months: Literal[3, 6, 12]
    action: str
    measure: str


class Strategy(BaseModel):
    """The AI strategy for one company."""

    vision: str
    goals: list[str]
    use_cases: list[RankedUseCase]
    data_infrastructure: list[str]
    skills: list[str]
    governance: list[str]
    roadmap: list[Milestone]
    targets: dict[str, dict[str, float]] = Field(description="dimension -> {'now','6','12'} target scores")
    support: list[dict[str, str]]
    backlog: Backlog | None = Field(default=None, description="ranked use cases from the process map (issue 20.2)")
    first_steps: list[str] = Field(
        default_factory=list, description="two or three plain first steps for this firm's trade and size (trial 31)"
    )


@lru_cache(maxsize=1)
def load_use_cases() -> list[UseCase]:
    """The use-case catalog from `data/usecases.yaml`."""
    raw = yaml.safe_load((DATA_DIR / "usecases.yaml").read_text(encoding="utf-8"))
    return [UseCase.model_validate(x) for x in raw]


def rank_use_cases(result: ReadinessResult, limit: int = 6) -> list[RankedUseCase]:
    """Rank the trade's use cases by value, feasibility (needs vs. scores) and fit."""
    trade = result.profile.trade or "sonstige"
    scores = {k: (v if v is not None else 1.0) for k, v in result.scores.items()}
    out: list[RankedUseCase] = []
    for uc in load_use_cases():
        specific = trade in uc.trades
        if not specific and "*" not in uc.trades:
            continue
        missing = {d: round(n - scores.get(d, 1.0), 2) for d, n in uc.needs.items() if n - scores.get(d, 1.0) > 0}
        feas = max(1.0, 5.0 - 1.5 * sum(missing.values()) - {"gering": 0.0, "mittel": 0.5, "hoch": 1.0}[uc.effort])
        fit = 5.0 if specific else 3.0
        prio = W_VALUE * uc.value + W_FEAS * feas + W_FIT * fit
        out.append(
            RankedUseCase(
                id=uc.id,
                title=uc.title,
                value=uc.value,
                feasibility=round(feas, 2),
                fit=fit,
                priority=round(prio, 2),
                quick_win=feas >= 4.0 and uc.effort == "gering",
                effort=uc.effort,
                risk=uc.risk,
                risk_text=RISK_TEXT[uc.risk],
                kpi=uc.kpi,
                missing=missing,
            )
        )
    out.sort(key=lambda u: (-u.priority, u.id))
    return out[:limit]


def _dim_name(dim: str) -> str:
    return load_bank().dimension(dim).name


def _targets(result: ReadinessResult) -> dict[str, dict[str, float]]:
    """Raise weak dimensions faster: +0.5/+1.0 for weaknesses, +0.25/+0.5 for the rest (max 5)."""
    t: dict[str, dict[str, float]] = {}
    for d, s in result.scores.items():
        if s is None:
            continue  # not rated: no target without a baseline
        now = s
        step = 0.5 if d in result.weaknesses else 0.25
        t[d] = {"now": round(now, 2), "6": round(min(5.0, now + step), 2), "12": round(min(5.0, now + 2 * step), 2)}
    return t


SMALL_TEAM = 9  # up to this head count the owner learns and decides alone; from 10 someone is named for it


def _trade_own(backlog: Backlog) -> list[BacklogItem]:
    """The quick wins with a pilot; on assumed (trade-typical) processes those made for the trade come first, so a
    dental practice is told to try its online booking rather than the receipts every trade has (trial 31)."""
    wins = [u for u in backlog.quick_wins if u.pilot is not None]
    if not backlog.process_map.assumed:
        return wins  # the firm's own process map decides
    generic = {uc.id for uc in load_catalog() if "*" in uc.trades}
    return sorted(wins, key=lambda u: u.id in generic)  # stable: best score first within each group


def first_quick_win(backlog: Backlog) -> BacklogItem | None:
    """The quick win to pilot first: the trade's own before one every trade has (on assumed processes)."""
    return next(iter(_trade_own(backlog)), None)


def _try_step(backlog: Backlog) -> str | None:
    """The first step: try the firm's best quick win (its trade's or its own process map's), small and measured."""
    item = first_quick_win(backlog) or (backlog.items[0] if backlog.items else None)
    if item is None:
        return None
    test = f"{item.pilot.weeks} Wochen im Kleinen testen" if item.pilot else "im Kleinen testen"
    hours = f"; geschätzt rund {num(item.hours_per_year, 0)} Std. weniger Arbeit im Jahr" if item.hours_per_year else ""
    guess = " (geschätzt aus typischen Abläufen Ihrer Branche)" if item.assumed and hours else ""
    return f"Eine Sache ausprobieren: „{item.title}“ – {test}{hours}{guess}."


def _gap_step(result: ReadinessResult) -> str | None:
    """The second step: the weakest answer among the result's gaps (in the weakest area when it has one), with
    where it stands and the next level."""
    bank = load_bank()
    weak = result.weaknesses[0] if result.weaknesses else None
    gaps = sorted((g for g in result.gaps if g.dimension == weak), key=lambda g: g.value) or sorted(
        result.gaps, key=lambda g: g.value
    )
    if not gaps:
        return None
    g = gaps[0]
    q = bank.question(g.qid)
    now = q.levels[max(1, min(5, int(g.value)))]
    topic = q.text.split("(")[0].strip().rstrip("?")
    return (
        f"Die größte Lücke angehen – „{topic}?“ Heute: „{now.rstrip('.')}“. Eine Stufe weiter wäre: "
        f"„{g.next_level.rstrip('.')}“."
    )


def _people_step(employees: int | None) -> str:
    """The third step by size: the owner learns it alone in a small team, a named person does in a larger one."""
    law = "für jeden Betrieb, der KI nutzt, Pflicht (EU-KI-Verordnung, Art. 4)"
    if employees is not None and employees > SMALL_TEAM:
        return (
            f"Eine Person benennen, die sich mit festen Stunden pro Woche darum kümmert, und alle, die mit KI "
            f"arbeiten, kurz schulen – {law}."
        )
    who = "Sie selbst" if employees == 1 else "Sie und wer im Betrieb mitmacht"
    return (
        f"Sich einen halben Tag in KI-Werkzeuge einführen lassen – {who}; {law}. Kostenfreie Kurse bieten z. B. die "
        "Mittelstand-Digital Zentren."
    )


def first_steps(result: ReadinessResult, backlog: Backlog) -> list[str]:
    """Two or three first steps in plain German: the trade's best quick win to try, the biggest gap of the answers,
    and who learns it (by the firm's size); each from the result and the backlog, none generic."""
    steps = [_try_step(backlog), _gap_step(result), _people_step(result.profile.employees)]
    return [f"{i}. {s}" for i, s in enumerate((x for x in steps if x), start=1)]


def build_strategy(result: ReadinessResult, backlog: Backlog | None = None) -> Strategy:
    """The strategy: every figure is derived from the scores, the process map and the use-case catalog."""
    bank = load_bank()
    ucs = rank_use_cases(result)
    if backlog is None:
        backlog = backlog_for(result.profile.trade, result.scores, result.profile.employees)
    first = first_quick_win(backlog) or (backlog.quick_wins[0] if backlog.quick_wins else None)
    quick = [u for u in ucs if u.quick_win] or ucs[:1]
    bigger = [u for u in ucs if u not in quick[:1]]
    pilot_title, pilot_kpi = (first.title, first.kpi) if first else (quick[0].title, quick[0].kpi)
    # the biggest lever: the backlog's best-scored use case that is not the first pilot
    lever = next(((u.title, u.kpi) for u in backlog.items if u.title != pilot_title and u.value > 0), None)
    if lever is None and bigger:
        lever = (bigger[0].title, bigger[0].kpi)
    trade = f"Ihr Betrieb ({result.profile.trade_label})" if result.profile.trade_label else "Ihr Betrieb"
    overall = result.overall or 1.0
    targets = _targets(result)
    target12 = round(sum(v["12"] for v in targets.values()) / len(targets), 2) if targets else overall
    lvl_now, lvl12 = result.level, level_of(target12)[1]
    rated = result.overall is not None
    progress = (
        f"kommt vom Reifegrad „{lvl_now}“ ({num(overall, 1)}) auf „{lvl12}“ ({num(target12, 1)})"
        if rated
        else "kennt nach einem vollständigen Readiness-Check seinen Reifegrad"
    )
    vision = (
        f"In zwölf Monaten nutzt {trade} KI dort, wo sie messbar Zeit oder Geld spart – "
        f"beginnend mit „{pilot_title}“ – und {progress}."
    )
    goals = [
        f"{_dim_name(d)} von {num(targets[d]['now'], 1)} auf {num(targets[d]['12'], 1)} anheben"
        for d in result.weaknesses
    ]
    goals.append(f"Erster KI-Pilot in 3 Monaten: {pilot_title} – Ziel: {pilot_kpi}")
    if lever:
        goals.append(f"Größter Hebel in 12 Monaten: {lever[0]} – Ziel: {lever[1]}")

    def low(dim: str) -> list[str]:
        qs = bank.dimension(dim).questions
        return [
            f"{q.text.split('(')[0].strip().rstrip('?')}: nächster Schritt – {q.levels[min(5, int(g.value) + 1)]}"
            for q in qs
            for g in result.gaps
            if g.qid == q.id
        ]

    data_infra = low("data") + low("technology")
    for u in ucs[:3]:
        for d, m in u.missing.items():
            if d in ("data", "technology"):
                data_infra.append(f"Für „{u.title}“ fehlen in „{_dim_name(d)}“ noch {num(m, 1)} Stufen.")
    if not data_infra:
        data_infra.append("Daten und IT sind eine gute Grundlage; Schnittstellen zwischen den Systemen ausbauen.")

    culture = result.scores.get("strategy")
    skills = [
        "KI-Kompetenz nach Art. 4 EU AI Act (gilt seit 2. Februar 2025): Wer KI-Systeme einsetzt, muss dafür "
        "sorgen, dass die Beschäftigten, die damit arbeiten, ausreichend geschult sind – Schulung dokumentieren.",
        "Eine verantwortliche Person („KI-Lotse“) benennen, mit festen Stunden pro Woche für Piloten und Schulung.",
    ]
    if culture is None or culture < 3:
        where = f"liegt bei {num(culture, 1)}" if culture is not None else "ist noch ungeklärt"
        skills.append(
            f"Strategie, Kultur & Führung {where}: mit einem Praxis-Workshop für alle starten, "
            "Ängste offen ansprechen und den ersten Nutzen im Alltag zeigen."
        )
    gov = result.scores.get("governance")
    governance = [
        "Risikoklassen der empfohlenen Anwendungen: "
        + "; ".join(f"{u.title}: {RISK_TEXT[u.risk]} – {u.duties}" for u in backlog.items[:3]),
        "Datenschutz (DSGVO): mit jedem KI-Anbieter einen Auftragsverarbeitungsvertrag (Art. 28) schließen; "
        "keine personenbezogenen Daten in frei zugängliche Chatbots eingeben.",
        "Entscheidungen über Menschen (z. B. Bewerberauswahl, Leistungsbewertung) nicht der KI überlassen – "
        "solche Systeme zählen nach Anhang III AI Act zum Hochrisiko-Bereich.",
    ]
    if gov is None or gov < 3:
        where = f"liegt bei {num(gov, 1)}" if gov is not None else "konnte im Interview nicht bewertet werden"
        governance.append(
            f"Governance & Ethik {where}: eine einseitige KI-Richtlinie schreiben "
            "(erlaubte Werkzeuge, erlaubte Daten, Vier-Augen-Prinzip)."
        )

    roadmap = [
        Milestone(
            months=3,
            action="KI-Kompetenz-Schulung für alle, die KI nutzen (Art. 4 AI Act)",
            measure="100 % der betroffenen Beschäftigten geschult, Teilnahme dokumentiert",
        ),
        Milestone(months=3, action=f"Pilot: {pilot_title}", measure=pilot_kpi),
    ]
    if gov is None or gov < 3:
        roadmap.append(
            Milestone(months=3, action="KI-Richtlinie verabschieden", measure="Richtlinie allen bekannt (Unterschrift)")
        )
    if (result.scores.get("data") or 1.0) < 3:
        roadmap.append(
            Milestone(
                months=3,
                action="Dateninventur: welche Daten liegen wo, in welcher Qualität",
                measure="Liste aller Datenquellen mit Verantwortlichen fertig",
            )
        )
    if lever:
        roadmap.append(
            Milestone(
                months=6,
                action=f"Zweites Vorhaben vorbereiten: {lever[0]}",
                measure=f"Daten für den Pilot bereitgestellt; Ziel: {lever[1]}",
            )
        )
    for d in result.weaknesses:
        roadmap.append(
            Milestone(
                months=6,
                action=f"{_dim_name(d)} stärken",
                measure=f"Wert im Readiness-Check von {num(targets[d]['now'], 1)} auf {num(targets[d]['6'], 1)}",
            )
        )
    roadmap.append(
        Milestone(
            months=12,
            action="Erfolgreiche Piloten in den Regelbetrieb übernehmen, Readiness-Check wiederholen",
            measure=(
                f"Gesamtwert von {num(overall, 1)} auf {num(target12, 1)} (Reifegrad „{lvl12}“)"
                if rated
                else "alle sechs Dimensionen bewertet"
            ),
        )
    )
    return Strategy(
        vision=vision,
        goals=goals,
        use_cases=ucs,
        data_infrastructure=data_infra[:6],
        skills=skills,
        governance=governance,
        roadmap=roadmap,
        targets=targets,
        support=SUPPORT,
        backlog=backlog,
        first_steps=first_steps(result, backlog),
    )


__all__ = ["LEVELS", "Strategy", "build_strategy", "first_quick_win", "first_steps", "rank_use_cases"]
