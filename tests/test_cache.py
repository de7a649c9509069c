"""lfd.cache.cached: a call done once per input, its printed output replayed."""

from __future__ import annotations

import numpy as np
import pytest

from lfd import cache
from lfd.cache import cached

calls = []


def helper(x):
    return 2 * x


def train(x, epochs=3):
    calls.append((x, epochs))
    print(f"trained {x} for {epochs} epochs")
    return {"weights": np.full(3, helper(x)), "epochs": epochs}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    calls.clear()
    return tmp_path


def test_without_a_folder_it_is_the_call(monkeypatch, capsys):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    calls.clear()
    for _ in range(2):
        assert cached(train, 1)["epochs"] == 3
    assert len(calls) == 2 and capsys.readouterr().out.count("trained 1") == 2


def test_a_second_call_replays_the_result_and_what_was_printed(folder, capsys):
    first = cached(train, 1, epochs=5)
    assert capsys.readouterr().out == "trained 1 for 5 epochs\n"
    again = cached(train, 1, epochs=5)
    assert capsys.readouterr().out == "trained 1 for 5 epochs\n"  # replayed, not computed
    assert calls == [(1, 5)] and np.array_equal(again["weights"], first["weights"])
    assert len(list(folder.glob("*.pickle"))) == 1


def test_other_arguments_compute_again(folder):
    cached(train, 1)
    cached(train, 2)
    cached(train, 1, epochs=4)
    cached(train, np.arange(3.0))
    cached(train, np.arange(3.0) + 1e-15)  # one bit of an array is another input
    assert len(calls) == 5


def test_a_changed_helper_computes_again(folder, monkeypatch):
    key = cache._key(train, (1,), {})
    monkeypatch.setattr(cache, "_sources", lambda fn: "def helper(x): return 3 * x")
    assert cache._key(train, (1,), {}) != key


def test_the_key_follows_the_functions_it_names():
    text = cache._sources(train)
    assert "def helper" in text and "def train" in text


def test_a_torn_file_is_computed_again(folder):
    cached(train, 1)
    (path,) = folder.glob("*.pickle")
    path.write_bytes(b"not a pickle")
    cached(train, 1)
    assert len(calls) == 2


def test_bad_input_is_named(folder):
    with pytest.raises(TypeError, match="fn must be callable"):
        cached(3, 1)
    with pytest.raises(TypeError, match="picklable arguments for train"):
        cached(train, lambda: 1)
