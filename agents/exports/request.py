"""Read a file request out of a message: the wanted format, the rest of the message and whether it points back
to the previous answer ("den Plan von eben als Datei", "als Excel bitte")."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from agents.nlu.normalize import fold

# file: the natural one for the tool (Excel or Word); pdf: asked for, but only the check's report is one (the
# tables go out in their natural format with a line saying so)
FileFormat = Literal["xlsx", "csv", "docx", "pdf", "file"]

_FORMAT = re.compile(
    r"\b(?:als|im|in|per|zum)\s+(?:eine[rnm]?\s+)?(?P<word>excel|xlsx|xls|csv|word|docx|pdf|datei|download|"
    r"herunterladen)(?:[- ]?(?:datei|tabelle|format|dokument|export))?\b"
    r"|\b(?P<word2>excel|csv|word|pdf)[- ](?:datei|tabelle|export|dokument)\b"
    r"|\b(?P<word3>exportieren|exportier|herunterladen|runterladen)\b",
)
_WORD_FORMAT: dict[str, FileFormat] = {
    "excel": "xlsx",
    "xlsx": "xlsx",
    "xls": "xlsx",
    "csv": "csv",
    "word": "docx",
    "docx": "docx",
    "pdf": "pdf",
}
# words that only point back or ask politely: without anything else the message means the previous answer
_BACK = re.compile(
    r"\b(?:von eben|von vorhin|vorhin|eben|gerade|grade|letzte[nrs]?|vorige[nrs]?|davon|dazu|oben|das|dies(?:e[nrs]?)?)\b"
)
_FILLER = {
    "export",  # "Export als Excel" (trial 6: asked back instead of exporting the answer before)
    "bitte",
    "mir",
    "mal",
    "gib",
    "geben",
    "schick",
    "schicke",
    "schicken",
    "senden",
    "sende",
    "kannst",
    "du",
    "sie",
    "koennen",
    "koenntest",
    "koennten",
    "ich",
    "haette",
    "haetten",
    "gern",
    "gerne",
    "den",
    "die",
    "das",
    "der",
    "dem",
    "auch",
    "noch",
    "nochmal",
    "und",
    "auf",
    "mit",
    "ok",
    "okay",
    "danke",
    "jetzt",
    "so",
    "es",
    "plan",
    "tabelle",
    "zahlen",
    "antwort",
    "ergebnis",
    "ergebnisse",
    "liste",
    "aufstellung",
    "uebersicht",
    "file",
    "datei",
    "bekommen",
    "bekomme",
    "bekomm",
    "kriegen",  # „kann ich den als Excel kriegen?“ (trial 28, held out: asked back)
    "krieg",
    "kriege",
    "kann",
    "koennt",
    "haben",
    "moechte",
    "will",
    "wuerde",
    "machen",
    "mach",
    "ganze",
    "ganzen",
    "von",
    "eben",
    "vorhin",
    "gerade",
    "grade",
    "letzte",
    "letzten",
    "vorige",
    "vorigen",
    "davon",
    "dazu",
    "oben",
    "dies",
    "diese",
    "diesen",
    "dieses",
    "als",
    "bitteschoen",
    "fuer",
    "uns",
    "zu",
    "zum",
}


class ExportRequest(BaseModel):
    """A file wanted in this message."""

    format: FileFormat
    rest: str  # the message without the file words ("Produktionsplan für morgen")
    refers_back: bool  # nothing but pointers to the previous answer remain


def export_request(text: str) -> ExportRequest | None:
    """The file request in `text`, or None when the message asks for no file."""
    low = text.lower()  # same positions as `text`: the rest keeps the user's own spelling
    m = _FORMAT.search(low)
    if m is None or len(low) != len(text):
        return None
    word = m.group("word") or m.group("word2") or m.group("word3") or ""
    fmt: FileFormat = _WORD_FORMAT.get(word, "file")
    if fmt == "file":
        fmt = next((f for w, f in _WORD_FORMAT.items() if re.search(rf"\b{w}\b", low)), "file")
    rest = re.sub(r"\s+", " ", text[: m.start()] + " " + text[m.end() :]).strip(" ,.!?;:")
    folded = fold(rest)
    content = [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _FILLER and w not in _WORD_FORMAT]
    back = bool(_BACK.search(folded)) and len(content) <= 2
    return ExportRequest(format=fmt, rest=rest, refers_back=back or not content)
