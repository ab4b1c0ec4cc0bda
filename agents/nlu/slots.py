"""Extract slots from a German request: dates, products, groups, branches, amounts, percentages, counts."""

from __future__ import annotations

import re
from datetime import date

from agents.contracts import Slots
from agents.nlu.dates import NUMBER_WORDS, parse_date_expression
from agents.nlu.normalize import fold
from tools.company.catalog import BRANCHES, GROUP_NAMES, PRODUCTS

GROUP_WORDS: dict[str, list[str]] = {
    "brot": ["brote", "brot", "broten"],
    "broetchen": ["broetchen", "backwaren klein", "kleingebaeck"],
    "feingebaeck": ["feingebaeck", "plundergebaeck", "suesses gebaeck"],
    "konditorei": ["konditorei", "torten", "tortenstuecke"],
    "kuchen": ["kuchen", "blechkuchen"],
    "saison": ["saisongebaeck", "saisonartikel", "weihnachtsgebaeck", "saisonware"],
}
# place names that are no branch of ours but may be asked for (for a clear message)
OTHER_PLACES = [
    "magdeburg",
    "berlin",
    "hamburg",
    "wolfsburg",
    "uelzen",
    "genthin",
    "burg",
    "kloetze",
    "arendsee",
    "seehausen",
    "werben",
    "wittenberge",
    "rathenow",
    "halle",
    "leipzig",
    "hannover",
    "kalbe",
    "tangerhuette",
    "oebisfelde",
    "letzlingen",
    "kiel",
]
_BRANCH_KEYS: list[tuple[str, str]] = []
for _b in BRANCHES:
    _BRANCH_KEYS.append((fold(_b.name), _b.id))
    _BRANCH_KEYS.append((fold(_b.id.replace("_", " ")), _b.id))
_TOWNS: dict[str, list[str]] = {}
for _b in BRANCHES:
    _TOWNS.setdefault(fold(_b.town), []).append(_b.id)
_BRANCH_KEYS += [
    ("stendal markt", "stendal_markt"),
    ("marktplatz", "stendal_markt"),
    ("am markt", "stendal_markt"),
    ("bahnhof", "stendal_bahnhof"),
    ("stadtinsel", "havelberg"),
    ("holzmarkt", "gardelegen"),
]


def _word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) is not None


def extract_products(t: str) -> list[str]:
    """Product ids named in folded text `t` (synonyms, plural forms, typos within one letter of a suffix)."""
    found: list[str] = []
    for p in PRODUCTS:
        names = {fold(p.name), fold(p.id)} | {fold(s) for s in p.synonyms}
        generic = {"broetchen", "kuchen", "torte", "torten", "brot"}
        for n in sorted(names, key=len, reverse=True):
            if n in generic:
                continue  # generic words are groups, not products
            if _word_in(n, t) or _word_in(n + "e", t) or _word_in(n + "n", t) or _word_in(n + "s", t):
                found.append(p.id)
                break
    return found


def extract_groups(t: str, products: list[str]) -> list[str]:
    groups = [g for g, words in GROUP_WORDS.items() if any(_word_in(w, t) for w in words)]
    groups += [g for g, name in GROUP_NAMES.items() if _word_in(fold(name), t) and g not in groups]
    if "broetchen" in groups and any(p in products for p in ("mehrkornbroetchen", "roggenbroetchen")):
        groups.remove("broetchen")
    if "brot" in groups and any(p in products for p in ("landbrot", "roggenbrot", "dinkelbrot", "kastenweissbrot")):
        groups.remove("brot")
    return groups


# words after "Laden"/"Filiale" that are no place ("Wie läuft der Laden insgesamt?")
_NOT_A_PLACE = frozenset(
    "morgen heute uebermorgen gestern die der das den dem des am im fuer insgesamt gesamt gerade jetzt noch "
    "schon so ist sind war hat haben laeuft lief steht stehen geht ueberhaupt eigentlich denn da dort auch "
    "aber und oder bitte mal wieder dann zu auf ab voll leer gut heuer diese dieser diesen".split()
)


def extract_branches(t: str) -> tuple[list[str], str | None]:
    """Branch ids named in `t`, and an unknown place if the user named a town we have no branch in."""
    found: list[str] = []
    for key, bid in sorted(_BRANCH_KEYS, key=lambda kv: len(kv[0]), reverse=True):
        if _word_in(key, t) and bid not in found:
            found.append(bid)
    for town, ids in _TOWNS.items():
        if _word_in(town, t) and not any(b in found for b in ids):
            found.extend(ids)
    unknown = None
    m = re.search(r"\b(?:filiale|laden|standort|geschaeft)\s+(?:in\s+)?([a-z][a-z\-]+)", t)
    if m and not found and m.group(1) not in _NOT_A_PLACE:
        unknown = m.group(1)
    for place in OTHER_PLACES:
        if not found and _word_in(place, t):
            unknown = place
    return found, (unknown.capitalize() if unknown else None)


def _to_float(num: str) -> float:
    num = num.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", num):
        num = num.replace(".", "")
    return float(num.replace(",", "."))


def extract_amounts(t: str) -> list[float]:
    """Euro amounts in order: '48.000 €', '9000 Euro', '1,5 Mio', '12 Tsd. Euro', '€ 250'."""
    pattern = r"(\d[\d\.\s]*(?:,\d+)?)\s*(mio\.?|millionen|tsd\.?|tausend|k)?\s*(?:€|eur\b|euro\b)"
    out = []
    for num, mult in re.findall(pattern, t):
        value = _to_float(num.strip())
        if mult.startswith("mio") or mult.startswith("million"):
            value *= 1_000_000
        elif mult:
            value *= 1000
        out.append(value)
    out += [_to_float(n) for n in re.findall(r"(?:€|eur)\s*(\d[\d\.]*(?:,\d+)?)", t)]
    return out


def extract_percent(t: str) -> float | None:
    m = re.search(r"([+-]?\d+(?:,\d+)?)\s*(?:%|prozent)", t)
    value: float | None = None
    if m:
        value = _to_float(m.group(1))
    else:
        for word, frac in (
            ("ein fuenftel", 20.0),
            ("ein viertel", 25.0),
            ("ein drittel", 100 / 3),
            ("die haelfte", 50.0),
            ("verdoppel", 100.0),
        ):
            if word in t:
                value = frac
    if value is None:
        return None
    if (
        re.search(r"\b(sinkt|sinken|faellt|fallen|weniger|rueckgang|einbruch|minus|verringert|senken)\b", t)
        and value > 0
    ):
        value = -value
    return value


def extract_count(t: str, unit_pattern: str) -> int | None:
    m = re.search(rf"\b(\d+|{'|'.join(NUMBER_WORDS)})\s+(?:{unit_pattern})", t)
    if not m:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1)]


def extract_slots(text: str, today: date) -> Slots:
    """All slots of one request."""
    t = fold(text)
    products = extract_products(t)
    branches, unknown = extract_branches(t)
    amounts = extract_amounts(t)
    return Slots(
        text=text,
        dates=parse_date_expression(text, today),
        products=products,
        groups=extract_groups(t, products),
        branches=branches,
        unknown_branch=unknown,
        amount_eur=amounts[0] if amounts else None,
        amounts_eur=amounts,
        percent=extract_percent(t),
        headcount=extract_count(t, r"(?:mitarbeiter|leute|personen|kraefte|verkaeufer|baecker|fahrer|azubis|stellen)"),
        months=extract_count(t, r"monat"),
        years=extract_count(t, r"jahr"),
    )
