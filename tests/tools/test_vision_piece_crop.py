"""Piece-aware features (tools/vision/piece_crop.py): the piece is found on tray or paper, the whole photo is
used when nothing is found, and cracks, breaks and burnt sides move the features that should carry them."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest

from tools.vision import piece_crop as pcrop
from tools.vision.piece_features import predict_classical

H, W = 768, 576
CRUST = (60, 140, 200)  # BGR golden brown


def _photo(background: tuple[int, int, int], rng: np.random.Generator | None = None) -> np.ndarray:
    """A 576 × 768 photo with a slightly noisy background and a baked-looking ellipse in the middle."""
    rng = rng or np.random.default_rng(0)
    img = np.zeros((H, W, 3), np.float32) + np.array(background, np.float32)
    img += rng.normal(0, 3, img.shape).astype(np.float32)
    cv2.ellipse(img, (W // 2, H // 2), (170, 110), 30, 0, 360, CRUST, -1, cv2.LINE_AA)
    return np.clip(img, 0, 255).astype(np.uint8)


def _ellipse_mask() -> np.ndarray:
    m = np.zeros((H, W), np.uint8)
    cv2.ellipse(m, (W // 2, H // 2), (170, 110), 30, 0, 360, 255, -1)
    return m


def _iou(mask: np.ndarray, truth: np.ndarray) -> float:
    big = cv2.resize(mask, (truth.shape[1], truth.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    t = truth > 0
    return float((big & t).sum() / (big | t).sum())


@pytest.mark.parametrize("background", [(45, 40, 38), (205, 225, 235)], ids=["dark tray", "baking paper"])
def test_the_piece_is_found_on_a_dark_tray_and_on_light_paper(background: tuple[int, int, int]) -> None:
    main, parts, ok = pcrop.segment(_photo(background))
    assert ok and _iou(main, _ellipse_mask()) > 0.9 and _iou(parts, _ellipse_mask()) > 0.9


def test_without_a_piece_the_whole_photo_is_used_and_features_stay_finite() -> None:
    flat = np.full((H, W, 3), 90, np.uint8)
    main, parts, ok = pcrop.segment(flat)
    assert not ok and main.all() and parts.all()
    f = pcrop.crop_features(flat)
    assert f.shape == (pcrop.N_CROP,) and np.isfinite(f).all() and f[0] == 0.0  # seg_ok = 0


def test_a_loose_broken_off_part_is_counted() -> None:
    img = _photo((45, 40, 38))
    cv2.circle(img, (90, 120), 40, CRUST, -1)
    main, parts, ok = pcrop.segment(img)
    assert ok and (parts > 0).sum() > (main > 0).sum()
    assert pcrop.crop_features(img)[pcrop.SHAPE_NAMES.index("loose_parts")] == 1.0


def _feature(img: np.ndarray, name: str) -> float:
    return float(pcrop.crop_features(img)[pcrop.FEATURE_NAMES.index(name)])


def test_crack_break_and_burnt_side_move_their_features() -> None:
    whole = _photo((45, 40, 38))
    cracked = whole.copy()
    cv2.polylines(
        cracked, [np.array([[170, 300], [230, 380], [300, 400], [370, 470], [420, 520]])], False, (15, 20, 25), 4
    )
    broken = whole.copy()
    cv2.circle(broken, (W // 2 + 190, H // 2 + 110), 130, (45, 40, 38), -1)  # a chunk off one end
    burnt = whole.copy()
    side = np.zeros((H, W), np.uint8)
    cv2.ellipse(side, (W // 2, H // 2), (170, 110), 30, -60, 60, 255, -1)
    burnt[side > 0] = (20, 25, 35)
    assert _feature(cracked, "gap_length") > _feature(whole, "gap_length") + 0.3
    assert _feature(cracked, "blackhat15_p99") > 2 * _feature(whole, "blackhat15_p99")
    assert _feature(broken, "ellipse_area") < _feature(whole, "ellipse_area") - 0.03
    burnt_share = max(_feature(burnt, "dark_share"), _feature(burnt, "ring_dark_max"))
    assert burnt_share > max(_feature(whole, "dark_share"), _feature(whole, "ring_dark_max")) + 0.1


def test_the_crop_model_separates_what_it_learnt_and_is_stored_as_plain_arrays() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(0, 1, (40, pcrop.N_CROP)).astype(np.float32)
    y = np.array([0] * 27 + [1] * 13)
    x[y == 1, 5] += 3.0
    params = pcrop.fit_crop(x, y)
    assert all(isinstance(v, np.ndarray) for v in params.values())
    p = predict_classical(params, x)
    assert p.shape == (40, 2) and np.allclose(p.sum(1), 1)
    assert (p.argmax(1) == y).mean() >= 0.9


def test_features_are_fast_enough_for_seventy_photos() -> None:
    img = _photo((45, 40, 38))
    t0 = time.process_time()
    for _ in range(3):
        pcrop.crop_features(img)
    assert (time.process_time() - t0) / 3 < 1.0  # 70 photos in about a minute at worst on a busy core
