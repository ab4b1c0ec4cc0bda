"""The stored German place list: read from GeoNames once, then from the artefact; refitted when its inputs change."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.nlu import places


def _count_geonames(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = places._from_geonames

    def counted(everyday: set[str]) -> places.PlaceNames:
        calls.append(1)
        return real(everyday)

    monkeypatch.setattr(places, "_from_geonames", counted)
    return calls


def test_the_place_list_is_read_once_then_loaded(fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_geonames(monkeypatch)
    places.german_places.cache_clear()
    first = places.german_places()
    places.german_places.cache_clear()  # a new process: the memo is gone, the artefact stays
    second = places.german_places()
    places.german_places.cache_clear()
    assert calls == [1]
    assert first == second
    assert "quedlinburg" in first and "morgen" not in first


def test_new_everyday_words_refit_the_place_list(fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_geonames(monkeypatch)
    places.german_places.cache_clear()
    assert "quedlinburg" in places.german_places()
    words = places._everyday_words() | {"quedlinburg"}  # a new example sentence names the town
    monkeypatch.setattr(places, "_everyday_words", lambda: words)
    places.german_places.cache_clear()
    assert "quedlinburg" not in places.german_places()
    places.german_places.cache_clear()
    assert calls == [1, 1]
