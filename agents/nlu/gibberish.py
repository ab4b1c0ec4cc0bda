"""A message none of whose words the assistant knows („asdf jklö“): said so plainly, not guessed as a function.

The known words are those of the router's training requests (shipped with the code); a message that shares none of
them and names no date, place, product or amount is no request the assistant could read.
"""

from __future__ import annotations

from agents.contracts import Slots
from agents.nlu.followup import names_something
from agents.nlu.normalize import fold, tokens
from tools.concurrency import built_once

MIN_LETTERS = 4


@built_once()
def known_words() -> frozenset[str]:
    """Every folded word of the router's training requests."""
    from agents.nlu.router import load_examples

    texts, _ = load_examples()
    return frozenset(w for text in texts for w in tokens(text))


def is_gibberish(text: str, slots: Slots) -> bool:
    """True when `text` has words but none the assistant knows (nor a German place), and names nothing it could
    look up."""
    from agents.nlu.places import german_places

    # short words („ja“, „hmm“, „äh“) say too little to call a message gibberish: those are asked back
    words = [w for w in tokens(text) if not w.isdigit() and len(w) >= MIN_LETTERS]
    if not words or slots.unknown_product or names_something(slots, fold(text)):
        return False
    return not any(w in known_words() or w in german_places() for w in words)
