"""What an employee said of themselves earlier in a thread („bin 17“, „ich mach ne Ausbildung“, „ich bin
schwanger“, „hab nur nen Minijob“): later questions of the thread are answered for that person (trial 37)."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold
from tools.rag.thesaurus import names_minor_age

# the person words kept, as the employee types them: the apprenticeship, pregnancy, the kind of job
_PERSON = re.compile(
    r"\b(?:azubi\w*|auszubildend\w*|ausbildung|lehrling\w*|berufsschul\w*|schwanger\w*|stillen|stillende"
    r"|minijob\w*|teilzeit\w*|fahrer\w*)\b"
)
YOUNG = "jugendlicher"  # kept for an age under 18 („bin 17“): the word the law for young workers uses
MAX_WORDS = 8  # person words kept per thread


def asker_words(earlier: str, question: str) -> str:
    """The person words said so far in the thread (`earlier`, as stored) and in this question, first said first."""
    said = [m.group(0) for m in _PERSON.finditer(fold(question))]
    if names_minor_age(question):
        said.append(YOUNG)
    kept = list(dict.fromkeys([*earlier.split(), *said]))
    return " ".join(kept[:MAX_WORDS])


def is_young(asker: str) -> bool:
    """The asker said they are under 18."""
    return YOUNG in asker.split()


__all__ = ["YOUNG", "asker_words", "is_young"]
