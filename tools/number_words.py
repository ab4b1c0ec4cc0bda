"""German number words (umlauts folded: "fuenf", "dreissig") for parsers that read amounts written out in words."""

from __future__ import annotations

_UNITS = ("ein", "zwei", "drei", "vier", "fuenf", "sechs", "sieben", "acht", "neun")
_TEENS = ("zehn", "elf", "zwoelf", "dreizehn", "vierzehn", "fuenfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn")
_TENS = ("zwanzig", "dreissig", "vierzig", "fuenfzig", "sechzig", "siebzig", "achtzig", "neunzig")


def _whole_numbers() -> dict[str, int]:
    """Every number word from one to 99 as written (folded): „achtzehn“, „fünfundzwanzig“ – a missing one was read
    as its tail („achtzehn“ as „zehn“, trial 22)."""
    words = {"ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eins": 1}
    words |= {w: i + 2 for i, w in enumerate(_UNITS[1:])}
    words |= {w: i + 10 for i, w in enumerate(_TEENS)}
    for t, tens in enumerate(_TENS):
        words[tens] = 10 * (t + 2)
        words |= {f"{u}und{tens}": 10 * (t + 2) + i + 1 for i, u in enumerate(_UNITS)}
    return words | {"hundert": 100}


NUMBER_WORDS: dict[str, int] = _whole_numbers()
# the alternatives of a pattern, longest first: „achtzehn“ is found before its tail „zehn“
NUMBER_WORDS_PATTERN = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# forms that are mostly the article "a" ("eine Bäckerei mit acht Leuten"): head counts skip them
INDEFINITE_ARTICLES = frozenset({"ein", "eine", "einen", "einem"})
