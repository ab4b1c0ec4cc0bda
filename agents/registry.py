"""The one declaration of every tool: its agent, German title and description, who may use it and what
each role sees of it, its LLM argument schema, its routing examples and its `run`.

Adding a tool means one `ToolSpec` here, one agent module and its examples file (docs/DEVELOPING.md).
`authorize` is the only place that decides access.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from pydantic import BaseModel

from agents.contracts import AgentId, AgentReply, Role, Slots, TurnContext, View
from agents.llm.args import ToolArgs

TRAIN_DIR = Path(__file__).resolve().parent / "nlu" / "data" / "train"

ToolRun = Callable[[Slots, TurnContext], AgentReply]
ALL: Mapping[Role, View] = MappingProxyType({"owner": "full", "employee": "full", "guest": "full"})
OWNER: Mapping[Role, View] = MappingProxyType({"owner": "full"})
OWNER_GUEST: Mapping[Role, View] = MappingProxyType({"owner": "full", "guest": "full"})


@dataclass(frozen=True)
class ToolSpec:
    """Everything the system knows about one tool id (DESIGN.md: the ids are an interface)."""

    id: str
    agent: AgentId
    title: str
    description: str
    module: str  # the agent module whose `run(slots, ctx)` answers; imported on first use (keeps starts fast)
    access: Mapping[Role, View]  # roles that may use it -> what that role sees; an absent role is refused
    examples: tuple[str, ...] = ()  # shown in the help answer ("z. B. …"); empty: not offered there
    args: type[BaseModel] = ToolArgs  # what an LLM may fill in; our parsers check it (agents/llm/args.py)
    routable: bool = True  # the router learns it from `examples_file`
    # runs on the separate copy of the fictional demo company (tools.company.demo_copy), never on live data:
    # the one kind of tool whose business figures a guest may see
    demo_data: bool = False
    _run: list[ToolRun] = field(default_factory=list, repr=False, compare=False)

    @property
    def examples_file(self) -> Path:
        """German requests the embedded router learns this tool from, one per line."""
        return TRAIN_DIR / f"{self.id}.txt"

    def run(self, slots: Slots, ctx: TurnContext) -> AgentReply:
        """Answer in the agent module (on the demo copy for a `demo_data` tool); the tool id is always the
        first of the tools called."""
        if not self._run:
            self._run.append(importlib.import_module(self.module).run)
        if self.demo_data:
            from tools.company.demo_copy import demo_company

            with demo_company():
                reply = self._run[0](slots, ctx)
        else:
            reply = self._run[0](slots, ctx)
        if self.id not in reply.tools_called:
            reply.tools_called.insert(0, self.id)
        return reply


def _spec(
    id: str,
    agent: AgentId,
    title: str,
    description: str,
    access: Mapping[Role, View],
    examples: tuple[str, ...] = (),
    module: str | None = None,
    routable: bool = True,
    demo_data: bool = False,
) -> ToolSpec:
    return ToolSpec(
        id=id,
        agent=agent,
        title=title,
        description=description,
        access=access,
        examples=examples,
        module=module or f"agents.{agent}.{id}",
        routable=routable,
        demo_data=demo_data,
    )


STAFF: Mapping[Role, View] = MappingProxyType({"owner": "full", "employee": "full"})
# an employee sees quantities and expected ranges, never the business's money figures (issue: trust)
STAFF_QUANTITIES: Mapping[Role, View] = MappingProxyType({"owner": "full", "employee": "quantities"})
# an employee asks the handbook; only the owner adds documents to it
STAFF_READ: Mapping[Role, View] = MappingProxyType({"owner": "full", "employee": "read_only"})
# the show-case lab tour: a guest sees the figures of the fictional demo company (a `demo_data` tool only)
GUEST_DEMO: Mapping[Role, View] = MappingProxyType({"owner": "full", "guest": "full"})

TOOLS: Mapping[str, ToolSpec] = MappingProxyType(
    {
        s.id: s
        for s in (
            _spec(
                "forecast",
                "sales",
                "Absatzprognose",
                "Absatzprognose je Produkt/Filiale/Tag mit Intervall",
                OWNER,
                ("Wie viele Brötchen verkaufen wir morgen in Stendal?", "Absatzprognose Stollen für den 2. Advent"),
            ),
            _spec(
                "demand_drivers",
                "sales",
                "Nachfragetreiber",
                "Einflüsse auf den Absatz: Wochentag, Feiertage, Advent, Wetter",
                OWNER,
                ("Was treibt unseren Absatz – Wetter, Feiertage, Advent?",),
            ),
            _spec(
                "price_change",
                "sales",
                "Preisänderung",
                "Was eine Preisänderung bringt: Umsatz bei gleicher Menge, wie viel Absatz sie kosten darf und wie "
                "die Kunden auf frühere Preiserhöhungen in den Verkaufsdaten reagiert haben",
                OWNER,
                ("Kann ich den Brötchenpreis um 5 Cent erhöhen?",),
            ),
            _spec(
                "offers",
                "sales",
                "Angebote aus dem Plan",
                "Abendangebot, Brot vom Vortag, Social-Media-Post und Newsletter aus dem Produktionsplan "
                "(erwartete Retouren, Ausverkauft-Risiko); Maßnahmen gegen Retouren",
                OWNER,
                ("Was können wir gegen die Retouren am Samstag tun?", "Schreib mir ein Abendangebot für morgen"),
            ),
            _spec(
                "production_plan",
                "operations",
                "Produktionsplan",
                "Backmengen je Produkt und Filiale, Teig, Rohstoffe; Retouren-Backtest für einen Zeitraum und "
                "der Jahreswert des Plans (Was bringt mir das im Jahr?)",
                STAFF_QUANTITIES,
                ("Wie viele Roggenbrote sollen wir morgen in Stendal backen?", "Produktionsplan für Samstag"),
            ),
            _spec(
                "oven_schedule",
                "operations",
                "Ofenbelegung",
                "Ofenbelegung: welcher Ofen backt was wann",
                OWNER,
                ("Wie belegen wir die Öfen morgen früh?",),
            ),
            _spec(
                "delivery_routes",
                "operations",
                "Lieferrouten",
                "Liefertouren zu den Filialen",
                OWNER,
                ("Plane die Liefertouren für Samstag",),
            ),
            _spec(
                "quality_check",
                "operations",
                "Qualitätskontrolle per Foto",
                "Qualitätskontrolle eines Blech-Fotos, Fehlerquote",
                STAFF,
                ("Prüfe dieses Blech-Foto auf Fehler (Foto anhängen)",),
            ),
            _spec(
                "onboarding_qa",
                "hr",
                "Fragen zum Mitarbeiterhandbuch",
                "Fragen zum Mitarbeiterhandbuch und zu Regeln im Betrieb",
                STAFF_READ,
                ("Wie lange dauert meine Pause bei 8 Stunden Arbeit?", "Darf ich im Verkauf Schmuck tragen?"),
            ),
            _spec(
                "staffing",
                "hr",
                "Personalbedarf",
                "Personalbedarf gegen Dienstplan, Engpässe",
                OWNER,
                ("Reicht unser Personal in den Adventswochen?",),
            ),
            _spec(
                "recruiting_campaign",
                "hr",
                "Recruiting-Kampagne",
                "Stellenanzeige und Recruiting-Kampagne",
                OWNER,
                ("Entwirf eine Stellenanzeige für eine Verkäuferin in Gardelegen",),
            ),
            _spec(
                "budget_forecast",
                "finance",
                "Budgetprognose",
                "Umsatz und Kosten der kommenden Monate",
                OWNER,
                ("Wie entwickeln sich Umsatz und Kosten in den nächsten 6 Monaten?",),
            ),
            _spec(
                "liquidity",
                "finance",
                "Liquiditätsplan",
                "Liquiditätsplan, Kontostand, Engpässe",
                OWNER,
                ("Reicht unser Geld bis Ende Februar?",),
            ),
            _spec(
                "investment",
                "finance",
                "Investitionsrechnung",
                "Investitionsrechnung: Kapitalwert, interner Zinsfuß, Amortisation",
                OWNER,
                ("Lohnt sich ein neuer Ofen für 48.000 €, der jährlich 9.000 € spart?",),
            ),
            _spec(
                "interview",
                "readiness",
                "KI-Readiness-Interview",
                "KI-Readiness-Interview starten oder fortsetzen",
                ALL,
                ("KI-Readiness-Check starten",),
            ),
            _spec(
                "process_map",
                "readiness",
                "Prozesslandkarte",
                "Prozesslandkarte: Abläufe, Stunden, Probleme und Datenquellen des Betriebs erfassen (wo geht Zeit verloren)",
                OWNER_GUEST,
                ("Wo verlieren wir Zeit?",),
            ),
            _spec(
                "strategy",
                "readiness",
                "KI-Strategie",
                "KI-Strategie und Fahrplan aus den Interview-Ergebnissen",
                ALL,
                ("Welche KI-Strategie passt zu meinem Betrieb?",),
            ),
            _spec(
                "overview",
                "supervisor",
                "Gesamtüberblick",
                "Gesamtüberblick: Nachfrage → Produktion → Personal → Finanzen",
                OWNER,
                ("Was bedeutet die Adventsnachfrage für Produktion, Personal und Finanzen?",),
            ),
            _spec("help", "supervisor", "Hilfe", "Hilfe: was der Assistent kann", ALL),
            _spec("smalltalk", "supervisor", "Smalltalk", "Begrüßung, Dank, Verabschiedung", ALL),
            _spec(
                "out_of_scope",
                "supervisor",
                "Außerhalb meines Aufgabenbereichs",
                "Anfragen außerhalb des Aufgabenbereichs",
                ALL,
            ),
            # not in DESIGN.md's table: the owner's own sales export uploaded in the chat (attachment, never routed)
            _spec(
                "data_import",
                "supervisor",
                "Eigene Verkaufsdaten hochladen",
                "eigene Verkaufsdaten (CSV) übernehmen",
                OWNER,
                routable=False,
            ),
            # the show-case lab tour (issue 20.3): every demonstrator, one click at a time, on the separate copy
            # of the fictional demo company – declared here as the one place where a guest sees business figures
            _spec(
                "lab_tour",
                "supervisor",
                "Show-Case-Rundgang",
                "Geführter Rundgang: was KI in einer Bäckerei kann, an der fiktiven Demo-Bäckerei",
                GUEST_DEMO,
                ("Was kann KI in einer Bäckerei?",),
                module="agents.supervisor.tour",
                demo_data=True,
            ),
            # not in DESIGN.md's table: the owner's own photos as a ZIP (one folder per class) train the photo
            # checker (issue 21.1; attachment, never routed)
            _spec(
                "quality_training",
                "operations",
                "Qualitätsprüfung anlernen",
                "die Fotoprüfung an eigenen Fotos anlernen (ZIP mit einem Ordner je Klasse)",
                OWNER,
                ("Qualitätsprüfung anlernen (ZIP mit Ordnern „ok“ und „gebrochen“ anhängen)",),
                routable=False,
            ),
            # the daily run's stored alerts: acting on one runs its follow-up tool, dismissing one closes it
            _spec(
                "alerts",
                "supervisor",
                "Hinweise aus dem Tageslauf",
                "offene Hinweise anzeigen, erledigen, verwerfen",
                OWNER,
                routable=False,
            ),
        )
    }
)

ToolId = Literal[
    "forecast",
    "demand_drivers",
    "price_change",
    "offers",
    "production_plan",
    "oven_schedule",
    "delivery_routes",
    "quality_check",
    "onboarding_qa",
    "staffing",
    "recruiting_campaign",
    "budget_forecast",
    "liquidity",
    "investment",
    "interview",
    "process_map",
    "strategy",
    "overview",
    "help",
    "smalltalk",
    "out_of_scope",
    "data_import",
    "alerts",
    "lab_tour",
    "quality_training",
]


def spec(tool: str) -> ToolSpec:
    """The declaration of one tool id (KeyError for an unknown id: a programming error)."""
    return TOOLS[tool]


def title(tool: str) -> str:
    """The German display name of a tool id; the id itself only if it is unknown."""
    return TOOLS[tool].title if tool in TOOLS else tool


def agent_of(tool: str) -> AgentId:
    """The agent a tool belongs to (unknown ids belong to the supervisor)."""
    return TOOLS[tool].agent if tool in TOOLS else "supervisor"


def authorize(role: Role, tool: str) -> View | None:
    """What `role` may see of `tool`, or None when the role may not use it. The only access decision."""
    found = TOOLS.get(tool)
    return found.access.get(role) if found is not None else None


def allowed_tools(role: Role) -> frozenset[str]:
    """Every tool id the role may use."""
    return frozenset(t for t in TOOLS if authorize(role, t) is not None)


def uses_demo_data(tool: str) -> bool:
    """True when `tool` runs on the fictional demo copy only (declared in its spec)."""
    found = TOOLS.get(tool)
    return found is not None and found.demo_data


def routable_tools() -> frozenset[str]:
    """Tool ids the router may choose (those with an examples file)."""
    return frozenset(t for t, s in TOOLS.items() if s.routable)
