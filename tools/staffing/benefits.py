"""Benefits for job ads, read from the staff handbook (Markdown) with a documented fallback list."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from tools.settings import PROJECT_ROOT
from tools.staffing.assumptions import load_assumptions

HANDBOOK_DIR = PROJECT_ROOT / "knowledge_base" / "handbuch"
BENEFIT_HEADING = re.compile(r"benefit|zusatzleistung|vorteile|leistungen", re.I)
NIGHT_HEADING = re.compile(r"nachtzuschlag|sonntagszuschlag", re.I)


class Benefits(BaseModel):
    """Benefit lines for a job ad and where they come from."""

    items: list[str]
    source: str


def _sections(text: str) -> list[tuple[int, str, list[str]]]:
    """(level, heading, body lines) for every Markdown heading."""
    out: list[tuple[int, str, list[str]]] = []
    for line in text.splitlines():
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m:
            out.append((len(m.group(1)), m.group(2).strip(), []))
        elif out:
            out[-1][2].append(line)
    return out


def _first_sentence(lines: list[str], limit: int = 200) -> str:
    text = " ".join(ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith(("|", "-")))
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", text, maxsplit=1)[0].strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + " …"


def benefits_from_markdown(text: str, night_work: bool = False, max_items: int = 6) -> list[str]:
    """Sub-sections under a benefits heading → 'Heading: first sentence'; bullet lists as items."""
    items: list[str] = []
    supplements: list[str] = []
    secs = _sections(text)
    inside_level: int | None = None
    for level, heading, body in secs:
        if inside_level is not None and level <= inside_level:
            inside_level = None
        if inside_level is None and BENEFIT_HEADING.search(heading) and level >= 2:
            inside_level = level
            continue
        if inside_level is not None:
            bullets = [ln.strip()[2:].strip() for ln in body if ln.strip().startswith(("- ", "* "))]
            if bullets:
                items.extend(bullets[:2])
            elif sentence := _first_sentence(body):
                items.append(f"{heading}: {sentence}")
        elif night_work and NIGHT_HEADING.search(heading) and (sentence := _first_sentence(body)):
            supplements.append(f"{heading}: {sentence}")
    if not items:
        return []
    return (supplements + items)[:max_items]


def handbook_benefits(night_work: bool = False, folder: Path = HANDBOOK_DIR) -> Benefits:
    """Benefits from the first handbook file that has a benefits section; else the fallback list."""
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        items = benefits_from_markdown(path.read_text(encoding="utf-8"), night_work=night_work)
        if items:
            return Benefits(items=items, source=f"Mitarbeiterhandbuch, {path.name}")
    return Benefits(
        items=load_assumptions().recruiting.fallback_benefits,
        source="Standardliste (kein Handbuchabschnitt zu Zusatzleistungen gefunden)",
    )
