"""Backtests and timings on the demo company (placeholder until its data loaders exist)."""
from __future__ import annotations


def run_demo(quick: bool) -> list[float]:
    """Demo-company backtests; skipped while tools.company.data is missing."""
    try:
        from tools.company import data  # noqa: F401
    except ImportError:
        print("\nDemo-Daten (tools.company.data) noch nicht vorhanden – übersprungen.")
        return []
    return []
