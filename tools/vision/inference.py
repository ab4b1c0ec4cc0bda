"""Run the tray detector (or a YOLO classifier) on photos: pieces, defects per class, annotated image."""

from __future__ import annotations

import threading
import uuid
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from pydantic import BaseModel, ConfigDict, Field

from tools.concurrency import built_once
from tools.errors import InputError
from tools.settings import get_settings
from tools.vision.classes import DEFECT_LABELS, is_defect, split_class
from tools.vision.photo_types import PHOTO_TYPES_DE
from tools.vision.yolo_env import ultralytics

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
DEFAULT_MODEL = WEIGHTS_DIR / "korn_kruste_yolov8n.pt"
# trained at 256 px; run at 320 px, which found more defects on the validation split (MODEL_CARD.md)
DEFAULT_IMGSZ = 320
TRAIN_IMGSZ = 256
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 32
MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"BM", b"GIF87a", b"GIF89a")
CONF = 0.2
IOU = 0.5
MERGE_IOU = 0.6
# a piece counts as defective when a defect class scores at least this much on it, even if `ok` scores
# higher: the largest value with defect recall ≥ 0.955 on the validation split (`python -m evals.vision.calibrate`)
DEFECT_CONF = 0.4
MAX_NOISE = 60.0
# no-baked-goods gate (MODEL_CARD.md): share of crust-coloured pixels (hue 6–60°, saturation ≥ 40) in the
# centre of each detected box, median over the boxes of a photo. On the validation trays the lowest
# median was ≈ 0.3; generated non-bakery images (rectangles, polygons, stripes, text) mostly score 0.
MIN_CRUST = 0.2
# ... and the detector must be sure of at least one piece and fairly sure on average: on the validation
# trays the best score per photo was ≥ 0.93 and the mean ≥ 0.64; on non-bakery images it is lower
MIN_TOP_CONF = 0.8
MIN_MEAN_CONF = 0.55
CRUST_HUE = (3, 30)
CRUST_SAT = 40
_PREDICT_LOCK = threading.Lock()


class Detection(BaseModel):
    """One detected piece; box = (x1, y1, x2, y2) in pixels of the original photo."""

    model_config = ConfigDict(populate_by_name=True)
    cls: str = Field(alias="class", serialization_alias="class")
    confidence: float
    box: list[float]


class ImageCheck(BaseModel):
    """The result for one photo (the JSON of `synerki vision check`)."""

    image: str
    label: str = Field(
        description="detection: 'ok', the most frequent defect or 'keine_backwaren'; "
        "classification: the predicted class"
    )
    pieces: int = 0
    defects: dict[str, int] = Field(default_factory=dict, description="defect type -> count (only > 0)")
    detections: list[Detection] = Field(default_factory=list)
    by_product: dict[str, dict[str, int]] = Field(default_factory=dict, description="product -> state -> count")
    annotated: str | None = None
    error: str | None = Field(default=None, description="German reason why the file was not checked")
    confidence: float | None = Field(default=None, description="own photo checker: probability of the label")
    model: str | None = Field(default=None, description="own photo checker: which model checked the photo (German)")
    warning: str | None = Field(
        default=None, description="own photo checker: German warning when the model is not shown better than guessing"
    )

    @property
    def defective(self) -> int:
        return sum(self.defects.values())


def _is_photo_header(head: bytes) -> bool:
    """The first 16 bytes are those of a JPG, PNG, BMP, GIF, WebP or HEIC/HEIF file."""
    webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    heif = head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS
    return any(head.startswith(m) for m in MAGIC) or webp or heif


@built_once()
def _heif_opener() -> bool:
    """Teach Pillow HEIC/HEIF (pillow-heif); False where that package is missing (then HEIC is refused in German)."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return True


def load_image(path: Path, name: str | None = None) -> np.ndarray:
    """Read a photo as BGR uint8 after checking size, type and integrity (raises InputError).

    Messages name the file as the user called it (`name`), not the stored upload's uuid file name.
    """
    shown = name or path.name
    if not path.exists() or not path.is_file():
        raise InputError(f"Die Datei „{shown}“ wurde nicht gefunden.")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"Die Datei „{shown}“ ist leer.")
    if size > MAX_BYTES:
        raise InputError(
            f"Die Datei „{shown}“ ist mit {size / 1024 / 1024:.1f} MB zu groß "
            f"(höchstens {MAX_BYTES // 1024 // 1024} MB). Bitte verkleinern Sie das Foto."
        )
    with path.open("rb") as fh:
        head = fh.read(16)
    if not _is_photo_header(head):
        raise InputError(f"Die Datei „{shown}“ ist kein Bild (erlaubt: {PHOTO_TYPES_DE}).")
    _heif_opener()
    try:
        with Image.open(path) as im:
            w, h = im.size
            if w * h > MAX_PIXELS:
                raise InputError(
                    f"Das Bild „{shown}“ hat {w}×{h} Pixel – das ist zu groß "
                    f"(höchstens {MAX_PIXELS // 1_000_000} Megapixel)."
                )
            im.verify()
        with Image.open(path) as im:
            # phones store a turned photo as landscape pixels plus an orientation tag: show it as taken
            rgb = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
    except InputError:
        raise
    except Image.DecompressionBombError:  # Pillow refuses far past MAX_PIXELS in `open`, before the size check
        raise InputError(
            f"Das Bild „{shown}“ hat zu viele Pixel (höchstens {MAX_PIXELS // 1_000_000} Megapixel)."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, ImportError):
        raise InputError(
            f"Die Datei „{shown}“ ist kein lesbares Bild (erlaubt: {PHOTO_TYPES_DE}) oder sie ist beschädigt."
        ) from None
    if min(rgb.shape[:2]) < MIN_SIDE:
        raise InputError(f"Das Bild „{shown}“ ist mit {rgb.shape[1]}×{rgb.shape[0]} Pixeln zu klein.")
    return np.ascontiguousarray(rgb[..., ::-1])


@built_once(maxsize=4)
def load_model(path: str) -> Any:
    """A cached YOLO model from a weights file (loaded once per process, even when turns run in parallel)."""
    if not Path(path).exists():
        raise FileNotFoundError(f"Modelldatei {path} nicht gefunden.")
    return ultralytics().YOLO(path)


def _state_color(name: str) -> tuple[int, int, int]:
    return (60, 180, 60) if not is_defect(name) else (30, 30, 220)


def annotate(img: np.ndarray, check: ImageCheck) -> Path:
    """Draw the boxes on a copy of the photo and save it as PNG under the charts folder."""
    out = img.copy()
    scale = max(out.shape[:2]) / 640
    th = max(1, int(round(2 * scale)))
    for d in check.detections:
        x1, y1, x2, y2 = (int(v) for v in d.box)
        color = _state_color(d.cls)
        cv2.rectangle(out, (x1, y1), (x2, y2), color, th)
        _, defect = split_class(d.cls)
        text = DEFECT_LABELS.get(defect, defect)
        fs = 0.4 * max(scale, 0.6)
        (tw, tht), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, fs, 1)
        cv2.rectangle(out, (x1, max(0, y1 - tht - 4)), (x1 + tw + 4, y1), color, -1)
        cv2.putText(
            out, text, (x1 + 2, max(tht, y1 - 3)), cv2.FONT_HERSHEY_SIMPLEX, fs, (255, 255, 255), 1, cv2.LINE_AA
        )
    mark = "KI-generiert - synerKI"
    fs = 0.4 * max(scale, 0.6)
    (tw, tht), _ = cv2.getTextSize(mark, cv2.FONT_HERSHEY_SIMPLEX, fs, 1)
    cv2.putText(
        out,
        mark,
        (out.shape[1] - tw - 4, out.shape[0] - 4),
        cv2.FONT_HERSHEY_SIMPLEX,
        fs,
        (235, 235, 235),
        1,
        cv2.LINE_AA,
    )
    folder = get_settings().charts_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"qualitaet-{Path(check.image).stem[:40]}-{uuid.uuid4().hex[:8]}.png"
    cv2.imwrite(str(path), out)
    return path


def _summarise(name: str, dets: list[Detection]) -> ImageCheck:
    by_product: dict[str, Counter[str]] = {}
    defects: Counter[str] = Counter()
    for d in dets:
        product, state = split_class(d.cls)
        by_product.setdefault(product or "teil", Counter())[state] += 1
        if is_defect(d.cls):
            defects[state] += 1
    if not dets:
        label = "keine_backwaren"
    elif defects:
        label = defects.most_common(1)[0][0]
    else:
        label = "ok"
    return ImageCheck(
        image=name,
        label=label,
        pieces=len(dets),
        defects=dict(defects),
        detections=dets,
        by_product={p: dict(c) for p, c in by_product.items()},
    )


def check_images(
    paths: list[Path],
    model_path: Path | None = None,
    imgsz: int = DEFAULT_IMGSZ,
    annotate_images: bool = True,
    conf: float = CONF,
    names: list[str] | None = None,
) -> list[ImageCheck]:
    """Check every photo; unreadable files come back with `error` set instead of raising.
    A checker from `vision train --task classify` (own file format) classifies each photo as one piece.
    Without `model_path`, the configured `SYNERKI_VISION_MODEL` or the shipped detector is used."""
    model_path = model_path or get_settings().vision_model
    if model_path is not None and model_kind(Path(model_path)) == "teilpruefung":
        from tools.vision.piece_classifier import check_piece_images

        return check_piece_images(list(paths), Path(model_path), names)
    model = None
    results: list[ImageCheck] = []
    for i, path in enumerate(paths):
        name = names[i] if names else Path(path).name
        try:
            img = load_image(Path(path), name)
        except InputError as exc:
            results.append(ImageCheck(image=name, label="fehler", error=str(exc)))
            continue
        model = model or load_model(str(model_path or DEFAULT_MODEL))
        results.append(check_array(img, name, model, imgsz, annotate_images, conf))
    return results


def model_kind(path: Path) -> str:
    """'teilpruefung' for our own photo checker, 'yolo' for other torch files; raises for anything else."""
    from tools.vision.piece_classifier import is_piece_model

    if not path.is_file():
        raise FileNotFoundError(f"Modelldatei {path} nicht gefunden.")
    if is_piece_model(path):
        return "teilpruefung"
    if not zipfile.is_zipfile(path):
        raise InputError(
            f"„{path.name}“ ist keine Modelldatei (erwartet: eine mit „synerki vision train“ erzeugte .pt-Datei)."
        )
    return "yolo"


def merge_pieces(
    boxes: np.ndarray,
    cls: np.ndarray,
    scores: np.ndarray,
    names: dict[int, str],
    conf: float = CONF,
    defect_conf: float | None = None,
) -> list[Detection]:
    """One detection per piece from per-class boxes: a piece exists if its best score ≥ conf; it is
    called defective when any defect class on the same piece (IoU ≥ MERGE_IOU) scores ≥ defect_conf."""
    defect_conf = DEFECT_CONF if defect_conf is None else defect_conf
    order = np.argsort(-scores)
    used = np.zeros(len(order), bool)
    out: list[Detection] = []
    for k, i in enumerate(order):
        if used[k] or scores[i] < conf:
            continue
        rest = order[k:]
        ious = _iou_one(boxes[i], boxes[rest])
        members = [j for j, m in zip(rest, (ious >= MERGE_IOU) & ~used[k:]) if m]
        used[k:] |= ious >= MERGE_IOU
        chosen = i
        if not is_defect(names[int(cls[i])]):
            bad = [j for j in members if is_defect(names[int(cls[j])]) and scores[j] >= defect_conf]
            if bad:
                chosen = max(bad, key=lambda j: scores[j])
        out.append(
            Detection(
                cls=names[int(cls[chosen])],
                confidence=round(float(scores[chosen]), 3),
                box=[round(float(v), 1) for v in boxes[i]],
            )
        )
    return out


def _iou_one(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    x1 = np.maximum(a[0], b[:, 0])
    y1 = np.maximum(a[1], b[:, 1])
    x2 = np.minimum(a[2], b[:, 2])
    y2 = np.minimum(a[3], b[:, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area = lambda z: (z[..., 2] - z[..., 0]) * (z[..., 3] - z[..., 1])  # noqa: E731
    return inter / (area(a) + area(b) - inter + 1e-9)


def crust_share(img: np.ndarray, dets: list[Detection]) -> float:
    """Median share of crust-coloured pixels (brown/golden) in the centre 60 % of each detected box."""
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    shares = []
    for d in dets:
        x1, y1, x2, y2 = d.box
        w, h = x2 - x1, y2 - y1
        c = hsv[
            max(0, int(y1 + h * 0.2)) : max(1, int(y2 - h * 0.2) + 1),
            max(0, int(x1 + w * 0.2)) : max(1, int(x2 - w * 0.2) + 1),
        ].reshape(-1, 3)
        if len(c):
            ok = (c[:, 0] >= CRUST_HUE[0]) & (c[:, 0] <= CRUST_HUE[1]) & (c[:, 1] >= CRUST_SAT)
            shares.append(float(ok.mean()))
    return float(np.median(shares)) if shares else 0.0


def _own_classes(names: dict[int, str]) -> bool:
    return all(split_class(n)[0] is not None for n in names.values())


def detect(
    model: Any,
    img: np.ndarray,
    imgsz: int = DEFAULT_IMGSZ,
    conf: float = CONF,
    defect_conf: float | None = None,
    min_crust: float = MIN_CRUST,
) -> list[Detection] | str:
    """Detections of one BGR image, or the predicted class name for a classification model.
    With our bakery classes, a photo whose boxes are not crust-coloured counts as having no baked goods."""
    low = min(conf, DEFECT_CONF if defect_conf is None else defect_conf, 0.1)
    if noise_level(img) > MAX_NOISE:
        return []  # pure noise / static: no photo of baked goods, the detector would hallucinate
    with _PREDICT_LOCK:  # an Ultralytics model keeps one predictor per object: not safe to share across threads
        res = model.predict(img, imgsz=imgsz, conf=low, iou=IOU, device="cpu", verbose=False, max_det=300)[0]
    if getattr(res, "probs", None) is not None and res.boxes is None:
        return str(res.names[int(res.probs.top1)])
    dets = merge_pieces(
        res.boxes.xyxy.numpy(), res.boxes.cls.numpy(), res.boxes.conf.numpy(), res.names, conf, defect_conf
    )
    if dets and min_crust > 0 and _own_classes(res.names) and not looks_like_bakery(img, dets, min_crust):
        return []
    return dets


def looks_like_bakery(img: np.ndarray, dets: list[Detection], min_crust: float = MIN_CRUST) -> bool:
    """The no-baked-goods gate: crust-coloured boxes and a confident detector (thresholds above)."""
    scores = [d.confidence for d in dets]
    return (
        max(scores) >= MIN_TOP_CONF and float(np.mean(scores)) >= MIN_MEAN_CONF and crust_share(img, dets) >= min_crust
    )


def noise_level(img: np.ndarray) -> float:
    """Median absolute Laplacian of the grey image scaled to ≤ 640 px (photos ≈ 2–25, static noise > 100)."""
    scale = 640 / max(img.shape[:2])
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else img
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.float32)
    return float(np.median(np.abs(cv2.Laplacian(grey, cv2.CV_32F))))


def check_array(
    img: np.ndarray,
    name: str,
    model: Any,
    imgsz: int = DEFAULT_IMGSZ,
    annotate_images: bool = False,
    conf: float = CONF,
) -> ImageCheck:
    """Check one BGR image with a loaded model (detection or classification)."""
    dets = detect(model, img, imgsz, conf)
    if isinstance(dets, str):
        return ImageCheck(
            image=name,
            label=dets,
            pieces=1,
            defects={dets: 1} if is_defect(dets) else {},
            by_product={"bild": {dets: 1}},
        )
    check = _summarise(name, dets)
    if annotate_images:
        check.annotated = str(annotate(img, check))
    return check
