"""German texts of the supervisor: greetings, examples per role, refusals, clarifications."""
from __future__ import annotations

from agents.contracts import Role

AI_NOTICE = ("Hinweis: Ich bin ein KI-System (synerKI Assistent). Meine Antworten werden automatisch erzeugt; "
             "Zahlen stammen aus Modellen und Berechnungen auf Ihren Daten – bitte prüfen Sie wichtige Entscheidungen.")

ROLE_NAMES: dict[Role, str] = {"owner": "Inhaberin/Geschäftsführung", "employee": "Mitarbeitende", "guest": "Gast"}

# (title, example request) shown as starters and in the help answer
EXAMPLES: dict[str, list[str]] = {
    "forecast": ["Wie viele Brötchen verkaufen wir morgen in Stendal?", "Absatzprognose Stollen für den 2. Advent"],
    "demand_drivers": ["Was treibt unseren Absatz – Wetter, Feiertage, Advent?"],
    "production_plan": ["Wie viele Roggenbrote sollen wir morgen in Stendal backen?", "Produktionsplan für Samstag"],
    "oven_schedule": ["Wie belegen wir die Öfen morgen früh?"],
    "delivery_routes": ["Plane die Liefertouren für Samstag"],
    "quality_check": ["Prüfe dieses Blech-Foto auf Fehler (Foto anhängen)"],
    "onboarding_qa": ["Wie lange dauert meine Pause bei 8 Stunden Arbeit?", "Darf ich im Verkauf Schmuck tragen?"],
    "staffing": ["Reicht unser Personal in den Adventswochen?"],
    "recruiting_campaign": ["Entwirf eine Stellenanzeige für eine Verkäuferin in Gardelegen"],
    "budget_forecast": ["Wie entwickeln sich Umsatz und Kosten in den nächsten 6 Monaten?"],
    "liquidity": ["Reicht unser Geld bis Ende Februar?"],
    "investment": ["Lohnt sich ein neuer Ofen für 48.000 €, der jährlich 9.000 € spart?"],
    "interview": ["KI-Readiness-Check starten"],
    "strategy": ["Welche KI-Strategie passt zu meinem Betrieb?"],
    "overview": ["Was bedeutet die Adventsnachfrage für Produktion, Personal und Finanzen?"],
}

STARTERS: dict[Role, list[str]] = {
    "owner": ["Wie viele Brötchen verkaufen wir morgen in Stendal?",
              "Was bedeutet die Adventsnachfrage für Produktion, Personal und Finanzen?",
              "Reicht unser Geld bis Ende Februar?",
              "Wie belegen wir die Öfen morgen früh?"],
    "employee": ["Wie lange dauert meine Pause bei 8 Stunden Arbeit?",
                 "Darf ich im Verkauf Schmuck tragen?",
                 "Produktionsplan für morgen",
                 "Was kannst du alles?"],
    "guest": ["KI-Readiness-Check starten",
              "Welche KI-Strategie passt zu meinem Betrieb?",
              "Was kannst du alles?",
              "Wie funktioniert das hier?"],
}

REFUSAL = ("Diese Funktion ({title}) steht in Ihrer Rolle „{role}“ nicht zur Verfügung. "
           "Das ist eine feste Regel des Systems und lässt sich auch durch andere Formulierungen nicht umgehen. "
           "Fragen Sie nach „Hilfe“, um zu sehen, was Sie nutzen können.")

EMPTY = "Ihre Nachricht ist leer. Stellen Sie mir gern eine Frage, zum Beispiel: „{example}“"
TOO_LONG = ("Ihre Nachricht ist mit {n} Zeichen zu lang (höchstens {limit}). Bitte kürzen Sie sie oder "
            "teilen Sie sie auf mehrere Nachrichten auf – es ist nichts verloren gegangen.")
CLARIFY = ("Ich bin nicht sicher, was Sie meinen. Meinen Sie {options}? Antworten Sie einfach mit „Ja“ "
           "(oder dem Namen der Funktion) – oder schreiben Sie „Hilfe“.")
