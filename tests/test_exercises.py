"""lfd.exercises: answers checked by digest, without revealing them."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from lfd import exercises
from lfd.exercises import check, record


@pytest.fixture
def answers(tmp_path, monkeypatch):
    path = tmp_path / "answers.json"
    monkeypatch.setattr(exercises, "ANSWERS", path)
    return path


def test_integer_answers_are_exact(answers):
    record("t.int", 11)
    assert check("t.int", 11, quiet=True)
    assert check("t.int", np.int64(11), quiet=True)
    assert check("t.int", 11.0, quiet=True)  # a whole float is the same integer
    assert not check("t.int", 12, quiet=True)
    assert not check("t.int", 11.5, quiet=True)


def test_real_answers_match_to_the_stored_digits(answers):
    record("t.rate", 9 / 11, sig=3)  # 0.8181…
    for right in (0.818, 0.8182, 9 / 11, Fraction(9, 11), np.float32(0.818)):
        assert check("t.rate", right, quiet=True), right
    for wrong in (0.82, 0.81, 0.828, -0.818):
        assert not check("t.rate", wrong, quiet=True), wrong


def test_answers_on_a_rounding_boundary_are_accepted(answers):
    record("t.b", 0.8185, sig=3)  # stored as 0.818 or 0.819, depending on binary rounding
    assert check("t.b", 0.8185, quiet=True)


def test_sequences(answers):
    record("t.seq", [1, 2, 4, 7, 11])
    assert check("t.seq", np.array([1.0, 2, 4, 7, 11]), quiet=True)
    assert not check("t.seq", [1, 2, 4, 7, 12], quiet=True)
    assert not check("t.seq", [1, 2, 4, 7], quiet=True)
    with pytest.raises(TypeError, match="sequence of numbers"):
        check("t.seq", 3, quiet=True)


def test_text(answers):
    record("t.word", "Composition")
    assert check("t.word", "  composition ", quiet=True)
    assert not check("t.word", "addition", quiet=True)


def test_the_file_holds_no_answer(answers):
    record("t.secret", 123457)
    text = answers.read_text()
    assert "123457" not in text
    assert set(json.loads(text)["t.secret"]) == {"kind", "sig", "digest"}


def test_check_prints_a_verdict(answers, capsys):
    record("t.int", 11)
    check("t.int", 11)
    check("t.int", 10)
    assert capsys.readouterr().out == "✓ t.int: correct\n✗ t.int: not this one, try again\n"


def test_bad_input_is_named(answers):
    record("VII.9.1", 3)
    with pytest.raises(ValueError, match=r"no stored answer for problem_id='VII.9.2'; known in this set: VII.9.1"):
        check("VII.9.2", 3)
    with pytest.raises(ValueError, match="must be finite"):
        check("VII.9.1", float("nan"))
    with pytest.raises(TypeError, match="expects a number"):
        check("VII.9.1", "three")
    with pytest.raises(ValueError, match="problem_id must be"):
        record("bad id", 1)
    with pytest.raises(ValueError, match="sig must be >= 1"):
        record("x", 1.5, sig=0)
