"""Text in a document or data cell that addresses an AI system instead of a reader („Ignoriere alle Regeln …“,
„SYSTEMANWEISUNG: …“): found so it is quoted as the document's text and never worded or followed as an order."""

from __future__ import annotations

import re

_ORDERS = r"(?:regeln|anweisungen|vorgaben|instruktionen|befehle|richtlinien|rules|instructions|prompts?)"
_NOT = r"(?:nie|niemals|nicht|keine|keinesfalls|never|not|no)"
PATTERNS = tuple(
    re.compile(p, re.IGNORECASE | re.MULTILINE)
    for p in (
        rf"\b(?:ignorier|vergiss|vergessen|missacht|disregard|ignore|forget)\w*\b(?:(?!\b{_NOT}\b)[^.!?\n]){{0,40}}\b{_ORDERS}\b",
        r"\bsystem[\s-]*(?:anweisung|prompt|nachricht|befehl|instruction|message)\w*",
        r"\b(?:du\s+bist|you\s+are)\s+(?:jetzt|nun|ab\s+sofort|ab\s+jetzt|now|from\s+now\s+on)\b",
        r"\b(?:admin|administrator|entwickler|developer|debug|god|jailbreak)[\s-]?mod(?:us|e)\b",
        r"^\s*(?:system|assistant|assistent)\s*:",
        r"\brole\s*[=:]\s*(?:owner|admin|inhaberin|system)\b",
        r"\b(?:anweisung|befehl|nachricht|hinweis)\w*\s+(?:an|für)\s+(?:die|den|das)\s+"
        r"(?:ki|assistent\w*|chatbot|sprachmodell|llm|bot)\b",
    )
)
EXCERPT_CHARS = 60


def addressed_to_assistant(text: str) -> str | None:
    """The words by which `text` gives orders to an AI system (up to EXCERPT_CHARS, from the match on), or None."""
    starts = [m.start() for p in PATTERNS if (m := p.search(text))]
    if not starts:
        return None
    start = min(starts)
    line = text[start:].splitlines()[0].strip()
    return line if len(line) <= EXCERPT_CHARS else line[: EXCERPT_CHARS - 1].rstrip() + "…"


__all__ = ["addressed_to_assistant"]
