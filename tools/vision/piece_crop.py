"""Piece-aware features of a single-piece photo: the piece is cut out from the tray or paper first, then its
shape, dark gaps inside it, burnt share and crust texture are measured on a close crop.

Segmentation: colour distance (Lab) from the photo's border colour, Otsu threshold, the largest part (parts
touching the photo's edge count less: tray rims, table), holes filled. When that fails (nothing found, or
nearly the whole photo), the whole photo is the "piece" and the feature `seg_ok` is 0.
"""

from __future__ import annotations

import cv2
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

SEG_SIDE = 256  # width the photo is segmented at
CROP_SIDE = 320  # longer side of the piece's crop the interior features are measured at (thin cracks stay visible)
MARGIN = 0.08
C_REG = 0.3  # logistic regression's inverse regularisation (picked by CV on training photos only)
MIN_AREA, MAX_AREA = 0.015, 0.8  # share of the photo a plausible piece covers
EDGE_PENALTY = 0.3  # a part touching the photo's edge counts with this share of its area
SECTORS = 8  # pie sectors around the piece's centre for one-sided changes
WEAK = 0.4  # share of the Otsu threshold a pixel next to the piece must differ by to join it
EXTRA_PART = 0.08  # further parts at least this share of the largest (a broken-off piece lying nearby)


def _background(lab: np.ndarray) -> np.ndarray:
    """Median Lab colour of the photo's outer frame (6 % of each side)."""
    h, w = lab.shape[:2]
    b = max(2, int(0.06 * min(h, w)))
    frame = np.concatenate([lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3)])
    frame = np.concatenate([frame, lab[:, -b:].reshape(-1, 3)])
    out: np.ndarray = np.median(frame, axis=0)
    return out


def _fill(mask: np.ndarray) -> np.ndarray:
    """The mask with every hole inside its outer contours filled."""
    cnts, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    out = np.zeros_like(mask)
    cv2.drawContours(out, cnts, -1, 255, -1)
    return out


def segment(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """(main part, all parts, ok) as uint8 masks at SEG_SIDE width; not ok → both masks cover the whole photo."""
    h0, w0 = bgr.shape[:2]
    small = cv2.resize(bgr, (SEG_SIDE, max(8, round(SEG_SIDE * h0 / w0))), interpolation=cv2.INTER_AREA)
    lab = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2LAB).astype(np.float32), (5, 5), 0)
    diff = (lab - _background(lab)) * np.array([0.5, 2.0, 2.0], np.float32)
    dist = np.sqrt((diff * diff).sum(-1))
    dist8 = np.clip(dist / max(float(dist.max()), 1e-6) * 255, 0, 255).astype(np.uint8)
    otsu, mask = cv2.threshold(dist8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
    n, lab_img, stats, _ = cv2.connectedComponentsWithStats(mask)
    full = np.full(mask.shape, 255, np.uint8)
    if n <= 1:
        return full, full, False
    hh, ww = mask.shape
    x, y, bw, bh, area = (stats[1:, i] for i in range(5))
    edge = (x == 0) | (y == 0) | (x + bw >= ww) | (y + bh >= hh)
    weight = area * np.where(edge, EDGE_PENALTY, 1.0)
    main = int(np.argmax(weight))
    keep = [i for i in range(n - 1) if i == main or (not edge[i] and area[i] >= EXTRA_PART * area[main])]
    main_mask = _fill(((lab_img == main + 1) * 255).astype(np.uint8))
    grown = _grow(main_mask, dist8 > WEAK * otsu)
    all_mask = _fill(((np.isin(lab_img, [k + 1 for k in keep]) | (grown > 0)) * 255).astype(np.uint8))
    share = float((all_mask > 0).mean())
    if not MIN_AREA <= share <= MAX_AREA:
        return full, full, False
    return grown, all_mask, True


def _grow(main: np.ndarray, weak: np.ndarray) -> np.ndarray:
    """The main part grown into weakly different pixels next to it (a charred end is nearly as dark as the
    tray): weak parts touching it, within a band of a quarter of its size, holes filled."""
    reach = max(3, int(0.25 * np.sqrt(max(int((main > 0).sum()), 1)))) | 1
    band = cv2.dilate(main, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach))) > 0
    cand = cv2.morphologyEx(((weak & band) | (main > 0)).astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    _, lab_img = cv2.connectedComponents(cand)
    touching = np.unique(lab_img[(main > 0) & (lab_img > 0)])
    grown = (np.isin(lab_img, touching) * 255).astype(np.uint8)
    return _fill(grown) if grown.any() else main


def _shape(main: np.ndarray, parts: np.ndarray, ok: bool) -> list[float]:
    """Solidity, convexity-defect depths, roundness, eccentricity, extent, loose parts, size."""
    cnts, _ = cv2.findContours(main, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    big = max(cnts, key=cv2.contourArea)
    area = max(float(cv2.contourArea(big)), 1.0)
    hull = cv2.convexHull(big)
    hull_area = max(float(cv2.contourArea(hull)), 1.0)
    scale = np.sqrt(hull_area)
    depths = np.zeros(1)
    idx = cv2.convexHull(big, returnPoints=False)
    if idx is not None and len(idx) > 3 and len(big) > 3:
        try:
            d = cv2.convexityDefects(big, idx)
        except cv2.error:  # self-intersecting hull indices on odd contours: no defects then
            d = None
        if d is not None and len(d):  # OpenCV ≥ 5.1 returns an empty array instead of None
            depths = d.reshape(-1, 4)[:, 3] / 256.0 / scale
    perim = cv2.arcLength(big, True)
    m = cv2.moments(big)
    cov = np.array([[m["mu20"], m["mu11"]], [m["mu11"], m["mu02"]]]) / max(m["m00"], 1.0)
    ev = np.sort(np.linalg.eigvalsh(cov))
    ecc = float(np.sqrt(max(0.0, 1 - ev[0] / max(ev[1], 1e-9))))
    (_, _), (rw, rh), _ = cv2.minAreaRect(big)
    n_parts = cv2.connectedComponents(parts)[0] - 1
    smooth = cv2.approxPolyDP(big, 0.01 * perim, True)
    return (
        [float(ok), float((parts > 0).mean())]
        + _ellipse_fit(big, area, scale)
        + [
            area / hull_area,
            float(depths.max()),
            float(depths[depths > 0.02].sum()),
            float((depths > 0.05).sum()),
            perim * perim / (4 * np.pi * area),
            ecc,
            area / max(rw * rh, 1.0),
            float(max(n_parts - 1, 0)),
            float((parts > 0).sum() - (main > 0).sum()) / area,
            perim / max(cv2.arcLength(smooth, True), 1.0),
        ]
    )


def _ellipse_fit(big: np.ndarray, area: float, scale: float) -> list[float]:
    """How far the outline departs from its fitted ellipse (a roll or loaf with a chunk broken off):
    area ratio and the largest inward and outward distance relative to the piece's size."""
    if len(big) < 6:
        return [1.0, 0.0, 0.0]
    (cx, cy), (a, b), ang = cv2.fitEllipse(big)
    if min(a, b) < 1:
        return [1.0, 0.0, 0.0]
    pts = big.reshape(-1, 2).astype(np.float64) - (cx, cy)
    t = np.radians(ang)
    u = pts[:, 0] * np.cos(t) + pts[:, 1] * np.sin(t)
    v = -pts[:, 0] * np.sin(t) + pts[:, 1] * np.cos(t)
    r = np.sqrt((u / (a / 2)) ** 2 + (v / (b / 2)) ** 2)  # 1 on the ellipse
    rad = np.hypot(u, v)
    dist = (r - 1) * rad / np.maximum(r, 1e-6) / scale
    return [area / (np.pi * a * b / 4), float(-dist.min()), float(dist.max())]


def _crop(bgr: np.ndarray, parts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The photo and mask cut to the parts' bounding box plus margin, longer side CROP_SIDE."""
    f = bgr.shape[1] / parts.shape[1]
    ys, xs = np.nonzero(parts)
    x0, x1, y0, y1 = xs.min() * f, (xs.max() + 1) * f, ys.min() * f, (ys.max() + 1) * f
    m = MARGIN * max(x1 - x0, y1 - y0)
    h, w = bgr.shape[:2]
    xa, xb = int(max(0, x0 - m)), int(min(w, x1 + m))
    ya, yb = int(max(0, y0 - m)), int(min(h, y1 + m))
    s = CROP_SIDE / max(xb - xa, yb - ya)
    size = (max(8, round((xb - xa) * s)), max(8, round((yb - ya) * s)))
    crop = cv2.resize(bgr[ya:yb, xa:xb], size, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    big_mask = cv2.resize(parts, (w, h), interpolation=cv2.INTER_NEAREST)[ya:yb, xa:xb]
    return crop, cv2.resize(big_mask, size, interpolation=cv2.INTER_NEAREST)


def _share(mask: np.ndarray, within: np.ndarray) -> float:
    return float((mask & within).sum() / max(int(within.sum()), 1))


def _interior(crop: np.ndarray, mask: np.ndarray) -> list[float]:
    """Dark thin gaps (black-hat), burnt and pale shares relative to the piece's own median, crust texture."""
    lab = cv2.cvtColor(crop, cv2.COLOR_BGR2LAB).astype(np.float32)
    light = lab[..., 0]
    inside = mask > 0
    if inside.sum() < 50:
        inside = np.ones_like(inside)
    side = max(crop.shape[:2])
    k = max(3, int(0.035 * side)) | 1
    core = cv2.erode(inside.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))) > 0
    if core.sum() < 30:
        core = inside
    med = max(float(np.median(light[inside])), 1.0)
    rel = light / med
    out: list[float] = []
    for size in (7, 15):
        ker = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
        bh = cv2.morphologyEx(light, cv2.MORPH_BLACKHAT, ker) / med
        vals = bh[core]
        out += [float(vals.mean()), float(np.percentile(vals, 95)), float(np.percentile(vals, 99))]
        out += [float((vals > 0.25).mean()), float((vals > 0.45).mean())]
    bh = cv2.morphologyEx(light, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))) / med
    gap = ((bh > 0.35) & core).astype(np.uint8)
    out += _longest(gap, inside)
    dark = rel < 0.5
    pale = rel > 1.25
    rim = cv2.dilate(gap, np.ones((5, 5), np.uint8)) > 0
    out += [
        _share(dark, inside),
        _share(rel < 0.35, inside),
        _share(dark, core),
        _share(pale, inside),
        _share(pale & rim, inside),
    ]
    out += [float(v) for v in np.percentile(rel[inside], [5, 10, 25, 75, 95])] + [float(rel[inside].std())]
    out += _texture(light / med, crop, core)
    return out + _sectors(rel, inside)


def _sectors(rel: np.ndarray, inside: np.ndarray, n: int = SECTORS) -> list[float]:
    """One-sided changes (a burnt side, a pale break face): mean brightness and dark/pale shares in n pie
    sectors around the piece's centre, in its whole area and its outer band, as rotation-free order statistics."""
    ys, xs = np.nonzero(inside)
    ang = np.arctan2(ys - ys.mean(), xs - xs.mean())
    sec = ((ang + np.pi) / (2 * np.pi) * n).astype(int) % n
    vals = rel[ys, xs]
    k = max(3, int(0.05 * max(rel.shape))) | 1
    inner = cv2.erode(inside.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))) > 0
    band = ~inner[ys, xs]
    out: list[float] = []
    for sel in (np.ones_like(band), band):
        means = np.array([vals[(sec == i) & sel].mean() if ((sec == i) & sel).any() else 1.0 for i in range(n)])
        dark = np.array([(vals[(sec == i) & sel] < 0.55).mean() if ((sec == i) & sel).any() else 0.0 for i in range(n)])
        pale = np.array([(vals[(sec == i) & sel] > 1.2).mean() if ((sec == i) & sel).any() else 0.0 for i in range(n)])
        mid = float(np.median(means))
        out += [float(means.min()) - mid, float(means.max()) - mid, float(dark.max()), float(pale.max())]
        out += [float(np.sort(dark)[-2]), float(np.sort(pale)[-2]) - float(np.median(pale))]
    return out


def _longest(gap: np.ndarray, inside: np.ndarray) -> list[float]:
    """Length of the longest dark gap relative to the piece's longer side, and the number of long gaps."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(gap)
    ys, xs = np.nonzero(inside)
    span = max(float(max(xs.max() - xs.min(), ys.max() - ys.min())), 1.0) if len(xs) else 1.0
    if n <= 1:
        return [0.0, 0.0]
    lengths = np.hypot(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]) / span
    return [float(lengths.max()), float((lengths > 0.25).sum())]


def _texture(rel: np.ndarray, crop: np.ndarray, core: np.ndarray) -> list[float]:
    """Gradient and edge statistics inside the piece, orientation spread, and the sharpness of its outline."""
    gx = cv2.Sobel(rel, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(rel, cv2.CV_32F, 0, 1, ksize=3)
    mag = np.sqrt(gx * gx + gy * gy)
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    edges = cv2.Canny(grey, 40, 120) > 0
    ang = np.arctan2(gy[core], gx[core]) % np.pi
    hist, _ = np.histogram(ang, bins=8, range=(0, np.pi), weights=mag[core])
    p = hist / max(float(hist.sum()), 1e-9)
    entropy = float(-(p[p > 0] * np.log(p[p > 0])).sum())
    vals = mag[core]
    return [float(vals.mean()), float(np.percentile(vals, 90)), _share(edges, core), entropy, float(p.max())]


SHAPE_NAMES = (
    "seg_ok",
    "area_share",
    "ellipse_area",
    "ellipse_in",
    "ellipse_out",
    "solidity",
    "dent_max",
    "dent_sum",
    "dents",
    "roundness",
    "eccentricity",
    "extent",
    "loose_parts",
    "loose_area",
    "outline_rough",
    "ring_dark",
    "ring_dark_max",
)
FEATURE_NAMES = (
    SHAPE_NAMES
    + tuple(f"blackhat{k}_{s}" for k in (7, 15) for s in ("mean", "p95", "p99", "s25", "s45"))
    + ("gap_length", "long_gaps", "dark_share", "burnt_share", "dark_core", "pale_share", "pale_rim")
    + ("rel_p5", "rel_p10", "rel_p25", "rel_p75", "rel_p95", "rel_std")
    + ("grad_mean", "grad_p90", "edge_share", "orient_entropy", "orient_max")
    + tuple(f"sector_{w}_{s}" for w in ("all", "band") for s in ("min", "max", "dark", "pale", "dark2", "pale2"))
)
N_CROP = len(FEATURE_NAMES)


def _ring_dark(bgr: np.ndarray, main: np.ndarray, n: int = SECTORS) -> list[float]:
    """A charred end nearly as dark as the tray is left out of the mask: the share of clearly darker-than-tray
    pixels in a ring beyond the piece's shadow (8–30 % of its size), overall and in its darkest sector."""
    small = cv2.resize(bgr, (main.shape[1], main.shape[0]), interpolation=cv2.INTER_AREA)
    light = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2LAB)[..., 0].astype(np.float32), (5, 5), 0)
    size = np.sqrt(max(int((main > 0).sum()), 1))
    near, far = (
        cv2.dilate(main, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (r, r))) > 0
        for r in (max(3, int(0.16 * size)) | 1, max(5, int(0.6 * size)) | 1)
    )
    ring = far & ~near
    if not ring.any():
        return [0.0, 0.0]
    bg = float(np.median(light[ring]))  # the tray around the piece
    dark = light < 0.7 * bg
    ys, xs = np.nonzero(ring)
    cy, cx = np.nonzero(main)
    sec = ((np.arctan2(ys - cy.mean(), xs - cx.mean()) + np.pi) / (2 * np.pi) * n).astype(int) % n
    vals = dark[ys, xs]
    per = [float(vals[sec == i].mean()) if (sec == i).any() else 0.0 for i in range(n)]
    return [float(vals.mean()), max(per)]


def crop_features(bgr: np.ndarray) -> np.ndarray:
    """The piece-aware feature vector (N_CROP float32 values) of a BGR photo."""
    main, parts, ok = segment(bgr)
    shape = _shape(main, parts, ok) + _ring_dark(bgr, main)
    crop, mask = _crop(bgr, parts)
    return np.array(shape + _interior(crop, mask), np.float32)


def fit_crop(x: np.ndarray, y: np.ndarray, c: float = C_REG) -> dict[str, np.ndarray]:
    """Scaler → class-balanced logistic regression (inverse regularisation c) on crop features, as plain arrays
    in the layout `piece_features.predict_classical` reads (no principal components)."""
    scaler = StandardScaler().fit(x)
    lr = LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(scaler.transform(x), y)
    n_classes = int(y.max()) + 1
    coef = lr.coef_ if lr.coef_.shape[0] > 1 else np.vstack([-lr.coef_, lr.coef_]) / 2
    icpt = lr.intercept_ if lr.intercept_.shape[0] > 1 else np.concatenate([-lr.intercept_, lr.intercept_]) / 2
    full_coef = np.zeros((n_classes, x.shape[1]), np.float64)
    full_icpt = np.full(n_classes, -1e9)
    full_coef[lr.classes_] = coef
    full_icpt[lr.classes_] = icpt
    return {
        "mean": scaler.mean_,
        "scale": np.where(scaler.scale_ > 0, scaler.scale_, 1.0),
        "pca_mean": np.zeros(0),
        "components": np.zeros((0, 0)),
        "coef": full_coef,
        "intercept": full_icpt,
        "n_cols": np.array([x.shape[1], 0], np.float64),
    }
