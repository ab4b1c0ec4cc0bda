"""The stations of the show-case lab tour: each runs one demonstrator for real on the fictional demo company.

A station asks the demonstrator's own agent (or, for the photo check, the detector) the question a bakery
owner would ask, keeps the lead of its answer and its charts, and adds three plain sentences: what it did,
what data it needs, what it brings a firm like the visitor's. The tour module runs them inside the demo
copy's settings scope (agents.registry: `demo_data`), so no live data is read and nothing is logged.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.contracts import AgentReply, Artifact, TurnContext
from agents.nlu.slots import extract_slots
from tools.format_de import share
from tools.settings import get_settings

BAKERY = "Beispiel-Bäckerei „Korn & Kruste“"
FICTIONAL = f"fiktive {BAKERY}"
TRAY_SEED = 20  # the synthetic tray photo of the quality station (fixed: the same photo on every tour)

Compute = Callable[[TurnContext], list[AgentReply]]


@dataclass(frozen=True)
class Station:
    """One stop of the tour: the demonstrator(s) it runs and its three plain sentences."""

    id: str
    title: str
    tools: tuple[str, ...]
    compute: Compute
    did: str
    needs: str
    brings: str  # "{firm}" becomes "einem Betrieb wie Ihrem" (with the visitor's trade when known)


def _agent(module: str, question: str, keep: tuple[str, ...] = ()) -> Compute:
    """A station part that asks a demonstrator's agent `question` and keeps the lead of its answer."""

    def compute(ctx: TurnContext) -> list[AgentReply]:
        import importlib

        run = importlib.import_module(module).run
        reply: AgentReply = run(extract_slots(question, ctx.today), ctx.model_copy(update={"view": "full"}))
        reply.data = {"question": question, "answer": reply.data}
        reply.text = lead(reply.text, keep)
        return [reply]

    return compute


def _both(*parts: Compute) -> Compute:
    def compute(ctx: TurnContext) -> list[AgentReply]:
        return [r for part in parts for r in part(ctx)]

    return compute


def lead(text: str, keep: tuple[str, ...] = ()) -> str:
    """The paragraphs of an answer that start with one of `keep` (or its first paragraph): the tour shows the
    headline figures, the full answer stays one question away."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    if keep:
        lines = [line for p in paragraphs for line in p.splitlines() if line.startswith(keep)]
        if lines:  # a campaign's "### title" becomes a list item of the station
            out: list[str] = []
            for line in lines:
                item = line.startswith("### ")
                if out and item != out[-1].startswith("- "):
                    out.append("")  # a blank line ends the list: the next line is no part of its last item
                out.append(f"- {line[4:]}" if item else line)
            return "\n".join(out)
    return paragraphs[0] if paragraphs else text


def _tray_photo() -> Path:
    """The synthetic tray photo (tools.vision.generator), written once under the charts folder."""
    import cv2
    import numpy as np

    from tools.vision.generator import generate_tray

    path = get_settings().charts_dir / "rundgang" / f"blech-{TRAY_SEED}.jpg"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        img, _ = generate_tray(np.random.default_rng(TRAY_SEED), width=640, height=480)
        tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp.jpg")
        cv2.imwrite(str(tmp), img)
        tmp.replace(path)  # a parallel tour never reads half a photo
    return path


def quality(ctx: TurnContext) -> list[AgentReply]:
    """The detector on a synthetic tray photo – read-only: unlike the chat's photo check nothing is logged."""
    from tools.vision.classes import DEFECT_LABELS, pieces_of
    from tools.vision.inference import check_images

    check = check_images([_tray_photo()], names=["Blech-Foto (synthetisch)"])[0]
    if check.error:
        raise RuntimeError(check.error)  # our own generated photo: a failure here is a bug
    products = ", ".join(pieces_of(sum(v.values()), p) for p, v in check.by_product.items())
    text = f"Auf dem Blech-Foto habe ich {check.pieces} Teile erkannt ({products})"
    if check.defective:
        kinds = ", ".join(
            f"{n}× {DEFECT_LABELS.get(k, k)}" for k, n in sorted(check.defects.items(), key=lambda x: -x[1])
        )
        text += f", davon {check.defective} fehlerhaft ({share(check.defective / check.pieces)}): {kinds}."
    else:
        text += ", alle in Ordnung."
    text += " Grün markiert = in Ordnung, rot = Fehler."
    artifacts = [Artifact(kind="image", path=Path(check.annotated), name="Geprüftes Blech")] if check.annotated else []
    data: dict[str, Any] = {"check": check.model_dump(by_alias=True, mode="json"), "logged_rows": 0}
    return [AgentReply(text=text, tools_called=["quality_check"], artifacts=artifacts, data=data)]


def handbook(ctx: TurnContext) -> list[AgentReply]:
    """A staff question answered from the demo company's own handbook (never from documents an owner uploaded)."""
    from agents.hr.onboarding_qa import format_answer
    from tools.rag import HANDBOOK_COLLECTION, HANDBOOK_DIR
    from tools.rag.qa import answer

    question = "Wie lange dauert meine Pause bei 8 Stunden Arbeit?"
    shipped = {p.name for p in HANDBOOK_DIR.glob("*.md")}
    found = answer(question, HANDBOOK_COLLECTION)
    own = [h for h in found.passages if Path(h.source).name in shipped]
    near = [h for h in found.candidates if Path(h.source).name in shipped]
    confidence = found.confidence if own else "keine"
    found = found.model_copy(update={"passages": own, "candidates": near, "confidence": confidence})
    text = f"Frage einer neuen Mitarbeiterin: „{question}“\n\n" + format_answer(found)
    data = {"question": question, "found": found.found, "passages": [h.source for h in own]}
    return [AgentReply(text=text, tools_called=["onboarding_qa"], data=data)]


STATIONS: tuple[Station, ...] = (
    Station(
        "forecast",
        "Absatzprognose",
        ("forecast",),
        _agent("agents.sales.forecast", "Wie viele Brötchen verkaufen wir morgen in Stendal?"),
        "Ich habe vorhergesagt, wie viele Brötchen die beiden Stendaler Filialen morgen verkaufen – "
        "mit einer Spanne, die die Unsicherheit ehrlich zeigt.",
        "Dafür braucht es die täglichen Verkaufszahlen je Artikel und Filiale aus der Kasse, am besten "
        "über zwei Jahre, dazu Feiertage und Wetter.",
        "{firm} zeigt das früh, wann mehr oder weniger los ist – für Einkauf, Personal und Ware, die nicht "
        "übrig bleibt.",
    ),
    Station(
        "production_plan",
        "Produktionsplan",
        ("production_plan",),
        _agent("agents.operations.production_plan", "Produktionsplan für morgen in Stendal"),
        "Aus der Nachfrage habe ich einen Backplan gerechnet: so viele Stück je Artikel, dass die Ware bis "
        "Ladenschluss reicht und möglichst wenig übrig bleibt.",
        "Dafür braucht es Verkaufs- und Backmengen, Preise und Herstellkosten je Artikel und die Rezepte für "
        "Teig und Rohstoffe.",
        "{firm} hilft das, zu viel und zu wenig gegeneinander abzuwägen – mit Zahlen statt Bauchgefühl.",
    ),
    Station(
        "quality_check",
        "Qualitätskontrolle per Foto",
        ("quality_check",),
        quality,
        "Ein Bilderkennungsmodell hat auf einem Blech-Foto jedes Teil gefunden und verbrannte, zu helle, "
        "deformierte oder gerissene Stücke markiert.",
        "Dafür braucht es Fotos von oben bei gutem Licht und einige Hundert markierte Beispielbilder zum "
        "Trainieren; dieses Foto ist künstlich erzeugt.",
        "{firm} gibt das eine schnelle, gleichbleibende Sichtprüfung und eine Fehlerstatistik nebenbei.",
    ),
    Station(
        "onboarding_qa",
        "Antwort aus dem Handbuch",
        ("onboarding_qa",),
        handbook,
        "Ich habe eine typische Frage neuer Mitarbeitender direkt aus dem Handbuch der Beispiel-Bäckerei "
        "beantwortet – wörtlich zitiert und mit Quelle.",
        "Dafür braucht es die eigenen Unterlagen des Betriebs, etwa Handbuch, Regeln und Anleitungen als "
        "Text, PDF oder Word.",
        "{firm} erspart das viele Rückfragen bei der Einarbeitung, und es gilt, was schriftlich festgehalten ist.",
    ),
    Station(
        "staffing",
        "Personalbedarf und Recruiting-Kampagne",
        ("staffing", "recruiting_campaign"),
        _both(
            _agent(
                "agents.hr.staffing",
                "Reicht unser Personal in den Adventswochen?",
                ("**Personalbedarf", "Im ganzen Zeitraum"),
            ),
            _agent(
                "agents.hr.recruiting_campaign",
                "Recruiting-Kampagne für die Adventszeit",
                ("### ", "Gesamtkosten aller Kampagnen"),
            ),
        ),
        "Ich habe den Personalbedarf aus den erwarteten Mengen mit dem Dienstplan verglichen und für die "
        "Lücken eine Recruiting-Kampagne mit Kanälen, Zeitplan und Kosten entworfen.",
        "Dafür braucht es den Dienstplan mit Vertragsstunden, Urlaub und Krankenquote, dazu die Mengen aus "
        "Prognose und Backplan.",
        "{firm} zeigt das Engpässe, bevor sie entstehen – früh genug, um noch Leute zu finden.",
    ),
    Station(
        "money",
        "Budget und Liquidität",
        ("budget_forecast", "liquidity"),
        _both(
            _agent(
                "agents.finance.budget_forecast", "Wie entwickeln sich Umsatz und Kosten in den nächsten 6 Monaten?"
            ),
            _agent("agents.finance.liquidity", "Reicht unser Geld bis Ende Februar?", ("Kontostand am",)),
        ),
        "Ich habe Umsatz und Kosten der kommenden Monate vorhergesagt und daraus den Kontostand Tag für Tag geplant.",
        "Dafür braucht es Monatsumsätze und Kosten aus der Buchhaltung, den aktuellen Kontostand und die festen "
        "Zahlungstermine.",
        "{firm} zeigt das früh, ob das Geld reicht – und Sie können mit der Bank reden, bevor es eng wird.",
    ),
    Station(
        "chain",
        "Die Kette in einem Bild",
        ("overview",),
        _agent(
            "agents.supervisor.overview",
            "Was bedeutet die Adventsnachfrage für Produktion, Personal und Finanzen?",
            ("**Gesamtüberblick", "Kette:"),  # the period first: it differs from the staffing station's
        ),
        "Zum Schluss alles in einem Bild: Die Nachfrage bestimmt die Produktion, die Produktion den "
        "Personalbedarf, und alles zusammen das Geld.",
        "Dafür braucht es keine weiteren Daten – nur die der einzelnen Stationen, gemeinsam durchgerechnet.",
        "{firm} zeigt das, wie eine Entscheidung an einer Stelle alle anderen verändert.",
    ),
)


def firm_phrase(memory: dict[str, Any]) -> str:
    """'Einem Betrieb wie Ihrem', with the visitor's trade when the readiness interview already knows it."""
    mem = memory.get("readiness") or {}
    for raw in ((mem.get("interview") or {}).get("profile"), (mem.get("result") or {}).get("profile")):
        label = (raw or {}).get("trade_label")
        if label:
            return f"Einem Betrieb wie Ihrem ({label})"
    return "Einem Betrieb wie Ihrem"


def station_of(tool: str) -> tuple[int, Station] | None:
    """(1-based number, station) of the tour stop that demonstrates `tool` on the fictional copy, or None."""
    return next(((n, st) for n, st in enumerate(STATIONS, start=1) if tool in st.tools), None)
