"""An offer the last answer made („Soll ich dafür eine Recruiting-Kampagne entwerfen?“) and the short reply to it.

The tool that offers puts `offer_data(...)` into its reply's data; the acting node keeps it in the thread's memory
for one turn, so „ja“, „ok mach“ or „nein danke“ in the next message answers the offer instead of being routed
as a new message (where „ok mach“ reads as small talk).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agents.nlu.normalize import tokens

MEMORY_KEY = "pending_offer"
DATA_KEY = "offer"
MAX_REPLY_WORDS = 6  # a longer message is a request of its own
_YES = frozenset(
    "ja jap jo jep jawohl genau gerne gern bitte ok okay oki klar sicher super gut prima passt los unbedingt "
    "mach mache machen sie mal das doch dann gleich direkt bitteschoen entwerfen entwirf erstellen erstelle".split()
)
_AFFIRM = frozenset(
    "ja jap jo jep jawohl gerne gern ok okay oki klar sicher super gut prima passt los unbedingt mach "
    "mache machen entwerfen entwirf erstellen erstelle".split()
)
_NO = frozenset(
    "nein nee ne noe noee nicht lass lassen mal danke erstmal vorerst spaeter jetzt brauch brauche ich nix nichts "
    "kein keine".split()
)
_DENY = frozenset("nein nee ne noe noee lass lassen nicht".split())


class Offer(BaseModel):
    """What the last answer offered: the tool that would answer and the request it would answer."""

    tool: str
    request: str


def offer_data(tool: str, request: str) -> dict[str, dict[str, str]]:
    """The reply data of an answer that offers to run `tool` on `request` next."""
    return {DATA_KEY: Offer(tool=tool, request=request).model_dump()}


def remember(memory: dict[str, Any], data: dict[str, Any] | None) -> dict[str, Any]:
    """Memory after an answer: its offer (if any) is pending, an older one is dropped."""
    rest = {k: v for k, v in memory.items() if k != MEMORY_KEY}
    raw = (data or {}).get(DATA_KEY)
    return {**rest, MEMORY_KEY: Offer.model_validate(raw).model_dump()} if raw else rest


def _pending(memory: dict[str, Any], text: str) -> tuple[Offer, set[str]] | None:
    raw = memory.get(MEMORY_KEY)
    words = set(tokens(text))
    if not raw or not words or len(tokens(text)) > MAX_REPLY_WORDS:
        return None
    return Offer.model_validate(raw), words


def accepted(memory: dict[str, Any], text: str) -> Offer | None:
    """The pending offer when `text` is a short yes to it („ja“, „ok mach“, „ja bitte, gerne“)."""
    pending = _pending(memory, text)
    if pending is None:
        return None
    offer, words = pending
    return offer if words <= _YES and words & _AFFIRM and not words & _DENY else None


def declined(memory: dict[str, Any], text: str) -> Offer | None:
    """The pending offer when `text` is a short no to it („nein danke“, „lass mal“, „jetzt nicht“)."""
    pending = _pending(memory, text)
    if pending is None:
        return None
    offer, words = pending
    return offer if words <= _NO | {"danke", "bitte"} and words & _DENY else None


# „ok mach“, „ja, mach das“, „los, leg los“: a go-ahead that needs something offered to act on
_GO = frozenset("mach mache machen machs tu tus tun los leg legen erstelle erstellen entwirf entwerfen".split())
_GO_WORDS = _YES | _GO | frozenset("es einfach jetzt".split())


def go_ahead_without_offer(memory: dict[str, Any], text: str) -> bool:
    """`text` only says „go ahead“ („ok mach“) while no offer is pending: there is nothing it could start, so it
    is asked back what is meant instead of being greeted like a hello."""
    said = tokens(text)
    words = set(said)
    if memory.get(MEMORY_KEY) or not words or len(said) > MAX_REPLY_WORDS:
        return False
    return words <= _GO_WORDS and bool(words & _GO) and not words & _DENY
