"""`synerki kb ingest|search`: JSON hits with source, heading path, text and score, best first."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from typer.testing import CliRunner

from app.commands.kb import kb_app
from tests.tools.test_rag import fake_embedder  # noqa: F401


def test_kb_ingest_and_search_json(tmp_path: Path, fake_embedder: None) -> None:  # noqa: F811
    from tools.rag.store import drop_collection

    (tmp_path / "hygiene.md").write_text(
        "# Hygiene\n\n## Händewaschen\n\nHände 30 Sekunden mit Seife waschen.\n\n"
        "## Schmuck\n\nRinge und Uhren sind verboten.\n",
        encoding="utf-8",
    )
    name = f"cli_{uuid.uuid4().hex[:8]}"
    runner = CliRunner()
    try:
        res = runner.invoke(kb_app, ["ingest", str(tmp_path), "--collection", name, "--json"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["added"] == ["hygiene.md"]
        res = runner.invoke(
            kb_app, ["search", "Darf ich Ringe tragen?", "--collection", name, "--top-k", "2", "--json"]
        )
        assert res.exit_code == 0, res.output
        hits = json.loads(res.stdout)
        assert len(hits) == 2 and set(hits[0]) == {"source", "heading", "text", "score"}
        assert hits[0]["heading"] == "Hygiene > Schmuck" and hits[0]["source"] == "hygiene.md"
        assert hits[0]["score"] >= hits[1]["score"]
        res = runner.invoke(kb_app, ["ingest", str(tmp_path / "fehlt"), "--collection", name])
        assert res.exit_code == 2 and "Nicht gefunden" in res.output
    finally:
        drop_collection(name)
