"""German date expressions resolved against a fixed today (Wednesday, 25 Nov 2026)."""

from datetime import date, timedelta

import pytest

from agents.nlu.dates import advent_sunday, next_bridge_day, parse_date_expression

TODAY = date(2026, 11, 25)  # a Wednesday

CASES = [
    ("morgen", date(2026, 11, 26), date(2026, 11, 26)),
    ("Was ist übermorgen?", date(2026, 11, 27), date(2026, 11, 27)),
    ("heute", TODAY, TODAY),
    ("am Samstag", date(2026, 11, 28), date(2026, 11, 28)),
    ("Sonnabend", date(2026, 11, 28), date(2026, 11, 28)),
    ("nächsten Freitag", date(2026, 11, 27), date(2026, 11, 27)),
    ("nächste Woche Freitag", date(2026, 12, 4), date(2026, 12, 4)),
    ("am Wochenende", date(2026, 11, 28), date(2026, 11, 29)),
    ("nächste Woche", date(2026, 11, 30), date(2026, 12, 6)),
    ("diese Woche", TODAY, date(2026, 11, 29)),
    ("in 14 Tagen", date(2026, 12, 9), date(2026, 12, 9)),
    ("in zwei Wochen", date(2026, 12, 9), date(2026, 12, 9)),
    ("die nächsten 3 Tage", date(2026, 11, 26), date(2026, 11, 28)),
    ("im Dezember", date(2026, 12, 1), date(2026, 12, 31)),
    ("im Januar", date(2027, 1, 1), date(2027, 1, 31)),
    ("nächsten Monat", date(2026, 12, 1), date(2026, 12, 31)),
    ("im letzten Monat", date(2026, 10, 1), date(2026, 10, 31)),
    ("letzte Woche", date(2026, 11, 16), date(2026, 11, 22)),
    ("am 2. Advent", date(2026, 12, 6), date(2026, 12, 6)),
    ("zum ersten Advent", date(2026, 11, 29), date(2026, 11, 29)),
    ("4. Advent", date(2026, 12, 20), date(2026, 12, 20)),
    ("am 3. Adventswochenende", date(2026, 12, 12), date(2026, 12, 13)),
    ("Pfefferkuchen am 3. Adventssamstag", date(2026, 12, 12), date(2026, 12, 12)),  # trial 25: was the Sunday
    ("am ersten Advents-Samstag", date(2026, 11, 28), date(2026, 11, 28)),
    ("Personal an den Adventswochenenden", date(2026, 11, 28), date(2026, 12, 20)),
    ("Reicht das Personal für die Adventswochenenden?", date(2026, 11, 28), date(2026, 12, 20)),
    ("am nächsten Adventswochenende", date(2026, 11, 28), date(2026, 11, 29)),
    ("Heiligabend", date(2026, 12, 24), date(2026, 12, 24)),
    ("Silvester", date(2026, 12, 31), date(2026, 12, 31)),
    ("Neujahr", date(2027, 1, 1), date(2027, 1, 1)),
    ("Ostern", date(2027, 3, 26), date(2027, 3, 29)),
    ("Pfingsten", date(2027, 5, 15), date(2027, 5, 17)),
    ("Himmelfahrt", date(2027, 5, 6), date(2027, 5, 6)),
    ("am Brückentag", date(2027, 5, 7), date(2027, 5, 7)),
    ("am 24.12.", date(2026, 12, 24), date(2026, 12, 24)),
    ("vom 1.12. bis 7.12.", date(2026, 12, 1), date(2026, 12, 7)),
    ("am 5. Dezember", date(2026, 12, 5), date(2026, 12, 5)),
    ("2026-12-19", date(2026, 12, 19), date(2026, 12, 19)),
    # the bakery calendar (issue 16)
    ("am Muttertag", date(2027, 5, 9), date(2027, 5, 9)),
    ("zum Vatertag", date(2027, 5, 6), date(2027, 5, 6)),
    ("Valentinstag", date(2027, 2, 14), date(2027, 2, 14)),
    ("zu Nikolaus", date(2026, 12, 6), date(2026, 12, 6)),
    ("am Martinstag", date(2027, 11, 11), date(2027, 11, 11)),
    ("zu Halloween", date(2027, 10, 31), date(2027, 10, 31)),
    ("an Weiberfastnacht", date(2027, 2, 4), date(2027, 2, 4)),
    ("am Rosenmontag", date(2027, 2, 8), date(2027, 2, 8)),
    ("zu Fasching", date(2027, 2, 4), date(2027, 2, 10)),
    ("in der Faschingszeit", date(2027, 2, 4), date(2027, 2, 10)),
    ("Aschermittwoch", date(2027, 2, 10), date(2027, 2, 10)),
    ("am Pfingstsonntag", date(2027, 5, 16), date(2027, 5, 16)),
    ("Pfingstmontag", date(2027, 5, 17), date(2027, 5, 17)),
    ("am Reformationstag", date(2027, 10, 31), date(2027, 10, 31)),
    ("der Brückentag nach Himmelfahrt", date(2027, 5, 7), date(2027, 5, 7)),
    ("Brückentage 2028", date(2028, 1, 7), date(2028, 1, 7)),
    ("heute in einer Woche", date(2026, 12, 2), date(2026, 12, 2)),
    ("morgen in zwei Wochen", date(2026, 12, 10), date(2026, 12, 10)),
    ("in zwei Wochen am Freitag", date(2026, 12, 11), date(2026, 12, 11)),
    ("Freitag in 2 Wochen", date(2026, 12, 11), date(2026, 12, 11)),
    ("am Wochenende danach", date(2026, 12, 5), date(2026, 12, 6)),
    ("zwischen den Jahren", date(2026, 12, 27), date(2026, 12, 30)),
    ("sonntags", date(2026, 11, 29), date(2026, 11, 29)),
    ("Fotos von heute morgen", TODAY, TODAY),
    ("gestern Morgen", date(2026, 11, 24), date(2026, 11, 24)),
]

# A question about what happened reads the running week/month up to today; everything else as for a plan.
PAST_CASES = [
    ("Zeig mir die Verkaufszahlen von letzter Woche", date(2026, 11, 16), date(2026, 11, 22)),
    ("Wie lief der Oktober?", date(2026, 10, 1), date(2026, 10, 31)),
    ("Was haben wir letztes Jahr im Dezember verkauft?", date(2025, 12, 1), date(2025, 12, 31)),
    ("Wie viele Stollen haben wir letztes Jahr verkauft?", date(2025, 1, 1), date(2025, 12, 31)),
    ("Umsatz im Vorjahr an Weihnachten", date(2025, 12, 24), date(2025, 12, 26)),
    ("Fehlerquote diese Woche", date(2026, 11, 23), TODAY),
    ("in dieser Woche", date(2026, 11, 23), TODAY),
    ("diesen Monat", date(2026, 11, 1), TODAY),
    ("im laufenden Monat", date(2026, 11, 1), TODAY),
    ("letzte Woche", date(2026, 11, 16), date(2026, 11, 22)),
    ("vergangene Woche", date(2026, 11, 16), date(2026, 11, 22)),
    ("letzten Monat", date(2026, 10, 1), date(2026, 10, 31)),
    ("gestern", date(2026, 11, 24), date(2026, 11, 24)),
    ("heute", TODAY, TODAY),
    ("in den letzten 7 Tagen", date(2026, 11, 18), date(2026, 11, 24)),
]


@pytest.mark.parametrize("text,start,end", CASES)
def test_expression_resolves(text: str, start: date, end: date) -> None:
    found = parse_date_expression(text, TODAY)
    assert found is not None, text
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize("text,start,end", PAST_CASES)
def test_past_expression_resolves(text: str, start: date, end: date) -> None:
    found = parse_date_expression(text, TODAY, past=True)
    assert found is not None, text
    assert (found.start, found.end) == (start, end)


def test_plans_read_this_week_ahead() -> None:
    ahead = parse_date_expression("diesen Monat", TODAY)
    assert ahead is not None and (ahead.start, ahead.end) == (TODAY, date(2026, 11, 30))


@pytest.mark.parametrize("text", ["Guten Morgen!", "Hallo", "Wie viele Brötchen?"])
def test_no_date(text: str) -> None:
    assert parse_date_expression(text, TODAY) is None


def test_advent_sundays_are_sundays_before_christmas() -> None:
    for year in range(2020, 2031):
        fourth = advent_sunday(year, 4)
        assert fourth.weekday() == 6 and date(year, 12, 18) <= fourth <= date(year, 12, 24)
        assert advent_sunday(year, 1) == fourth.replace(day=fourth.day) - (fourth - advent_sunday(year, 1))


def test_advent_weekends_cover_all_remaining_weekends() -> None:
    mid = parse_date_expression("die Adventswochenenden", date(2026, 12, 8))
    assert mid is not None and (mid.start, mid.end) == (date(2026, 12, 12), date(2026, 12, 20))
    assert "12.12./13.12." in mid.label and "19.12./20.12." in mid.label and "05.12." not in mid.label
    on_sunday = parse_date_expression("an den Adventswochenenden", date(2026, 12, 13))
    assert on_sunday is not None and (on_sunday.start, on_sunday.end) == (date(2026, 12, 13), date(2026, 12, 20))
    after = parse_date_expression("an den Adventswochenenden", date(2026, 12, 27))
    assert after is not None and (after.start, after.end) == (date(2027, 11, 27), date(2027, 12, 19))


def test_bridge_day_lies_between_holiday_and_weekend() -> None:
    d = next_bridge_day(TODAY)
    assert d is not None and d.weekday() in (0, 4)


@pytest.mark.parametrize(
    "text,after,start,end",
    [
        ("am Wochenende danach", date(2026, 12, 6), date(2026, 12, 12), date(2026, 12, 13)),
        ("und das Wochenende danach?", date(2026, 11, 28), date(2026, 12, 5), date(2026, 12, 6)),
        ("am Tag danach", date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 25)),
    ],
)
def test_danach_counts_from_the_date_talked_about(text: str, after: date, start: date, end: date) -> None:
    found = parse_date_expression(text, TODAY, after=after)
    assert found is not None and (found.start, found.end) == (start, end)


def test_bridge_days_lie_between_a_holiday_and_a_weekend() -> None:
    from agents.nlu.dates import bridge_days

    assert bridge_days(2027) == [date(2027, 5, 7)]  # Friday after Himmelfahrt
    assert date(2026, 1, 2) in bridge_days(2026) and date(2026, 5, 15) in bridge_days(2026)


def test_a_missing_bridge_day_is_said_not_guessed() -> None:
    from agents.nlu.dates import missing_date_note

    assert parse_date_expression("der Brückentag nach Pfingsten", TODAY) is None
    note = missing_date_note("Wie viele Brötchen am Brückentag nach Pfingsten?", TODAY)
    assert note is not None and "keinen Brückentag" in note
    assert missing_date_note("am Brückentag nach Himmelfahrt", TODAY) is None


def test_english_date_words_in_a_german_chat_are_understood() -> None:
    """Browser trial 5: „forecast for Croissants in Havelberg tomorrow“ was answered with „kein Datum genannt“."""
    d = parse_date_expression("Can you give me the forecast for Croissants in Havelberg tomorrow?", TODAY)
    assert d is not None and d.start == d.end == TODAY + timedelta(days=1)
    week = parse_date_expression("sales next week please", TODAY)
    assert week is not None and week.start.weekday() == 0 and week.start > TODAY
    assert parse_date_expression("Guten Morgen", TODAY) is None


# trial 6: typed in a hurry, asked about the past, German labels
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("wieviele schripen brauchn wir morgn", date(2026, 11, 26), date(2026, 11, 26)),
        ("am samstg", date(2026, 11, 28), date(2026, 11, 28)),
        ("uebermorgn", date(2026, 11, 27), date(2026, 11, 27)),
        ("Wie viel Retoure hatten wir zuletzt?", date(2026, 11, 18), date(2026, 11, 24)),
        ("Moin, wat läuft denn so bei Osterburg die Tage mit Kuchen?", date(2026, 11, 26), date(2026, 11, 28)),
        ("in den nächsten Tagen", date(2026, 11, 26), date(2026, 11, 28)),
    ],
)
def test_misspelt_and_recent_dates(text: str, start: date, end: date) -> None:
    found = parse_date_expression(text, TODAY)
    assert found is not None and (found.start, found.end) == (start, end)


def test_morgens_and_samstags_are_no_misspelt_dates() -> None:
    assert parse_date_expression("morgens um fünf", TODAY) is None
    assert parse_date_expression("in zwei Wochen", TODAY).start == date(2026, 12, 9)


def test_a_weekday_asked_about_the_past_is_the_one_gone_by() -> None:
    found = parse_date_expression("Wie viele hatten wir am Samstag?", TODAY, past=True)
    assert found is not None and found.start == date(2026, 11, 21) and "vergangenen" in found.label
    assert parse_date_expression("am Samstag", TODAY).start == date(2026, 11, 28)


def test_explicit_dates_get_a_german_label() -> None:
    assert parse_date_expression("Prognose für den 12.12.", TODAY).label == "am 12.12.2026"
    assert parse_date_expression("2026-12-05", TODAY).label == "am 05.12.2026"
    assert parse_date_expression("vom 12.12. bis 19.12.", TODAY).label == "vom 12.12.2026 bis 19.12.2026"


def test_a_span_of_months() -> None:
    """Trial 6: 'Umsatz Januar bis März 2027?' was read as March only."""
    found = parse_date_expression("Umsatz Januar bis März 2027?", TODAY)
    assert found is not None and (found.start, found.end) == (date(2027, 1, 1), date(2027, 3, 31))
    found = parse_date_expression("von Dezember bis Februar", TODAY)
    assert found is not None and (found.start, found.end) == (date(2026, 12, 1), date(2027, 2, 28))


def test_calendar_weeks() -> None:
    """Trial 6: 'Prognose für KW 50 Brot Tangermünde' was read as tomorrow."""
    found = parse_date_expression("Prognose für KW 50 Brot Tangermünde", TODAY)
    assert found is not None and (found.start, found.end) == (date(2026, 12, 7), date(2026, 12, 13))
    assert found.label == "KW 50"
    assert parse_date_expression("Kalenderwoche 2", TODAY).start == date(2027, 1, 11)  # gone by: next year's


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("und am Sonntag danach?", date(2026, 12, 6)),
        ("und den Sonntag drauf?", date(2026, 12, 6)),
        ("und am darauffolgenden Montag?", date(2026, 12, 7)),
        ("und am Freitag davor?", date(2026, 12, 4)),
        ("und am Samstag danach?", date(2026, 12, 12)),
    ],
)
def test_a_weekday_after_or_before_counts_from_the_day_talked_about(text: str, expected: date) -> None:
    """Trial 7: „und am Sonntag danach?“ after Saturday 05.12. read the coming Sunday 29.11."""
    found = parse_date_expression(text, date(2026, 11, 25), after=date(2026, 12, 5))
    assert found is not None and found.start == found.end == expected
    plain = parse_date_expression("und am Sonntag?", date(2026, 11, 25), after=date(2026, 12, 5))
    assert plain is not None and plain.start == date(2026, 11, 29)  # without „danach“: the coming Sunday


def test_a_weekday_inside_the_month_named_is_that_day() -> None:
    """Trial 9: „für Freitag 28 Grad – im November, kaum zu glauben“ read the whole of November."""
    from datetime import date as _date

    today = _date(2026, 11, 25)
    got = parse_date_expression("Der Wetterdienst sagt für Freitag 28 Grad an – im November!", today)
    assert got is not None and (got.start, got.end) == (_date(2026, 11, 27), _date(2026, 11, 27))
    dec = parse_date_expression("Stollen im Dezember", today)
    assert dec is not None and (dec.start, dec.end) == (_date(2026, 12, 1), _date(2026, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "Gesamtüberblick für die Woche ab dem 21.12.2026",
        "ab dem 21.12. die ganze Woche",
        "Produktionsplan für die Woche vom 21.12.",
        "Ab 21.12.2026 bitte eine Woche planen",
    ],
)
def test_a_week_from_a_day_is_that_day_and_the_six_after_it(text: str) -> None:
    """Hostile test 16 #13: „die Woche ab dem 21.12.2026“ was read as the single day 21.12.2026."""
    found = parse_date_expression(text, TODAY)
    assert found is not None and (found.start, found.end) == (date(2026, 12, 21), date(2026, 12, 27))
    assert found.label == "vom 21.12.2026 bis 27.12.2026"


@pytest.mark.parametrize("text", ["am 21.12.2026", "Wie viele Brötchen ab dem 21.12.?", "Woche vom 21.12. bis 23.12."])
def test_a_day_or_a_span_without_a_week_from_it_stays_as_named(text: str) -> None:
    found = parse_date_expression(text, TODAY)
    assert (
        found is not None
        and found.start == date(2026, 12, 21)
        and found.end in {date(2026, 12, 21), date(2026, 12, 23)}
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("brauchen wir die woche vor weihnachten mehr leute?", date(2026, 12, 17), date(2026, 12, 23)),
        ("Plan für die Woche vor dem 24.12.", date(2026, 12, 17), date(2026, 12, 23)),
        ("Prognose für die Woche nach Ostern", date(2027, 3, 30), date(2027, 4, 5)),
    ],
)
def test_the_week_before_or_after_a_day_is_not_that_day(text: str, start: date, end: date) -> None:
    """Trial 19: „die Woche vor Weihnachten“ was read as Christmas itself."""
    found = parse_date_expression(text, TODAY)
    assert found is not None and (found.start, found.end) == (start, end)


def test_the_christmas_week_is_its_selling_days_up_to_christmas_eve() -> None:
    """Lead's held-out set 8: „reicht unser Personal in der Weihnachtswoche?“ had no period (six weeks shown)."""
    found = parse_date_expression("reicht unser personal in der weihnachtswoche?", TODAY)
    assert found is not None and (found.start, found.end) == (date(2026, 12, 21), date(2026, 12, 24))
    later = parse_date_expression("weihnachtswoche", date(2027, 1, 10))
    assert later is not None and (later.start, later.end) == (date(2027, 12, 20), date(2027, 12, 24))


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Backplan für den 31.02.2027", "Februar 2027 hat 28 Tage"),
        ("Prognose für den 30.02.", "Februar 2027 hat 28 Tage"),
        ("Umsatz am 31.4.2026", "April 2026 hat 30 Tage"),
        ("Backplan für den 29.02.2027", "Februar 2027 hat 28 Tage"),
        ("Prognose für den 32.12.2026", "Dezember 2026 hat 31 Tage"),
        ("Backplan für 2026-13-01", "12 Monate"),
        ("Backplan am 30. Februar", "Februar 2027 hat 28 Tage"),
    ],
)
def test_a_day_the_calendar_does_not_have_is_said_not_replaced_by_tomorrow(text: str, part: str) -> None:
    """Hostile test 23 #1: „31.02.2027“ was planned for tomorrow („keinen Tag genannt“), „2026-13-01“ crashed."""
    from agents.nlu.dates import impossible_date_note

    assert parse_date_expression(text, TODAY) is None  # no crash, and no day made up
    note = impossible_date_note(text, TODAY)
    assert note is not None and part in note


def test_a_span_with_one_impossible_end_is_said_too() -> None:
    """„vom 28.11. bis 31.11.“ was read as the one day 28.11."""
    from agents.nlu.dates import impossible_date_note

    note = impossible_date_note("Backplan vom 28.11. bis 31.11.", TODAY)
    assert note is not None and "November 2026 hat 30 Tage" in note


@pytest.mark.parametrize(
    "text", ["Backplan für den 29.02.2028", "Schicht bis 14.30.", "am 1.12.", "2026-12-01", "Wie viele Brötchen?"]
)
def test_real_days_and_times_are_no_impossible_date(text: str) -> None:
    from agents.nlu.dates import impossible_date_note

    assert impossible_date_note(text, TODAY) is None


def test_a_span_further_ahead_than_any_tool_looks_is_said_and_huge_counts_do_not_overflow() -> None:
    """Hostile test 26: „die nächsten 100 Jahre“ was answered for tomorrow, „die nächsten 9999999 Tage“ raised
    OverflowError in the date reader."""
    from agents.nlu.dates import far_ahead_note, parse_date_expression

    today = date(2026, 11, 25)
    for text, typed in (
        ("Prognose für die nächsten 100 Jahre", "„die nächsten 100 Jahre“"),
        ("Prognose für die nächsten 9999999 Tage", "„die nächsten 9999999 Tage“"),
        ("Budget für die naechsten 200 Monate", "„die naechsten 200 Monate“"),
        ("Backplan in 99999999 Wochen", "„in 99999999 Wochen“"),
    ):
        note = far_ahead_note(text, today)
        assert note is not None and note.startswith(typed) and "36 Monate" in note
        parse_date_expression(text, today)  # no OverflowError
    for text in ("Prognose für die nächsten 4 Wochen", "Budget für die nächsten 2 Jahre", "Liquidität für 36 Monate"):
        assert far_ahead_note(text, today) is None
    assert parse_date_expression("die letzten 999999 Tage", today) is not None


def test_a_bare_day_of_the_month_and_the_christmas_week() -> None:
    """Trial 30: „Am 24. haben wir nur bis 12 Uhr offen“ lost its day (the plan answered tomorrow); „die
    Weihnachtswoche“ was no period."""

    today = date(2026, 11, 25)
    eve = parse_date_expression("Am 24. haben wir nur bis 12 Uhr offen. Wie viele Brötchen?", today)
    assert eve is not None and (eve.start, eve.end) == (date(2026, 12, 24), date(2026, 12, 24))
    this_month = parse_date_expression("und am 28.?", today)
    assert this_month is not None and this_month.start == date(2026, 11, 28)
    gone = parse_date_expression("was haben wir am 30. verkauft?", today, past=True)
    assert gone is not None and gone.start == date(2026, 10, 30)
    for ordinal in ("am 3. Advent", "den 2. Platz", "am 1. Tag"):
        found = parse_date_expression(ordinal, today)
        assert found is None or found.start != date(2026, 12, 3)
    week = parse_date_expression("Backplan für die Weihnachtswoche", today)
    assert week is not None and (week.start, week.end) == (date(2026, 12, 21), date(2026, 12, 24))


def test_the_first_week_of_a_month_is_its_first_seven_days() -> None:
    """Trial 33: „in der ersten Januarwoche letztes Jahr“ was the whole year 2025."""
    from datetime import date as _date

    from agents.nlu.dates import parse_date_expression as _parse

    today = _date(2026, 11, 25)
    first = _parse("Retouren in der ersten Januarwoche", today, past=True)
    assert first is not None and (first.start, first.end) == (_date(2026, 1, 1), _date(2026, 1, 7))
    last_year = _parse("in der ersten Januarwoche letztes Jahr", today)
    assert last_year is not None and (last_year.start, last_year.end) == (_date(2025, 1, 1), _date(2025, 1, 7))
    second = _parse("zweite Woche im Februar", today)
    assert second is not None and (second.start, second.end) == (_date(2027, 2, 8), _date(2027, 2, 14))
    month = _parse("im Januar", today)
    assert month is not None and (month.start, month.end) == (_date(2027, 1, 1), _date(2027, 1, 31))


@pytest.mark.parametrize(
    "text,day",
    [
        ("am Samstag vorm 2. Advent", date(2026, 12, 5)),
        ("Freitag vor Weihnachten", date(2026, 12, 18)),
        ("Montag nach dem 1. Advent", date(2026, 11, 30)),
        ("Samstag vor dem 24.12.", date(2026, 12, 19)),
    ],
)
def test_a_weekday_before_or_after_a_named_day(text: str, day: date) -> None:
    found = parse_date_expression(text, TODAY)
    assert found is not None and found.start == found.end == day, text


@pytest.mark.parametrize(
    "text,near,past,day",
    [
        ("und am Samstag?", date(2026, 12, 13), False, date(2026, 12, 12)),  # the Saturday of that Advent weekend
        ("und am Montag?", date(2026, 12, 24), False, date(2026, 12, 21)),  # Christmas week's Monday
        ("und Sonntag?", date(2026, 12, 5), False, date(2026, 12, 6)),
        ("und am Montag?", TODAY, False, date(2026, 11, 30)),  # never a day gone by when planning ahead
        ("und am Samstag?", TODAY, True, date(2026, 11, 21)),  # a look back: never a day still ahead
        ("und nächsten Samstag?", date(2026, 12, 13), False, date(2026, 11, 28)),
    ],
)
def test_a_bare_weekday_is_read_near_the_day_talked_about(text: str, near: date, past: bool, day: date) -> None:
    found = parse_date_expression(text, TODAY, after=near, past=past, near=near)
    assert found is not None and found.start == found.end == day, text
