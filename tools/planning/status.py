"""The status of a plan as a closed set of words (light module: typed models elsewhere import it cheaply)."""

from __future__ import annotations

from typing import Literal

OvenStatus = Literal["optimal", "feasible", "infeasible", "empty"]
"""optimal: proven best; feasible: best found, not proven; infeasible: a batch is late or unbakeable;
empty: nothing to bake."""
RouteStatus = Literal["feasible", "infeasible", "empty"]
"""feasible: every branch served in time; infeasible: some branch unserved; empty: no tour."""
