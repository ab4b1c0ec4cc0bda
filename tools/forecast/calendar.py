"""Calendar features: state holidays with windows, Advent weekends, Christmas season, closed days."""

from __future__ import annotations

from datetime import date, timedelta

import holidays as hol
import pandas as pd

# names used in the holiday table (German, shown to users by demand_drivers)
ADVENT_WEEKEND = "Adventswochenende"
CHRISTMAS_EVE = "Heiligabend"
NEW_YEARS_EVE = "Silvester"


# German federal states: region code of the holiday calendar -> name
STATE_NAMES = {
    "DE-BW": "Baden-Württemberg",
    "DE-BY": "Bayern",
    "DE-BE": "Berlin",
    "DE-BB": "Brandenburg",
    "DE-HB": "Bremen",
    "DE-HH": "Hamburg",
    "DE-HE": "Hessen",
    "DE-MV": "Mecklenburg-Vorpommern",
    "DE-NI": "Niedersachsen",
    "DE-NW": "Nordrhein-Westfalen",
    "DE-RP": "Rheinland-Pfalz",
    "DE-SL": "Saarland",
    "DE-ST": "Sachsen-Anhalt",
    "DE-SN": "Sachsen",
    "DE-SH": "Schleswig-Holstein",
    "DE-TH": "Thüringen",
}


def _fold_state(text: str) -> str:
    return text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace(" ", "-")


def region_in_text(text: str) -> str | None:
    """The federal state a message names ("Feiertage Schleswig-Holstein", "wir sind in Bayern"), or None;
    "Sachsen-Anhalt" is not taken for "Sachsen"."""
    t = _fold_state(text)
    by_length = sorted(STATE_NAMES.items(), key=lambda kv: -len(kv[1]))  # longest first: Sachsen-Anhalt first
    return next((code for code, name in by_length if _fold_state(name) in t), None)


def advent_sundays(year: int) -> list[date]:
    """The four Advent Sundays of `year` (4th Advent = last Sunday before Dec 25)."""
    xmas = date(year, 12, 25)
    fourth = xmas - timedelta(days=(xmas.weekday() + 1) % 7 or 7)
    return [fourth - timedelta(weeks=3 - i) for i in range(4)]


def _parse_region(region: str | None) -> tuple[str, str | None] | None:
    """'DE-ST' -> ('DE', 'ST'); 'DE' -> ('DE', None); None/'' -> None."""
    if not region:
        return None
    parts = region.upper().split("-", 1)
    return parts[0], (parts[1] if len(parts) > 1 else None)


OFFSET_LABELS = {-1: "Vortag", 1: "Folgetag"}
ADVENT_SAT, ADVENT_SUN = f"{ADVENT_WEEKEND} (Sa)", f"{ADVENT_WEEKEND} (So)"


def base_holidays(region: str | None, start: date, end: date) -> list[tuple[str, date, tuple[int, ...]]]:
    """(name, day, offsets) of the public holidays of `region` plus Christmas Eve and New Year's Eve."""
    out: list[tuple[str, date, tuple[int, ...]]] = []
    years = list(range(start.year, end.year + 1))
    parsed = _parse_region(region)
    if parsed:
        country, subdiv = parsed
        cal = hol.country_holidays(country, subdiv=subdiv, years=years, language="de")
        for d, name in sorted(cal.items()):
            # Dec 24 and Dec 31 have their own entries, so 25 Dec / 1 Jan get no 'Vortag'
            offs = (0, 1) if (d.month, d.day) in {(12, 25), (1, 1)} else (-1, 0, 1)
            out.append((str(name).split(";")[0].strip(), d, offs))
    for y in years:
        out.append((CHRISTMAS_EVE, date(y, 12, 24), (-1, 0)))
        out.append((NEW_YEARS_EVE, date(y, 12, 31), (-1, 0)))
    return out


def carnival_days(start: date, end: date) -> list[tuple[str, date]]:
    """Fasching days (Weiberfastnacht to Faschingsdienstag) and 11.11. – Pfannkuchen days, no holidays."""
    from dateutil.easter import easter

    out: list[tuple[str, date]] = []
    for y in range(start.year, end.year + 1):
        rose_monday = easter(y) - timedelta(days=48)
        for name, off in (
            ("Fasching (Do–So)", -4),
            ("Fasching (Do–So)", -3),
            ("Fasching (Do–So)", -2),
            ("Fasching (Do–So)", -1),
            ("Rosenmontag/Faschingsdienstag", 0),
            ("Rosenmontag/Faschingsdienstag", 1),
        ):
            out.append((name, rose_monday + timedelta(days=off)))
        out.append(("11.11. Sessionsbeginn", date(y, 11, 11)))
    return out


def holiday_table(
    region: str | None, start: date, end: date, observed: set[pd.Timestamp] | None = None
) -> pd.DataFrame:
    """Prophet holiday frame: one feature per holiday and day offset ('Ostermontag (Vortag)') and the
    Advent Saturdays/Sundays; with `observed` (days with sales) only features seen at least once."""
    rows: list[tuple[str, pd.Timestamp]] = []
    for name, d, offs in base_holidays(region, start, end):
        for off in offs:
            label = name if off == 0 else f"{name} ({OFFSET_LABELS[off]})"
            rows.append((label, pd.Timestamp(d + timedelta(days=off))))
    rows += [(name, pd.Timestamp(d)) for name, d in carnival_days(start, end)]
    for y in range(start.year, end.year + 1):
        for s in advent_sundays(y):
            rows.append((ADVENT_SAT, pd.Timestamp(s - timedelta(days=1))))
            rows.append((ADVENT_SUN, pd.Timestamp(s)))
    df = pd.DataFrame(rows, columns=["holiday", "ds"]).drop_duplicates().reset_index(drop=True)
    if observed is not None:
        seen = df[df["ds"].isin(observed)]["holiday"].unique()
        df = df[df["holiday"].isin(seen)].reset_index(drop=True)
    df["lower_window"], df["upper_window"] = 0, 0
    return df


def season_features(ds: pd.Series) -> pd.DataFrame:
    """Deterministic season regressors: Christmas season (1st Advent–23 Dec) and 'between the years'."""
    d = pd.to_datetime(ds)
    first_advent = {y: pd.Timestamp(advent_sundays(y)[0]) for y in d.dt.year.unique()}
    start = d.dt.year.map(first_advent)
    xmas_season = ((d >= start) & (d.dt.month == 12) & (d.dt.day <= 23)) | ((d >= start) & (d.dt.month == 11))
    between = (d.dt.month == 12) & (d.dt.day >= 27) & (d.dt.day <= 30)
    return pd.DataFrame(
        {
            "weihnachtszeit": xmas_season.astype(float).to_numpy(),
            "zwischen_den_jahren": between.astype(float).to_numpy(),
        },
        index=ds.index,
    )


def closed_days(history: pd.DataFrame, future: pd.DatetimeIndex, region: str | None = None) -> pd.Series:
    """True for future days on which the series is closed: a weekday with (almost) no sales in the
    last 8 weeks, a calendar day (e.g. 25 Dec) without sales in every earlier year of the history in which
    it fell on an open weekday,
    or a public holiday of `region` (e.g. Easter Monday) that had no sales at any earlier occurrence."""
    h = history.dropna(subset=["y"])
    open_days = h.loc[h["y"] > 0, "ds"]
    if open_days.empty:
        return pd.Series(True, index=future)
    last = open_days.max()
    # weekday closure, judged on the last 8 weeks in which the series sold anything at all
    # (so a seasonal product that just started is not taken for closed)
    weeks = open_days.dt.to_period("W")
    active = sorted(weeks.unique())[-8:]
    open_set = set(open_days)
    recent_open = open_days[weeks.isin(active)]
    wd_open = {wd: (recent_open.dt.day_of_week == wd).sum() / len(active) for wd in range(7)}
    first = open_days.min()
    md_closed: dict[tuple[int, int], bool] = {}
    for m, dd in {(x.month, x.day) for x in future}:
        # only years in which that date fell on a weekday the series is open (a Sunday says nothing about 7 Jan)
        years = [
            y
            for y in range(first.year, last.year + 1)
            if _valid(y, m, dd)
            and first <= pd.Timestamp(y, m, dd) <= last
            and wd_open[pd.Timestamp(y, m, dd).weekday()] >= 0.15
        ]
        md_closed[(m, dd)] = bool(years) and all(pd.Timestamp(y, m, dd) not in open_set for y in years)
    hol_closed: set[pd.Timestamp] = set()
    if region and len(future):
        base = base_holidays(region, first.date(), future.max().date())
        table = pd.DataFrame(
            [(n, pd.Timestamp(d)) for n, d, _ in base if n not in (CHRISTMAS_EVE, NEW_YEARS_EVE)],
            columns=["holiday", "ds"],
        )
        for _, g in table.groupby("holiday"):
            past = g[(g["ds"] >= first) & (g["ds"] <= last)]["ds"]
            if len(past) and not any(x in open_set for x in past):
                hol_closed |= set(g[g["ds"] > last]["ds"])
    out = [wd_open[x.weekday()] < 0.15 or md_closed[(x.month, x.day)] or x in hol_closed for x in future]
    return pd.Series(out, index=future)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True
