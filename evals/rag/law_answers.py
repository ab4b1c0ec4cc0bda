"""The employee law sets: does the law search quote the right law and paragraph, and no law where none answers?"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel

from tools.rag.laws import law_source, search_laws

HERE = Path(__file__).resolve().parent
# (label, file, used for tuning?)
LAW_SETS = [
    ("Gesetze-MA", "questions_laws_employee.jsonl", True),
    ("Gesetze-MA-HO", "questions_laws_employee_holdout.jsonl", False),  # written before the law threshold was tuned
    ("Gesetze-MA-HO2", "questions_laws_employee_ho2.jsonl", False),  # trial 37, written before its fixes
]
_PARAGRAPH = re.compile(r"§\s*(\d+\w*)")


class LawQuestion(BaseModel):
    """An employee's question and the law file and paragraph that answer it ("" for none of the indexed laws)."""

    q: str
    law: str = ""
    paragraph: str = ""


class LawOutcome(BaseModel):
    """What the law search quoted for one question (empty: nothing)."""

    q: str
    expected: str
    quoted: str
    right: bool


def load_laws(name: str) -> list[LawQuestion]:
    """A law question set from this folder."""
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [LawQuestion(**json.loads(line)) for line in lines if line.strip()]


def _number(paragraph: str) -> str:
    m = _PARAGRAPH.search(paragraph)
    return m.group(1) if m else ""


def ask(question: LawQuestion) -> LawOutcome:
    """The law search's answer to one question, judged against the expected law and paragraph."""
    found = search_laws(question.q)
    hit = found.passages[0] if found is not None and found.confidence == "sicher" and found.passages else None
    quoted = f"{hit.source} {law_source(hit).paragraph}" if hit else ""
    expected = f"{question.law} {question.paragraph}".strip()
    if hit is None:
        right = not question.law
    else:
        right = hit.source == question.law and _number(law_source(hit).paragraph) == _number(question.paragraph)
    return LawOutcome(q=question.q, expected=expected, quoted=quoted, right=right)


def law_figures(outcomes: list[LawOutcome]) -> dict[str, float]:
    """Hit rate (answerable questions quoted with the right law and §) and the wrongly answered rate (a law quoted for
    a question none answers, or the wrong paragraph quoted)."""
    pos = [o for o in outcomes if o.expected]
    neg = [o for o in outcomes if not o.expected]
    wrong = [o for o in outcomes if o.quoted and not o.right]
    return {
        "n": len(outcomes),
        "hit": sum(o.right for o in pos) / max(1, len(pos)),
        "wrong_paragraph": sum(1 for o in pos if o.quoted and not o.right) / max(1, len(pos)),
        "silent": sum(1 for o in pos if not o.quoted) / max(1, len(pos)),
        "wrong_answered": sum(1 for o in neg if o.quoted) / max(1, len(neg)),
        "wrong_total": len(wrong) / max(1, len(outcomes)),
    }


__all__ = ["LAW_SETS", "LawOutcome", "LawQuestion", "ask", "law_figures", "load_laws"]
