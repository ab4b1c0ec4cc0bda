"""Resolve German date expressions against today (morgen, am 2. Advent, in 14 Tagen, Brückentag …).

`dateparser` misses most of these, so they are handled by explicit rules; the first rule that
matches wins, more specific rules come first.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache, partial

import holidays
from dateutil.easter import easter

from agents.contracts import DateRange
from agents.nlu.normalize import fold, one_edit_apart
from tools import format_de
from tools.number_words import NUMBER_WORDS

WEEKDAYS = {
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonnabend": 5,
    "sonntag": 6,
}
MONTHS = {
    "januar": 1,
    "jaenner": 1,
    "februar": 2,
    "maerz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
ORDINALS = {
    "erste": 1,
    "ersten": 1,
    "1": 1,
    "zweite": 2,
    "zweiten": 2,
    "2": 2,
    "dritte": 3,
    "dritten": 3,
    "3": 3,
    "vierte": 4,
    "vierten": 4,
    "4": 4,
}
_WD = "|".join(WEEKDAYS)
_MO = "|".join(MONTHS)


_MAX_COUNT = 10_000  # „die nächsten 9999999 Tage“ overflowed the calendar (hostile test 26): far_ahead_note says so


def _num(word: str) -> int | None:
    return min(int(word), _MAX_COUNT) if word.isdigit() else NUMBER_WORDS.get(word)


def advent_sunday(year: int, n: int) -> date:
    """The n-th Advent Sunday (1..4) of `year`."""
    fourth = date(year, 12, 24) - timedelta(days=(date(year, 12, 24).weekday() + 1) % 7)
    return fourth - timedelta(weeks=4 - n)


@lru_cache(maxsize=8)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv="ST", years=[year, year + 1])


def bridge_days(year: int) -> list[date]:
    """The Brückentage of `year` in Sachsen-Anhalt: a working day between a public holiday and a weekend
    (the Friday after a Thursday holiday, the Monday before a Tuesday holiday)."""
    hol = _holidays(year)
    found = []
    for day in hol:
        if day.weekday() == 3 and (day + timedelta(days=1)) not in hol:
            found.append(day + timedelta(days=1))
        elif day.weekday() == 1 and (day - timedelta(days=1)) not in hol:
            found.append(day - timedelta(days=1))
    return sorted(d for d in found if d.year == year)


def next_bridge_day(today: date) -> date | None:
    """The next working day that lies between a public holiday and a weekend (Brückentag)."""
    return next((d for y in (today.year, today.year + 1) for d in bridge_days(y) if d > today), None)


def _upcoming(today: date, make: Callable[[int], date]) -> date:
    """The next occurrence (today included) of a yearly date."""
    d = make(today.year)
    return d if d >= today else make(today.year + 1)


def _mothers_day(year: int) -> date:
    """The second Sunday in May."""
    first = date(year, 5, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7)


def _day(d: date, label: str) -> DateRange:
    return DateRange(start=d, end=d, label=label)


def _span(a: date, b: date, label: str) -> DateRange:
    return DateRange(start=a, end=b, label=label)


def _next_weekday(today: date, wd: int, strictly_next_week: bool) -> date:
    delta = (wd - today.weekday()) % 7
    if delta == 0:
        delta = 7
    d = today + timedelta(days=delta)
    if strictly_next_week and d < today + timedelta(days=7 - today.weekday()):
        d += timedelta(days=7)
    return d


def _dates_label(ds: list[date]) -> str:
    """'am 12.12.2026' for one date, 'vom 12.12.2026 bis 19.12.2026' for several (German, no ISO)."""
    first, last = min(ds), max(ds)
    if first == last:
        return f"am {first:%d.%m.%Y}"
    return f"vom {first:%d.%m.%Y} bis {last:%d.%m.%Y}"


def _real(year: int, month: int, day: int) -> date | None:
    """The day, or None when the calendar has no such day (31.02., a 13th month)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _explicit(t: str, today: date) -> DateRange | None:
    iso = [_real(int(y), int(m), int(d)) for y, m, d in re.findall(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)]
    ds = [x for x in iso if x is not None]  # „2026-13-01“ is no day: impossible_date_note says so
    if ds:
        return _span(ds[0], ds[-1], _dates_label(ds))
    dm = re.findall(r"\b(\d{1,2})\.\s?(\d{1,2})\.(\d{2,4})?", t)
    if dm:
        ds = []
        for d, m, y in dm:
            year = int(y) + (2000 if y and len(y) == 2 else 0) if y else today.year
            try:
                cand = date(year, int(m), int(d))
            except ValueError:
                continue
            if not y and cand < today - timedelta(days=60):
                cand = cand.replace(year=year + 1)
            ds.append(cand)
        if ds:
            return _span(min(ds), max(ds), _dates_label(ds))
    named = re.findall(rf"\b(\d{{1,2}})\.?\s+({_MO})(?:\s+(\d{{4}}))?", t)
    if named:
        ds = []
        for d, m, y in named:
            try:
                cand = date(int(y) if y else today.year, MONTHS[m], int(d))
            except ValueError:
                continue
            if not y and cand < today - timedelta(days=60):
                cand = cand.replace(year=cand.year + 1)
            ds.append(cand)
        if ds:
            return _span(min(ds), max(ds), "am " + ", ".join(x.strftime("%d.%m.%Y") for x in ds))
    return None


# (pattern, first day in a year, label, days) of holidays and bakery days; first match wins
FEASTS: list[tuple[str, Callable[[int], date], str, int]] = [
    (r"heilig(er)?\s?abend|heiligabend", lambda y: date(y, 12, 24), "Heiligabend", 1),
    (r"silvester", lambda y: date(y, 12, 31), "Silvester", 1),
    (r"neujahr", lambda y: date(y, 1, 1), "Neujahr", 1),
    (r"karfreitag", lambda y: easter(y) - timedelta(days=2), "Karfreitag", 1),
    (r"ostermontag", lambda y: easter(y) + timedelta(days=1), "Ostermontag", 1),
    (
        r"ostern|osterwochenende|ostersonntag",
        lambda y: easter(y) - timedelta(days=2),
        "Ostern (Karfreitag bis Ostermontag)",
        4,
    ),
    (r"pfingstmontag", lambda y: easter(y) + timedelta(days=50), "Pfingstmontag", 1),
    (r"pfingstsonntag", lambda y: easter(y) + timedelta(days=49), "Pfingstsonntag", 1),
    (r"pfingsten", lambda y: easter(y) + timedelta(days=48), "Pfingsten (Samstag bis Pfingstmontag)", 3),
    (r"himmelfahrt|vatertag|herrentag", lambda y: easter(y) + timedelta(days=39), "Christi Himmelfahrt", 1),
    (r"muttertag", _mothers_day, "Muttertag", 1),
    (r"valentinstag", lambda y: date(y, 2, 14), "Valentinstag", 1),
    (r"nikolaus", lambda y: date(y, 12, 6), "Nikolaus", 1),
    (r"martinstag|martini|sankt martin|st\.? martin", lambda y: date(y, 11, 11), "Martinstag", 1),
    (r"halloween", lambda y: date(y, 10, 31), "Halloween", 1),
    (r"weiberfastnacht|altweiber", lambda y: easter(y) - timedelta(days=52), "Weiberfastnacht", 1),
    (r"rosenmontag", lambda y: easter(y) - timedelta(days=48), "Rosenmontag", 1),
    (r"faschingsdienstag|fastnachtsdienstag", lambda y: easter(y) - timedelta(days=47), "Faschingsdienstag", 1),
    (r"aschermittwoch", lambda y: easter(y) - timedelta(days=46), "Aschermittwoch", 1),
    (
        r"fasching|karneval|fastnacht",
        lambda y: easter(y) - timedelta(days=52),
        "Fasching (Weiberfastnacht bis Aschermittwoch)",
        7,
    ),
    (r"tag der deutschen einheit|3\. oktober", lambda y: date(y, 10, 3), "Tag der Deutschen Einheit", 1),
    (r"reformationstag", lambda y: date(y, 10, 31), "Reformationstag", 1),
    (r"1\. mai|maifeiertag|tag der arbeit", lambda y: date(y, 5, 1), "1. Mai", 1),
    (r"zwischen den jahren", lambda y: date(y, 12, 27), "zwischen den Jahren", 4),
    (r"weihnachtsfeiertag|weihnachten|weihnachtstage", lambda y: date(y, 12, 24), "Weihnachten (24.–26.12.)", 3),
]


def _feasts(t: str, today: date) -> DateRange | None:
    m = re.search(r"\b(erste[nr]?|zweite[nr]?|dritte[nr]?|vierte[nr]?|[1-4])\.?\s*advent", t)
    if m:
        n = ORDINALS[m.group(1).rstrip("r").rstrip("n") if m.group(1) not in ORDINALS else m.group(1)]
        if re.match(r"s?[- ]?samstag", t[m.end() :]):  # „am 3. Adventssamstag“: the Saturday before that Sunday
            sat = _upcoming(today, lambda y: advent_sunday(y, n) - timedelta(days=1))
            return _day(sat, f"am {n}. Adventssamstag")
        d = _upcoming(today, lambda y: advent_sunday(y, n))
        if "wochenende" in t or "adventswochenende" in t:
            return _span(d - timedelta(days=1), d, f"am {n}. Adventswochenende")
        return _day(d, f"am {n}. Advent")
    if re.search(r"adventswochenenden", t):
        return remaining_advent_weekends(today)
    if re.search(r"adventswochenende", t):
        d = min(x for x in (_upcoming(today, partial(advent_sunday, n=k)) for k in range(1, 5)))
        return _span(d - timedelta(days=1), d, "am nächsten Adventswochenende")
    # „im Januar, nach dem Weihnachtsgeschäft“: a time after the season is no day of it
    if re.search(r"(?<!nach dem )(?<!nach der )\b(adventszeit|im advent|vorweihnachtszeit|weihnachtsgeschaeft)\b", t):
        start = (
            _upcoming(today, lambda y: advent_sunday(y, 1) - timedelta(days=1))
            if today < advent_sunday(today.year, 1)
            else today
        )
        end = date(start.year, 12, 24)
        return _span(max(start, today + timedelta(days=1)), end, "in der Adventszeit")
    if re.search(r"\bweihnachtswoche\b", t):
        return _christmas_week(today)
    return _named_feast(t, today)


def _christmas_week(today: date) -> DateRange:
    """„die Weihnachtswoche“: the selling days of the week of Heiligabend, its Monday to the 24th (trial 30)."""
    eve = _upcoming(today, lambda y: date(y, 12, 24))
    start = max(eve - timedelta(days=eve.weekday()), today + timedelta(days=1)) if eve > today else eve
    return _span(start, eve, "in der Weihnachtswoche")


def remaining_advent_weekends(today: date) -> DateRange:
    """'die Adventswochenenden': from the first Advent weekend still ahead to the 4th Advent, weekends named."""
    year = today.year if advent_sunday(today.year, 4) >= today else today.year + 1
    sundays = [s for s in (advent_sunday(year, k) for k in range(1, 5)) if s >= today]
    weekends = ", ".join(f"{s - timedelta(days=1):%d.%m.}/{s:%d.%m.}" for s in sundays)
    start = max(sundays[0] - timedelta(days=1), today)
    return _span(start, sundays[-1], f"an den Adventswochenenden ({weekends})")


def _named_feast(t: str, today: date) -> DateRange | None:
    """The next occurrence of a holiday or bakery day named in `t` (FEASTS)."""
    for pattern, make, label, length in FEASTS:
        if re.search(rf"\b(?:{pattern})", t):
            d = _upcoming(today, make)
            return _span(d, d + timedelta(days=length - 1), label)
    return None


def _bridge(t: str, today: date) -> DateRange | None:
    """'am Brückentag', 'der Brückentag nach Himmelfahrt', 'Brückentage 2027' (None when there is none)."""
    if "brueckentag" not in t:
        return None
    year = re.search(r"\b(20\d\d)\b", t)
    feast = _named_feast(t, today)
    if feast is not None:  # the bridge day next to the named holiday
        near = [
            d
            for d in bridge_days(feast.start.year)
            if feast.start - timedelta(days=1) <= d <= feast.end + timedelta(days=1)
        ]
        return _day(near[0], f"am Brückentag ({feast.label})") if near else None
    if year:
        days = bridge_days(int(year.group(1)))
        ahead = [d for d in days if d >= today] or days
        if not ahead:
            return None
        others = ", ".join(d.strftime("%d.%m.") for d in days)
        return _day(ahead[0], f"am Brückentag (Brückentage {year.group(1)}: {others})")
    d = next_bridge_day(today)
    return _day(d, "am nächsten Brückentag") if d else None


def missing_date_note(text: str, today: date) -> str | None:
    """A German sentence when the text asks for a day that does not exist (a Brückentag in a year or next to
    a holiday that has none), else None."""
    t = fold(text)
    if "brueckentag" not in t or _bridge(t, today) is not None:
        return None
    feast = _named_feast(t, today)
    if feast is not None:
        return (
            f"{feast.label} {feast.start.year} ({feast.start.strftime('%d.%m.')}) liegt nicht zwischen einem "
            "Feiertag und einem Wochenende – es gibt dort keinen Brückentag."
        )
    year = re.search(r"\b(20\d\d)\b", t)
    when = f"Im Jahr {year.group(1)}" if year else "In den nächsten zwölf Monaten"
    return (
        f"{when} gibt es in Sachsen-Anhalt keinen Brückentag (kein Feiertag fällt auf einen Dienstag oder Donnerstag)."
    )


_DM = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.(\d{4}|\d{2}(?!\d))?")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _year_ahead(month: int, today: date) -> int:
    """The year a day of `month` named without one falls in: like `_explicit`, a month long gone is next year's."""
    if 1 <= month <= 12 and date(today.year, month, 28) < today - timedelta(days=60):
        return today.year + 1
    return today.year


def _written_days(text: str, today: date) -> list[tuple[str, int, int, int]]:
    """Every day written as digits (TT.MM., TT.MM.JJJJ, JJJJ-MM-TT): as typed, year, month, day."""
    found = [(m.group(0), int(m.group(1)), int(m.group(2)), int(m.group(3))) for m in _ISO.finditer(text)]
    for m in _DM.finditer(text):
        y = m.group(3)
        year = (int(y) + (2000 if len(y) == 2 else 0)) if y else _year_ahead(int(m.group(2)), today)
        found.append((m.group(0).strip(), year, int(m.group(2)), int(m.group(1))))
    for m in re.finditer(rf"\b(\d{{1,2}})\.?\s+({_MO})\b(?:\s+(\d{{4}}))?", fold(text)):
        year = int(m.group(3)) if m.group(3) else _year_ahead(MONTHS[m.group(2)], today)
        typed = f"{int(m.group(1))}. {format_de.MONTHS[MONTHS[m.group(2)] - 1]}" + (f" {year}" if m.group(3) else "")
        found.append((typed, year, MONTHS[m.group(2)], int(m.group(1))))
    return found


def impossible_date_note(text: str, today: date) -> str | None:
    """A German sentence when the text names a day the calendar does not have („31.02.2027“, „2026-13-01“),
    else None – such a day was silently read as „no day named“ (plan for tomorrow) or crashed."""
    for typed, year, month, day in _written_days(text, today):
        if _real(year, month, day) is not None or (month > 12 and typed.endswith(".")):
            continue  # „bis 14.30.“ at the end of a sentence is a time, not the 30th month
        if not 1 <= month <= 12:
            return f"„{typed}“ ist kein gültiges Datum: Ein Jahr hat nur 12 Monate. Bitte nennen Sie den Tag als TT.MM.JJJJ."
        last = calendar.monthrange(year, month)[1]
        return (
            f"Den „{typed}“ gibt es nicht – der {format_de.MONTHS[month - 1]} {year} hat {last} Tage. "
            "Bitte nennen Sie einen anderen Tag."
        )
    return None


_AHEAD = re.compile(
    r"\b(?:(?:die|den)\s+)?(?:n(?:ä|ae|a)chsten|kommenden|folgenden|in|nach)\s+(\d+|\w+)\s+"
    r"(tag|tage|tagen|woche|wochen|monat|monate|monaten|jahr|jahre|jahren)\b",
    re.IGNORECASE,
)
_UNIT_DAYS = {"tag": 1, "woche": 7, "monat": 30, "jahr": 365}
MAX_AHEAD_MONTHS = 36  # the longest look ahead of any tool (the budget); tools.finance.budget.MAX_MONTHS


def far_ahead_note(text: str, today: date) -> str | None:
    """A German sentence when the text asks for a span further ahead than any tool looks („die nächsten 100
    Jahre“, „in 9999999 Tagen“), else None – such a span was answered for tomorrow or the default three months."""
    for m in _AHEAD.finditer(text):
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS.get(m.group(1).lower())
        unit = next(u for u in _UNIT_DAYS if m.group(2).lower().startswith(u))
        if n is None or n * _UNIT_DAYS[unit] <= MAX_AHEAD_MONTHS * 31:
            continue
        typed = " ".join(m.group(0).split())
        return (
            f"„{typed}“ – so weit rechne ich nicht voraus: Die längste Vorschau, die Budgetprognose, reicht "
            f"{MAX_AHEAD_MONTHS} Monate; Absatzprognosen und Pläne reichen nur einige Wochen. Bitte nennen Sie einen "
            "kürzeren Zeitraum, z. B. „die nächsten 4 Wochen“ oder „die nächsten 12 Monate“."
        )
    return None


def _weeks_ahead(t: str, today: date) -> DateRange | None:
    """'heute in einer Woche', 'morgen in zwei Wochen', 'in zwei Wochen am Freitag'."""
    m = re.search(r"\b(heute|morgen|uebermorgen)\s+in\s+(\d+|\w+)\s+wochen?\b", t)
    if m and _num(m.group(2)):
        base = today + timedelta(days={"heute": 0, "morgen": 1, "uebermorgen": 2}[m.group(1)])
        n = _num(m.group(2)) or 1
        return _day(base + timedelta(weeks=n), f"{m.group(1)} in {n} {'Woche' if n == 1 else 'Wochen'}")
    m = re.search(rf"\bin\s+(\d+|\w+)\s+wochen?\s+(?:am\s+|ab\s+)?({_WD})s?\b", t) or re.search(
        rf"\b({_WD})s?\s+in\s+(\d+|\w+)\s+wochen?\b", t
    )
    if m:
        n_word, wd = (m.group(1), m.group(2)) if m.group(1) not in WEEKDAYS else (m.group(2), m.group(1))
        weeks = _num(n_word)
        if weeks:
            later = today + timedelta(weeks=weeks)
            d = later - timedelta(days=later.weekday()) + timedelta(days=WEEKDAYS[wd])
            return _day(d, f"in {weeks} {'Woche' if weeks == 1 else 'Wochen'} am {wd.capitalize()}")
    return None


def _anchored(t: str, today: date, after: date | None) -> DateRange | None:
    """'am Wochenende danach', 'am Tag danach', 'eine Woche später' – after the date talked about before
    (without one: after the coming weekend / today)."""
    if re.search(r"\b(?:wochenende\s+(?:danach|darauf)|darauf\s?folgenden?\s+wochenende|folgenden?\s+wochenende)\b", t):
        anchor = after or (_next_weekday(today, 6, False) if today.weekday() != 6 else today)
        sat = anchor + timedelta(days=(5 - anchor.weekday()) % 7 or 7)
        return _span(sat, sat + timedelta(days=1), "am Wochenende danach")
    if after is not None and re.search(r"\b(?:(?:die|der) woche davor|woche vorher|vorwoche)\b", t):
        earlier = after - timedelta(days=7)  # the calendar week before the one talked about
        monday = earlier - timedelta(days=earlier.weekday())
        return _span(monday, monday + timedelta(days=6), "die Woche davor")
    if after is not None and re.search(r"\b(?:tag davor|tag vorher|am vortag)\b", t):
        return _day(after - timedelta(days=1), "am Tag davor")
    if after is not None and re.search(r"\b(?:tag danach|tag darauf|am naechsten tag|am folgetag)\b", t):
        return _day(after + timedelta(days=1), "am Tag danach")
    if after is not None and re.search(r"\b(?:eine|1)\s+woche\s+(?:danach|spaeter|darauf)\b", t):
        return _day(after + timedelta(days=7), "eine Woche danach")
    return _weekday_from(t, after) if after is not None else None


# "am Sonntag danach", "den darauffolgenden Montag", "am Freitag davor": a weekday counted from the last day
_WD_AFTER = re.compile(
    rf"\b({_WD})s?\s+(?:danach|darauf|drauf|im anschluss)\b"
    rf"|\b(?:darauf|drauf)\s?folgenden?\s+({_WD})s?\b|\bfolgenden?\s+({_WD})s?\b"
)
_WD_BEFORE = re.compile(rf"\b({_WD})s?\s+(?:davor|vorher|zuvor)\b")


# „Samstag vorm 2. Advent“, „Freitag vor Weihnachten“, „Montag nach dem 1. Advent“: a weekday next to a named day
_WD_AROUND = re.compile(rf"\b({_WD})s?\s+(vor|nach)(?:m|\s+dem|\s+der|\s+den)?\s+(?P<rest>.+)$")


def _weekday_around(t: str, today: date) -> DateRange | None:
    """The last such weekday before a feast or written date (or the first after it); None for „Samstag vor einer
    Woche“ and anything else that is no feast or date."""
    m = _WD_AROUND.search(t)
    if m is None:
        return None
    ref = _feasts(m.group("rest"), today) or _explicit(m.group("rest"), today)
    if ref is None:
        return None
    wd, before = WEEKDAYS[m.group(1)], m.group(2) == "vor"
    if before:
        d = ref.start - timedelta(days=(ref.start.weekday() - wd) % 7 or 7)
    else:
        d = ref.end + timedelta(days=(wd - ref.end.weekday()) % 7 or 7)
    return _day(d, f"am {m.group(1).capitalize()} {'davor' if before else 'danach'}")


def _weekday_from(t: str, after: date) -> DateRange | None:
    """The first such weekday after `after` ("am Sonntag danach"), or the last one before it ("Freitag davor")."""
    m = _WD_AFTER.search(t)
    if m:
        wd = next(g for g in m.groups() if g)
        d = after + timedelta(days=(WEEKDAYS[wd] - after.weekday()) % 7 or 7)
        return _day(d, f"am {wd.capitalize()} danach")
    m = _WD_BEFORE.search(t)
    if m:
        wd = m.group(1)
        d = after - timedelta(days=(after.weekday() - WEEKDAYS[wd]) % 7 or 7)
        return _day(d, f"am {wd.capitalize()} davor")
    return None


def _relative(t: str, today: date) -> DateRange | None:
    if re.search(r"\buebermorgen\b", t):
        return _day(today + timedelta(days=2), "übermorgen")
    if re.search(r"\bmorgen\b", t) and not re.search(r"\b(guten|gute|heute|gestern)n? morgen\b", t):
        return _day(today + timedelta(days=1), "morgen")
    if re.search(r"\bvorgestern\b", t):
        return _day(today - timedelta(days=2), "vorgestern")
    if re.search(r"\bgestern\b", t):
        return _day(today - timedelta(days=1), "gestern")
    if re.search(r"\bheute\b", t):
        return _day(today, "heute")
    m = re.search(r"\b(?:in|nach)\s+(\d+|\w+)\s+(tag|tagen|woche|wochen|monat|monaten)\b", t)
    if m and _num(m.group(1)):
        n = _num(m.group(1)) or 1
        unit = m.group(2)
        days = n if unit.startswith("tag") else 7 * n if unit.startswith("woch") else 30 * n
        return _day(
            today + timedelta(days=days),
            f"in {n} {'Tagen' if unit.startswith('tag') else 'Wochen' if unit.startswith('woch') else 'Monaten'}",
        )
    m = re.search(r"\b(?:naechsten|kommenden|folgenden)\s+(\d+|\w+)\s+(tage|wochen|monate)\b", t)
    if m and _num(m.group(1)):
        n = _num(m.group(1)) or 1
        days = n if m.group(2) == "tage" else 7 * n if m.group(2) == "wochen" else 30 * n
        return _span(
            today + timedelta(days=1), today + timedelta(days=days), f"die nächsten {n} {m.group(2).capitalize()}"
        )
    if re.search(r"\b(?:die (?:naechsten |kommenden )?tage|in den (?:naechsten|kommenden) tagen|demnaechst)\b", t):
        # "wat läuft … die Tage": colloquial for the next few days
        return _span(today + timedelta(days=1), today + timedelta(days=3), "die nächsten 3 Tage")
    if re.search(r"\b(?:zuletzt|in letzter zeit|kuerzlich|neulich)\b", t):  # the week gone by
        return _span(today - timedelta(days=7), today - timedelta(days=1), "in den letzten 7 Tagen")
    m = re.search(r"\b(?:letzten|vergangenen)\s+(\d+|\w+)\s+(tage|wochen|monate)n?\b", t)
    if m and _num(m.group(1)):
        n = _num(m.group(1)) or 1
        days = n if m.group(2) == "tage" else 7 * n if m.group(2) == "wochen" else 30 * n
        return _span(
            today - timedelta(days=days), today - timedelta(days=1), f"die letzten {n} {m.group(2).capitalize()}"
        )
    return None


def _weeks_months(t: str, today: date, past: bool = False) -> DateRange | None:
    """Weeks and months; with `past`, 'diese Woche' / 'diesen Monat' run from their first day up to today."""
    monday = today - timedelta(days=today.weekday())
    m = re.search(rf"\b(?:naechste|kommende)n?\s+woche\s+(?:am\s+)?({_WD})\b", t) or re.search(
        rf"\b({_WD})\s+(?:in\s+der\s+)?(?:naechste|kommende)n?\s+woche\b", t
    )
    if m:
        d = monday + timedelta(days=7 + WEEKDAYS[m.group(1)])
        return _day(d, f"{m.group(1).capitalize()} nächste Woche")
    if re.search(r"\b(naechste|kommende)n?\s+woche\b", t):
        a = monday + timedelta(days=7)
        return _span(a, a + timedelta(days=6), "nächste Woche")
    if re.search(r"\b(uebernaechste)n?\s+woche\b", t):
        a = monday + timedelta(days=14)
        return _span(a, a + timedelta(days=6), "übernächste Woche")
    if re.search(r"\b(diese|dieser|laufende)n?\s+woche\b", t):
        if past:
            return _span(monday, today, "diese Woche")
        return _span(today, monday + timedelta(days=6), "diese Woche")
    if re.search(r"\b(letzte|vergangene|vorige)[nr]?\s+woche\b", t):
        a = monday - timedelta(days=7)
        return _span(a, a + timedelta(days=6), "letzte Woche")
    if re.search(r"\b(naechste|kommende)[nm]?\s+monat\b", t):
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return _span(first, first.replace(day=calendar.monthrange(first.year, first.month)[1]), "nächsten Monat")
    if re.search(r"\b(letzte|vergangene|vorige)[nm]?\s+monat\b", t):
        last = today.replace(day=1) - timedelta(days=1)
        return _span(last.replace(day=1), last, "im letzten Monat")
    if re.search(r"\b(diese|dieser|laufende)[nm]?\s+monat\b", t):
        if past:
            return _span(today.replace(day=1), today, "diesen Monat")
        end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        return _span(today, end, "diesen Monat")
    span = _month_span(t, today, past)
    if span is not None:
        return span
    m = re.search(rf"\b(?:im|fuer|den|der|ende|anfang|mitte)\s+({_MO})(?:\s+(\d{{4}}))?\b", t) or re.search(
        rf"\b({_MO})\s+(\d{{4}})\b", t
    )
    if m:
        mo = MONTHS[m.group(1)]
        year = int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2) else today.year
        if not (m.lastindex and m.lastindex >= 2 and m.group(2)):
            if past and mo > today.month:  # "Retouren im November" asked in December: the November just gone
                year -= 1
            elif not past and mo < today.month:
                year += 1
        days_in_month = calendar.monthrange(year, mo)[1]
        return _span(
            date(year, mo, 1), date(year, mo, days_in_month), f"im {m.group(1).capitalize().replace('ae', 'ä')} {year}"
        )
    return None


def _month_span(t: str, today: date, past: bool) -> DateRange | None:
    """'Januar bis März 2027', 'von Januar bis März': from the first day of one month to the last of the other
    (a year named at the end holds for the later month; the earlier one is the last before it)."""
    m = re.search(
        rf"\b(?:von\s+)?({_MO})\s*(?:bis|-|–)\s*(?:(?:ende|einschliesslich)\s+)?({_MO})(?:\s+(\d{{4}}))?\b", t
    )
    if not m:
        return None
    a, b = MONTHS[m.group(1)], MONTHS[m.group(2)]
    year_b = int(m.group(3)) if m.group(3) else today.year
    if not m.group(3) and not past and b < today.month:
        year_b += 1
    year_a = year_b if a <= b else year_b - 1
    end = date(year_b, b, calendar.monthrange(year_b, b)[1])
    label = f"{m.group(1).capitalize()} bis {m.group(2).capitalize()} {year_b}".replace("ae", "ä")
    return _span(date(year_a, a, 1), end, label)


def _calendar_week(t: str, today: date) -> DateRange | None:
    """'KW 50', 'Kalenderwoche 51', 'kw50' (ISO weeks; a week already gone by this year means next year's)."""
    m = re.search(r"\b(?:kw|kalenderwoche)\s*(\d{1,2})(?:\s*/?\s*(\d{4}))?\b", t)
    if not m or not 1 <= int(m.group(1)) <= 53:
        return None
    week, year = int(m.group(1)), int(m.group(2)) if m.group(2) else today.year
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    if not m.group(2) and monday + timedelta(days=6) < today:
        try:
            monday = date.fromisocalendar(year + 1, week, 1)
        except ValueError:
            return None
    return _span(monday, monday + timedelta(days=6), f"KW {week}")


# a weekday with a word that fixes which one it is („nächsten Samstag“, „letzten Montag“): not read near a day
_QUALIFIED_WD = re.compile(
    rf"\b(?:naechste[nm]?|kommende[nm]?|uebernaechste[nm]?|diese[nm]?|letzte[nm]?|vergangene[nm]?)\s+(?:{_WD})s?\b"
)


def _weekday_near(t: str, today: date, near: date, past: bool) -> DateRange | None:
    """„Und am Samstag?“ after a request about one day or one week: that weekday within three days of `near` (the
    weekend asked about, not the coming one); None if a word fixes the weekday („nächsten Samstag“) or the day would
    lie before today while `near` does not (or after today in a question about what happened)."""
    m = re.search(rf"\b({_WD})s?\b", t)
    if m is None or _QUALIFIED_WD.search(t) or "wochenende" in t:
        return None
    offset = (WEEKDAYS[m.group(1)] - near.weekday()) % 7
    d = near + timedelta(days=offset if offset <= 3 else offset - 7)
    if d < today <= near or (past and d > today):
        return None
    return _day(d, f"am {m.group(1).capitalize()}")


def _weekdays(t: str, today: date, past: bool = False) -> DateRange | None:
    if re.search(r"\b(am |dieses |naechstes |kommendes )?wochenende\b", t):
        sat = _next_weekday(today, 5, False) if today.weekday() != 5 else today
        if "naechstes" in t:
            sat = _next_weekday(today, 5, True)
        return _span(sat, sat + timedelta(days=1), "am Wochenende")
    m = re.search(rf"\b(naechste[nm]?|kommende[nm]?|uebernaechste[nm]?)?\s*({_WD})s?\b", t)
    if m:
        wd = WEEKDAYS[m.group(2)]
        qualifier = m.group(1) or ""
        d = _next_weekday(today, wd, False)
        if past and not qualifier:  # "Wie viele hatten wir am Samstag?": the Saturday gone by
            d = today - timedelta(days=(today.weekday() - wd) % 7)
            return _day(d, f"am vergangenen {m.group(2).capitalize()}" if d < today else "heute")
        if qualifier.startswith("uebernaechste"):
            d += timedelta(days=7)
        elif qualifier.startswith("naechste") and "woche" in t:
            d = _next_weekday(today, wd, True)
        return _day(d, f"{'nächsten ' if qualifier else 'am '}{m.group(2).capitalize()}")
    return None


# „am 24.“, „für den 24.“ without a month: the next day of that number (trial 30: „Am 24. haben wir nur bis 12 Uhr
# offen“ lost its day); an ordinal before a noun („am 3. Advent“, „den 2. Platz“) is no day
_BARE_DAY = re.compile(
    r"\b(?:am|den|zum|vom)\s+(\d{1,2})\.(?!\s?\d)(?!\s*(?:"
    + _MO
    + r"|advent\w*|tag\w*|woche\w*|mal\b|platz|stelle|stunde\w*|monat\w*|jahr\w*|quartal|kw\b|"
    + r"kalenderwoche|lehrjahr|schicht\w*|"
    + _WD
    + r"))"
)


def _bare_day(t: str, today: date, past: bool = False) -> DateRange | None:
    """A day of the month named without its month: this month's if it is still ahead, else next month's; asked
    about what happened (`past`), this month's if it has been, else last month's."""
    m = _BARE_DAY.search(t)
    if m is None or not 1 <= int(m.group(1)) <= 31:
        return None
    year, month, step = today.year, today.month, -1 if past else 1
    for _ in range(3):  # the 31st skips months without one
        cand = _real(year, month, int(m.group(1)))
        if cand is not None and (cand <= today if past else cand >= today):
            return _day(cand, f"am {cand:%d.%m.%Y}")
        month += step
        year, month = (year + 1, 1) if month == 13 else (year - 1, 12) if month == 0 else (year, month)
    return None


RULES: list[Callable[[str, date], DateRange | None]] = [
    _calendar_week,
    _explicit,
    _feasts,
    _weeks_ahead,
    _relative,
    _weeks_months,
    _weekdays,
    _bare_day,
]


# English date words mixed into a German request ("forecast for Croissants in Havelberg tomorrow")
_ENGLISH = [
    (r"\bday after tomorrow\b", "uebermorgen"),
    (r"\btomorrow\b", "morgen"),
    (r"\btoday\b", "heute"),
    (r"\byesterday\b", "gestern"),
    (r"\bnext week\b", "naechste woche"),
    (r"\blast week\b", "letzte woche"),
    (r"\bthis week\b", "diese woche"),
    (r"\bnext month\b", "naechsten monat"),
    (r"\b(?:on |this |the )?weekend\b", "am wochenende"),
    *[
        (rf"\b{en}\b", de)
        for en, de in (
            ("monday", "montag"),
            ("tuesday", "dienstag"),
            ("wednesday", "mittwoch"),
            ("thursday", "donnerstag"),
            ("friday", "freitag"),
            ("saturday", "samstag"),
            ("sunday", "sonntag"),
        )
    ],
]


# date words a hurried typist misspells by one letter ("morgn", "samstg", "uebermorgn")
_TYPO_WORDS: tuple[str, ...] = ("morgen", "uebermorgen", "montag", "dienstag", "mittwoch", "donnerstag", "freitag")
_TYPO_WORDS += ("samstag", "sonntag", "wochenende")


def _typo_fixed(word: str) -> str:
    """The date word `word` misspells, or `word` itself ("morgens", "samstags" are words of their own)."""
    if len(word) < 5 or word in _TYPO_WORDS or any(word in (w + "s", w + "e", w + "n") for w in _TYPO_WORDS):
        return word
    return next((w for w in _TYPO_WORDS if one_edit_apart(word, w)), word)


def _german_date_words(t: str) -> str:
    """Folded text with English date words replaced by their German equivalents and misspelt ones corrected."""
    for pattern, german in _ENGLISH:
        t = re.sub(pattern, german, t)
    return re.sub(r"[a-z]+", lambda m: _typo_fixed(m.group(0)), t)


_LAST_YEAR = re.compile(
    r"\b(?:letzte[snm]?|vergangene[snm]?|vorige[snm]?)\s+jahr(?:es)?\b|\bim vorjahr\b|\bvor einem jahr\b"
)


def _in_last_year(found: DateRange | None, today: date) -> DateRange:
    """'letztes Jahr im Dezember': the range moved into the previous calendar year; alone: that whole year."""
    year = today.year - 1
    if found is None:
        return _span(date(year, 1, 1), date(year, 12, 31), f"im Jahr {year}")
    back = found.start.year - year
    if back <= 0:
        return found
    try:
        start, end = found.start.replace(year=found.start.year - back), found.end.replace(year=found.end.year - back)
    except ValueError:  # 29 February
        start, end = found.start - timedelta(days=365 * back), found.end - timedelta(days=365 * back)
    return _span(start, end, re.sub(str(found.start.year), str(year), found.label) or f"im Jahr {year}")


_WEEK_LATER = re.compile(r"\b(?:eine|1)\s+woche\s+(danach|spaeter|darauf|davor|vorher|frueher)\b")


def shifted_week(text: str, span: DateRange) -> DateRange | None:
    """„und eine Woche später?“ after several days: the same days a week later (or earlier); None for one day or
    other words (a single day is counted from by `parse_date_expression(after=…)`), leitung 8."""
    m = _WEEK_LATER.search(fold(text))
    if m is None or span.start == span.end:
        return None
    step = timedelta(days=-7 if m.group(1) in ("davor", "vorher", "frueher") else 7)
    days = [span.start + step, span.end + step]
    return _span(days[0], days[1], _dates_label(days))


# „die Woche ab dem 21.12.“, „ab 21.12. die ganze Woche“, „die Woche vom 21.12.“: seven days from the day named
_WEEK_FROM = re.compile(
    r"\bwoche\s+(?:ab|vom|von|beginnend)\b|\bab\b[^?!]{0,40}?\b(?:die|eine)\s+(?:ganze\s+|volle\s+)?woche\b"
)


def _week_from(t: str, found: DateRange) -> DateRange:
    """A single day that starts a week („die Woche ab dem 21.12.2026“) widened to that day and the six after it."""
    if found.start != found.end or _WEEK_FROM.search(t) is None:
        return found
    days = [found.start, found.start + timedelta(days=6)]
    return _span(days[0], days[1], _dates_label(days))


# „die Woche vor Weihnachten“, „die Woche nach Ostern“: the seven days before the first / after the last day named
_WEEK_BESIDE = re.compile(r"\bwoche\s+(vor|nach)\b")


def _week_beside(t: str, found: DateRange) -> DateRange:
    """The week before or after the day or span named („die Woche vor Weihnachten“ = 17.–23.12.)."""
    m = _WEEK_BESIDE.search(t)
    if m is None:
        return found
    if m.group(1) == "vor":
        days = [found.start - timedelta(days=7), found.start - timedelta(days=1)]
        return _span(days[0], days[1], _dates_label(days))
    days = [found.end + timedelta(days=1), found.end + timedelta(days=7)]
    return _span(days[0], days[1], _dates_label(days))


# „die erste Januarwoche“ = „die erste Woche im Januar“; „die erste/zweite/letzte Woche im Januar“: those seven days
_MONTH_WEEK = re.compile(r"\b(" + "|".join(MONTHS) + r")woche\b")
_NTH_WEEK = re.compile(r"\b(erste|zweite|dritte|vierte|letzte)[nrsm]?\s+woche\s+(?:im|des|vom|in)\b")
_NTH = {"erste": 0, "zweite": 1, "dritte": 2, "vierte": 3}


def _nth_week(t: str, found: DateRange) -> DateRange:
    """A whole month narrowed to its first (second, …, last) seven days when the text names that week."""
    m = _NTH_WEEK.search(t)
    whole = found.start.day == 1 and (found.end + timedelta(days=1)).day == 1 and found.start.month == found.end.month
    if m is None or not whole:
        return found
    if m.group(1) == "letzte":
        days = [found.end - timedelta(days=6), found.end]
    else:
        first = found.start + timedelta(weeks=_NTH[m.group(1)])
        days = [first, first + timedelta(days=6)]
    return _span(days[0], days[1], _dates_label(days))


def parse_date_expression(
    text: str, today: date, after: date | None = None, *, past: bool = False, near: date | None = None
) -> DateRange | None:
    """The date range a German request refers to, or None if it names no date. Plans look ahead ('diese Woche'
    = today to Sunday); with `past` a question about what happened reads 'diese Woche' as Monday to today;
    `after` is the last day talked about before ('am Wochenende danach'); `near` the last day of a short range
    talked about before, near which a bare weekday is read („3. Advent?“ – „und am Samstag?“: the day before)."""
    t = _MONTH_WEEK.sub(r"woche im \1", _german_date_words(fold(text)))
    anchored = _anchored(t, today, after)
    if anchored is not None:
        return anchored
    around = _weekday_around(t, today)
    if around is not None:
        return around
    if "brueckentag" in t:
        return _bridge(t, today)
    by_past: dict[Callable[..., DateRange | None], Callable[[str, date], DateRange | None]] = {
        _weeks_months: partial(_weeks_months, past=past),
        _weekdays: partial(_weekdays, past=past),
        _bare_day: partial(_bare_day, past=past),
    }
    found = None
    by_month = False
    for base in RULES:
        found = by_past.get(base, base)(t, today)
        if found is not None:
            by_month = base is _weeks_months
            break
    if base is _weekdays and near is not None and found is not None and found.start == found.end:
        found = _weekday_near(t, today, near, past) or found
    if by_month and found is not None:  # „für Freitag … im November“: that Friday of the month
        day = _weekdays(t, today, past=past)
        if day is not None and day.start == day.end and found.start <= day.start <= found.end:
            found = day
    if found is not None:
        found = _nth_week(t, _week_beside(t, _week_from(t, found)))
    if _LAST_YEAR.search(t) and (found is None or found.end >= today.replace(month=1, day=1)):
        return _in_last_year(found, today)
    return found
