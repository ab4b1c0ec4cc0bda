"""Classical image features of a single-piece photo and the small model on them (scaler → PCA → logistic).

Features: grey image at 128 px; mean gradient magnitude and edge density on an 8×8 grid, a coarse grey
thumbnail, and a few rotation-free global statistics (gradient-orientation histogram, edge and crumb shares).
The fitted model is kept as plain arrays so it can be stored in a weights-only file.
"""

from __future__ import annotations

import cv2
import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

SIDE = 128
GRID = 8
THUMB = 16
N_COMPONENTS = 20
N_GRID_COLS = 2 * GRID * GRID + THUMB * THUMB  # the columns that go through the PCA
N_EDGE_COLS = 2 * GRID * GRID  # gradient and edge grid only: the plain baseline's whole input


def features(bgr: np.ndarray) -> np.ndarray:
    """One feature vector (float32) of a BGR photo: N_GRID_COLS grid/thumbnail columns, then global ones."""
    grey = cv2.cvtColor(cv2.resize(bgr, (SIDE, SIDE), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
    g = grey.astype(np.float32) / 255.0
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    mag = np.sqrt(gx * gx + gy * gy)
    edges = cv2.Canny(grey, 40, 120).astype(np.float32) / 255.0
    cell = SIDE // GRID
    grid_mag = mag.reshape(GRID, cell, GRID, cell).mean(axis=(1, 3)).ravel()
    grid_edge = edges.reshape(GRID, cell, GRID, cell).mean(axis=(1, 3)).ravel()
    thumb = cv2.resize(g, (THUMB, THUMB), interpolation=cv2.INTER_AREA).ravel()
    ang = np.arctan2(gy, gx) % np.pi
    hist, _ = np.histogram(ang, bins=9, range=(0, np.pi), weights=mag)
    hist = hist / (hist.sum() + 1e-6)
    hsv = cv2.cvtColor(cv2.resize(bgr, (SIDE, SIDE), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2HSV)
    fg = g > np.percentile(g, 60)  # the piece is brighter than the dark tray
    light = (hsv[..., 2] > 170) & (hsv[..., 1] < 110) & fg
    glob = np.array(
        [
            mag.mean(),
            mag[fg].mean() if fg.any() else 0.0,
            edges.mean(),
            edges[fg].mean() if fg.any() else 0.0,
            light.mean(),
            g.std(),
            fg.mean(),
        ],
        np.float32,
    )
    return np.concatenate([grid_mag, grid_edge, thumb, hist, glob, shape_features(bgr)]).astype(np.float32)


def piece_mask(bgr: np.ndarray) -> np.ndarray:
    """The piece (brighter and more saturated than the dark tray) as a uint8 mask at 256 px, largest parts only."""
    small = cv2.resize(bgr, (256, int(256 * bgr.shape[0] / bgr.shape[1])), interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB)
    light = cv2.GaussianBlur(lab[..., 0], (5, 5), 0)
    _, mask = cv2.threshold(light, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    n, lab_img, stats, _ = cv2.connectedComponentsWithStats(mask)
    if n <= 1:
        return mask
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = 1 + np.nonzero(areas >= 0.08 * areas.max())[0]
    return (np.isin(lab_img, keep) * 255).astype(np.uint8)


def shape_features(bgr: np.ndarray) -> np.ndarray:
    """Shape cues of a break: solidity, deepest dent, outline roughness, parts, dark gaps and pale crumb inside."""
    mask = piece_mask(bgr)
    cnts, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not cnts:
        return np.zeros(N_SHAPE, np.float32)
    pts = np.vstack(cnts)
    hull = cv2.convexHull(pts)
    area = float(mask.sum() / 255)
    hull_area = max(float(cv2.contourArea(hull)), 1.0)
    big = max(cnts, key=cv2.contourArea)
    perim = sum(cv2.arcLength(c, True) for c in cnts)
    dent = 0.0
    hull_idx = cv2.convexHull(big, returnPoints=False)
    if hull_idx is not None and len(hull_idx) > 3 and len(big) > 3:
        defects = cv2.convexityDefects(big, hull_idx)
        if defects is not None and len(defects):  # OpenCV ≥ 5.1 returns an empty array instead of None
            dent = float(defects.reshape(-1, 4)[:, 3].max()) / 256.0 / max(np.sqrt(hull_area), 1.0)
    hull_mask = np.zeros_like(mask)
    cv2.fillPoly(hull_mask, [hull], 255)
    small = cv2.resize(bgr, (mask.shape[1], mask.shape[0]), interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB).astype(np.float32)
    inside = mask > 0
    med_l = float(np.median(lab[..., 0][inside])) if inside.any() else 0.0
    pale = float(((lab[..., 0] > med_l + 25) & inside).sum() / max(area, 1.0))
    gaps = float(((hull_mask > 0) & ~inside).sum() / hull_area)
    eroded = cv2.erode(mask, np.ones((5, 5), np.uint8)) > 0
    dark_in = float(((lab[..., 0] < med_l * 0.55) & eroded).sum() / max(eroded.sum(), 1))
    return np.array(
        [area / hull_area, dent, perim / np.sqrt(4 * np.pi * hull_area), len(cnts), gaps, pale, dark_in], np.float32
    )


N_SHAPE = 7


def fit_classical(x: np.ndarray, y: np.ndarray, seed: int = 0, plain: bool = False) -> dict[str, np.ndarray]:
    """Fit scaler → PCA (≤ 20 components) → logistic regression on all features (class-balanced), or with
    `plain` on the gradient/edge grid only, unweighted: the few-line baseline that does well on real photos."""
    if plain:
        x = x[:, :N_EDGE_COLS]
    n_pca = N_EDGE_COLS if plain else N_GRID_COLS
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    k = int(min(N_COMPONENTS, len(x) - 1, n_pca))
    pca = PCA(n_components=k, random_state=seed).fit(xs[:, :n_pca])
    z = np.hstack([pca.transform(xs[:, :n_pca]), xs[:, n_pca:]])
    lr = LogisticRegression(C=1.0, class_weight=None if plain else "balanced", max_iter=2000).fit(z, y)
    coef = lr.coef_ if lr.coef_.shape[0] > 1 else np.vstack([-lr.coef_, lr.coef_]) / 2
    icpt = lr.intercept_ if lr.intercept_.shape[0] > 1 else np.concatenate([-lr.intercept_, lr.intercept_]) / 2
    full_coef = np.zeros((int(y.max()) + 1, z.shape[1]), np.float64)
    full_icpt = np.full(int(y.max()) + 1, -1e9)
    full_coef[lr.classes_] = coef
    full_icpt[lr.classes_] = icpt
    return {
        "mean": scaler.mean_,
        "scale": scaler.scale_,
        "pca_mean": pca.mean_,
        "components": pca.components_,
        "coef": full_coef,
        "intercept": full_icpt,
        "n_cols": np.array([x.shape[1], n_pca], np.float64),  # feature columns used, of which through the PCA
    }


def predict_classical(params: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """Class probabilities (n × classes) of feature rows under fitted arrays."""
    n_cols, n_pca = (int(v) for v in params["n_cols"]) if "n_cols" in params else (x.shape[1], N_GRID_COLS)
    xs = (x[:, :n_cols] - params["mean"]) / params["scale"]
    z = np.hstack([(xs[:, :n_pca] - params["pca_mean"]) @ params["components"].T, xs[:, n_pca:]])
    logits = z @ params["coef"].T + params["intercept"]
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    out: np.ndarray = p / p.sum(axis=1, keepdims=True)
    return out
