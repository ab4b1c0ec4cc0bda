"""Shared helpers for matplotlib charts written to PNG files (headless, Agg backend).

Figures are made without pyplot: pyplot keeps every open figure in one global registry that parallel turns
(the app runs them in threads) would change at the same time; a plain `Figure` belongs to its turn alone."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from tools.settings import get_settings  # noqa: E402

AI_MARK = "KI-generiert · synerKI"


def new_figure(width: float = 9.0, height: float = 4.5) -> tuple[Figure, Axes]:
    """A figure with one axes in the house style."""
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.subplots()
    ax.grid(alpha=0.3)
    return fig, ax


def save_figure(fig: Figure, name: str) -> Path:
    """Write `fig` as PNG under the charts folder, marked as AI-generated (EU AI Act Art. 50)."""
    fig.text(0.995, 0.005, AI_MARK, ha="right", va="bottom", fontsize=7, color="#888888")
    out_dir = get_settings().charts_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "chart"
    path = out_dir / f"{slug}-{uuid.uuid4().hex[:8]}.png"
    fig.tight_layout()
    fig.savefig(path)
    return path
