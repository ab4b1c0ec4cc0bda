"""Company profile (trade, size, region) read from free-text answers."""

from __future__ import annotations

import re

from pydantic import BaseModel

from tools.readiness.mapper import normalize

TRADES: dict[str, tuple[str, list[str]]] = {
    "baeckerei": ("Bäckerei/Konditorei", ["baecker", "backwaren", "konditor", "backstube", "brot", "broetchen"]),
    "handwerk": (
        "Handwerk",
        [
            "tischler",
            "schreiner",
            "zimmer",
            "elektr",
            "sanitaer",
            "heizung",
            "maler",
            "dachdeck",
            "handwerk",
            "fliesen",
            "metallbau",
            "schlosser",
            "friseur",
            "installateur",
            "maurer",
            "bauunternehm",
            "hochbau",
            "tiefbau",
        ],
    ),
    "kfz": ("Kfz/Autohaus", ["autohaus", "kfz", "autohaendler", "werkstatt", "auto", "fahrzeug", "reifen"]),
    "pflege": (
        "Pflege/Gesundheit",
        ["pflege", "altenheim", "seniorenheim", "arztpraxis", "praxis", "physio", "apotheke"],
    ),
    "gastronomie": (
        "Gastronomie/Hotel",
        [
            "gastro",
            "restaurant",
            "gaststaette",
            "gasthof",
            "gasthaus",
            "hotel",
            "pension",
            "cafe",
            "imbiss",
            "kneipe",
            "catering",
        ],
    ),
    "handel": ("Handel", ["handel", "laden", "geschaeft", "shop", "boutique", "hofladen", "markt", "verkauf"]),
    "dienstleistung": (
        "Dienstleistung/Büro",
        [
            "steuer",
            "berat",
            "agentur",
            "buero",
            "kanzlei",
            "versicherung",
            "immobilien",
            "dienstleist",
            "reinigung",
            "logistik",
            "spedition",
        ],
    ),
    "produktion": (
        "Industrie/Produktion",
        ["produktion", "fertigung", "fabrik", "maschinenbau", "industrie", "hersteller"],
    ),
    "landwirtschaft": ("Landwirtschaft", ["landwirt", "agrar", "bauernhof", "hof ", "gaertnerei", "forst"]),
}
SIZE_CLASSES = (
    ("kleinst", 1, 9, "1–9 Beschäftigte"),
    ("klein", 10, 49, "10–49 Beschäftigte"),
    ("mittel", 50, 249, "50–249 Beschäftigte"),
    ("gross", 250, 10**9, "ab 250 Beschäftigten"),
)
ALTMARK = (
    "stendal",
    "tangermuende",
    "gardelegen",
    "salzwedel",
    "osterburg",
    "havelberg",
    "bismark",
    "altmark",
    "arendsee",
    "kloetze",
    "seehausen",
    "tangerhuette",
)
SACHSEN_ANHALT = ALTMARK + (
    "magdeburg",
    "halle",
    "dessau",
    "wernigerode",
    "halberstadt",
    "sachsen anhalt",
    "burg",
    "genthin",
    "wittenberg",
    "harz",
    "boerde",
    "quedlinburg",
)
_NUM_WORDS = {
    "einer": 1,
    "eins": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwoelf": 12,
    "fuenfzehn": 15,
    "zwanzig": 20,
    "dreissig": 30,
    "vierzig": 40,
    "fuenfzig": 50,
    "hundert": 100,
}


class Profile(BaseModel):
    """Short company profile; only the classes (not the name) are stored for comparisons."""

    trade: str | None = None
    trade_label: str | None = None
    employees: int | None = None
    size_class: str | None = None
    region: str | None = None
    region_class: str | None = None


def parse_trade(text: str) -> tuple[str, str]:
    """Trade id and German label; unknown trades keep the user's words as label."""
    t = f" {normalize(text)} "
    for tid, (label, keys) in TRADES.items():
        if any(k in t for k in keys):
            return tid, label
    return "sonstige", (text.strip()[:60] or "Sonstige")


def parse_employees(text: str) -> int | None:
    """Number of employees from '12', 'ca. 45 Leute', 'zwischen 10 und 20', 'nur ich'; None if unclear."""
    t = normalize(text)
    if re.search(r"\b(nur ich|allein|alleine|solo|einzelunternehm|ein mann)", t):
        return 1
    m = re.search(r"zwischen (\d+) und (\d+)|(\d+) ?(?:bis|-) ?(\d+)", t)
    if m:
        a, b = (int(x) for x in (m.group(1) or m.group(3), m.group(2) or m.group(4)))
        return round((a + b) / 2)
    m = re.search(r"\d+", t.replace(".", ""))
    if m:
        return int(m.group(0))
    for w in t.split():
        if w in _NUM_WORDS:
            return _NUM_WORDS[w]
    return None


def size_class(employees: int) -> tuple[str, str]:
    """EU size class id and German label."""
    for cid, lo, hi, label in SIZE_CLASSES:
        if lo <= employees <= hi:
            return cid, label
    return "kleinst", SIZE_CLASSES[0][3]


def region_class(text: str) -> str:
    """'altmark', 'sachsen-anhalt' or 'sonstige'."""
    t = normalize(text)
    if any(k in t for k in ALTMARK):
        return "altmark"
    return "sachsen-anhalt" if any(k in t for k in SACHSEN_ANHALT) else "sonstige"
