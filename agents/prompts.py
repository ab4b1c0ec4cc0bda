"""German texts of the supervisor: greetings, examples per role, refusals, clarifications."""

from __future__ import annotations

from agents.contracts import Role

AI_NOTICE = (
    "Hinweis: Ich bin ein KI-System (synerKI Assistent). Meine Antworten werden automatisch erzeugt; "
    "Zahlen stammen aus Modellen und Berechnungen auf den genannten Daten, Regeln aus den hinterlegten "
    "Dokumenten – bitte prüfen Sie wichtige Entscheidungen."
)

# EU AI Act Art. 50: a result the system generated (check result, process map, strategy) says so where it is shown
RESULT_NOTICE = (
    "Hinweis (EU-KI-Verordnung, Art. 50): Dieses Ergebnis hat ein KI-System – der synerKI Assistent – automatisch "
    "aus Ihren Angaben erzeugt; bitte prüfen Sie es, bevor Sie darauf Entscheidungen stützen."
)

ROLE_NAMES: dict[Role, str] = {"owner": "Inhaberin/Geschäftsführung", "employee": "Mitarbeitende", "guest": "Gast"}

STARTERS: dict[Role, list[str]] = {
    "owner": [
        "Wie viele Brötchen verkaufen wir morgen in Stendal?",
        "Was bedeutet die Adventsnachfrage für Produktion, Personal und Finanzen?",
        "Reicht unser Geld bis Ende Februar?",
        "Wie belegen wir die Öfen morgen früh?",
    ],
    "employee": [
        "Wie lange dauert meine Pause bei 8 Stunden Arbeit?",
        "Darf ich im Verkauf Schmuck tragen?",
        "Produktionsplan für morgen",
        "Was können Sie alles?",
    ],
    "guest": [
        "Was kann KI in einer Bäckerei?",
        "KI-Readiness-Check starten",
        "Wo verlieren wir Zeit?",
        "Welche KI-Strategie passt zu meinem Betrieb?",
        "Was können Sie alles?",
    ],
}

# a conversation (its memory, history, readiness results, uploads) belongs to the login that began it
OTHER_THREAD = (
    "Dieses Gespräch gehört zu einem anderen Zugang und lässt sich mit Ihrem nicht fortsetzen. "
    "Bitte beginnen Sie ein neues Gespräch (oben links „Neuer Chat“)."
)
REFUSAL = (
    "Diese Funktion ({title}) steht in Ihrer Rolle „{role}“ nicht zur Verfügung. "
    "Das ist eine feste Regel des Systems und lässt sich auch durch andere Formulierungen nicht umgehen. "
    "Fragen Sie nach „Hilfe“, um zu sehen, was Sie nutzen können."
)

# an employee's refused question (a figure, plan or tool of the owner): said kindly, with whom to ask instead and
# what the assistant does for them; the thread goes on
EMPLOYEE_REFUSAL = (
    "Diese Funktion ({title}) steht in Ihrer Rolle „Mitarbeitende“ nicht zur Verfügung: Umsätze, Gewinn, "
    "Kontostand, Pläne und Auswertungen der Firma sind der Geschäftsführung vorbehalten, daran ändert auch eine "
    "andere Formulierung nichts. Wenn Sie dazu etwas wissen müssen, fragen Sie bitte Ihre Filialleitung oder die "
    "Geschäftsführung. Ihre Fragen zum Mitarbeiterhandbuch – Arbeitszeit, Urlaub, Lohnregeln, Hygiene, Kasse – "
    "beantworte ich gern."
)

# a guest's refused question: whose data the function works on and what a visitor can do here instead
GUEST_REFUSAL = (
    "Diese Funktion ({title}) steht in Ihrer Rolle „Gast“ nicht zur Verfügung: Sie {uses} "
    "der Bäckerei Korn & Kruste und ist {who} vorbehalten. Für Ihr eigenes Unternehmen können Sie hier den "
    "KI-Readiness-Check machen („KI-Check starten“) oder Ihre Abläufe in einer Prozesslandkarte erfassen "
    "(„Prozesslandkarte starten“)."
)

# after a guest's refusal when the show-case tour demonstrates that function on the fictional copy
GUEST_TOUR_HINT = (
    " Wie so etwas mit erfundenen Beispieldaten aussieht, zeige ich Ihnen im Rundgang „Was kann KI in einer "
    "Bäckerei?“ – dort ist Station {n} „{title}“; sagen Sie dazu „Rundgang starten“."
)

NO_PREVIOUS_FILE = (
    "In diesem Gespräch gibt es noch keine Antwort, die ich als Datei ausgeben kann. Fragen Sie z. B. "
    "„Produktionsplan für morgen als Excel“ oder „Liquiditätsplan als CSV“."
)
EMPTY = "Ihre Nachricht ist leer. Stellen Sie mir gern eine Frage, zum Beispiel: „{example}“"
TOO_LONG = (
    "Ihre Nachricht ist mit {n} Zeichen zu lang (höchstens {limit}). Bitte kürzen Sie sie oder "
    "teilen Sie sie auf mehrere Nachrichten auf – es ist nichts verloren gegangen."
)
# before CLARIFY when the likeliest reading is a finance tool the role may not use ("Wie viel Umsatz hatte
# Stendal?" from staff); an unsure staffing reading of "Kriege ich als Azubi mehr Urlaub?" gets no such line
FORBIDDEN_MAYBE = (
    "Falls Sie „{title}“ meinen: Diese Funktion steht in Ihrer Rolle „{role}“ nicht zur Verfügung. Sonst: "
)
# the answer to the second question of a two-question message, below the first answer
OTHER_QUESTION = "**Zu Ihrer Frage „{asked}“:**\n\n"
# „nein danke“ to an answer's offer („Soll ich dafür eine Recruiting-Kampagne entwerfen?“)
OFFER_DECLINED = "Gut, dann lasse ich die {title} weg. Womit kann ich Ihnen noch helfen?"
# „ok mach“ with nothing offered before it
NOTHING_OFFERED = (
    "Gern – ich habe Ihnen gerade aber nichts angeboten, das ich jetzt starten könnte. Was soll ich tun? "
    "Schreiben Sie es mir in einem Satz, oder schreiben Sie „Hilfe“, dann zeige ich, wobei ich helfen kann."
)
# a message none of whose words the assistant knows („asdf jklö“)
NOT_UNDERSTOOD = (
    "Das habe ich leider nicht verstanden – keines der Wörter kann ich einer Frage zuordnen. Schreiben Sie Ihre "
    "Frage bitte in ganzen Worten, oder schreiben Sie „Hilfe“ für eine Übersicht, wobei ich helfen kann."
)
CLARIFY = (
    "Ich bin nicht sicher, was Sie meinen. Meinen Sie {options}? Antworten Sie einfach mit „Ja“ "
    "(oder dem Namen der Funktion) – oder schreiben Sie „Hilfe“."
)
# a turn that failed outside the tools (routing, checkpoint, the web app itself)
TURN_FAILED = (
    "Bei Ihrer Anfrage ist ein interner Fehler aufgetreten (Fehler-ID {error_id}). "
    "Ihre Nachricht ist nicht verloren – bitte versuchen Sie es gleich noch einmal. "
    "Nennen Sie bei Rückfragen die Fehler-ID."
)
INTERNAL_ERROR = (
    "Bei der Funktion „{title}“ ist ein interner Fehler aufgetreten (Fehler-ID {error_id}). "
    "Ihre Nachricht ist nicht verloren – bitte versuchen Sie es gleich noch einmal oder formulieren "
    "Sie die Frage anders. Nennen Sie bei Rückfragen die Fehler-ID."
)
