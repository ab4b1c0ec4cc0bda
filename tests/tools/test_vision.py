"""Synthetic tray generator, input checks, check log and dataset preparation (no model needed)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest

from tools.vision.classes import CLASS_NAMES, DEFECTS, PRODUCTS, is_defect, split_class
from tools.vision.generator import generate_tray, render_piece, write_dataset


def test_piece_counts_read_in_the_right_number() -> None:
    """Browser: '1 Croissants' on a tray with one croissant."""
    from tools.vision.classes import pieces_of

    assert [pieces_of(1, "croissant"), pieces_of(5, "brezel"), pieces_of(1, "brezel")] == [
        "1 Croissant",
        "5 Brezeln",
        "1 Brezel",
    ]


def test_classes_cover_products_and_defects() -> None:
    assert len(CLASS_NAMES) == len(PRODUCTS) * len(DEFECTS) == 15
    assert split_class("brezel_zu_hell") == ("brezel", "zu_hell")
    assert split_class("croissant_ok") == ("croissant", "ok")
    assert not is_defect("broetchen_ok") and is_defect("broetchen_gerissen") and is_defect("verbrannt")


def test_generator_is_deterministic_and_boxes_fit() -> None:
    img1, meta1 = generate_tray(np.random.default_rng(3))
    img2, meta2 = generate_tray(np.random.default_rng(3))
    assert np.array_equal(img1, img2) and meta1 == meta2
    assert img1.shape == (300, 400, 3)
    assert 8 <= len(meta1.pieces) <= 40
    for p in meta1.pieces:
        x1, y1, x2, y2 = p.box
        assert 0 <= x1 < x2 <= 400 and 0 <= y1 < y2 <= 300
        assert p.cls in CLASS_NAMES
        assert 8 < x2 - x1 < 200 and 8 < y2 - y1 < 200


def test_empty_tray_has_no_pieces() -> None:
    _, meta = generate_tray(np.random.default_rng(1), empty=True)
    assert meta.pieces == []


def _mean_rgb(patch: np.ndarray) -> float:
    a = patch[..., 3] > 128
    return float(patch[..., :3][a].mean())


def test_defects_change_the_look() -> None:
    rng = np.random.default_rng(0)
    for product in PRODUCTS:
        ok = np.mean([_mean_rgb(render_piece(rng, product, "ok", 60)) for _ in range(6)])
        burnt = np.mean([_mean_rgb(render_piece(rng, product, "verbrannt", 60)) for _ in range(6)])
        pale = np.mean([_mean_rgb(render_piece(rng, product, "zu_hell", 60)) for _ in range(6)])
        assert burnt < ok * 0.7 < ok < pale, product
        area_ok = np.mean([(render_piece(rng, product, "ok", 60)[..., 3] > 128).sum() for _ in range(6)])
        area_def = np.mean([(render_piece(rng, product, "deformiert", 60)[..., 3] > 128).sum() for _ in range(6)])
        assert area_def < area_ok, product  # squashed pieces cover less area


def test_write_dataset_yolo_format(tmp_path: Path) -> None:
    y = write_dataset(tmp_path / "ds", 3, 1, seed=11)
    assert "names:" in y.read_text() and "brezel_gerissen" in y.read_text()
    labels = list((tmp_path / "ds" / "labels" / "train").glob("*.txt"))
    assert len(labels) == 3 and len(list((tmp_path / "ds" / "images" / "val").glob("*.jpg"))) == 1
    for lbl in labels:
        for line in lbl.read_text().splitlines():
            c, *vals = line.split()
            assert 0 <= int(c) < 15 and all(0 < float(v) <= 1 for v in vals)


def test_load_image_rejects_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.errors import InputError
    from tools.vision import inference
    from tools.vision.inference import load_image

    txt = tmp_path / "notiz.txt"
    txt.write_text("kein Bild")
    with pytest.raises(InputError, match="kein Bild"):
        load_image(txt)
    img, _ = generate_tray(np.random.default_rng(2))
    good = tmp_path / "blech.jpg"
    cv2.imwrite(str(good), img)
    assert load_image(good).shape == (300, 400, 3)
    broken = tmp_path / "kaputt.jpg"
    broken.write_bytes(good.read_bytes()[:300])
    with pytest.raises(InputError, match="beschädigt"):
        load_image(broken)
    tiny = tmp_path / "mini.png"
    cv2.imwrite(str(tiny), np.zeros((10, 10, 3), np.uint8))
    with pytest.raises(InputError, match="zu klein"):
        load_image(tiny)
    monkeypatch.setattr(inference, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match="zu groß"):
        load_image(good)
    monkeypatch.setattr(inference, "MAX_BYTES", 10**9)
    monkeypatch.setattr(inference, "MAX_PIXELS", 1000)
    with pytest.raises(InputError, match="Megapixel"):
        load_image(good)
    with pytest.raises(InputError, match="nicht gefunden"):
        load_image(tmp_path / "fehlt.jpg")


def test_upload_errors_name_the_users_file_not_the_stored_one(tmp_path: Path) -> None:
    from tools.vision.inference import check_images

    stored = tmp_path / "e90dba3a-5c1f-4b7e-9d2a-0f3c2b1a9e77.png"
    stored.write_text("kein Bild")
    [check] = check_images([stored], names=["Blech Montag.png"])
    assert check.error and "„Blech Montag.png“" in check.error and "e90dba3a" not in check.error


def test_log_and_defect_stats(fresh_var: Path) -> None:
    from tools.vision.inference import ImageCheck
    from tools.vision.log import defect_stats, log_checks

    a = ImageCheck(
        image="a.jpg",
        label="verbrannt",
        pieces=10,
        defects={"verbrannt": 2},
        by_product={"brezel": {"ok": 8, "verbrannt": 2}},
    )
    b = ImageCheck(
        image="b.jpg",
        label="gerissen",
        pieces=12,
        defects={"gerissen": 3, "zu_hell": 1},
        by_product={"brezel": {"ok": 5, "gerissen": 1}, "broetchen": {"ok": 3, "gerissen": 2, "zu_hell": 1}},
    )
    empty = ImageCheck(image="c.jpg", label="keine_backwaren")
    bad = ImageCheck(image="d.txt", label="fehler", error="kein Bild")
    assert log_checks([a, b, empty, bad], batch="t1", when=datetime(2026, 11, 24, 6, 0)) == 4
    log_checks([a], batch="old", when=datetime(2026, 11, 10, 6, 0))
    week = defect_stats(date(2026, 11, 23), date(2026, 11, 25))
    assert (week.images, week.pieces, week.defective) == (3, 22, 6)
    assert week.rate == pytest.approx(6 / 22)
    assert week.by_defect == {"verbrannt": 2, "gerissen": 3, "zu_hell": 1}
    brezel = defect_stats(date(2026, 11, 23), date(2026, 11, 25), "brezel")
    assert (brezel.pieces, brezel.defective) == (16, 3)
    assert week.by_product["broetchen"]["rate"] == pytest.approx(0.5)
    month = defect_stats(date(2026, 11, 1), date(2026, 11, 30), "brezel")
    assert month.pieces == 26
    none = defect_stats(date(2026, 12, 1), date(2026, 12, 7))
    assert none.pieces == 0 and none.rate is None


def test_prepare_detect_splits_validation(tmp_path: Path, fresh_var: Path) -> None:
    import yaml

    from tools.errors import DatasetError
    from tools.vision.train import prepare_detect

    src = tmp_path / "eigen"
    (src / "images").mkdir(parents=True)
    (src / "labels").mkdir()
    for i in range(10):
        cv2.imwrite(str(src / "images" / f"b{i}.jpg"), np.full((40, 40, 3), 128, np.uint8))
        (src / "labels" / f"b{i}.txt").write_text(f"{i % 2} 0.5 0.5 0.3 0.3\n")
    data, n_train, n_val = prepare_detect(src, tmp_path / "work")
    cfg = yaml.safe_load(data.read_text())
    assert (n_train, n_val) == (8, 2)
    assert len(list((tmp_path / "work" / "images" / "val").iterdir())) == 2
    assert cfg["names"] == {0: "klasse_0", 1: "klasse_1"}
    (src / "classes.txt").write_text("brezel_ok\nbrezel_verbrannt\n")
    data, _, _ = prepare_detect(src, tmp_path / "work")
    assert yaml.safe_load(data.read_text())["names"] == {0: "brezel_ok", 1: "brezel_verbrannt"}
    with pytest.raises(DatasetError):
        prepare_detect(tmp_path / "work" / "labels", tmp_path / "w2")


def test_prepare_classify_splits_per_class(tmp_path: Path) -> None:
    from tools.errors import DatasetError
    from tools.vision.train import prepare_classify

    src = tmp_path / "klassen"
    for cls in ("ok", "verbrannt"):
        (src / cls).mkdir(parents=True)
        for i in range(5):
            cv2.imwrite(str(src / cls / f"{i}.png"), np.full((20, 20, 3), 50, np.uint8))
    root, n_train, n_val = prepare_classify(src, tmp_path / "work")
    assert (n_train, n_val) == (8, 2)
    assert sorted(p.name for p in (root / "val").iterdir()) == ["ok", "verbrannt"]
    (tmp_path / "leer").mkdir()
    with pytest.raises(DatasetError):
        prepare_classify(tmp_path / "leer", tmp_path / "w2")


def test_phone_photos_are_read_upright_and_heic_like_jpg(tmp_path: Path) -> None:
    """A phone stores a turned photo as landscape pixels plus an orientation tag, and an iPhone as HEIC."""
    from PIL import Image

    from tools.vision.inference import load_image

    img, _ = generate_tray(np.random.default_rng(4))  # 300 × 400 (h × w), BGR
    pil = Image.fromarray(img[..., ::-1].copy())
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    turned = tmp_path / "hochkant.jpg"
    pil.save(turned, exif=exif, quality=95)
    assert load_image(turned).shape == (400, 300, 3)
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    heic = tmp_path / "IMG_0001.HEIC"
    pil.save(heic, format="HEIF", quality=90)
    read = load_image(heic)
    assert read.shape == (300, 400, 3) and float(np.abs(read.astype(int) - img.astype(int)).mean()) < 12


def test_noise_gate_separates_photos_from_static() -> None:
    from tools.vision.inference import MAX_NOISE, noise_level

    trays = [generate_tray(np.random.default_rng(s))[0] for s in (20, 21, 22)]
    static = np.random.default_rng(0).integers(0, 255, (480, 640, 3), dtype=np.uint8)
    assert max(noise_level(t) for t in trays) < MAX_NOISE / 2 < MAX_NOISE < noise_level(static)


def test_a_small_png_declaring_50000_by_50000_pixels_is_too_big_not_damaged(tmp_path: Path) -> None:
    """Hostile test 24: Pillow's own bomb check fires in `Image.open`; the user reads the pixel limit."""
    import struct
    import zlib

    from tools.errors import InputError
    from tools.vision.inference import load_image

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 50_000, 50_000, 1, 0, 0, 0, 0)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(64))) + chunk(b"IEND", b"")
    )
    with pytest.raises(InputError, match="zu viele Pixel"):
        load_image(bomb)
