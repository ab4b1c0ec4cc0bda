"""The embedded router: a classifier trained on our German example requests (no LLM).

`Router` is the protocol an LLM router implements too, so agents never depend on which one runs.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

import numpy as np
from pydantic import BaseModel, Field
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from agents.contracts import AgentId
from agents.nlu.normalize import fold
from agents.registry import agent_of, routable_tools, spec
from tools.concurrency import built_once
from tools.rag.embed import embed

# below this probability the supervisor asks back instead of guessing
MIN_CONFIDENCE = 0.30
# weight of the sentence-embedding block next to the TF-IDF blocks; chosen by 5-fold cross-validation
# on the training examples (agent accuracy 0.857 without, 0.878 / 0.903 / 0.919 / 0.916 at 0.5 / 1 / 2 / 3)
EMBEDDING_WEIGHT = 2.0


class RouteDecision(BaseModel):
    """Where a request goes, how sure the router is, and the runner-up tools."""

    agent: AgentId
    tool: str
    confidence: float = Field(ge=0.0, le=1.0)
    alternatives: list[tuple[str, float]] = Field(default_factory=list)

    @property
    def unsure(self) -> bool:
        return self.confidence < MIN_CONFIDENCE


class Router(Protocol):
    """Anything that maps a German request to one tool."""

    def route(self, text: str) -> RouteDecision: ...


def load_examples(directory: Path | None = None) -> tuple[list[str], list[str]]:
    """(texts, tool ids), one request per line: each routable tool's examples file from the registry, or the
    `<tool>.txt` files of another `directory` (the evaluation's held-out sets)."""
    texts, labels = [], []
    for tool in sorted(routable_tools()):
        path = directory / f"{tool}.txt" if directory is not None else spec(tool).examples_file
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.strip())
                labels.append(tool)
    return texts, labels


def _sentence_vectors(texts: list[str], cache: bool = True) -> np.ndarray:
    """multilingual-e5-small query vectors: meaning beyond the words seen in training."""
    return embed([str(t) for t in texts], "e5", is_query=True, use_cache=cache)


def _prep(text: str) -> str:
    # digits carry no routing signal but create sparse noise
    return re.sub(r"\d+", "0", fold(text))


class EmbeddedRouter:
    """TF-IDF on character and word n-grams (robust to typos and inflection) plus a German-capable sentence
    embedding (paraphrases with unseen words), into a logistic regression."""

    def __init__(self, texts: list[str], labels: list[str]) -> None:
        features = FeatureUnion([
            ("chars", TfidfVectorizer(preprocessor=_prep, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1)),
            ("words", TfidfVectorizer(preprocessor=_prep, analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
            ("meaning", FunctionTransformer(_sentence_vectors)),
        ], transformer_weights={"chars": 1.0, "words": 1.0, "meaning": EMBEDDING_WEIGHT})
        self._pipe = Pipeline([("features", features),
                               ("clf", LogisticRegression(C=20.0, max_iter=3000, class_weight="balanced"))])
        self._pipe.fit(texts, labels)
        # training examples are cached on disk (same every start); live requests are not written there
        self._pipe.named_steps["features"].set_params(meaning__kw_args={"cache": False})
        self.tools: list[str] = [str(c) for c in self._pipe.classes_]
        self._vocab = set(self._pipe.named_steps["features"].transformer_list[1][1].vocabulary_)

    def route(self, text: str) -> RouteDecision:
        probs = self._pipe.predict_proba([text])[0]
        ranked = sorted(zip(self.tools, probs), key=lambda tp: tp[1], reverse=True)
        tool, conf = ranked[0]
        words = _prep(text).split()
        if words and not any(w in self._vocab for w in words):
            conf *= 0.5  # not one known word: the character n-grams alone are no basis for a guess
        return RouteDecision(agent=agent_of(tool), tool=tool, confidence=float(conf),
                             alternatives=[(t, round(float(p), 3)) for t, p in ranked[1:4]])


@built_once()
def default_router() -> EmbeddedRouter:
    """The embedded router trained once per process on the shipped examples (~1 s; first run on a new
    machine embeds the ~1,000 examples once, about 10 s, then they come from the cache)."""
    return EmbeddedRouter(*load_examples())
