"""lfd.exercises: answers checked by digest; solutions removed for the student edition."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from lfd import exercises
from lfd.exercises import check, record, strip_solutions, student_sources


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
    with pytest.raises(ValueError, match="sig must be a positive integer"):
        record("x", 1.5, sig=0)


def test_command_line_records(answers, capsys):
    assert exercises.main(["record", "t.cli", "0.5", "--sig", "2"]) == 0
    assert exercises.main(["record", "t.list", "1", "2", "3"]) == 0
    assert check("t.cli", 0.5, quiet=True) and check("t.list", [1, 2, 3], quiet=True)


# -- removing solutions ----------------------------------------------------------------

def cell(kind, text, outputs=None):
    c = {"cell_type": kind, "metadata": {}, "source": text}
    if kind == "code":
        c.update(outputs=outputs or [{"output_type": "stream", "name": "stdout", "text": "out"}],
                 execution_count=1)
    return c


def notebook(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_strip_solutions_removes_everything_between_the_gates():
    nb = notebook(
        cell("markdown", "```{exercise-start}\n:label: p1\n```\nProblem one."),
        cell("code", "starter = 1"),
        cell("markdown", "```{exercise-end}\n```"),
        cell("markdown", "```{solution-start} p1\n:class: dropdown\n```\nThe SECRET method."),
        cell("code", "secret_answer = 42"),
        cell("markdown", "```{solution-end}\n```"),
        cell("markdown", "After."),
    )
    stripped = strip_solutions(nb)
    texts = [c["source"] for c in stripped["cells"]]
    assert texts == [nb["cells"][i]["source"] for i in (0, 1, 2, 6)]
    assert "SECRET" not in json.dumps(stripped) and "secret_answer" not in json.dumps(stripped)
    assert stripped["cells"][1]["outputs"] == []  # re-executed by the student build
    assert nb["cells"][1]["outputs"]  # the original is untouched


def test_strip_solutions_handles_a_one_cell_solution():
    nb = notebook(cell("markdown", "```{solution-start} p\n```\nhidden\n```{solution-end}\n```"), cell("markdown", "kept"))
    assert [c["source"] for c in strip_solutions(nb)["cells"]] == ["kept"]


@pytest.mark.parametrize("cells, message", [
    ([cell("markdown", "```{solution-start} p\n```")], "never closed"),
    ([cell("markdown", "```{solution-end}\n```")], "without solution-start"),
    ([cell("markdown", "```{solution-start} p\n```"), cell("markdown", "```{solution-start} q\n```")],
     "inside the solution"),
])
def test_strip_solutions_rejects_broken_gates(cells, message):
    with pytest.raises(ValueError, match=message):
        strip_solutions(notebook(*cells))


def test_student_sources(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "chapters" / "assets").mkdir(parents=True)
    (src / "exercises").mkdir()
    (src / "_config.yml").write_text("title: Book\nhtml:\n  favicon: chapters/assets/f.svg\n"
                                     "execute:\n  cache: _build/.jupyter_cache\n"
                                     "bibtex_bibfiles: [refs.bib]\n"
                                     "sphinx:\n  config:\n    html_static_path: [chapters/assets]\n")
    (src / "refs.bib").write_text("@misc{k, title = {T}}\n")
    (src / "_toc.yml").write_text("root: chapters/a\n")
    (src / "chapters" / "assets" / "f.svg").write_text("<svg/>")
    nb = notebook(cell("markdown", "```{solution-start} p\n```\nhidden answer"), cell("markdown", "```{solution-end}\n```"),
                  cell("markdown", "visible"))
    (src / "exercises" / "set.ipynb").write_text(json.dumps(nb))
    student_sources(src, dst)
    config = (dst / "_config.yml").read_text()
    assert "hide_solutions: true" in config and "(student edition)" in config
    assert str(src / "chapters" / "assets") in config  # static paths still point at the sources
    assert str(src / "_build" / ".jupyter_cache") in config  # one execution cache for both editions
    assert (dst / "refs.bib").read_text() == "@misc{k, title = {T}}\n"  # citations still resolve
    out = (dst / "exercises" / "set.ipynb").read_text()
    assert "visible" in out and "hidden answer" not in out
    # a file deleted from the sources disappears from the copy
    (src / "exercises" / "set.ipynb").unlink()
    student_sources(src, dst)
    assert not (dst / "exercises" / "set.ipynb").exists()


def test_problems_index(tmp_path):
    def problem(title, label, text, starter=None, solution_code="", klass=None):
        head = f"```{{exercise-start}} {title}\n:label: {label}\n" + (f":class: {klass}\n" if klass else "") + "```\n"
        cells = [cell("markdown", head + text)]
        if starter is not None:
            cells.append(cell("code", starter))
        cells += [cell("markdown", "```{exercise-end}\n```"),
                  cell("markdown", f"```{{solution-start}} {label}\n:class: dropdown\n```\nworked"),
                  cell("code", solution_code), cell("markdown", "```{solution-end}\n```")]
        return cells
    second = notebook(*problem("VII.2.10 Ten", "p10", "Compute it.", "x = np.linspace(0, 1, 5)\nprint(x)"),
                      *problem("Counting by hand", "p2", "How many? Think.", "answer = None  # yours\n# check(...)",
                               'check("VII.2.2", 7)'),
                      *problem("", "p3", "No id anywhere. Second sentence.", None, "", "computational"))
    first = notebook(cell("markdown", "# Set\nText about `{exercise-start}` that is no directive."),
                     *problem("VII.1.4: Data only", "q4", "Solve.", "A = np.array([[1, 2], [3, 4]])\nb = (1, -2)"),
                     *problem("Code but marked", "q5", 'Check as "VII.1.5".', "f(3)", "", "pen-and-paper"))
    third = notebook(*problem("No number", "r1", "Text.", None))
    (tmp_path / "a.ipynb").write_text(json.dumps(first))
    (tmp_path / "b.ipynb").write_text(json.dumps(second))
    (tmp_path / "00-set-vii2.ipynb").write_text(json.dumps(third))
    rows = exercises.problems(tmp_path)
    assert [r["id"] for r in rows] == ["VII.1.4", "VII.1.5", "VII.2.2", "VII.2.10", None, None]
    assert [r["label"] for r in rows][-2:] == ["r1", "p3"]   # section from the file name, then none
    assert rows[-2]["section"] == "VII.2"
    by_label = {r["label"]: r for r in rows}
    assert by_label["q4"]["title"] == "Data only" and by_label["q4"]["section"] == "VII.1"
    assert not by_label["q4"]["computational"]          # data written out is no computation
    assert not by_label["q5"]["computational"]          # the class overrides the starter code
    assert by_label["p10"]["computational"] and by_label["p10"]["title"] == "Ten"
    assert not by_label["p2"]["computational"]          # a placeholder to fill in by hand
    assert by_label["p2"]["section"] == "VII.2"         # id found in the solution's check()
    assert by_label["p3"]["title"] == "No id anywhere." and by_label["p3"]["computational"]
    assert by_label["p3"]["section"] == "" and by_label["p10"]["file"] == "b.ipynb"
