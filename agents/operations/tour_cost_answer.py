"""„Was kostet mich das?“ after the tours: the day's running cost from the driver wages and the fuel rate of the
company's data, said with what it rests on and what it leaves out."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold
from tools.format_de import eur, num
from tools.planning.tour_cost import TourCost

_COST = re.compile(r"\b(?:was|wie ?viel)\b.{0,30}\bkost\w*|\bkosten\b|\bteuer\w*|\bkostenpunkt\b")


def asks_tour_cost(text: str) -> bool:
    """The message asks what something costs („was kostet uns das?“, „Kosten der Touren?“, „wie teuer ist das?“)."""
    return _COST.search(fold(text)) is not None


def cost_decision(cost: TourCost | None, km: float) -> str:
    """The cost sentence that leads the answer; without a driver wage in the data, what is known and what is missing."""
    if cost is None:
        return (
            f"Die Touren fahren zusammen {num(km, 1)} km. Was das kostet, kann ich nicht ausrechnen: In Ihren Daten "
            "steht kein Stundenlohn für Fahrer – bitte ergänzen Sie ihn im Personalstamm."
        )
    return (
        f"Die Touren kosten Sie an diesem Tag rund {eur(cost.total_eur)}: {eur(cost.wage_eur)} Fahrerlohn für "
        f"{num(cost.driver_hours, 1)} Stunden und {eur(cost.fuel_eur)} Kraftstoff für {num(cost.km, 1)} km."
    )


def cost_lines(cost: TourCost | None, fuel_source: str = "Satz aus Ihrem Fahrzeugkostenmodell") -> list[str]:
    """How the cost is made up: the rates from the data (the fuel rate with where it comes from) and what is not
    included."""
    if cost is None:
        return []
    lines = [
        "",
        "**So setzen sich die Kosten zusammen:**",
        f"- Fahrerlohn: {num(cost.driver_hours, 1)} Stunden (Abfahrt bis Rückkehr aller Touren) × "
        f"{eur(cost.wage_eur_hour, cents=True)} (mittlerer Stundenlohn Ihrer {cost.drivers} Fahrer) × "
        f"{num(cost.employer_factor, 2)} (Arbeitgeberanteil) = {eur(cost.wage_eur)}",
        f"- Kraftstoff: {num(cost.km, 1)} km × {eur(cost.fuel_eur_km, cents=True)} je km ({fuel_source}) = "
        f"{eur(cost.fuel_eur)}",
    ]
    fixed = "; ".join(f"{name} {eur(amount)} im Monat" for name, amount in cost.fixed_monthly)
    lines.append(
        "Nicht enthalten: Reparaturen und Verschleiß (dafür gibt es keinen Satz je km in den Daten)"
        + (f" und die festen Fahrzeugkosten ({fixed}), die unabhängig von den Touren anfallen." if fixed else ".")
    )
    return lines
