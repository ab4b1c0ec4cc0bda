"""One lookup turns the company's ids into the German names the answers show; unknown ids stay visible."""

from __future__ import annotations

from agents.names import branch_name, group_name, product_name
from tools.company.catalog import BRANCHES, GROUP_NAMES, PRODUCTS


def test_catalogue_ids_get_their_names() -> None:
    assert branch_name(BRANCHES[0].id) == BRANCHES[0].name
    assert product_name(PRODUCTS[0].id) == PRODUCTS[0].name
    group, name = next(iter(GROUP_NAMES.items()))
    assert group_name(group) == name


def test_an_id_of_a_users_own_upload_is_shown_as_it_is() -> None:
    assert branch_name("filiale_99") == "filiale_99"
    assert product_name("Dinkelkruste") == "Dinkelkruste"
    assert group_name("7") == "7"


def test_a_name_from_an_uploaded_file_is_shown_as_plain_text() -> None:
    """hostile16: a product „<script>…</script>**fett**![x](http://…)“ from the owner's CSV was echoed into the
    Markdown chat (the picture loaded from the other host); its words stay, the markup does not."""
    shown = product_name("<script>alert(1)</script>**fett**![x](http://127.0.0.1:9/x.png)")
    assert not any(ch in shown for ch in "<>[]!*") and "fett" in shown and "script" in shown
    assert branch_name("Filiale | Nord") == "Filiale Nord" and product_name("Brötchen (hell)") == "Brötchen (hell)"
