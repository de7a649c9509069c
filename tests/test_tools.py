"""The build tooling (tools/): recording an answer, the student edition's sources, the index of problems,
the downloads (wheel, student notebooks, each notebook's install hint) and the site's extension."""

from __future__ import annotations

import json
import re
import sys
import types
import zipfile

import pytest

import downloads  # tools/ is on sys.path (tests/conftest.py)
import lfd_site
import record_answer
from conftest import ROOT
from lfd import exercises
from lfd.exercises import check
from problems import problems
from student_edition import (SOLUTION_START, gated, promises_solutions, strip_solutions, student_notebook,
                             student_sources, student_text)


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
    assert "lfd_edition: student" in config  # the footer names the edition (tools/lfd_site.py)
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


# -- the student edition speaks for itself ------------------------------------------------

def book_notebooks():
    return sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))


def test_student_text_rewrites_what_the_full_edition_says():
    full = ("Check it. Solutions are folded on the website; open one after trying.\n"
            "Ten problems on these ideas, with worked\nsolutions, are in the set.")
    student = student_text(full)
    assert "folded" not in student and "worked" not in student
    assert "This student edition has no solutions" in student and "Ten problems on these ideas are in" in student
    assert promises_solutions(full) and not promises_solutions(student)
    # naming the full edition is no promise; folded planes are no solutions
    assert not promises_solutions("The full edition has worked solutions. Deep nets as folded planes.")


def test_no_student_notebook_promises_solutions():
    """Every sentence of the book that speaks of its solutions has a student version (STUDENT_TEXT)."""
    promises = {}
    for path in book_notebooks():
        nb = student_notebook(json.loads(path.read_text()))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                for sentence in promises_solutions("".join(cell["source"])):
                    promises.setdefault(path.relative_to(ROOT).as_posix(), []).append(sentence)
    assert not promises, ("sentences that promise solutions the student edition does not have; add their "
                          f"student version to STUDENT_TEXT in tools/student_edition.py: {promises}")


def test_student_notebook_keeps_code_and_removes_solutions():
    nb = notebook(cell("markdown", "Solutions are folded on the website."), cell("code", "x = 1"),
                  cell("markdown", "```{solution-start} p\n```"), cell("code", "answer = 42"),
                  cell("markdown", "```{solution-end}\n```"))
    out = student_notebook(nb)
    assert [c["source"] for c in out["cells"]] == [
        ["This student edition has no solutions; the full edition has them."], "x = 1"]
    assert out["cells"][1]["outputs"] == []
    assert nb["cells"][0]["source"] == "Solutions are folded on the website."  # the input is not changed


# -- downloads: the wheel, the zip of student notebooks, the install hint ----------------------

# The index of problems reads the book's tooling; it is not in the zip of notebooks.
NO_GUARD = {"exercises/index.ipynb"}


def first_code_cell(path):
    nb = json.loads(path.read_text())
    return "".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"])


def guard_problems(path):
    """What is wrong with the install guard at the top of the first code cell of ``path`` (empty: nothing)."""
    source = first_code_cell(path)
    guard, _, rest = source.partition("\n\n")
    if "_render_traceback_" not in guard or "import lfd" not in guard:
        return ["the first code cell does not start with the install guard"]
    wrong = [f"imports {m} without guarding it" for m in ("myst_nb", "sympy")
             if re.search(rf"^\s*(from|import) {m}\b", rest, re.M) and f"import {m}" not in guard]
    namespace = {}
    saved = {m: sys.modules.get(m) for m in ("lfd",)}
    sys.modules["lfd"] = None  # import lfd raises ModuleNotFoundError
    try:
        exec(compile(guard, str(path), "exec"), namespace)
        wrong.append("the guard does not stop when lfd is missing")
    except ModuleNotFoundError as error:
        lines = error._render_traceback_() if hasattr(error, "_render_traceback_") else []
        if len(lines) != 1 or "\n" in lines[0]:
            wrong.append(f"the guard shows {lines!r}, not one line")
        elif downloads.install_command(ROOT) not in lines[0] or "'lfd'" not in lines[0]:
            wrong.append(f"the guard's line {lines[0]!r} does not name lfd and "
                         f"'{downloads.install_command(ROOT)}'")
    finally:
        for m, module in saved.items():
            if module is None:
                sys.modules.pop(m, None)
            else:
                sys.modules[m] = module
    exec(compile(guard, str(path), "exec"), {})  # with everything installed: silent
    return wrong


def test_every_notebook_says_what_to_install():
    """The first code cell of every notebook says, in one line, what to install when lfd is missing."""
    wrong = {}
    for path in book_notebooks():
        name = path.relative_to(ROOT).as_posix()
        if name not in NO_GUARD and (found := guard_problems(path)):
            wrong[name] = found
    assert not wrong, wrong


def test_the_run_page_gives_the_same_install():
    page = (ROOT / "chapters" / "run-it-yourself.md").read_text()
    wheel = downloads.wheel_name(ROOT)
    assert downloads.install_command(ROOT) in page
    assert f'href="../downloads/{wheel}"' in page and f'href="../downloads/{downloads.ZIP_NAME}"' in page
    # every wheel name on the page is today's
    assert set(re.findall(r"lfd-[\w.]+-py3-none-any\.whl", page)) == {wheel}
    toc = (ROOT / "_toc.yml").read_text()
    assert "chapters/run-it-yourself" in toc


def test_the_wheel_builds(tmp_path):
    wheel = downloads.build_wheel(ROOT, tmp_path)
    assert wheel.name == downloads.wheel_name(ROOT)
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert {"lfd/__init__.py", "lfd/answers.json", "lfd/exercises.py"} <= names  # check() works from the wheel
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)
    assert re.search(r"^Requires-Dist: numpy", metadata, re.M)


def test_the_zip_holds_the_student_notebooks_and_no_solution(tmp_path):
    path = tmp_path / downloads.ZIP_NAME
    names = downloads.notebooks_zip(ROOT, path)
    expected = [f"{downloads.ZIP_ROOT}/{n}" for n in downloads.toc_notebooks(ROOT)]
    assert names == [f"{downloads.ZIP_ROOT}/README.txt"] + expected
    assert any("/chapters/" in n for n in expected) and any("/exercises/" in n for n in expected)
    assert f"{downloads.ZIP_ROOT}/exercises/index.ipynb" not in names
    # the code and text of every solution, and no output
    solution_cells = set()
    for source in ROOT.glob("exercises/*.ipynb"):
        for c, inside in gated(json.loads(source.read_text())["cells"]):
            text = "".join(c["source"]).strip()
            if inside and len(text) > 40:
                solution_cells.add(text)
    assert solution_cells, "no solution found in the sources: the check below would prove nothing"
    with zipfile.ZipFile(path) as zf:
        assert downloads.install_command(ROOT) in zf.read(f"{downloads.ZIP_ROOT}/README.txt").decode()
        for name in expected:
            nb = json.loads(zf.read(name))
            for c in nb["cells"]:
                text = "".join(c["source"])
                assert not SOLUTION_START.search(text), name
                assert text.strip() not in solution_cells, f"{name}: a solution cell\n{text[:200]}"
                assert not c.get("outputs"), name
            for c in nb["cells"]:
                if c["cell_type"] == "markdown":
                    assert not promises_solutions("".join(c["source"])), name
    # the same notebooks make the same zip
    again = tmp_path / "again.zip"
    downloads.notebooks_zip(ROOT, again)
    assert again.read_bytes() == path.read_bytes()


# -- the site's extension: the footer, the buttons from one repository URL ----------------------

def site_config(edition="full", url="", editions=None):
    return types.SimpleNamespace(
        lfd_edition=edition, lfd_editions=editions or {"full": "", "student": ""},
        html_theme_options={"repository_url": url, "launch_buttons": {"notebook_interface": "jupyterlab"}},
        myst_substitutions={})


def test_the_footer_names_the_edition_and_links_the_other(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    about = "../chapters/run-it-yourself.html#two-editions"
    full = lfd_site.footer_html(site_config("full"), "chapters/01-deep-nets", about)
    assert "Full edition, with worked solutions" in full and "built 2026-01-01" in full
    assert f"lfd {lfd_site.lfd_version()}" in full
    # no address for the student edition: the link says what it is
    assert f'href="{about}">about the student edition' in full
    student = lfd_site.footer_html(site_config("student"), "index", about)
    assert "Student edition" in student and "about the full edition" in student
    assert "repository" not in full + student
    # with both addresses set: the same page in the other edition
    published = {"full": "https://example.org/lfd/", "student": "https://example.org/lfd/student"}
    linked = lfd_site.footer_html(site_config("full", editions=published), "chapters/01-deep-nets", about)
    assert 'href="https://example.org/lfd/student/chapters/01-deep-nets.html">this page in the student' in linked
    back = lfd_site.footer_html(site_config("student", editions=published), "index", about)
    assert 'href="https://example.org/lfd/index.html"' in back
    config = site_config(editions=published)
    lfd_site._buttons_from_repository(None, config)
    assert "[student edition](https://example.org/lfd/student)" in config.myst_substitutions["editions"]


@pytest.mark.parametrize("url", ["", "https://github.com/example/lfd"])
def test_the_buttons_follow_the_repository_url(url):
    config = site_config(url=url)
    lfd_site._buttons_from_repository(None, config)
    options = config.html_theme_options
    assert options["use_repository_button"] is options["use_issues_button"] is bool(url)
    assert bool(options["launch_buttons"]["binderhub_url"]) is bool(options["launch_buttons"]["colab_url"]) is bool(url)
    sentence = config.myst_substitutions["repository"]
    assert (f"[the repository]({url})" in sentence) if url else ("repository" not in sentence)
    footer = lfd_site.footer_html(config, "index")
    assert (f'href="{url}"' in footer) if url else ("repository" not in footer)
