"""Places of the region (data/places.yaml) found in a visitor's free text: the seat of the business and its class."""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from tools.readiness.bank import DATA_DIR
from tools.readiness.mapper import normalize

_WORD = re.compile(r"[\wÄÖÜäöüß]+")


def _key(name: str) -> str:
    """'Oebisfelde-Weferlingen' → 'oebisfelde weferlingen': the words of a place, normalized, hyphens as spaces."""
    return " ".join(_WORD.findall(normalize(name).replace("-", " ")))


def _load() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(Altmark places, all places of Sachsen-Anhalt, places that are common words, too) from data/places.yaml."""
    raw = yaml.safe_load((DATA_DIR / "places.yaml").read_text(encoding="utf-8"))
    altmark = {_key(p) for group in raw["altmark"].values() for p in group}
    rest = {_key(p) for group in raw["sachsen-anhalt"].values() for p in group}
    return frozenset(altmark), frozenset(altmark | rest), frozenset(_key(p) for p in raw["common_words"])


ALTMARK, SACHSEN_ANHALT, COMMON_WORDS = _load()
_LONGEST = max(len(p.split()) for p in SACHSEN_ANHALT)
_PLACE_PREPOSITIONS = frozenset({"in", "aus", "bei", "bi", "nahe", "naehe", "nähe"})
# „Stendaler Raum“, „Magdeburger Umland“: a place's adjective names the region, too (for its class only)
_ADJECTIVE_ENDS = ("er", "ern", "erin")


class Found(NamedTuple):
    """A place found in a text: its key (normalized) and the words as written."""

    key: str
    written: str


def _places_in(text: str) -> list[tuple[int, Found]]:
    """Every place of the lists in `text`, longest match first at each word ('Bad Dürrenberg', 'Kalbe (Milde)'),
    with the index of its first word."""
    words = list(_WORD.finditer(text))
    keys = [_key(w.group(0)) for w in words]
    found: list[tuple[int, Found]] = []
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            key = " ".join(keys[i : i + n])
            if key in SACHSEN_ANHALT:
                found.append((i, Found(key, text[words[i].start() : words[i + n - 1].end()])))
                i += n - 1
                break
        i += 1
    return found


def _words_before(text: str, index: int) -> list[str]:
    return [_key(w) for w in _WORD.findall(text)][max(0, index - 2) : index]


def region_mentioned(text: str) -> str | None:
    """A known place of the region named after "in/aus/bei" ("Pflegedienst mit 25 Leuten in Salzwedel",
    "aus der Altmark", "in Bad Dürrenberg"), as written; None otherwise (only places of the region lists count)."""
    for i, place in _places_in(text):
        before = _words_before(text, i)
        if before and (before[-1] in _PLACE_PREPOSITIONS or before[0] in _PLACE_PREPOSITIONS):
            return place.written
    return None


def list_parts(text: str) -> list[str]:
    """The comma-separated parts of a short list answer ("Tischlerei, 12, Gardelegen")."""
    # "Gasthof, 9 Leute, Arendsee – kann ich …": a dash or a sentence end closes a part, too
    return [x.strip() for x in re.split(r"[,;/?!]| und | [–—-] |\. ", text) if x.strip()]


def region_listed(text: str) -> str | None:
    """A known place standing alone in a list answer ("Steuerkanzlei, 7 Leute, Tangermünde"); None otherwise."""
    return next((part for part in list_parts(text)[1:] if _key(part) in SACHSEN_ANHALT), None)


_SHORT_DESCRIPTION = 12


def region_named(text: str) -> str | None:
    """A known place anywhere in a short self-description without comma or preposition ("tischlerei 8 leute
    gardelegen", "Friseursalon in Wolmirstedt"), as written; None for longer texts and for places that are common
    words, too („wir bauen eine Halle“, „wir werben bei Facebook“)."""
    if len(_WORD.findall(text)) > _SHORT_DESCRIPTION:
        return None
    return next((p.written for _, p in _places_in(text) if p.key not in COMMON_WORDS), None)


def place_shown(place: str) -> str:
    """A place as shown back: "gardelegen" typed in lower case is shown as "Gardelegen"."""
    return "-".join(w[:1].upper() + w[1:] for w in place.split("-")) if place.islower() else place


def looks_like_place(text: str) -> bool:
    """A plausible answer to "Wo sitzt Ihr Unternehmen?": a known place, or a few words that are neither a number,
    a yes/no nor a request (the browser trials stored "Ergebnis bitte" and "2" as the region)."""
    if _places_in(text):
        return True
    t = normalize(text)
    words = t.split()
    if not words or len(words) > 6 or not re.search(r"[a-z]{3}", t):
        return False
    return words[0] not in _NOT_PLACE_START


_NOT_PLACE_START = frozenset(
    "ja nein nee noe doch teilweise teils eher gar kaum selten oft immer nie weiss keine kein ergebnis bitte "
    "was wie warum wieso wer wann zeig zurueck weiter stopp".split()
)


def _adjective_place(word: str) -> str | None:
    """'stendaler' → 'stendal', 'magdeburger' → 'magdeburg'; None for other words."""
    for end in _ADJECTIVE_ENDS:
        if word.endswith(end) and word[: -len(end)] in SACHSEN_ANHALT:
            return word[: -len(end)]
    return None


def region_class(text: str) -> str:
    """'altmark', 'sachsen-anhalt' or 'sonstige' – by whole place names ("Hamburg" is no "Burg", "Sachsen-Anhalt"
    with its hyphen counts) or a place's adjective ("Stendaler Umland")."""
    keys = [p.key for _, p in _places_in(text)]
    keys += [k for w in _key(text).split() if (k := _adjective_place(w))]
    if any(k in ALTMARK for k in keys) or "altmaerk" in normalize(text):
        return "altmark"
    return "sachsen-anhalt" if keys else "sonstige"
