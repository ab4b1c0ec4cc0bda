"""„Was kostet uns eine Verkäuferin im Monat?“: the cost of a role from the staff contracts, per person and in
total; a role the data does not have (Aushilfe, Minijob) is said so, with the roles there are."""

from __future__ import annotations

import re

from agents.contracts import AgentReply, Slots, TurnContext
from agents.nlu.normalize import fold, latest_question
from agents.plain import plain_answer
from tools.company.models import Employee, Role
from tools.format_de import count, eur, num, share
from tools.staffing.staff_cost import RoleCost, StaffCost, staff_cost

_COST = re.compile(
    r"\b(?:was|wie ?viel)\b.*\bkoste[nt]?\b|personalkosten|lohnkosten|\bverdien\w*|\bgehalt|\bgehaelter|\bloehne?\b"
)
_ROLE_WORDS: dict[Role, str] = {
    "Verkauf": r"verkaeufer\w*|verkauf\w*|theke|filialkraft|filialkraefte",
    "Bäcker": r"baecker\w*|geselle\w*",
    "Konditor": r"konditor\w*",
    "Fahrer": r"fahrer\w*|auslieferer\w*",
    "Azubi": r"azubi\w*|auszubildende\w*|lehrling\w*",
    "Leitung": r"leitung|leiter\w*|chef\w*",
}
_UNKNOWN_ROLE = re.compile(r"aushilf\w*|minijob\w*|werkstudent\w*|praktikant\w*|saisonkraft\w*")


# „und in Teilzeit?“: the contracts of that kind (part time below 30 hours a week, full time from 35)
_CONTRACT = {
    "Teilzeit": re.compile(r"\bteilzeit\w*|\bhalbtags\b"),
    "Vollzeit": re.compile(r"\bvollzeit\w*|\bganztags\b"),
}
PART_TIME_BELOW, FULL_TIME_FROM = 30.0, 35.0


def contract_kind(text: str) -> str | None:
    """„Teilzeit“ or „Vollzeit“ when the text names the kind of contract, else None."""
    t = fold(text or "")
    return next((k for k, p in _CONTRACT.items() if p.search(t)), None)


def asks_cost(text: str) -> bool:
    """True for a question about what staff (a role, or all) costs."""
    t = fold(text or "")
    return bool(_COST.search(t)) and (
        any(re.search(p, t) for p in _ROLE_WORDS.values()) or "personal" in t or _UNKNOWN_ROLE.search(t) is not None
    )


def names_role(text: str) -> bool:
    """True when `text` names a role of the staff data or one it does not have („und ein Fahrer?“), or the
    kind of contract („und in Teilzeit?“)."""
    return bool(_asked_roles(text)) or _UNKNOWN_ROLE.search(fold(text)) is not None or contract_kind(text) is not None


def role_positions(text: str) -> list[tuple[int, Role]]:
    """Where the roles of the staff data are named in `text` (folded), as (position, role), in text order."""
    t = fold(text)
    found = [(m.start(), role) for role, p in _ROLE_WORDS.items() for m in re.finditer(rf"\b(?:{p})", t)]
    return sorted(found)


def _asked_roles(text: str) -> list[str]:
    t = fold(text)
    return [role for role, p in _ROLE_WORDS.items() if re.search(rf"\b(?:{p})", t)]


def _sentence(r: RoleCost, factor: float) -> str:
    one, group = _SAID[r.role]
    all_of = group.format(n=r.people, people=count(r.people, "Person", "Personen"))
    return (
        f"{one} kostet Sie im Schnitt {eur(r.cost_per_person)} im Monat: {eur(r.gross_per_person)} brutto "
        f"({num(r.hours_week, 1, trim=True)} Wochenstunden × {eur(r.hourly_wage, cents=True)}) plus "
        f"{share(factor - 1, 0)} Arbeitgeberanteil zur Sozialversicherung. {all_of}, zusammen "
        f"{eur(r.cost_total)} im Monat."
    )


def of_kind(staff: list[Employee], kind: str | None) -> list[Employee]:
    """The staff with that kind of contract (all when none is named or none has it)."""
    if kind is None:
        return staff
    chosen = [
        e
        for e in staff
        if (e.contract_hours_week < PART_TIME_BELOW if kind == "Teilzeit" else e.contract_hours_week >= FULL_TIME_FROM)
    ]
    return chosen or staff


_SAID = {  # (one person, all of the role)
    "Verkauf": ("Eine Kraft im Verkauf", "Im Verkauf arbeiten {people}"),
    "Bäcker": ("Ein Bäcker", "Sie beschäftigen {n} Bäcker"),
    "Konditor": ("Ein Konditor", "Sie beschäftigen {n} Konditoren"),
    "Fahrer": ("Ein Fahrer", "Sie beschäftigen {n} Fahrer"),
    "Azubi": ("Ein Azubi", "Sie bilden {n} Azubis aus"),
    "Leitung": ("Eine Leitungskraft", "In der Leitung arbeiten {people}"),
}


def staff_cost_reply(slots: Slots, ctx: TurnContext, sites: list[str] | None) -> AgentReply:
    """The cost of the roles asked (all roles when none is named) from the staff contracts."""
    from tools.company.data import load_staff

    # the latest question decides (a follow-up's slots carry the question before it in front)
    latest = latest_question(slots.text or "")
    kind = contract_kind(latest)
    res: StaffCost = staff_cost(of_kind(load_staff(), kind), sites)
    asked = _asked_roles(latest) or (_asked_roles(slots.text) if kind else [])
    shown = [r for r in res.roles if r.role in asked]
    if shown:
        lead = " ".join(_sentence(r, res.employer_factor) for r in shown)
    elif _UNKNOWN_ROLE.search(fold(latest)):
        lead = (
            "Aushilfen, Minijobs oder Saisonkräfte führen Ihre Personaldaten nicht als eigene Rolle – dazu kann "
            f"ich nichts ausrechnen. Ihr Personal kostet zusammen {eur(res.total)} im Monat; je Rolle:"
        )
    else:
        lead = f"Ihr Personal kostet Sie zusammen {eur(res.total)} im Monat (Brutto plus Arbeitgeberanteil); je Rolle:"
    table = [
        "| Rolle | Personen | Wochenstunden je Person | Stundenlohn | Kosten je Person | Kosten gesamt |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    table += [
        f"| {r.role} | {r.people} | {num(r.hours_week, 1, trim=True)} | {eur(r.hourly_wage, cents=True)} | "
        f"{eur(r.cost_per_person)} | {eur(r.cost_total)} |"
        for r in res.roles
    ]
    method = [
        "Aus den Arbeitsverträgen Ihrer Personaldaten: Wochenstunden × Stundenlohn × 52/12 Wochen je Monat, dazu "
        f"{share(res.employer_factor - 1, 0)} Arbeitgeberanteil zur Sozialversicherung (Renten-, Kranken-, Pflege-, "
        "Arbeitslosen- und Unfallversicherung, gerundet). Urlaub und Krankheit sind bezahlt und ändern die Kosten nicht."
    ]
    if kind:
        method.append(
            f"{kind}: Verträge mit {'unter 30' if kind == 'Teilzeit' else 'ab 35'} Wochenstunden aus Ihren Personaldaten."
        )
    return AgentReply(
        text=plain_answer(lead, table, method), tools_called=["staffing"], data=res.model_dump(mode="json")
    )
