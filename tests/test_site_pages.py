"""Reader-facing pages of the built website, besides the chapters themselves.

* the site's root (``index.html``, a redirect to the first page) has a title
  and a link for browsers that do not follow the redirect;
* ``404.html`` exists, links the first page and every page of the table of
  contents, and its links lead there from any depth of a missing address
  (served the way static hosts serve it); no page of the reading order leads
  to it;
* the glossary opens with an A–Z bar whose letters jump to their headings,
  and its mentions of "§VII.n" (like those of the notation and references
  pages) link the chapter of that section;
* the references are in alphabetical order of their first author, as a
  reader alphabetizes (accents and TeX braces ignored);
* no image has a file name or path for its alt text, nor an empty one that
  is not marked decorative;
* the search page's result titles and summaries hold no TeX source;
* no reader page speaks of the build (make targets, test runners, tooling).
"""

from __future__ import annotations

import codecs
import functools
import html
import html.parser
import http.server
import re
import threading
import unicodedata
import urllib.parse

import pytest
from conftest import ROOT, SITE, require_site, toc_docnames

pytestmark = pytest.mark.site
require_site(SITE, "LFD_SITE", "book")  # without a built site, the module skips

PAGES = [f"{name}.html" for name in toc_docnames()]
FIRST = PAGES[0]
CHROMIUM_VIEWPORTS = (390, 1366)


class _Tags(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of <title>."""

    def __init__(self):
        super().__init__()
        self.tags, self.title, self._in_title = [], "", False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def tags(path):
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def ids(path):
    return {attrs["id"] for _, attrs in tags(path).tags if "id" in attrs}


def text_of(markup: str) -> str:
    """Visible text of some HTML: no scripts, styles or tags, entities decoded."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def main_of(markup: str) -> str:
    found = re.search(r"<main\b.*?</main>", markup, re.S)
    return found.group(0) if found else markup


def new_page(browser, width=1366):
    return browser.new_context(viewport={"width": width, "height": 900}).new_page()


# -- 1. the site's root -------------------------------------------------------------------------

def test_root_redirect_has_a_title_and_a_link(site_dir):
    root = tags(site_dir / "index.html")
    assert root.title.strip(), "index.html has no <title>"
    refresh = [a for t, a in root.tags if t == "meta" and a.get("http-equiv", "").lower() == "refresh"]
    assert refresh and refresh[0]["content"].endswith(f"url={FIRST}"), "index.html does not redirect to the first page"
    links = [a["href"] for t, a in root.tags if t == "a" and "href" in a]
    assert FIRST in links, f"index.html has no visible link to {FIRST} (links: {links})"
    assert (site_dir / FIRST).is_file()


def test_root_redirect_in_chromium(browser, site_url, screenshots):
    """The root leads to the first page; with the redirect not followed, the link is there to click."""
    page = new_page(browser)
    try:
        page.goto(f"{site_url}/", wait_until="networkidle")
        assert page.url.endswith(FIRST), page.url
    finally:
        page.context.close()
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:  # the page as a browser that ignores the refresh shows it: read its HTML, then show it inline
        markup = (SITE / "index.html").read_text(encoding="utf-8")
        page.set_content(re.sub(r"<meta http-equiv=\"Refresh\"[^>]*>", "", markup, flags=re.I))
        link = page.locator(f"a[href='{FIRST}']")
        assert link.is_visible()
        assert page.title().strip()
        page.screenshot(path=str(screenshots / "root-redirect-390.png"))
    finally:
        context.close()


# -- 2. the 404 page ----------------------------------------------------------------------------

def _serve_with_404(site_dir):
    """The site served as static hosts serve it: a missing address gets 404.html, status 404."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            page = site_dir / "404.html"
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_404_page_links_home_and_every_page(site_dir):
    page = site_dir / "404.html"
    assert page.is_file(), "no 404.html"
    parsed = tags(page)
    assert "not found" in parsed.title.lower()
    paths = [a["data-root-path"] for t, a in parsed.tags if t == "a" and "data-root-path" in a]
    assert FIRST in paths, "404.html does not link the first page"
    missing = sorted(set(PAGES) - set(paths))
    assert not missing, f"404.html's table of contents lacks {missing}"
    broken = [p for p in paths if not (site_dir / p).is_file()]
    assert not broken, f"404.html links pages that do not exist: {broken}"


def test_no_page_of_the_reading_order_leads_to_the_404_page(site_dir):
    leads = [p for p in PAGES if "404.html" in (site_dir / p).read_text(encoding="utf-8")]
    assert not leads, f"pages that link 404.html: {leads}"


@pytest.mark.parametrize("width", CHROMIUM_VIEWPORTS)
@pytest.mark.parametrize("missing", ["no-such-page.html", "chapters/no-such-page.html",
                                     "chapters/deeper/still/no-such-page.html"])
def test_404_page_works_from_any_depth(browser, site_dir, screenshots, missing, width):
    """At a missing address at any depth, the 404 page reads and its links lead into the site."""
    server = _serve_with_404(site_dir)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page = new_page(browser, width)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        response = page.goto(f"{base}/{missing}", wait_until="networkidle")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        page.wait_for_function(  # the script has pointed the links at the root
            "() => [...document.querySelectorAll('a[data-root-path]')].every("
            "a => new URL(a.href).pathname === '/' + a.dataset.rootPath)", timeout=5_000)
        hrefs = page.eval_on_selector_all("a[data-root-path]", "links => links.map(a => a.href)")
        for href in hrefs:
            assert page.request.head(href).status == 200, f"{missing}: the link {href} leads nowhere"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{width} px: the 404 page scrolls sideways by {overflow} px"
        if missing.count("/") == 3:
            page.screenshot(path=str(screenshots / f"404-{width}.png"), full_page=True)
        page.locator("header a").click()
        page.wait_for_load_state("networkidle")
        assert page.url == f"{base}/{FIRST}"
        assert not errors, errors
    finally:
        page.context.close()
        server.shutdown()
        server.server_close()


# -- 3. the glossary: A–Z, and § links on the reference pages -------------------------------------

GLOSSARY = "chapters/glossary.html"


def test_glossary_jump_bar_leads_to_each_letter(site_dir):
    """A letter for each first letter of a name in the glossary: the heading of the entries with that
    letter, or the one name that begins with it (an alias such as "Xavier initialization")."""
    markup = (site_dir / GLOSSARY).read_text(encoding="utf-8")
    bar = re.search(r'<nav class="lfd-az".*?</nav>', markup, re.S)
    assert bar, "no A–Z bar on the glossary"
    links = dict((text_of(text).strip(), href) for href, text in re.findall(r'<a href="#([^"]+)"[^>]*>(.*?)</a>',
                                                                            bar.group(0), re.S))
    targets = ids(site_dir / GLOSSARY)
    assert all(href in targets for href in links.values()), [h for h in links.values() if h not in targets]
    names = [text_of(t).strip() for t in re.findall(r'<dt id="term-[^"]*">(.*?)<a class="headerlink"', markup, re.S)]
    assert sorted(links) == sorted({name[0].upper() for name in names}), "the bar's letters are not the names' letters"
    # each entry sits under the heading of its first name's letter
    firsts = re.findall(r'(?:<dl class="[^"]*glossary[^"]*">|</dd>)\s*<dt id="term-[^"]*">(.*?)<a class="headerlink"',
                        markup, re.S)
    headings = [h for h in links if links[h] == f"glossary-{h.lower()}"]
    assert len(headings) >= 20, headings
    for letter in headings:
        section = re.search(rf'id="glossary-{letter.lower()}".*?<h2>{letter}<(.*?)(?:id="glossary-[a-z]"|$)', markup, re.S)
        assert section, f"no heading for {letter}"
        under = re.findall(r'(?:<dl class="[^"]*glossary[^"]*">|</dd>)\s*<dt id="term-[^"]*">(.*?)<a class="headerlink"',
                           section.group(1), re.S)
        assert under and all(text_of(n).strip()[0].upper() == letter for n in under), (letter, under)
    assert len(firsts) >= 80


@pytest.mark.parametrize("width", CHROMIUM_VIEWPORTS)
def test_glossary_jump_bar_in_chromium(browser, site_url, screenshots, width):
    page = new_page(browser, width)
    try:
        page.goto(f"{site_url}/{GLOSSARY}", wait_until="networkidle")
        bar = page.locator("nav.lfd-az")
        assert bar.is_visible()
        bar.screenshot(path=str(screenshots / f"glossary-bar-{width}.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{width} px: the glossary scrolls sideways by {overflow} px"
        bar.locator("a", has_text=re.compile("^S$")).click()
        page.wait_for_timeout(300)
        top = page.evaluate("document.getElementById('glossary-s').getBoundingClientRect().top")
        assert 0 <= top < 200, f"{width} px: the letter S is at {top} px after its link was followed"
        page.screenshot(path=str(screenshots / f"glossary-s-{width}.png"))
    finally:
        page.context.close()


SECTION = re.compile(r"§VII\.([1-5])(?!\d|\.\d)")


@pytest.mark.parametrize("path", ["chapters/glossary.html", "chapters/notation.html", "chapters/references.html",
                                  "chapters/corrections.html"])
def test_section_mentions_link_their_chapter(site_dir, path):
    """Every "§VII.n" in the text of the page (headings aside) is a link to chapter n."""
    markup = (site_dir / path).read_text(encoding="utf-8")
    markup = re.search(r"<article\b.*?</article>", markup, re.S).group(0)  # the page, not its sidebars
    markup = re.sub(r"<h[1-6]\b.*?</h[1-6]>", " ", markup, flags=re.S)  # headings stay plain
    chapters = {n: next((p for p in PAGES if p.startswith(f"chapters/0{n}-")), None) for n in "12345"}
    linked = re.findall(r'<a class="[^"]*\blfd-section-link\b[^"]*" href="([^"]+)"[^>]*>(§VII\.\d)</a>', markup)
    unlinked = SECTION.findall(text_of(re.sub(r'<a class="[^"]*\blfd-section-link\b.*?</a>', " ", markup, flags=re.S)))
    assert not unlinked, f"{path}: §VII.{', §VII.'.join(unlinked)} without a link"
    assert linked, f"{path}: no §VII link"
    for href, mention in linked:
        target = chapters[mention[-1]]
        assert urllib.parse.urljoin(path, href) == target, f"{path}: {mention} links {href}, not {target}"


# -- 4. the references in alphabetical order ------------------------------------------------------

def _reader_key(text: str) -> str:
    """Text as a reader alphabetizes it: no accents, no case."""
    text = text.replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _latex_key(latex: str) -> str:
    import latexcodec  # noqa: F401  (the codec; pybtex depends on it)

    return _reader_key(codecs.decode(latex, "ulatex").replace("{", "").replace("}", ""))


def test_references_are_alphabetical_by_first_author(site_dir):
    from pybtex.database import parse_file

    bib = parse_file(str(ROOT / "references.bib"))
    shown = {}  # first author as the page writes it -> the reader's sort key of that author
    for entry in bib.entries.values():
        people = entry.persons.get("author") or entry.persons.get("editor")
        person = people[0]
        name = " ".join(person.first_names + person.middle_names + person.prelast_names + person.last_names)
        shown[_latex_key(name)] = _latex_key(" ".join(person.prelast_names + person.last_names))
    markup = (site_dir / "chapters" / "references.html").read_text(encoding="utf-8")
    entries = [_reader_key(text_of(p).strip()) for p in
               re.findall(r'<div class="citation"[^>]*>.*?<p>(.*?)</p>', markup, re.S)]
    assert len(entries) == len(bib.entries), f"{len(entries)} references shown, {len(bib.entries)} in the .bib"
    keys = []
    for text in entries:
        first = max((name for name in shown if text.startswith(name)), key=len, default=None)
        assert first, f"no first author of the .bib starts {text[:60]!r}"
        keys.append(shown[first])
    out_of_order = [(a, b) for a, b in zip(keys, keys[1:]) if a > b]
    assert not out_of_order, f"references out of alphabetical order: {out_of_order}"
    assert keys[-1].startswith("zhou"), f"the list ends with {keys[-1]}"


# -- 5. alt texts -------------------------------------------------------------------------------

# An alt text that is a path, a file name or a hash, or that names the build's folders.
PATH_LIKE = re.compile(r"\S*[/\\]\S*|\S+\.(?:png|jpe?g|gif|svg|webp)|[0-9a-f]{16,}(?:\.\w+)?", re.I)


@pytest.mark.parametrize("path", PAGES + ["index.html", "404.html", "search.html", "genindex.html"])
def test_images_have_meaningful_alt_text(site_dir, path):
    bad = []
    for tag, attrs in tags(site_dir / path).tags:
        if tag != "img":
            continue
        alt = attrs.get("alt")
        if alt is None or (not alt.strip() and attrs.get("role") != "presentation"):
            bad.append(f"no alt text: {attrs.get('src', '')[:80]}")
        elif PATH_LIKE.fullmatch(alt.strip()) or re.search(r"_images/|jupyter_execute|\.png\b", alt) \
                or alt.strip() and len(alt.split()) < 3:
            bad.append(f"alt {alt[:80]!r} for {attrs.get('src', '')[:80]}")
    assert not bad, f"{path}:\n  " + "\n  ".join(bad)


def test_figure_alt_texts_say_what_they_show(site_dir):
    """A notebook figure's alt text names its section and the sentence that introduces it."""
    markup = (site_dir / "chapters" / "01-deep-nets.html").read_text(encoding="utf-8")
    alts = [html.unescape(a) for a in re.findall(r'<img alt="(Figure[^"]*)"', markup)]
    assert len(alts) >= 5, alts
    assert all(re.match(r"Figure( \d+ of \d+)? in “[^”]+”: \S", a) for a in alts), alts
    assert not any("$" in a or "\\" in a for a in alts), [a for a in alts if "$" in a or "\\" in a]


@pytest.mark.parametrize("path", PAGES)
def test_figure_alt_texts_name_a_heading(site_dir, path):
    """The part "in “…”" of a figure's alt text is a heading (a section's or a problem's), not prose or code."""
    markup = (site_dir / path).read_text(encoding="utf-8")
    from lfd_site import tex_to_text  # tools/ is on the path (conftest)

    headings = {tex_to_text(text_of(h).replace("#", "")) for h in re.findall(
        r'<h[1-6]\b[^>]*>(.*?)</h[1-6]>|<p class="admonition-title">(.*?)</p>', markup, re.S) for h in h if h}
    alts = [html.unescape(a) for a in re.findall(r'<img alt="(Figure[^"]*)"', markup)]
    named = [re.match(r"Figure(?: \d+ of \d+)? in “(.*?)”(?::|$)", a) for a in alts]
    tidy = lambda s: re.sub(r"\s+([,.;:)])", r"\1", s)  # noqa: E731  (math spans leave spaces)
    headings = {tidy(h) for h in headings}
    wrong = [a for a, m in zip(alts, named) if m and tidy(m.group(1)) not in headings]
    assert not wrong, f"{path}: alt texts whose “…” is no heading of the page:\n  " + "\n  ".join(wrong)


class _Solutions(html.parser.HTMLParser):
    """The text of the worked solutions of a page, and the alt texts of the images outside them."""

    def __init__(self):
        super().__init__()
        self.depth, self.inside, self.solutions, self.outside_alts = 0, [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            if not self.inside:
                self.outside_alts.append(attrs.get("alt") or "")
            return
        if tag in ("br", "hr", "input", "meta", "link", "source", "wbr", "path", "col"):
            return
        self.depth += 1
        if tag == "div" and "solution" in (attrs.get("class") or "").split():
            self.inside.append(self.depth)
            self.solutions.append("")

    def handle_endtag(self, tag):
        if tag in ("img", "br", "hr", "input", "meta", "link", "source", "wbr", "path", "col"):
            return
        if self.inside and self.inside[-1] == self.depth:
            self.inside.pop()
        self.depth -= 1

    def handle_data(self, data):
        if self.inside:
            self.solutions[-1] += data


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("exercises/")])
def test_no_alt_text_outside_a_solution_quotes_one(site_dir, path):
    """An image outside every worked solution is not described with a sentence of a solution."""
    parser = _Solutions()
    parser.feed((site_dir / path).read_text(encoding="utf-8"))
    solutions = re.sub(r"\s+", " ", " ".join(parser.solutions))
    quoted = [alt for alt in parser.outside_alts if alt.startswith("Figure") and ": " in alt
              and alt.split(": ", 1)[1].rstrip(" …")[:60] in solutions]
    assert not quoted, f"{path}: alt texts that quote a solution: {quoted}"


# -- 6. search results without TeX --------------------------------------------------------------

RESULTS_DONE_JS = """() => {
  const items = document.querySelectorAll('#search-results li');
  return items.length > 0 && [...items].every(li => li.querySelector('p.context'));
}"""


@pytest.mark.parametrize("query", ["affine", "transpose", "regularization"])
def test_search_snippets_hold_no_tex(browser, site_url, screenshots, query):
    page = new_page(browser, 1366)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{site_url}/search.html?q={query}", wait_until="networkidle")
        page.wait_for_function(RESULTS_DONE_JS, timeout=30_000)
        titles = page.eval_on_selector_all("#search-results li > a", "links => links.map(a => a.innerText)")
        snippets = page.eval_on_selector_all("#search-results li p.context", "ps => ps.map(p => p.innerText)")
        page.screenshot(path=str(screenshots / f"search-{query}.png"))
    finally:
        page.context.close()
    assert snippets, f"no summaries for {query!r}"
    tex = [s for s in titles + snippets if "$" in s or "\\" in s]
    assert not tex, f"search for {query!r} shows TeX:\n  " + "\n  ".join(t[:200] for t in tex)
    assert not errors, errors


# -- 7. nothing about the build on reader pages ------------------------------------------------------

MAINTAINER_WORDS = re.compile(
    r"\bmake (?:book|test|lab|check|bench|outputs|serve|lock|clean|portability)\b|Makefile|nbval|pytest"
    r"|\btests/\w|\btools/\w+\.py|--warningiserror|--nitpick|\.jupyter_cache|constraints\.txt",
    re.I)
@pytest.mark.parametrize("path", PAGES)
def test_reader_pages_do_not_speak_of_the_build(site_dir, path):
    text = text_of(main_of((site_dir / path).read_text(encoding="utf-8")))
    found = [text[max(0, m.start() - 60):m.end() + 40] for m in MAINTAINER_WORDS.finditer(text)]
    assert not found, f"{path}: maintainer text:\n  " + "\n  ".join(found)
