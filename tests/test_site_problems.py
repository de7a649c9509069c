"""One label per problem, the book's: "Problem VII.3.4", in both editions.

The box title, the solution's title, the page's contents (right-hand column),
the index of problems, ``check`` and search all name a problem by its number
in the book, and nothing else numbers problems (``tools/problem_labels.py``).
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SITE, STUDENT_SITE, require_site, toc_docnames

pytestmark = pytest.mark.site
require_site(SITE, "LFD_SITE", "book")

PROBLEM = re.compile(r"^Problem (VII\.\d+\.\d+)(?:\s|$)")
CHECKABLE = sorted(k for k in json.loads((ROOT / "lib" / "lfd" / "answers.json").read_text()) if k.startswith("VII."))
EDITIONS = [pytest.param(SITE, id="full"),
            pytest.param(STUDENT_SITE, id="student",
                         marks=pytest.mark.skipif(not STUDENT_SITE.is_dir(), reason="no student edition built"))]


def pages(site):
    for name in toc_docnames():
        path = site / f"{name}.html"
        if path.is_file():
            yield name, BeautifulSoup(path.read_text(), "html.parser")


def boxes(soup):
    """[(problem id, box id)] of a page's problem boxes, in reading order."""
    out = []
    for box in soup.select("main div.exercise"):
        title = box.select_one(".admonition-title").get_text(" ", strip=True)
        m = PROBLEM.match(title)
        assert m, f"box #{box.get('id')} is titled {title!r}, not 'Problem VII.n.k …'"
        out.append((m.group(1), box["id"]))
    return out


@pytest.mark.parametrize("site", EDITIONS)
def test_every_problem_is_labelled_once_by_its_book_number(site):
    seen = {}
    for name, soup in pages(site):
        for title in soup.select("main .admonition-title"):
            text = title.get_text(" ", strip=True)
            assert "Exercise" not in text, f"{name}: a box still says 'Exercise': {text!r}"
        for problem, box in boxes(soup):
            assert problem not in seen, f"{problem} is labelled twice: {seen[problem]} and {name}#{box}"
            seen[problem] = f"{name}#{box}"
    missing = [p for p in CHECKABLE if p not in seen]
    assert not missing, f"problems that check() knows but no page labels: {missing}"


def test_solution_titles_name_their_problem():
    solutions = 0
    for name, soup in pages(SITE):
        ids = dict((box, problem) for problem, box in boxes(soup))
        for sol in soup.select("main div.solution"):
            title = sol.select_one(".admonition-title")
            link = title.select_one("a")
            assert link is not None, f"{name}: a solution title without its link: {title}"
            target = link["href"].split("#")[-1]
            assert target in ids, f"{name}: a solution links #{target}, not a problem of the page"
            assert title.get_text(" ", strip=True) == f"Solution to Problem {ids[target]}"
            assert link.get_text() == f"Problem {ids[target]}", "the link's text starts or ends with a space"
            solutions += 1
    assert solutions >= len(CHECKABLE)


@pytest.mark.parametrize("site", EDITIONS)
def test_each_problem_page_lists_its_problems_in_its_contents(site):
    pages_with_problems = 0
    for name, soup in pages(site):
        expected = [box for _, box in boxes(soup)]
        if not expected:
            continue
        pages_with_problems += 1
        toc = soup.select_one("nav#pst-page-toc-nav")
        assert toc is not None, f"{name}: no contents in the right-hand column"
        listed = [a["href"][1:] for a in toc.select("li.lfd-problem-entry > a")]
        assert listed == expected, f"{name}: the contents list {listed}, the page has {expected}"
        for problem, box in boxes(soup):
            entry = toc.select_one(f'a[href="#{box}"]').get_text(" ", strip=True)
            assert entry.startswith(problem + " "), f"{name}: contents entry {entry!r} for {problem}"
    assert pages_with_problems >= 6


def test_the_index_of_problems_links_every_problem_by_number():
    soup = BeautifulSoup((SITE / "exercises" / "index.html").read_text(), "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("main table a")}
    for problem in CHECKABLE:
        assert problem in links, f"the index of problems has no link {problem}"
    boxes_by_problem = {p: f"{name}.html#{box}" for name, s in pages(SITE) for p, box in boxes(s)}
    for problem, href in links.items():
        if problem in boxes_by_problem:
            assert href.endswith(pathlib.PurePosixPath(boxes_by_problem[problem]).name), (problem, href)


@pytest.mark.parametrize("problem", ["VII.1.1", "VII.1.14", "VII.2.5", "VII.3.4", "VII.4.10", "VII.5.6"])
def test_searching_a_problem_number_finds_that_problem_first(browser, site_url, problem):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        page.goto(f"{site_url}/search.html?q={problem}", wait_until="networkidle")
        page.wait_for_selector("#search-results li a", timeout=15000)
        first = page.query_selector("#search-results li a").get_attribute("href")
    finally:
        page.close()
    target = next(f"{name}.html#{box}" for name, s in pages(SITE) for p, box in boxes(s) if p == problem)
    assert first.endswith(target.split("/")[-1]), f"searching {problem}: first result {first}, not {target}"
