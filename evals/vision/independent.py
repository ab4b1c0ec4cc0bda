"""An independent generator of "real-like" single-piece phone photos, written without looking at the
product's own generator (tools/vision/piece_photos.py), to stress-test the `vision train --task classify`
protocol the way unseen real photos would.

Photos: 576 × 768 portrait JPEGs (quality 60–90) of one baked piece (roll with score cut, croissant-like
crescent, pretzel, loaf with slashes) on a dark metal tray (brushed texture, scratches, grease spots,
sometimes perforated, sometimes the tray rim and the table beyond) or on baking paper; warm/cold white balance,
uneven light, vignetting, shadow, crumbs, perspective tilt, off-centre pieces, motion blur, sensor noise.

Classes: `ganz` (whole) and `gebrochen` (defective, about a third). What counts as a defect:
- a broken-off part (jagged break with pale crumb on the face; the broken-off piece sometimes lies nearby),
- a deep crack through the crust (dark gap with a pale crumb rim, across most of the piece's width),
- a burnt side (a quarter to nearly half of the piece charred black-brown).
Not defects (nuisances in both classes): pale to dark-baked crust, score cuts and slashes (they look like
cracks but belong to the shape), flour dusting, seeds and salt, crumbs on the tray.
Seeds are fixed; a split's train and test photos come from different random streams of one seed.
Figures of the protocol on these splits: evals/vision/README.md.
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np

W, H = 576, 768
SHAPES = ("roll", "crescent", "pretzel", "loaf")
DEFECTS = ("break", "crack", "burnt")
DEFECT_P = (0.45, 0.35, 0.20)
OK_CLASS, DEFECT_CLASS = "ganz", "gebrochen"
P = 400  # side of the square patch a piece is drawn in before it is rotated, scaled and placed
# (name, n_train, n_test, seed, shapes): the splits the evaluation prints; `verdeckt` was run once at the end of
# issue 21 part 1, `verdeckt2` (seed 907, never used before) once at the end of the piece-aware candidate's work
SPLITS: tuple[tuple[str, int, int, int, tuple[str, ...]], ...] = (
    ("unabhängig gemischt 63/22", 63, 22, 901, SHAPES),
    ("unabhängig gemischt 40/200", 40, 200, 902, SHAPES),
    ("unabhängig Brötchen 63/22", 63, 22, 904, ("roll",)),
    ("unabhängig verdeckt 63/100", 63, 100, 903, SHAPES),
    ("unabhängig verdeckt2 63/100", 63, 100, 907, SHAPES),
    ("unabhängig verdeckt3 63/100", 63, 100, 913, SHAPES),  # held back: generated and run once, at the end
    ("unabhängig verdeckt4 63/100", 63, 100, 919, SHAPES),  # held back: seed never used before, run once (stop 12)
)

Rng = np.random.Generator


def _noise(rng: Rng, shape: tuple[int, int], cells: tuple[int, int]) -> np.ndarray:
    """Smooth noise in -1..1 of `shape`, from a random grid of `cells` (rows, cols) resized up."""
    small = rng.uniform(-1, 1, cells).astype(np.float32)
    return cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


# --- background ---------------------------------------------------------------------------------------------


def _tray(rng: Rng, h: int, w: int) -> np.ndarray:
    """A dark metal tray: tinted grey, brushed streaks, scratches, grease spots, maybe holes and a rim."""
    base = rng.uniform(22, 62)
    tint = np.array([rng.uniform(0.95, 1.12), 1.0, rng.uniform(0.88, 1.05)], np.float32)
    img = np.full((h, w, 3), base, np.float32) * tint
    brushed = _noise(rng, (h, w), (h // 2, 3)) * rng.uniform(2, 7)
    blotch = _noise(rng, (h, w), (5, 4)) * rng.uniform(3, 10)
    img += (brushed + blotch)[..., None]
    if rng.random() < 0.3:
        _perforate(rng, img)
    for _ in range(int(rng.integers(8, 45))):
        _scratch(rng, img)
    for _ in range(int(rng.integers(2, 12))):
        _grease(rng, img)
    if rng.random() < 0.35:
        _rim(rng, img)
    return img


def _perforate(rng: Rng, img: np.ndarray) -> None:
    step = int(rng.integers(14, 24))
    r = max(2, step // 5)
    layer = np.zeros(img.shape[:2], np.float32)
    for y in range(step // 2, img.shape[0], step):
        for x in range(step // 2 + (y // step % 2) * step // 2, img.shape[1], step):
            cv2.circle(layer, (x, y), r, 1.0, -1, cv2.LINE_AA)
    img *= (1 - 0.7 * layer)[..., None]


def _scratch(rng: Rng, img: np.ndarray) -> None:
    h, w = img.shape[:2]
    x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
    ang, length = rng.uniform(0, math.pi), rng.uniform(20, 260)
    bend = rng.uniform(-20, 20)
    t = np.linspace(0, 1, 12)
    xs = x0 + np.cos(ang) * length * t - np.sin(ang) * bend * np.sin(math.pi * t)
    ys = y0 + np.sin(ang) * length * t + np.cos(ang) * bend * np.sin(math.pi * t)
    layer = np.zeros((h, w), np.float32)
    pts = np.stack([xs, ys], 1).astype(np.int32)
    cv2.polylines(layer, [pts], False, 1.0, 1, cv2.LINE_AA)
    img += (layer * rng.uniform(8, 40) * rng.choice([1, -0.5]))[..., None]


def _grease(rng: Rng, img: np.ndarray) -> None:
    h, w = img.shape[:2]
    layer = np.zeros((h, w), np.float32)
    c = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
    ax = (int(rng.uniform(8, 60)), int(rng.uniform(6, 45)))
    cv2.ellipse(layer, c, ax, rng.uniform(0, 180), 0, 360, 1.0, -1)
    layer = cv2.GaussianBlur(layer, (0, 0), rng.uniform(3, 10))
    if rng.random() < 0.6:  # darker, slightly brown baked-on fat
        img *= (1 - 0.35 * layer)[..., None]
        img += (layer[..., None] * np.array([0, 4, 10], np.float32)) * rng.uniform(0.5, 1.5)
    else:  # a glossy film catching the light
        img += (layer * rng.uniform(8, 25))[..., None]


def _rim(rng: Rng, img: np.ndarray) -> None:
    """The tray's rim along one side and the table beyond it."""
    h, w = img.shape[:2]
    side = int(rng.integers(4))
    depth = int(rng.uniform(0.03, 0.12) * (h if side < 2 else w))
    table = np.array(rng.choice([[60, 110, 160], [170, 175, 180], [90, 90, 95], [40, 70, 110]]), np.float32)
    table = table * rng.uniform(0.7, 1.2)
    sl = {0: np.s_[:depth], 1: np.s_[h - depth :], 2: np.s_[:, :depth], 3: np.s_[:, w - depth :]}[side]
    img[sl] = table + _noise(rng, img[sl].shape[:2], (4, 4))[..., None] * 10
    band = int(rng.integers(5, 14))
    edge = {
        0: np.s_[depth : depth + band],
        1: np.s_[h - depth - band : h - depth],
        2: np.s_[:, depth : depth + band],
        3: np.s_[:, w - depth - band : w - depth],
    }[side]
    img[edge] = img[edge] * 0.5 + rng.uniform(70, 130) * 0.5


def _paper(rng: Rng, h: int, w: int) -> np.ndarray:
    """Baking paper: off-white to beige, wrinkled, with a few fat stains."""
    col = np.array([rng.uniform(170, 215), rng.uniform(195, 230), rng.uniform(205, 238)], np.float32)
    img = np.full((h, w, 3), 1.0, np.float32) * col
    shade = 1 + 0.06 * _noise(rng, (h, w), (6, 5)) + 0.03 * _noise(rng, (h, w), (40, 30))
    img *= shade[..., None]
    for _ in range(int(rng.integers(2, 7))):  # folds
        layer = np.zeros((h, w), np.float32)
        p0 = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
        p1 = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
        cv2.line(layer, p0, p1, 1.0, 2, cv2.LINE_AA)
        layer = cv2.GaussianBlur(layer, (0, 0), 1.5)
        img *= (1 - rng.uniform(0.05, 0.15) * layer)[..., None]
    for _ in range(int(rng.integers(0, 4))):
        _grease(rng, img)
    return img


# --- the piece ----------------------------------------------------------------------------------------------


def _shape_mask(rng: Rng, shape: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """The piece's outline in a P×P patch (long axis horizontal) and its score cuts (polylines) if any."""
    m = np.zeros((P, P), np.uint8)
    c = P // 2
    cuts: list[np.ndarray] = []
    if shape == "roll":
        a = rng.uniform(110, 150)
        b = a * rng.uniform(0.6, 0.9)
        cv2.ellipse(m, (c, c), (int(a), int(b)), 0, 0, 360, 255, -1, cv2.LINE_AA)
        if rng.random() < 0.7:
            cuts.append(np.array([[c - a * 0.65, c + rng.uniform(-8, 8)], [c + a * 0.65, c + rng.uniform(-8, 8)]]))
        if rng.random() < 0.3:
            cuts.append(np.array([[c, c - b * 0.6], [c, c + b * 0.6]]))
    elif shape == "crescent":
        r = rng.uniform(95, 130)
        span = rng.uniform(55, 80)
        for t in np.linspace(-1, 1, 80):
            ang = math.radians(90 + span * t)
            x, y = c + r * math.cos(ang), c - r * 0.2 + r * math.sin(ang) * 0.75
            cv2.circle(m, (int(x), int(y)), int(14 + 42 * (1 - t * t)), 255, -1, cv2.LINE_AA)
        for t in np.linspace(-0.75, 0.75, int(rng.integers(4, 7))):  # the rolled layers
            ang = math.radians(90 + span * t)
            x, y = c + r * math.cos(ang), c - r * 0.2 + r * math.sin(ang) * 0.75
            d = np.array([math.cos(ang), math.sin(ang) * 0.75])
            cuts.append(np.array([[x, y] - d * 40 * (1 - t * t), [x, y] + d * 40 * (1 - t * t)]))
    elif shape == "pretzel":
        th = int(rng.uniform(22, 34))
        cv2.ellipse(m, (c, c + 25), (int(rng.uniform(125, 150)), int(rng.uniform(85, 105))), 0, 200, 520, 255, th)
        for sgn in (-1, 1):
            p0 = np.array([c - sgn * 120, c - 20.0])
            p1 = np.array([c + sgn * 25, c + 15.0])
            p2 = np.array([c + sgn * 45, c + 110.0])
            t = np.linspace(0, 1, 30)[:, None]
            pts = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t * t * p2
            cv2.polylines(m, [pts.astype(np.int32)], False, 255, th, cv2.LINE_AA)
    else:  # loaf
        a, b = rng.uniform(140, 175), rng.uniform(60, 85)
        ys, xs = np.mgrid[0:P, 0:P].astype(np.float32)
        e = rng.uniform(3, 5)
        inside = np.abs((xs - c) / a) ** e + np.abs((ys - c) / b) ** 2.2 <= 1
        m[inside] = 255
        n = int(rng.integers(2, 5))
        for k in range(n):
            x = c - a * 0.6 + 1.2 * a * (k + 0.5) / n
            cuts.append(np.array([[x - 25, c - b * 0.55], [x + 25, c + b * 0.55]]))
    return m, cuts


def _crust(rng: Rng, mask: np.ndarray, shape: str) -> np.ndarray:
    """Crust colour with a baked dome, top-left light and texture inside mask (float BGR patch)."""
    hue = rng.uniform(12, 22) if shape != "pretzel" else rng.uniform(8, 15)
    sat = rng.uniform(100, 190)
    val = rng.uniform(110, 215) if shape != "pretzel" else rng.uniform(70, 130)
    hsv = np.uint8([[[hue, sat, val]]])
    base = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0, 0].astype(np.float32)
    dist = cv2.distanceTransform((mask > 127).astype(np.uint8), cv2.DIST_L2, 5)
    dome = np.sqrt(dist / (dist.max() + 1e-6))
    ang = rng.uniform(0, 2 * math.pi)
    gy, gx = np.gradient(cv2.GaussianBlur(dist, (0, 0), 6))
    light = np.clip(1 + 0.08 * (gx * math.cos(ang) + gy * math.sin(ang)), 0.7, 1.3)
    tex = 1 + 0.08 * _noise(rng, mask.shape, (12, 12)) + 0.05 * rng.normal(0, 1, mask.shape).astype(np.float32)
    shade = (0.55 + 0.55 * dome) * light * tex
    out = base[None, None, :] * shade[..., None]
    if rng.random() < 0.25 and shape in ("roll", "loaf"):  # flour dusting
        flour = np.clip(_noise(rng, mask.shape, (8, 8)) * 1.5 + rng.uniform(-0.5, 0.3), 0, 1) * 0.7
        out = out * (1 - flour[..., None]) + 225 * flour[..., None]
    if rng.random() < 0.3 or shape == "pretzel":  # seeds or salt
        for _ in range(int(rng.integers(15, 60))):
            ys, xs = np.nonzero(mask > 200)
            i = int(rng.integers(len(xs)))
            col = (235, 240, 245) if shape == "pretzel" else (120, 170, 205)
            size = (int(rng.integers(2, 4)), int(rng.integers(1, 3)))
            cv2.ellipse(out, (int(xs[i]), int(ys[i])), size, rng.uniform(0, 180), 0, 360, col, -1, cv2.LINE_AA)
    return out


def _crumb(rng: Rng, shape: tuple[int, int]) -> np.ndarray:
    """Pale porous crumb texture (float BGR)."""
    col = np.array([rng.uniform(120, 165), rng.uniform(175, 210), rng.uniform(205, 235)], np.float32)
    pores = rng.random(shape) < 0.06
    pores = cv2.dilate(pores.astype(np.uint8), np.ones((2, 2), np.uint8)).astype(np.float32)
    tex = 1 + 0.08 * _noise(rng, shape, (30, 30)) - 0.35 * cv2.GaussianBlur(pores, (0, 0), 0.8)
    return col[None, None, :] * tex[..., None]


def _paint_cuts(rng: Rng, col: np.ndarray, mask: np.ndarray, cuts: list[np.ndarray]) -> None:
    """Score cuts: an opened paler band with darker edges (a shape feature, not a defect)."""
    for cut in cuts:
        band = np.zeros(mask.shape, np.float32)
        cv2.polylines(band, [cut.astype(np.int32)], False, 1.0, int(rng.integers(6, 15)), cv2.LINE_AA)
        band = cv2.GaussianBlur(band, (0, 0), 2.5) * (mask > 127)
        edge = np.clip(cv2.Laplacian(band, cv2.CV_32F, ksize=5) * 0.05, 0, 1)
        pale = col * 1.25 + 15
        col[:] = col * (1 - band[..., None]) + pale * band[..., None]
        col *= (1 - 0.4 * edge)[..., None]


def _jagged_line(rng: Rng, p0: np.ndarray, p1: np.ndarray, rough: float) -> np.ndarray:
    t = np.linspace(0, 1, 24)[:, None]
    normal = np.array([-(p1 - p0)[1], (p1 - p0)[0]]) / (np.linalg.norm(p1 - p0) + 1e-6)
    walk = np.cumsum(rng.normal(0, rough, len(t)))
    walk -= np.linspace(0, walk[-1], len(t))
    return (p0 + (p1 - p0) * t + normal * walk[:, None]).astype(np.float32)


def _break(rng: Rng, col: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Break a part off one end: jagged cut, pale crumb face; returns colour, mask and the loose part's mask."""
    ys, xs = np.nonzero(mask > 127)
    lo, hi = xs.min(), xs.max()
    sgn = rng.choice([-1, 1])
    x = (hi - (hi - lo) * rng.uniform(0.18, 0.42)) if sgn > 0 else (lo + (hi - lo) * rng.uniform(0.18, 0.42))
    tilt = rng.uniform(-60, 60)
    line = _jagged_line(rng, np.array([x - tilt, -10.0]), np.array([x + tilt, P + 10.0]), 4.0)
    side = np.zeros(mask.shape, np.uint8)
    far = P + 10 if sgn > 0 else -10
    poly = np.vstack([line, [[far, P + 10], [far, -10]]]).astype(np.int32)
    cv2.fillPoly(side, [poly], 255)
    loose = ((mask > 127) & (side > 0)).astype(np.uint8) * 255
    kept = ((mask > 127) & (side == 0)).astype(np.uint8) * 255
    face = np.zeros(mask.shape, np.uint8)
    cv2.polylines(face, [line.astype(np.int32)], False, 255, int(rng.integers(12, 30)))
    face_f = cv2.GaussianBlur(((face > 0) & (kept > 0)).astype(np.float32), (0, 0), 2)
    crumb = _crumb(rng, mask.shape)
    col = col * (1 - face_f[..., None]) + crumb * face_f[..., None]
    kept = cv2.GaussianBlur(kept, (0, 0), 1.2)
    return col, kept, loose if rng.random() < 0.45 else None


def _crack(rng: Rng, col: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A deep crack across most of the width: dark gap with a pale crumb rim."""
    ys, xs = np.nonzero(mask > 127)
    x = rng.uniform(xs.min() + 0.25 * np.ptp(xs), xs.max() - 0.25 * np.ptp(xs))
    tilt = rng.uniform(-50, 50)
    y0, y1 = ys.min(), ys.max()
    reach = rng.uniform(0.65, 1.0)
    p0 = np.array([x - tilt, y0 + (y1 - y0) * (1 - reach) * rng.random() - 5])
    p1 = np.array([x + tilt, y0 + (y1 - y0) * reach + 5])
    line = _jagged_line(rng, p0, p1, 3.0).astype(np.int32)
    width = int(rng.integers(4, 11))
    rim = np.zeros(mask.shape, np.float32)
    cv2.polylines(rim, [line], False, 1.0, width + int(rng.integers(4, 9)), cv2.LINE_AA)
    gap = np.zeros(mask.shape, np.float32)
    cv2.polylines(gap, [line], False, 1.0, width, cv2.LINE_AA)
    inside = (mask > 127).astype(np.float32)
    rim, gap = rim * inside, gap * inside
    crumb = _crumb(rng, mask.shape)
    col = col * (1 - rim[..., None]) + crumb * rim[..., None]
    dark = np.array([15, 22, 32], np.float32) * rng.uniform(0.6, 1.4)
    return col * (1 - gap[..., None]) + dark * gap[..., None]


def _burn(rng: Rng, col: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Char one side of the piece (a quarter to nearly half of it) black-brown with a soft border."""
    ys, xs = np.nonzero(mask > 127)
    ang = rng.uniform(0, 2 * math.pi)
    proj = (np.mgrid[0:P, 0:P][1] - P / 2) * math.cos(ang) + (np.mgrid[0:P, 0:P][0] - P / 2) * math.sin(ang)
    vals = proj[ys, xs]
    cut = np.quantile(vals, 1 - rng.uniform(0.25, 0.48))
    soft = np.clip((proj - cut) / rng.uniform(10, 30) + 0.5, 0, 1).astype(np.float32)
    soft *= (1 + 0.25 * _noise(rng, mask.shape, (10, 10))).clip(0, 1.2)
    soft = np.clip(soft, 0, 1)
    char = np.array([18, 24, 34], np.float32) * (1 + 0.4 * _noise(rng, mask.shape, (25, 25)))[..., None]
    return col * (1 - soft[..., None]) + char * soft[..., None]


def _piece(
    rng: Rng, defect: str | None, shapes: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Colour, alpha (0..1) of one piece in a P×P patch; a loose broken-off part (colour, alpha) if any."""
    shape = str(rng.choice(shapes))
    mask, cuts = _shape_mask(rng, shape)
    col = _crust(rng, mask, shape)
    _paint_cuts(rng, col, mask, cuts)
    loose_col = loose = None
    if defect == "break":
        loose_src = col.copy()
        col, mask, loose = _break(rng, col, mask)
        if loose is not None:
            loose_col = loose_src
            face = cv2.morphologyEx(loose, cv2.MORPH_GRADIENT, np.ones((9, 9), np.uint8)) > 0
            loose_col[face] = _crumb(rng, mask.shape)[face]
    elif defect == "crack":
        col = _crack(rng, col, mask)
    elif defect == "burnt":
        col = _burn(rng, col, mask)
    alpha = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), 0.8)
    loose_a = None if loose is None else cv2.GaussianBlur(loose.astype(np.float32) / 255, (0, 0), 0.8)
    return col, alpha, loose_col, loose_a


def _place(
    bg: np.ndarray, col: np.ndarray, alpha: np.ndarray, m: np.ndarray, shadow: tuple[float, float, float]
) -> None:
    """Warp a patch into the photo with affine m, casting a soft shadow first."""
    h, w = bg.shape[:2]
    a = cv2.warpAffine(alpha, m, (w, h))
    c = cv2.warpAffine(col, m, (w, h))
    dx, dy, strength = shadow
    sm = cv2.warpAffine(a, np.float32([[1, 0, dx], [0, 1, dy]]), (w, h))
    sm = cv2.GaussianBlur(sm, (0, 0), 9)
    bg *= (1 - strength * sm)[..., None]
    bg[:] = bg * (1 - a[..., None]) + c * a[..., None]


def _crumbs(rng: Rng, img: np.ndarray) -> None:
    h, w = img.shape[:2]
    for _ in range(int(rng.integers(0, 25))):
        c = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
        col = (rng.uniform(90, 170), rng.uniform(130, 200), rng.uniform(170, 230))
        cv2.circle(img, c, int(rng.integers(1, 5)), col, -1, cv2.LINE_AA)


def _camera(rng: Rng, img: np.ndarray) -> np.ndarray:
    """Uneven light, vignetting, white balance, perspective tilt, blur, noise: the phone's part."""
    h, w = img.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    ramp = 1 + rng.uniform(0.05, 0.3) * ((xs / w - 0.5) * math.cos(ang) + (ys / h - 0.5) * math.sin(ang))
    r2 = ((xs - w / 2) / (w / 2)) ** 2 + ((ys - h / 2) / (h / 2)) ** 2
    vign = 1 - rng.uniform(0.1, 0.45) * r2 / 2
    img = img * (ramp * vign * rng.uniform(0.8, 1.25))[..., None]
    wb = rng.choice(["warm", "cold", "neutral"])
    gains = {"warm": [0.88, 0.98, 1.1], "cold": [1.1, 1.0, 0.9], "neutral": [1.0, 1.0, 1.0]}[str(wb)]
    img = img * (np.array(gains, np.float32) * rng.uniform(0.95, 1.05, 3))
    j = rng.uniform(0.02, 0.09) * min(w, h)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = src + rng.uniform(-j, j, (4, 2)).astype(np.float32)
    img = cv2.warpPerspective(img, cv2.getPerspectiveTransform(dst, src), (w, h), borderMode=cv2.BORDER_REFLECT)
    cx, cy = (w - W) // 2, (h - H) // 2
    img = img[cy : cy + H, cx : cx + W]
    length = int(rng.integers(1, 10))
    if length > 2:
        k = np.zeros((length, length), np.float32)
        a = rng.uniform(0, math.pi)
        c = (length - 1) / 2
        cv2.line(
            k,
            (int(c - c * math.cos(a)), int(c - c * math.sin(a))),
            (int(c + c * math.cos(a)), int(c + c * math.sin(a))),
            1.0,
            1,
        )
        img = cv2.filter2D(img, -1, k / k.sum())
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 1.2))
    img = img + rng.normal(0, rng.uniform(1.5, 6), img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def render(rng: Rng, defect: str | None, shapes: tuple[str, ...] = SHAPES) -> np.ndarray:
    """One 576 × 768 BGR photo of a whole piece (defect None) or one with the given defect."""
    h, w = int(H * 1.15), int(W * 1.15)  # drawn larger: the perspective tilt then crops without borders
    bg = _paper(rng, h, w) if rng.random() < 0.3 else _tray(rng, h, w)
    _crumbs(rng, bg)
    col, alpha, loose_col, loose_a = _piece(rng, defect, shapes)
    length = rng.uniform(0.42, 0.78) * W
    scale = length / (P * 0.75)
    centre = (w / 2 + rng.uniform(-0.17, 0.17) * W, h / 2 + rng.uniform(-0.17, 0.17) * H)
    ang = rng.uniform(0, 360)
    m = cv2.getRotationMatrix2D((P / 2, P / 2), ang, scale)
    m[:, 2] += np.array(centre) - P / 2
    sa = rng.uniform(0, 2 * math.pi)
    shadow = (math.cos(sa) * rng.uniform(4, 22), math.sin(sa) * rng.uniform(4, 22), rng.uniform(0.25, 0.6))
    if loose_col is not None and loose_a is not None:
        off = rng.uniform(0.12, 0.3) * length * np.array([math.cos(math.radians(-ang)), math.sin(math.radians(-ang))])
        off *= rng.choice([-1, 1])
        ml = cv2.getRotationMatrix2D((P / 2, P / 2), ang + rng.uniform(-40, 40), scale)
        ml[:, 2] += np.array(centre) - P / 2 + off
        _place(bg, loose_col, loose_a, ml, shadow)
    _place(bg, col, alpha, m, shadow)
    return _camera(rng, bg)


def _write(folder: Path, rng: Rng, n: int, seed: int, shapes: tuple[str, ...]) -> None:
    """n photos, a third defective (defect kinds DEFECT_P), into folder/ganz and folder/gebrochen."""
    n_bad = n // 3
    for cls in (OK_CLASS, DEFECT_CLASS):
        (folder / cls).mkdir(parents=True, exist_ok=True)
    kinds = [None] * (n - n_bad) + list(rng.choice(DEFECTS, n_bad, p=DEFECT_P))
    for i in rng.permutation(n):
        defect = kinds[i]
        img = render(rng, None if defect is None else str(defect), shapes)
        cls = OK_CLASS if defect is None else DEFECT_CLASS
        name = f"IMG_{seed}_{i:04d}.jpg"
        q = int(rng.integers(60, 91))
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
        assert ok
        (folder / cls / name).write_bytes(buf.tobytes())


def write_split(root: Path, n_train: int, n_test: int, seed: int, shapes: tuple[str, ...] = SHAPES) -> Path:
    """root/train and root/test, each with ganz/ and gebrochen/ (a third defective); returns root."""
    train_rng, test_rng = (np.random.default_rng([seed, part]) for part in (0, 1))
    _write(root / "train", train_rng, n_train, seed, shapes)
    _write(root / "test", test_rng, n_test, seed, shapes)
    (root / ".complete").write_text("ok")
    return root


def cached_split(base: Path, n_train: int, n_test: int, seed: int, shapes: tuple[str, ...] = SHAPES) -> Path:
    """A split generated once under base (regenerated only when incomplete)."""
    root = base / f"unabhaengig_v1_{seed}_{n_train}_{n_test}_{'-'.join(shapes)}"
    if not (root / ".complete").exists():
        write_split(root, n_train, n_test, seed, shapes)
    return root
