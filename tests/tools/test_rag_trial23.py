"""Trial 23 (a new employee's first week): a compound whose head is an everyday word, telling someone as
reporting, a minor's age said after the number."""

from __future__ import annotations

from tools.rag.relevance import everyday_head
from tools.rag.text import stem
from tools.rag.thesaurus import contextual, expand, names_minor_age

_VOCAB = {stem(w) for w in ("baecker", "backstube", "konditor", "schicht")}


def _known(word_stem: str) -> bool:
    return word_stem in _VOCAB


def test_a_compound_with_an_everyday_head_splits_at_that_head() -> None:
    assert everyday_head("baeckerazubi", _known) == ["baecker", "azubi"]
    assert everyday_head("konditorlehrling", _known) == ["konditor", "lehrling"]


def test_no_everyday_head_or_an_unknown_modifier_gives_no_parts() -> None:
    assert everyday_head("baeckermeister", _known) == []  # no everyday head
    assert everyday_head("quatschazubi", _known) == []  # the modifier is no word of the collection
    assert everyday_head("schichtgeld", _known) == []  # an everyday head shorter than five letters („geld“)


def test_whom_to_tell_is_reporting_only_as_the_whole_last_sentence() -> None:
    assert "melden" in " ".join(contextual("und wem sag ich das?").values())
    assert "melden" in " ".join(contextual("ich bin krank, wem sag ich das?").values())
    assert not contextual("sag mal, wie lang ist die pause?")
    assert not contextual("und wem sag ich das wenn ich urlaub will?")  # the condition names the topic
    assert "ansprechpartner" in expand("wem sag ich das?")


def test_a_minors_age_before_bin() -> None:
    assert names_minor_age("und wenn ich 17 bin?")
    assert names_minor_age("und wenn ich erst 16 bin?")
    assert not names_minor_age("ich bin seit 17 uhr da")
    assert not names_minor_age("wenn ich 18 bin?")


def test_pasted_junk_is_no_compound_with_an_everyday_head() -> None:
    """Hostile test 18/8 again: „xxxx…“ (4000 letters) tried every head and took 37 CPU-s in the robustness run."""
    from tools.rag.relevance import everyday_head

    calls: list[str] = []

    def known(stem: str) -> bool:
        calls.append(stem)
        return True

    assert everyday_head("x" * 3995, known) == [] and calls == []
