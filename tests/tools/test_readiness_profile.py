"""Trade detection of the readiness profile: a table of firm descriptions (with typos), the scoring rules,
and that every trade has process defaults and catalogue use cases to rank."""

from __future__ import annotations

import pytest

from tools.readiness.backlog import backlog_for, load_catalog, serves
from tools.readiness.process_defaults import default_map, known_trade
from tools.readiness.profile import TRADES, parse_trade, trade_scores

SCORES: dict[str, float | None] = {d: 3.0 for d in ("strategy", "data", "technology", "processes")} | {
    "cooperation": 3.0,
    "governance": 3.0,
}

TABLE = [
    # bakery and food
    ("Bäckerei mit 5 Filialen", "baeckerei"),
    ("Großbäckerei", "baeckerei"),
    ("Bäckerei & Café", "baeckerei"),  # tie: the trade named first
    ("Konditorei", "baeckerei"),
    ("Café mit Konditorei", "gastronomie"),  # a café that bakes its own cakes
    ("Fleischerei mit Partyservice", "lebensmittel"),
    ("Landfleischerei und Wurstmanufaktur", "lebensmittel"),
    ("kleine Brauerei", "lebensmittel"),
    ("Lebensmittelhandel", "handel"),  # 'lebensmittel' inside the longer stem does not count
    # crafts
    ("Malerbetrieb", "handwerk"),
    ("Tischlerei", "handwerk"),
    ("Zimmerei und Holzbau", "handwerk"),
    ("Elektromeisterbetrieb, Installation und Photovoltaik", "handwerk"),  # 'stall' in 'Installation' is no farm
    ("SHK-Betrieb", "handwerk"),
    ("Sanitär und Heizung", "handwerk"),
    ("Metallbau", "handwerk"),
    # salons work by appointment (trials 12 and 14: a Friseursalon got the Baustelle processes)
    ("kleiner Friseursalon", "koerperpflege"),
    ("Kosmetikstudio", "koerperpflege"),
    ("Nagelstudio und Fußpflege", "koerperpflege"),
    ("Metallbau und Fertigung", "produktion"),
    ("Elektronikfertigung", "produktion"),
    # retail, cars
    ("Modegeschäft mit Onlineshop", "handel"),
    ("Online-Shop für Tee", "handel"),
    ("Fahrradgeschäft mit Werkstatt", "handel"),
    # flower shops bind and deliver, they run no online shop with parcels (trials 14 and 16)
    ("Blumenladen", "floristik"),
    ("kleines Blumengeschäft", "floristik"),
    ("Floristik und Dekoration", "floristik"),
    ("Bäckerei mit Sonnenblumenbrot", "baeckerei"),  # 'blumen' inside a word is no flower shop
    ("Kfz-Werkstatt", "kfz"),
    ("Autohaus", "kfz"),
    # care
    ("ambulanter Pflegedienst", "pflege"),
    ("Tagespflege und betreutes Wohnen", "pflege"),
    # practices work by appointment on weekdays, not in daily care shifts (trials 14 and 16)
    ("Physiotherapie-Praxis", "praxis"),
    ("Praxis für Ergotherapie", "praxis"),
    ("Zahnarztpraxis", "praxis"),
    ("Massagepraxis", "koerperpflege"),  # 'praxis' inside the longer stem does not count
    # agriculture
    ("Landwirtschaft, Milchviehbetrieb", "landwirtschaft"),
    ("Landwirtschaft mit Hofladen", "landwirtschaft"),
    ("Hofladen", "landwirtschaft"),
    ("Obsthof", "landwirtschaft"),
    # logistics
    ("Spedition und Logistik", "logistik"),
    ("Kurierdienst", "logistik"),
    ("Fuhrunternehmen mit Lagerhalle", "logistik"),
    ("Logistikdienstleister", "logistik"),
    # tourism vs. gastronomy
    ("Pension und Ferienwohnungen", "tourismus"),
    ("Campingplatz", "tourismus"),
    ("Reisebüro", "tourismus"),  # not an office service: 'buero' inside 'reisebuero'
    ("Gasthof mit Hotel", "gastronomie"),
    ("Restaurant", "gastronomie"),
    # administration vs. services
    ("Gemeindeverwaltung", "verwaltung"),
    ("Sportverein e.V.", "verwaltung"),
    ("Hausverwaltung", "dienstleistung"),  # a property manager is a service firm
    # tax and law offices work on their clients' receipts, payroll and deadlines (trial 16)
    ("Steuerberatungskanzlei", "kanzlei"),
    ("Rechtsanwaltskanzlei", "kanzlei"),
    ("Steuerbüro", "kanzlei"),
    ("Unternehmensberatung", "dienstleistung"),
    ("Gebäudereinigung", "dienstleistung"),
    # typos
    ("Bäckrei", "baeckerei"),
    ("Tischlrei", "handwerk"),
    ("Elecktriker", "handwerk"),
    ("Pflegdienst", "pflege"),
    ("Spediton", "logistik"),
    ("Resturant", "gastronomie"),
    ("Frisör", "koerperpflege"),
    ("Apoteke", "pflege"),
    ("Vermietung von Ferienwohnugen", "tourismus"),
    ("Modegeschäfft", "handel"),
    # unknown
    ("Fahrradverleih", "sonstige"),
    ("Bestattungsinstitut", "sonstige"),
]


@pytest.mark.parametrize(("text", "trade"), TABLE)
def test_trade_table(text: str, trade: str) -> None:
    assert parse_trade(text)[0] == trade


def test_table_is_large_and_covers_every_trade() -> None:
    assert len(TABLE) >= 25
    assert {t for _, t in TABLE} >= set(TRADES) | {"sonstige"}


def test_labels_and_unknown_keeps_the_users_words() -> None:
    assert parse_trade("Spedition") == ("logistik", TRADES["logistik"].label)
    assert parse_trade("  Fahrradverleih ") == ("sonstige", "Fahrradverleih")
    assert parse_trade("") == ("sonstige", "Sonstige")


def test_main_business_before_mit_counts_more() -> None:
    cafe = trade_scores("Café mit Konditorei")
    bakery = trade_scores("Konditorei mit Café")
    assert cafe["gastronomie"] > cafe["baeckerei"] and bakery["baeckerei"] > bakery["gastronomie"]


def test_stem_inside_a_longer_stem_does_not_count() -> None:
    assert "handel" not in trade_scores("Hofladen")  # 'laden'
    assert "verwaltung" not in trade_scores("Hausverwaltung")
    assert "gastronomie" not in trade_scores("Reisebüro Sonnenschein")


def test_specific_stem_outweighs_generic_one() -> None:
    s = trade_scores("Logistikdienstleister")
    assert s["logistik"] > s.get("dienstleistung", 0.0)


def test_typos_only_used_when_nothing_matches_exactly() -> None:
    assert trade_scores("Bäckrei")["baeckerei"] < trade_scores("Bäckerei")["baeckerei"]
    assert set(trade_scores("Tischlrei und Bäckerei")) == {"baeckerei"}  # the exact hit wins, no fuzzy hits added


def test_every_trade_has_assumed_defaults_and_its_own_use_cases() -> None:
    cat = load_catalog()
    for tid in TRADES:
        assert known_trade(tid) == tid, tid  # own defaults, not the generic fallback
        m = default_map(tid)
        assert m.trade == tid and len(m.goals) == 3 and m.goals_assumed
        assert all(p.assumed for p in m.processes)
        own = [u for u in cat if tid in u.trades and any(serves(u, p) for p in m.processes)]
        assert len(own) >= 3, (tid, [u.id for u in own])


def test_catalogue_tags_only_known_trades() -> None:
    known = set(TRADES) | {"*", "sonstige"}
    assert all(set(u.trades) <= known for u in load_catalog())


@pytest.mark.parametrize(
    ("trade", "own"),
    [
        ("logistik", {"logistics_routes", "logistics_eta", "logistics_docs"}),
        ("tourismus", {"gastro_booking", "tourism_pricing", "tourism_guest_info"}),
        ("lebensmittel", {"bakery_demand", "food_haccp", "food_labels"}),
        ("verwaltung", {"admin_email_triage", "admin_deadlines", "admin_phone_assistant"}),
    ],
)
def test_new_trades_rank_their_own_use_cases(trade: str, own: set[str]) -> None:
    """With the assumed defaults only, the trade's own use cases are in the backlog with a computed value."""
    b = backlog_for(trade, SCORES, employees=10)
    values = {u.id: u.value for u in b.items}
    assert own <= set(values) and all(values[u] > 0 for u in own)
    assert "craft_quotes" not in values  # another trade's use case stays out


def test_a_team_counted_as_zu_dritt() -> None:
    """Trial 6: 'wir sind zu dritt' was no number; the next answer (the region) then went into the size."""
    from tools.readiness.profile import parse_employees

    assert parse_employees("wir sind zu dritt") == 3
    assert parse_employees("Zu acht, mit Azubi") == 8


def test_a_place_of_the_region_named_in_the_opening_is_the_region():
    """Trial 8: „… Pflegedienst mit 25 Mitarbeitern in Salzwedel“ was asked for its region again."""
    from tools.readiness.profile import region_mentioned

    assert region_mentioned("ich leite einen Pflegedienst mit 25 Mitarbeitern in Salzwedel.") == "Salzwedel"
    assert region_mentioned("Wir sind eine Tischlerei aus der Altmark") == "Altmark"
    assert region_mentioned("Bäckerei in Ordnung") is None and region_mentioned("Friseur in Berlin") is None
