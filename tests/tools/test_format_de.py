"""The one set of German formatters: each row is a call and the exact text a user reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tools import format_de as f

CASES: list[tuple[Callable[..., str], tuple[Any, ...], dict[str, Any], str]] = [
    (f.num, (1234.5,), {}, "1.234,5"),
    (f.num, (1234567.891, 2), {}, "1.234.567,89"),
    (f.num, (0.25, 2), {}, "0,25"),
    (f.num, (-0.04,), {}, "0,0"),
    (f.num, (-1234.56,), {}, "-1.234,6"),
    (f.num, (2.0,), {"trim": True}, "2"),
    (f.num, (2.5,), {"trim": True}, "2,5"),
    (f.num, (1000.0, 2), {"trim": True}, "1.000"),
    (f.num, (12.34,), {"signed": True}, "+12,3"),
    (f.num, (0.0,), {"signed": True}, "+0,0"),
    (f.integer, (1234.6,), {}, "1.235"),
    (f.integer, (-0.4,), {}, "0"),
    (f.integer, (999,), {}, "999"),
    (f.integer, (250.0,), {"signed": True}, "+250"),
    (f.integer, (-1500.0,), {"signed": True}, "-1.500"),
    (f.eur, (1234567.4,), {}, "1.234.567 €"),
    (f.eur, (14.2,), {"cents": True}, "14,20 €"),
    (f.eur, (-5100.0,), {}, "-5.100 €"),
    (f.signed_eur, (1200.0,), {}, "+1.200 €"),
    (f.signed_eur, (-300.0,), {}, "-300 €"),
    (f.percent, (12.5,), {}, "12,5 %"),
    (f.percent, (0.5,), {}, "0,5 %"),
    (f.percent, (5.0, 0), {}, "5 %"),
    (f.percent, (20.0,), {"signed": True}, "+20,0 %"),
    (f.percent, (-3.25,), {"signed": True}, "-3,2 %"),
    (f.share, (0.5,), {}, "50,0 %"),
    (f.share, (0.125, 0), {}, "12 %"),
    (f.share, (0.964,), {}, "96,4 %"),
    (f.share, (0.3,), {"signed": True}, "+30,0 %"),
    (f.day, (date(2026, 11, 28),), {}, "Sa, 28.11.2026"),
    (f.day_long, (date(2026, 11, 26),), {}, "Donnerstag, 26.11.2026"),
    (f.month_label, (date(2026, 3, 1),), {}, "Mär 2026"),
    (f.month_label, (date(2026, 12, 31),), {}, "Dez 2026"),
    (f.date_range, (date(2026, 12, 1), date(2026, 12, 31)), {}, "01.12.–31.12.2026"),
    (f.date_range, (date(2026, 12, 28), date(2027, 1, 3)), {}, "28.12.2026–03.01.2027"),
    (f.date_range, (date(2026, 11, 28), date(2026, 11, 28)), {}, "28.11.2026"),
]


@pytest.mark.parametrize("fn,args,kwargs,expected", CASES, ids=[f"{c[0].__name__}{c[1]}{c[2] or ''}" for c in CASES])
def test_formats(fn: Callable[..., str], args: tuple[Any, ...], kwargs: dict[str, Any], expected: str) -> None:
    assert fn(*args, **kwargs) == expected


def test_percent_and_share_name_their_input() -> None:
    """The same 50 % from percentage points and from a fraction; 0.5 points stays 0.5 %."""
    assert f.percent(50) == f.share(0.5) == "50,0 %"
    assert f.percent(0.5) != f.share(0.5)


def test_numpy_values_format_like_floats() -> None:
    np = pytest.importorskip("numpy")
    assert f.num(np.float64(1234.5)) == "1.234,5" and f.integer(np.int64(1234)) == "1.234"


def test_and_list_enumerates_in_german() -> None:
    from tools.format_de import and_list

    assert and_list([]) == "" and and_list(["Brot"]) == "Brot"
    assert and_list(["Brot", "Kuchen", "Brötchen"]) == "Brot, Kuchen und Brötchen"


def test_plain_keeps_the_words_of_a_name_from_a_file_but_no_markup() -> None:
    """hostile16: names from uploaded files are echoed into Markdown answers."""
    from tools.format_de import plain

    assert (
        plain("![x](https://evil.example/p.png) [Klick](javascript:alert(1))")
        == "x (https://evil.example/p.png) Klick (javascript:alert(1))"
    )
    assert plain("<b>Kuchen</b>\x00\n| a |") == "b Kuchen /b a"
    assert plain("Brötchen (hell), 1/2 Blech") == "Brötchen (hell), 1/2 Blech"


def test_plain_drops_characters_that_turn_a_name_around_or_hide_in_it() -> None:
    """Hostile test 23 #3: „rechnung\u202egpj.exe“ was shown as „rechnungexe.jpg“ (right-to-left override)."""
    from tools.format_de import plain

    assert plain("rechnung\u202egpj.exe") == "rechnung gpj.exe"
    assert plain("\u200b\ufeff\u2066Umsatz\u2069\u200f\x85") == "Umsatz"
    assert plain("Familie 👩\u200d👧") == "Familie 👩\u200d👧"  # an emoji's joiner stays


def test_quotable_keeps_lists_and_bold_but_loads_nothing_from_elsewhere() -> None:
    """hostile16: a handbook document with „![logo](http://…)“ made every employee's browser load that picture."""
    from tools.format_de import quotable

    text = "- **30 Minuten** Pause ![logo](http://evil.example/t.png)\n[Hier bestätigen](http://evil.example/p) <img src=x>"
    assert quotable(text) == "- **30 Minuten** Pause logo\nHier bestätigen (http://evil.example/p) "
    assert quotable("![x][1]\n\n[1]: http://evil.example/t.png") == "![x][1]\n\n"
    assert quotable("| a | b |\n|---|---|\n| 1 | 2 |") == "| a | b |\n|---|---|\n| 1 | 2 |"


def test_pieces_round_half_up_once() -> None:
    """Trial 22: a lead said 788 where its row said 787 – a quantity is rounded to whole pieces once, half up
    (not to even: 786.5 → 787), and the texts format that whole number."""
    assert f.pieces(787.46) == 787 and f.pieces(787.5) == 788 and f.pieces(786.5) == 787
    assert f.pieces(0.4) == 0 and f.integer(f.pieces(1234.5)) == "1.235"


def test_a_huge_effect_is_said_as_a_multiple() -> None:
    """Trial 30: Pfannkuchen's New Year's Eve showed „Silvester +19.529,9 %“; from +200 % on it is a multiple."""
    from tools.format_de import effect

    assert effect(19529.9) == "etwa das 196-Fache"
    assert effect(200) == "etwa das 3-Fache"
    assert effect(35.7) == "+35,7 %" and effect(-14.4) == "-14,4 %"
