"""`synerki vision train|check|generate|stats`: tray-photo quality control from the command line."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import typer

vision_app = typer.Typer(help="Qualitätskontrolle per Foto (YOLO): prüfen, trainieren, Statistik", no_args_is_help=True)


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
    from tools.vision.inference import DEFAULT_IMGSZ, check_images
    from tools.vision.log import log_checks

    try:
        results = check_images(images, model_path=model, imgsz=imgsz or DEFAULT_IMGSZ, annotate_images=not as_json)
    except FileNotFoundError as exc:
        typer.echo(f"Fehler: {exc}", err=True)
        raise typer.Exit(2) from None
    if not no_log:
        log_checks(results, batch=f"cli-{uuid.uuid4().hex[:8]}", user="cli")
    for r in results:
        if as_json:
            d = r.model_dump(
                by_alias=True,
                mode="json",
                include={"image", "label", "pieces", "defects", "detections", "by_product", "error"},
            )
            if d.get("error") is None:
                d.pop("error", None)
            print(json.dumps(d, ensure_ascii=False))
        elif r.error:
            typer.echo(f"{r.image}: {r.error}")
        else:
            kinds = ", ".join(f"{k} {n}" for k, n in r.defects.items()) or "keine Fehler"
            typer.echo(f"{r.image}: {r.pieces} Teile, {sum(r.defects.values())} fehlerhaft ({kinds}) → {r.annotated}")
    if results and all(r.error for r in results):
        raise typer.Exit(1)


@vision_app.command("train")
def train_cmd(
    data: Path = typer.Option(..., "--data", help="YOLO-Datensatz (images/, labels/) oder Ordner je Klasse"),
    task: TaskKind = typer.Option(TaskKind.detect, "--task"),
    epochs: int = typer.Option(20, "--epochs", min=1),
    out: Path = typer.Option(..., "--out", help="Zieldatei der Gewichte (.pt)"),
    imgsz: int = typer.Option(256, "--imgsz"),
    batch: int = typer.Option(16, "--batch"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Trainiert ein YOLO-Modell von Grund auf (CPU) auf eigenen Fotos und zeigt die Validierungswerte.

    Erkennung: images/ + labels/ im YOLO-Format, Klassennamen aus data.yaml oder classes.txt
    (Namen wie „brezel_verbrannt“ oder „ok“ werden als Produkt/Fehler erkannt). Klassifikation: ein
    Unterordner je Klasse. Ohne Validierungsdaten werden 20 % abgetrennt.
    """
    from tools.errors import DatasetError
    from tools.vision.train import train

    if not data.is_dir():
        typer.echo(f"Fehler: Ordner {data} nicht gefunden.", err=True)
        raise typer.Exit(2)
    try:
        res = train(data, task.value, epochs, out, imgsz=imgsz, batch=batch)
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


@vision_app.command("generate")
def generate(
    out: Path = typer.Option(..., "--out"),
    train_n: int = typer.Option(100, "--train"),
    val_n: int = typer.Option(20, "--val"),
    seed: int = typer.Option(0, "--seed"),
) -> None:
    """Erzeugt synthetische Blech-Fotos mit YOLO-Labels (zum Testen oder Vortrainieren)."""
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
