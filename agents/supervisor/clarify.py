"""A question the supervisor asked back ("Meinen Sie A oder B?") and the user's short reply to it.

The pending question lives in the thread's memory, so "Ja" or "das zweite" in the next turn runs the
offered tool on the original request instead of being routed as a new message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from agents.nlu.normalize import fold, tokens

MEMORY_KEY = "pending_clarify"
_YES = {
    "ja",
    "jap",
    "jo",
    "jep",
    "genau",
    "richtig",
    "korrekt",
    "gerne",
    "gern",
    "bitte",
    "ok",
    "okay",
    "jawohl",
    "stimmt",
    "erste",
    "ersten",
    "erstere",
    "1",
}
_SECOND = {"zweite", "zweiten", "letztere", "letzte", "2"}
_FILLER = {
    "ja",
    "das",
    "die",
    "der",
    "den",
    "bitte",
    "genau",
    "meine",
    "ich",
    "option",
    "nummer",
    "nr",
    "zum",
    "zur",
    "und",
    "fuer",
    "im",
    "fragen",
    "frage",
    "nach",
}
MAX_REPLY_WORDS = 6  # a longer message is a new request, not an answer to the question


class PendingClarify(BaseModel):
    """What was asked back: the original request and the offered tools, best first."""

    request: str
    options: list[str]


def remember(memory: dict[str, Any], request: str, options: list[str]) -> dict[str, Any]:
    """Memory with the pending question (or without one when nothing was offered)."""
    rest = {k: v for k, v in memory.items() if k != MEMORY_KEY}
    return {**rest, MEMORY_KEY: PendingClarify(request=request, options=options).model_dump()} if options else rest


def forget(memory: dict[str, Any]) -> dict[str, Any]:
    """Memory without a pending question (every routed turn answers or drops it)."""
    return {k: v for k, v in memory.items() if k != MEMORY_KEY}


def resolve(memory: dict[str, Any], text: str, title: Callable[[str], str]) -> PendingClarify | None:
    """The chosen tool (first of `options`) and original request when `text` answers the pending question."""
    raw = memory.get(MEMORY_KEY)
    if not raw:
        return None
    pending = PendingClarify(**raw)
    words = tokens(text)
    if not words or len(words) > MAX_REPLY_WORDS:
        return None
    for tool in pending.options:  # the user names an offered function ("Mitarbeiterhandbuch")
        title_words = set(tokens(title(tool))) - _FILLER
        if title_words & set(words) or (len(fold(text)) >= 4 and fold(text) in fold(title(tool))):
            return PendingClarify(request=pending.request, options=[tool])
    content = set(words) - _FILLER
    if len(pending.options) > 1 and content & _SECOND:
        return PendingClarify(request=pending.request, options=[pending.options[1]])
    if content <= _YES and set(words) & (_YES | {"ja"}):
        return PendingClarify(request=pending.request, options=[pending.options[0]])
    return None
