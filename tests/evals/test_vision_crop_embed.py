"""The piece-crop network input (evals/vision/crop_embed.py): the crop is turned to the piece's main axis, so a
turned photo of the same piece gives the same crop and nearly the same features."""

import cv2
import numpy as np
import torch

from evals.vision.crop_embed import crop_embedding, main_axis, mirrors, normalised_crop
from evals.vision.independent import render

torch.set_num_threads(1)


def _photo(seed: int) -> np.ndarray:
    return render(np.random.default_rng(seed), None, ("loaf",))  # long: a clear main axis


def test_main_axis_of_a_turned_ellipse() -> None:
    mask = np.zeros((200, 200), np.uint8)
    cv2.ellipse(mask, (100, 90), (70, 25), 30, 0, 360, 255, -1)
    (cx, cy), angle, (along, across) = main_axis(mask)
    assert abs(cx - 100) < 1.5 and abs(cy - 90) < 1.5
    assert min(abs(angle - 30), abs(angle + 150)) < 2  # the axis, either direction
    assert abs(along - 70) < 3 and abs(across - 25) < 3


def test_a_turned_photo_gives_the_same_crop() -> None:
    img = _photo(3)
    crop = normalised_crop(img)
    turned = normalised_crop(np.ascontiguousarray(np.rot90(img)))
    same = min(float(np.abs(m - crop).mean()) for m in mirrors(turned))
    other = min(float(np.abs(m - crop).mean()) for m in mirrors(normalised_crop(_photo(4))))
    assert same < 0.03
    assert same < other / 3


def test_a_turned_photo_gives_nearly_the_same_features() -> None:
    img, other = _photo(3), _photo(4)
    e = crop_embedding([img, np.ascontiguousarray(np.rot90(img, 3)), other])
    assert e.shape == (3, 96)
    assert np.abs(e[1] - e[0]).mean() < np.abs(e[2] - e[0]).mean() / 2
