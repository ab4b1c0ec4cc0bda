"""Scores per dimension and overall, named maturity level, strengths and gaps of a finished interview."""

from __future__ import annotations

from statistics import mean

from pydantic import BaseModel, Field

from tools.readiness.bank import Bank, load_bank
from tools.readiness.engine import InterviewState
from tools.readiness.profile import Profile

# (upper bound of the overall score, level name, German description)
LEVELS: list[tuple[float, str, str]] = [
    (1.8, "Einsteiger", "KI ist noch kein Thema; erst die digitalen Grundlagen schaffen."),
    (2.6, "Entdecker", "Erste Berührungspunkte; einfache, risikoarme Anwendungen ausprobieren."),
    (3.4, "Anwender", "Solide Basis; gezielt einzelne KI-Anwendungen einführen."),
    (4.2, "Fortgeschritten", "KI wird genutzt; jetzt skalieren und systematisch steuern."),
    (5.01, "Vorreiter", "KI ist Teil der Strategie; Innovation und Vernetzung vorantreiben."),
]


class DimensionScore(BaseModel):
    id: str
    name: str
    score: float | None
    answered: int
    open: int
    description: str = Field(description="the dimension's level description nearest to the score")


class Gap(BaseModel):
    """A weak question with the next level to reach."""

    dimension: str
    qid: str
    question: str
    value: float
    next_level: str


class ReadinessResult(BaseModel):
    """The outcome of one interview."""

    profile: Profile
    dimensions: list[DimensionScore]
    scores: dict[str, float | None]
    overall: float | None
    level: str
    level_no: int
    level_text: str
    strengths: list[str]
    weaknesses: list[str]
    gaps: list[Gap]
    answered: int
    skipped: int
    turns: int
    questions: int = Field(description="questions put to the user (profile, items, follow-ups)")


def level_of(overall: float) -> tuple[int, str, str]:
    """Level number (1–5), name and description for an overall score."""
    for i, (upper, name, text) in enumerate(LEVELS, start=1):
        if overall < upper:
            return i, name, text
    return 5, LEVELS[-1][1], LEVELS[-1][2]


def score_state(state: InterviewState, bank: Bank | None = None) -> ReadinessResult:
    """Score an interview: dimension = mean of its answered items (plus an overall follow-up rating)."""
    bank = bank or load_bank()
    dims: list[DimensionScore] = []
    for d in bank.dimensions:
        vals = [v for v in (state.answers[q.id].value for q in d.questions if q.id in state.answers) if v is not None]
        fu = state.followups.get(d.id)
        if fu and fu.kind == "unclear" and fu.value is not None:
            # the overall rating stands in for every question left open in this dimension
            vals += [fu.value] * max(1, len(d.questions) - len(vals))
        score = round(mean(vals), 2) if vals else None
        desc = d.levels[min(5, max(1, round(score)))] if score is not None else "nicht bewertet"
        n_ans = sum(1 for q in d.questions if q.id in state.answers and state.answers[q.id].value is not None)
        dims.append(
            DimensionScore(
                id=d.id, name=d.name, score=score, answered=n_ans, open=len(d.questions) - n_ans, description=desc
            )
        )
    scored = [x.score for x in dims if x.score is not None]
    overall = round(mean(scored), 2) if scored else None
    no, name, text = level_of(overall) if overall is not None else (0, "nicht bewertet", "Zu wenige Antworten.")
    ranked = sorted((x for x in dims if x.score is not None), key=lambda x: -(x.score or 0))
    strengths = [x.id for x in ranked if overall is not None and x.score is not None and x.score >= overall + 0.25][:2]
    weaknesses = [
        x.id for x in reversed(ranked) if overall is not None and x.score is not None and x.score <= overall - 0.25
    ][:2]
    if not strengths and ranked:
        strengths = [ranked[0].id]
    if not weaknesses and len(ranked) > 1:
        weaknesses = [ranked[-1].id]
    gaps: list[Gap] = []
    items = [
        (a.value, q)
        for d in bank.dimensions
        for q in d.questions
        if (a := state.answers.get(q.id)) is not None and a.value is not None and a.value < 4.5
    ]
    for value, q in sorted(items, key=lambda x: x[0])[:5]:
        gaps.append(
            Gap(
                dimension=q.dimension,
                qid=q.id,
                question=q.text,
                value=value,
                next_level=q.levels[min(5, int(value) + 1)],
            )
        )
    answered = sum(1 for a in state.answers.values() if a.value is not None)
    asked = sum(1 for k in state.done_stack if k.startswith(("p:", "f:"))) + len(state.answers)
    return ReadinessResult(
        profile=state.profile,
        dimensions=dims,
        scores={x.id: x.score for x in dims},
        overall=overall,
        level=name,
        level_no=no,
        level_text=text,
        strengths=strengths,
        weaknesses=weaknesses,
        gaps=gaps,
        answered=answered,
        skipped=len(state.answers) - answered,
        turns=state.turns,
        questions=asked,
    )
