"""„Was kostet mich eine Stunde Ofen?“: the data has no cost per oven hour; say so and what it has instead."""

from __future__ import annotations

import re

from agents.contracts import AgentReply
from agents.nlu.normalize import fold
from tools.company.data import load_account, load_ovens
from tools.company.money import ENERGY_EUR_KWH, KWH_PER_KG_DOUGH
from tools.format_de import eur, num
from tools.settings import get_settings

TOOL = "oven_schedule"
_COST = re.compile(r"\b(?:kost\w*|teuer\w*|preis\w*)\b")
_OVEN_HOUR = re.compile(
    r"\bofenstunde\w*|\bstunde\w* (?:\w+ )?(?:ofen|oefen|backofen)\b|\b(?:ofen|oefen|backofen)\w* (?:\w+ ){0,3}"
    r"(?:pro|je|die|in der) stunde\b"
)


def asks_oven_hour_cost(text: str) -> bool:
    """The message asks what an hour of oven time costs."""
    t = fold(text)
    return _COST.search(t) is not None and _OVEN_HOUR.search(t) is not None


def oven_hour_cost_reply() -> AgentReply:
    """No cost per oven hour in the data: what there is instead (energy price and rule, the oven loan, piece costs,
    the oven plan)."""
    ovens = load_ovens()
    loans = [p for p in load_account().other_fixed_payments if "ofen" in fold(p.name)]
    year = get_settings().today().year
    have = [
        f"- Energie: {eur(ENERGY_EUR_KWH.get(year, ENERGY_EUR_KWH[max(ENERGY_EUR_KWH)]), cents=True)} je kWh; die "
        f"Energiekosten werden nach Teigmenge gerechnet ({num(KWH_PER_KG_DOUGH, 1)} kWh je kg Teig plus Grundlast), "
        "nicht nach Ofenstunden – „Was geben wir monatlich für Energie aus?“",
        *[f"- {p.name}: {eur(p.amount_eur)} im Monat" for p in loans],
        "- Herstellkosten je Stück im Artikelstamm (Material, Energie und Lohn zusammen) – z. B. "
        "„Wie hoch ist unsere Marge beim Stollen?“",
        f"- die Belegung Ihrer {len(ovens)} Öfen an einem Tag – „Wie belegen wir morgen die Öfen?“",
    ]
    text = (
        "Was eine Ofenstunde kostet, steht nicht in Ihren Daten: Es gibt keinen Verbrauch je Ofen und Stunde und "
        "keinen Kostensatz je Ofenstunde, deshalb rechne ich keinen aus.\n\nWas die Daten haben:\n"
        + "\n".join(have)
        + "\n\nMit dem Anschlusswert eines Ofens (kW, vom Typenschild) ist die Energie je Stunde schnell gerechnet: "
        "kW × Preis je kWh."
    )
    return AgentReply(text=text, tools_called=[TOOL])
