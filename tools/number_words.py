"""German number words (umlauts folded: "fuenf", "dreissig") for parsers that read amounts written out in words."""

from __future__ import annotations

NUMBER_WORDS: dict[str, int] = {
    "ein": 1,
    "eine": 1,
    "einen": 1,
    "einem": 1,
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
    "vierzehn": 14,
    "fuenfzehn": 15,
    "zwanzig": 20,
    "dreissig": 30,
    "vierzig": 40,
    "fuenfzig": 50,
    "sechzig": 60,
    "hundert": 100,
}
# forms that are mostly the article "a" ("eine Bäckerei mit acht Leuten"): head counts skip them
INDEFINITE_ARTICLES = frozenset({"ein", "eine", "einen", "einem"})
