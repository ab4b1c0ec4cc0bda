"""German number formatting for user-facing text."""
from __future__ import annotations


def de(x: float, digits: int = 1) -> str:
    """Format with a decimal comma, e.g. 2.5 -> '2,5'."""
    return f"{x:.{digits}f}".replace(".", ",")


def de_g(x: float) -> str:
    """Shortest form with a decimal comma, e.g. 2.0 -> '2', 2.33 -> '2,33'."""
    return f"{x:g}".replace(".", ",")
