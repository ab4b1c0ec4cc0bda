"""`python -m knowledge_base.ingest [PATH ...] [--collection NAME]`: sync documents into Qdrant.

Same as `synerki kb ingest`; without paths it ingests the staff handbook in knowledge_base/handbuch.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.rag import HANDBOOK_COLLECTION, HANDBOOK_DIR
from tools.rag.store import IngestReport, ingest_paths


def main(argv: list[str] | None = None) -> IngestReport:
    """Parse arguments, ingest, print a one-line German summary."""
    ap = argparse.ArgumentParser(description="Dokumente in die Wissensdatenbank einlesen")
    ap.add_argument("paths", nargs="*", type=Path, default=[HANDBOOK_DIR])
    ap.add_argument("--collection", default=HANDBOOK_COLLECTION)
    args = ap.parse_args(argv)
    report = ingest_paths(args.paths, args.collection)
    print(f"{args.collection}: {len(report.added)} neu, {len(report.updated)} aktualisiert, "
          f"{len(report.unchanged)} unverändert, {len(report.removed)} entfernt, {report.chunks} Abschnitte")
    return report


if __name__ == "__main__":
    main(sys.argv[1:])
