"""Follow-ups keep the last request's tool and slots and replace what they name (today: Wed 25 Nov 2026)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agents.nlu.followup import MEMORY_KEY, _new_goods_request, asks_year_before, follow_up, recall, remember
from agents.nlu.slots import extract_slots

TODAY = date(2026, 11, 25)


def _after(tool: str, text: str) -> dict[str, Any]:
    return remember({}, tool, extract_slots(text, TODAY))


def _d(found: Any) -> tuple[str, str] | None:
    return (found.start.isoformat(), found.end.isoformat()) if found else None


ROGGEN = "Wie viele Roggenbrote brauchen wir am Samstag in Gardelegen?"
CASES = [
    # (last tool, last request, follow-up, tool, products, branches, dates)
    ("forecast", ROGGEN, "Und am Sonntag?", "forecast", ["roggenbrot"], ["gardelegen"], ("2026-11-29", "2026-11-29")),
    (
        "forecast",
        ROGGEN,
        "und für Tangermünde?",
        "forecast",
        ["roggenbrot"],
        ["tangermuende"],
        ("2026-11-28", "2026-11-28"),
    ),
    (
        "forecast",
        ROGGEN,
        "und die Croissants?",
        "forecast",
        ["buttercroissant"],
        ["gardelegen"],
        ("2026-11-28", "2026-11-28"),
    ),
    (
        "forecast",
        ROGGEN,
        "Warum so viele?",
        "demand_drivers",
        ["roggenbrot"],
        ["gardelegen"],
        ("2026-11-28", "2026-11-28"),
    ),
    (
        "forecast",
        ROGGEN,
        "Woran liegt das?",
        "demand_drivers",
        ["roggenbrot"],
        ["gardelegen"],
        ("2026-11-28", "2026-11-28"),
    ),
    (
        "production_plan",
        ROGGEN,
        "Wie kommt das?",
        "demand_drivers",
        ["roggenbrot"],
        ["gardelegen"],
        ("2026-11-28", "2026-11-28"),
    ),
    ("forecast", ROGGEN, "Und im März?", "forecast", ["roggenbrot"], ["gardelegen"], ("2027-03-01", "2027-03-31")),
    (
        "forecast",
        ROGGEN,
        "Und dieselbe Filiale am 2. Advent?",
        "forecast",
        ["roggenbrot"],
        ["gardelegen"],
        ("2026-12-06", "2026-12-06"),
    ),
    ("forecast", ROGGEN, "Das gleiche für alle Filialen", "forecast", ["roggenbrot"], [], ("2026-11-28", "2026-11-28")),
    (
        "forecast",
        ROGGEN,
        "Und am Wochenende danach?",
        "forecast",
        ["roggenbrot"],
        ["gardelegen"],
        ("2026-12-05", "2026-12-06"),
    ),
    (
        "production_plan",
        "Produktionsplan für morgen",
        "Und übermorgen?",
        "production_plan",
        [],
        [],
        ("2026-11-27", "2026-11-27"),
    ),
    (
        "liquidity",
        "Reicht unser Geld bis Ende Februar?",
        "Woran liegt das?",
        "liquidity",
        [],
        [],
        ("2027-02-01", "2027-02-28"),
    ),
]


# a bare weekday after a dated request is the one of that weekend or week, not the coming one (trial 36)
STOLLEN = "Stollenbedarf dritter Advent Salzwedel?"
HEILIGABEND = "Brötchen für den 24.12. in Gardelegen"
CASES += [
    ("forecast", STOLLEN, "und am samstag?", "forecast", ["stollen"], ["salzwedel"], ("2026-12-12", "2026-12-12")),
    ("forecast", STOLLEN, "und freitag?", "forecast", ["stollen"], ["salzwedel"], ("2026-12-11", "2026-12-11")),
    ("forecast", HEILIGABEND, "und am montag?", "forecast", [], ["gardelegen"], ("2026-12-21", "2026-12-21")),
    (
        "forecast",
        "Stollen nächste Woche in Salzwedel",
        "und nur am Montag?",
        "forecast",
        ["stollen"],
        ["salzwedel"],
        ("2026-11-30", "2026-11-30"),
    ),  # the Monday of the week asked about
    # a word that fixes the weekday keeps its reading: the coming Saturday
    (
        "forecast",
        STOLLEN,
        "und nächsten samstag?",
        "forecast",
        ["stollen"],
        ["salzwedel"],
        ("2026-11-28", "2026-11-28"),
    ),
    # after a month the weekday is the coming one (nothing to be near)
    (
        "forecast",
        "Stollen im Dezember in Salzwedel",
        "und am samstag?",
        "forecast",
        ["stollen"],
        ["salzwedel"],
        ("2026-11-28", "2026-11-28"),
    ),
]


@pytest.mark.parametrize("tool,first,text,want_tool,products,branches,dates", CASES)
def test_follow_up_keeps_the_rest(
    tool: str, first: str, text: str, want_tool: str, products: list[str], branches: list[str], dates: tuple[str, str]
) -> None:
    found = follow_up(_after(tool, first), text, TODAY, routed_tool="help", router_unsure=True)
    assert found is not None, text
    assert found.tool == want_tool
    assert found.slots.products == products and sorted(found.slots.branches) == branches
    assert _d(found.slots.dates) == dates


def test_a_new_rate_keeps_both_amounts_and_a_new_price_replaces_the_first() -> None:
    memory = _after("investment", "Lohnt sich ein neuer Ofen für 48.000 €, der jährlich 9.000 € spart?")
    rate = follow_up(memory, "Und bei 5 % Zinsen?", TODAY, routed_tool="investment", router_unsure=False)
    assert rate is not None and rate.slots.percent == 5 and rate.slots.amounts_eur == [48000, 9000]
    price = follow_up(memory, "Und wenn er 60.000 € kostet?", TODAY, routed_tool="investment", router_unsure=False)
    assert price is not None and price.slots.amounts_eur == [60000, 9000]
    saving = follow_up(memory, "Und wenn er nur 7.000 € im Jahr spart?", TODAY, "investment", False)
    assert saving is not None and saving.slots.amounts_eur == [48000, 7000]


@pytest.mark.parametrize(
    "text,routed",
    [
        ("Wie sieht unsere Liquidität im Januar aus?", "liquidity"),  # a request of its own
        ("Wie viele Streuselkuchen verkaufen wir am Samstag?", "forecast"),  # new full request: starts fresh
        ("Danke!", "smalltalk"),  # names nothing
        ("Und die Liquidität im Januar?", "liquidity"),  # opens like a follow-up, but the router points elsewhere
    ],
)
def test_a_request_of_its_own_is_no_follow_up(text: str, routed: str) -> None:
    assert follow_up(_after("forecast", ROGGEN), text, TODAY, routed_tool=routed, router_unsure=False) is None


def test_without_a_last_request_nothing_is_a_follow_up() -> None:
    assert follow_up({}, "Und am Sonntag?", TODAY, routed_tool="help", router_unsure=True) is None


def test_a_handbook_follow_up_is_read_with_the_previous_question() -> None:
    memory = _after("onboarding_qa", "Wie lange ist meine Pause bei 8 Stunden?")
    found = follow_up(memory, "Und bei 6 Stunden?", TODAY, routed_tool="staffing", router_unsure=True)
    assert found is not None and found.tool == "onboarding_qa" and "Pause" in found.slots.text


def test_memory_keeps_the_thread_through_small_talk_and_drops_it_for_the_interview() -> None:
    memory = _after("forecast", ROGGEN)
    assert remember(memory, "smalltalk", extract_slots("Danke", TODAY)) == memory
    assert MEMORY_KEY not in remember(memory, "interview", extract_slots("Check starten", TODAY))
    last = recall(memory)
    assert last is not None and last.tool == "forecast" and last.slots.branches == ["gardelegen"]


def test_a_short_und_message_the_router_only_calls_help_still_follows_up() -> None:
    memory = _after("onboarding_qa", "Wie lange ist meine Pause bei 8 Stunden?")
    assert follow_up(memory, "Und bei 6 Stunden?", TODAY, routed_tool="help", router_unsure=False) is not None
    assert follow_up(memory, "Und bei 6 Stunden?", TODAY, routed_tool="staffing", router_unsure=False) is None
    # the router's pick is a tool the role may not use (None): no other topic either
    assert follow_up(memory, "Und bei 6 Stunden?", TODAY, routed_tool=None, router_unsure=False) is not None


@pytest.mark.parametrize(
    "text,routed",
    [
        ("so etwa 8000 Euro im Jahr an Energie", "budget_forecast"),  # the router alone hears a budget question
        ("er spart etwa 8000 € Energie im Jahr", "investment"),  # words beyond slots, no "und …" opener
        ("8000 Euro", "help"),
    ],
)
def test_the_answer_to_the_asked_yearly_saving_completes_the_investment(text: str, routed: str) -> None:
    memory = _after("investment", "Lohnt sich ein neuer Ofen für 45000 Euro?")  # answered: "Wie viel spart …?"
    found = follow_up(memory, text, TODAY, routed_tool=routed, router_unsure=False)
    assert found is not None and found.tool == "investment"
    assert found.slots.amounts_eur == [45000, 8000]


def test_an_amount_for_another_topic_after_a_complete_investment_is_no_answer() -> None:
    memory = _after("investment", "Lohnt sich ein neuer Ofen für 48.000 €, der jährlich 9.000 € spart?")
    found = follow_up(memory, "Wie hoch ist der Umsatz bei 8000 Euro Werbung?", TODAY, "budget_forecast", False)
    assert found is None


def test_a_handbook_follow_up_leaves_out_a_greeting_before_the_first_question() -> None:
    """Browser trial 5: „und wie beantrage ich den?“ after „Hallo, ich bin neu hier. Wie viele Urlaubstage habe
    ich?“ searched with the greeting and quoted the holiday entitlement first, the application second."""
    memory = _after("onboarding_qa", "Hallo, ich bin neu hier. Wie viele Urlaubstage habe ich?")
    found = follow_up(memory, "und wie beantrage ich den?", TODAY, routed_tool="help", router_unsure=True)
    assert found is not None and found.slots.text == "Wie viele Urlaubstage habe ich? und wie beantrage ich den?"
    chained = follow_up(remember(memory, "onboarding_qa", found.slots), "und bis wann?", TODAY, "help", True)
    assert chained is not None and chained.slots.text.startswith("Wie viele Urlaubstage habe ich? und wie")


@pytest.mark.parametrize(
    "first,dates",
    [
        ("Welche Filiale läuft am schlechtesten?", ("2026-10-01", "2026-10-31")),  # sales so far: the October gone by
        ("Was haben wir im September verkauft?", ("2026-10-01", "2026-10-31")),
        ("Wie viel verkaufen wir im Januar?", ("2027-10-01", "2027-10-31")),  # a forecast: the October to come
    ],
)
def test_a_month_in_a_follow_up_lies_on_the_side_of_the_thread(first: str, dates: tuple[str, str]) -> None:
    found = follow_up(_after("forecast", first), "Und im Oktober?", TODAY, routed_tool="help", router_unsure=True)
    assert found is not None and _d(found.slots.dates) == dates


# ---------------------------------------------------------------- trial 6 (a fresh new-user trial)


@pytest.mark.parametrize(
    ("last_text", "say", "products", "groups"),
    [
        (
            "Wie viele Croissants verkaufen wir Freitag in Bismark?",
            "Nein, ich meinte Schokocroissants",
            ["schokocroissant"],
            [],
        ),
        ("Wie viele Brezeln backen wir morgen für Salzwedel?", "nee, ich meinte Brötchen", [], ["broetchen"]),
        ("Wie viele Brezeln backen wir morgen für Salzwedel?", "sorry, meinte Roggenbrot", ["roggenbrot"], []),
    ],
)
def test_a_correction_replaces_the_goods_and_keeps_the_rest(
    last_text: str, say: str, products: list[str], groups: list[str]
) -> None:
    """'nein, ich meinte Brötchen' was asked back between the handbook and the photo check."""
    memory = _after("forecast", last_text)
    found = follow_up(memory, say, TODAY, None, True)
    assert found is not None and found.tool == "forecast"
    assert found.slots.products == products and found.slots.groups == groups
    assert found.slots.branches == recall(memory).slots.branches and found.slots.dates == recall(memory).slots.dates


def test_how_the_figure_comes_about_asks_its_drivers() -> None:
    """'Wie kommt die Zahl zustande?' went to the handbook (a passage about the till)."""
    memory = _after("forecast", "Prognose Stollen für den 12.12. in Salzwedel")
    found = follow_up(memory, "Wie kommt die Zahl zustande?", TODAY, "onboarding_qa", False)
    assert found is not None and found.tool == "demand_drivers" and found.slots.products == ["stollen"]


def test_why_so_many_on_a_closed_day_keeps_the_figure_tool() -> None:
    """'warum so viel?' after 'Gardelegen is closed on Sunday': the drivers explain nothing, the closed day does."""
    closed = _after("forecast", "Wie viele Brötchen verkaufen wir am Sonntag in Gardelegen?")
    assert follow_up(closed, "warum so viel?", TODAY, None, True).tool == "forecast"
    open_day = _after("forecast", "Wie viele Brötchen verkaufen wir am Samstag in Gardelegen?")
    assert follow_up(open_day, "warum so viel?", TODAY, None, True).tool == "demand_drivers"


def test_a_neighbouring_tool_pointing_back_keeps_day_branch_and_goods() -> None:
    from agents.nlu.followup import carry

    memory = _after("production_plan", "Was müssen wir für Samstag in Havelberg backen?")
    text = "Wie verteilen wir das auf die Öfen?"
    carried = carry(memory, text, "oven_schedule", extract_slots(text, TODAY))
    assert _d(carried.dates) == ("2026-11-28", "2026-11-28") and carried.branches == ["havelberg"]
    staffing = _after("staffing", "Haben wir im Dezember genug Leute in Havelberg?")
    text = "dann mach mir eine Stellenanzeige dafür"
    assert carry(staffing, text, "recruiting_campaign", extract_slots(text, TODAY)).branches == ["havelberg"]
    # a request of its own (no pointing back) or an unrelated tool starts fresh
    text = "Ofenplan für Freitag"
    assert _d(carry(memory, text, "oven_schedule", extract_slots(text, TODAY)).dates) == ("2026-11-27", "2026-11-27")
    text = "und die Liquidität?"
    assert carry(memory, text, "liquidity", extract_slots(text, TODAY)).dates is None
    # a look back (last week's returns) is not carried into a plan from today on
    past = _after("production_plan", "Wie viel Retoure hatten wir zuletzt bei den Brötchen in Osterburg?")
    text = "was können wir dagegen tun?"
    offers = carry(past, text, "offers", extract_slots(text, TODAY), TODAY)
    assert offers.dates is None and offers.branches == ["osterburg"] and offers.groups == ["broetchen"]


def test_the_photo_log_reads_a_followup_day_backwards() -> None:
    memory = _after("quality_check", "Wie oft hatten wir diese Woche verbrannte Brötchen auf den Fotos?")
    found = follow_up(memory, "Und am Samstag?", TODAY, None, True)
    assert found is not None and found.tool == "quality_check" and _d(found.slots.dates) == ("2026-11-21", "2026-11-21")
    found = follow_up(memory, "und im Oktober?", TODAY, "smalltalk", False)
    assert found is not None and _d(found.slots.dates) == ("2026-10-01", "2026-10-31")
    assert found.slots.text == "und im Oktober?"


def test_a_day_after_a_handbook_detour_goes_back_to_the_figures() -> None:
    """'und am Samstag?' after forecast → handbook question went to the handbook ('steht nichts')."""
    memory = _after("forecast", "Wie viele Croissants verkaufen wir am Freitag in Gardelegen?")
    memory = remember(memory, "onboarding_qa", extract_slots("Was steht im Handbuch zur Hygiene?", TODAY))
    found = follow_up(memory, "und am Samstag?", TODAY, None, True)
    assert found is not None and found.tool == "forecast" and found.slots.branches == ["gardelegen"]
    assert _d(found.slots.dates) == ("2026-11-28", "2026-11-28")
    # without figures before, a short follow-up stays with the handbook
    only_handbook = remember({}, "onboarding_qa", extract_slots("Wie lange ist meine Pause bei 8 Stunden?", TODAY))
    assert follow_up(only_handbook, "Und bei 6 Stunden?", TODAY, None, True).tool == "onboarding_qa"


def test_a_long_message_is_read_from_its_last_question() -> None:
    from agents.nlu.followup import focus

    story = "Bei uns ist viel los. " * 12 + "Naja, lange Rede kurzer Sinn: wie viele Stollen am Samstag in Salzwedel?"
    assert focus(story) == "wie viele Stollen am Samstag in Salzwedel?"
    assert focus("Wie viele Stollen am Samstag?") == "Wie viele Stollen am Samstag?"


def test_the_same_tool_pointing_back_repeats_the_last_request() -> None:
    """'ab wann hat sich das bezahlt gemacht?' after the investment: the same purchase, not „Bezahlt“."""
    from agents.nlu.followup import carry

    memory = _after("investment", "lohnt sich ne neue Knetmaschine für 12.500 Euro wenn sie uns 3.000 im Jahr spart?")
    text = "ab wann hat sich das bezahlt gemacht?"
    again = carry(memory, text, "investment", extract_slots(text, TODAY), TODAY)
    assert again.amounts_eur == [12500.0, 3000.0] and "Knetmaschine" in again.text


def test_the_same_tool_pointing_back_reads_both_wordings() -> None:
    """'Was bringt mir das im Jahr?' after last month's savings: the year is asked, not last month again."""
    from agents.nlu.followup import carry

    memory = _after("production_plan", "Was hätten wir im letzten Monat mit dem Plan gespart?")
    text = "Was bringt mir das im Jahr?"
    again = carry(memory, text, "production_plan", extract_slots(text, TODAY), TODAY)
    assert "im Jahr" in again.text and "gespart" in again.text


def test_thanks_before_a_follow_up_and_low_german() -> None:
    """Trial 6: 'Danke! Und für den 31.12.?' was asked back; 'un de Kuchen?' got a greeting."""
    memory = _after("forecast", "Wie viele Brötchen verkaufen wir am 24.12. in Stendal Markt?")
    found = follow_up(memory, "Danke! Und für den 31.12.?", TODAY, "smalltalk", False)
    assert found is not None and found.tool == "forecast" and _d(found.slots.dates) == ("2026-12-31", "2026-12-31")
    plan = _after("production_plan", "Wat backen wi morgen in Tangermünde?")
    found = follow_up(plan, "un de Kuchen?", TODAY, "smalltalk", False)
    assert found is not None and found.tool == "production_plan" and found.slots.groups == ["kuchen"]


def test_the_week_before_the_one_talked_about() -> None:
    memory = _after("forecast", "Wie viele Stollen haben wir letzte Woche verkauft?")
    found = follow_up(memory, "und die Woche davor?", TODAY, None, True)
    assert found is not None and _d(found.slots.dates) == ("2026-11-09", "2026-11-15")


def test_a_question_to_the_same_tool_naming_nothing_keeps_its_day() -> None:
    """Trial 6: 'welcher Ofen ist am vollsten?' after the oven plan for Friday planned Thursday."""
    from agents.nlu.followup import carry

    memory = _after("oven_schedule", "Ofenplan übermorgen")
    text = "welcher Ofen ist am vollsten?"
    again = carry(memory, text, "oven_schedule", extract_slots(text, TODAY), TODAY)
    assert _d(again.dates) == ("2026-11-27", "2026-11-27")
    text = "Ofenplan"  # a bare request of its own keeps its default
    assert carry(memory, text, "oven_schedule", extract_slots(text, TODAY), TODAY).dates is None


@pytest.mark.parametrize(
    "text", ["und im Vergleich zum Vorjahr?", "Und verglichen mit letztem Jahr?", "und letztes Jahr?"]
)
def test_last_year_after_a_forecast_stays_with_the_forecast(text: str) -> None:
    """Trial 7: „und im Vergleich zum Vorjahr?“ after a forecast went to the 14-month budget."""
    memory = _after("forecast", ROGGEN)
    found = follow_up(memory, text, TODAY, "budget_forecast", False)
    assert found is not None and found.tool == "forecast"
    assert found.slots.products == ["roggenbrot"] and found.slots.branches == ["gardelegen"]
    assert _d(found.slots.dates) == ("2026-11-28", "2026-11-28")  # the same Saturday, not the year 2025
    assert asks_year_before(found.slots.text or "")
    # a message asking more than last year's figures is a request of its own
    assert follow_up(memory, "Und wie sieht das Budget im Vorjahr aus?", TODAY, "budget_forecast", False) is None


def test_a_bare_question_fragment_continues_the_handbook_question() -> None:
    """Trial 8: „ab wann?“ after the Christmas bonus got the greeting."""
    memory = _handbook_memory("onboarding_qa", "Gibt es Weihnachtsgeld?")
    follow = follow_up(memory, "ab wann?", date(2026, 11, 25), None, True)
    assert follow is not None and follow.tool == "onboarding_qa" and "Weihnachtsgeld" in follow.slots.text
    assert follow_up(memory, "ab wann arbeite ich morgen in Stendal?", date(2026, 11, 25), None, True) is None


def _handbook_memory(tool: str, text: str) -> dict:
    from agents.contracts import Slots
    from agents.nlu.followup import MEMORY_KEY, LastRequest

    return {MEMORY_KEY: LastRequest(tool=tool, slots=Slots(text=text)).model_dump(mode="json")}


def test_handbook_follow_ups_that_point_back_keep_the_rule_and_take_the_new_goods() -> None:
    """Trial 8 hold-out: „werden die auch ausgezahlt?“ after overtime, „und wo steht das für die Kunden?“ after
    an allergen question; „Und der Käsekuchen?“ asks about the cake, not the Schrippen any more."""
    memory = _after("onboarding_qa", "Was passiert mit meinen Überstunden?")
    found = follow_up(memory, "werden die auch ausgezahlt?", TODAY, routed_tool="onboarding_qa", router_unsure=True)
    assert found is not None and "Überstunden" in found.slots.text
    memory = _after("onboarding_qa", "Ein Kunde will wissen, ob im Schokocroissant Soja drin ist")
    found = follow_up(memory, "und wo steht das für die Kunden?", TODAY, routed_tool="staffing", router_unsure=True)
    assert found is not None and "Soja" in found.slots.text
    # a longer „und …“ that does not point back is a question of its own
    assert follow_up(memory, "und wie lange hab ich heute Pause?", TODAY, "onboarding_qa", True) is None
    memory = _after("onboarding_qa", "Wie lang kommen die Schrippen in den Ofen?")
    found = follow_up(memory, "Und der Käsekuchen?", TODAY, routed_tool="smalltalk", router_unsure=True)
    assert found is not None and found.slots.products == ["kaesekuchen"] and "Ofen" in found.slots.text


@pytest.mark.parametrize("question", ["Wie sicher ist das?", "Stimmt das?", "Kann ich mich darauf verlassen?"])
@pytest.mark.parametrize("tool", ["production_plan", "liquidity", "investment"])
def test_how_sure_keeps_the_last_request(tool: str, question: str) -> None:
    """Trial 11: „Wie sicher ist das?“ after figures was refused as off topic; it asks about the same figures."""
    memory = _after(tool, "Wie viele Brötchen müssen wir am Samstag in Stendal backen?")
    found = follow_up(memory, question, TODAY, "out_of_scope", False)
    assert found is not None and found.tool == tool
    assert found.slots.groups == ["broetchen"] and _d(found.slots.dates) == ("2026-11-28", "2026-11-28")


def test_a_new_question_about_sureness_is_no_follow_up_of_another_kind() -> None:
    memory = _after("forecast", ROGGEN)
    assert (
        follow_up(memory, "Wie sicher ist mein Arbeitsplatz in der Backstube, wenn KI kommt?", TODAY, None, True)
        is None
    )


@pytest.mark.parametrize("tool", ["production_plan", "staffing"])
def test_do_that_again_for_next_week_keeps_the_tool(tool: str) -> None:
    """Trial 11: „mach das mal für nächste Woche“ went to the overview (the router's sure pick for the words)."""
    memory = _after(tool, "Produktionsplan für Tangermünde morgen")
    found = follow_up(memory, "mach das mal für nächste Woche", TODAY, "overview", False)
    assert found is not None and found.tool == tool and found.slots.branches == ["tangermuende"]
    assert _d(found.slots.dates) == ("2026-11-30", "2026-12-06")
    assert (
        follow_up(memory, "mach mir eine Stellenanzeige für nächste Woche", TODAY, "recruiting_campaign", False) is None
    )


def test_a_bare_amount_in_a_purchase_thread_is_price_or_saving() -> None:
    """Trial 11: „und wenn er 38.000 kostet?“ was read as 38.000 € saving per year."""
    memory = _after("investment", "Können wir uns einen neuen Ofen für 45.000 € leisten?")
    priced = follow_up(memory, "und wenn er 38.000 kostet?", TODAY, "investment", False)
    assert priced is not None and priced.slots.amounts_eur == [38000.0]
    memory = remember({}, "investment", priced.slots)
    saved = follow_up(memory, "so 6000 im Jahr", TODAY, "investment", False)
    assert saved is not None and saved.slots.amounts_eur == [38000.0, 6000.0]
    memory = remember({}, "investment", saved.slots)
    again = follow_up(memory, "und wenn er 52.000 kostet?", TODAY, "investment", False)
    assert again is not None and again.slots.amounts_eur == [52000.0, 6000.0]
    assert follow_up(memory, "lohnt sich ein neuer Lieferwagen für 28.000 €?", TODAY, "investment", False) is None


def test_why_after_returns_that_happened_keeps_the_look_back() -> None:
    memory = _after("production_plan", "Wie viel Retouren hatten wir letzte Woche?")
    found = follow_up(memory, "warum so viel?", TODAY, "demand_drivers", False)
    assert found is not None and found.tool == "production_plan"
    assert _d(found.slots.dates) == ("2026-11-16", "2026-11-22")


def test_a_place_asked_about_in_the_same_answer_keeps_its_day() -> None:
    """Trial 11: „Wann ist der Wagen in Havelberg?“ after Saturday's tours answered for tomorrow."""
    from agents.nlu.followup import carry

    memory = _after("delivery_routes", "Lieferplan für Samstag")
    slots = extract_slots("Wann ist der Wagen in Havelberg?", TODAY)
    kept = carry(memory, "Wann ist der Wagen in Havelberg?", "delivery_routes", slots, TODAY)
    assert kept.branches == ["havelberg"] and _d(kept.dates) == ("2026-11-28", "2026-11-28")
    other = carry(memory, "Wie viele Leute brauchen wir in Havelberg?", "staffing", slots, TODAY)
    assert other.dates is None


def test_the_account_after_a_purchase_is_the_purchase_paid_in_cash() -> None:
    """Trial 11: „und was macht das mit dem Konto?“ after a purchase was asked back (then: the plan without it)."""
    from agents.contracts import TurnContext
    from agents.finance import investment

    memory = _after("investment", "Können wir uns im Januar nen neuen Ofen leisten, so 40.000?")
    found = follow_up(memory, "und was macht das mit dem Konto?", TODAY, "liquidity", True)
    assert found is not None and found.tool == "investment" and found.slots.amounts_eur == [40000.0]
    reply = investment.run(found.slots, TurnContext(role="owner", thread_id="t", today=TODAY))
    assert reply.text.startswith("Liquidität bei Barkauf") and "jährliche Ersparnis" in reply.text


@pytest.mark.parametrize("text", ["wo steht das?", "Und wo genau steht das?", "woher wissen Sie das?", "Quelle?"])
def test_asking_where_a_rule_is_written_repeats_the_handbook_question(text: str) -> None:
    """Trial 17: „wo steht das?“ after the minors' rules went to the help text."""
    memory = _after("onboarding_qa", "Ab wann darf ich als Azubi morgens anfangen?")
    found = follow_up(memory, text, TODAY, "help", False)
    assert found is not None and found.tool == "onboarding_qa" and found.slots.text.startswith("Ab wann")


def test_form_wishes_repeat_the_last_request_and_shorter_cuts_to_the_decision() -> None:
    """Trial 15: „kürzer bitte“ / „in Zahlen bitte“ after a forecast went to the help."""
    from agents.nlu.followup import asks_accuracy, asks_certainty, asks_shorter, restyles
    from agents.plain import SHORT_NOTE, short_version

    for text in ("kürzer bitte", "Bitte etwas kürzer!", "in Zahlen bitte", "nur die Zahlen", "ausführlicher bitte"):
        assert restyles(text), text
    for text in ("Kurze Frage: wie viel Brot morgen?", "kürzer backen am Samstag in Stendal?", "Zahlen für Gardelegen"):
        assert not restyles(text), text
    assert asks_shorter("kürzer bitte") and not asks_shorter("in Zahlen bitte")
    assert short_version("Entscheidung.\n\nZahlen\n\nMethode") == f"Entscheidung.\n\n{SHORT_NOTE}"
    # „Woher kommt die Zahl?“ asks where a figure comes from (same tool, method open), „Wie kommt das?“ asks why
    assert asks_certainty("Woher kommt die Zahl?") and asks_certainty("Woher kommt das?")
    assert not asks_certainty("Wie kommt das?")
    assert asks_accuracy("Wie gut lag die Vorhersage letzte Woche in Osterburg?")
    assert not asks_accuracy("Wie gut laufen die Brötchen in Osterburg?")


def test_other_wordings_ask_how_a_figure_was_made_but_a_rule_question_does_not() -> None:
    """Lead's hold-out: „Woraus haben Sie das berechnet?“ after the liquidity plan went to the help; a handbook
    question how the wage is computed names no figure of the last answer and stays a question of its own."""
    from agents.nlu.followup import asks_accuracy, asks_certainty

    for text in (
        "Woraus haben Sie das berechnet?",
        "Wie kommen Sie auf die Zahl?",
        "Wie kommt der Plan zustande?",
        "Wie wurde das ermittelt?",
        "Auf welcher Grundlage?",
        "Wie kommen Sie darauf?",
    ):
        assert asks_certainty(text), text
    for text in (
        "Wie wird der Lohn berechnet?",
        "Wie werden Überstunden berechnet?",
        "Wie kommen Sie auf die Idee?",
        "Wie kommt das?",
    ):
        assert not asks_certainty(text), text
    assert asks_certainty("wie oft lagen Sie damit daneben?") and not asks_accuracy("wie oft backen wir Stollen?")


def test_a_longer_und_question_after_a_rule_continues_it_when_its_own_words_point_to_a_closed_tool() -> None:
    """„und wie viele stunden die woche maximal?“ after the minors' night-work rule was read alone as staff
    planning (closed to staff) and refused; it asks about the rule just quoted."""
    memory = _after("onboarding_qa", "darf ich als lehrling auch nachts in der backstube arbeiten? bin erst 16")
    text = "und wie viele stunden die woche maximal?"
    found = follow_up(memory, text, TODAY, None, False, closed_pick=True)
    assert found is not None and found.tool == "onboarding_qa"
    assert follow_up(memory, text, TODAY, None, False) is None  # an open tool's reading: a question of its own


def test_back_to_a_tool_asked_earlier_keeps_its_goods_and_day() -> None:
    """Trial 22: „zurück zur Prognose, diesmal Havelberg“ after the tours was a fresh forecast without the
    Brötchen and the day; it is the thread's earlier forecast with the new branch."""
    memory = _after("forecast", "wie viele brötchen verkaufen wir morgen in tangermünde?")
    memory = remember(memory, "delivery_routes", extract_slots("und wer fährt morgen aus?", TODAY))
    back = follow_up(memory, "zurück zur prognose, diesmal havelberg", TODAY, "forecast", False)
    assert back is not None and back.tool == "forecast"
    assert back.slots.groups == ["broetchen"] and back.slots.branches == ["havelberg"]
    assert _d(back.slots.dates) == ("2026-11-26", "2026-11-26")
    # a tool never asked in this thread is a request of its own
    assert follow_up(memory, "zurück zum liquiditätsplan", TODAY, "liquidity", False) is None


def test_back_to_the_forecast_after_a_plan_keeps_the_plans_goods_and_day() -> None:
    """Lead's hold-out 4: „wie viele Brötchen brauchen wir Freitag in Havelberg“ was answered by the plan; after
    the tours „nochmal zur Prognose, aber für Salzwedel“ lost the Brötchen and the Friday."""
    memory = _after("production_plan", "wie viele brötchen brauchen wir freitag in havelberg")
    memory = remember(memory, "delivery_routes", extract_slots("und die touren an dem tag?", TODAY))
    back = follow_up(memory, "nochmal zur prognose, aber für salzwedel", TODAY, "forecast", False)
    assert back is not None and back.tool == "forecast"
    assert back.slots.groups == ["broetchen"] and back.slots.branches == ["salzwedel"]
    assert _d(back.slots.dates) == ("2026-11-27", "2026-11-27")


def test_the_same_figures_asked_again_in_other_words_stay_with_the_tool() -> None:
    """Trial 22: „sag mir das bitte nochmal, Kuchen Samstag Stendal Markt“ went to the offers."""
    memory = _after("forecast", "wie viel kuchen verkaufen wir am samstag am stendaler markt?")
    again = follow_up(memory, "sag mir das bitte nochmal, kuchen samstag stendal markt", TODAY, "offers", True)
    assert again is not None and again.tool == "forecast" and again.slots.branches == ["stendal_markt"]


def test_back_to_a_tool_named_by_its_title_even_when_the_router_is_unsure() -> None:
    """„zurück zur Prognose, Tangermünde bitte“ after the money: the router only fairly sure – „Prognose“ names it."""
    memory = _after("forecast", "was verkaufen wir am freitag in osterburg an brot")
    memory = remember(memory, "delivery_routes", extract_slots("wer liefert da hin?", TODAY))
    memory = remember(memory, "liquidity", extract_slots("und was is mit dem geld im februar?", TODAY))
    back = follow_up(memory, "zurück zur prognose, tangermünde bitte", TODAY, "forecast", True)
    assert back is not None and back.tool == "forecast" and back.slots.branches == ["tangermuende"]
    assert back.slots.groups == ["brot"]


@pytest.mark.parametrize(
    ("say", "branches"),
    [
        ("nein, ich meinte gardelegen statt osterburg", ["gardelegen", "tangermuende"]),
        ("nicht osterburg, sondern havelberg", ["havelberg", "tangermuende"]),
        ("nein, ich meinte gardelegen", ["gardelegen"]),  # no „statt“: the branch named is the request's
    ],
)
def test_a_branch_said_instead_of_another_swaps_only_that_one(say: str, branches: list[str]) -> None:
    """Trial 24: „… Gardelegen statt Osterburg“ after comparing Tangermünde and Osterburg kept Osterburg and lost
    Tangermünde."""
    memory = _after("forecast", "wer verkauft morgen mehr brot, tangermuende oder osterburg?")
    found = follow_up(memory, say, TODAY, "forecast", False)
    assert found is not None and found.tool == "forecast"
    assert sorted(found.slots.branches) == sorted(branches) and found.slots.groups == ["brot"]


def test_how_sure_after_the_drivers_asks_the_forecasts_certainty() -> None:
    """Trial 24: „wie sicher ist das?“ after „warum so viel?“ repeated the drivers instead of the forecast's check."""
    memory = _after("demand_drivers", "warum so viel kuchen am samstag in gardelegen?")
    found = follow_up(memory, "wie sicher ist das?", TODAY, "forecast", False)
    assert found is not None and found.tool == "forecast" and found.slots.how_sure
    assert found.slots.groups == ["kuchen"] and found.slots.branches == ["gardelegen"]


@pytest.mark.parametrize(
    "question",
    ["woher kommen deine zahlen?", "rätst du die zahlen?", "ist das geraten?", "hast du dir das ausgedacht?"],
)
def test_asking_whether_figures_are_guessed_asks_how_they_were_made(question: str) -> None:
    """Lead 7: after the cash plan „woher kommen deine Zahlen?“ repeated the plan without its method."""
    memory = _after("liquidity", "Wie viele Brötchen müssen wir am Samstag in Stendal backen?")
    found = follow_up(memory, question, TODAY, "liquidity", False)
    assert found is not None and found.tool == "liquidity" and found.slots.how_sure


def test_goods_after_the_cash_plan_start_a_request_of_their_own() -> None:
    """Lead's held-out set 8: „Brötchen für nächste Woche in Stendal am Bahnhof?“ after the cash plan (no goods
    asked before) had become the cash plan for that week; the money tools know no goods."""
    memory = _after("liquidity", "wie viel geld haben wir ende februar auf dem konto?")
    text = "Brötchen für nächste Woche in Stendal am Bahnhof?"
    assert follow_up(memory, text, TODAY, "forecast", False) is None
    # a scenario of the money answer that names goods and a percent is not taken for a goods request
    last = recall(memory)
    assert last is not None
    scenario = extract_slots("und wenn die brötchen 10 % weniger bringen?", TODAY)
    assert not _new_goods_request(last, scenario, "forecast", False)
    assert _new_goods_request(last, extract_slots(text, TODAY), "forecast", False)


@pytest.mark.parametrize(
    ("follow", "dates"),
    [
        ("und eine woche später?", ("2026-12-07", "2026-12-13")),
        ("und eine Woche davor?", ("2026-11-23", "2026-11-29")),
    ],
)
def test_a_week_later_moves_the_whole_week(follow: str, dates: tuple[str, str]) -> None:
    """„und eine Woche später?“ after next week's forecast is the week after it, not its last day plus seven."""
    memory = _after("forecast", "Brötchen für nächste Woche in Stendal am Bahnhof?")
    found = follow_up(memory, follow, TODAY, None, True)
    assert found is not None and found.tool == "forecast"
    assert _d(found.slots.dates) == dates
    assert found.slots.branches == ["stendal_bahnhof"]


def test_a_week_later_after_one_day_is_that_weekday() -> None:
    memory = _after("forecast", "Brötchen für morgen in Gardelegen?")
    found = follow_up(memory, "und eine woche später?", TODAY, None, True)
    assert found is not None and _d(found.slots.dates) == ("2026-12-03", "2026-12-03")


def test_another_year_after_a_look_back_moves_the_period() -> None:
    """Trial 30: „und nächstes Jahr?“ after „Wie lief der November?“ went to the budget; it is that month's
    forecast a year on, „und letztes Jahr?“ the same look back a year earlier (the whole month)."""
    from datetime import date as _date

    from agents.contracts import DateRange as _Range
    from agents.contracts import Slots as _Slots
    from agents.nlu.followup import LastRequest, _other_year

    today = _date(2026, 11, 25)
    nov = _Range(start=_date(2026, 11, 1), end=_date(2026, 11, 24), label="im November 2026 (bis 24.11.2026)")
    last = LastRequest(tool="forecast", slots=_Slots(text="Wie lief der November?", dates=nov))
    back = _other_year(last, "und letztes Jahr?", today)
    assert back is not None and back.tool == "forecast"
    assert (back.slots.dates.start, back.slots.dates.end) == (_date(2025, 11, 1), _date(2025, 11, 30))
    ahead = _other_year(back, "und nächstes Jahr?", today)  # after last year's November: the coming one
    assert ahead is not None and (ahead.slots.dates.start, ahead.slots.dates.end) == (
        _date(2027, 11, 1),
        _date(2027, 11, 30),
    )
    dec = _Range(start=_date(2025, 12, 1), end=_date(2025, 12, 31), label="im Dezember 2025")
    stollen = LastRequest(tool="forecast", slots=_Slots(text="Stollen im Dezember verkauft?", dates=dec))
    moved = _other_year(stollen, "und nächstes Jahr?", today)
    assert moved is not None and moved.slots.dates.start == _date(2026, 12, 1)
    plan = _Range(start=_date(2026, 12, 1), end=_date(2026, 12, 7), label="x")
    ahead_forecast = LastRequest(tool="forecast", slots=_Slots(text="Brötchen nächste Woche", dates=plan))
    assert _other_year(ahead_forecast, "und letztes Jahr?", today) is None  # compared, not moved
    stendal = _other_year(last, "und nächstes Jahr in Stendal?", today)
    assert stendal is not None and set(stendal.slots.branches) == {"stendal_markt", "stendal_bahnhof"}
    assert _other_year(last, "und nächstes Jahr, was kostet dann das Personal?", today) is None
