"""The student edition (make book-student) carries no solution, anywhere.

Text is compared as runs of words, so that markup does not hide a leak:
every run of ``K`` consecutive words that occurs in a gated solution and
nowhere outside solutions in the sources is looked for in every file of the
student site (pages with their tags stripped, search index, copies of the
notebooks). The full site must contain most of those runs, which shows
that the search would see them if they leaked.
"""

from __future__ import annotations

import html
import html.parser
import json
import re

import pytest

from conftest import (ROOT, SITE, SOLUTION_START, STAGE, STUDENT_SITE, STUDENT_STAGE, gated, require_site,
                      sanitizers, toc_docnames)

pytestmark = pytest.mark.site
# The two editions are compared: without both built sites, the module skips.
require_site(STUDENT_SITE, "LFD_STUDENT_SITE", "book-student")
require_site(SITE, "LFD_SITE", "book")

K = 6  # words per run: long enough to be distinctive, short enough to survive markup
WORD = re.compile(r"[a-z0-9_]+")


def runs(text):
    """The set of K-word runs in ``text`` (lower case, punctuation and markup ignored).

    Runs made only of numbers are left out: they say nothing about where
    they came from (a matrix in a solution, digits in minified code).
    """
    words = WORD.findall(text.lower())
    return {run for run in (tuple(words[i:i + K]) for i in range(len(words) - K + 1))
            if not all(w.isdigit() for w in run)}


def source_notebooks():
    """The notebooks of the table of contents that was built."""
    return [ROOT / f"{name}.ipynb" for name in toc_docnames() if (ROOT / f"{name}.ipynb").is_file()]


def solution_runs():
    """Runs of words found in solutions, by notebook, that occur nowhere outside solutions.

    Outside solutions means the rest of the notebooks, the text pages of the
    table of contents (the glossary, the notation) and the bibliography the
    references page prints: a phrase or a title that a solution shares with
    them is no leak.
    """
    hidden, shown = {}, set()
    for path in source_notebooks():
        mine = set()
        for cell, inside in gated(json.loads(path.read_text())["cells"]):
            (mine if inside else shown).update(runs("".join(cell["source"])))
        hidden[path.relative_to(ROOT).as_posix()] = mine
    # pages that are not notebooks, and the bibliography, are shown in both editions
    for name in toc_docnames():
        if (ROOT / f"{name}.md").is_file():
            shown.update(runs((ROOT / f"{name}.md").read_text()))
    # so is every page of a notebook without solutions, as the reader sees it: its
    # numbers are glued into the text only when the page is built
    for path in source_notebooks():
        page = SITE / path.relative_to(ROOT).with_suffix(".html")
        if not SOLUTION_START.search(path.read_text()) and page.is_file():
            shown.update(runs(file_text(page)))
    for bib in ROOT.glob("*.bib"):
        shown.update(runs(bib.read_text()))
    found = {name: r - shown for name, r in hidden.items()}
    return {name: r for name, r in found.items() if r}


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def file_text(path):
    raw = path.read_text(errors="replace")
    if path.suffix == ".html":
        parser = _Text()
        parser.feed(raw)
        return " ".join(parser.parts)
    if path.suffix == ".ipynb":
        cells = json.loads(raw)["cells"]
        return " ".join("".join(c["source"]) + json.dumps(c.get("outputs", [])) for c in cells)
    return html.unescape(raw)


def site_runs(root):
    """Runs of words of every file of a built site that carries its text.

    Pages, notebook copies, text sources and the search index; not the
    theme's or the vendored JavaScript, which no page's text reaches.
    """
    return {path.relative_to(root).as_posix(): runs(file_text(path))
            for path in root.rglob("*")
            if path.is_file() and (path.suffix in {".html", ".txt", ".ipynb", ".md", ".json"}
                                   or path.name == "searchindex.js")}


@pytest.fixture(scope="module")
def solutions():
    found = solution_runs()
    assert found, "no gated solutions found in exercises/ or chapters/: nothing to check"
    return found


def test_student_site_exists():
    assert (STUDENT_SITE / "index.html").is_file(), f"no student site in {STUDENT_SITE}: run 'make book-student'"


def test_no_solution_reaches_the_student_site(solutions):
    student = site_runs(STUDENT_SITE)
    leaks = []
    for source, hidden in solutions.items():
        for name, present in student.items():
            common = hidden & present
            if common:
                leaks.append(f"{source} -> {name}: {len(common)} runs, e.g. {' '.join(sorted(common)[0])!r}")
    assert not leaks, "solution text in the student edition:\n  " + "\n  ".join(leaks[:30])


def test_the_full_site_does_show_the_solutions(solutions):
    """Guards the test above: the same search finds solution text where it should be."""
    full = set().union(*site_runs(SITE).values())
    for source, hidden in solutions.items():
        share = len(hidden & full) / len(hidden)
        assert share >= 0.5, f"{source}: only {share:.0%} of its solution text found in the full site"


def test_student_site_keeps_the_problems():
    """Exercises stay: every exercise label of the sources is on a student page."""
    labels = set()
    for path in source_notebooks():
        for cell in json.loads(path.read_text())["cells"]:
            labels.update(re.findall(r"```\{exercise-start\}[^\n]*\n:label: *(\S+)", "".join(cell["source"])))
    pages = "\n".join(p.read_text() for p in STUDENT_SITE.rglob("*.html"))
    missing = sorted(label for label in labels if f'id="{label}"' not in pages)
    assert not missing, f"exercises missing from the student edition: {missing}"


# -- both editions print the same starter outputs ------------------------------------

TEXT_KEYS = ("text/plain", "text/html", "text/markdown", "text/latex",
             "application/papermill.record/text/plain")


def text_outputs(cell):
    """What a reader reads of a code cell's outputs: streams and text, not pictures or widget ids."""
    found = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":  # consecutive chunks of one stream are one text
            if found and found[-1][0] == out["name"]:
                found[-1] = (out["name"], found[-1][1] + "".join(out["text"]))
            else:
                found.append((out["name"], "".join(out["text"])))
        for key in TEXT_KEYS:
            if key in out.get("data", {}):
                found.append((key, "".join(out["data"][key])))
    cleaned = []
    for kind, text in found:
        for pattern, replacement in sanitizers().values():
            text = pattern.sub(replacement, text)
        # a stream's trailing blank lines may reach the notebook or not, depending on
        # when the kernel flushes them: they are nothing a reader sees
        text = text.rstrip() if kind in ("stdout", "stderr") else text
        if text:
            cleaned.append((kind, text))
    return cleaned


def executed(stage):
    folder = stage / "_build" / "jupyter_execute"
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*.ipynb")}


def test_both_editions_print_the_same_starter_outputs():
    """Each problem owns its randomness: removing the solutions changes no output that stays.

    The notebooks that both builds executed are compared cell by cell: every
    cell of the student edition must print exactly what the same cell
    printed in the full edition (widget views excepted, as under nbval).
    """
    full, student = executed(STAGE), executed(STUDENT_STAGE)
    assert student, f"no executed notebooks in {STUDENT_STAGE}: run 'make book-student'"
    assert set(student) <= set(full), f"notebooks only in the student edition: {sorted(set(student) - set(full))}"
    compared, differ = 0, []
    for name, path in sorted(student.items()):
        mine = json.loads(path.read_text())["cells"]
        whole = json.loads(full[name].read_text())["cells"]
        theirs = [cell for cell, inside in gated(whole) if not inside]
        assert ["".join(c["source"]) for c in mine] == ["".join(c["source"]) for c in theirs], \
            f"{name}: the student edition's cells are not the full edition's cells outside solutions"
        if len(theirs) == len(whole):
            continue  # no solution removed: the same notebook, whose execution the builds share
        for i, (a, b) in enumerate(zip(mine, theirs)):
            if a["cell_type"] != "code" or "nbval-ignore-output" in a.get("metadata", {}).get("tags", []):
                continue
            compared += 1
            if text_outputs(a) != text_outputs(b):
                differ.append(f"{name}, cell {i}: {''.join(a['source'])[:60]!r}")
    assert compared > 20, f"only {compared} code cells compared: are the builds complete?"
    assert not differ, "outputs that differ between the editions:\n  " + "\n  ".join(differ)
