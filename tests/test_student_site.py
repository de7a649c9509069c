"""The student edition (make book-student) carries no solution, anywhere; each edition names itself.

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
import pathlib
import re
import subprocess
import sys
import zipfile

import pytest
import yaml

import downloads  # tools/ is on sys.path (tests/conftest.py)
import lfd_site
from conftest import (ROOT, SITE, SOLUTION_START, STAGE, STUDENT_SITE, STUDENT_STAGE, gated, require_site,
                      sanitizers, toc_docnames)
from student_edition import promises_solutions, student_text

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
        # the same cells, the markdown in the student edition's words (student_text)
        assert ["".join(c["source"]) for c in mine] == [
            student_text("".join(c["source"])) if c["cell_type"] == "markdown" else "".join(c["source"])
            for c in theirs], f"{name}: the student edition's cells are not the full edition's cells outside solutions"
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


# -- each edition names itself, serves the downloads, links a repository or names none ---------

EDITIONS = {"full": SITE, "student": STUDENT_SITE}
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPOSITORY_URL = ((CONFIG.get("repository") or {}).get("url") or "").strip()


def pages(root):
    """The pages of the table of contents, as (docname, path) in a built site."""
    return [(name, root / f"{name}.html") for name in toc_docnames() if (root / f"{name}.html").is_file()]


class _Visible(html.parser.HTMLParser):
    """The text a reader sees, each piece with whether it sits inside a link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self.links, self.skip = [], 0, 0

    def handle_starttag(self, tag, attrs):
        self.links += tag == "a"
        self.skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        self.links -= tag == "a" and self.links > 0
        self.skip -= tag in ("script", "style", "title") and self.skip > 0

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.pieces.append((data, self.links > 0))


def visible(path):
    parser = _Visible()
    parser.feed(path.read_text())
    return parser.pieces


def article_text(path):
    """The text of a page's article (no navigation, no footer)."""
    raw = path.read_text()
    match = re.search(r'<article class="bd-article">(.*?)</article>', raw, re.S)
    parser = _Text()
    parser.feed(match.group(1) if match else raw)
    return " ".join(parser.parts)


FOOTER = re.compile(r'<p class="lfd-edition" data-edition="(\w+)">(.*?)</p>', re.S)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_names_its_edition_and_links_the_other(edition):
    """The footer: the edition's name, lfd's version, the build date, a link to the other edition.

    The link leads to the same page in the other edition when _config.yml
    gives its address (lfd_editions), else to the section "Two editions" of
    the page "Run it yourself", which names both.
    """
    root, other = EDITIONS[edition], "student" if edition == "full" else "full"
    address = CONFIG["sphinx"]["config"].get("lfd_editions", {}).get(other)
    found = pages(root)
    assert len(found) >= 15, f"only {len(found)} pages in {root}"
    for name, path in found:
        footers = FOOTER.findall(path.read_text())
        assert len(footers) == 1, f"{name}: {len(footers)} edition footers"
        kind, text = footers[0]
        assert kind == edition and lfd_site.EDITIONS[edition] in html.unescape(text), name
        assert f"lfd {lfd_site.lfd_version()}" in text and re.search(r"built \d{4}-\d\d-\d\d", text), name
        href = html.unescape(re.search(r'class="lfd-other-edition" href="([^"]+)"', text).group(1))
        if address:
            assert href == f"{address.rstrip('/')}/{name}.html", f"{name}: {href}"
        else:
            target, _, anchor = href.partition("#")
            landing = (path.parent / target).resolve() if target else path
            assert landing == root / f"{lfd_site.RUN_PAGE}.html", f"{name}: {href}"
            assert anchor == lfd_site.EDITIONS_SECTION, f"{name}: {href}"
    section = (root / f"{lfd_site.RUN_PAGE}.html").read_text()
    assert f'id="{lfd_site.EDITIONS_SECTION}"' in section
    assert "full edition" in article_text(root / f"{lfd_site.RUN_PAGE}.html")
    assert "student edition" in article_text(root / f"{lfd_site.RUN_PAGE}.html")


def test_the_student_edition_promises_no_solutions():
    """No sentence of the student edition speaks of solutions it lacks; the full edition's do exist."""
    promises = {name: found for name, path in pages(STUDENT_SITE) if (found := promises_solutions(article_text(path)))}
    assert not promises, f"the student edition promises solutions: {promises}"
    full = [name for name, path in pages(SITE) if promises_solutions(article_text(path))]
    assert full, "the full edition speaks of no solution: is the check above looking at the text?"


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_edition_serves_the_wheel_and_the_notebooks(edition):
    root = EDITIONS[edition]
    wheel = root / "downloads" / downloads.wheel_name(ROOT)
    notebooks = root / "downloads" / downloads.ZIP_NAME
    assert wheel.is_file() and notebooks.is_file(), f"no downloads in {root / 'downloads'}"
    with zipfile.ZipFile(wheel) as zf:
        assert "lfd/answers.json" in zf.namelist()
    page = root / "chapters" / "run-it-yourself.html"
    raw = page.read_text()
    links = re.findall(r'<a class="lfd-download" href="([^"]+)"', raw)
    assert len(links) == 2 and all((page.parent / link).resolve().is_file() for link in links), links
    code = [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in re.findall(r"<pre>(.*?)</pre>", raw, re.S)]
    commands = [line.split("#")[0].strip() for block in code for line in block.splitlines()]
    assert downloads.install_command(ROOT) in commands, code  # the one pip install, as the notebooks say it
    assert any(c.startswith("jupyter lab") for c in commands), code


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_served_notebooks_hold_no_solution(edition, solutions):
    """The zip of student notebooks: chapters and problem sets, no output, no word of a solution."""
    hidden = set().union(*solutions.values())
    with zipfile.ZipFile(EDITIONS[edition] / "downloads" / downloads.ZIP_NAME) as zf:
        names = [n for n in zf.namelist() if n.endswith(".ipynb")]
        assert any("/exercises/" in n for n in names) and any("/chapters/" in n for n in names), names
        for name in names:
            cells = json.loads(zf.read(name))["cells"]
            text = " ".join("".join(c["source"]) for c in cells)
            assert not SOLUTION_START.search(text), name
            assert not any(c.get("outputs") for c in cells), name
            leaked = runs(text) & hidden
            assert not leaked, f"{name}: solution text, e.g. {' '.join(sorted(leaked)[0])!r}"


@pytest.mark.skipif(bool(REPOSITORY_URL), reason="_config.yml names a repository")
@pytest.mark.parametrize("edition", EDITIONS)
def test_no_page_names_a_repository_it_cannot_link(edition):
    """With no repository URL, no page says "repository" and none has a repository or launch button."""
    named, buttons = {}, {}
    for name, path in pages(EDITIONS[edition]):
        mentions = [text.strip()[:80] for text, linked in visible(path) if re.search(r"repositor", text, re.I)]
        if mentions:
            named[name] = mentions
        raw = path.read_text()
        found = [b for b in ("repository-button", "issues-button", "mybinder.org", "colab.research.google.com")
                 if b in raw]
        if found:
            buttons[name] = found
    assert not buttons, f"buttons without a repository URL: {buttons}"
    assert not named, f"pages that name a repository they cannot link: {named}"


def test_a_repository_url_brings_the_buttons(tmp_path):
    """Setting repository.url (and nothing else) in _config.yml brings the repository, issue and launch buttons.

    A small book (the page "Run it yourself", the introduction, the glossary and
    the references) is built without executing anything, with the URL set.
    """
    url = "https://github.com/example/lfd-executable"
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["repository"]["url"] = url
    published = {"full": "https://example.org/lfd/", "student": "https://example.org/lfd/student/"}
    config["sphinx"]["config"]["lfd_editions"] = published  # and the editions' addresses
    config["execute"]["execute_notebooks"] = "off"
    config["sphinx"]["local_extensions"] = {"lfd_site": str(ROOT / "tools")}  # paths are relative to the config
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (tmp_path / "toc.yml").write_text("format: jb-book\nroot: chapters/run-it-yourself\nchapters:\n"
                                      "  - file: chapters/00-introduction\n  - file: chapters/glossary\n"
                                      "  - file: chapters/references\n")
    jupyter_book = pathlib.Path(sys.executable).with_name("jupyter-book")
    run = subprocess.run([str(jupyter_book), "build", str(ROOT), "--config", str(tmp_path / "config.yml"),
                          "--toc", str(tmp_path / "toc.yml"), "--path-output", str(tmp_path / "out"),
                          "--builder", "html"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    out = tmp_path / "out" / "_build" / "html" / "chapters"
    notebook, page = (out / "00-introduction.html").read_text(), (out / "run-it-yourself.html").read_text()
    for raw in (notebook, page):
        assert f'href="{url}"' in raw  # the repository button
        assert f'href="{url}/issues/new?' in raw  # the issue button
        assert re.search(r'<p class="lfd-edition".*?class="lfd-repository" href="' + re.escape(url), raw, re.S)
    assert f'href="https://mybinder.org/v2/gh/example/lfd-executable/main?urlpath=lab/tree/chapters/' \
           f'00-introduction.ipynb"' in notebook
    assert 'href="https://colab.research.google.com/github/example/lfd-executable/blob/main/chapters/' \
           '00-introduction.ipynb"' in notebook
    assert f'<a class="reference external" href="{url}">the repository</a>' in page
    # with the editions' addresses, the footer links the same page in the other edition
    assert 'class="lfd-other-edition" href="https://example.org/lfd/student/chapters/00-introduction.html"' \
        in notebook
    assert f'<a class="reference external" href="{published["student"]}">student edition</a>' in page


def test_the_run_page_in_chromium(browser, site_url, screenshots):
    """The page reads at 390 and 1366 px, its footer names the edition, and its downloads download."""
    for width in (390, 1366):
        page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
        page.goto(f"{site_url}/chapters/run-it-yourself.html")
        assert page.locator("p.lfd-edition").is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{width} px: the page scrolls sideways by {overflow} px"
        page.screenshot(path=str(screenshots / f"run-it-yourself-{width}.png"), full_page=True)
        if width == 1366:
            for link, served in ((downloads.wheel_name(ROOT), SITE / "downloads" / downloads.wheel_name(ROOT)),
                                 (downloads.ZIP_NAME, SITE / "downloads" / downloads.ZIP_NAME)):
                with page.expect_download() as download:
                    page.click(f"a.lfd-download[href$='{link}']")
                assert pathlib.Path(download.value.path()).read_bytes() == served.read_bytes()
        page.close()
