"""`forecast` tool: sales per product/group, branch and day with interval, drivers and a chart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.nlu.weather_words import unmodelled_weather, weather_scenario
from agents.own_goods import unknown_goods
from agents.plain import plain_answer
from agents.replies import ASK_BRANCH, unknown_branch_reply, unknown_product_reply
from agents.sales import weather_what_if as what_if
from agents.sales._common import branch_label, selection
from agents.sales.certainty import asks_past_forecast, certainty_text, past_accuracy_reply
from agents.sales.year_before import asks_year_before, compare
from tools.company.catalog import GROUP_NAMES
from tools.company.weather import MODEL_WEATHER_COLUMNS
from tools.forecast.drivers import AGGREGATE_COMPONENTS
from tools.forecast.weather_scenario import WeatherScenario
from tools.format_de import WEEKDAYS, day, integer, pieces, share

if TYPE_CHECKING:  # the forecast API (Prophet) is imported only when a forecast runs
    from tools.forecast.api import WhatIf

MAX_DAYS = 62
MAX_SERIES = 24
OWN_DEFAULT_ITEMS = 8  # products of an own export forecast when the request names none
DAILY_LINES = 14
# besides the sums: the calendar and weather effects, named elsewhere in the answer (holiday columns stay)
SKIP_COMPONENTS = AGGREGATE_COMPONENTS | {
    "weekly_rest",
    "weekly_summer",
    "weekly_december",
    "yearly",
    "weihnachtszeit",
    "zwischen_den_jahren",
    *MODEL_WEATHER_COLUMNS,
}


def _dates(slots: Slots, ctx: TurnContext) -> tuple[date, date, str, list[str]]:
    """(start, end, label, notes) of a period that reaches today or later; the past part is cut off."""
    notes: list[str] = []
    if slots.dates is None:
        d = ctx.today + timedelta(days=1)
        notes.append(f"kein Datum genannt – Prognose für morgen ({day(d)})")
        return d, d, "morgen", notes
    start, end = slots.dates.start, slots.dates.end  # a period wholly in the past went to review_reply
    label = slots.dates.label
    if start < ctx.today:
        notes.append(f"der Teil vor heute entfällt – Prognose ab {day(ctx.today)}")
        start = ctx.today
    if (end - start).days + 1 > MAX_DAYS:
        end = start + timedelta(days=MAX_DAYS - 1)
        notes.append(f"auf {MAX_DAYS} Tage gekürzt (bis {day(end)})")
    if (start, end) != (slots.dates.start, slots.dates.end):  # the heading names the days shown, not those asked
        label = f"vom {start:%d.%m.%Y} bis {end:%d.%m.%Y}"  # („die nächsten 1000 Tage“ kept its label, hostile 26)
    return start, end, label, notes


def _drivers_of_day(row: pd.Series) -> list[str]:
    """German phrases for what moves this day (read from the model components, log scale)."""
    out = []
    for col, val in row.items():
        if not isinstance(col, str) or not col.startswith("c_") or pd.isna(val):
            continue
        name = col[2:]
        if name in SKIP_COMPONENTS or abs(val) < 0.03:
            continue
        out.append(f"{name} {share(np.exp(val) - 1, signed=True)}")
    if abs(row.get("c_weihnachtszeit", 0.0)) >= 0.02:
        out.append(f"Weihnachtszeit {share(np.exp(row['c_weihnachtszeit']) - 1, signed=True)}")
    weather = sum(float(row.get(f"c_{c}", 0.0)) for c in MODEL_WEATHER_COLUMNS)
    if abs(weather) >= 0.02 and not row.get("weather_fallback", True):
        out.append(f"Wetter ggü. Jahresmittel {share(np.exp(weather) - 1, signed=True)}")
    return out


def _label(item: str) -> str:
    from tools.forecast.demo import item_label

    return item_label(item)


def _chart(df: pd.DataFrame, hist: pd.DataFrame, names: list[str], title: str) -> Artifact:
    """History (8 weeks) + forecast + interval per series (at most 6 series drawn)."""
    from tools.charts import new_figure, save_figure
    from tools.forecast.demo import select_series

    fig, ax = new_figure(10, 4.8)
    for i, n in enumerate(names[:6]):
        branch, item = n.split("/", 1)
        h = select_series(hist, None if branch == "alle" else branch, item)
        h = h[h["ds"] >= h["ds"].max() - pd.Timedelta(days=56)]
        f = df[df["series"] == n]
        color = f"C{i}"
        lbl = f"{_label(item)} – {branch_label(branch)}"
        ax.plot(h["ds"], h["y"], color=color, alpha=0.55, lw=1, label=f"{lbl} (Ist)")
        ax.plot(f["date"], f["forecast"], color=color, lw=2, marker="o", ms=3, label=f"{lbl} (Prognose)")
        ax.fill_between(f["date"], f["lower"], f["upper"], color=color, alpha=0.2)
        if len(f) == 1:  # one day: show the interval as an error bar
            ax.errorbar(
                f["date"],
                f["forecast"],
                # a point estimate just outside its own interval (a flat series) draws no bar on that side
                yerr=[(f["forecast"] - f["lower"]).clip(lower=0), (f["upper"] - f["forecast"]).clip(lower=0)],
                color=color,
                capsize=6,
                lw=2,
            )
    ax.set_title(title)
    ax.set_ylabel("Stück pro Tag")
    ax.legend(fontsize=7, loc="upper left")
    fig.autofmt_xdate()
    path = save_figure(fig, "absatzprognose")
    return Artifact(kind="image", path=path, name="Absatzprognose (Ist, Prognose, 80-%-Intervall)")


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Answer a forecast request for the demo company, or for an uploaded sales CSV."""
    from agents.own_goods import own_products
    from agents.sales.upload import forecast_upload, remember_upload, split_uploads, uploaded_before
    from tools.forecast.api import demo_inputs, demo_pairs, forecast_demo_series, forecast_demo_what_if

    if ctx.attachments:
        main, extra = split_uploads(ctx.attachments)
        return remember_upload(forecast_upload(main, slots, extra), main, extra, ctx.memory)
    earlier = uploaded_before(ctx.memory, slots)
    if earlier:  # „und nur Brötchen?“ after a forecast of her own file: still her file, not the demo company
        return forecast_upload(earlier[0], slots, earlier[1], follow_up=True)
    if slots.unknown_branch:
        return unknown_branch_reply(slots.unknown_branch, "forecast", ASK_BRANCH)
    if (goods := unknown_goods(slots)) is not None:  # her own export's goods are no unknown goods
        return unknown_product_reply(goods, "forecast")
    from agents.sales.margin import asks_margin, margin_reply
    from agents.sales.review import review_reply, wants_review

    if asks_margin(slots.text or "", slots.products):  # „Wie hoch ist unsere Marge beim Stollen?“
        return margin_reply(slots, ctx)

    from agents.nlu.followup import asks_accuracy

    how_sure = slots.how_sure or asks_accuracy(slots.text or "")
    # „Wie gut lag die Vorhersage letzte Woche?“, „Was hätte die Prognose am 14.11. gesagt?“: days gone by
    look_back = (how_sure or asks_past_forecast(slots.text or "")) and slots.dates is not None
    if wants_review(slots, ctx.today) and not look_back:
        return review_reply(slots, ctx)  # days gone by: the actual figures, not a refusal
    own = own_products()  # her own export: her products, the demo groups would find no sales (trial 18)
    branches, items, more = selection(slots, own[:OWN_DEFAULT_ITEMS] or [f"gruppe:{g}" for g in GROUP_NAMES])
    if look_back and slots.dates is not None and slots.dates.end < ctx.today:
        return past_accuracy_reply([f"{b}/{i}" for b in branches for i in items], slots.dates.start, slots.dates.end)
    start, end, label, notes = _dates(slots, ctx)
    notes += more
    if not (slots.products or slots.groups):
        first = f" (die ersten {OWN_DEFAULT_ITEMS})" if len(own) > OWN_DEFAULT_ITEMS else ""
        each = f"je Artikel Ihrer Verkaufsdaten{first}" if own else "je Warengruppe"
        notes.append(f"kein Artikel genannt – Prognose {each}")
    names = [f"{b}/{i}" for b in branches for i in items]
    if len(names) > MAX_SERIES:
        return AgentReply(
            text=f"Das wären {len(names)} Prognosereihen auf einmal. Bitte nennen Sie weniger "
            "Filialen oder Artikel (höchstens 24 Kombinationen).",
            tools_called=["forecast"],
        )
    hist, _, _ = demo_inputs()
    known = demo_pairs()
    names = [n for n in names if n.startswith("alle/") or "gruppe:" in n or tuple(n.split("/", 1)) in known]
    if not names:
        return AgentReply(
            text="Für diese Kombination aus Filiale und Artikel gibt es keine Verkaufsdaten.", tools_called=["forecast"]
        )
    text = slots.text or ""
    scenario, unmodelled = weather_scenario(text), unmodelled_weather(text)
    if not scenario.is_empty():  # „wenn es am Samstag regnet“: the forecast moved to the weather named
        wi = forecast_demo_what_if(start, end, names, scenario)
        return _answer(
            wi.rows, hist, names, start, end, label, notes, asks_year_before(text), (wi, scenario), unmodelled
        )
    df = forecast_demo_series(start, end, names)
    reply = _answer(df, hist, names, start, end, label, notes, asks_year_before(text), unmodelled=unmodelled)
    if how_sure:  # „Wie sicher ist das?“: measured on the company's own days gone by, shown below the decision
        from tools.forecast.api import demo_accuracy

        reply.data["certainty"] = certainty_text(demo_accuracy(names))
    return reply


def _answer(
    df: pd.DataFrame,
    hist: pd.DataFrame,
    names: list[str],
    start: date,
    end: date,
    label: str,
    notes: list[str],
    year_before: bool = False,
    weather: tuple[WhatIf, WeatherScenario] | None = None,
    unmodelled: bool = False,
) -> AgentReply:
    """The forecast answer; `year_before`: with last year's actual sales on the same weekdays beside it;
    `weather`: the forecast under the weather the user named, against the usual weather; `unmodelled`: the user
    named weather the model does not know (storm)."""
    period = day(start) if start == end else f"{day(start)} – {day(end)}"
    lines = [f"**Absatzprognose {label}** ({period}), Stückzahlen mit 80-%-Intervall:"]
    series_data: list[dict[str, Any]] = []
    fallback = bool(df["weather_fallback"].any())
    for n in names:
        f = df[df["series"] == n].sort_values("date")
        branch, item = n.split("/", 1)
        lines.append(f"\n*{_label(item)} – {branch_label(branch)}*")
        days = []
        for _, r in f.iterrows():
            d = r["date"].date()
            drivers = [] if r["closed"] else _drivers_of_day(r)
            days.append(  # whole pieces, rounded here once: the lead, the rows and every sum use these
                {
                    "date": d.isoformat(),
                    "forecast": pieces(float(r["forecast"])),
                    "lower": pieces(float(r["lower"])),
                    "upper": pieces(float(r["upper"])),
                    "closed": bool(r["closed"]),
                    "drivers": drivers,
                }
            )
            days[-1]["branch_closed"] = bool(r["closed"]) and _branch_closed(branch, d)
            if len(days) <= DAILY_LINES:
                txt = (
                    ("geschlossen" if days[-1]["branch_closed"] else "nicht im Angebot")
                    if r["closed"]
                    else (
                        f"{integer(days[-1]['forecast'])} Stück "
                        f"({integer(days[-1]['lower'])}–{integer(days[-1]['upper'])})"
                    )
                )
                extra = f" – {', '.join(drivers)}" if drivers else ""
                lines.append(f"- {day(d)}: {txt}{extra}")
        if len(days) > DAILY_LINES:
            lines.append(f"- … {len(days) - DAILY_LINES} weitere Tage in der Grafik und in den Daten")
        tot, lo, hi = (sum(int(x[c]) for x in days) for c in ("forecast", "lower", "upper"))
        if len(f) > 1:
            lines.append(f"- **Summe: {integer(tot)} Stück** (Summe der Tagesgrenzen {integer(lo)}–{integer(hi)})")
        series_data.append(
            {
                "series": n,
                "branch": branch,
                "item": item,
                "label": _label(item),
                "days": days,
                "total": tot,
                "total_lower": lo,
                "total_upper": hi,
            }
        )
    parts = _chain_parts(series_data)
    for whole, named in parts:  # "in allen Filialen und wie viele davon in Stendal?"
        lines.append(f"\n*{whole['label']}: davon {_part_phrase(whole, named)}*")
    if parts:
        grand = sum(float(w["total"]) for w, _ in parts)
        lines.append(f"\nInsgesamt in allen Filialen zusammen: {integer(grand)} Stück.")
    elif len(names) > 1 and len(df["date"].unique()) >= 1:
        grand = sum(float(x["total"]) for x in series_data)  # the sum of the totals shown, not of the raw model
        lines.append(f"\nInsgesamt über alle gezeigten Artikel und Filialen: {integer(grand)} Stück.")
    lead = (
        _decision(series_data, start, end)
        if weather is None
        else what_if.lead(*weather, _period(start, end, inside=True), _subject(series_data))
    )
    if unmodelled:  # „wenn es stürmt“: said, not silently ignored
        lead += (
            " Sturm, Wind oder Nebel kann ich nicht einrechnen: Ihre Wetterdaten enthalten nur Regen, Temperatur "
            "und Bewölkung."
        )
    if year_before:  # „und im Vergleich zum Vorjahr?“: actual sales 364 days earlier
        said, compared = compare(series_data, start, end)
        lead, lines = f"{lead} {said}", [*lines, *compared]
    if weather is not None:
        lines.append(what_if.effect_note(weather[0]))
    elif fallback:
        lines.append(
            "\nWetter: Für diese Tage liegt keine Wettervorhersage vor; ich habe das Klimamittel der "
            "gleichen Kalendertage aus den Vorjahren verwendet."
        )
    if notes:
        lines.append("Hinweise: " + "; ".join(notes) + ".")
    method = [
        "Aus den täglichen Verkäufen jeder Filiale und jedes Artikels der letzten Jahre (an ausverkauften Tagen "
        "auf die Nachfrage hochgerechnet) mit Wochentag, Jahreszeit, Feiertagen in Sachsen-Anhalt, Adventswochenenden, "
        "Weihnachtszeit und Wetter; ein Zeitreihenmodell je Artikel und Filiale. Die Spanne umfasst 8 von 10 Fällen: "
        "je einer von 10 Tagen liegt darunter oder darüber."
    ]
    chart = _chart(df, hist, names, f"Absatzprognose {label}")
    return AgentReply(
        text=plain_answer(lead, lines, method),
        tools_called=["forecast"],
        artifacts=[chart],
        data={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "series": series_data,
            "weather_fallback": fallback,
            "notes": notes,
            "interval": 0.8,
            "year_before": year_before,
            "weather_assumed": [a.model_dump(mode="json") for a in weather[0].assumed] if weather else None,
        },
    )


def _branch_closed(branch: str, d: date) -> bool:
    """True when the branch (every branch for 'alle') is closed on `d` (Sunday without hours, holiday)."""
    from tools.company.catalog import BRANCH_BY_ID, BRANCHES
    from tools.company.sales import is_closed

    chosen = [BRANCH_BY_ID[branch]] if branch in BRANCH_BY_ID else list(BRANCHES)
    return all(is_closed(b, d) for b in chosen)


def _where(branch: str) -> str:
    """'in Gardelegen' or 'in allen Filialen zusammen'."""
    return "in allen Filialen zusammen" if branch == "alle" else f"in {branch_label(branch)}"


def _subject(series: list[dict[str, Any]]) -> str:
    """„ Brötchen in Stendal Marktplatz und Stendal Bahnhof“ (leading space): what and where the figure counts;
    empty when more than two goods or branches are shown."""
    labels = list(dict.fromkeys(str(s["label"]) for s in series))
    branches = list(dict.fromkeys(str(s["branch"]) for s in series))
    if len(labels) > 2 or len(branches) > 2:
        return ""
    where = _where(branches[0]) if len(branches) == 1 else "in " + " und ".join(branch_label(b) for b in branches)
    return f" {' und '.join(labels)} {where}"


def _on(d: date) -> str:
    """'Am Samstag, 28.11.' (sentence start)."""
    return f"Am {WEEKDAYS[d.weekday()]}, {d:%d.%m.}"


def _period(start: date, end: date, inside: bool = False) -> str:
    """'Am Samstag, 28.11.' or 'Vom 01.12. bis 07.12.' at a sentence's start; 'am …'/'vom …' `inside` one."""
    text = _on(start) if start == end else f"Vom {start:%d.%m.} bis {end:%d.%m.}"
    return text[0].lower() + text[1:] if inside else text


def _chain_parts(series: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each chain-total series ('alle') with the series of the same item at the branches named beside it."""
    out = []
    for whole in series:
        named = [s for s in series if s["item"] == whole["item"] and s["branch"] != "alle"]
        if whole["branch"] == "alle" and named:
            out.append((whole, named))
    return out


def _part_phrase(whole: dict[str, Any], named: list[dict[str, Any]]) -> str:
    """'412 Stück in Stendal (30,1 %: Stendal Marktplatz 250, Stendal Bahnhof 162)': the named branches' part."""
    from tools.company.catalog import BRANCH_BY_ID

    part = sum(float(s["total"]) for s in named)
    towns = list(dict.fromkeys(BRANCH_BY_ID[s["branch"]].town for s in named if s["branch"] in BRANCH_BY_ID))
    where = " und ".join(towns) if towns else ", ".join(branch_label(s["branch"]) for s in named)
    each = ", ".join(f"{branch_label(s['branch'])} {integer(s['total'])}" for s in named)
    ratio = f"{share(part / float(whole['total']))} der Kette" if float(whole["total"]) > 0 else "Kette ohne Verkauf"
    return f"{integer(part)} Stück in {where} ({ratio}; {each})"


def _decision(series: list[dict[str, Any]], start: date, end: date) -> str:
    """The forecast in one plain sentence: how many pieces, and the likely range."""
    if not series:
        return "Für diese Auswahl gibt es keine Prognose."
    parts = _chain_parts(series)
    if parts:  # the chain total first, then the part of the branches named
        period = _period(start, end)
        said = "; ".join(
            f"{integer(w['total'])} Stück {w['label']} in allen Filialen zusammen, davon {_part_phrase(w, n)}"
            for w, n in parts
        )
        return f"{period} verkaufen Sie voraussichtlich {said}."
    if len(series) == 1:
        s = series[0]
        what = f"{s['label']} {_where(s['branch'])}"
        if start == end:
            d0 = s["days"][0]
            if d0["closed"] and d0.get("branch_closed"):
                return f"{_on(start)} ist die Filiale geschlossen – dort wird nichts verkauft."
            if d0["closed"]:  # the branch is open, the article is not sold that day (seasonal goods)
                return (
                    f"{_on(start)} wird {s['label']} {_where(s['branch'])} nicht angeboten – in den Verkaufsdaten "
                    "gibt es an diesem Tag keine Verkäufe davon (z. B. ein Saisonartikel). Es wird also nichts verkauft."
                )
            return (
                f"{_on(start)} verkaufen Sie voraussichtlich {integer(d0['forecast'])} Stück {what} – "
                f"wahrscheinlich zwischen {integer(d0['lower'])} und {integer(d0['upper'])} Stück."
            )
        return (
            f"{_period(start, end)} verkaufen Sie voraussichtlich {integer(s['total'])} Stück "
            f"{what} (Summe der Tagesspannen {integer(s['total_lower'])}–{integer(s['total_upper'])} Stück)."
        )
    grand = sum(float(s["total"]) for s in series)
    top = max(series, key=lambda s: float(s["total"]))
    period = _period(start, end)
    return (
        f"{period} verkaufen Sie voraussichtlich {integer(grand)} Stück (gezeigte Artikel und Filialen zusammen) – "
        f"am meisten {top['label']} {_where(top['branch'])} ({integer(top['total'])} Stück)."
    )
