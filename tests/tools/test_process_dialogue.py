"""The process-map dialogue as a pure state machine: questions per process, follow-up, commands, goals."""

from __future__ import annotations

from tools.readiness.process_dialogue import (
    DialogueState,
    DialogueTurn,
    advance,
    answer_question,
    explain_term,
    faq_answer,
    parse_goals,
    result_map,
    start,
    trade_named,
)


def _play(turn: DialogueTurn, *texts: str) -> DialogueTurn:
    for t in texts:
        turn = advance(turn.state, t)
    return turn


def test_start_proposes_the_trades_processes_and_asks_the_first() -> None:
    t = start("baeckerei")
    assert "Produktion & Backplanung" in t.text and "Ablauf 1 von 12" in t.text
    assert t.state.current == "produktion" and t.event == "question"


def test_an_answer_is_parsed_and_the_next_process_asked() -> None:
    t = _play(start("baeckerei"), "so 10 Stunden, dauernd Fehler beim Abtippen, alles in Excel")
    p = t.state.process("produktion")
    assert p.hours_per_week == 10 and p.pains == ["fehler", "doppelt"] and p.data == ["excel"] and not p.assumed
    assert "Notiert" in t.text and "Ablauf 2 von 12" in t.text and t.state.current == "verkauf"


def test_one_follow_up_when_hours_are_missing_then_merged() -> None:
    t = _play(start("handwerk"), "dauernd Stress")
    assert t.event == "followup" and t.state.current == "angebote"
    t = _play(t, "ein halber Tag")
    p = t.state.process("angebote")
    assert p.hours_per_week == 4 and p.pains == ["spitzen"] and t.state.current == "auftragsplanung"


def test_a_second_vague_answer_is_kept_without_another_follow_up() -> None:
    t = _play(start("handwerk"), "hm", "das macht meine Frau")
    p = t.state.process("angebote")
    assert p.hours_per_week is None and not p.assumed and t.state.current == "auftragsplanung"


def test_dont_know_is_accepted_without_follow_up() -> None:
    t = _play(start("handwerk"), "weiß nicht")
    p = t.state.process("angebote")
    assert t.event == "question" and p.hours_per_week is None and p.data == ["unbekannt"]


def test_skip_keeps_the_assumption_and_drop_removes_the_process() -> None:
    t = _play(start("baeckerei"), "überspringen")
    assert t.state.process("produktion").assumed and t.state.current == "verkauf"
    t = _play(t, "haben wir nicht")
    assert "verkauf" not in {p.id for p in t.state.map.processes} and t.state.current == "retouren"


def test_adding_a_process_asks_it_next() -> None:
    t = _play(start("baeckerei"), "Wir haben noch Catering")
    assert t.event == "added" and "Catering" in t.text
    assert t.state.current == "produktion" and t.state.queue[1] == "catering"
    t = _play(t, "8 Stunden", "so 6 Stunden, Bestellungen per Telefon, oft Fehler")
    c = t.state.process("catering")
    assert c.group == "wertschoepfung" and c.hours_per_week == 6 and c.pains == ["fehler"] and not c.assumed


def test_adding_a_known_support_process_uses_its_group() -> None:
    t = _play(start("kfz"), "außerdem noch die Lohnabrechnung")
    assert "schon auf der Liste" in t.text and t.event == "info"


def test_finish_leaves_the_rest_assumed_and_asks_for_goals() -> None:
    t = _play(start("pflege"), "20 Stunden, Dienstplan-Chaos", "fertig")
    assert t.state.phase == "goals" and "Ziele" in t.text
    t = _play(t, "1. weniger Doku 2. Dienstpläne verlässlich 3. mehr Zeit für Bewohner")
    assert t.event == "done"
    m = result_map(t.state)
    assert m.goals == ["Weniger Doku", "Dienstpläne verlässlich", "Mehr Zeit für Bewohner"] and not m.goals_assumed
    assert [p.assumed for p in m.processes].count(False) == 1 and m.assumed


def test_goals_dont_know_keeps_the_typical_goals() -> None:
    t = _play(start("handel"), "fertig", "weiß nicht")
    m = result_map(t.state)
    assert t.event == "done" and m.goals_assumed and len(m.goals) == 3


def test_unknown_trade_is_asked_first() -> None:
    t = start(None)
    assert t.state.phase == "trade" and "Branche" in t.text
    t = _play(t, "Wir sind eine Tischlerei")
    assert t.state.map.trade == "handwerk" and t.state.current == "angebote"


def test_a_question_is_answered_and_nothing_is_stored() -> None:
    t = _play(start("baeckerei"), "10 Stunden")
    before = t.state.model_dump()
    answer = faq_answer("Was bringt mir das?")
    assert answer is not None and faq_answer("Wozu brauchen Sie das?") is not None
    again = answer_question(t.state, answer)
    assert again.state.model_dump() == before and t.state.last_prompt in again.text
    assert faq_answer("Wie viele Brötchen brauchen wir morgen in Stendal für die Filiale?") is None


def test_pause_and_resume_keep_the_step() -> None:
    t = _play(start("baeckerei"), "10 Stunden", "Pause")
    assert t.event == "paused" and t.state.paused
    t = _play(t, "egal was")
    assert t.event == "resumed" and t.state.current == "verkauf" and "Verkauf" in t.text


def test_abort_ends_the_dialogue() -> None:
    t = _play(start("baeckerei"), "abbrechen")
    assert t.event == "aborted" and t.state.phase == "aborted"


def test_state_round_trips_as_json() -> None:
    t = _play(start("baeckerei"), "dauernd Stress")
    back = DialogueState.model_validate_json(t.state.model_dump_json())
    assert back == t.state and advance(back, "5 Stunden").state.process("produktion").hours_per_week == 5


def test_parse_goals() -> None:
    assert parse_goals("Retouren senken, Personal entlasten und weniger Papierkram") == [
        "Retouren senken",
        "Personal entlasten",
        "Weniger Papierkram",
    ]


def test_wir_haben_noch_with_an_answer_is_no_new_process() -> None:
    t = _play(start("baeckerei"), "Wir haben noch alles auf Zetteln, so 20 Stunden")
    assert t.event == "question" and len(t.state.map.processes) == 12
    assert t.state.process("produktion").data == ["papier"] and t.state.process("produktion").hours_per_week == 20


def test_drop_in_a_longer_sentence_but_not_no_problems() -> None:
    t = _play(start("kfz"), "überspringen", "überspringen", "überspringen")
    assert t.state.current == "fahrzeugverkauf"
    t = _play(t, "Gebrauchtwagen verkaufen wir kaum, haben wir nicht")
    assert "fahrzeugverkauf" not in {p.id for p in t.state.map.processes}
    t = _play(t, "Probleme haben wir nicht, so 3 Stunden")
    assert t.state.process("rechnungen").hours_per_week == 3 and t.state.process("rechnungen").pains == []


def test_back_asks_the_previous_process_again_and_restores_its_typical_values() -> None:
    t = _play(start("baeckerei"), "so 10 Stunden, alles in Excel", "zurück")
    p = t.state.process("produktion")
    assert t.state.current == "produktion" and p.assumed and p.hours_per_week == 40 and "Ablauf 1 von 12" in t.text
    t = _play(t, "zurück")
    assert t.event == "info" and t.state.current == "produktion"
    t = _play(t, "30 Stunden", "fertig", "zurück")
    assert t.state.phase == "processes" and t.state.current == "risiko"


def test_an_hour_every_day_counts_the_trades_working_days() -> None:
    """Browser trial: a bakery's 'jeden Tag eine Stunde' became 5 h/week; bakeries work six days (trades.yaml)."""
    bakery = _play(start("baeckerei"), "jeden Tag eine Stunde, alles auf Zetteln").state.process("produktion")
    assert bakery.hours_per_week == 6.0
    office = start("dienstleistung")
    office_first = office.state.current
    assert _play(office, "jeden Tag eine Stunde").state.process(office_first).hours_per_week == 5.0


def _walk(trade: str | None, *texts: str) -> DialogueTurn:
    turn = start(trade)
    for t in texts:
        turn = advance(turn.state, t)
    return turn


def test_a_day_story_adds_its_processes_and_an_hours_answer_about_one_lands_there() -> None:
    turn = _walk(
        "handel", "Morgens kommen die Blumen vom Großmarkt, dann binden wir Sträuße, nachmittags liefern wir aus"
    )
    assert turn.event == "added" and "Sträuße binden" in turn.text and turn.state.current == "verkauf"
    turn = advance(turn.state, "Das Binden dauert am längsten, so 3 Stunden am Tag")
    binden = next(p for p in turn.state.map.processes if p.title == "Sträuße binden")
    assert binden.hours_per_week == 18.0 and not binden.assumed  # a trade shop works six days
    assert turn.state.current == "verkauf" and turn.state.process("verkauf").assumed  # the asked one stays open


def test_a_correction_of_an_answered_process_replaces_its_hours() -> None:
    turn = _walk(
        "gastronomie", "Küche so 40 Stunden, Bestellungen auf Zetteln", "Moment, in der Küche sind es eher 30 Stunden"
    )
    assert turn.state.process("kueche").hours_per_week == 30.0
    assert "Korrigiert" in turn.text and turn.state.current == "service"


def test_a_drop_that_names_another_process_removes_that_one_and_keeps_the_question() -> None:
    turn = _walk("kfz", "Gebrauchtwagen verkaufen wir nicht")
    assert "fahrzeugverkauf" not in {p.id for p in turn.state.map.processes}
    assert turn.state.current == "terminannahme"
    turn = _walk("gastronomie", "Onlineshop haben wir nicht")  # not on the list: nothing dropped
    assert "nicht auf Ihrer Liste" in turn.text and turn.state.current == "kueche"
    assert len(turn.state.map.processes) == len(start("gastronomie").state.map.processes)


def test_machen_wir_noch_adds_a_process() -> None:
    turn = _walk("landwirtschaft", "Am Wochenende machen wir noch ein Hofcafé")
    assert turn.event == "added" and any(p.title == "Hofcafé" for p in turn.state.map.processes)


def test_the_trade_question_does_not_take_a_story_or_a_skip_as_the_trade() -> None:
    turn = _walk(None, "Termine nehmen wir so eine Stunde am Tag an, das Telefon klingelt ständig")
    assert turn.state.phase == "trade" and "Branche" in turn.text
    turn = _walk(None, "überspringen")
    assert turn.state.phase == "processes" and "überspringen" not in turn.text.split("\n")[0]


def test_the_trade_question_does_not_take_a_day_or_a_follow_up_as_the_trade() -> None:
    """Trial 11 #13b: „und am Samstag?“ was stored as the trade."""
    for text in ("und am Samstag", "morgen", "aber nächste Woche"):
        turn = _walk(None, text)
        assert turn.state.phase == "trade" and "Branche" in turn.text, text
    assert _walk(None, "Wochenmarkt-Stand mit Käse").state.phase == "processes"


def test_the_trade_named_in_the_opening_message_is_used() -> None:
    assert trade_named("Wir sind eine Kfz-Werkstatt mit 8 Leuten. Wo verlieren wir Zeit?") == "kfz"
    assert trade_named("Wo verlieren wir Zeit?") is None
    assert "Branche: " in start("kfz", named=True).text


def test_terms_of_the_map_are_explained() -> None:
    st = start("kfz").state
    assert "Fahrzeug" in (explain_term(st, "was heißt Dialogannahme?") or "")
    assert "Zahlen" in (explain_term(st, "was heißt Controlling?") or "")
    assert explain_term(st, "was heißt das?") is None


def test_an_amount_per_day_shows_its_days_and_the_firms_own_days_recount_it() -> None:
    turn = _walk("pflege", "Behandlungen 3 Stunden am Tag")
    assert turn.state.process("versorgung").hours_per_week == 21.0 and "× 7 Arbeitstage" in turn.text
    turn = advance(turn.state, "wir arbeiten nur 5 Tage")
    assert turn.state.process("versorgung").hours_per_week == 15.0 and turn.state.current == "pflegedoku"
    turn = advance(turn.state, "Doku jeden Tag 2 Stunden")
    assert turn.state.process("pflegedoku").hours_per_week == 10.0


def test_a_word_that_only_starts_a_title_word_is_not_explained_as_that_process() -> None:
    assert explain_term(start("baeckerei").state, "Sind Sie eine echte Person?") is None


def test_an_added_process_is_named_by_its_head_not_by_what_follows() -> None:
    turn = _walk("gastronomie", "wir machen noch Hochzeitstorten auf Bestellung")
    assert turn.event == "added" and any(p.title == "Hochzeitstorten" for p in turn.state.map.processes)


def test_a_practice_counts_five_days_whatever_its_trade_class_does() -> None:
    turn = _walk(None, "Physiotherapie-Praxis", "Behandlungen 3 Stunden am Tag")
    assert turn.state.process("behandlung").hours_per_week == 15.0 and "× 5 Arbeitstage" in turn.text
    turn = _walk(None, "Pflegedienst", "Pflege 3 Stunden am Tag")
    assert turn.state.process("versorgung").hours_per_week == 21.0  # a care service works daily
    assert start("pflege", text="Ich habe eine Physiotherapie-Praxis").state.days == 5.0


def test_a_medical_practice_named_without_the_word_praxis_counts_five_days() -> None:
    turn = _walk(None, "Physiotherapie", "Behandlungen 3 Stunden am Tag")
    assert turn.state.process("behandlung").hours_per_week == 15.0


def test_a_practice_and_a_flower_shop_get_their_own_processes_not_the_coarse_class_lists() -> None:
    """Trials 14/16: a physio practice got „Pflege & Versorgung“ and tours, a flower shop an online shop and
    parcel shipping; their own trades list appointments/reports/prescriptions and binding/fresh goods/delivery."""
    physio = {p.title for p in start("praxis").state.map.processes}
    assert "Terminvergabe & Telefon" in physio and "Verordnungen & Abrechnung mit Kassen" in physio
    assert not any("Pflege" in t or "Touren" in t for t in physio)
    flowers = {p.title for p in _walk(None, "Blumenladen").state.map.processes}
    assert any("Sträuße" in t for t in flowers) and any("Auslieferung" in t for t in flowers)
    assert not any("Onlineshop" in t or "Versand" in t for t in flowers)


def test_a_half_day_of_two_sales_assistants_counts_both() -> None:
    """Trial 14 #28: „ein halber Tag, zwei Verkäuferinnen“ is a half day each; hours per week stay plain."""
    turn = _walk("floristik", "Verkauf jeden Tag ein halber Tag, zwei Verkäuferinnen")
    assert turn.state.process("verkauf").hours_per_week == 48.0
    turn = _walk("floristik", "Verkauf 20 Stunden die Woche, zwei Verkäuferinnen")
    assert turn.state.process("verkauf").hours_per_week == 20.0  # a weekly total is not per person


def test_who_sees_my_entries_gets_the_data_answer_and_the_question_again() -> None:
    """Trial 14 #23: „Wer sieht denn meine Angaben?“ was taken as a vague process answer."""
    answer = faq_answer("Wer sieht denn meine Angaben? Das ist mir schon wichtig.")
    assert answer is not None and "Sehen können" in answer and "Löschen" in answer and "gespeichert" in answer
    assert "ERP" in (faq_answer("Was ist ein ERP?") or "")


def test_going_back_says_what_was_noted_before_it_is_replaced() -> None:
    turn = _walk("baeckerei", "Produktion so 40 Stunden, alles auf Zetteln", "zurück")
    assert "Bisher notiert: 40 Std./Woche" in turn.text and turn.state.current == "produktion"


def test_a_drop_keeps_what_the_rest_of_the_message_says_the_firm_does() -> None:
    """Trial 16: „Versand haben wir auch nicht, wir liefern selbst aus“ removed the flower shop's „Auslieferung“."""
    turn = _walk("floristik", "Versand haben wir auch nicht, wir liefern selbst aus")
    assert "lieferung" in {p.id for p in turn.state.map.processes} and "„Versand“ steht gar nicht" in turn.text
    turn = _walk("handel", "Versand haben wir nicht, wir liefern selbst aus")
    assert "versand" not in {p.id for p in turn.state.map.processes}


def test_a_drop_with_an_amount_for_another_process_books_the_amount_there() -> None:
    """Browser, trial 16: „Versand haben wir nicht, wir liefern selbst aus, so 5 Stunden die Woche“ booked the
    5 hours on the asked „Binden“ instead of the delivery."""
    turn = _walk("floristik", "Versand haben wir nicht, wir liefern selbst aus, so 5 Stunden die Woche")
    assert turn.state.process("lieferung").hours_per_week == 5.0 and turn.state.process("binden").assumed
    assert "„Versand“ steht gar nicht" in turn.text
    turn = _walk("handel", "Onlineshop haben wir nicht, Warenwirtschaft so 6 Stunden")
    assert "onlineshop" not in {p.id for p in turn.state.map.processes}
    assert turn.state.process("warenwirtschaft").hours_per_week == 6.0 and turn.state.current == "verkauf"


def test_a_tax_office_gets_its_clients_receipts_and_deadlines_not_the_generic_office_list() -> None:
    """Trial 16: a Steuerberatungskanzlei was asked „Anfragen & Angebote“ first; its story about receipts lands in
    its own receipts process."""
    turn = _walk(None, "Steuerberatungskanzlei")
    titles = [p.title for p in turn.state.map.processes]
    assert titles[0] == "Belege & Buchführung der Mandanten" and "Fristen, Bescheide & Einsprüche" in titles
    turn = advance(turn.state, "Belege sortieren dauert ewig, so 10 Stunden die Woche, alles in Schuhkartons")
    assert turn.state.process("mandantenbelege").hours_per_week == 10.0


def test_a_term_question_explains_the_term_asked_not_a_word_of_the_next_sentence() -> None:
    """Trial 16: „Was ist ein ERP? Das steht bei uns immer in den Belegen“ explained the receipts process."""
    state = start("kanzlei").state
    assert explain_term(state, "Was ist ein ERP? Das steht bei uns immer auf den Belegen") is None
    assert "Belege & Buchführung" in (explain_term(state, "Was heißt Belege? Das frage ich mich") or "")


def test_the_head_count_of_the_opening_is_kept_for_amounts_per_person() -> None:
    """Trial 16 #15: „Hofladen, 6 Leute …“ then „halbe Stunde pro Person“ counted one person."""
    turn = start("landwirtschaft", named=True, text="Hofladen mit Direktvermarktung, 6 Leute, Salzwedel")
    assert turn.state.team == 6
    turn = advance(turn.state, "eine halbe Stunde pro Person am Tag, alles auf Papier")
    first = turn.state.map.processes[0]
    assert first.hours_per_week == round(6 * 0.5 * turn.state.days, 1) and "6 × 0,5 Std. am Tag" in turn.text


def test_the_head_count_said_with_the_trade_answer_is_kept() -> None:
    turn = advance(start(None, text="Wo verlieren wir Zeit?").state, "Physiotherapie-Praxis mit 6 Leuten")
    assert turn.state.team == 6


def test_hours_no_business_can_have_are_asked_again_not_recorded() -> None:
    """hostile28: „99999999 Stunden pro Woche“ was noted as „99.999.999 Std./Woche“ and stood in the map (and would
    rank first as a time-eater with any pain); more than 250 people × 40 hours (the SME limit) is asked again."""
    t = _play(start("baeckerei"), "99999999 Stunden pro Woche, dauernd Fehler, alles auf Papier")
    p = t.state.process("produktion")
    assert p.assumed and p.hours_per_week != 99999999 and t.state.current == "produktion"
    assert "99.999.999" in t.text and "Notiert" not in t.text and "Produktion & Backplanung" in t.text
    other = _play(start("baeckerei"), "Rechnungen schreiben: 5000000 Stunden pro Woche")
    assert all(q.hours_per_week is None or q.hours_per_week < 10_000 for q in other.state.map.processes)
    t = advance(t.state, "so 12 Stunden, dauernd Fehler")
    assert t.state.process("produktion").hours_per_week == 12 and "Notiert" in t.text
