"""Agent `quality_check`: photo checks with the shipped detector, bad input, defect rates from the log."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest

from agents.contracts import Attachment, DateRange, Slots, TurnContext
from agents.nlu.dates import parse_date_expression
from agents.operations import quality_check as qc

TODAY = date(2026, 11, 25)  # a Wednesday


def _ctx(*atts: Attachment, role: str = "employee") -> TurnContext:
    return TurnContext(role=role, thread_id="t-qc", user="test", today=TODAY, attachments=list(atts))


def _tray(tmp_path: Path, seed: int, product: str | None = None, empty: bool = False) -> tuple[Path, int]:
    """A synthetic tray photo (held-out seed range) and its true piece count."""
    from tools.vision.generator import generate_tray

    rng = np.random.default_rng(seed)
    for _ in range(50):
        img, meta = generate_tray(rng, empty=empty)
        if empty or product is None or all(p.cls.startswith(product) for p in meta.pieces):
            break
    path = tmp_path / f"blech_{seed}.jpg"
    cv2.imwrite(str(path), img)
    return path, len(meta.pieces)


def test_no_photo_gives_upload_hint() -> None:
    reply = qc.run(Slots(text="Sind die Brötchen auf dem Bild verbrannt?"), _ctx())
    assert "Foto" in reply.text and "hoch" in reply.text
    assert reply.tools_called == ["quality_check"] and not reply.artifacts


def test_stats_intent_and_slots() -> None:
    assert qc.wants_stats("Wie hoch war die Fehlerquote diese Woche bei Brezeln?")
    assert qc.wants_stats("Wie viele deformierte Croissants hatten wir diesen Monat laut Fotoprüfung?")
    assert not qc.wants_stats("Kannst du die Fotos von heute morgen auf Risse prüfen?")
    assert qc.product_from(Slots(text="Fehlerquote bei Brezeln")) == "brezel"
    assert qc.product_from(Slots(text="x", products=["schrippe"])) == "broetchen"
    assert qc.product_from(Slots(text="Ausschuss bei den Semmeln")) == "broetchen"
    assert qc.product_from(Slots(text="Fehlerquote insgesamt")) is None
    start, end, _, default = qc.period_from(Slots(text="Fehlerquote letzte Woche"), TODAY)
    assert (start, end, default) == (date(2026, 11, 16), date(2026, 11, 22), False)
    start, end, _, default = qc.period_from(Slots(text="Fehlerquote bitte"), TODAY)
    assert (start, end, default) == (date(2026, 11, 23), TODAY, True)
    text = "Fehlerquote diese Woche"
    nlu = Slots(text=text, dates=parse_date_expression(text, TODAY))  # the NLU reads it ahead: today to Sunday
    assert qc.period_from(nlu, TODAY)[:3] == (date(2026, 11, 23), TODAY, "diese Woche")
    dr = DateRange(start=date(2026, 11, 1), end=date(2026, 11, 20), label="1. bis 20. November")
    assert qc.period_from(Slots(text="x", dates=dr), TODAY)[:2] == (dr.start, dr.end)


def test_non_image_and_broken_files_get_german_answer(tmp_path: Path, fresh_var: Path) -> None:
    pdf = tmp_path / "lieferschein.pdf"
    pdf.write_bytes(b"%PDF-1.4 kein Foto")
    broken = tmp_path / "foto.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    reply = qc.run(
        Slots(text="prüf das"),
        _ctx(
            Attachment(path=pdf, name="lieferschein.pdf", mime="application/pdf"),
            Attachment(path=broken, name="foto.jpg", mime="image/jpeg"),
        ),
    )
    assert reply.text.startswith("Ich konnte kein Foto prüfen")
    assert "lieferschein.pdf" in reply.text and "kein Foto" in reply.text
    assert "beschädigt" in reply.text
    assert not reply.artifacts and reply.data["logged_rows"] == 0


def test_photo_check_logs_and_owner_gets_defect_rate(tmp_path: Path, fresh_var: Path) -> None:
    photo, n_true = _tray(tmp_path, 1001, product="brezel")
    empty, _ = _tray(tmp_path, 1002, empty=True)
    static = tmp_path / "rauschen.png"
    cv2.imwrite(str(static), np.random.default_rng(1).integers(0, 255, (300, 400, 3), dtype=np.uint8))
    reply = qc.run(
        Slots(text="Sind die Brezeln ok?"),
        _ctx(
            Attachment(path=photo, name="brezeln.jpg", mime="image/jpeg"),
            Attachment(path=empty, name="leer.jpg", mime="image/jpeg"),
            Attachment(path=static, name="rauschen.png", mime="image/png"),
        ),
    )
    checks = reply.data["checks"]
    found = checks[0]
    assert found["pieces"] == len(found["detections"])
    assert abs(found["pieces"] - n_true) <= max(2, 0.15 * n_true)
    assert f"{found['pieces']} Teile erkannt" in reply.text
    assert checks[1]["pieces"] == 0 and checks[2]["pieces"] == 0 and "keine Backwaren" in reply.text
    assert len(reply.artifacts) == 3 and all(Path(a.path).exists() for a in reply.artifacts)
    assert reply.data["logged_rows"] >= 3

    owner = _ctx(role="owner")
    stats = qc.run(Slots(text="Wie hoch war die Fehlerquote diese Woche bei Brezeln?"), owner)
    s = stats.data["stats"]
    brezel = found["by_product"].get("brezel", {})
    assert s["product"] == "brezel" and s["pieces"] == sum(brezel.values())
    defective = sum(n for k, n in brezel.items() if k != "ok")
    assert s["defective"] == defective
    assert f"{defective} von {s['pieces']}" in stats.text and "Brezeln" in stats.text
    assert stats.artifacts and Path(stats.artifacts[0].path).exists()

    later = qc.run(Slots(text="Fehlerquote letzte Woche"), owner)
    assert later.data["stats"]["pieces"] == 0 and "keine Fotoprüfungen" in later.text


def test_photo_without_baked_goods_gets_clear_answer(tmp_path: Path, fresh_var: Path) -> None:
    from tools.vision.generator import generate_non_bakery

    path = tmp_path / "rechtecke.png"
    cv2.imwrite(str(path), generate_non_bakery(np.random.default_rng(22), kind="rechtecke"))
    reply = qc.run(Slots(text="Qualität prüfen"), _ctx(Attachment(path=path, name="rechtecke.png", mime="image/png")))
    assert "keine Backwaren erkannt" in reply.text
    assert " Teile erkannt" not in reply.text


def test_own_single_piece_checker_is_named(tmp_path: Path, fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With SYNERKI_VISION_MODEL set to a checker from `vision train --task classify`, the answer names it."""
    from tools.settings import get_settings
    from tools.vision import piece_classifier as pc
    from tools.vision.piece_data import read_folder
    from tools.vision.piece_photos import write_piece_set

    ps = read_folder(write_piece_set(tmp_path / "fotos", 8, 8, seed=21, width=96, height=128))
    model = pc.fit("klassisch", pc.prepare_inputs(ps), np.arange(16), ps.classes)
    pc.save(model, tmp_path / "teile.pt")
    monkeypatch.setenv("SYNERKI_VISION_MODEL", str(tmp_path / "teile.pt"))
    get_settings.cache_clear()
    photo = tmp_path / "fotos" / "gebrochen" / "standard_21_0000.jpg"
    reply = qc.run(Slots(text="ist das ok?"), _ctx(Attachment(path=photo, name="teil.jpg", mime="image/jpeg")))
    check = reply.data["checks"][0]
    assert check["label"] in {"ganz", "gebrochen"} and check["pieces"] == 1
    assert "Ihrem eigenen Modell „teile.pt“ (klassisches Modell)" in reply.text
    assert ("fehlerhaft" in reply.text) == (check["label"] == "gebrochen")
    assert reply.data["logged_rows"] == 1 and not reply.artifacts


def test_a_period_without_checks_is_named_in_plain_german(monkeypatch: pytest.MonkeyPatch) -> None:
    """Browser trial 5: „Für im November 2026 (01.11.–30.11.2026) sind … noch keine Fotoprüfungen gespeichert“."""
    import tools.vision.log as vlog

    empty = dict(product=None, images=0, pieces=0, defective=0, rate=None, by_defect={}, by_product={})
    monkeypatch.setattr(
        vlog, "defect_stats", lambda start, end, product: vlog.DefectStats(start=start, end=end, **empty)
    )
    nov = DateRange(start=date(2026, 11, 1), end=date(2026, 11, 30), label="im November 2026")
    reply = qc.defect_report(Slots(text="Ausschuss im November", dates=nov), _ctx(role="owner"))
    assert reply.text.startswith("Im Zeitraum 01.11.–30.11.2026 sind über alle Produkte noch keine Fotoprüfungen")
    assert "Für im" not in reply.text


def test_one_day_of_the_log_reads_as_that_day() -> None:
    """Trial 6: 'Im Zeitraum 21.11.2026 sind …' for one day."""
    assert qc._period_words(date(2026, 11, 21), date(2026, 11, 21)) == "Am Samstag, 21.11.2026"
    assert qc._period_words(date(2026, 11, 16), date(2026, 11, 22)).startswith("Im Zeitraum 16.11.")


def test_a_day_named_without_stats_words_reports_the_log() -> None:
    """'Und am Samstag?' after a photo answer: the log of that day, not the upload hint."""
    day = DateRange(start=date(2026, 11, 21), end=date(2026, 11, 21), label="am vergangenen Samstag")
    reply = qc.run(Slots(text="Und am Samstag?", dates=day, groups=["broetchen"]), _ctx(role="owner"))
    assert reply.text.startswith("Am Samstag, 21.11.2026") or "21.11.2026" in reply.text.split("\n")[0]
