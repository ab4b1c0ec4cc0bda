"""„Nimm die Datei preise.pdf wieder aus dem Handbuch“: the owner takes an uploaded document out of the
handbook again (only documents uploaded in the chat; the handbook's own chapters stay)."""

from __future__ import annotations

import re
from pathlib import Path

from agents.contracts import AgentReply, TurnContext
from agents.nlu.normalize import fold
from tools.rag import HANDBOOK_COLLECTION
from tools.rag.store import delete_file, doc_id, stored_files
from tools.settings import get_settings

TOOL = "onboarding_qa"
_REMOVE = re.compile(r"\b(?:entfern\w*|loesch\w*|rausnehm\w*|raus ?nehmen|nimm\b.*\braus|zurueckzieh\w*|wieder raus)")
_DOCUMENT = re.compile(
    r"\b(?:dokument\w*|datei\w*|upload\w*|hochgeladen\w*|pdf|docx?|handbuch)\b|\.(?:pdf|docx|md|txt)\b"
)


def wants_removal(text: str) -> bool:
    """True for a request to take an uploaded document out of the handbook again."""
    t = fold(text or "")
    return _REMOVE.search(t) is not None and _DOCUMENT.search(t) is not None


def uploaded_documents() -> list[Path]:
    """Documents uploaded in the chat that are in the handbook now, newest first."""
    folder = get_settings().var_dir / "uploads"
    indexed = set(stored_files(HANDBOOK_COLLECTION))
    files = [p for p in folder.glob("*") if p.is_file() and doc_id(p) in indexed] if folder.is_dir() else []
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def _named(text: str, files: list[Path]) -> list[Path]:
    """The uploaded files the message names (by file name or its stem); the newest one for „das letzte“."""
    t = fold(text)
    named = [p for p in files if fold(p.name) in t or (len(p.stem) >= 4 and fold(p.stem) in t)]
    if not named and re.search(r"\b(?:letzte\w*|eben|gerade|neueste\w*|das dokument|die datei)\b", t) and files:
        return files[:1]
    return named


def removal_reply(text: str, ctx: TurnContext) -> AgentReply:
    """Take the named uploaded document(s) out of the handbook and delete the stored copy."""
    if ctx.view != "full":
        return AgentReply(
            text="Dokumente aus dem Handbuch entfernen kann nur die Geschäftsführung.", tools_called=[TOOL]
        )
    files = uploaded_documents()
    if not files:
        return AgentReply(
            text="Im Handbuch sind keine Dokumente, die Sie hier im Chat hochgeladen haben – die Kapitel des "
            "Mitarbeiterhandbuchs selbst ändern Sie in den Handbuch-Dateien.",
            tools_called=[TOOL],
        )
    chosen = _named(text, files)
    if not chosen:
        names = ", ".join(f"„{p.name}“" for p in files[:8])
        return AgentReply(
            text=f"Welches Dokument soll ich entfernen? Hochgeladen sind: {names}. Sagen Sie zum Beispiel "
            f"„{files[0].name} entfernen“.",
            tools_called=[TOOL],
        )
    for p in chosen:
        delete_file(HANDBOOK_COLLECTION, doc_id(p))
        p.unlink(missing_ok=True)
    names = ", ".join(f"„{p.name}“" for p in chosen)
    return AgentReply(
        text=f"Entfernt: {names}. Ihre Mitarbeitenden bekommen daraus keine Antworten mehr.",
        tools_called=[TOOL],
        data={"removed": [p.name for p in chosen]},
    )
