"""A plan or returns question after the owner forecast her own sales file: say what the plan still needs
instead of silently planning the demo company (trial 18)."""

from __future__ import annotations

from agents.contracts import AgentReply, Slots, TurnContext
from agents.own_goods import own_products
from agents.sales.upload import uploaded_before
from tools.format_de import plain

TOOL = "production_plan"


def own_file_plan_reply(slots: Slots, ctx: TurnContext) -> AgentReply | None:
    """The German answer when this thread's basis is an uploaded sales file that was not taken over as the
    company's data (None otherwise: a named demo branch, or her data imported, plans as usual)."""
    kept = uploaded_before(ctx.memory, slots)
    if kept is None or own_products():
        return None
    name = plain(kept[0].name)
    text = (
        f"Für einen Backplan aus Ihrer Datei „{name}“ fehlen mir noch Angaben: Ihre Datei enthält Verkaufszahlen, "
        "aber nicht, was je Artikel gebacken wurde, den Verkaufspreis und die Herstellkosten. Erst damit kann ich "
        "abwägen, was eine Retoure kostet und was ein ausverkaufter Artikel – und sagen, wie viel Sie hätten "
        "weniger wegwerfen können.\n\n"
        "So geht es weiter:\n"
        "- Hängen Sie Ihre Verkaufsdaten mit den Spalten Datum, Filiale, Artikel, Verkauft (wenn vorhanden auch "
        "Gebacken und Preis) ohne Prognose-Wunsch an: Ich zeige Ihnen, was ich übernehmen würde, und frage vorher. "
        "Danach rechne ich Backpläne mit Ihren Artikeln.\n"
        "- Oder am Rechner: `synerki plan production --sales IHRE_DATEI --price … --cost …` (siehe README).\n\n"
        "Die Prognose für Ihre Datei gilt weiter. Den Plan der Demo-Bäckerei zeige ich Ihnen, wenn Sie eine ihrer "
        "Filialen nennen."
    )
    return AgentReply(text=text, tools_called=[TOOL], data={"own_file": name, "needs": ["baked", "price", "cost"]})
