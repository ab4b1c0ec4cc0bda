"""In LLM mode the model may read unclear interview answers; unusable readings lead to asking back."""

from __future__ import annotations

from langchain_openai import ChatOpenAI

from agents.llm.interpret import make_interpreter
from tests.agents.llm.fake_servers import FakeServer, Script
from tools.readiness.bank import load_bank
from tools.readiness.engine import advance, start

VAGUE = "Das regelt bei uns der Schwager irgendwie nebenbei"


def _at_first_item():
    turn = start(load_bank())
    state = turn.state
    while not (state.current or "").startswith("q:"):
        state = advance(state, "Bäckerei mit 12 Mitarbeitenden in der Altmark").state
    return state


def _model(url: str) -> ChatOpenAI:
    return ChatOpenAI(model="fake", api_key="k", base_url=url + "/v1", max_retries=0, timeout=2)


def test_usable_llm_reading_is_taken_with_its_reason() -> None:
    state = _at_first_item()
    key = state.current[2:]
    without = advance(state, VAGUE)
    assert key not in without.state.answers or without.state.answers[key].value is None  # rules alone ask back
    script = Script(answer='{"value": 2, "confidence": 0.8, "reason": "Nur informell und nebenbei geregelt."}')
    with FakeServer(script) as srv:
        turn = advance(state, VAGUE, interpreter=make_interpreter(_model(srv.url)))
    assert turn.state.answers[key].value == 2.0


def test_unusable_llm_reading_falls_back_to_asking_back() -> None:
    state = _at_first_item()
    key = state.current[2:]
    for answer in [
        "ich glaube so drei oder so",
        '{"value": 9, "reason": "x"}',
        '{"value": null, "confidence": 0.9, "reason": "unklar"}',
    ]:
        with FakeServer(Script(answer=answer)) as srv:
            turn = advance(state, VAGUE, interpreter=make_interpreter(_model(srv.url)))
        assert key not in turn.state.answers or turn.state.answers[key].value is None, answer


def test_server_error_falls_back() -> None:
    state = _at_first_item()
    with FakeServer(Script(status=500)) as srv:
        turn = advance(state, VAGUE, interpreter=make_interpreter(_model(srv.url)))
    assert turn.text  # the embedded engine answered (asked back)
