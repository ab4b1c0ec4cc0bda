"""`synerki vision train|check|generate|stats`: tray-photo quality control from the command line."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import typer

vision_app = typer.Typer(help="Qualitätskontrolle per Foto (YOLO): prüfen, trainieren, Statistik", no_args_is_help=True)


class PieceStyle(StrEnum):
    standard = "standard"
    verschoben = "verschoben"


class TaskKind(StrEnum):
    detect = "detect"
    classify = "classify"


@vision_app.command("check")
def check(
    images: list[Path] = typer.Argument(..., help="Fotos (JPG/PNG)"),
    model: Path | None = typer.Option(None, "--model", help="eigene Gewichte (.pt); Standard: mitgeliefert"),
    imgsz: int | None = typer.Option(None, "--imgsz", help="Eingabegröße des Modells"),
    as_json: bool = typer.Option(False, "--json", help="eine JSON-Zeile je Bild"),
    no_log: bool = typer.Option(False, "--no-log", help="nicht in der Datenbank protokollieren"),
) -> None:
    """Prüft Fotos auf Fehler (verbrannt, zu hell, deformiert, gerissen) und protokolliert das Ergebnis."""
    from tools.errors import InputError
    from tools.format_de import share
    from tools.settings import get_settings
    from tools.vision.inference import DEFAULT_IMGSZ, check_images
    from tools.vision.log import log_checks
    from tools.vision.piece_report import trained_note

    try:
        results = check_images(images, model_path=model, imgsz=imgsz or DEFAULT_IMGSZ, annotate_images=not as_json)
    except (FileNotFoundError, InputError) as exc:
        typer.echo(f"Fehler: {exc}", err=True)
        raise typer.Exit(2) from None
    if not no_log:
        log_checks(results, batch=f"cli-{uuid.uuid4().hex[:8]}", user="cli")
    for r in results:
        if as_json:
            d = r.model_dump(
                by_alias=True,
                mode="json",
                include={
                    "image",
                    "label",
                    "pieces",
                    "defects",
                    "detections",
                    "by_product",
                    "error",
                    "confidence",
                    "model",
                    "warning",
                },
            )
            for key in ("error", "confidence", "model", "warning"):
                if d.get(key) is None:
                    d.pop(key, None)
            print(json.dumps(d, ensure_ascii=False))
        elif r.error:
            typer.echo(f"{r.image}: {r.error}")
        elif r.model:
            state = "Fehler" if r.defective else "in Ordnung"
            typer.echo(
                f"{r.image}: {r.label} ({state}, Sicherheit {share(r.confidence or 0)}; eigenes Modell {r.model})"
            )
        else:
            kinds = ", ".join(f"{k} {n}" for k, n in r.defects.items()) or "keine Fehler"
            typer.echo(f"{r.image}: {r.pieces} Teile, {sum(r.defects.values())} fehlerhaft ({kinds}) → {r.annotated}")
    own = model or get_settings().vision_model
    if not as_json and own is not None and any(r.model for r in results):
        typer.echo(trained_note(Path(own)))
        for warning in dict.fromkeys(r.warning for r in results if r.warning):
            typer.echo(warning)
    if results and all(r.error for r in results):
        raise typer.Exit(1)


@vision_app.command("train")
def train_cmd(
    data: Path = typer.Option(
        ..., "--data", help="YOLO-Datensatz (images/, labels/) oder Ordner je Klasse (Klassifikation auch als ZIP)"
    ),
    task: TaskKind = typer.Option(TaskKind.detect, "--task"),
    epochs: int = typer.Option(20, "--epochs", min=1),
    out: Path = typer.Option(..., "--out", help="Zieldatei der Gewichte (.pt)"),
    imgsz: int = typer.Option(256, "--imgsz"),
    batch: int = typer.Option(16, "--batch"),
    as_json: bool = typer.Option(False, "--json"),
    folds: int = typer.Option(5, "--folds", min=2, help="Klassifikation: Teile der Kreuzvalidierung"),
) -> None:
    """Trainiert auf eigenen Fotos (CPU) und zeigt, wie gut das Modell ist.

    Erkennung (YOLO, von Grund auf): images/ + labels/ im YOLO-Format, Klassennamen aus data.yaml oder
    classes.txt; ohne Validierungsdaten werden 20 % abgetrennt. Klassifikation (ein Foto = ein Teil): ein
    Unterordner je Klasse, z. B. ok/ und gebrochen/. Das vortrainierte Netz wird nachtrainiert, daneben ein
    klassisches Modell, ein Teil-Modell (Teil freigestellt), ein einfaches Kantenmodell und ihre Kombination; die
    Kreuzvalidierung auf Ihren Fotos (5-mal mit neu gemischten Fotos wiederholt) wählt das beste
    (--epochs/--imgsz/--batch gelten nur für die Erkennung).
    """
    from tools.errors import DatasetError

    zipped = task == TaskKind.classify and data.is_file() and data.suffix.lower() == ".zip"
    if not data.is_dir() and not zipped:
        what = (
            "gibt es nicht"
            if not data.exists()
            else "ist kein Ordner" + (" und kein ZIP" if task == TaskKind.classify else "")
        )
        typer.echo(f"Fehler: {data} {what}. Bitte geben Sie den Ordner mit den Fotos an.", err=True)
        raise typer.Exit(2)
    if task == TaskKind.classify:
        _train_classify(data, out, folds, as_json)
        return
    from tools.vision.train import train

    try:
        res = train(data, "detect", epochs, out, imgsz=imgsz, batch=batch)
    except DatasetError as exc:
        typer.echo(f"Fehler: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        print(res.model_dump_json())
        return
    typer.echo(
        f"Modell gespeichert: {res.model_path} ({res.epochs} Epoche{'n' if res.epochs != 1 else ''}, "
        f"{res.n_train} Trainings-, "
        f"{res.n_val} Validierungsbilder)"
    )
    for k, v in res.metrics.items():
        typer.echo(f"  {k:<10} {v:.3f}")


def _train_classify(data: Path, out: Path, folds: int, as_json: bool) -> None:
    """Single-piece checker: cross-validated choice between network, classical, piece-crop and plain edge model."""
    from tools.errors import DatasetError
    from tools.vision.photo_zip import photo_folder
    from tools.vision.piece_classifier import train_piece_classifier
    from tools.vision.piece_report import german_summary

    try:
        with photo_folder(data) as folder:  # a ZIP of the class folders, as sent from a phone, is unpacked first
            rep = train_piece_classifier(folder, out, k=folds)
    except DatasetError as exc:
        typer.echo(f"Fehler: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(rep.model_dump_json() if as_json else german_summary(rep))


@vision_app.command("generate")
def generate(
    out: Path = typer.Option(..., "--out"),
    train_n: int = typer.Option(100, "--train"),
    val_n: int = typer.Option(20, "--val"),
    seed: int = typer.Option(0, "--seed"),
    pieces: bool = typer.Option(False, "--einzelteile", help="Einzelteil-Fotos (ganz/gebrochen) statt Blechen"),
    style: PieceStyle = typer.Option(PieceStyle.standard, "--stil", help="Einzelteile: Licht/Winkel/Untergrund"),
) -> None:
    """Erzeugt synthetische Blech-Fotos mit YOLO-Labels oder, mit --einzelteile, Fotos einzelner Teile in
    den Ordnern ganz/ und gebrochen/ (--train ganze, --val gebrochene) zum Ausprobieren von `train --task classify`."""
    if pieces:
        from tools.vision.piece_photos import write_piece_set

        folder = write_piece_set(out, train_n, val_n, seed=seed, style=style.value)
        typer.echo(f"Einzelteil-Fotos geschrieben: {folder} ({train_n} ganz, {val_n} gebrochen, Stil {style.value})")
        return
    from tools.vision.generator import write_dataset

    y = write_dataset(out, train_n, val_n, seed=seed)
    typer.echo(f"Datensatz geschrieben: {y}")


@vision_app.command("stats")
def stats(
    days: int = typer.Option(7, "--days", min=1),
    product: str | None = typer.Option(None, "--product"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Fehlerquote der protokollierten Prüfungen der letzten N Tage (optional je Produkt)."""
    from tools.settings import get_settings
    from tools.vision.log import defect_stats

    end: date = get_settings().today()
    res = defect_stats(end - timedelta(days=days - 1), end, product)
    if as_json:
        print(res.model_dump_json())
        return
    rate = "–" if res.rate is None else f"{res.rate * 100:.1f} %"
    typer.echo(f"{res.start}–{res.end}: {res.pieces} Teile, {res.defective} fehlerhaft, Quote {rate}")


def register(app: typer.Typer) -> None:
    """Add `synerki vision …`."""
    app.add_typer(vision_app, name="vision")
