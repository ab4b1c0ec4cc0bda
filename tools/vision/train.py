"""Train a YOLO detector or classifier from scratch on the CPU (synthetic trays or a bakery's own photos)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel

from tools.errors import DatasetError
from tools.settings import get_settings
from tools.vision.yolo_env import ultralytics

IMAGE_EXT = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}
Task = Literal["detect", "classify"]


class TrainResult(BaseModel):
    """Where the weights went and the validation metrics of the best epoch."""

    task: Task
    model_path: Path
    epochs: int
    imgsz: int
    n_train: int
    n_val: int
    metrics: dict[str, float]


def _images(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_EXT)


def prepare_detect(data_dir: Path, work: Path, val_frac: float = 0.2, seed: int = 0) -> tuple[Path, int, int]:
    """Return a data.yaml for a YOLO detection folder, splitting off validation images if none exist."""
    data_dir = data_dir.resolve()
    existing = data_dir / "data.yaml"
    if existing.exists():
        cfg = yaml.safe_load(existing.read_text())
        root = Path(cfg.get("path") or data_dir)
        root = root if root.is_absolute() else (data_dir / root)
        if cfg.get("val") and (root / cfg["val"]).exists():
            cfg["path"] = str(root)
            out = work / "data.yaml"
            work.mkdir(parents=True, exist_ok=True)
            out.write_text(yaml.safe_dump(cfg, allow_unicode=True))
            train_dirs = cfg["train"] if isinstance(cfg["train"], list) else [cfg["train"]]
            return out, sum(len(_images(root / t)) for t in train_dirs), len(_images(root / cfg["val"]))
        names = cfg.get("names")
    else:
        names = None
    img_dir = data_dir / "images" if (data_dir / "images").is_dir() else data_dir
    lbl_dir = data_dir / "labels" if (data_dir / "labels").is_dir() else data_dir
    images = [
        p
        for p in _images(img_dir)
        if (lbl_dir / p.relative_to(img_dir)).with_suffix(".txt").exists() or (lbl_dir / (p.stem + ".txt")).exists()
    ]
    if len(images) < 2:
        raise DatasetError(
            f"Keine YOLO-Bilder mit Label-Dateien in {data_dir} gefunden (erwartet: images/*.jpg und labels/*.txt)."
        )
    if names is None and (data_dir / "classes.txt").exists():  # labelImg / CVAT export
        names = {i: n.strip() for i, n in enumerate((data_dir / "classes.txt").read_text().splitlines()) if n.strip()}
    if names is None:
        ids: set[int] = set()
        for p in images:
            lbl = _label_for(p, img_dir, lbl_dir)
            ids |= {int(line.split()[0]) for line in lbl.read_text().splitlines() if line.strip()}
        names = {i: f"klasse_{i}" for i in range(max(ids, default=0) + 1)}
    rng = random.Random(seed)
    rng.shuffle(images)
    n_val = max(1, int(len(images) * val_frac))
    if work.exists():
        shutil.rmtree(work)
    for split, items in (("val", images[:n_val]), ("train", images[n_val:])):
        (work / "images" / split).mkdir(parents=True)
        (work / "labels" / split).mkdir(parents=True)
        for p in items:
            shutil.copy2(p, work / "images" / split / p.name)
            shutil.copy2(_label_for(p, img_dir, lbl_dir), work / "labels" / split / (p.stem + ".txt"))
    out = work / "data.yaml"
    out.write_text(
        yaml.safe_dump(
            {"path": str(work), "train": "images/train", "val": "images/val", "names": names}, allow_unicode=True
        )
    )
    return out, len(images) - n_val, n_val


def _label_for(img: Path, img_dir: Path, lbl_dir: Path) -> Path:
    cand = (lbl_dir / img.relative_to(img_dir)).with_suffix(".txt")
    return cand if cand.exists() else lbl_dir / (img.stem + ".txt")


def prepare_classify(data_dir: Path, work: Path, val_frac: float = 0.2, seed: int = 0) -> tuple[Path, int, int]:
    """Return a folder with train/ and val/ (one subfolder per class), splitting if val/ is missing."""
    data_dir = data_dir.resolve()
    if (data_dir / "train").is_dir() and (data_dir / "val").is_dir():
        return data_dir, len(_images(data_dir / "train")), len(_images(data_dir / "val"))
    classes = sorted(d for d in data_dir.iterdir() if d.is_dir() and _images(d))
    if len(classes) < 2:
        raise DatasetError(
            f"Für die Klassifikation braucht {data_dir} mindestens zwei Unterordner mit Bildern (ein Ordner je Klasse)."
        )
    if work.exists():
        shutil.rmtree(work)
    rng = random.Random(seed)
    n_train = n_val = 0
    for cdir in classes:
        imgs = _images(cdir)
        rng.shuffle(imgs)
        k = max(1, int(len(imgs) * val_frac)) if len(imgs) > 1 else 0
        for split, items in (("val", imgs[:k]), ("train", imgs[k:])):
            (work / split / cdir.name).mkdir(parents=True, exist_ok=True)
            for p in items:
                shutil.copy2(p, work / split / cdir.name / p.name)
        n_val += k
        n_train += len(imgs) - k
    return work, n_train, n_val


def train(
    data_dir: Path,
    task: Task,
    epochs: int,
    out: Path,
    imgsz: int = 256,
    batch: int = 16,
    model_yaml: str | None = None,
    time_hours: float | None = None,
    workers: int = 0,
    seed: int = 0,
    init: Path | None = None,
    lr0: float = 0.0015,
) -> TrainResult:
    """Train on the CPU from scratch, or continue from our own weights `init` (never downloaded ones),
    and copy the best weights to `out`."""
    ul = ultralytics()
    work = get_settings().var_dir / "vision" / "prepared" / data_dir.resolve().name
    if task == "detect":
        data, n_train, n_val = prepare_detect(data_dir, work)
        model = ul.YOLO(str(init) if init else (model_yaml or "yolov8n.yaml"), task="detect")
    else:
        data, n_train, n_val = prepare_classify(data_dir, work)
        model = ul.YOLO(model_yaml or "yolov8n-cls.yaml", task="classify")
    runs = get_settings().var_dir / "vision" / "runs"
    kwargs = dict(
        data=str(data),
        epochs=epochs,
        imgsz=imgsz,
        batch=batch,
        device="cpu",
        workers=workers,
        amp=False,
        plots=False,
        pretrained=str(init) if init else False,
        project=str(runs),
        name=f"{task}-{out.stem}",
        exist_ok=True,
        verbose=False,
        seed=seed,
        deterministic=False,
        close_mosaic=min(2, epochs),
        warmup_epochs=0.0 if init else min(1.0, epochs / 3),
        patience=max(epochs, 50),
    )
    if task == "detect":
        kwargs.update(optimizer="AdamW", lr0=lr0, hsv_v=0.2, hsv_s=0.4, hsv_h=0.01, flipud=0.5)
    if time_hours:
        kwargs["time"] = time_hours
    model.train(**kwargs)
    trainer = model.trainer
    best = Path(trainer.best) if Path(trainer.best).exists() else Path(trainer.last)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(best, out)
    metrics = validate(out, data, imgsz=imgsz, task=task)
    return TrainResult(
        task=task,
        model_path=out,
        epochs=int(trainer.epoch) + 1,
        imgsz=imgsz,
        n_train=n_train,
        n_val=n_val,
        metrics=metrics,
    )


def validate(model_path: Path, data: Path, imgsz: int = 256, task: Task = "detect") -> dict[str, float]:
    """Validation metrics of a weights file (mAP50/mAP50-95/precision/recall or top-1/top-5)."""
    ul = ultralytics()
    model = ul.YOLO(str(model_path), task=task)
    runs = get_settings().var_dir / "vision" / "runs"
    res = model.val(
        data=str(data),
        imgsz=imgsz,
        batch=16,
        device="cpu",
        workers=0,
        plots=False,
        project=str(runs),
        name="val",
        exist_ok=True,
        verbose=False,
    )
    if task == "detect":
        return {
            "mAP50": float(res.box.map50),
            "mAP50-95": float(res.box.map),
            "precision": float(res.box.mp),
            "recall": float(res.box.mr),
        }
    return {"top1": float(res.top1), "top5": float(res.top5)}
