"""The question bank (six dimensions, 1–5 maturity scale) loaded from `data/questions.yaml`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

DATA_DIR = Path(__file__).resolve().parent / "data"
DIMENSION_IDS: tuple[str, ...] = ("strategy", "data", "technology", "processes", "cooperation", "governance")


class Question(BaseModel):
    """One maturity question with a German description per level 1–5."""

    id: str
    text: str
    levels: dict[int, str]
    keywords: dict[int, list[str]] = Field(default_factory=dict)
    # questions of the same dimension an answer to this one builds on ("regelmäßig auswerten" needs data captured):
    # only an answer far above one of these is a contradiction worth asking back (trial 26)
    presupposes: list[str] = Field(default_factory=list)
    dimension: str = ""


class Dimension(BaseModel):
    """A readiness dimension with its questions and level descriptions."""

    id: str
    name: str
    levels: dict[int, str]
    questions: list[Question]


class ProfileQuestion(BaseModel):
    id: str
    text: str


class Bank(BaseModel):
    """The whole question bank."""

    scale: dict[int, str]
    profile: list[ProfileQuestion]
    dimensions: list[Dimension]

    def dimension(self, dim_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dim_id)

    def question(self, qid: str) -> Question:
        return next(q for d in self.dimensions for q in d.questions if q.id == qid)

    def item_ids(self) -> list[str]:
        """All maturity question ids in interview order."""
        return [q.id for d in self.dimensions for q in d.questions]


@lru_cache(maxsize=2)
def load_bank(path: Path | None = None) -> Bank:
    """Load and validate the question bank (cached)."""
    raw = yaml.safe_load((path or DATA_DIR / "questions.yaml").read_text(encoding="utf-8"))
    bank = Bank.model_validate(raw)
    for dim in bank.dimensions:
        for q in dim.questions:
            q.dimension = dim.id
    ids = tuple(d.id for d in bank.dimensions)
    for dim in bank.dimensions:
        own = {q.id for q in dim.questions}
        wrong = [b for q in dim.questions for b in q.presupposes if b not in own or b == q.id]
        if wrong:
            raise ValueError(f"presupposed questions must be other questions of {dim.id}: {wrong}")
    if ids != DIMENSION_IDS or any(len(d.questions) < 4 for d in bank.dimensions):
        raise ValueError(f"question bank must have dimensions {DIMENSION_IDS} with >= 4 questions each")
    return bank
