"""„Warum darf ich das nicht sehen?“ right after a refusal: why the role has no access to it, and whom to ask."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from agents.contracts import AgentReply, Role
from agents.nlu.followup import recall
from agents.nlu.normalize import fold
from agents.prompts import ROLE_NAMES
from agents.registry import spec

_WHY_NOT = re.compile(
    r"^(?:und |aber |ok |okay |hm+ |achso |ach so )*(?:warum|wieso|weshalb)\b(?:.*\b(?:nicht|kein\w*|verboten|gesperrt)\b.*)?$"
)
_MAX_WORDS = 10
_REASON: dict[Role, str] = {
    "owner": "",
    "employee": "Umsätze, Kosten, Prognosen und die Daten Ihrer Kolleginnen und Kollegen sind der Geschäftsführung "
    "vorbehalten, damit vertrauliche Zahlen und persönliche Daten geschützt bleiben. Fragen dazu beantworten Ihnen "
    "Ihre Filialleitung oder die Geschäftsführung.",
    "guest": "Gäste sehen keine Zahlen und Daten der Bäckerei Korn & Kruste. Wie diese Werkzeuge arbeiten, zeigt der "
    "Show-Case-Rundgang an einer Kopie mit erfundenen Daten („Was kann KI in einer Bäckerei?“).",
}


def asks_why_refused(memory: dict[str, Any], text: str, allowed: Collection[str]) -> str | None:
    """The refused tool when `text` asks why („Warum darf ich das nicht sehen?“, „Wieso?“) right after a refusal."""
    last = recall(memory)
    t = fold(text).strip(" ?!.")
    if last is None or last.tool in allowed or len(t.split()) > _MAX_WORDS or not _WHY_NOT.search(t):
        return None
    return last.tool


def why_refused(role: Role, tool: str) -> AgentReply:
    """A German explanation of the refusal: access is fixed per role, what the role does not see, whom to ask."""
    text = (
        f"Der Zugriff ist je Rolle fest eingestellt: In Ihrer Rolle „{ROLE_NAMES[role]}“ ist „{spec(tool).title}“ "
        f"nicht freigegeben. {_REASON[role]} Was Sie nutzen können, zeigt „Hilfe“."
    )
    return AgentReply(text=" ".join(text.split()), data={"refused": tool})
