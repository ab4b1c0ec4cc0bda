"""Synthetic tray photos of Brötchen, Brezeln and Croissants with YOLO box labels.

Each piece is rendered procedurally (shape, crust colour, shading, texture, scoring cut, salt,
croissant segments), given a quality state (ok, verbrannt, zu_hell, deformiert, gerissen),
rotated, dropped with a shadow on a baking tray, baking paper, conveyor belt or wooden board,
then the whole photo gets a camera tilt (perspective), uneven light, colour cast, blur, noise
and JPEG compression. Boxes follow the perspective exactly (transformed mask points).
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
from pydantic import BaseModel

from tools.vision.classes import CLASS_ID, CLASS_NAMES, DEFECTS, PRODUCTS

DEFECT_P = {"ok": 0.44, "verbrannt": 0.14, "zu_hell": 0.14, "deformiert": 0.14, "gerissen": 0.14}


class Piece(BaseModel):
    """One labelled piece: class name and box in pixels (x1, y1, x2, y2)."""

    cls: str
    box: tuple[float, float, float, float]


class TrayImage(BaseModel):
    """A generated photo's labels (the pixels are returned separately)."""

    width: int
    height: int
    background: str
    pieces: list[Piece]


def smooth_noise(rng: np.random.Generator, h: int, w: int, scale: int) -> np.ndarray:
    """Low-frequency noise in [-1, 1] of shape (h, w)."""
    small = rng.uniform(-1, 1, (max(2, h // scale), max(2, w // scale))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).clip(-1, 1)


def _crust_color(rng: np.random.Generator, product: str) -> np.ndarray:
    """A normal crust colour (RGB, 0..255) of a well-baked piece."""
    base = {"broetchen": (205, 145, 75), "brezel": (130, 68, 28), "croissant": (215, 140, 55)}[product]
    f = rng.uniform(0.88, 1.1)
    jitter = rng.normal(0, 6, 3)
    return np.clip(np.array(base, np.float32) * f + jitter, 0, 255)


def _catmull_rom(pts: np.ndarray, n: int = 24) -> np.ndarray:
    """A smooth curve through the control points."""
    p = np.vstack([pts[0], pts, pts[-1]])
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        for t in np.linspace(0, 1, n, endpoint=False):
            t2, t3 = t * t, t * t * t
            out.append(
                0.5
                * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3)
            )
    out.append(p[-2])
    return np.array(out)


def _shade(mask: np.ndarray, color: np.ndarray, rng: np.random.Generator, light: tuple[float, float]) -> np.ndarray:
    """Colour a mask with a domed shading, a light-side highlight and a crust texture."""
    h, w = mask.shape
    dist = cv2.distanceTransform((mask > 0.5).astype(np.uint8), cv2.DIST_L2, 5)
    dome = np.sqrt(np.clip(dist / (dist.max() + 1e-6), 0, 1))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    side = (xx / w - 0.5) * light[0] + (yy / h - 0.5) * light[1]
    tex = smooth_noise(rng, h, w, 6) * 0.07 + smooth_noise(rng, h, w, 2) * 0.05
    shade = (0.62 + 0.45 * dome + 0.25 * side * dome + tex)[..., None]
    return np.clip(color[None, None, :] * shade, 0, 255)


def _render_broetchen(rng: np.random.Generator, r: int) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Mask, crust colour image and cut lines of a Brötchen on an r×r canvas."""
    mask = np.zeros((r, r), np.float32)
    ax = (int(r * rng.uniform(0.34, 0.42)), int(r * rng.uniform(0.27, 0.34)))
    cv2.ellipse(mask, (r // 2, r // 2), ax, 0, 0, 360, 1.0, -1, cv2.LINE_AA)
    cuts = []
    n_cuts = rng.choice([1, 1, 1, 2, 3])
    for k in range(n_cuts):
        off = (k - (n_cuts - 1) / 2) * ax[1] * 0.45
        x1, x2 = r / 2 - ax[0] * 0.6, r / 2 + ax[0] * 0.6
        cuts.append(np.array([[x1, r / 2 + off], [r / 2, r / 2 + off + rng.uniform(-3, 3)], [x2, r / 2 + off]]))
    return mask, cuts, []


def _render_brezel(rng: np.random.Generator, r: int) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Mask of a Laugenbrezel (spline stroke with a thick belly and thin arms)."""
    ctrl: np.ndarray = np.array(
        [
            (-0.28, 0.52),
            (-0.08, 0.18),
            (0.25, -0.15),
            (0.55, -0.42),
            (0.83, -0.28),
            (0.9, 0.1),
            (0.68, 0.48),
            (0.3, 0.66),
            (0.0, 0.7),
            (-0.3, 0.66),
            (-0.68, 0.48),
            (-0.9, 0.1),
            (-0.83, -0.28),
            (-0.55, -0.42),
            (-0.25, -0.15),
            (0.08, 0.18),
            (0.28, 0.52),
        ],
        np.float32,
    )
    ctrl = ctrl + rng.normal(0, 0.025, ctrl.shape)
    curve = _catmull_rom(ctrl, 20)
    t = np.linspace(0, 1, len(curve))
    thick = 0.07 + 0.1 * np.sin(np.pi * t) ** 2 * rng.uniform(0.9, 1.15)
    mask = np.zeros((r, r), np.float32)
    scale = r * 0.37
    c = r / 2
    for (x, y), th in zip(curve, thick):
        cv2.circle(
            mask,
            (int(c + x * scale), int(c + y * scale * 0.95 - r * 0.06)),
            max(2, int(th * scale)),
            1.0,
            -1,
            cv2.LINE_AA,
        )
    belly = curve[int(len(curve) * 0.4) : int(len(curve) * 0.6)]
    cut = np.column_stack([c + belly[:, 0] * scale, c + belly[:, 1] * scale * 0.95 - r * 0.06 + 1])
    return mask, [cut], []


def _render_croissant(rng: np.random.Generator, r: int) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Mask of a croissant: 5–7 segments along an arc, biggest in the middle."""
    mask: np.ndarray = np.zeros((r, r), np.float32)
    n = int(rng.integers(5, 8))
    bend = rng.uniform(0.55, 1.0)
    rad = r * 0.3 / max(bend, 0.6)
    cx, cy = r / 2, r / 2 + rad * 0.55
    ridges = []
    order = sorted(range(n), key=lambda i: -abs(i - (n - 1) / 2))
    for i in order:
        u = (i / (n - 1)) * 2 - 1
        ang = -math.pi / 2 + u * bend * 1.2
        size = 1 - 0.5 * abs(u) ** 1.5
        px, py = cx + rad * math.cos(ang), cy + rad * math.sin(ang) * 0.8
        axes = (max(2, int(r * 0.15 * size)), max(2, int(r * 0.22 * size)))
        cv2.ellipse(mask, (int(px), int(py)), axes, math.degrees(ang) + 90, 0, 360, 1.0, -1, cv2.LINE_AA)
        for side in (-1, 1):
            ex, ey = (
                px + side * axes[0] * 0.8 * math.cos(ang + math.pi / 2),
                py + side * axes[0] * 0.8 * math.sin(ang + math.pi / 2),
            )
            ridges.append(
                np.array(
                    [
                        [ex - axes[1] * 0.8 * math.cos(ang), ey - axes[1] * 0.8 * math.sin(ang)],
                        [ex + axes[1] * 0.8 * math.cos(ang), ey + axes[1] * 0.8 * math.sin(ang)],
                    ]
                )
            )
    ys, xs = np.nonzero(mask > 0.5)
    shift = (r / 2 - (ys.min() + ys.max()) / 2, r / 2 - (xs.min() + xs.max()) / 2)
    m = np.array([[1, 0, shift[1]], [0, 1, shift[0]]], np.float32)
    mask = cv2.warpAffine(mask, m, (r, r))
    ridges = [rg + np.array([shift[1], shift[0]]) for rg in ridges]
    return mask, [], ridges


def _warp(img: np.ndarray, rng: np.random.Generator, amp: float, squash: float) -> np.ndarray:
    """Smooth random displacement (amp = fraction of size) and an anisotropic squash."""
    h, w = img.shape[:2]
    dx = smooth_noise(rng, h, w, max(2, w // 3)) * amp * w
    dy = smooth_noise(rng, h, w, max(2, w // 3)) * amp * h
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    grow = min(1 / squash, 1.1)
    mx = (xx - w / 2) / squash + w / 2 + dx
    my = (yy - h / 2) / grow + h / 2 + dy
    return cv2.remap(img, mx.astype(np.float32), my.astype(np.float32), cv2.INTER_LINEAR, borderValue=0)


def render_piece(rng: np.random.Generator, product: str, defect: str, size: int) -> np.ndarray:
    """An RGBA float32 patch (size×size) of one piece in the given quality state."""
    r = size * 2
    light = (rng.uniform(-1, 1), rng.uniform(-1, 1))
    render = {"broetchen": _render_broetchen, "brezel": _render_brezel, "croissant": _render_croissant}[product]
    mask, cuts, ridges = render(rng, r)
    color = _crust_color(rng, product)
    if defect == "zu_hell":
        pale = np.array((236, 212, 160), np.float32) + rng.normal(0, 5, 3)
        color = color * (1 - (a := rng.uniform(0.6, 0.85))) + pale * a
    rgb = _shade(mask, color, rng, light)
    crumb = np.array((238, 218, 175), np.float32)
    if product == "broetchen":
        for cut in cuts:
            pts = _catmull_rom(cut, 8).astype(np.int32)
            cut_col = color * 0.5 + crumb * 0.5
            cv2.polylines(rgb, [pts], False, (cut_col * 0.85).tolist(), max(2, r // 22), cv2.LINE_AA)
            cv2.polylines(rgb, [pts], False, cut_col.tolist(), max(1, r // 40), cv2.LINE_AA)
    elif product == "brezel":
        for cut in cuts:
            cv2.polylines(
                rgb, [cut.astype(np.int32)], False, (color * 1.7).clip(0, 255).tolist(), max(2, r // 22), cv2.LINE_AA
            )
        ys, xs = np.nonzero(mask > 0.8)
        for j in rng.choice(len(ys), size=min(len(ys), int(rng.integers(8, 25))), replace=False):
            cv2.circle(rgb, (int(xs[j]), int(ys[j])), max(1, r // 60), (245, 245, 240), -1)
    else:
        for rg in ridges:
            cv2.polylines(rgb, [rg.astype(np.int32)], False, (color * 0.62).tolist(), max(1, r // 45), cv2.LINE_AA)
    if defect == "verbrannt":
        dark = rng.uniform(0.22, 0.45)
        patch = (smooth_noise(rng, r, r, r // 4) * 0.5 + 0.5)[..., None]
        rgb = rgb * (dark + (1 - dark) * 0.35 * patch)
        rgb = rgb * 0.85 + np.array((25, 15, 8), np.float32) * 0.15
    if defect == "gerissen":
        ys, xs = np.nonzero(mask > 0.9)
        cy, cx = ys.mean(), xs.mean()
        span = (xs.max() - xs.min()) * rng.uniform(0.55, 0.85)
        for _ in range(int(rng.integers(1, 3))):
            ang = rng.uniform(0, math.pi)
            n = 6
            crack_pts: list[tuple[float, float]] = []
            for k in range(n):
                u = (k / (n - 1) - 0.5) * span
                crack_pts.append(
                    (cx + u * math.cos(ang) + rng.normal(0, r * 0.04), cy + u * math.sin(ang) + rng.normal(0, r * 0.04))
                )
            pts_a = np.array(crack_pts, np.int32)
            wdt = max(3, int(r * rng.uniform(0.06, 0.1)))
            crack = np.zeros((r, r), np.float32)
            cv2.polylines(crack, [pts_a], False, 1.0, wdt, cv2.LINE_AA)
            edge = cv2.GaussianBlur(crack, (0, 0), wdt * 0.6)
            crack = crack * (mask > 0.5)
            edge = edge * (mask > 0.5)
            rgb = rgb * (1 - 0.45 * np.clip(edge - crack, 0, 1)[..., None])
            rgb = rgb * (1 - crack[..., None]) + crumb * rng.uniform(0.8, 1.0) * crack[..., None]
    rgba = np.dstack([rgb, mask * 255])
    if defect == "deformiert":
        rgba = _warp(rgba, rng, amp=rng.uniform(0.07, 0.12), squash=rng.uniform(0.5, 0.68))
    else:
        rgba = _warp(rgba, rng, amp=rng.uniform(0.0, 0.025), squash=rng.uniform(0.92, 1.08))
    m = cv2.getRotationMatrix2D((r / 2, r / 2), rng.uniform(0, 360), 1.0)
    rgba = cv2.warpAffine(rgba, m, (r, r), flags=cv2.INTER_LINEAR, borderValue=0)
    return cv2.resize(rgba, (size, size), interpolation=cv2.INTER_AREA)


def _background(rng: np.random.Generator, kind: str, w: int, h: int) -> np.ndarray:
    """RGB float32 background of a tray, baking paper, conveyor belt or board."""
    if kind == "blech":
        g = rng.uniform(140, 200)
        bg: np.ndarray = np.full((h, w, 3), g, np.float32) * rng.uniform(0.95, 1.05, 3)
        step = int(rng.integers(7, 13))
        if rng.random() < 0.7:
            for y in range(step // 2, h, step):
                for x in range(step // 2 + (y // step % 2) * step // 2, w, step):
                    cv2.circle(bg, (x, y), max(1, step // 5), (g * 0.35,) * 3, -1, cv2.LINE_AA)
        bg += smooth_noise(rng, h, w, 4)[..., None] * 8
    elif kind == "backpapier":
        bg = np.full((h, w, 3), (232, 226, 212), np.float32) * rng.uniform(0.93, 1.03)
        bg += smooth_noise(rng, h, w, 25)[..., None] * 14 + smooth_noise(rng, h, w, 3)[..., None] * 4
    elif kind == "band":
        base = np.array(rng.choice([(55, 58, 60), (45, 70, 55), (210, 210, 205), (70, 70, 90)]), np.float32)
        bg = np.full((h, w, 3), 1.0, np.float32) * base
        stripes = (np.sin(np.arange(h) / rng.uniform(1.5, 4)) * 6)[:, None, None]
        bg += stripes + smooth_noise(rng, h, w, 2)[..., None] * 5
    else:  # holz
        base = np.array((150, 110, 70), np.float32) * rng.uniform(0.8, 1.1)
        grain = np.sin(np.arange(h)[:, None] / 3.0 + smooth_noise(rng, h, w, 40) * 4) * 12
        bg = base[None, None, :] + grain[..., None] + smooth_noise(rng, h, w, 8)[..., None] * 8
    rim = int(rng.integers(0, 12))
    if rim and kind in ("blech", "backpapier"):
        edge = np.ones((h, w), np.float32)
        edge[:rim, :] = edge[-rim:, :] = 0.55
        edge[:, :rim] = edge[:, -rim:] = 0.55
        bg *= edge[..., None]
    return bg


def homography(w: int, h: int, rng: np.random.Generator, tilt: float) -> np.ndarray:
    """A random camera tilt as a 3×3 homography (corners move by up to `tilt` of the size)."""
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    dst = src + rng.uniform(-tilt, tilt, (4, 2)).astype(np.float32) * np.array([w, h], np.float32)
    return cv2.getPerspectiveTransform(src, dst)


def generate_tray(
    rng: np.random.Generator,
    width: int = 400,
    height: int = 300,
    empty: bool = False,
    defect_p: dict[str, float] | None = None,
    product_p: dict[str, float] | None = None,
) -> tuple[np.ndarray, TrayImage]:
    """One synthetic tray photo (uint8 BGR for cv2.imwrite) and its labels; defect_p / product_p
    change the class mix (used to add extra training examples of weak classes)."""
    dp = defect_p or DEFECT_P
    pp = None if product_p is None else [product_p.get(p, 0.0) for p in PRODUCTS]
    kind = str(rng.choice(["blech", "backpapier", "band", "holz"], p=[0.4, 0.3, 0.2, 0.1]))
    bg = _background(rng, kind, width, height)
    img = bg.copy()
    pieces: list[tuple[str, np.ndarray]] = []
    if not empty:
        rows, cols = int(rng.integers(3, 6)), int(rng.integers(4, 8))
        margin = 0.05
        cw, ch = width * (1 - 2 * margin) / cols, height * (1 - 2 * margin) / rows
        cell = min(cw, ch)
        main = str(rng.choice(PRODUCTS, p=pp))
        mixed = rng.random() < 0.2
        light_dir = rng.uniform(-1, 1, 2)
        for i in range(rows):
            for j in range(cols):
                if rng.random() < 0.08:
                    continue
                product = str(rng.choice(PRODUCTS, p=pp)) if mixed else main
                defect = str(rng.choice(DEFECTS, p=[dp[d] for d in DEFECTS]))
                size = int(cell * rng.uniform(1.05, 1.4) * (1.15 if product == "brezel" else 1.0))
                patch = render_piece(rng, product, defect, size)
                cx = width * margin + (j + 0.5) * cw + rng.uniform(-0.12, 0.12) * cw
                cy = height * margin + (i + 0.5) * ch + rng.uniform(-0.12, 0.12) * ch
                x0, y0 = int(cx - size / 2), int(cy - size / 2)
                alpha = patch[..., 3:] / 255.0
                # shadow first, offset against the light
                sh = cv2.GaussianBlur(alpha[..., 0], (0, 0), max(1.0, size * 0.05))[..., None]
                sx, sy = int(-light_dir[0] * size * 0.08), int(-light_dir[1] * size * 0.08 + size * 0.03)
                paste(img, 1 - 0.45 * sh, x0 + sx, y0 + sy, multiply=True)
                paste(img, np.dstack([patch[..., :3], alpha]), x0, y0)
                ys, xs = np.nonzero(alpha[..., 0] > 0.5)
                if len(xs) == 0:
                    continue
                pieces.append((f"{product}_{defect}", np.column_stack([xs + x0, ys + y0]).astype(np.float32)))
    hmat = homography(width, height, rng, tilt=rng.uniform(0.0, 0.07))
    img = cv2.warpPerspective(img, hmat, (width, height), borderMode=cv2.BORDER_REFLECT)
    # uneven light, colour cast, blur, noise
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    g = rng.uniform(-0.35, 0.35, 2)
    vign = ((xx / width - 0.5) ** 2 + (yy / height - 0.5) ** 2) * rng.uniform(0, 0.8)
    illum = (1 + g[0] * (xx / width - 0.5) + g[1] * (yy / height - 0.5) - vign) * rng.uniform(0.75, 1.2)
    img = img * illum[..., None] * rng.uniform(0.9, 1.1, 3)[None, None, :]
    if kind == "band" and rng.random() < 0.5:
        k = int(rng.integers(3, 7))
        img = cv2.filter2D(img, -1, np.ones((1, k), np.float32) / k)
    sigma = rng.uniform(0, 1.1)
    if sigma > 0.3:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    img = img + rng.normal(0, rng.uniform(1, 6), img.shape)
    out = np.clip(img, 0, 255).astype(np.uint8)[..., ::-1].copy()
    labels = []
    for cls, pts in pieces:
        tp = cv2.perspectiveTransform(pts[None, :, :], hmat)[0]
        x1, y1 = np.clip(tp.min(0), 0, [width - 1, height - 1])
        x2, y2 = np.clip(tp.max(0) + 1, 0, [width, height])
        if (x2 - x1) > 3 and (y2 - y1) > 3:
            labels.append(Piece(cls=cls, box=(float(x1), float(y1), float(x2), float(y2))))
    return out, TrayImage(width=width, height=height, background=kind, pieces=labels)


def paste(img: np.ndarray, patch: np.ndarray, x0: int, y0: int, multiply: bool = False) -> None:
    """Alpha-blend (or multiply) a patch into img in place, clipped at the borders."""
    h, w = patch.shape[:2]
    H, W = img.shape[:2]
    xa, ya, xb, yb = max(0, x0), max(0, y0), min(W, x0 + w), min(H, y0 + h)
    if xa >= xb or ya >= yb:
        return
    p = patch[ya - y0 : yb - y0, xa - x0 : xb - x0]
    if multiply:
        img[ya:yb, xa:xb] *= p
    else:
        a = p[..., 3:]
        img[ya:yb, xa:xb] = img[ya:yb, xa:xb] * (1 - a) + p[..., :3] * a


def write_dataset(
    out_dir: Path,
    n_train: int,
    n_val: int,
    seed: int = 0,
    empty_frac: float = 0.04,
    width: int = 400,
    height: int = 300,
    defect_p: dict[str, float] | None = None,
    product_p: dict[str, float] | None = None,
    prefix: str = "",
) -> Path:
    """Write a YOLO detection dataset (images/, labels/, data.yaml); returns the yaml path."""
    rng = np.random.default_rng(seed)
    for split, n in (("train", n_train), ("val", n_val)):
        (out_dir / "images" / split).mkdir(parents=True, exist_ok=True)
        (out_dir / "labels" / split).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            img, meta = generate_tray(
                rng, width, height, empty=rng.random() < empty_frac, defect_p=defect_p, product_p=product_p
            )
            name = f"{prefix}{split}_{seed}_{i:05d}"
            cv2.imwrite(
                str(out_dir / "images" / split / f"{name}.jpg"),
                img,
                [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(65, 96))],
            )
            lines = []
            for p in meta.pieces:
                x1, y1, x2, y2 = p.box
                lines.append(
                    f"{CLASS_ID[p.cls]} {(x1 + x2) / 2 / width:.6f} {(y1 + y2) / 2 / height:.6f} "
                    f"{(x2 - x1) / width:.6f} {(y2 - y1) / height:.6f}"
                )
            (out_dir / "labels" / split / f"{name}.txt").write_text("\n".join(lines) + ("\n" if lines else ""))
    yaml_path = out_dir / "data.yaml"
    names = "\n".join(f"  {i}: {n}" for i, n in enumerate(CLASS_NAMES))
    yaml_path.write_text(f"path: {out_dir.resolve()}\ntrain: images/train\nval: images/val\nnames:\n{names}\n")
    return yaml_path


def generate_non_bakery(
    rng: np.random.Generator, width: int = 400, height: int = 300, kind: str | None = None
) -> np.ndarray:
    """A photo-like image without baked goods (uint8 BGR): coloured rectangles, polygons, stripes, text
    or a gradient, with the same camera effects as the trays. Used as background negatives and checks."""
    kind = kind or str(rng.choice(["rechtecke", "polygone", "streifen", "text", "verlauf"]))
    img: np.ndarray = np.full((height, width, 3), rng.integers(0, 256, 3), np.float32)
    if kind == "rechtecke":
        for _ in range(int(rng.integers(3, 30))):
            x1, y1 = int(rng.integers(-20, width)), int(rng.integers(-20, height))
            x2, y2 = x1 + int(rng.integers(10, 160)), y1 + int(rng.integers(10, 130))
            cv2.rectangle(img, (x1, y1), (x2, y2), rng.integers(0, 256, 3).tolist(), -1)
    elif kind == "polygone":
        for _ in range(int(rng.integers(3, 20))):
            c = rng.uniform([0, 0], [width, height])
            pts = (c + rng.uniform(-70, 70, (int(rng.integers(3, 6)), 2))).astype(np.int32)
            cv2.fillPoly(img, [pts], rng.integers(0, 256, 3).tolist())
    elif kind == "streifen":
        step = int(rng.integers(6, 60))
        cols = rng.integers(0, 256, (int(rng.integers(2, 5)), 3))
        for k, x in enumerate(range(0, width + height, step)):
            cv2.line(
                img,
                (x, 0),
                (x - height if rng.random() < 0.5 else x, height),
                cols[k % len(cols)].tolist(),
                max(1, step // 2),
            )
    elif kind == "text":
        img = img.astype(np.uint8)
        for _ in range(int(rng.integers(4, 14))):
            word = "".join(rng.choice(list("ABCDEFGHKLMNOPRSTUVWXYZ0123456789 "), int(rng.integers(3, 12))))
            cv2.putText(
                img,
                word,
                (int(rng.integers(0, width - 40)), int(rng.integers(15, height))),
                cv2.FONT_HERSHEY_SIMPLEX,
                rng.uniform(0.4, 1.6),
                rng.integers(0, 256, 3).tolist(),
                int(rng.integers(1, 4)),
                cv2.LINE_AA,
            )
        img = img.astype(np.float32)
    else:  # verlauf
        yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
        a, b = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
        t = (xx / width) * rng.uniform(-1, 1) + (yy / height) * rng.uniform(-1, 1)
        t = ((t - t.min()) / (t.max() - t.min() + 1e-6))[..., None]
        img = a * (1 - t) + b * t
    img = cv2.warpPerspective(
        img, homography(width, height, rng, rng.uniform(0, 0.07)), (width, height), borderMode=cv2.BORDER_REFLECT
    )
    img = img * rng.uniform(0.75, 1.2) * rng.uniform(0.9, 1.1, 3)[None, None, :]
    sigma = rng.uniform(0, 1.1)
    if sigma > 0.3:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    img = img + rng.normal(0, rng.uniform(1, 6), img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def write_negatives(out_dir: Path, n: int, seed: int, width: int = 400, height: int = 300) -> Path:
    """Write n non-bakery images with empty YOLO label files (background negatives) to images/train."""
    rng = np.random.default_rng(seed)
    (out_dir / "images" / "train").mkdir(parents=True, exist_ok=True)
    (out_dir / "labels" / "train").mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name = f"neg_{seed}_{i:05d}"
        cv2.imwrite(
            str(out_dir / "images" / "train" / f"{name}.jpg"),
            generate_non_bakery(rng, width, height),
            [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(65, 96))],
        )
        (out_dir / "labels" / "train" / f"{name}.txt").write_text("")
    return out_dir / "images" / "train"
