"""LLM reading of a free-text readiness answer (1–5 with a one-line reason); the rule mapper stays in charge."""

from __future__ import annotations

import json
import logging
import re

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError

from tools.readiness.bank import Question
from tools.readiness.engine import Interpreter
from tools.readiness.mapper import Mapped

log = logging.getLogger(__name__)
SYSTEM = (
    "Ordne die Antwort eines Unternehmers der Reifestufe 1–5 zu. Antworte nur mit JSON: "
    '{"value": Zahl 1-5 oder null, "confidence": 0-1, "reason": "ein Satz auf Deutsch"}. '
    "Wenn die Antwort nicht eindeutig ist, value null."
)


class Reading(BaseModel):
    value: float | None = Field(None, ge=1, le=5)
    confidence: float = Field(0.0, ge=0, le=1)
    reason: str = Field(min_length=3, max_length=300)


def make_interpreter(model: BaseChatModel) -> Interpreter:
    """A callable for `tools.readiness.engine.advance(interpreter=…)`; any failure returns None."""

    def interpret(text: str, question: Question) -> Mapped | None:
        levels = "\n".join(f"{k}: {v}" for k, v in sorted(question.levels.items()))
        prompt = f"Frage: {question.text}\nStufen:\n{levels}\nAntwort: {text}"
        try:
            raw = str(model.invoke([SystemMessage(SYSTEM), HumanMessage(prompt)]).content)
            match = re.search(r"\{.*\}", raw, re.S)
            reading = Reading.model_validate(json.loads(match.group(0) if match else raw))
        except (ValidationError, ValueError, AttributeError) as exc:
            log.warning("LLM-Deutung unbrauchbar: %s", exc)
            return None
        except Exception as exc:  # noqa: BLE001 - any LLM failure (connection, timeout, HTTP error): the rule mapper decides
            log.warning("LLM-Deutung fehlgeschlagen (%s)", type(exc).__name__)
            return None
        if reading.value is None:
            return None
        return Mapped(
            intent="answer", value=reading.value, confidence=reading.confidence, evidence=[f"LLM: {reading.reason}"]
        )

    return interpret
