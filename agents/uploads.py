"""Which uploaded files the supervisor accepts and which tool each kind goes to."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any

from agents.state import LeftOutFile
from tools.format_de import plain
from tools.vision.photo_types import PHOTO_SUFFIXES, PHOTO_TYPES_DE

IMAGE_SUFFIXES = PHOTO_SUFFIXES
DOC_SUFFIXES = {".md", ".pdf", ".docx", ".txt"}
DATA_SUFFIXES = {".csv", ".xlsx", ".xlsm"}  # sales exports; a workbook is read from its first sheet
ARCHIVE_SUFFIXES = {".zip"}  # the owner's own photos, one folder per class, to train the photo checker
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024  # the web app's upload limit (.chainlit/config.toml)
UNSUPPORTED = (
    "Die Datei „{name}“ kann ich nicht verarbeiten. Erlaubt sind Fotos (" + PHOTO_TYPES_DE + "), Dokumente "
    "(PDF, DOCX, Markdown, Text), Verkaufsdaten als CSV oder Excel-Datei (.xlsx) und Fotos als ZIP zum Anlernen der Qualitätsprüfung. "
    "Ihre Nachricht ist nicht verloren."
)
NOT_A_PHOTO = (
    "„{name}“ ist kein Foto. Für die Qualitätskontrolle brauche ich ein Foto des Blechs von oben ("
    + PHOTO_TYPES_DE
    + "). Soll die Datei stattdessen ins Handbuch, hängen Sie sie noch einmal an und schreiben Sie "
    "„ins Handbuch aufnehmen“."
)
NOT_CSV = (
    "„{name}“ ist keine CSV-Datei. Verkaufsdaten nehme ich als CSV an (Spalten Datum, Filiale, Artikel, Verkauft; "
    "aus Excel: „Speichern unter“ → „CSV UTF-8“). Soll die Datei stattdessen ins Handbuch, hängen Sie sie noch "
    "einmal an und schreiben Sie „ins Handbuch aufnehmen“."
)
ONLY_HANDBOOK = (
    "„{name}“ ist ein Dokument. Dokumente nehme ich nur ins Mitarbeiterhandbuch auf – und das nur, wenn Sie es "
    "sagen: Hängen Sie die Datei noch einmal an und schreiben Sie „ins Handbuch aufnehmen“. Ihre Frage beantworte "
    "ich gern ohne Anhang; Ihre Nachricht ist nicht verloren."
)
SALES_FILE_TOOLS = {"forecast", "data_import"}  # tools that read an uploaded file: it must be a CSV
HANDBOOK_OR_CHAT = {"onboarding_qa", "help", "smalltalk"}
_SALES_DATA = re.compile(r"\bcsv\b|verkaufsdaten|verkaufszahlen|absatzdaten|kassendaten", re.I)
NO_FILE = (
    "Ich sehe keine angehängte Datei – bei mir ist nur Ihr Text angekommen. Hängen Sie die Datei bitte mit der "
    "Büroklammer links neben dem Eingabefeld an (oder ziehen Sie sie ins Chatfenster) und senden Sie die Nachricht "
    "noch einmal. Ich nehme Fotos ("
    + PHOTO_TYPES_DE
    + "), Dokumente (PDF, DOCX, Markdown, Text) und Verkaufsdaten als CSV oder Excel-Datei (.xlsx)."
)
# a file word and a word that hands something over ("Hier sind …", "anbei", "im Anhang", "ich schicke …")
_FILE_WORD = re.compile(
    r"\b(csv|excel|xlsx?|pdf|docx?|datei(en)?|tabelle|dokument|foto|bild|anhang|verkaufsdaten|verkaufszahlen)\b",
    re.I,
)
_HANDING_OVER = re.compile(
    r"^\s*(hier\s+(ist|sind|kommt|kommen|die|das|der|unsere?|meine?)|anbei)\b|\banbei\b|\bim\s+anhang\b|"
    r"\b(angehängt|beigefügt|hochgeladen)\b|\bich\s+(schicke|sende|schick|hänge|lade)\b",
    re.I,
)
TOO_BIG = "Die Datei „{name}“ ist mit {mb:.0f} MB zu groß (höchstens {limit} MB). Bitte verkleinern Sie sie."


def _problem(a: dict[str, Any]) -> tuple[str, str] | None:
    """(the German message, a short reason) why this one file cannot be processed at all, or None."""
    suffix = Path(a["name"]).suffix.lower()
    if suffix not in IMAGE_SUFFIXES | DOC_SUFFIXES | DATA_SUFFIXES | ARCHIVE_SUFFIXES:
        return UNSUPPORTED.format(name=a["name"]), "diesen Dateityp kann ich nicht verarbeiten"
    size = Path(a["path"]).stat().st_size if Path(a["path"]).exists() else 0
    limit = (MAX_ARCHIVE_BYTES if suffix in ARCHIVE_SUFFIXES else MAX_UPLOAD_BYTES) // 1024 // 1024
    if size > limit * 1024 * 1024:
        return TOO_BIG.format(
            name=a["name"], mb=size / 1e6, limit=limit
        ), f"mit {size / 1e6:.0f} MB zu groß (höchstens {limit} MB)"
    return None


def rejection(attachments: list[dict[str, Any]]) -> str | None:
    """A German reason to reject the message's files when none of them can be processed, or None (of a mix, the
    usable files are processed and the others named: `usable`)."""
    problems = [_problem(a) for a in attachments]
    first = problems[0] if problems else None
    return first[0] if first and all(problems) else None


def usable(attachments: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[LeftOutFile]]:
    """(the files that can be processed, the name and reason of each one that cannot: wrong type or too big)."""
    kept: list[dict[str, Any]] = []
    left: list[LeftOutFile] = []
    for a in attachments:
        problem = _problem(a)
        if problem is None:
            kept.append(a)
        else:
            left.append(LeftOutFile(name=a["name"], why=problem[1]))
    return kept, left


def attachment_tool(attachments: list[dict[str, Any]]) -> str | None:
    """The tool that handles these files: photos → quality check, CSV → own sales data, documents → handbook."""
    suffixes = {Path(a["name"]).suffix.lower() for a in attachments}
    if suffixes & ARCHIVE_SUFFIXES:
        return "quality_training"
    if suffixes & IMAGE_SUFFIXES:
        return "quality_check"
    if suffixes & DATA_SUFFIXES:
        return "data_import"
    if suffixes & DOC_SUFFIXES:
        return "onboarding_qa"
    return None


MAX_PHOTOS = 10  # photos checked per message (each costs a detector run)
MAX_DOCUMENTS = 10  # handbook documents taken per message
MAX_EXTRA_SERIES = 3  # weather/event files read beside the sales file of a forecast
_OTHER_KIND = (
    (IMAGE_SUFFIXES, "ein Foto – zur Qualitätsprüfung bitte in einer eigenen Nachricht senden"),
    (DATA_SUFFIXES, "Verkaufsdaten – bitte in einer eigenen Nachricht senden"),
    (DOC_SUFFIXES, "ein Dokument – fürs Handbuch bitte in einer eigenen Nachricht mit „ins Handbuch aufnehmen“ senden"),
    (ARCHIVE_SUFFIXES, "ein ZIP-Archiv – bitte in einer eigenen Nachricht senden"),
)
_ONE_MORE = {
    "quality_check": f"höchstens {MAX_PHOTOS} Fotos pro Nachricht – bitte die übrigen in einer weiteren senden",
    "quality_training": "ein ZIP-Archiv pro Nachricht – bitte einzeln senden",
    "data_import": "Verkaufsdaten übernehme ich aus einer Datei pro Nachricht – bitte einzeln senden",
    "forecast": f"zu einer Prognose lese ich eine Verkaufsdatei und höchstens {MAX_EXTRA_SERIES} CSV-Dateien mit "
    "Wetter- oder Ereignisdaten",
    "onboarding_qa": f"höchstens {MAX_DOCUMENTS} Dokumente pro Nachricht – bitte die übrigen in einer weiteren senden",
}
_TOOL_KIND = {
    "quality_check": IMAGE_SUFFIXES,
    "quality_training": ARCHIVE_SUFFIXES,
    "data_import": DATA_SUFFIXES,
    "forecast": DATA_SUFFIXES,
    "onboarding_qa": DOC_SUFFIXES,
}
_TOOL_TAKES = {"quality_check": MAX_PHOTOS, "quality_training": 1, "data_import": 1, "onboarding_qa": MAX_DOCUMENTS}


def _kind_reason(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return next((why for kinds, why in _OTHER_KIND if suffix in kinds), "passt nicht zu den übrigen Dateien")


def _forecast_takes(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sales file and at most MAX_EXTRA_SERIES further CSV files (weather, events) of a forecast."""
    extra = [a for a in files[1:] if Path(a["name"]).suffix.lower() == ".csv"][:MAX_EXTRA_SERIES]
    return files[:1] + extra


def shared_out(tool: str, attachments: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[LeftOutFile]]:
    """(the files `tool` processes, name and reason of each file of the message it leaves alone): one kind of file
    per message, and a bounded number of them."""
    kinds = _TOOL_KIND.get(tool)
    if kinds is None:
        return attachments, []
    own = [a for a in attachments if Path(a["name"]).suffix.lower() in kinds]
    taken = _forecast_takes(own) if tool == "forecast" else own[: _TOOL_TAKES[tool]]
    mine, took = {id(a) for a in own}, {id(a) for a in taken}
    left = [
        LeftOutFile(name=a["name"], why=_ONE_MORE[tool] if id(a) in mine else _kind_reason(a["name"]))
        for a in attachments
        if id(a) not in took
    ]
    return taken, left


LEFT_OUT_SHOWN = 12


def left_out_note(left: list[LeftOutFile], total: int) -> str:
    """The German note naming the files of a message that were not processed (empty when none)."""
    if not left:
        return ""
    lines = [f"- „{x['name']}“: {x['why']}" for x in left[:LEFT_OUT_SHOWN]]
    if len(left) > LEFT_OUT_SHOWN:
        lines.append(f"- und {len(left) - LEFT_OUT_SHOWN} weitere")
    head = f"Nicht verarbeitet habe ich {len(left)} von {total} Dateien (sie ändern nichts an Ihren Daten):"
    return "\n".join([head, *lines])


MAX_NAME_CHARS = 120


def shown_name(name: str) -> str:
    """The file name as the chat may show it: no folders, no Markdown/HTML characters, at most 120 characters
    (the suffix kept, it decides what the file is)."""
    base = re.split(r"[\\/]", name)[-1]
    suffix = Path(base).suffix if len(Path(base).suffix) <= 10 else ""
    stem = plain(base[: len(base) - len(suffix)] if suffix else base)
    return (stem[: MAX_NAME_CHARS - len(suffix)].rstrip() or "Datei") + plain(suffix).replace(" ", "")


def attachment_dict(path: Path, name: str | None = None, mime: str | None = None) -> dict[str, Any]:
    """An uploaded file as stored in the state; its name is safe to echo (the browser sends any name)."""
    name = shown_name(name or path.name)
    return {"path": str(path), "name": name, "mime": mime or mimetypes.guess_type(name)[0]}


def announced_without_file(text: str, attachments: list[dict[str, Any]]) -> str | None:
    """'Hier sind unsere Verkaufsdaten als CSV' with nothing attached: say so and how to attach (a question such as
    'Kann ich eine CSV hochladen?' is no announcement), or None."""
    if attachments or text.rstrip().endswith("?"):
        return None
    return NO_FILE if _FILE_WORD.search(text) and _HANDING_OVER.search(text) else None


def wrong_kind(attachments: list[dict[str, Any]], text: str, asked_tool: str) -> str | None:
    """A German hint when only documents are attached but the message asks for a photo check or a sales CSV
    (a text file would otherwise go into the handbook unasked), or None."""
    docs = [a for a in attachments if Path(a["name"]).suffix.lower() in DOC_SUFFIXES]
    if not docs or len(docs) != len(attachments) or "handbuch" in text.lower():
        return None
    if asked_tool == "quality_check":
        return NOT_A_PHOTO.format(name=docs[0]["name"])
    if _SALES_DATA.search(text) or asked_tool in SALES_FILE_TOOLS:
        return NOT_CSV.format(name=docs[0]["name"])
    if asked_tool and asked_tool not in HANDBOOK_OR_CHAT:
        return ONLY_HANDBOOK.format(name=docs[0]["name"])
    return None
