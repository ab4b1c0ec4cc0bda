"""`demand_drivers` tool: effect sizes measured by the fitted model (weekday, holidays, Advent, weather)."""

from __future__ import annotations

import re
from typing import Any

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.nlu.normalize import fold
from agents.plain import plain_answer
from agents.replies import ASK_BRANCH, unknown_branch_reply
from agents.sales._common import branch_label, selection
from agents.sales.plan_margin import plan_margin_sentence
from tools.company.period_level import PeriodLevel, period_level
from tools.company.sales import is_advent_weekend
from tools.format_de import WEEKDAYS, WEEKDAYS_SHORT, effect, integer, percent, share

MIN_PCT = 3.0  # holiday effects smaller than this are summarised, not listed


def _verb(pct: float) -> str:
    if abs(pct) < 1.0:
        return "verändert kaum"
    return "erhöht" if pct > 0 else "senkt"


def _chart(drivers: dict[str, Any], title: str) -> Artifact:
    """Bars: weekday profile and the holiday/Advent effects."""
    from tools.charts import new_figure, save_figure

    fig, ax = new_figure(10, 4.8)
    labels: list[str] = []
    vals: list[float] = []
    for k, v in drivers["weekday"].items():
        labels.append(k)
        vals.append(v)
    for k, v in drivers["advent_weekend"].items():
        labels.append(f"Advent {k[:2]}")
        vals.append(v["pct"])
    for h in drivers["holidays"]:
        for k, v in h["effects"].items():
            if abs(v["pct"]) >= MIN_PCT:
                labels.append(f"{h['name'][:14]} ({k[:3]})")
                vals.append(v["pct"])
    for w in drivers["weather"]:
        labels.append(w["unit"])
        vals.append(w["pct"])
    ax.bar(range(len(vals)), vals, color=["#2a9d8f" if v >= 0 else "#e76f51" for v in vals])
    ax.set_xticks(range(len(vals)), labels, rotation=60, ha="right", fontsize=7)
    ax.axhline(0, color="#333333", lw=0.8)
    ax.set_ylabel("Effekt in %")
    ax.set_title(title)
    return Artifact(kind="image", path=save_figure(fig, "nachfragetreiber"), name="Nachfragetreiber (Effekte in %)")


def describe(drivers: dict[str, Any], title: str) -> list[str]:
    """German lines for the effect sizes; signs and sizes come from the model."""
    lines = [f"**Nachfragetreiber {title}** – gemessen aus {integer(drivers['n_days'])} Verkaufstagen:"]
    wd = drivers["weekday"]
    if wd:
        best, worst = max(wd, key=wd.get), min(wd, key=wd.get)
        prof = ", ".join(f"{k} {effect(v)}" for k, v in wd.items())
        lines.append(
            f"- Wochentage (ggü. dem Durchschnitt der Öffnungstage): {prof}. "
            f"Stärkster Tag: {best}, schwächster: {worst}."
        )
    adv = drivers["advent_weekend"]
    if adv:
        parts = ", ".join(f"{k} {effect(v['pct'])}" for k, v in adv.items())
        mean = sum(v["pct"] for v in adv.values()) / len(adv)
        lines.append(f"- Adventswochenenden: {parts} – der Advent {_verb(mean)} den Absatz am Wochenende.")
    season = drivers.get("season", {})
    if "weihnachtszeit" in season:
        christmas = effect(season["weihnachtszeit"])
        lines.append(f"- Weihnachtszeit (1. Advent bis 23.12.) insgesamt: {christmas}.")
    big: list[str] = []
    small: list[str] = []
    for h in drivers["holidays"]:
        eff = [f"{k} {effect(v['pct'])}" for k, v in h["effects"].items() if abs(v["pct"]) >= MIN_PCT]
        (big if eff else small).append(f"{h['name']}: {', '.join(eff)}" if eff else h["name"])
    if big:
        lines.append("- Feier- und Aktionstage (an geschlossenen Tagen ist kein Effekt messbar):")
        lines += [f"  - {b}" for b in big]
    if small:
        lines.append(f"- Ohne nennenswerten Effekt (unter {percent(MIN_PCT)}): {', '.join(small)}.")
    for w in _ordered(drivers):
        if w["kind"] == "rain_day":
            lines.append(f"- Wetter: ein Regentag (ab 1 mm) {effect(w['pct'])} gegenüber einem trockenen Tag.")
            continue
        extra = f" (10 mm Regen insgesamt: {share(ten_mm(drivers), signed=True)})" if w["kind"] == "rain" else ""
        lines.append(f"- Wetter {w['unit']}: {effect(w['pct'])} je Tag{extra}.")
    return lines


_KIND_ORDER = ("rain_day", "rain", "temperature", "cloud")


def _ordered(drivers: dict[str, Any]) -> list[dict[str, Any]]:
    """The weather effects, the rainy day before the millimetres (it is the larger part of a rainy day)."""
    rank = {k: i for i, k in enumerate(_KIND_ORDER)}
    return sorted(drivers["weather"], key=lambda w: rank.get(w["kind"], len(rank)))


def ten_mm(drivers: dict[str, Any]) -> float:
    """The change on a day with 10 mm of rain against a dry one: the rainy-day step (if measured) and 10 × per mm."""
    factor = 1.0
    for w in drivers["weather"]:
        if w["kind"] == "rain_day":
            factor *= 1 + w["pct"] / 100
        elif w["kind"] == "rain":
            factor *= (1 + w["pct"] / 100) ** 10
    return factor - 1


_FEW = re.compile(r"\b(?:wenig\w*|schwach\w*|mau|niedrig\w*)\b")
_MANY = re.compile(r"\b(?:viel\w*|hoch|stark\w*)\b")
SEASON_STEP = 3.0  # % a period must lie above or below the year's mean day to be called strong or weak

METHOD = (
    "Ein Zeitreihenmodell, angepasst an die bisherigen Verkaufstage dieser Reihe, trennt Wochentag, Feiertage, "
    "Advent und Wetter voneinander; jeder Effekt verändert den sonst erwarteten Absatz um den genannten Prozentsatz."
)


def _long(weekday: str) -> str:
    """'Sa' -> 'Samstag' (other labels unchanged)."""
    return dict(zip(WEEKDAYS_SHORT, WEEKDAYS, strict=True)).get(weekday, weekday)


def period_sentence(level: PeriodLevel | None, who: str, text: str = "") -> str:
    """How the asked period compared with the year one year earlier („Warum so wenig im Januar?“), or ''; a
    premise the data does not bear out („so wenig“ for a strong month) is said first."""
    if level is None:
        return ""
    t = fold(text)
    then = f"{level.start:%d.%m.}–{level.end:%d.%m.%Y}"
    base = (
        f"Im gleichen Zeitraum des Vorjahres ({then}) verkauften Sie bei {who} im Schnitt "
        f"{integer(level.period_mean)} Stück je Verkaufstag"
    )
    mean = f"im Mittel der letzten 12 Monate ({integer(level.year_mean)} Stück)"
    if level.pct <= -SEASON_STEP:
        head = "So viel ist das nicht" if _MANY.search(t) else "Der Zeitraum ist schwach"
        return f"{head}: {base}, {percent(-level.pct)} weniger als {mean}."
    if level.pct >= SEASON_STEP:
        head = "So wenig ist das nicht" if _FEW.search(t) else "Der Zeitraum ist stark"
        return f"{head}: {base}, {percent(level.pct)} mehr als {mean}."
    return f"Der Zeitraum liegt im üblichen Rahmen: {base}, etwa so viel wie {mean}."


def decision(drivers: dict[str, Any], who: str, advent: bool = True) -> str:
    """The strongest driver in one plain sentence: the best and weakest weekday, and Advent when measured (and
    the asked days have Advent in them)."""
    wd = drivers["weekday"]
    if not wd:
        return f"Für {who} lassen sich aus den Verkaufstagen keine klaren Treiber ablesen."
    best, worst = max(wd, key=wd.get), min(wd, key=wd.get)
    text = (
        f"Bei {who} verkaufen Sie am {_long(best)} am meisten ({effect(wd[best])}) und am {_long(worst)} "
        f"am wenigsten ({effect(wd[worst])})"
    )
    adv = drivers["advent_weekend"]
    if adv and advent:
        mean = sum(v["pct"] for v in adv.values()) / len(adv)
        text += f"; der Advent {_verb(mean)} den Absatz am Wochenende ({effect(mean)})"
    return text + "."


_WEATHER_WORDS = {
    "rain": ("regen", "regnet", "nass", "schauer", "niederschlag", "schietwetter"),
    "rain_day": ("regen", "regnet", "nass", "schauer", "niederschlag", "schietwetter"),
    "temperature": ("kalt", "kälte", "warm", "wärme", "hitze", "heiß", "frost", "temperatur", "grad"),
    "cloud": ("bewölk", "wolken", "sonne", "sonnig", "trüb", "grau"),
}


def weather_decision(drivers: dict[str, Any], who: str, text: str) -> str | None:
    """For „Was passiert, wenn es regnet?“: the measured effect of the weather asked about, in one sentence."""
    t = text.lower()
    asked = [w for w in _ordered(drivers) if any(k in t for k in _WEATHER_WORDS.get(w["kind"], ()))]
    if not asked and "wetter" in t:
        if not drivers["weather"]:
            return f"Bei {who} hat das Wetter keinen messbaren Einfluss auf den Absatz."
        asked = _ordered(drivers)
    if not asked:
        return None
    names = {"rain": ("Regen", "je mm Regen"), "temperature": ("Wärme", "je Grad wärmer")}
    names |= {"rain_day": ("Ein Regentag (ab 1 mm)", "gegenüber einem trockenen Tag")}
    names |= {"cloud": ("Bewölkung", "je Achtel mehr Bewölkung"), "other": ("Das Wetter", "je Einheit")}
    parts = []
    for i, w in enumerate(asked):
        pct = w["pct"]
        cause, per = names.get(w["kind"], names["other"])
        whose = f"den Absatz von {who}" if i == 0 else "den Absatz"
        if abs(pct) < 0.2:
            parts.append(f"{cause} ändert {whose} kaum ({effect(pct)} {per}).")
            continue
        verb = "hebt" if pct > 0 else "drückt"
        extra = f", 10 mm Regen insgesamt: {share(ten_mm(drivers), signed=True)}" if w["kind"] == "rain" else ""
        parts.append(f"{cause} {verb} {whose}: {effect(pct)} {per}{extra}.")
    return " ".join(parts) + " Gemessen an Ihren bisherigen Verkaufstagen."


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Measure the demand drivers of one series (first product/group named, at one branch or the chain)."""
    from tools.forecast.api import demo_entries
    from tools.forecast.demo import item_label

    if slots.unknown_branch:
        return unknown_branch_reply(slots.unknown_branch, "demand_drivers", ASK_BRANCH)
    branches, items, notes = selection(slots, ["alle"])
    if not (slots.products or slots.groups):
        notes.append("kein Artikel genannt – alle Artikel zusammen (Stückzahl)")
    if len(branches) > 1 or len(items) > 1:
        notes.append(f"mehrere genannt – ich zeige {item_label(items[0])} in {branch_label(branches[0])}")
    name = f"{branches[0]}/{items[0]}"
    entry = demo_entries([name])[name]
    drivers = entry["drivers"]
    title = f"{item_label(items[0])} – {branch_label(branches[0])}"
    where = "allen Filialen zusammen" if branches[0] == "alle" else branch_label(branches[0])
    what = "allen Artikeln" if items[0] == "alle" else item_label(items[0])  # dative after „bei“/„von“
    who = f"{what} in {where}"
    lines = describe(drivers, title)
    if notes:
        lines.append("Hinweise: " + "; ".join(notes) + ".")
    days = slots.dates
    advent = days is None or any(is_advent_weekend(d) or d.month == 12 for d in days.days())
    lead = weather_decision(drivers, who, slots.text or "") or decision(drivers, who, advent)
    level = period_level(branches[0], items[0], days.start, days.end, ctx.today) if days else None
    season = period_sentence(level, who, slots.text or "")
    if season:  # „Warum so wenig?“ after a month's forecast: the month against the year first, then the days
        lead = f"{season} Was die einzelnen Tage bewegt: {lead}"
    margin = plan_margin_sentence(slots, ctx.view == "full") if slots.after_plan else None
    if margin:  # „Warum so viele?“ after the plan: its amount against the forecast, then why the demand is so high
        lead = f"{margin} Zur Nachfrage selbst: {lead}"
    return AgentReply(
        text=plain_answer(lead, lines, [METHOD]),
        tools_called=["demand_drivers"],
        artifacts=[_chart(drivers, title)],
        data={"series": name, "drivers": drivers, "notes": notes},
    )
