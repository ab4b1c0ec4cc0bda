"""`python -m evals.handbook_chat [-v]`: employee questions in everyday words through the real supervisor.

Each question runs as role employee on its own thread (embedded router, in-memory checkpointer). Per set it
prints the share of answers containing the expected fact, routed to the handbook (onboarding_qa), asked back
("Meinen Sie …?"), refused ("nicht zur Verfügung") and answered "nichts" (issue 16, item 7).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("SYNERKI_TODAY", "2026-11-25")

from langgraph.checkpoint.memory import InMemorySaver  # noqa: E402  # after the offline switches above
from pydantic import BaseModel  # noqa: E402

HERE = Path(__file__).resolve().parent
# (label, file, used for tuning?)
SETS = [
    ("Alltag", "questions_everyday.jsonl", True),
    ("Alltag-HO", "questions_everyday_holdout.jsonl", False),
    ("Umgangssprache", "questions_colloquial.jsonl", False),  # written 2026-12-01 before the stop-word change
    ("Neu-HO", "questions_newstaff_holdout.jsonl", False),  # trial 29, a new employee's first week, before fixes
    ("Umgangssprache-2", "questions_colloquial_tuned.jsonl", True),  # 2026-12-02, spoken forms and follow-ups
]


class Question(BaseModel):
    """A question as an employee types it and the phrases of which one must appear in a right answer."""

    q: str
    facts: list[str]
    section: str = ""  # the handbook heading that answers it, or "unanswerable"
    before: str = ""  # a question asked first on the same thread (the question is its elliptic follow-up)


class Outcome(BaseModel):
    q: str
    tool: str
    text: str
    right: bool


def _norm(text: str) -> str:
    """Case, spaces and the quote marks ("> " at line starts) do not decide whether a fact is there."""
    text = re.sub(r"(?m)^\s*>\s?", "", text.replace("\u202f", " ").replace("\xa0", " "))
    return re.sub(r"\s+", " ", text).casefold()


def load(name: str) -> list[Question]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [Question(**json.loads(line)) for line in lines if line.strip()]


def run_set(questions: list[Question]) -> list[Outcome]:
    """Ask every question as an employee on a fresh thread of one graph."""
    from agents.graph import build_graph, run_turn
    from agents.nlu.router import default_router

    graph = build_graph(router=default_router(), checkpointer=InMemorySaver())
    out = []
    for i, q in enumerate(questions):
        if q.before:
            run_turn(graph, q.before, role="employee", thread_id=f"hb-{i}")
        res = run_turn(graph, q.q, role="employee", thread_id=f"hb-{i}")
        text = _norm(res.text)
        out.append(Outcome(q=q.q, tool=res.tool, text=res.text, right=any(_norm(f) in text for f in q.facts)))
    return out


def share(outcomes: list[Outcome], pred: str) -> float:
    checks = {
        "fact": lambda o: o.right,
        "handbook": lambda o: o.tool == "onboarding_qa",
        "askback": lambda o: "Meinen Sie" in o.text,
        "refused": lambda o: "nicht zur Verfügung" in o.text,
        "nothing": lambda o: "steht in unseren Unterlagen nichts" in o.text,
    }
    return sum(checks[pred](o) for o in outcomes) / max(1, len(outcomes))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-v", "--verbose", action="store_true", help="print every wrong answer")
    ap.add_argument("--set", dest="only", help="run only the set with this label (e.g. Neu-HO)")
    args = ap.parse_args(argv)
    from evals.rag.runner import prepare

    prepare(laws=False)
    from tools.rag.laws import sync_laws

    sync_laws(wait=True)  # the labour laws an answer may quote besides the handbook (absent: skipped)
    print(f"{'Fragenset':<17}{'n':>4}{'Fakt':>8}{'Handbuch':>10}{'Rückfrage':>11}{'Abgelehnt':>11}{'nichts':>8}")
    for label, name, tuned in SETS:
        if args.only and label != args.only:
            continue
        outs = run_set(load(name))
        print(
            f"{label + ('' if tuned else '*'):<17}{len(outs):>4}{share(outs, 'fact'):>8.3f}{share(outs, 'handbook'):>10.3f}"
            f"{share(outs, 'askback'):>11.3f}{share(outs, 'refused'):>11.3f}{share(outs, 'nothing'):>8.3f}"
        )
        if args.verbose:
            for o in outs:
                if not o.right:
                    print(f"   ✗ [{o.tool}] {o.q} → {o.text[:160]!r}")
    print("* nie zum Abstimmen verwendet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
