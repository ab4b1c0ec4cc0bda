"""The tool registry: one declaration per tool, and `authorize` as the only access decision."""

from __future__ import annotations

import importlib
import typing

import pytest

from agents.registry import TOOLS, ToolId, allowed_tools, authorize, routable_tools

DESIGN_IDS = {
    "forecast", "demand_drivers", "production_plan", "oven_schedule", "delivery_routes", "quality_check",
    "onboarding_qa", "staffing", "recruiting_campaign", "budget_forecast", "liquidity", "investment",
    "interview", "strategy", "overview", "help", "smalltalk", "out_of_scope",
}  # fmt: skip


def test_every_design_id_is_declared_and_the_literal_matches() -> None:
    assert DESIGN_IDS <= set(TOOLS)
    assert set(typing.get_args(ToolId)) == set(TOOLS)


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_every_entry_resolves_to_an_agent_module_with_run(tool: str) -> None:
    spec = TOOLS[tool]
    module = importlib.import_module(spec.module)
    assert callable(module.run), spec.module
    assert spec.title and spec.description and spec.access


@pytest.mark.parametrize("tool", sorted(routable_tools()))
def test_every_routable_tool_has_its_examples_file(tool: str) -> None:
    lines = [line for line in TOOLS[tool].examples_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 20, tool


def test_access_is_decided_by_role_and_view() -> None:
    assert allowed_tools("owner") == frozenset(TOOLS)
    assert authorize("employee", "production_plan") == "quantities"  # no money figures
    assert authorize("employee", "onboarding_qa") == "read_only"  # asks, never uploads
    assert authorize("owner", "onboarding_qa") == "full"
    assert authorize("employee", "liquidity") is None and authorize("guest", "forecast") is None
    assert authorize("guest", "alerts") is None and authorize("owner", "alerts") == "full"
    assert authorize("owner", "no_such_tool") is None
    # the lab tour: a guest sees figures of the fictional demo company only (test_lab_tour.py)
    assert allowed_tools("guest") == {
        "interview",
        "process_map",
        "strategy",
        "help",
        "smalltalk",
        "out_of_scope",
        "lab_tour",
    }
    assert authorize("guest", "process_map") == "full" and authorize("employee", "process_map") is None
