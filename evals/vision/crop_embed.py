"""The pretrained piece network as a frozen feature extractor on the piece itself: the piece is cut out of tray
or paper (`piece_crop.segment`), turned so that its main axis (PCA of its mask) lies horizontal, scaled to a
fixed square, and the network's pooled features are averaged over the four mirror images that keep the axis
horizontal (the axis' direction is ambiguous). No fine-tuning: one forward pass per mirror image and photo.

An experiment of `evals.vision.selection` (README, stop 12): measured on training photos only and not kept, so
it is not among the product's candidates (`tools/vision/piece_classifier.py`).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import torch

from tools.vision import piece_crop as pcrop
from tools.vision import piece_net as pn

MARGIN = 0.1  # of the piece's longer side, on each side of the square crop
N_EMBED = 96  # width of the network's pooled features


def main_axis(mask: np.ndarray) -> tuple[tuple[float, float], float, tuple[float, float]]:
    """(centre x/y, angle of the main axis in degrees, half extents along/across it) of a mask's pixels."""
    ys, xs = np.nonzero(mask)
    if len(xs) < 3:
        h, w = mask.shape[:2]
        return (w / 2, h / 2), 0.0, (w / 2, h / 2)
    pts = np.stack([xs, ys], 1).astype(np.float64) + 0.5
    centre = pts.mean(0)
    vals, vecs = np.linalg.eigh(np.cov((pts - centre).T))
    major = vecs[:, int(np.argmax(vals))]
    angle = math.degrees(math.atan2(major[1], major[0]))
    rot = _rotation(angle)
    local = (pts - centre) @ rot.T
    lo, hi = local.min(0), local.max(0)
    mid = (lo + hi) / 2  # the extents' middle: a piece with a loose part is centred on both
    centre = centre + rot.T @ mid
    half = (hi - lo) / 2 + 0.5
    return (float(centre[0]), float(centre[1])), angle, (float(half[0]), float(half[1]))


def _rotation(angle: float) -> np.ndarray:
    """The 2×2 matrix that turns a vector at `angle` (degrees, image coordinates) onto the x axis."""
    t = math.radians(angle)
    return np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]])


def normalised_crop(bgr: np.ndarray, side: int = pn.SIDE) -> np.ndarray:
    """The piece turned to its main axis, centred and scaled into a side×side RGB float image (0..1)."""
    _, parts, _ = pcrop.segment(bgr)
    f = bgr.shape[1] / parts.shape[1]
    (cx, cy), angle, (hx, hy) = main_axis(parts)
    length = 2 * max(hx, hy) * f * (1 + 2 * MARGIN)
    scale = side / max(length, 1.0)
    img = bgr
    if scale < 0.5:  # shrink first (area-averaged) so the warp below does not alias thin cracks away
        pre = min(1.0, 2 * scale)
        img = cv2.resize(bgr, None, fx=pre, fy=pre, interpolation=cv2.INTER_AREA)
        f, scale = f * img.shape[1] / bgr.shape[1], scale / (img.shape[1] / bgr.shape[1])
    rot = _rotation(angle) * scale
    centre = np.array([cx, cy]) * f
    shift = np.array([side / 2, side / 2]) - rot @ centre
    m = np.hstack([rot, shift[:, None]])
    out = cv2.warpAffine(img, m, (side, side), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.ascontiguousarray(out[..., ::-1].astype(np.float32) / 255.0)


def mirrors(img: np.ndarray) -> list[np.ndarray]:
    """The image and its three mirror images that keep a horizontal axis horizontal."""
    return [img, img[:, ::-1], img[::-1], img[::-1, ::-1]]


@torch.no_grad()
def embed(net: pn.PieceNet, crops: list[np.ndarray]) -> np.ndarray:
    """Pooled network features (n × N_EMBED) of normalised crops, averaged over their mirror images."""
    net.eval()
    if not crops:
        return np.zeros((0, N_EMBED), np.float32)
    views = [np.ascontiguousarray(v) for c in crops for v in mirrors(c)]
    parts = [net.body(pn.to_tensor(views[i : i + 64])).numpy() for i in range(0, len(views), 64)]
    feats = np.concatenate(parts).reshape(len(crops), 4, -1).mean(1)
    return feats.astype(np.float32)


_NET: list[pn.PieceNet] = []


def pretrained() -> pn.PieceNet:
    """The shipped pretrained network (loaded once per process)."""
    if not _NET:
        _NET.append(pn.load_pretrained(2).eval())
    return _NET[0]


def crop_embedding(images: list[np.ndarray]) -> np.ndarray:
    """The frozen network's features of each BGR photo's normalised piece crop (n × N_EMBED)."""
    return embed(pretrained(), [normalised_crop(i) for i in images])
