"""Retrieval over the company's own documents: ingestion, hybrid search in Qdrant, answer selection."""

from __future__ import annotations

from pathlib import Path

from tools.settings import PROJECT_ROOT

HANDBOOK_DIR: Path = PROJECT_ROOT / "knowledge_base" / "handbuch"
HANDBOOK_COLLECTION = "handbuch"
