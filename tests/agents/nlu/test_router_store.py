"""The router is fitted once and stored with the fingerprint of its examples; later starts only load it."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.nlu import router as router_module
from agents.nlu.router import (
    ROUTER_ARTEFACT,
    EmbeddedRouter,
    RouterModel,
    default_router,
    fit_model,
    router_inputs,
)

TINY = (["hallo", "hi", "moin", "hilfe", "was kannst du", "anleitung"], ["smalltalk"] * 3 + ["help"] * 3)


@pytest.fixture()
def tiny_examples(fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A private data folder, six training examples and a spy that counts the fits."""
    fits: list[int] = []

    def counting_fit(texts: list[str], labels: list[str]) -> RouterModel:
        fits.append(len(texts))
        return fit_model(texts, labels)

    monkeypatch.setattr(router_module, "load_examples", lambda: (list(TINY[0]), list(TINY[1])))
    monkeypatch.setattr(router_module, "fit_model", counting_fit)
    default_router.cache_clear()
    yield fits
    default_router.cache_clear()


def test_second_start_loads_the_stored_router_instead_of_fitting(tiny_examples: list[int]) -> None:
    first = default_router().route("moin moin")
    default_router.cache_clear()  # what a new process sees
    second = default_router().route("moin moin")
    assert tiny_examples == [6]
    assert ROUTER_ARTEFACT.stored(router_inputs())
    assert second.tool == first.tool == "smalltalk"
    assert second.confidence == pytest.approx(first.confidence)


def test_changing_an_example_changes_the_fingerprint_and_refits(
    tiny_examples: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    default_router()
    before = ROUTER_ARTEFACT.path(router_inputs())
    monkeypatch.setattr(
        router_module,
        "load_examples",
        lambda: (["hallo", "hi", "servus", "hilfe", "was kannst du", "anleitung"], list(TINY[1])),
    )
    default_router.cache_clear()
    default_router()
    after = ROUTER_ARTEFACT.path(router_inputs())
    assert after != before
    assert tiny_examples == [6, 6]
    assert after.is_file() and not before.exists()  # the outdated router is removed


def test_a_damaged_file_is_refitted_not_shown(tiny_examples: list[int]) -> None:
    path = ROUTER_ARTEFACT.path(router_inputs())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"kein npz")
    assert default_router().route("hallo").tool == "smalltalk"
    assert tiny_examples == [6]


def test_stored_router_predicts_like_the_fitted_one(tmp_path: Path) -> None:
    model = fit_model(*TINY)
    model.save(tmp_path / "r.npz")
    loaded = EmbeddedRouter(RouterModel.load(tmp_path / "r.npz"))
    for text in ("moin", "was kannst du alles", "xq zzv"):
        assert loaded.route(text) == EmbeddedRouter(model).route(text)


def test_stored_router_cuts_text_like_scikit_learn() -> None:
    """Prediction without scikit-learn must see the same n-grams the fit saw."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from agents.nlu.router import _char_grams, _prep, _word_grams

    chars = TfidfVectorizer(preprocessor=_prep, analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    words = TfidfVectorizer(preprocessor=_prep, analyzer="word", ngram_range=(1, 2)).build_analyzer()
    for text in ("Wie viele Brötchen morgen in Stendal?", "  a  b\tc ", "Umsatz 2026 vs. 2025!", "ÄÖÜ ß straße", ""):
        assert sorted(_char_grams(text)) == sorted(chars(text))
        assert sorted(_word_grams(text)) == sorted(words(text))
