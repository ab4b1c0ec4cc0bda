"""The owner's reply to "Sollen diese Verkaufsdaten übernommen werden?" and the request to undo the last import.

A checked upload that needs a yes (the first own export replaces the demo company; a later one names
new branches or products) waits in the thread's memory (JSON only): "Ja" in the next turn takes it
over, "Nein" drops it, and any other request forgets it. Kept free of pandas: the route node imports it.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from agents.nlu.normalize import fold, tokens

MEMORY_KEY = "pending_import"
MAX_REPLY_WORDS = 6  # a longer message is a new request, not an answer to the question
_YES = {
    "ja",
    "jawohl",
    "jo",
    "jep",
    "genau",
    "gerne",
    "gern",
    "bitte",
    "ok",
    "okay",
    "einverstanden",
    "richtig",
    "uebernehmen",
    "uebernimm",
    "uebernehme",
    "passt",
    "korrekt",
    "stimmt",
}
_NO = {"nein", "nee", "ne", "nicht", "abbrechen", "verwerfen", "stopp", "stop", "lieber"}
_FILLER = {"das", "die", "sie", "es", "bitte", "so", "danke", "daten", "datei", "alles", "ist", "mal", "doch"}
_UNDO = re.compile(
    r"rueckgaengig|zuruecksetz|zuruecknehm|zurueckhol|wiederherstell|stell\w* .*wieder her|zurueck (zu|auf)"
)
_UNDO_OBJECT = re.compile(
    r"\b(import\w*|upload\w*|hochgelad\w*|hochlad\w*|verkaufsdaten|demodaten|daten|datei|"
    r"version|stand)\b"
)


class PendingImport(BaseModel):
    """A checked export waiting for the owner's yes."""

    file: str = Field(description="the staged copy under uploads/pending (tools.company.own_sales.stage)")
    name: str = Field(description="the file name the owner uploaded")
    question: str = Field(description="what was asked, repeated when the reply is unclear")


def forget(memory: dict[str, Any]) -> dict[str, Any]:
    """Memory without a waiting upload (every other routed turn drops it)."""
    return {k: v for k, v in memory.items() if k != MEMORY_KEY}


def pending(memory: dict[str, Any]) -> PendingImport | None:
    """The upload waiting for a yes, if any."""
    raw = memory.get(MEMORY_KEY)
    return PendingImport(**raw) if isinstance(raw, dict) else None


def answer(text: str) -> bool | None:
    """True for a short yes ("Ja, übernehmen"), False for a no ("Nein, lieber nicht"), None otherwise."""
    words = tokens(text)
    if not words or len(words) > MAX_REPLY_WORDS:
        return None
    content = set(words) - _FILLER
    if content & _NO:
        return False
    if content and content <= _YES:
        return True
    return None


def wants_undo(text: str) -> bool:
    """'Letzten Import rückgängig machen', 'Stell die vorherigen Verkaufsdaten wieder her' …"""
    folded = fold(text)
    return bool(_UNDO.search(folded) and _UNDO_OBJECT.search(folded))


def addressed(memory: dict[str, Any], text: str) -> bool:
    """Whether this turn is for the import: a yes/no to a waiting upload, or a request to undo the last one."""
    return (pending(memory) is not None and answer(text) is not None) or wants_undo(text)
