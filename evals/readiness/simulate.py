"""Simulated respondents: random true maturity per question, answered with colloquial German phrases.

The respondent reacts to the engine's state (question, ask-back, follow-up), so ask-backs and follow-ups
cost real turns. Phrases here are a separate pool from the mapper's lexicon (partly overlapping words).
"""

from __future__ import annotations

import random
from statistics import mean

from pydantic import BaseModel

from tools.readiness.bank import DIMENSION_IDS, load_bank
from tools.readiness.engine import advance, start
from tools.readiness.scoring import score_state

POOL: dict[int, list[str]] = {
    1: [
        "nein",
        "gar nicht",
        "überhaupt nicht",
        "nö, gibt's bei uns nicht",
        "null",
        "leider nein",
        "nee, gar nichts",
        "Nein, das haben wir nicht",
    ],
    2: [
        "eher nicht",
        "kaum",
        "nur wenig",
        "selten",
        "ansatzweise",
        "nicht wirklich",
        "ein bisschen",
        "eher nein, höchstens in Ansätzen",
    ],
    3: ["teilweise", "teils, teils", "so mittel", "manchmal", "geht so", "zum Teil", "mal so, mal so", "jein"],
    4: [
        "ja, größtenteils",
        "überwiegend schon",
        "meistens",
        "eigentlich schon",
        "ja",
        "ziemlich gut",
        "ja, weitgehend",
    ],
    5: ["ja, voll und ganz", "absolut", "auf jeden Fall, komplett", "ja, durchgängig", "immer", "ja, vollständig"],
}
VAGUE = ["hm, kommt drauf an", "schwer zu sagen", "das ist so eine Sache", "muss ich überlegen", "tja"]
PROFILES = [
    ("Bäckerei", "25", "Stendal"),
    ("Tischlerei", "7", "Salzwedel"),
    ("Autohaus", "40", "Magdeburg"),
    ("Pflegedienst", "60", "Osterburg"),
    ("Friseursalon", "5", "Havelberg"),
]


class SimResult(BaseModel):
    devs: list[float]
    turns: int
    questions: int
    missing: int


def simulate_one(rng: random.Random, p_vague: float = 0.15, p_dontknow: float = 0.05) -> SimResult:
    """One respondent with a random true profile; returns deviations per dimension and turn counts."""
    bank = load_bank()
    truth: dict[str, int] = {}
    for d in bank.dimensions:
        mu = rng.uniform(1.3, 4.7)
        for q in d.questions:
            truth[q.id] = min(5, max(1, round(mu + rng.gauss(0, 0.6))))
    profile = list(rng.choice(PROFILES))
    turn = start(bank)
    guard = 0
    while turn.state.phase == "running" and guard < 200:
        guard += 1
        st, key = turn.state, turn.state.current
        if key.startswith("p:"):
            text = profile.pop(0) if profile else "weiß nicht"
        elif key.startswith("f:"):
            fu = st.pending_followup
            if fu is not None and fu.kind == "conflict" and fu.qid:
                text = str(truth[fu.qid])
            else:
                dim = bank.dimension(key[2:])
                text = str(round(mean(truth[q.id] for q in dim.questions)))
        elif st.asked_back:
            text = str(truth[key[2:]])
        else:
            r = rng.random()
            level = truth[key[2:]]
            text = (
                rng.choice(VAGUE)
                if r < p_vague
                else "weiß nicht"
                if r < p_vague + p_dontknow
                else rng.choice(POOL[level])
            )
        turn = advance(st, text, bank)
    result = score_state(turn.state, bank)
    devs, missing = [], 0
    for d in bank.dimensions:
        s = result.scores[d.id]
        if s is None:
            missing += 1
            continue
        devs.append(s - mean(truth[q.id] for q in d.questions))
    return SimResult(devs=devs, turns=result.turns, questions=result.questions, missing=missing)


def run_simulation(n: int, seed: int = 7) -> dict[str, float]:
    """Aggregate figures over n simulated respondents."""
    rng = random.Random(seed)
    runs = [simulate_one(rng) for _ in range(n)]
    devs = [d for r in runs for d in r.devs]
    return {
        "n": n,
        "dimensions": len(devs),
        "within_05": sum(abs(d) <= 0.5 for d in devs) / len(devs),
        "mean_abs": mean(abs(d) for d in devs),
        "max_abs": max(abs(d) for d in devs),
        "missing": sum(r.missing for r in runs),
        "turns_per_question": sum(r.turns for r in runs) / sum(r.questions for r in runs),
        "dims_per_company": len(DIMENSION_IDS),
    }
