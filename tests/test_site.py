"""The built website, checked the way a reader meets it: in Chromium.

For every page in ``_toc.yml``: no console errors, no request to another
host (such requests are also blocked, so the page is seen as with the
network off), no failed local request, no TeX left unrendered, every image
loaded, and no broken internal link. Then the landing page's static demo
is moved with the keyboard and must change its figure.
"""

from __future__ import annotations

import html.parser
import pathlib
import re
import urllib.parse

import pytest
from conftest import ROOT, SITE, open_page, require_site, toc_docnames

pytestmark = pytest.mark.site
require_site(SITE, "LFD_SITE", "book")  # without a built site, the module skips


PAGES = [f"{name}.html" for name in toc_docnames()]

# Visible text that means a formula was not typeset.
UNRENDERED_TEX = re.compile(
    r"\$\$|(?<![\w$])\$[^$\s][^$\n]{0,200}?\$(?![\w$])|\\\(|\\\)|\\\[|\\\]"
    r"|\\(?:frac|begin|end|mathbf|mathrm|operatorname|sum|binom|left|right|sqrt|partial|nabla)\b")

# Text of the page outside code, with typeset formulas removed.
VISIBLE_PROSE_JS = """() => {
  const main = document.querySelector('main') || document.body;
  const copy = main.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, mjx-container, .MathJax, .highlight, .cell_output')
      .forEach(e => e.remove());
  return copy.innerText;
}"""

IMAGES_JS = """async () => {
  const imgs = Array.from(document.images);
  await Promise.all(imgs.map(img => img.complete ? null : img.decode().catch(() => null)));
  return imgs.filter(img => !(img.complete && img.naturalWidth > 0))
             .map(img => img.currentSrc.slice(0, 120) || img.outerHTML.slice(0, 120));
}"""

MATHJAX_READY_JS = """async () => {
  if (!window.MathJax || !MathJax.startup) return 0;
  await MathJax.startup.promise;
  return document.querySelectorAll('mjx-merror, [data-mjx-error]').length;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly(browser, site_url, site_dir, path):
    assert (site_dir / path).is_file(), f"{path}: listed in _toc.yml but not built"
    page, problems = open_page(browser, site_url, path)
    try:
        merrors = page.evaluate(MATHJAX_READY_JS)
        if merrors:
            problems.append(f"{merrors} formula(s) with TeX errors")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        problems += [f"image not loaded: {src}" for src in page.evaluate(IMAGES_JS)]
        prose = page.evaluate(VISIBLE_PROSE_JS)
        problems += [f"unrendered TeX: {m.group(0)!r} in …{prose[max(0, m.start() - 40):m.end() + 40]!r}…"
                     for m in UNRENDERED_TEX.finditer(prose)]
    finally:
        page.context.close()
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img"):
                self.hrefs.append(attrs[key])


def _parse(path):
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("path", PAGES)
def test_internal_links_resolve(site_dir, path):
    source = site_dir / path
    broken = []
    cache = {}
    for href in _parse(source).hrefs:
        url = urllib.parse.urlsplit(href)
        if url.scheme or url.netloc or href.startswith(("mailto:", "javascript:")):
            continue  # not internal (foreign requests are caught in the browser test)
        target = source if not url.path else (source.parent / urllib.parse.unquote(url.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or site_dir.resolve() not in target.resolve().parents:
            broken.append(f"{href} (no file {target})")
            continue
        if url.fragment and target.suffix == ".html":
            if target not in cache:
                cache[target] = _parse(target).ids
            ids = cache[target]
            if urllib.parse.unquote(url.fragment) not in ids:
                broken.append(f"{href} (no element with id {url.fragment!r} in {target.name})")
    assert not broken, f"{path}: broken internal links:\n  " + "\n  ".join(broken)


def test_toc_pages_exist_as_sources():
    for name in toc_docnames():
        assert any((ROOT / f"{name}{ext}").is_file() for ext in (".ipynb", ".md")), \
            f"_toc.yml lists {name!r} but there is no {name}.ipynb or {name}.md"


def test_landing_demo_moves_without_a_kernel(browser, site_url, screenshots):
    """Move the static slider with the keyboard, as a reader would: the figure must change."""
    page, problems = open_page(browser, site_url, PAGES[0])
    try:
        demo = page.locator(".lfd-demo").first
        demo.scroll_into_view_if_needed()
        frame, caption = demo.locator("img.lfd-demo-frame"), demo.locator(".lfd-demo-caption")
        slider = demo.locator("input[type=range]").first
        readout = demo.locator("output").first
        before = (frame.get_attribute("src"), caption.inner_text(), readout.inner_text())
        demo.screenshot(path=str(screenshots / "landing-demo-before.png"))
        pixels_before = frame.screenshot()

        slider.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        after = (frame.get_attribute("src"), caption.inner_text(), readout.inner_text())
        demo.screenshot(path=str(screenshots / "landing-demo-after.png"))
        pixels_after = frame.screenshot()
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)
    assert after[0] != before[0], "moving the slider did not change the frame"
    assert pixels_after != pixels_before, "moving the slider did not change what is drawn"
    assert after[1] != before[1], "moving the slider did not change the caption"
    assert after[2] != before[2], "moving the slider did not change its readout"


@pytest.mark.parametrize("path", PAGES)
def test_every_static_demo_responds_to_every_control(browser, site_url, path):
    """Each control of each static demo, moved end to end, changes the figure or its caption."""
    page, problems = open_page(browser, site_url, path)
    dead = []
    try:
        demos = page.locator(".lfd-demo")
        for d in range(demos.count()):
            demo = demos.nth(d)
            frame, caption = demo.locator("img.lfd-demo-frame"), demo.locator(".lfd-demo-caption")
            controls = demo.locator("[data-axis]")
            for k in range(controls.count()):
                control = controls.nth(k)
                state = lambda: (frame.get_attribute("src"), caption.inner_text())  # noqa: E731
                seen = {state()}
                if control.evaluate("e => e.tagName") == "SELECT":
                    for i in range(control.locator("option").count()):
                        control.select_option(index=i)
                        seen.add(state())
                else:
                    top = control.get_attribute("max")
                    for value in ("0", top):
                        control.fill(value)
                        seen.add(state())
                if len(seen) < 2:
                    dead.append(f"demo {d + 1}, control {k + 1} ({control.get_attribute('id')})")
    finally:
        page.context.close()
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)
    assert not dead, f"{path}: controls that change nothing: " + ", ".join(dead)


def test_saved_widgets_render_from_the_local_manager(browser, site_url):
    """The ipywidgets HTML manager (served by the site) draws saved widgets; jslink runs in the page."""
    page, problems = open_page(browser, site_url, "chapters/demos.html")
    try:
        box = page.locator(".widget-hbox").first
        box.wait_for(state="visible", timeout=10_000)
        number = box.locator("input").first
        assert number.input_value() == "4"
        box.locator(".noUi-handle").first.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("e => e.value === '7'", arg=number.element_handle(), timeout=5_000)
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


# -- the reader's path: header buttons at every width, solution titles ------------------

NAV_PAGE = "chapters/03-backpropagation.html"
SIDEBARS_JS = """() => ({
  primaryDialog: !!document.querySelector('#pst-primary-sidebar-modal[open]'),
  secondaryDialog: !!document.querySelector('#pst-secondary-sidebar-modal[open]'),
  primaryInPage: (() => { const s = document.getElementById('pst-primary-sidebar');
                          return !!s && s.getClientRects().length > 0 && s.offsetWidth > 0
                                 && getComputedStyle(s).visibility !== 'hidden'; })(),
})"""


def visible(page, selector):
    found = [h for h in page.query_selector_all(selector) if h.is_visible()]
    assert found, f"no visible {selector}"
    return found[0]


@pytest.mark.parametrize("width", [390, 900])
def test_header_buttons_open_the_navigation_on_phones_and_tablets(browser, site_url, screenshots, width):
    """☰ opens the site's navigation and ☷ the page's contents, each in a dialog, with no error."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{site_url}/{NAV_PAGE}", wait_until="networkidle")
        assert not page.evaluate(SIDEBARS_JS)["primaryInPage"], "the sidebar is on the page at this width"
        for kind in ("primary", "secondary"):
            visible(page, f".{kind}-toggle").click()
            page.wait_for_timeout(300)
            state = page.evaluate(SIDEBARS_JS)
            assert state[f"{kind}Dialog"], f"{width} px: the {kind} button opened nothing ({state})"
            links = page.query_selector_all(f"#pst-{kind}-sidebar-modal a")
            assert links, f"{width} px: the {kind} dialog is empty"
            page.screenshot(path=str(screenshots / f"nav-{width}-{kind}.png"))
            page.keyboard.press("Escape")
            page.wait_for_timeout(200)
            assert not page.evaluate(SIDEBARS_JS)[f"{kind}Dialog"], "Escape does not close the dialog"
        assert not errors, errors
    finally:
        context.close()


def test_header_button_hides_and_shows_the_sidebar_on_a_desktop(browser, site_url):
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{NAV_PAGE}", wait_until="networkidle")
        assert page.evaluate(SIDEBARS_JS)["primaryInPage"], "no sidebar at 1366 px"
        visible(page, ".primary-toggle").click()
        state = page.evaluate(SIDEBARS_JS)
        assert not state["primaryInPage"] and not state["primaryDialog"], f"the sidebar did not fold: {state}"
        page.goto(f"{site_url}/chapters/glossary.html", wait_until="networkidle")
        assert not page.evaluate(SIDEBARS_JS)["primaryInPage"], "the folded sidebar came back on the next page"
        visible(page, ".primary-toggle").click()
        assert page.evaluate(SIDEBARS_JS)["primaryInPage"], "the sidebar does not come back"
    finally:
        context.close()


def test_a_solution_opens_from_anywhere_on_its_title(browser, site_url):
    """A click on the link in "Solution to …" opens the solution, stays on it, and throws nothing."""
    page, problems = open_page(browser, site_url, "exercises/03-problem-set-vii3.html")
    try:
        solution = page.query_selector(".solution.toggle")
        assert solution is not None, "no folded solution on the page"
        assert "toggle-hidden" in solution.get_attribute("class")
        link = solution.query_selector(".admonition-title a")
        assert link is not None, "the solution title has no link"
        url = page.url
        link.click()
        page.wait_for_timeout(200)
        assert "toggle-hidden" not in solution.get_attribute("class"), "the link did not open the solution"
        assert page.url == url, f"the link jumped to {page.url}"
        solution.query_selector(".admonition-title").click()
        page.wait_for_timeout(200)
        assert "toggle-hidden" in solution.get_attribute("class"), "the title did not close the solution"
    finally:
        page.context.close()
    assert not problems, problems


# -- light pages: what a first visit downloads (issue 11, item 8) -----------------------
# A first visit with an empty cache, at 1366 px, before any scrolling: the bytes of
# every response are summed. Demo frames are files fetched when a demo nears the
# viewport; icons are inline SVG (no Font Awesome kit or webfont); MathJax only where
# the page has math; the ipywidgets manager only where a widget is saved; the search
# index only on the search page.

LANDING_BUDGET, PAGE_BUDGET = 2_000_000, 3_500_000
FIRST_VISIT_PAGES = [*PAGES, "search.html", "genindex.html"]


def first_visit(browser, site_url, path, width=1366, height=768):
    """Load ``path`` in a fresh context (empty cache); return the page, {url path: bytes} and problems."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    finished, problems = [], []
    page.on("requestfinished", lambda r: finished.append(r))
    page.on("console", lambda m: problems.append(f"console error: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise;"
                  " await document.fonts.ready; }")
    page.wait_for_load_state("networkidle")
    sizes = {}
    for request in finished:
        url = urllib.parse.urlsplit(request.url)
        if url.scheme in ("http", "https"):
            sizes[url.path] = sizes.get(url.path, 0) + request.sizes()["responseBodySize"]
    return page, sizes, problems


def _report(sizes):
    return ", ".join(f"{path} {size / 1e3:.0f} kB" for path, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:8])


@pytest.mark.parametrize("path", FIRST_VISIT_PAGES)
def test_first_visit_loads_only_what_the_page_shows(browser, site_url, site_dir, path):
    source = (site_dir / path).read_text(encoding="utf-8")
    has_math = 'class="math' in source
    has_widgets = "application/vnd.jupyter.widget-state+json" in source
    page, sizes, problems = first_visit(browser, site_url, path)
    page.context.close()
    total, loaded = sum(sizes.values()), " ".join(sizes)
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)
    assert "fontawesome" not in loaded, f"{path}: loads the Font Awesome kit or its fonts: {_report(sizes)}"
    assert ("/mathjax/" in loaded) == has_math, \
        f"{path}: MathJax {'missing on a page with' if has_math else 'loaded on a page without'} math"
    assert ("embed-amd.js" in loaded) == has_widgets, \
        f"{path}: the widget manager {'missing on a page with' if has_widgets else 'loaded on a page without'} " \
        "saved widgets"
    assert ("searchindex.js" in loaded) == (path == "search.html"), f"{path}: the search index: {_report(sizes)}"
    if 'class="lfd-demo"' in source:
        assert 'src="data:image/png;base64' not in source and '"images":[' not in source, \
            f"{path}: a demo still carries its frames inside the HTML"
    budget = LANDING_BUDGET if path == PAGES[0] else None if has_widgets else PAGE_BUDGET
    if budget:
        assert total <= budget, f"{path}: {total / 1e6:.2f} MB on a first visit (budget {budget / 1e6:.1f} MB): " \
                                + _report(sizes)


def _heaviest_demo_page(site_dir):
    """The chapter with the most static demos."""
    return max(PAGES, key=lambda p: (site_dir / p).read_text(encoding="utf-8").count('class="lfd-demo"'))


FRAME_READY_JS = "img => img.complete && img.naturalWidth > 0"


def test_demo_frames_load_near_the_viewport_and_still_move(browser, site_url, site_dir, screenshots):
    """Frames far below the fold are not fetched on load; scrolled into view, the last demo shows and moves."""
    path = _heaviest_demo_page(site_dir)
    page, sizes, problems = first_visit(browser, site_url, path)
    try:
        demos = page.locator(".lfd-demo")
        assert demos.count() >= 2, f"{path}: expected several demos"
        for d in range(demos.count()):
            img = demos.nth(d).locator("img.lfd-demo-frame")
            assert img.get_attribute("loading") == "lazy", f"{path}: demo {d + 1} is not loaded lazily"
            assert img.get_attribute("width") and img.get_attribute("height"), f"{path}: demo {d + 1} has no size"
            assert not img.get_attribute("src").startswith("data:"), f"{path}: demo {d + 1} is inline"
        last = demos.nth(demos.count() - 1)
        frame = last.locator("img.lfd-demo-frame")
        folder = urllib.parse.urlsplit(urllib.parse.urljoin(page.url, last.get_attribute("data-frames"))).path
        assert not any(p.startswith(folder) for p in sizes), f"{path}: the last demo's frames load before scrolling"

        last.scroll_into_view_if_needed()
        page.wait_for_function(FRAME_READY_JS, arg=frame.element_handle(), timeout=10_000)
        before = (frame.get_attribute("src"), frame.screenshot())
        control = last.locator("[data-axis]").first
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(index=control.locator("option").count() - 1)
        else:
            control.fill(control.get_attribute("max") if control.input_value() != control.get_attribute("max")
                         else "0")
        assert frame.get_attribute("src") != before[0], f"{path}: moving the control did not change the frame"
        page.wait_for_function(FRAME_READY_JS, arg=frame.element_handle(), timeout=10_000)
        page.wait_for_timeout(100)
        assert frame.screenshot() != before[1], f"{path}: moving the control did not change what is drawn"
        last.screenshot(path=str(screenshots / "light-last-demo.png"))
    finally:
        page.context.close()
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("width", [390, 1366])
def test_header_icons_are_drawn_without_the_kit(browser, site_url, screenshots, width):
    """Every icon of the header and the page is an inline SVG that takes room on the page."""
    page, sizes, problems = first_visit(browser, site_url, NAV_PAGE, width=width, height=800)
    try:
        left = page.evaluate("() => document.querySelectorAll('i[class*=\"fa-\"], span[class*=\"fa-\"]').length")
        drawn = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.bd-header-article svg.svg-inline--fa, .bd-header svg.svg-inline--fa'))
            .filter(s => s.getBoundingClientRect().width > 0).map(s => s.dataset.icon)""")
        page.screenshot(path=str(screenshots / f"light-header-{width}.png"))
    finally:
        page.context.close()
    assert not problems, problems
    assert left == 0, f"{left} icon(s) still wait for the Font Awesome kit"
    assert "bars" in drawn and len(set(drawn)) >= 3, f"header icons drawn at {width} px: {drawn}"
