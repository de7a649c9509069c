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

from conftest import ROOT, SITE, STUDENT_SITE, toc_docnames

pytestmark = pytest.mark.site

K = 6  # words per run: long enough to be distinctive, short enough to survive markup
START, END = re.compile(r"```\{solution-start\}"), re.compile(r"```\{solution-end\}")
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
        inside, mine = False, set()
        for cell in json.loads(path.read_text())["cells"]:
            text = "".join(cell["source"])
            if START.search(text):
                inside = True
            (mine if inside else shown).update(runs(text))
            if END.search(text):
                inside = False
        hidden[path.relative_to(ROOT).as_posix()] = mine
    # pages that are not notebooks, and the bibliography, are shown in both editions
    for name in toc_docnames():
        if (ROOT / f"{name}.md").is_file():
            shown.update(runs((ROOT / f"{name}.md").read_text()))
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
