"""Synthetic "real-like" phone photos of one baked piece on a dark tray, whole or broken/cracked.

A piece (Brötchen, Brot, Croissant, Brezel) from `generator.render_piece` is optionally broken (a missing
chunk, a crack through the crust, or split in two with crumb showing), dropped with a shadow on a dark tray
with crumbs, then the photo gets a phone's tilt, uneven light, white balance, blur, noise and JPEG.
Two styles: `standard` (used for pretraining and tuning) and `verschoben` (other light, steeper angle,
other backgrounds; used only for evaluation, never for tuning).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
from pydantic import BaseModel

from tools.vision.generator import homography, paste, render_piece, smooth_noise

Style = Literal["standard", "verschoben", "station"]
Defect = Literal["bruch", "riss"]
VERSION = 2  # raise when the rendering changes: cached photo sets carry it in their folder name
CLASS_OK = "ganz"
CLASS_BROKEN = "gebrochen"
CRUMB_RGB = np.array((246, 234, 205), np.float32)


class StyleSpec(BaseModel):
    """What varies between the photo styles (ranges are uniform)."""

    tray_grey: tuple[float, float]
    tray_tint: tuple[float, float, float]
    backgrounds: tuple[str, ...]
    tilt: float
    light: tuple[float, float]
    wb_spread: float
    wb_bias: tuple[float, float, float]
    piece_frac: tuple[float, float]
    offcentre: float
    products: tuple[str, ...]
    flash_p: float


STYLES: dict[str, StyleSpec] = {
    "standard": StyleSpec(
        tray_grey=(22, 55),
        tray_tint=(1.0, 1.0, 1.06),
        backgrounds=("blech", "blech_gelocht"),
        tilt=0.08,
        light=(0.25, 0.55),
        wb_spread=0.08,
        wb_bias=(1.04, 1.0, 0.94),
        piece_frac=(0.6, 0.95),
        offcentre=0.08,
        products=("broetchen", "brot", "croissant"),
        flash_p=0.0,
    ),
    "verschoben": StyleSpec(
        tray_grey=(12, 40),
        tray_tint=(1.05, 1.0, 0.9),
        backgrounds=("holz_dunkel", "matte", "blech_emailliert"),
        tilt=0.16,
        light=(0.45, 0.85),
        wb_spread=0.14,
        wb_bias=(0.92, 1.02, 1.1),
        piece_frac=(0.5, 0.85),
        offcentre=0.16,
        products=("broetchen", "brot", "croissant"),
        flash_p=0.5,
    ),
    # one photo station: the same tray, light and framing every time, one product (never used for pretraining)
    "station": StyleSpec(
        tray_grey=(30, 36),
        tray_tint=(1.0, 1.0, 1.04),
        backgrounds=("blech",),
        tilt=0.02,
        light=(0.1, 0.15),
        wb_spread=0.02,
        wb_bias=(1.02, 1.0, 0.96),
        piece_frac=(0.7, 0.8),
        offcentre=0.02,
        products=("broetchen",),
        flash_p=0.0,
    ),
}


def _tray(rng: np.random.Generator, kind: str, spec: StyleSpec, w: int, h: int) -> np.ndarray:
    """A dark background (RGB float32): plain or perforated steel, enamel, dark wood or a silicone mat."""
    g = rng.uniform(*spec.tray_grey)
    bg: np.ndarray = np.full((h, w, 3), g, np.float32) * np.array(spec.tray_tint, np.float32)
    if kind == "blech_gelocht":
        step = max(4, int(w * rng.uniform(0.025, 0.04)))
        for y in range(step // 2, h, step):
            for x in range(step // 2 + (y // step % 2) * step // 2, w, step):
                cv2.circle(bg, (x, y), max(1, step // 5), (g * 0.4,) * 3, -1, cv2.LINE_AA)
    elif kind == "holz_dunkel":
        grain = np.sin(np.arange(h)[:, None] / rng.uniform(2, 5) + smooth_noise(rng, h, w, 30) * 4)
        bg = bg * np.array((1.35, 1.0, 0.75), np.float32) + grain[..., None] * g * 0.25
    elif kind == "matte":
        xx = np.arange(w)[None, :]
        yy = np.arange(h)[:, None]
        period = max(6, int(w * 0.05))
        bg += (((xx // period + yy // period) % 2) * g * 0.12)[..., None]
    elif kind == "blech_emailliert":
        bg = bg * np.array((0.8, 0.85, 1.25), np.float32)
    bg += smooth_noise(rng, h, w, max(2, w // 40))[..., None] * g * 0.12
    return bg


def _break(rgba: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Break a rendered piece: a missing chunk, a crack through the crust, or split in two."""
    mode = rng.choice(["chunk", "crack", "split", "halves"], p=[0.3, 0.25, 0.25, 0.2])
    size = rgba.shape[0]
    mask = rgba[..., 3] > 127
    ys, xs = np.nonzero(mask)
    cy, cx = float(ys.mean()), float(xs.mean())
    radius = float(max(xs.max() - xs.min(), ys.max() - ys.min())) / 2
    out = rgba.copy()
    if mode == "chunk":
        ang = rng.uniform(0, 2 * math.pi)
        dist = radius * rng.uniform(0.7, 1.0)
        r = radius * rng.uniform(0.4, 0.65)
        pts = [
            (
                cx + dist * math.cos(ang) + r * rng.uniform(0.7, 1.2) * math.cos(t),
                cy + dist * math.sin(ang) + r * rng.uniform(0.7, 1.2) * math.sin(t),
            )
            for t in np.linspace(0, 2 * math.pi, 9, endpoint=False)
        ]
        gone = np.zeros(mask.shape, np.uint8)
        cv2.fillPoly(gone, [np.array(pts, np.int32)], 1)
        return _expose_crumb(out, gone.astype(bool), rng)
    ang = rng.uniform(0, math.pi)
    n = 8
    line = [
        (
            cx + (k / (n - 1) - 0.5) * 2.4 * radius * math.cos(ang) + rng.normal(0, radius * 0.07),
            cy + (k / (n - 1) - 0.5) * 2.4 * radius * math.sin(ang) + rng.normal(0, radius * 0.07),
        )
        for k in range(n)
    ]
    wdt = max(2, int(radius * (rng.uniform(0.05, 0.1) if mode == "crack" else rng.uniform(0.08, 0.2))))
    gap = np.zeros(mask.shape, np.uint8)
    cv2.polylines(gap, [np.array(line, np.int32)], False, 1, wdt, cv2.LINE_AA)
    out = _expose_crumb(out, gap.astype(bool), rng, dark_gap=mode == "crack")
    if mode in ("split", "halves"):  # push (and for halves: turn) one half away from the line
        nx, ny = -math.sin(ang), math.cos(ang)
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
        side = ((xx - cx) * nx + (yy - cy) * ny) > 0
        shift = radius * (rng.uniform(0.06, 0.16) if mode == "split" else rng.uniform(0.2, 0.4))
        turn = rng.uniform(-25, 25) if mode == "halves" else 0.0
        half = out * side[..., None]
        m = cv2.getRotationMatrix2D((cx, cy), turn, 1.0).astype(np.float32)
        m[:, 2] += np.array([nx * shift, ny * shift], np.float32)
        moved = cv2.warpAffine(half, m, (size, size), borderValue=0)
        rest = out * (~side)[..., None]
        a = moved[..., 3:] / 255
        out = rest * (1 - a) + moved * a
        out[..., 3] = np.maximum(rest[..., 3], moved[..., 3])
    return out


def _expose_crumb(rgba: np.ndarray, gone: np.ndarray, rng: np.random.Generator, dark_gap: bool = False) -> np.ndarray:
    """Remove `gone` from the piece; the new edge shows light, porous crumb (a crack keeps a dark gap)."""
    out = rgba.copy()
    mask = out[..., 3] > 127
    keep = mask & ~gone
    rim_w = max(2, int(math.sqrt(mask.sum()) * rng.uniform(0.05, 0.11)))
    dist = cv2.distanceTransform((~gone).astype(np.uint8), cv2.DIST_L2, 5)
    rim = keep & (dist < rim_w)
    pores = (smooth_noise(rng, mask.shape[0], mask.shape[1], 2) > 0.35) * 0.35
    crumb = CRUMB_RGB * rng.uniform(0.8, 1.02) * (1 - pores)[..., None]
    t = np.clip(1 - dist / rim_w, 0, 1)[..., None] * rim[..., None]
    out[..., :3] = out[..., :3] * (1 - t) + crumb * t
    if dark_gap:
        out[..., :3] = np.where(gone[..., None] & mask[..., None], out[..., :3] * 0.15, out[..., :3])
    else:
        out[..., 3] = np.where(gone, 0, out[..., 3])
    out[..., 3] = cv2.GaussianBlur(out[..., 3], (0, 0), 0.8)
    return out


def _piece(rng: np.random.Generator, product: str, size: int, state: str = "ok") -> np.ndarray:
    """One piece as RGBA float32 (size×size) in a state of the tray renderer; `brot` is a stretched roll."""
    if product != "brot":
        return render_piece(rng, product, state, size)
    p = render_piece(rng, "broetchen", state, size)
    big = cv2.resize(p, None, fx=rng.uniform(1.3, 1.6), fy=1.0, interpolation=cv2.INTER_LINEAR)
    return _fit(big, size, rng)


def _fit(img: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Shrink a patch to fit in size×size and centre it on a transparent square."""
    h, w = img.shape[:2]
    f = size / max(h, w)
    small = cv2.resize(img, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    out = np.zeros((size, size, 4), np.float32)
    y0, x0 = (size - small.shape[0]) // 2, (size - small.shape[1]) // 2
    out[y0 : y0 + small.shape[0], x0 : x0 + small.shape[1]] = small
    m = cv2.getRotationMatrix2D((size / 2, size / 2), float(rng.uniform(0, 180)), 1.0)
    return cv2.warpAffine(out, m, (size, size), borderValue=0)


def _crumbs(
    img: np.ndarray,
    rng: np.random.Generator,
    n: int,
    centre: tuple[float, float] | None = None,
    spread: float = 0.0,
) -> None:
    """Scatter n small crumbs on the tray, or around `centre` within `spread` pixels (in place)."""
    h, w = img.shape[:2]
    for _ in range(n):
        if centre is None:
            x, y = int(rng.uniform(0, w)), int(rng.uniform(0, h))
        else:
            x, y = (int(c + v) for c, v in zip(centre, rng.uniform(-spread, spread, 2)))
        r = max(1, int(w * rng.uniform(0.002, 0.009)))
        col = (CRUMB_RGB * rng.uniform(0.55, 1.0)).tolist()
        axes = (r, max(1, int(r * rng.uniform(0.5, 1.0))))
        cv2.ellipse(img, (x, y), axes, rng.uniform(0, 180), 0, 360, col, -1, cv2.LINE_AA)


def generate_piece_photo(
    rng: np.random.Generator,
    broken: bool,
    style: Style = "standard",
    width: int = 576,
    height: int = 768,
    defect: Defect = "bruch",
) -> np.ndarray:
    """One phone-like photo (BGR uint8, height×width) of a single whole or broken piece on a dark tray.
    `defect="riss"` draws the tray renderer's crumb-filled crack instead (a defect never pretrained on)."""
    spec = STYLES[style]
    img = _tray(rng, str(rng.choice(spec.backgrounds)), spec, width, height)
    _crumbs(img, rng, int(rng.integers(0, 25)))
    size = int(min(width, height) * rng.uniform(*spec.piece_frac))
    patch = _piece(rng, str(rng.choice(spec.products)), size, "gerissen" if broken and defect == "riss" else "ok")
    if broken and defect == "bruch":
        patch = _break(patch, rng)

    cx = width / 2 + rng.uniform(-spec.offcentre, spec.offcentre) * width
    cy = height / 2 + rng.uniform(-spec.offcentre, spec.offcentre) * height
    x0, y0 = int(cx - size / 2), int(cy - size / 2)
    if broken and rng.random() < 0.5:  # breaking sheds crumbs next to the piece
        _crumbs(img, rng, int(rng.integers(2, 10)), centre=(cx, cy), spread=size * 0.45)
    alpha = patch[..., 3] / 255
    shadow = cv2.GaussianBlur(alpha, (0, 0), size * 0.05)
    sx, sy = (int(v * size) for v in rng.uniform(-0.06, 0.06, 2))
    paste(img, np.dstack([np.zeros((size, size, 3), np.float32), shadow * 0.75]), x0 + sx, y0 + sy)
    paste(img, np.dstack([patch[..., :3], alpha]), x0, y0)
    if rng.random() < 0.5:
        _crumbs(img, rng, int(rng.integers(0, 8)))
    img = cv2.warpPerspective(img, homography(width, height, rng, spec.tilt), (width, height), borderMode=1)
    img = _light(img, rng, spec)
    return _camera(img, rng)


def _light(img: np.ndarray, rng: np.random.Generator, spec: StyleSpec) -> np.ndarray:
    """Uneven light (a gradient and a vignette), an optional flash spot, exposure and white balance."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    grad = ((xx / w - 0.5) * math.cos(ang) + (yy / h - 0.5) * math.sin(ang)) * rng.uniform(*spec.light)
    vign = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * rng.uniform(0.2, 0.8)
    gain = np.clip(1 + grad - vign, 0.3, 1.8)
    if rng.random() < spec.flash_p:
        fx, fy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
        gain = gain + 0.5 * np.exp(-((xx - fx) ** 2 + (yy - fy) ** 2) / (2 * (0.15 * w) ** 2))
    wb = np.array(spec.wb_bias, np.float32) * rng.uniform(1 - spec.wb_spread, 1 + spec.wb_spread, 3)
    out: np.ndarray = img * gain[..., None] * wb * rng.uniform(0.75, 1.25)
    return out


def _camera(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Blur (focus or shake), sensor noise and JPEG compression; returns BGR uint8."""
    if rng.random() < 0.5:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 1.6))
    elif rng.random() < 0.4:
        k = int(rng.integers(3, 8))
        kern = np.zeros((k, k), np.float32)
        kern[k // 2, :] = 1 / k
        m = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), rng.uniform(0, 180), 1.0)
        img = cv2.filter2D(img, -1, cv2.warpAffine(kern, m, (k, k)))
    img = img + rng.normal(0, rng.uniform(1, 5), img.shape).astype(np.float32)
    bgr = np.clip(img, 0, 255).astype(np.uint8)[..., ::-1]
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(65, 95))])
    dec = cv2.imdecode(buf, cv2.IMREAD_COLOR) if ok else None
    return bgr if dec is None else np.asarray(dec)


def write_piece_set(
    out: Path,
    n_ok: int,
    n_broken: int,
    seed: int,
    style: Style = "standard",
    width: int = 576,
    height: int = 768,
    defect: Defect = "bruch",
) -> Path:
    """Write `out/ganz/*.jpg` and `out/gebrochen/*.jpg` (`gerissen/` for cracks), like a user's folder."""
    rng = np.random.default_rng(seed)
    bad = CLASS_BROKEN if defect == "bruch" else "gerissen"
    for cls, n in ((CLASS_OK, n_ok), (bad, n_broken)):
        (out / cls).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            img = generate_piece_photo(rng, cls == bad, style, width, height, defect)
            cv2.imwrite(str(out / cls / f"{style}_{seed}_{i:04d}.jpg"), img)
    return out
