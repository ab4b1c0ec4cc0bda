"""File names the browser sends are echoed into the chat (Markdown): they must not become pictures, links or tags
(hostile test 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision
from agents.uploads import attachment_dict, shown_name

HOSTILE = "![x](https:evil.example) [Klick](javascript:alert(1)) <img src=x onerror=alert(1)>.exe"


class HelpRouter:
    def route(self, text: str) -> RouteDecision:
        return RouteDecision(agent="supervisor", tool="help", confidence=0.99)


def test_a_hostile_file_name_is_echoed_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(b"\x00\x01junk")

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        return AgentReply(text="lief", tools_called=[tool])

    g = build_graph(router=HelpRouter(), checkpointer=InMemorySaver(), runner=runner)
    r = run_turn(g, "", role="owner", thread_id="n1", attachments=[attachment_dict(path, HOSTILE)])
    assert "kann ich nicht verarbeiten" in r.text
    assert not any(m in r.text for m in ("![", "](", "[Klick]", "<img", "<"))


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("Verkauf_2025 (1).csv", "Verkauf_2025 (1).csv"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\chefin\\Blech.jpg", "Blech.jpg"),
        ("Zeile\nzwei\t#Titel.md", "Zeile zwei Titel.md"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
        ("[]!<>.txt", "Datei.txt"),
    ],
)
def test_shown_name_keeps_ordinary_names_and_the_suffix(sent: str, shown: str) -> None:
    assert shown_name(sent) == shown
