"""German replies every agent shares: a place the user named that is none of our branches, goods we do not sell."""

from __future__ import annotations

from agents.contracts import AgentReply
from tools.company.catalog import BRANCHES, PRODUCTS

MAX_OWN_SHOWN = 30  # goods of an own export named when a request names none of them
ASK_BRANCH = "Für welche Filiale soll ich rechnen? Ohne Angabe rechne ich für alle Filialen zusammen."


def unknown_branch_text(place: str) -> str:
    """'„Magdeburg“ ist keine Filiale von Korn & Kruste. Unsere Filialen sind: Stendal Marktplatz, …'."""
    names = ", ".join(b.name for b in BRANCHES)
    return f"„{place}“ ist keine Filiale von Korn & Kruste. Unsere Filialen sind: {names}."


def unknown_branch_reply(place: str, tool: str, next_step: str = "") -> AgentReply:
    """The answer of a tool asked about an unknown place; `next_step` says what the user can do instead."""
    text = unknown_branch_text(place) + (f" {next_step}" if next_step else "")
    return AgentReply(text=text, tools_called=[tool], data={"error": "unknown_branch", "place": place})


def unknown_product_reply(name: str, tool: str) -> AgentReply:
    """The answer of a tool asked about goods Korn & Kruste does not sell ("Donuts"): the range to choose from."""
    from agents.own_goods import own_products

    own = own_products()  # after her own import: her goods, not the demo company's range
    names = ", ".join(own[:MAX_OWN_SHOWN] + (["…"] if len(own) > MAX_OWN_SHOWN else [])) or ", ".join(
        p.name for p in PRODUCTS
    )
    where = "in Ihren Verkaufsdaten gibt es nicht" if own else "führen wir bei Korn & Kruste nicht im Sortiment"
    text = (
        f"„{name}“ {where}, dafür habe ich keine Zahlen. "
        f"{'Ihre Artikel' if own else 'Unser Sortiment'}: {names}. Welchen Artikel meinen Sie?"
    )
    return AgentReply(text=text, tools_called=[tool], data={"error": "unknown_product", "product": name})
