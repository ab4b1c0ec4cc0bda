"""Print agent and tool accuracy of the router on the held-out set, per agent, per tool, and the confusions.

Usage: python -m evals.routing [--llm]   (--llm: also the configured LLM router, side by side)
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from agents.nlu.router import Router, default_router, load_examples
from agents.registry import agent_of, routable_tools

HELDOUT = Path(__file__).resolve().parent / "heldout"
# written after a first round of adding training examples, and never used for tuning since
HELDOUT_FRESH = Path(__file__).resolve().parent / "heldout_fresh"


def evaluate(router: Router, name: str, directory: Path = HELDOUT) -> dict[str, float]:
    texts, labels = load_examples(directory)
    start = time.perf_counter()
    preds = [router.route(t) for t in texts]
    elapsed = time.perf_counter() - start
    per_tool: dict[str, list[bool]] = defaultdict(list)
    per_agent: dict[str, list[bool]] = defaultdict(list)
    confusions: Counter[tuple[str, str]] = Counter()
    unsure = 0
    for _text, gold, pred in zip(texts, labels, preds):
        per_tool[gold].append(pred.tool == gold)
        per_agent[agent_of(gold)].append(pred.agent == agent_of(gold))
        unsure += pred.unsure
        if pred.tool != gold:
            confusions[(gold, pred.tool)] += 1
    tool_acc = sum(p.tool == g for p, g in zip(preds, labels)) / len(labels)
    agent_acc = sum(p.agent == agent_of(g) for p, g in zip(preds, labels)) / len(labels)
    print(f"\n== Router: {name} – {directory.name}: {len(labels)} held-out requests, {len(per_tool)} tools ==")
    print(
        f"agent accuracy {agent_acc:.3f}   tool accuracy {tool_acc:.3f}   "
        f"asks back (low confidence) {unsure / len(labels):.3f}   {1000 * elapsed / len(labels):.1f} ms/request"
    )
    print("\nper agent:")
    for agent, hits in sorted(per_agent.items()):
        print(f"  {agent:<12} {sum(hits) / len(hits):.3f}  (n={len(hits)})")
    print("\nper tool:")
    for tool, hits in sorted(per_tool.items()):
        print(f"  {tool:<20} {sum(hits) / len(hits):.3f}  (n={len(hits)})")
    print("\nconfusions (gold → predicted: count):")
    for (gold, pred), n in confusions.most_common():
        print(f"  {gold} → {pred}: {n}")
    missing = sorted(set(routable_tools()) - set(per_tool))
    if missing:
        print(f"\nno held-out requests yet for: {', '.join(missing)}")
    return {"agent_accuracy": agent_acc, "tool_accuracy": tool_acc}


def main() -> None:
    evaluate(default_router(), "embedded")
    evaluate(default_router(), "embedded", HELDOUT_FRESH)
    if "--llm" in sys.argv:
        from agents.llm_router import configured_router

        router = configured_router()
        if router is default_router():
            print("\nKein LLM konfiguriert (SYNERKI_LLM / OPENAI_API_KEY / OLLAMA_HOST) – nur eingebettete Zahlen.")
        else:
            evaluate(router, "LLM")
            evaluate(router, "LLM", HELDOUT_FRESH)


if __name__ == "__main__":
    main()
