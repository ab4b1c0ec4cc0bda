"""The embedded router learns from the shipped examples and is honest about low confidence."""
from agents.contracts import TOOL_AGENT
from agents.nlu.router import EmbeddedRouter, default_router, load_examples


def test_every_training_file_is_a_known_tool_with_enough_examples() -> None:
    texts, labels = load_examples()
    for tool in set(labels):
        assert tool in TOOL_AGENT
        assert labels.count(tool) >= 30, tool


def test_routes_typical_requests() -> None:
    router = default_router()
    assert router.route("Hallo!").tool == "smalltalk"
    assert router.route("Was kannst du alles?").tool == "help"
    assert router.route("Wer wird Fußballweltmeister?").tool == "out_of_scope"


def test_gibberish_is_unsure() -> None:
    assert default_router().route("xq zzv plok").unsure


def test_router_only_knows_what_it_was_trained_on() -> None:
    router = EmbeddedRouter(["hallo", "hi", "moin", "hilfe", "was kannst du", "anleitung"],
                            ["smalltalk"] * 3 + ["help"] * 3)
    decision = router.route("moin moin")
    assert decision.tool == "smalltalk" and decision.agent == "supervisor"
    assert 0.0 <= decision.confidence <= 1.0
