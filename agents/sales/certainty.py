"""„Wie sicher ist das?“ after a forecast: how far the same model was off on this company's own days gone by
(the rolling back-test of tools/forecast/accuracy.py), in plain German."""

from __future__ import annotations

import re
from datetime import date

from agents.contracts import AgentReply
from agents.nlu.normalize import fold
from agents.sales._common import branch_label
from tools.forecast.accuracy import FOLD_DAYS, Accuracy
from tools.forecast.demo import item_label
from tools.format_de import date_range, day_long, integer, share

MAX_LINES = 4  # series named one by one; more are summed up in one sentence
FEW_DAYS = 20  # fewer days compared: the count itself, not „an 8 von 10 Tagen“


def _subject(series: str) -> str:
    branch, item = series.split("/", 1)
    where = "(alle Filialen zusammen)" if branch == "alle" else f"in {branch_label(branch)}"
    return f"{item_label(item)} {where}"


def _out_of_ten(part: int, whole: int) -> int:
    return round(10 * part / whole) if whole else 0


def _lean(a: Accuracy) -> str:
    """Whether the forecast leaned high or low (only when clearly so: more than 3 % of the mean)."""
    if abs(a.bias) <= 0.03 * a.mean_actual:
        return ""
    side = "zu hoch" if a.bias > 0 else "zu niedrig"
    return f" Im Mittel lag sie um {integer(abs(a.bias))} Stück am Tag eher {side}."


def sentence(a: Accuracy) -> str:
    """One series' measured accuracy: typical deviation and how often the range held."""
    held = f"{a.within_range} von {a.days} Tagen"
    if a.days >= FEW_DAYS:  # „an 8 von 10 Tagen“ only where enough days were compared
        held = f"{_out_of_ten(a.within_range, a.days)} von 10 Tagen ({held})"
    return (
        f"- {_subject(a.series)}: Im Schnitt lag die Vorhersage {integer(a.mean_abs_error)} Stück am Tag "
        f"({share(a.rel_error, 0)}) neben dem tatsächlichen Verkauf von rund {integer(a.mean_actual)} Stück. "
        f"An {held} lag der Verkauf innerhalb der genannten Spanne, an {a.within_20pct} Tagen höchstens "
        f"20 % daneben.{_lean(a)}"
    )


def certainty_text(found: dict[str, Accuracy], past: bool = False) -> str:
    """The paragraph for „Wie sicher ist das?“: how the check was done, then one sentence per series."""
    if not found:
        return (
            "Wie sicher: Für diese Auswahl habe ich zu wenige vergangene Verkaufstage, um die Vorhersage an "
            "Ihren eigenen Zahlen nachzuprüfen."
        )
    every = list(found.values())
    start, end = min(a.start for a in every), max(a.end for a in every)
    how = (
        f"Wie sicher: Ich habe die Vorhersage für {date_range(start, end)} an Ihren eigenen Verkäufen nachgeprüft – "
        f"jeweils nur mit den Daten, die vorher bekannt waren (alle {FOLD_DAYS // 7} Wochen neu gerechnet)."
    )
    if past:
        how = how.replace("Wie sicher: Ich habe", "Rückblick: Ich habe")
    lines = [sentence(a) for a in every[:MAX_LINES]]
    if len(every) > MAX_LINES:
        days = sum(a.days for a in every)
        inside = sum(a.within_range for a in every)
        err = sum(a.mean_abs_error * a.days for a in every) / sum(a.mean_actual * a.days for a in every)
        lines.append(
            f"- Alle {len(every)} Reihen zusammen: im Schnitt {share(err, 0)} daneben, an "
            f"{_out_of_ten(inside, days)} von 10 Tagen innerhalb der Spanne."
        )
    return "\n".join([how, *lines])


# „Was hätte die Vorhersage für den 14. November gesagt?“: the forecast itself is asked about, for days gone by
_FORECAST_WORD = re.compile(r"\b(?:vorhersage\w*|prognose\w*|vorhergesagt|prognostiziert|geschaetzt)\b")


def asks_past_forecast(text: str) -> bool:
    """The message names the forecast itself (for a period gone by this is a look at how it did)."""
    return _FORECAST_WORD.search(fold(text)) is not None


def _day_lines(names: list[str], the_day: date) -> list[str]:
    """„- Schrippe in Stendal Marktplatz: Vorhersage 383 Stück (322–451), verkauft 401“ for one day gone by."""
    from tools.forecast.api import demo_backtest_days

    lines = []
    for n, row in demo_backtest_days(names, the_day).items():
        inside = "innerhalb" if row.lower <= row.actual <= row.upper else "außerhalb"
        lines.append(
            f"- {_subject(n)}: Vorhersage {integer(row.forecast)} Stück (Spanne {integer(row.lower)}–"
            f"{integer(row.upper)}), tatsächlich {integer(row.actual)} – {inside} der Spanne"
        )
    return lines


def past_accuracy_reply(names: list[str], start: date, end: date) -> AgentReply:
    """„Wie gut lag die Vorhersage letzte Woche?“: the back-test over those days, when they lie in it; for one day
    also each series' forecast beside what was really sold."""
    from tools.forecast.api import demo_accuracy

    found = demo_accuracy(names, start, end)
    if not found:
        found = demo_accuracy(names)
        lead = (
            f"Für {date_range(start, end)} habe ich keine nachgerechnete Vorhersage; "
            "hier die letzten Wochen, die ich nachgeprüft habe."
        )
    else:
        lead = f"So gut lag die Vorhersage für {date_range(start, end)} (Rückblick)."
    days = _day_lines(names, start) if start == end and found else []
    if days:  # one day: its forecasts beside the sales, then how the forecast did over the whole back-test
        lead = f"Das hätte die Vorhersage für {day_long(start)} gesagt (Rückblick, nur aus den Daten davor gerechnet):"
        found = demo_accuracy(names)
    body = "\n".join(days) + "\n\n" if days else ""
    return AgentReply(
        text=f"{lead}\n\n{body}{certainty_text(found, past=not days)}",
        tools_called=["forecast"],
        data={"accuracy": {n: a.model_dump(mode="json") for n, a in found.items()}},
    )
