"""The build tooling (tools/): recording an answer, the student edition's sources, the index of problems."""

from __future__ import annotations

import json

import pytest

import record_answer  # tools/ is on sys.path (tests/conftest.py)
from lfd import exercises
from lfd.exercises import check
from problems import problems
from student_edition import strip_solutions, student_sources


@pytest.fixture
def answers(tmp_path, monkeypatch):
    path = tmp_path / "answers.json"
    monkeypatch.setattr(exercises, "ANSWERS", path)
    return path


def test_command_line_records(answers, capsys):
    assert record_answer.main(["t.cli", "0.5", "--sig", "2"]) == 0
    assert record_answer.main(["t.list", "1", "2", "3"]) == 0
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
    rows = problems(tmp_path)
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
