"""`smalltalk`: greetings, thanks, goodbyes, 'who are you' – always honest about being an AI."""

from __future__ import annotations

import re

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.normalize import fold

# „Woher kommen deine Zahlen?“, „Rätst du die?“ with no figures before it (after figures it asks how they were made)
_ORIGIN = re.compile(
    r"^(?:und |aber |ok |okay |also |na |sag mal,? )?(?:woher (?:kommen|stammen|hast du|haben sie|nimmst du|nehmen sie)"
    r"(?: eigentlich| denn)* (?:deine |ihre |die |eure )?(?:zahlen|daten|infos|informationen|werte|prognosen|antworten)"
    r"|(?:raetst|ratet|raten|erfindest|erfinden) (?:du|sie|ihr)\b"
    r"|sind (?:deine|ihre|die|eure) (?:zahlen|antworten|prognosen) (?:\w+ )?(?:echt|geraten|erfunden|ausgedacht)\b)"
)
# „Sind die Zahlen von einem Menschen oder von der KI?“: a person and a machine weighed against each other
_HUMAN_OR_AI = re.compile(
    r"\b(?:mensch\w*|jemand)\b.*\boder\b.*\b(?:ki|kuenstliche\w*|maschine|computer\w*|programm|bot)\b"
    r"|\b(?:ki|kuenstliche\w*|maschine|computer\w*|programm|bot)\b.*\boder\b.*\b(?:mensch\w*|jemand)\b"
)
HUMAN_OR_AI_LEAD = "Ich bin ein KI-System, kein Mensch – auch die Zahlen rechnet niemand von Hand nach. "
ORIGIN_ANSWER = (
    "Ich rate nicht und erfinde keine Zahlen: Jede Zahl kommt aus einem Modell oder einer Berechnung auf Ihren Daten. "
    "Absatzprognosen lernt ein Prognosemodell aus Ihren bisherigen Verkäufen, dem Wetter und den Feiertagen; Back-, "
    "Ofen- und Tourenpläne rechnet ein Optimierungsverfahren aus dieser Prognose und Ihren Kosten; Geldfragen "
    "beantworte ich aus Kontostand, Buchhaltung und Umsatzprognose; Regeln zitiere ich aus Ihrem Mitarbeiterhandbuch. "
    "Unter jeder Antwort steht „So habe ich gerechnet“, und nach einer Zahl können Sie fragen „Wie sicher ist das?“."
)


def asks_data_origin(text: str) -> bool:
    """True when `text` asks where the assistant's figures come from or whether they are guessed."""
    t = fold(text).strip()
    return _ORIGIN.search(t) is not None or _HUMAN_OR_AI.search(t) is not None


def asks_human_or_ai(text: str) -> bool:
    """True when `text` asks whether a person or an AI system answers (EU AI Act Art. 50: said plainly)."""
    return _HUMAN_OR_AI.search(fold(text).strip()) is not None


_RULES: list[tuple[str, str]] = [
    (
        r"\b(tschuess|wiedersehen|ciao|bis spaeter|bis bald|bis morgen|gute nacht|feierabend|schoenen tag)\b",
        "Auf Wiedersehen und einen schönen Tag! Ihr Gesprächsverlauf bleibt gespeichert.",
    ),
    (r"\b(danke|dank|merci|super|prima|toll|klasse)\b", "Gern geschehen! Womit kann ich Ihnen noch helfen?"),
    (  # „ja“ / „nein“ when no question of mine is waiting (an upload's yes is answered by the import itself)
        r"^\W*(ja|jo|jawohl|jap|nein|nee|ne|noe|ok|okay)(?: bitte| danke| gerne?| klar)?\W*$",
        "Darauf wartet gerade keine Frage von mir – vielleicht ist eine frühere Frage schon beantwortet oder die "
        "Datei nicht mitgekommen. Sagen Sie mir einfach, was Sie wissen möchten, oder schreiben Sie „Hilfe“.",
    ),
    (
        r"\b(wer bist|wie heisst|mensch|roboter|echt|ki|kuenstliche|maschine|programmiert|gebaut|computer\w*|\w*programm|bot|chatbot)\b",
        "Ich bin der synerKI Assistent – ein KI-System, kein Mensch. Ich beantworte Fragen zu Absatz, Produktion, "
        "Personal, Finanzen und KI-Readiness; meine Zahlen kommen aus Modellen und Berechnungen auf Ihren Daten.",
    ),
]
_GREETING = {
    "owner": "Fragen Sie mich z. B. nach einer Absatzprognose, dem Produktionsplan, dem Liquiditätsplan oder einem "
    "Gesamtüberblick für nächste Woche",
    "employee": "Fragen Sie mich z. B. nach den Regeln im Mitarbeiterhandbuch, dem heutigen Produktionsplan oder "
    "lassen Sie ein Blech-Foto prüfen",
    "guest": "Ich führe Sie gern durch den KI-Readiness-Check für Ihr Unternehmen und erstelle daraus eine KI-Strategie",
}


def chat_phrase(folded: str) -> bool:
    """The folded text is a goodbye, thanks, a bare yes/no or a question about the assistant (its own answer)."""
    return asks_data_origin(folded) or any(re.search(pattern, folded) for pattern, _ in _RULES)


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """A short friendly reply without numbers."""
    t = fold(slots.text)
    if asks_human_or_ai(slots.text):
        return AgentReply(text=HUMAN_OR_AI_LEAD + ORIGIN_ANSWER)
    if asks_data_origin(slots.text):
        return AgentReply(text=ORIGIN_ANSWER)
    for pattern, answer in _RULES:
        if re.search(pattern, t):
            return AgentReply(text=answer)
    return AgentReply(
        text=f"Hallo! Ich bin der synerKI Assistent, ein KI-System. {_GREETING[ctx.role]} – oder schreiben Sie „Hilfe“."
    )
