"""Weak-class training mix, background negatives and the no-baked-goods gate of the shipped detector."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tools.vision.generator import DEFECT_P, generate_non_bakery, generate_tray, write_negatives
from tools.vision.inference import DEFAULT_MODEL, Detection, check_images, detect, load_model, looks_like_bakery

needs_model = pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped weights missing")


def test_class_mix_is_optional_and_steers_the_classes() -> None:
    a, meta_a = generate_tray(np.random.default_rng(5))
    b, meta_b = generate_tray(np.random.default_rng(5), defect_p=DEFECT_P)
    assert np.array_equal(a, b) and meta_a == meta_b  # default mix: held-out stream unchanged
    _, meta = generate_tray(
        np.random.default_rng(5),
        defect_p={"ok": 0, "verbrannt": 0, "zu_hell": 0, "deformiert": 1, "gerissen": 0},
        product_p={"broetchen": 0, "brezel": 1, "croissant": 0},
    )
    assert meta.pieces and {p.cls for p in meta.pieces} == {"brezel_deformiert"}


def test_negatives_have_empty_labels(tmp_path: Path) -> None:
    img_dir = write_negatives(tmp_path / "neg", 3, seed=4)
    imgs = sorted(img_dir.glob("*.jpg"))
    assert len(imgs) == 3
    labels = sorted((tmp_path / "neg" / "labels" / "train").glob("*.txt"))
    assert [p.stem for p in labels] == [p.stem for p in imgs] and all(p.read_text() == "" for p in labels)
    assert cv2.imread(str(imgs[0])).shape == (300, 400, 3)


def test_gate_needs_crust_colour_and_confidence() -> None:
    brown = np.zeros((100, 100, 3), np.uint8)
    brown[:] = (40, 100, 180)  # BGR golden-brown crust
    blue = np.zeros_like(brown)
    blue[:] = (200, 60, 30)
    sure = [Detection(cls="broetchen_ok", confidence=0.95, box=[10, 10, 90, 90])]
    unsure = [Detection(cls="broetchen_ok", confidence=0.5, box=[10, 10, 90, 90])]
    assert looks_like_bakery(brown, sure)
    assert not looks_like_bakery(blue, sure)
    assert not looks_like_bakery(brown, unsure)


@needs_model
def test_coloured_rectangles_report_no_pieces_but_trays_do(tmp_path: Path) -> None:
    model = load_model(str(DEFAULT_MODEL))
    rng = np.random.default_rng(21)
    rects = [generate_non_bakery(rng, kind="rechtecke") for _ in range(8)]
    assert all(detect(model, img) == [] for img in rects)
    for seed in (30, 31):
        img, meta = generate_tray(np.random.default_rng(seed))
        assert abs(len(detect(model, img)) - len(meta.pieces)) <= 2
    path = tmp_path / "rechtecke.png"
    cv2.imwrite(str(path), rects[0])
    res = check_images([path], annotate_images=False)[0]
    assert res.pieces == 0 and res.label == "keine_backwaren" and res.error is None
