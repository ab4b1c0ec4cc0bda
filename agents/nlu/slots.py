"""Extract slots from a German request: dates, products, groups, branches, amounts, percentages, counts."""

from __future__ import annotations

import re
from datetime import date, timedelta

from agents.contracts import DateRange, Slots
from agents.nlu.dates import NUMBER_WORDS, parse_date_expression
from agents.nlu.normalize import fold, one_edit_apart
from agents.nlu.places import unknown_place
from tools.company.catalog import BRANCHES, GROUP_NAMES, PRODUCTS, Product

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
# baked goods and snacks people ask for that Korn & Kruste does not sell (for a clear message, not a guess)
OTHER_PRODUCTS = {
    "donut": "Donuts",
    "donuts": "Donuts",
    "bagel": "Bagels",
    "bagels": "Bagels",
    "muffin": "Muffins",
    "muffins": "Muffins",
    "cookie": "Cookies",
    "cookies": "Cookies",
    "brownie": "Brownies",
    "brownies": "Brownies",
    "baguette": "Baguettes",
    "baguettes": "Baguettes",
    "ciabatta": "Ciabatta",
    "zimtschnecke": "Zimtschnecken",
    "zimtschnecken": "Zimtschnecken",
    "quarkbaellchen": "Quarkbällchen",
    "eclair": "Eclairs",
    "eclairs": "Eclairs",
    "macarons": "Macarons",
    "pizza": "Pizza",
    "sandwich": "Sandwiches",
    "sandwiches": "Sandwiches",
    "toast": "Toast",
    "toastbrot": "Toastbrot",
    "kaffee": "Kaffee",
}
# a compound naming goods the catalogue does not have („Franzbrötchen“, „Mohnschnecken“): named back, not ignored;
# compounds of a time or occasion („Sonntagsbrötchen“, „Frühstücksbrötchen“) are the catalogue's own goods
_GOODS_COMPOUND = re.compile(
    r"\b([a-z]{3,}?(?:broetchen|schnecken?|kuchen|torten?|brote?|stangen?|zopf|zoepfe|semmeln?|plunder|teilchen|"
    r"krapfen|hoernchen|stuten|brezeln?|croissants?|schrippen?))\b"
)
_OCCASION = re.compile(
    r"^(?:sonntag|samstag|wochenend|werktag|feiertag|fruehstueck|abend|morgen|mittag|pausen|butter|weihnacht|"
    r"advent|oster|geburtstag|kinder|lieblings|lieferung|verkauf|back|stueck|tages|rest|alt|frisch|belegt|halb)"
)


def unknown_goods(text: str) -> str | None:
    """The first compound in `text` that names goods outside the catalogue, as the user wrote it, or None."""
    for word in re.findall(r"[\wÄÖÜäöüß]+", text):
        t = fold(word)
        if _GOODS_COMPOUND.fullmatch(t) and not _OCCASION.match(t) and not extract_products(t):
            return word[0].upper() + word[1:]
    return None


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
    ("stendaler markt", "stendal_markt"),
    ("stendaler bahnhof", "stendal_bahnhof"),
    ("bahnhof", "stendal_bahnhof"),
    ("stadtinsel", "havelberg"),
    ("holzmarkt", "gardelegen"),
]


def _word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) is not None


_GENERIC = frozenset({"broetchen", "kuchen", "torte", "torten", "brot"})  # group words, not products
_FUZZY_MIN = 7  # a word this long may carry one typo ("bretzeln" for "brezeln"); shorter ones are too often words


def _names(p: Product) -> list[str]:
    names = {fold(p.name), fold(p.id)} | {fold(s) for s in p.synonyms}
    return sorted((n for n in names if n not in _GENERIC), key=len, reverse=True)


def _misspelt(t: str) -> list[str]:
    """Products named with one typo in a one-word name ("bretzeln", "croisants"); only when none is named right."""
    groups = _GENERIC | {w for ws in GROUP_WORDS.values() for w in ws}
    words = [w for w in re.findall(r"[a-z]+", t) if len(w) >= _FUZZY_MIN and w not in groups]
    found: list[str] = []
    for p in PRODUCTS:
        forms = [f for n in _names(p) if " " not in n and len(n) >= _FUZZY_MIN - 1 for f in (n, n + "n", n + "s")]
        if any(one_edit_apart(w, f) for w in words for f in forms):
            found.append(p.id)
    return found


def extract_products(t: str) -> list[str]:
    """Product ids named in folded text `t` (synonyms, plural forms, typos within one letter of a suffix,
    one typo in a long word when nothing is named right)."""
    found: list[str] = []
    for p in PRODUCTS:
        for n in _names(p):
            if _word_in(n, t) or _word_in(n + "e", t) or _word_in(n + "n", t) or _word_in(n + "s", t):
                found.append(p.id)
                break
    return found or _misspelt(t)


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


# a capitalised „Filiale“ followed by a lower-case word: the writer capitalises nouns, so the word is no town
_LOWER_AFTER_NOUN = re.compile(r"\b(?:Filiale|Laden|Standort|Geschäft)\s+(?:in\s+)?(?!in\s)[a-zäöüß]")


def extract_branches(t: str) -> tuple[list[str], str | None]:
    """Branch ids named in `t`, and an unknown place if the user named a town we have no branch in."""
    found: list[str] = []
    for key, bid in sorted(_BRANCH_KEYS, key=lambda kv: len(kv[0]), reverse=True):
        if _word_in(key, t) and bid not in found:
            found.append(bid)
    for town, ids in _TOWNS.items():
        if _word_in(town, t) and not any(b in found for b in ids):
            found.extend(ids)
    if not found:  # „Backplan für Stendl morgen“: one letter missing or swapped was read as no branch at all
        words = [w for w in re.findall(r"[a-z]+", t) if len(w) >= _FUZZY_MIN - 1]
        found = [b for town, ids in _TOWNS.items() if any(one_edit_apart(w, town) for w in words) for b in ids]
    unknown = None
    m = re.search(r"\b(?:filiale|laden|standort|geschaeft)\s+(?:in\s+)?([a-z][a-z\-]+)", t)
    if m and not found and m.group(1) not in _NOT_A_PLACE:
        unknown = m.group(1)
    for place in OTHER_PLACES:
        if not found and _word_in(place, t):
            unknown = place
    if not found and unknown is None:  # „Plan für Quedlinburg morgen“
        unknown = unknown_place(t)
    return found, (unknown.capitalize() if unknown else None)


def _to_float(num: str) -> float:
    num = num.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", num):
        num = num.replace(".", "")
    return float(num.replace(",", "."))


_THOUSANDS_WORD = re.compile(
    rf"\b({'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})?(?:und)?tausend(?=\s*(?:€|eur\b|euro\b))"
)


def _thousands_in_digits(t: str) -> str:
    """'zwanzigtausend Euro' → '20000 Euro', 'fünftausend €' → '5000 €' (folded text; whole thousands only)."""
    return _THOUSANDS_WORD.sub(lambda m: str(NUMBER_WORDS.get(m.group(1) or "ein", 1) * 1000), t)


def extract_amounts(t: str) -> list[float]:
    """Euro amounts in order: '48.000 €', '9000 Euro', '1,5 Mio', '12 Tsd. Euro', '€ 250', 'zwanzigtausend Euro'."""
    t = _thousands_in_digits(t)
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
    if not re.search(r"\b(?:stueck|kg|kilo|stunden?|std|leute|mitarbeiter|broetchen|brote|tueten)\b", t):
        out += [_to_float(n) for n in re.findall(_YEARLY_BARE, t)]  # "… wenn sie uns 3.000 im Jahr spart"
        if not out and _PURCHASE_WORDS.search(t):  # „nen neuen Ofen leisten, so 40.000?“: a price without „€“
            out += [_to_float(n) for n in re.findall(_THOUSANDS_BARE, t)]
    return out


# a purchase asked about (its price may come without a currency) and a number written with thousands points
_PURCHASE_WORDS = re.compile(r"\b(?:leisten|kosten|kostet|kaufen|anschaffen|anschaffung|investier\w*|lohnt)\b")
_THOUSANDS_BARE = r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+)(?![\d.,])"


# a yearly sum written without a currency ("3.000 im Jahr", "2000 pro Jahr"): thousands only, no unit named
_YEARLY_BARE = r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d{4,})(?![\d.,]*\s*(?:€|eur\b|euro\b|mio|tsd|tausend|k\b))\s+(?:im|pro|per|jedes)\s+jahr"


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
    if _DOWN.search(t) and value > 0:
        value = -value
    return value


# words that make a percentage a fall: „sinkt“, „bricht … ein“ / „einbricht“, „geht … zurück“, „schrumpft“, „verlieren“
_DOWN = re.compile(
    r"\b(?:sinkt|sinken|gesunken|faellt|fallen|gefallen|weniger|rueckgang\w*|einbruch|einbrich\w*|einbrech\w*"
    r"|eingebrochen|minus|verringer\w*|senken|senkt|schrumpf\w*|verlier\w*|verloren|abnimmt|abnehmen|nachlass\w*|nachlaesst"
    r"|wegbrich\w*|wegbrech\w*|weggebrochen|runter\w*|zurueckg\w*|niedriger|geringer|schwaecher|abschwaech\w*|schlechter)\b"
    r"|\bbrich\w*\b.{0,40}\bein\b|\bgeh\w*\b.{0,40}\bzurueck\b|\bnimmt\b.{0,40}\bab\b"
    # sales that are missing or lost: „15 % Umsatz fehlen“, „fällt ein Fünftel der Einnahmen weg“ (not „uns fehlen
    # 10 % Brötchen“: goods that run short call for more, so only money words count here)
    r"|\b(?:fehl|ausfall|ausfaell|wegfall|wegfaell|einbuss|entgeh|entgang)\w*\b.{0,40}\b(?:umsatz|absatz|einnahme|erloes)"
    r"|\b(?:umsatz|absatz|einnahme|erloes)\w*\b.{0,40}\b(?:fehl|ausfall|ausfaell|wegfall|wegfaell|einbuss|entgeh)\w*\b"
    r"|\b(?:umsatz|absatz|einnahme|erloes)\w*?(?:ausfall|ausfaelle|einbusse|verlust)\w*"
)


def extract_count(t: str, unit_pattern: str) -> int | None:
    m = re.search(rf"\b(\d+|{'|'.join(NUMBER_WORDS)})\s+(?:{unit_pattern})", t)
    if not m:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1)]


# a question about what happened ("Wie viele Retouren hatten wir im November?"): a month is the one gone by
_PAST_TENSE = re.compile(
    r"\b(?:hatten|hatte|war|waren|wurden|wurde|gab es|gemacht|verkauft haben|verkauften|verkaufte|lief|liefen"
    r"|gelaufen|umgesetzt|eingenommen)\b|\b(?:haben|hat|habt)\b.*\b(?:verkauft|gebacken|gemacht)\b"
    # goods written off are booked after the day („Abschriften im Oktober“, „… weggeschmissen“)
    r"|\babschrift\w*|\bweggeworfen\b|\bweggeschmissen\b|\buebrig geblieben\b|\bzurueckgekommen\b"
)


def asks_about_the_past(t: str) -> bool:
    """True when folded text `t` asks in the past tense (then dates are read backwards from today)."""
    return _PAST_TENSE.search(t) is not None


# „Brötchenpreis“, „Stollenpreisen“, „Stollenbedarf“, „Brezelmenge“, „Brötchenbestellung“: the goods in front of a
# word for their price or amount are named
_GOODS_COMPOUND_TAIL = re.compile(
    r"\b([a-z]{3,}?)s?(preis(?:e|en|es)?|bedarfs?|mengen?|bestellung(?:en)?|produktion|absatz(?:es)?|nachfrage"
    r"|prognosen?|vorrats?)\b"
)


# „Brot, nicht Brötchen“, „Brot statt Brötchen“: goods named only to be ruled out (kept when nothing else is named)
_RULED_OUT = re.compile(r"\b(?:nicht|statt|anstatt|anstelle von)\s+(?:die |den |das |der |dem )?[a-z]+")


def _without_ruled_out(goods: str) -> str:
    """Folded text without the goods ruled out by „nicht …“/„statt …“, when other goods are still named."""
    kept = _RULED_OUT.sub(" ", goods)
    if kept == goods:
        return goods
    named = extract_products(kept) or extract_groups(kept, [])
    return kept if named else goods


def _gone_by(found: DateRange | None, t: str, today: date) -> DateRange | None:
    """„Wie lief der November?“ on the 25th: asked in the past tense about a period that runs on past today, the
    days gone by (up to yesterday) – not a forecast of the rest (trial 30)."""
    if found is None or not asks_about_the_past(t) or not found.start < today < found.end:
        return found
    end = today - timedelta(days=1)
    return DateRange(start=found.start, end=end, label=f"{found.label} (bis {end:%d.%m.%Y})")


def extract_slots(text: str, today: date) -> Slots:
    """All slots of one request."""
    t = fold(text)
    goods = _without_ruled_out(_GOODS_COMPOUND_TAIL.sub(r"\1 \2", t))
    products = extract_products(goods)
    branches, unknown = extract_branches(t)
    if unknown and _LOWER_AFTER_NOUN.search(text):  # „Welche Filiale bringt …“: a verb, not a town
        unknown = None
    amounts = extract_amounts(t)
    return Slots(
        text=text,
        dates=_gone_by(parse_date_expression(text, today, past=asks_about_the_past(t)), t, today),
        products=products,
        groups=extract_groups(goods, products),
        branches=branches,
        unknown_branch=unknown,
        amount_eur=amounts[0] if amounts else None,
        amounts_eur=amounts,
        percent=extract_percent(t),
        headcount=extract_count(t, r"(?:mitarbeiter|leute|personen|kraefte|verkaeufer|baecker|fahrer|azubis|stellen)"),
        months=extract_count(t, r"monat"),
        years=extract_count(t, r"jahr"),
        unknown_product=None
        if products
        else next((v for k, v in OTHER_PRODUCTS.items() if _word_in(k, t)), None)
        or (None if extract_groups(goods, products) else unknown_goods(text)),
    )
