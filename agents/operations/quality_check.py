"""Tool `quality_check`: check uploaded tray photos for defects, or report defect rates from the log."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.nlu.dates import parse_date_expression
from agents.uploads import IMAGE_SUFFIXES, MAX_PHOTOS
from tools.company.catalog import PRODUCT_BY_ID
from tools.format_de import WEEKDAYS, date_range, share
from tools.settings import get_settings
from tools.vision.classes import CATALOG_TO_PRODUCT, DEFECT_LABELS, PRODUCT_PLURAL, pieces_of
from tools.vision.photo_types import PHOTO_TYPES_DE

if TYPE_CHECKING:
    from tools.vision.log import DefectStats

MAX_IMAGES = MAX_PHOTOS  # the supervisor passes no more (agents.uploads.shared_out); the check's own bound
STATS_WORDS = (
    "quote",
    "rate",
    "anteil",
    "statistik",
    "ausschuss",
    "prozent",
    "%",
    "auswertung",
    "protokoll",
    "verlauf",
    "häufig",
    "wie oft",
    "bilanz",
    "trend",
    "insgesamt",
    "durchschnitt",
)
TIME_WORDS = (
    "woche",
    "monat",
    "gestern",
    "bisher",
    "letzte",
    "vergangen",
    "seit",
    "hatten",
    "waren",
    "gab es",
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
)
OWN_MODEL_RE = re.compile(
    r"\b(mein\w*|unser\w*|eigene\w*|angelernte\w*)\s+(modell|prüfung|fotoprüfung|prüfmodell)", re.I
)
NO_OWN_MODEL = (
    "Ein eigenes Prüfmodell ist noch nicht angelernt; ich prüfe mit dem Standardmodell. Zum Anlernen hängen Sie "
    "ein ZIP mit je einem Ordner pro Klasse an (z. B. „ok“ und „gebrochen“)."
)
TRAIN_RE = re.compile(r"\b(an)?(lern|trainier|beibring)\w*|\beigenen? fotos\b", re.I)
PHOTO_RE = re.compile(r"\b(fotos?|bild|bilder|blech|anhang|hochgeladene?s?|aufnahme)\b")
GROUP_TO_PRODUCT = {"broetchen": "broetchen", "feingebaeck": "croissant"}


def wants_stats(text: str) -> bool:
    """True when a request without photo asks for logged figures (defect rate, counts)."""
    t = text.lower()
    if any(w in t for w in STATS_WORDS):
        return True
    return any(w in t for w in TIME_WORDS) and not PHOTO_RE.search(t)


def product_from(slots: Slots) -> str | None:
    """The detector product (broetchen/brezel/croissant) named in the request, if any."""
    for pid in slots.products:
        if pid in CATALOG_TO_PRODUCT:
            return CATALOG_TO_PRODUCT[pid]
    for g in slots.groups:
        if g in GROUP_TO_PRODUCT:
            return GROUP_TO_PRODUCT[g]
    t = slots.text.lower()
    for pid, prod in CATALOG_TO_PRODUCT.items():
        words = [pid] + PRODUCT_BY_ID[pid].synonyms
        if any(re.search(rf"\b{re.escape(w)}", t) for w in words):
            return prod
    if re.search(r"br[oö]e?tchen|semmel|schripp", t):
        return "broetchen"
    return None


def period_from(slots: Slots, today: date) -> tuple[date, date, str, bool]:
    """(start, end, German label, default_used) for a stats request. Dates given with the request win; dates
    the NLU read from the text are read again as a question about the past ('diese Woche' = Monday to today);
    without any, the running week (or month, when the text speaks of a month) up to today."""
    named = slots.dates
    if named is None or named == parse_date_expression(slots.text, today):
        named = parse_date_expression(slots.text, today, past=True)
    if named:
        return named.start, named.end, named.label, False
    t = slots.text.lower()
    if "monat" in t:
        return today.replace(day=1), today, "diesen Monat", False
    return today - timedelta(days=today.weekday()), today, "diese Woche", "woche" not in t


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Photos attached → check them; otherwise figures from the log or a hint to upload a photo."""
    if ctx.attachments:
        return check_photos(slots, ctx)
    if wants_stats(slots.text) or (slots.dates is not None and not TRAIN_RE.search(slots.text)):
        return defect_report(slots, ctx)  # "Und am Samstag?" after a check: that day's figures from the log
    if TRAIN_RE.search(slots.text):  # "Qualitätsprüfung anlernen" without the ZIP: how to send it
        from agents.operations.quality_training import HOW_TO

        return AgentReply(text=HOW_TO, tools_called=["quality_check"])
    return AgentReply(
        text="Für die Qualitätskontrolle laden Sie bitte ein Foto eines Blechs oder Bands mit Brötchen, "
        "Brezeln oder Croissants hoch (" + PHOTO_TYPES_DE + ", am besten von oben fotografiert). "
        "Ich zähle dann die Teile und markiere verbrannte, zu helle, deformierte und gerissene Stücke. "
        "Sie können auch fragen: „Wie hoch war die Fehlerquote diese Woche bei Brezeln?“",
        tools_called=["quality_check"],
    )


def _bad_type(name: str, mime: str | None) -> bool:
    if mime and mime.startswith("image/"):
        return False
    return Path(name).suffix.lower() not in IMAGE_SUFFIXES


def _model_for(text: str) -> tuple[Path | None, str | None]:
    """The company's own checker when the message asks for it ("mit meinem Modell prüfen"), else the default;
    with a German note when it is asked for but not trained yet."""
    from agents.operations.quality_training import own_model_path

    if not OWN_MODEL_RE.search(text):
        return None, None
    own = own_model_path()
    return (own, None) if own.is_file() else (None, NO_OWN_MODEL)


def _trained_note(model_path: Path) -> str:
    """The own checker's cross-validated accuracy from training: the owner's yardstick for each answer."""
    from tools.vision.piece_report import trained_note

    note = trained_note(model_path)
    return f"\n{note}" if note else ""


def check_photos(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Run the detector on each attached photo, log the results and answer in German."""
    from tools.vision.inference import ImageCheck, check_images
    from tools.vision.log import log_checks

    atts = ctx.attachments[:MAX_IMAGES]
    lines: list[str] = []
    artifacts: list[Artifact] = []
    checks: list[ImageCheck] = []
    good = [a for a in atts if not _bad_type(a.name, a.mime)]
    for a in atts:
        if a not in good:
            checks.append(
                ImageCheck(
                    image=a.name,
                    label="fehler",
                    error=f"Die Datei „{a.name}“ ist kein Foto ({a.mime or 'unbekannter Typ'}). "
                    f"Bitte laden Sie ein Foto hoch ({PHOTO_TYPES_DE}).",
                )
            )
    model_path, note = _model_for(slots.text)
    try:
        checks += check_images([a.path for a in good], model_path=model_path, names=[a.name for a in good])
    except FileNotFoundError:
        return AgentReply(
            text="Das Prüfmodell ist auf diesem Server nicht installiert – "
            "bitte wenden Sie sich an die Administration.",
            tools_called=["quality_check"],
        )
    batch = f"{ctx.thread_id[:24]}-{uuid.uuid4().hex[:8]}"
    when = datetime.combine(ctx.today, get_settings().now().time())  # ctx.today is the settings' day
    n_rows = log_checks(checks, batch=batch, user=ctx.user, when=when)
    total_pieces = total_defective = 0
    for c in checks:
        if c.error:
            lines.append(f"• {c.error}")
            continue
        if c.annotated:
            artifacts.append(Artifact(kind="image", path=c.annotated, name=f"Prüfung {c.image}"))
        if c.model:  # a bakery's own single-piece checker: one class per photo
            total_pieces += 1
            total_defective += c.defective
            state = "fehlerhaft" if c.defective else "in Ordnung"
            lines.append(
                f"• „{c.image}“: {c.label} – {state} (Sicherheit {share(c.confidence or 0)}; geprüft mit Ihrem eigenen Modell {c.model})."
            )
            continue
        if c.pieces == 0:
            lines.append(
                f"• „{c.image}“: Ich habe auf dem Foto keine Backwaren erkannt (Brötchen, Brezeln "
                "oder Croissants). Bitte fotografieren Sie das Blech von oben, gut ausgeleuchtet."
            )
            continue
        total_pieces += c.pieces
        total_defective += c.defective
        prods = ", ".join(pieces_of(sum(v.values()), p) for p, v in c.by_product.items())
        if c.defective:
            kinds = ", ".join(
                f"{n}× {DEFECT_LABELS.get(k, k)}" for k, n in sorted(c.defects.items(), key=lambda kv: -kv[1])
            )
            lines.append(
                f"• „{c.image}“: {c.pieces} Teile erkannt ({prods}), davon {c.defective} fehlerhaft "
                f"({share(c.defective / c.pieces)}): {kinds}."
            )
        else:
            lines.append(f"• „{c.image}“: {c.pieces} Teile erkannt ({prods}), alle in Ordnung.")
    ok_checks = [c for c in checks if not c.error]
    head = f"Qualitätskontrolle für {len(ok_checks)} Foto{'s' if len(ok_checks) != 1 else ''}:"
    if not ok_checks:
        head = "Ich konnte kein Foto prüfen:"
    text = (f"{note}\n\n" if note else "") + head + "\n" + "\n".join(lines)
    if model_path is not None and ok_checks:
        text += _trained_note(model_path)
    for warning in dict.fromkeys(c.warning for c in ok_checks if c.warning):  # own model not shown better
        text += f"\n{warning}"
    if total_pieces and len(ok_checks) > 1:
        text += (
            f"\nInsgesamt: {total_pieces} Teile, {total_defective} fehlerhaft "
            f"({share(total_defective / total_pieces)})."
        )
    if len(ctx.attachments) > MAX_IMAGES:
        text += f"\nHinweis: Ich prüfe höchstens {MAX_IMAGES} Fotos pro Nachricht; der Rest wurde übersprungen."
    if total_pieces and artifacts:
        text += (
            "\nDie markierten Fotos sehen Sie unten (grün = in Ordnung, rot = Fehler). Das Ergebnis "
            "stammt von einem KI-Modell – bitte prüfen Sie auffällige Teile selbst."
        )
    elif total_pieces:
        text += "\nDas Ergebnis stammt von einem KI-Modell – bitte prüfen Sie auffällige Teile selbst."
    return AgentReply(
        text=text,
        tools_called=["quality_check"],
        artifacts=artifacts,
        data={
            "batch": batch,
            "logged_rows": n_rows,
            "checks": [c.model_dump(by_alias=True, mode="json") for c in checks],
        },
    )


def _period_words(start: date, end: date) -> str:
    """'Am Samstag, 21.11.2026' for one day, 'Im Zeitraum 16.11.–22.11.2026' for several (sentence start)."""
    if start == end:
        return f"Am {WEEKDAYS[start.weekday()]}, {start:%d.%m.%Y}"
    return f"Im Zeitraum {date_range(start, end)}"


def defect_report(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Defect rate of a period (and product) from the check log, with a bar chart per product."""
    from tools.vision.log import defect_stats

    start, end, label, default_used = period_from(slots, ctx.today)
    product = product_from(slots)
    stats = defect_stats(start, end, product)
    what = f"bei {PRODUCT_PLURAL[product]}" if product else "über alle Produkte"
    data = {"stats": stats.model_dump(mode="json")}
    if not stats.pieces:
        text = (
            f"{_period_words(start, end)} sind {what} noch keine Fotoprüfungen gespeichert. Laden Sie ein Foto eines "
            "Blechs hoch, dann wird jede Prüfung automatisch protokolliert."
        )
        return AgentReply(text=text, tools_called=["quality_check"], data=data)
    text = (
        f"Fehlerquote {label} {what}: {share(stats.rate or 0)} – {stats.defective} von {stats.pieces} "
        f"geprüften Teilen auf {stats.images} Foto{'s' if stats.images != 1 else ''} "
        f"({date_range(start, end)})."
    )
    if stats.by_defect:
        kinds = ", ".join(
            f"{DEFECT_LABELS.get(k, k)}: {n}" for k, n in sorted(stats.by_defect.items(), key=lambda kv: -kv[1])
        )
        text += f"\nFehlerarten: {kinds}."
    if not product and len(stats.by_product) > 1:
        parts = ", ".join(
            f"{PRODUCT_PLURAL.get(p, p)} {share(v['rate'])} ({int(v['defective'])}/{int(v['pieces'])})"
            for p, v in stats.by_product.items()
        )
        text += f"\nJe Produkt: {parts}."
    if default_used:
        text += "\n(Ohne Zeitangabe habe ich die laufende Woche ab Montag ausgewertet.)"
    artifacts = [Artifact(kind="image", path=_chart(stats), name="Fehlerquote je Produkt")]
    return AgentReply(text=text, tools_called=["quality_check"], artifacts=artifacts, data=data)


def _chart(stats: DefectStats) -> str:
    from tools.charts import new_figure, save_figure

    fig, ax = new_figure(7, 3.5)
    names = [PRODUCT_PLURAL.get(p, p) for p in stats.by_product]
    rates = [v["rate"] * 100 for v in stats.by_product.values()]
    ax.bar(names, rates, color="#c0392b")
    for i, v in enumerate(stats.by_product.values()):
        ax.text(i, rates[i], f"{int(v['defective'])}/{int(v['pieces'])}", ha="center", va="bottom", fontsize=9)
    ax.set_ylabel("Fehlerquote in %")
    ax.set_title(f"Fehlerquote {date_range(stats.start, stats.end)}")
    return str(save_figure(fig, "fehlerquote"))
