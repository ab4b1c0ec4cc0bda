"""Query expansion: colloquial and regional German words -> the words a handbook uses.

Product synonyms come from the catalog (Schrippe/Semmel -> Weizenbrötchen); the rest is a small
hand-written list of everyday words for work, pay and hygiene. Expansion terms get a lower weight.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tools.company.catalog import PRODUCTS
from tools.rag.text import fold, stem

# everyday word (folded, lower case) -> words used in formal documents
EVERYDAY: dict[str, str] = {
    "azubi": "auszubildende ausbildung jugendliche",
    "azubis": "auszubildende ausbildung jugendliche",
    "lehrling": "auszubildende ausbildung",
    "lehrjahr": "ausbildungsjahr ausbildungsvergütung",
    "chef": "geschäftsführung filialleitung",
    "chefin": "geschäftsführung filialleitung",
    "stempeln": "zeiterfassung arbeitszeit",
    "stempel": "zeiterfassung",
    "einstempeln": "zeiterfassung",
    "gelber": "arbeitsunfähigkeitsbescheinigung",
    "krankschreibung": "arbeitsunfähigkeitsbescheinigung",
    "krankenschein": "arbeitsunfähigkeitsbescheinigung",
    "attest": "arbeitsunfähigkeitsbescheinigung ärztliche bescheinigung",
    "krank": "krankheit krankmeldung",
    # being ill named by its symptom („ich hab Fieber und sollte um 5 in der Backstube sein“)
    "fieber": "krankheit krankmeldung",
    "grippe": "krankheit krankmeldung",
    "erkaeltet": "krankheit krankmeldung",
    "erkaeltung": "krankheit krankmeldung",
    # "Ich fühl mich nicht gut", "mir ist unwohl": being ill in everyday words
    "unwohl": "krankheit krankmeldung",
    "fuehl": "krankheit krankmeldung",
    "fuehle": "krankheit krankmeldung",
    # a new employee's first questions (trial 6: "Wann fängt meine Schicht an?", "und was zieh ich da an?")
    "anziehen": "arbeitskleidung tragen",
    "anziehe": "arbeitskleidung tragen",
    "zieh": "arbeitskleidung tragen",
    "ziehe": "arbeitskleidung tragen",
    "klamotten": "arbeitskleidung",
    # the old word for the food-hygiene instruction ("Brauche ich ein Gesundheitszeugnis?")
    "gesundheitszeugnis": "erstbelehrung belehrung infektionsschutzgesetz gesundheitsamt",
    "gesundheitspass": "erstbelehrung belehrung infektionsschutzgesetz gesundheitsamt",
    "kleidung": "arbeitskleidung",
    "faengt": "beginnt frühschicht spätschicht",
    # lead's probe: „Wann muss ich morgens da sein?“, „Darf ich in der Pause rauchen?“
    "morgens": "frühschicht öffnung",
    "rauchen": "rauchen hygiene theke",
    "zigarette": "rauchen hygiene",
    # "Wie lange darf ich am Tag arbeiten?" (browser trial 5: answered with the special leave)
    "tag": "tägliche",
    # the separable verb: the handbook writes „Bringen Sie außerdem mit“ (trial 35: „was muss ich am ersten tag
    # mitbringen?“ was answered „nichts“)
    "mitbringen": "bringen mit",
    "mitnehmen": "bringen mit",
    "gehalt": "lohn",
    "zahltag": "lohnzahlung lohn überwiesen",
    "lohntag": "lohnzahlung lohn überwiesen",
    "tiefkühler": "tiefkühltruhe tiefkühlzelle",
    "gefrierschrank": "tiefkühltruhe tiefkühlzelle",
    "gefriertruhe": "tiefkühltruhe tiefkühlzelle",
    "froster": "tiefkühltruhe tiefkühlzelle",
    "geld": "lohn",
    "verdient": "stundenlohn lohn",
    "verdiene": "stundenlohn lohn",
    "spritgeld": "fahrtkostenzuschuss",
    "kilometergeld": "kilometer erstattet",
    "pendeln": "fahrtkostenzuschuss",
    "fahrgeld": "fahrtkostenzuschuss",
    "betriebsrente": "betriebliche altersvorsorge",
    "rente": "altersvorsorge",
    "ehering": "schmuck ringe",
    "ring": "schmuck ringe",
    "ringe": "schmuck",
    "uhr": "schmuck uhren",
    "kette": "schmuck",
    "piercing": "schmuck piercings",
    "nagellack": "fingernägel unlackiert",
    "kamera": "videoüberwachung",
    "video": "videoüberwachung",
    "kameravideo": "videoüberwachung aufnahmen",
    "heiligabend": "24. dezember",
    "silvester": "31. dezember",
    # trial 8: „reicht es wenn ich meiner Chefin per WhatsApp schreibe?“ (the handbook says „Messenger“)
    "whatsapp": "messenger nachricht",
    "sms": "messenger nachricht",
    "textnachricht": "messenger nachricht",
    "weihnachten": "dezember weihnachtsfeiertag",
    "putzen": "reinigen reinigung",
    "sauber": "reinigen reinigung",
    "klo": "toiletten",
    "wc": "toiletten",
    "grad": "temperatur °c",
    "warm": "temperatur",
    "kalt": "temperatur kühlung",
    "heiß": "temperatur",
    "ec": "girocard",
    "karte": "kartenzahlung girocard",
    "bar": "bargeld",
    "fett": "siedefett",
    "frittieren": "siedefett ausbacken",
    "wochenende": "samstag sonntag",
    "feiertags": "feiertag",
    "sonntags": "sonntag",
    "samstags": "samstag",
    "frei": "freistellung",
    "heiraten": "hochzeit",
    "heirate": "hochzeit",
    "schwanger": "schwangere mutterschutz",
    "kündigen": "kündigung",
    "gekündigt": "kündigung",
    "verbrannt": "verbrennungen",
    "geschnitten": "schnittverletzungen wunde verletzung",
    "verletzt": "verletzung unfall",
    "amt": "lebensmittelüberwachung behörde",
    "kontrolle": "kontrolle überwachung",
    "maus": "schädlinge",
    "mäuse": "schädlinge",
    "mäusekot": "schädlinge mäusen",
    "ungeziefer": "schädlinge",
    "rabatt": "mitarbeiterrabatt",
    # trial 29 (a new employee's first week): the staff discount and the payslip in everyday words
    "personalrabatt": "mitarbeiterrabatt",
    "mitarbeiterpreis": "mitarbeiterrabatt",
    "lohnzettel": "lohnabrechnung",
    "gehaltsabrechnung": "lohnabrechnung",
    "abrechnung": "lohnabrechnung",
    "fahrrad": "jobrad",
    "e-bike": "jobrad",
    "ebike": "jobrad",
    "öffnungszeit": "öffnungszeiten",
    "offen": "geöffnet öffnungszeiten",
    "handynummer": "telefonnummern auskünfte",
    "bewertung": "kritik netz bewertungen",
    "insta": "instagram social media",
    "instagram": "social media",
    "facebook": "social media",
    "pflaster": "wunden pflaster",
    "schuhe": "sicherheitsschuhe",
    # general everyday German (not tied to any question): colloquial word -> written word
    "doktor": "arzt ärztliche",
    "arzt": "ärztliche",
    "zettel": "bescheinigung",
    "schein": "bescheinigung",
    "lappen": "tücher",
    "tuch": "tücher",
    "laden": "filiale verkauf",
    "geschäft": "filiale",
    "bon": "kassenbon",
    "quittung": "kassenbon",
    "kollege": "mitarbeiter",
    "kollegin": "mitarbeiter",
    "kollegen": "mitarbeiter",
    "feueralarm": "brand feuer",
    "feuer": "brand",
    "blech": "backblech ofen",
    "lieferwagen": "transport fahrzeug",
    "auto": "pkw",
    "handy": "smartphone mobiltelefon",
    "smartphone": "handy",
    "bild": "fotos",
    "bilder": "fotos",
    "foto": "fotos",
    "kaputt": "defekt gestört",
    "geht": "funktioniert",
    "nachlass": "rabatt",
    "aufschlag": "zuschlag",
    "extra": "zuschlag",
    "kohle": "lohn lohnzahlung",
    "konto": "überwiesen lohnzahlung",
    "melden": "informieren eintragen",
    "schnitt": "schnittverletzung verletzung",
    "kühltheke": "kühlvitrine solltemperaturen",
    "theke": "vitrine filiale",
    "kartenlesegerät": "kartenterminal kartenzahlung",
    "kartengerät": "kartenterminal kartenzahlung",
    "lesegerät": "kartenterminal",
    "knete": "lohn",
    # goods left at closing („was machen wir mit den Brötchen, die übrig bleiben?“)
    "uebrig": "restbrot retouren unverkauft",
    "uebrige": "restbrot retouren unverkauft",
    "reste": "restbrot retouren unverkauft",
    "überwiesen": "lohnzahlung",
    "doc": "arzt",
    "putzplan": "reinigungsplan",
    # trial 8 (a new employee): how long something bakes, holidays in pay questions, nuts as allergen, whom to ask
    "backen": "backzeit",
    "backt": "backzeit",
    "weihnachtsfeiertag": "feiertag feiertagszuschlag 25. dezember",
    # „am 1. weihnachtstag arbeiten“ (browser trial 32: quoted the Weihnachtsgeld instead of the holiday surcharge)
    "weihnachtstag": "feiertag feiertagszuschlag 25. 26. dezember",
    "weihnachtsfeiertage": "feiertag feiertagszuschlag 25. 26. dezember",
    "nachts": "nachtzeit",
    "nüsse": "schalenfrüchte",
    "nuss": "schalenfrüchte",
    "nüssen": "schalenfrüchte",
    "wen": "ansprechpartner zuständig",
    "wem": "ansprechpartner zuständig",  # trial 23: „und wem sag ich das?“
    "abend": "tagesabschluss abends",
    "abends": "abend",
    # trial 20 (new employees in their own words): driving, cooling, wearing, fuel, a till short, calling in
    "losfahren": "touren starten",
    "gekühlt": "kühlung kühlfahrzeugen gekühlte",
    "kühlen": "kühlung gekühlte",
    "anlassen": "tragen",
    "anbehalten": "tragen",
    "sprit": "fahrtkostenzuschuss",
    "benzin": "fahrtkostenzuschuss",
    "tanken": "fahrtkostenzuschuss",
    "ruf": "telefonisch",
    "rufe": "telefonisch",
    "anrufen": "telefonisch",
    "verdien": "stundenlohn lohn",
    "aufschreiben": "eintragen tragen notieren dokumentieren",
    "notieren": "eintragen tragen",
    # „muss ich das selber bezahlen?“ (a loss at the till): what is taken off the pay
    "bezahlen": "abgezogen",
    "ersetzen": "abgezogen",
    # trial 32, chat forms of an employee (own tuned set Umgangssprache-2): abbreviations, "umsonst", bank notes
    "std": "stunden",
    "stdn": "stunden",
    "umsonst": "kostenlos",
    "gratis": "kostenlos",
    "ausbezahlt": "ausgezahlt auszahlen",
    "50er": "scheine bargeld prüfen",
    "100er": "scheine bargeld prüfen",
    "200er": "scheine bargeld prüfen",
    "500er": "scheine bargeld prüfen",
    # the maternity protection periods are „Schutzfristen“ before and after the birth in the law's words
    "mutterschutz": "schutzfristen entbindung",
    # a time of day the handbook gives as a clock time („silvester nachmittags“: ab 14 Uhr)
    "nachmittags": "uhr",
    "nachmittag": "uhr",
    "vormittags": "uhr",
    "mittags": "uhr",
}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table = {fold(k): v for k, v in EVERYDAY.items()}
    for p in PRODUCTS:
        for s in p.synonyms:
            key = fold(s)
            if key not in fold(p.name):
                table.setdefault(key, p.name)
    return table


@lru_cache(maxsize=1)
def _stem_table() -> dict[str, str]:
    """The same table keyed by stem, so inflected forms ('Semmeln', 'Kolleginnen') match too."""
    out: dict[str, str] = {}
    for k, v in _table().items():
        out.setdefault(stem(k), v)
    return out


def expand_word(stem_or_word: str) -> str:
    """Formal words for one (folded) query word or its stem, or ''."""
    return _table().get(stem_or_word) or _stem_table().get(stem(stem_or_word), "")


# an age under 18 („bin 17“, „als 16-Jährige“, „mit 15 Jahren“): the rules for young workers
_MINOR_AGE = re.compile(
    r"\b(?:bin|als|mit|erst|noch)\s+(?:erst\s+|noch\s+)?1[3-7]\b(?!\s*(?:uhr|euro|€|stunden|minuten|tage))"
    r"|\b1[3-7]\s*-?\s*jaehrig\w*|\b1[3-7] jahre(?:n)? alt\b|\bich\s+(?:erst\s+|noch\s+)?1[3-7]\s+bin\b"
    # a name and the age set off by commas („hallo, ich bin lena, 17, und fang …“, trial 37)
    r"|\b(?:ich bin|ich heisse)\s+[a-z]+,\s*1[3-7]\b(?!\s*(?:uhr|euro|€|stunden|minuten|tage))"
)
MINOR_WORDS = "jugendliche jugendarbeitsschutzgesetz"


def names_minor_age(text: str) -> bool:
    """Whether the text says the asker (or the person asked about) is under 18 („und wenn ich erst 17 bin?“)."""
    return _MINOR_AGE.search(fold(text)) is not None


# „grad“ is a temperature only after a number („bei 30 grad“); otherwise it is spoken „gerade“ („hab mich grad
# geschnitten“) and names no topic
_DEGREES = re.compile(r"\d\s*$")


# everyday words whose meaning depends on another word of the question: „mir fehlen 8 Euro in der Kasse“ is a cash
# difference, „wenn ich einen Tag fehle“ is not
_CONTEXTUAL: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:fehl\w*|gefehlt)$"), re.compile(r"\bkasse"), "kassendifferenzen differenzen"),
    # „beim Kassenabschluss 12 Euro zu wenig“: a till that is short (or over) is a cash difference, a money figure
    # of its own only without the till
    (
        re.compile(r"^(?:wenig|viel)$"),
        re.compile(r"\bkass\w*.*\bzu (?:wenig|viel)\b|\bzu (?:wenig|viel)\b.*\bkass"),
        "kassendifferenzen differenzen",
    ),
    # „was mach ich, wenn die Kasse nicht stimmt?“: a till that does not add up is a cash difference (leitung 8)
    (
        re.compile(r"^(?:stimmt|stimmen|stimmte)$"),
        re.compile(r"\bkass\w*\b.*\b(?:nicht stimm\w*|stimm\w* nicht)\b|\b(?:nicht stimm\w*|stimm\w* nicht)\b.*\bkass"),
        "kassendifferenzen differenzen",
    ),
    # „ab wann fahr ich morgens los?“: the drivers' departure is the start of the tours; „als Fahrer“ is not
    (re.compile(r"^(?:fahr|fahre|fahren|faehrt|faehrst)$"), re.compile(r"\blos\b|\bwann\b"), "touren starten"),
    # „kann ich am 20. Dezember frei nehmen?“: a day off taken is leave; „frei“ alone stays the special leave
    (re.compile(r"^frei$"), re.compile(r"\bfrei\s*(?:nehmen|nehme|haben|kriegen|bekommen)\b"), "urlaub urlaubsantrag"),
    # „wie lang muss zwischen zwei schichten frei sein?“: the time off between shifts is the rest period
    (
        re.compile(r"^frei$"),
        re.compile(r"\bzwischen\b.{0,30}\bschicht|\bbis zur (?:naechsten|neuen) schicht"),
        "ruhezeit",
    ),
    # „nachtschicht an silvester, gibts da mehr?“: more for a shift is a surcharge („mehr Urlaub“ is not)
    (
        re.compile(r"^mehr$"),
        re.compile(r"\b(?:gibts|gibt es|krieg\w*|bekomm\w*)\b(?: \w+){0,2} mehr\s*[?!.]*$"),
        "zuschlag",
    ),
    # „… krank. wem sag ich das?“ as the whole last sentence: telling someone is reporting it (the sick call);
    # with a condition of its own („wem sag ich das, wenn ich Urlaub will?“) the condition names the topic
    (
        re.compile(r"^(?:sag|sage)$"),
        re.compile(r"(?:^|[?:.,]\s*)(?:und\s+)?(?:bei\s+)?(?:wem|wen)\s+(?:sag|sage)\s+ich\s+(?:das|es)\s*\??\s*$"),
        "melden",
    ),
)


def contextual(query: str) -> dict[str, str]:
    """Formal words for the query's words whose meaning its other words decide (folded word -> words)."""
    folded = fold(query)
    words = {w.strip("?!.,;:()\"'„“") for w in folded.split()}
    return {
        w: formal for word, context, formal in _CONTEXTUAL if context.search(folded) for w in words if word.match(w)
    }


def expand(query: str) -> str:
    """Words to add to a query (empty when nothing matches)."""
    folded = fold(query)
    words = [w.strip("?!.,;:()\"'„“") for w in folded.replace("-", " ").split()]
    extra = [MINOR_WORDS] if _MINOR_AGE.search(folded) else []
    kept = [w for i, w in enumerate(words) if w and (w != "grad" or _DEGREES.search(" ".join(words[:i])))]
    return " ".join([*(e for e in (expand_word(w) for w in kept) if e), *contextual(query).values(), *extra])
