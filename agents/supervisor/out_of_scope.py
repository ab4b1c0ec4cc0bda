"""`out_of_scope`: decline politely and say what the assistant is for."""

from __future__ import annotations

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.other_business import OTHER_BUSINESS, asks_about_other_business


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Polite refusal with a pointer to what the assistant can do."""
    if asks_about_other_business(slots.text or ""):  # another bakery's figures: said honestly, none made up
        return AgentReply(text=OTHER_BUSINESS)
    return AgentReply(
        text=(
            "Dabei kann ich Ihnen leider nicht helfen – ich bin ein KI-Assistent für Betriebe wie die Bäckerei "
            "Korn & Kruste: Absatzprognosen, Produktions-, Ofen- und Tourenplanung, Qualitätskontrolle, "
            "Fragen zum Mitarbeiterhandbuch, Personal, Finanzen und den KI-Readiness-Check. "
            "Schreiben Sie „Hilfe“ für Beispiele."
        )
    )
