"""Questions go before a document being ingested (hostile test 27: an employee's handbook question took 27,6 s
instead of 0,5 s while the owner's 250-section upload was embedded; Python's lock let the upload re-take it)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

import tools.rag.embed as embed_mod


def test_a_document_batch_waits_while_a_question_is_being_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    monkeypatch.setattr(embed_mod, "_run", lambda clipped, encoder, is_query: ran.append(clipped[0]) or np.zeros(1))
    document = threading.Thread(target=embed_mod._raw, args=(["Abschnitt"], "e5", False))
    with embed_mod.asking():
        document.start()
        time.sleep(0.3)
        assert ran == []  # the upload's next batch has not run
        embed_mod._raw(["Frage"], "e5", True)  # the question's own encoder calls run at once
        assert ran == ["Frage"]
    document.join(timeout=5)
    assert ran == ["Frage", "Abschnitt"] and embed_mod._QUERIES_WAITING == [0]


def test_a_document_never_starves_behind_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    monkeypatch.setattr(embed_mod, "_run", lambda clipped, encoder, is_query: ran.append(clipped[0]) or np.zeros(1))
    monkeypatch.setattr(embed_mod, "MAX_YIELD_S", 0.2)
    with embed_mod.asking():  # a question that never ends
        embed_mod._raw(["Abschnitt"], "e5", False)
    assert ran == ["Abschnitt"]


def test_a_document_ingested_inside_a_question_does_not_wait_for_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """The handbook ingests itself on the first question and a law is indexed on first use – inside `asking()`."""
    ran: list[str] = []
    monkeypatch.setattr(embed_mod, "_run", lambda clipped, encoder, is_query: ran.append(clipped[0]) or np.zeros(1))
    start = time.perf_counter()
    with embed_mod.asking():
        embed_mod._raw(["Abschnitt"], "e5", False)
    assert ran == ["Abschnitt"] and time.perf_counter() - start < 1.0
