"""Stops a tour request names besides the branches („wir beliefern auch den Weihnachtsmarkt“): each is either one of
the company's delivery points (planned anyway) or unknown – then the answer says so instead of dropping the wish."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold
from agents.nlu.slots import extract_branches
from tools.company.catalog import BRANCHES

# „auch (noch) den Weihnachtsmarkt“, „zusätzlich zum Wochenmarkt in Stendal“, „außerdem das Hotel am See“
_EXTRA = re.compile(
    r"\b(?:auch|zusätzlich|zusaetzlich|außerdem|ausserdem|dazu)\s+(?:noch\s+)?"
    r"(?:(?:an\s+|nach\s+|zu\s+)?(?:den|die|das|dem|der|zum|zur|ins|einen|eine|ein)\s+)"
    r"([a-zäöüß][a-zäöüß\-]*(?:\s+(?:in|am|an der|an|im|vom|von der|bei)\s+[a-zäöüß][a-zäöüß\-]*)?)",
)
# words after „auch den/die …“ that name no place (a time, an amount, the tours themselves)
_NO_STOP = frozenset(
    "tour touren route routen lieferung lieferungen kosten preis plan morgen tag woche wagen fahrer filiale "
    "filialen ware kisten sprit rest rückfahrt rueckfahrt backplan produktionsplan ofenplan kosten".split()
)
_NO_STOP_FOLDED = frozenset(fold(w) for w in _NO_STOP)
_SMALL = frozenset({"in", "am", "an", "der", "im", "vom", "von", "bei"})


def named_extra_stops(text: str) -> list[str]:
    """The stops a message asks to serve besides the usual ones, as written („Weihnachtsmarkt in Tangermünde“)."""
    stops: list[str] = []
    for m in _EXTRA.finditer(text.lower()):
        name = m.group(1).strip()
        if fold(name.split()[0]) in _NO_STOP_FOLDED:
            continue
        stops.append(" ".join(w if w in _SMALL else w.capitalize() for w in name.split()))
    return stops


def _is_known(stop: str) -> bool:
    """The stop's head word is the Backstube or one of the company's branches (by town or name)."""
    head = fold(stop).split()[0]
    if head in {"backstube", "zentrale"}:
        return True
    return bool(extract_branches(head)[0])


def unknown_extra_stops(text: str) -> list[str]:
    """The named extra stops that are no delivery point in the company's data (not planned: to be said)."""
    return [s for s in named_extra_stops(text) if not _is_known(s)]


def unknown_stops_note(stops: list[str]) -> str:
    """German sentence: which named stop is not planned, why, and what is needed to plan it."""
    names = " und ".join(f"„{s}“" for s in stops)
    one = len(stops) == 1
    return (
        f"{'Das genannte Ziel' if one else 'Die genannten Ziele'} {names} {'ist' if one else 'sind'} nicht "
        f"eingeplant: In Ihren Stammdaten gibt es dafür keine Lieferstelle – die Touren fahren nur Ihre "
        f"{len(BRANCHES)} Filialen an. Damit {'es' if one else 'sie'} mitgeplant {'wird' if one else 'werden'}, "
        f"{'muss es' if one else 'müssen sie'} als Lieferstelle in den Stammdaten ergänzt werden (im Chat geht das "
        "bisher nicht): Lage (Adresse), spätester Liefertermin und Menge in Kisten je Tag."
    )
