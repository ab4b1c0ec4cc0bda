"""„Können wir uns eine neue Verkäuferin leisten?“: the monthly cost of one more person of a role (from the
staff contracts) against the budget's monthly result and the liquidity plan, with the role's missing hours."""

from __future__ import annotations

import re
from datetime import date, timedelta

from agents.contracts import AgentReply, Slots, TurnContext
from agents.finance.common import data_error_reply
from agents.hr.staff_cost_answer import contract_kind, of_kind, role_positions
from agents.nlu.normalize import fold, latest_question
from agents.nlu.slots import extract_slots
from agents.plain import plain_answer
from tools.chain.links import period_staffing
from tools.company.models import Role
from tools.errors import DataError
from tools.finance.hire import HireEffect, hire_effect
from tools.format_de import day, eur, month_long, num, share
from tools.number_words import NUMBER_WORDS
from tools.staffing.staffing import RoleTotal

NEED_WEEKS = 6  # the staffing answer's default period
FULL_TIME_HOURS = 40.0
_AFFORD = re.compile(
    r"\bleisten\b|\bbezahlen\b|\bfinanzier\w*|\bbezahlbar\w*|\btragbar\w*|\brechnet sich\b|\blohnt (?:es )?sich\b|"
    r"\breicht (?:das|unser) geld\b|\bgeld fuer\b|\berlauben\b|\bdrin\b|\bkoste[nt]?\b|\bkosten wuerde\b"
)
# „eine neue Verkäuferin“, „noch einen Bäcker“, „zwei zusätzliche Fahrer“, „mehr Personal“: a new person named
_PERSON = (
    r"(?:verkaeuf\w*|baecker\w*|konditor\w*|fahrer\w*|azubi\w*|auszubildende\w*|kraft|kraefte|leute|personal|"
    r"mitarbeiter\w*|person\w*|leitung\w*|filialleiter\w*|geselle\w*|kolleg\w*|\w+kraft|\w+kraefte)"
)
# „Können wir uns eine Vollzeitkraft im Verkauf leisten?“: affording a person needs no „neue“
_AFFORD_PERSON = re.compile(r"\b(?:leisten|finanzier\w*|bezahlbar\w*|tragbar\w*|erlauben)\b")
_NEW = re.compile(
    r"\b(?:neue[nrms]?|weitere[nrms]?|zusaetzliche[nrms]?|noch|mehr)\s+(?:[a-z]+\s+){0,2}?" + _PERSON + r"\b"
    r"|\b" + _PERSON + r"\s+(?:[a-z]+\s+)?zusaetzlich\b"
    r"|\b(?:noch )?jemand(?:en)?\b(?: (?:neues|zusaetzlich))?|\beinstell\w*|\beinzustellen\b"
)
_PEOPLE = re.compile(
    r"\b(\d{1,2}|zwei|drei|vier|fuenf|sechs)\b(?!\s*(?:[.,]\d|wochen|stunden|std|h\b|uhr|euro|eur|prozent|%|\.))"
    r"|\b(ein|eine|einen)\s+(?:\w+\s+)?(?=verkaeuf|baecker|konditor|fahrer|azubi|kraft|person|mitarbeit|leitung)"
)
_START_MONTH = re.compile(
    r"\bab\s+(?:anfang\s+|dem\s+)?(januar|februar|maerz|april|mai|juni|juli|august|september|oktober|november|"
    r"dezember)\b"
)
_HOURS = re.compile(r"\b(\d{1,2}(?:[.,]\d)?)\s*(?:wochen)?(?:stunden|std\.?|h)\b")
_FULL_TIME = re.compile(r"\bvollzeit\w*")
_HALF_TIME = re.compile(r"\bhalbtags\w*|\bhalbe stelle\b")


def hire_turn(text: str) -> bool:
    """The turn asks about one more person: itself, or as a follow-up naming a detail of the earlier hire
    question („Und ab März?“); „Was heißt das für unser Konto im Februar?“ after it is the cash plan again."""
    latest = latest_question(text)
    carried = asks_hire(text) or roles_named(fold(text))
    return asks_hire(latest) or bool(carried and (names_hire_detail(latest) or affords_one_more(latest)))


def asks_hire(text: str) -> bool:
    """True for a question whether one more person (of a role, or anyone) is affordable or what it would cost."""
    t = fold(text or "")
    if _AFFORD_PERSON.search(t) and re.search(
        rf"\b(?:ein|eine|einen|ne|nen|\d+|zwei|drei|vier)\s+(?:\w+\s+)?{_PERSON}\b", t
    ):
        return True
    return _NEW.search(t) is not None and _AFFORD.search(t) is not None


def _latest(pattern: re.Pattern[str], t: str) -> re.Match[str] | None:
    found = list(pattern.finditer(t))
    return found[-1] if found else None


def hours_asked(t: str) -> float | None:
    """Weekly hours named last („mit 30 Stunden“, „Vollzeit“, „halbtags“), None when none."""
    marks = [(m.start(), float(m.group(1).replace(",", "."))) for m in _HOURS.finditer(t)]
    marks += [(m.start(), FULL_TIME_HOURS) for m in _FULL_TIME.finditer(t)]
    marks += [(m.start(), FULL_TIME_HOURS / 2) for m in _HALF_TIME.finditer(t)]
    return max(marks)[1] if marks else None


def people_asked(t: str) -> int:
    """How many new people were named last („zwei Bäcker“, „Und drei?“); one when no number is named."""
    found = _latest(_PEOPLE, t)
    if found is None:
        return 1
    word = found.group(1) or found.group(2)
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


# „Und können wir uns noch einen leisten?“ after what a role costs: one more of the role just named
_ONE_MORE = re.compile(r"\bnoch (?:ein|einen|eine|einer|welche|zwei|drei)\b\W*(?:leisten|bezahlen|drin)")


def affords_one_more(text: str) -> bool:
    """True for „können wir uns noch einen leisten?“: one more of a role named before, not in the message."""
    return _ONE_MORE.search(fold(text or "")) is not None


_SELLING = re.compile(r"verkauf(?:en|t|te|ten|st)\b")


def roles_named(t: str) -> list[tuple[int, Role]]:
    """The roles named in the folded text, in order; „verkaufen“ (the verb) names no role."""
    return [(pos, r) for pos, r in role_positions(t) if not _SELLING.match(t, pos)]


def names_hire_detail(text: str) -> bool:
    """True when a short follow-up names a role, a number of people, weekly hours or a start („Und ab März?“)."""
    t = fold(text or "")
    named = roles_named(t) or _HOURS.search(t) or _FULL_TIME.search(t) or _HALF_TIME.search(t) or contract_kind(t)
    return bool(named or _START_MONTH.search(t) or _PEOPLE.search(t) or re.search(r"\bab\s+\d", t))


def _start(slots: Slots, today: date) -> tuple[date, bool]:
    """The first working day named last („ab März“, „ab 1. Februar“, if it lies ahead), else the first of next
    month (an assumption)."""
    month = _latest(_START_MONTH, fold(slots.text or ""))
    named = extract_slots(f"im {month.group(1)}", today).dates if month else None
    if named is not None and named.start > today:
        return named.start, True
    if slots.dates is not None and slots.dates.start > today:
        return slots.dates.start, True
    first_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first_next, False


def _need(today: date) -> list[RoleTotal]:
    end = today - timedelta(days=today.weekday()) + timedelta(weeks=NEED_WEEKS, days=-1)
    return period_staffing(today, end, None, today).totals


def _contract_asked(t: str) -> str | None:
    """„Teilzeit“ / „Vollzeit“ when the latest question names the kind of contract and no hours."""
    latest = latest_question(t)
    return contract_kind(latest) if hours_asked(latest) is None else None


def _hours(role: Role, t: str) -> float | None:
    """Weekly hours named; „und in Teilzeit?“ in the latest question: the mean hours of the role's part-time
    contracts (of that kind); None: the role's mean."""
    from tools.company.data import load_staff

    kind = _contract_asked(t)
    if kind is None:
        return hours_asked(t)
    hours = [e.contract_hours_week for e in of_kind(load_staff(), kind) if e.role == role]
    return sum(hours) / len(hours) if hours else hours_asked(t)


def _role(t: str, needs: list[RoleTotal]) -> tuple[Role, bool]:
    """The role named last; none named: the role with the most missing hours (said in the answer)."""
    named = roles_named(t)
    if named:
        return max(named)[1], True
    short = max(needs, key=lambda n: n.shortage_hours, default=None)
    return (short.role if short and short.shortage_hours > 0 else "Verkauf"), False  # type: ignore[return-value]


_ONE = {
    "Verkauf": "Kraft im Verkauf",
    "Bäcker": "Bäcker",
    "Konditor": "Konditor",
    "Fahrer": "Fahrer",
    "Azubi": "Azubi",
    "Leitung": "Leitungskraft",
}
_MANY = {"Verkauf": "Kräfte im Verkauf", "Leitung": "Leitungskräfte", "Azubi": "Azubis", "Konditor": "Konditoren"}


def _who(r: HireEffect) -> str:
    if r.people == 1:
        return ("eine weitere " if r.role in ("Verkauf", "Leitung") else "ein weiterer ") + _ONE[r.role]
    return f"{r.people} weitere {_MANY.get(r.role, _ONE[r.role])}"


def _lead(r: HireEffect) -> str:
    who = _who(r)
    paid = [m for m in r.months if m.cost > 0]
    weakest = min(paid, key=lambda m: m.result_after) if paid else None
    verb = "kostet" if r.people == 1 else "kosten"
    cost = f"{who[0].upper()}{who[1:]} {verb} Sie rund {eur(r.monthly_cost)} im Monat"
    results = (
        f"Ihr Betriebsergebnis bleibt jeden Monat positiv (schwächster Monat {month_long(weakest.month)}: "
        f"{eur(weakest.result_after)} statt {eur(weakest.result)})"
        if weakest and weakest.result_after >= 0
        else "Ihr Betriebsergebnis würde dadurch in einzelnen Monaten negativ"
    )
    if r.verdict == "nicht_tragbar" and sum(m.result_after for m in paid) < 0:
        return f"❌ Nein: {cost}, und Ihr Betriebsergebnis würde über die Monate zusammen negativ."
    if r.verdict == "nicht_tragbar":
        before = day(r.base.credit_exceeded_on) if r.base.credit_exceeded_on else None
        return (
            f"❌ Eher nicht: {cost}. Mit {'der neuen Kraft' if r.people == 1 else 'den neuen Kräften'} reicht Ihre "
            f"Kreditlinie ({eur(r.credit_line)}) schon am {day(r.after.credit_exceeded_on)} nicht mehr"  # type: ignore[arg-type]
            + (f" (ohne am {before})." if before else " (ohne bleibt sie im Rahmen).")
        )
    if r.base.below_zero_on is not None:
        tight = (
            f"Ihr Konto fällt aber schon ohne neue Kraft am {day(r.base.below_zero_on)} unter 0 €"
            + (
                f" und überschreitet am {day(r.base.credit_exceeded_on)} die Kreditlinie von {eur(r.credit_line)}"
                if r.base.credit_exceeded_on
                else ""
            )
            + f"; mit {'der neuen Kraft' if r.people == 1 else 'den neuen Kräften'} sinkt der tiefste Stand von "
            f"{eur(r.base_min_balance)} auf {eur(r.min_balance)}."
        )
        return f"⚠️ Vom Ergebnis her ja, vom Konto her wird es eng: {cost}. {results}. {tight}"
    if r.verdict == "knapp":
        return f"⚠️ Knapp: {cost}. {results}, aber der Kontostand fällt tiefer: {eur(r.min_balance)} statt {eur(r.base_min_balance)}."
    return f"✅ Ja: {cost}. {results}, und Ihr Konto bleibt über dem Sicherheitspuffer von {eur(r.safety_buffer)}."


def _need_line(r: HireEffect, needs: list[RoleTotal], today: date) -> str:
    need = next((n for n in needs if n.role == r.role), None)
    end = today - timedelta(days=today.weekday()) + timedelta(weeks=NEED_WEEKS, days=-1)
    them = "die Kraft" if r.people == 1 else "die Kräfte"
    if need is None or need.shortage_hours <= 0:
        return (
            f"Brauchen Sie {them}? In den nächsten {NEED_WEEKS} Wochen (bis {day(end)}) fehlen in der Rolle "
            f"„{r.role}“ laut Personalplanung keine Stunden – {'sie wäre' if r.people == 1 else 'sie wären'} vor "
            "allem Reserve für Urlaub und Krankheit."
        )
    covered = min(need.shortage_hours, r.people * r.hours_week * NEED_WEEKS)
    return (
        f"Brauchen Sie {them}? In den nächsten {NEED_WEEKS} Wochen (bis {day(end)}) fehlen in der Rolle "
        f"„{r.role}“ {num(need.shortage_hours, 1)} Stunden (in der stärksten Woche {num(need.max_week_shortage_hours, 1)}); "
        f"{'sie deckt' if r.people == 1 else 'sie decken'} mit {num(r.hours_week, 1, trim=True)} Wochenstunden "
        f"{'je Person ' if r.people > 1 else ''}bis zu {num(covered, 0)} davon."
    )


def hire_reply(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Can the business afford one more person of the role asked (or of the role that lacks most hours)?"""
    if ctx.view != "full":
        return AgentReply(text="Löhne, Ergebnis und Kontostand sieht nur die Geschäftsführung.", tools_called=[])
    t = fold(slots.text or "")
    start, start_named = _start(slots, ctx.today)
    try:
        needs = _need(ctx.today)
        role, role_named = _role(t, needs)
        r = hire_effect(role, start, people_asked(t), _hours(role, t))
    except DataError as exc:
        return data_error_reply(exc)
    table = ["| Monat | Ergebnis ohne | Kosten neu | Ergebnis mit |", "|---|---:|---:|---:|"]
    paid = [m for m in r.months if m.cost > 0]  # from the start month on
    table += [f"| {month_long(m.month)} | {eur(m.result)} | {eur(m.cost)} | {eur(m.result_after)} |" for m in paid]
    assumed = [] if start_named else [f"Beginn am {day(start)} (kein Termin genannt)"]
    if not role_named:
        assumed.append(f"Rolle „{role}“, weil dort die meisten Stunden fehlen (keine Rolle genannt)")
    kind = _contract_asked(t)
    if kind is not None and r.hours_named:  # „und in Teilzeit?“: the mean of those contracts
        assumed.append(f"{num(r.hours_week, 1, trim=True)} Wochenstunden wie im Schnitt Ihrer {kind}verträge")
    elif not r.hours_named:
        assumed.append(f"{num(r.hours_week, 1, trim=True)} Wochenstunden wie im Schnitt der Rolle (keine genannt)")
    method = [
        f"Kosten: Wochenstunden × Durchschnittslohn der Rolle ({eur(r.hourly_wage, cents=True)} je Stunde, Spanne "
        f"{eur(r.wage_low, cents=True)}–{eur(r.wage_high, cents=True)}) × 52/12 Wochen plus "
        f"{share(r.employer_factor - 1, 0)} Arbeitgeberanteil. Ergebnis aus der Budgetprognose (Umsatz minus Kosten "
        f"vor Steuern und Entnahmen), Kontostand aus dem Liquiditätsplan bis {day(r.horizon_end)} mit dem neuen Lohn "
        "am Lohntag jedes Monats; Personalbedarf aus der Personalplanung.",
        ("Angenommen: " + "; ".join(assumed) + ".") if assumed else "",
    ]
    lines = [_need_line(r, needs, ctx.today), "", *table]
    return AgentReply(
        text=plain_answer(_lead(r), lines, method),
        tools_called=["staffing", "budget_forecast", "liquidity"],
        data=r.model_dump(mode="json"),
    )
