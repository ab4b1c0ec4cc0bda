"""The handbook is the employee's default: a question not clearly for another tool goes to onboarding_qa."""

from __future__ import annotations

from collections.abc import Callable, Collection

from agents.contracts import Role
from agents.nlu.router import RouteDecision
from tools.rag.qa import Confidence

HANDBOOK_TOOL = "onboarding_qa"
# an employee's request belongs to one of the other tools only when the router is at least this sure
CLEAR_CONFIDENCE = 0.6
_CHAT = {"help", "smalltalk"}  # greetings and "Hilfe" stay where they are unless the router is unsure

HandbookCheck = Callable[[str], Confidence]


def handbook_confidence(text: str) -> Confidence:
    """How well the handbook answers `text` (the same decision onboarding_qa quotes by)."""
    from tools.rag import HANDBOOK_COLLECTION
    from tools.rag.qa import answer

    return answer(text, HANDBOOK_COLLECTION).confidence


def goes_to_handbook(
    role: Role, decision: RouteDecision, allowed: Collection[str], text: str, check: HandbookCheck
) -> bool:
    """True when an employee's message is a handbook question: the router's (even unsure) pick, or not clearly one
    of the other tools they may use and the handbook has a strong passage (instead of refusing an owner tool: any)."""
    if role != "employee" or HANDBOOK_TOOL not in allowed:
        return False
    if decision.tool == HANDBOOK_TOOL:  # the default is the router's pick: answered there, never asked back
        return decision.unsure
    clear = decision.confidence >= CLEAR_CONFIDENCE
    if decision.tool in allowed and (clear or (decision.tool in _CHAT and not decision.unsure)):
        return False
    found = check(text)
    if decision.tool not in allowed:  # an owner tool: refused only when the handbook has nothing on it
        return found == "sicher" or (found == "unsicher" and not clear)
    return found == "sicher"
