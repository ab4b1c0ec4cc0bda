"""'Was bringt mir das im Jahr?': the stored year of the production plan against what was really baked
(tools/production/yearly.py, computed by `synerki daily`); answered at once from the stored result."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.names import branch_name, product_name
from agents.nlu.normalize import fold
from agents.plain import plain_answer
from tools.format_de import date_range, eur, integer, month_label, num, share

if TYPE_CHECKING:
    from tools.production.yearly import SeriesYear, YearlyValue

TOOL = "production_plan"
_YEAR = re.compile(
    r"\b(?:im|pro|aufs|auf das|ueber das|uebers|ins|je|ganze[sn]?|letzte[sn]?|vergangene[sn]?|vorigen?)\s+jahr\b|"
    r"\bjaehrlich|\bjahreswert|\bjahresbilanz|\bjahresersparnis|\bim jahresschnitt|\bjahr gerechnet|\bjahressicht"
)
_VALUE = re.compile(
    r"\b(?:bringt|bringen|gebracht|spar|sparen|spart|gespart|ersparnis|lohnt|rechnet sich|rentiert|wert|"
    r"retoure|retouren|weniger|mehr gewinn|gewinn|plan|backplan)"
)


def wants_year(text: str) -> bool:
    """True for 'what does it bring per year' ('Was bringt mir das im Jahr?', 'Lohnt sich das aufs Jahr?')."""
    t = fold(text or "")
    return bool(_YEAR.search(t) and _VALUE.search(t))


def _sum(rows: list[SeriesYear], key: str) -> float:
    return float(sum(getattr(r, key) for r in rows))


def _selection(res: YearlyValue, slots: Slots) -> list[SeriesYear]:
    return [
        r
        for r in res.by_series
        if (not slots.branches or r.branch in slots.branches) and (not slots.products or r.product in slots.products)
    ]


def _costly_products(rows: list[SeriesYear], n: int = 3) -> list[str]:
    """Products where the plan's leftovers are worth more than the baseline's (largest first)."""
    diff: dict[str, float] = defaultdict(float)
    for r in rows:
        diff[r.product] += r.plan_returned_eur - r.base_returned_eur
    worst = sorted((v, p) for p, v in diff.items() if v > 0)[::-1][:n]
    return [product_name(p) for _, p in worst]


def _not_stored() -> AgentReply:
    from tools.precompute import preparing

    if preparing("yearly"):
        return AgentReply(
            text="Die Jahresrechnung wird gerade vorbereitet: Nach dem ersten Start rechnet die App im Hintergrund "
            "jeden Tag des letzten Jahres mit dem Plan nach (einmalig, einige Minuten). Bitte fragen Sie in ein paar "
            "Minuten noch einmal – dann beantworte ich die Frage sofort.\n\n"
            "Bis dahin rechne ich Ihnen gern einen Monat durch: „Was hätten wir im letzten Monat mit dem Plan "
            "gespart?“",
            tools_called=[TOOL],
            data={"yearly": None, "preparing": True},
        )
    return AgentReply(
        text="Die Jahresrechnung für Ihren aktuellen Datenstand liegt noch nicht vor. Dafür wird jeder Tag des "
        "letzten Jahres mit dem Plan nachgerechnet – das dauert gut eine Minute und läuft deshalb beim täglichen "
        "Lauf mit (Befehl „synerki daily“, z. B. jede Nacht). Danach beantworte ich die Frage sofort.\n\n"
        "Bis dahin rechne ich Ihnen gern einen Monat durch: „Was hätten wir im letzten Monat mit dem Plan gespart?“",
        tools_called=[TOOL],
        data={"yearly": None},
    )


def _scope(slots: Slots) -> str:
    """' in Stendal Marktplatz für Roggenbrot' for the named selection."""
    out = ""
    if slots.branches:
        out += " in " + ", ".join(branch_name(b) for b in slots.branches)
    if slots.products:
        out += " für " + ", ".join(product_name(p) for p in slots.products)
    return out


def _decision(res: YearlyValue, rows: list[SeriesYear], scope: str, base_word: str) -> str:
    saved = _sum(rows, "base_returned") - _sum(rows, "plan_returned")
    profit = round(_sum(rows, "plan_profit_eur")) - round(_sum(rows, "base_profit_eur"))  # as the table shows them
    soldout = int(_sum(rows, "base_soldout_days") - _sum(rows, "plan_soldout_days"))
    span = "im letzten Jahr" if res.full_year else "über Ihre ganze bisherige Verkaufsgeschichte"
    more_less = "weniger" if saved >= 0 else "mehr"
    sold = f"{integer(abs(soldout))}-mal {'seltener' if soldout >= 0 else 'öfter'} ausverkaufte Ware"
    money = f"{eur(abs(profit))} {'mehr' if profit >= 0 else 'weniger'} Gewinn"
    return (
        f"Mit dem Plan hätten Sie {span}{scope} ({date_range(res.start, res.end)}) rund {integer(abs(saved))} Stück "
        f"{more_less} Retouren gehabt, {sold} (je Filiale, Produkt und Tag gezählt) und {money} – verglichen "
        f"mit {base_word}."
    )


def yearly_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    """The stored year for all branches and products, or for the branches/products the message names."""
    from tools.company.data import load_sales
    from tools.production.yearly import stored_year

    res = stored_year(load_sales())
    if res is None:
        return _not_stored()
    rows = _selection(res, slots)
    whole = len(rows) == len(res.by_series)
    if not rows:
        return AgentReply(text="Für diese Auswahl enthält die Jahresrechnung keine Daten.", tools_called=[TOOL])
    base_word = {
        "gebacken": "dem, was tatsächlich gebacken wurde",
        "Regel": "Ihrer bisherigen Faustregel",
        "gemischt": "dem tatsächlich Gebackenen (wo nicht erfasst: Ihrer Faustregel)",
    }[res.baseline]
    col = {"gebacken": "tatsächlich gebacken", "Regel": "Faustregel", "gemischt": "gebacken bzw. Regel"}[res.baseline]
    lines = [
        f"| {'Jahr' if res.full_year else 'Zeitraum'} {date_range(res.start, res.end)} | Plan | {col} |",
        "|---|---:|---:|",
    ]
    for label, key, fmt in (
        ("Retouren (Stück)", "returned", integer),
        ("Retourenwert (Herstellkosten minus Restwert)", "returned_eur", eur),
        ("ausverkauft (Tage je Filiale und Produkt)", "soldout_days", integer),
        ("Gewinn", "profit_eur", eur),
    ):
        lines.append(f"| {label} | {fmt(_sum(rows, 'plan_' + key))} | {fmt(_sum(rows, 'base_' + key))} |")
    lines.append("")
    if whole:
        lines.append(
            f"Retourenquote: Plan {share(res.plan.returns_rate, 1)}, {col} {share(res.base.returns_rate, 1)}; "
            f"Lieferquote (verkauft/Nachfrage): Plan {share(res.plan.fill_rate, 1)}, {col} {share(res.base.fill_rate, 1)}."
        )
    value_diff = _sum(rows, "base_returned_eur") - _sum(rows, "plan_returned_eur")
    fewer_pieces = _sum(rows, "base_returned") >= _sum(rows, "plan_returned")
    if value_diff >= 0:
        lines.append(f"Der Wert der Retouren sinkt mit dem Plan um {eur(value_diff)} im Jahr.")
    else:
        costly = _costly_products(rows)
        lines.append(
            f"Der Wert der Retouren liegt mit dem Plan {'trotzdem ' if fewer_pieces else ''}um {eur(-value_diff)} "
            "höher: Bei Waren mit hoher Marge "
            "backt er bewusst mehr, weil dort ein verpasster Verkauf mehr kostet als eine Retoure"
            + (f" (vor allem {', '.join(costly)})" if costly else "")
            + "; der Gewinn oben rechnet das mit ein."
        )
    method = [
        f"Jeder Tag vom {res.start:%d.%m.%Y} bis {res.end:%d.%m.%Y} wurde nur mit den Verkaufsdaten bis {res.lead_days} Tage "
        "vorher geplant (Newsvendor-Menge aus der Nachfrageprognose und ihrer Spanne); das Nachfragemodell wurde alle "
        f"{res.refit_weeks} Wochen neu angepasst und dazwischen wöchentlich mit den neuesten Verkäufen fortgeschrieben.",
        _choice_method(res),
        _baseline_method(res),
        f"Als Nachfrage zählt {res.demand_source}.",
        f"Gerechnet beim täglichen Lauf über {res.series} Kombinationen aus Filiale und Produkt "
        f"({num(res.cpu_seconds, 0)} CPU-Sekunden).",
    ]
    return AgentReply(
        text=plain_answer(_decision(res, rows, _scope(slots) if not whole else "", base_word), lines, method),
        tools_called=[TOOL],
        data={"yearly": res.model_dump(mode="json", exclude={"by_series"}), "selected_series": len(rows)},
        artifacts=[_chart(res)] if whole else [],
    )


def _choice_method(res: YearlyValue) -> str:
    """How often the model variant was chosen anew during the year, each time on the weeks before only."""
    if not res.choices:
        return ""
    kept = sum(1 for c in res.choices if c.is_standard())
    when = ", ".join(f"{c.cutoff:%d.%m.%Y}" for c in res.choices)
    return (
        f"Die Rechenvariante (Prognosemodell, Breite der Spanne, Streuung je Wochentag oder je Filiale und Produkt) "
        f"wurde {len(res.choices)}-mal neu gewählt ({when}), jedes Mal nur auf den {res.choices[0].weeks} Wochen davor; "
        f"{kept}-mal blieb es bei der Standardeinstellung."
    )


def _baseline_method(res: YearlyValue) -> str:
    rule = f"Mittel der letzten 3 gleichen Wochentage × {num(res.markup, 2)} (Aufschlag {res.markup_source})"
    if res.baseline == "gebacken":
        return "Vergleich: die in Ihren Daten erfasste tatsächliche Backmenge jedes Tages."
    if res.baseline == "Regel":
        return f"Vergleich: Ihre Faustregel, {rule}, da die Daten keine Backmengen enthalten."
    return f"Vergleich: die erfasste Backmenge an {share(res.baked_share, 0)} der Tage, sonst Ihre Faustregel, {rule}."


def _chart(res: YearlyValue) -> Artifact:
    from tools.charts import new_figure, save_figure

    fig, ax = new_figure()
    x = np.arange(len(res.months))
    label = "tatsächlich gebacken" if res.baseline == "gebacken" else "Faustregel"
    ax.bar(x - 0.2, [m.base_returned for m in res.months], 0.4, color="#999999", label=label)
    ax.bar(x + 0.2, [m.plan_returned for m in res.months], 0.4, color="#c8893b", label="Plan")
    ax.set_xticks(x, [month_label(m.month) for m in res.months], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("Retouren (Stück)")
    ax.set_title(f"Retouren je Monat {date_range(res.start, res.end)}")
    ax.legend()
    path = save_figure(fig, "retouren-jahr")
    return Artifact(kind="image", path=path, name="Retouren im Jahr: Plan gegen tatsächlich")
