"""Hostile test 26: handbook documents that attack the reader are refused early, in German, in bounded time."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from evals.robustness.files import many_page_pdf
from tools.errors import DocumentError
from tools.rag.documents import MAX_PAGES, MAX_TEXT_CHARS, chunk_file


def test_a_pdf_with_thousands_of_pages_is_refused_from_its_page_count(tmp_path: Path) -> None:
    path = tmp_path / "handbuch.pdf"
    path.write_bytes(many_page_pdf(5000))
    start = time.process_time()
    with pytest.raises(DocumentError, match=r"hat 5\.000 Seiten .*\(höchstens 200\)"):
        chunk_file(path)
    assert time.process_time() - start < 10  # before the fix: over 10 minutes of text extraction and embedding


def test_a_pdf_within_the_page_limit_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "kurz.pdf"
    path.write_bytes(many_page_pdf(3))
    chunks = chunk_file(path)
    assert len(chunks) == 3 and "30 Minuten Pause" in chunks[0].text and MAX_PAGES >= 3


def test_a_pdf_locked_with_a_password_says_so(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "offen.pdf"
    plain.write_bytes(many_page_pdf(2))
    locked, rights_only = tmp_path / "geheim.pdf", tmp_path / "nur_rechte.pdf"
    for path, password in ((locked, "geheim"), (rights_only, "")):
        writer = PdfWriter(clone_from=PdfReader(plain))
        writer.encrypt(user_password=password, owner_password="chefin")
        writer.write(path)
    with pytest.raises(DocumentError, match="mit einem Kennwort geschützt"):
        chunk_file(locked)
    assert len(chunk_file(rights_only)) == 2  # only an owner password (no opening password): readable as before


def test_a_docx_that_unpacks_to_far_more_than_it_weighs_is_refused_before_word_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "bombe.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as part:
            for _ in range(60):
                part.write(b"<w:p><w:r><w:t>Pause.</w:t></w:r></w:p>" * 26_000)  # ~60 MB unpacked
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(DocumentError, match=r"entpackt \d+ MB groß \(höchstens 50 MB\)"):
        chunk_file(path)
    broken = tmp_path / "kaputt.docx"
    broken.write_bytes(b"kein zip")
    with pytest.raises(DocumentError, match="keine gültige Word-Datei"):
        chunk_file(broken)


def test_a_text_longer_than_the_handbook_takes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lang.txt"
    path.write_text("Die Pause dauert dreißig Minuten. " * (MAX_TEXT_CHARS // 30), encoding="utf-8")
    with pytest.raises(DocumentError, match="mehr als 300.000 Zeichen"):
        chunk_file(path, MAX_TEXT_CHARS)
    assert len(chunk_file(path)) > 300  # a folder ingested by command (e.g. a law) has no text bound
