"""The website's figures, read where a reader meets them: in Chromium, at 1366 and 390 px.

Every demo carries what :mod:`lfd.widgets` measured over all its frames when the
book was built (``data-text-px``: its smallest text in image pixels;
``data-text-overlaps``: how many labels lie on another); the text must be at
least 9 px as shown at 1366 px wide, with no overlaps. An ordinary figure's text
size is inferred from its cell: the smallest font size the code names (matplotlib's
default is 10 points), its dpi (100 unless named) and the scale the page shows it
at. On a phone a tap on a demo opens its frame at full size. Then the small fixes
of the chapters' demos, moved the way a reader moves them.
"""

from __future__ import annotations

import re

import pytest
from conftest import SITE, open_page, require_site, toc_docnames

pytestmark = pytest.mark.site
require_site(SITE, "LFD_SITE", "book")  # without a built site, the module skips

MIN_PX = 9.0
CHAPTERS = [f"{name}.html" for name in toc_docnames() if name.startswith("chapters/")]
EXERCISES = [f"{name}.html" for name in toc_docnames() if name.startswith("exercises/")]

# Every demo of the page, its frame loaded: what the build measured, and its scale.
DEMOS_JS = """async () => {
  const out = [];
  for (const d of document.querySelectorAll('.lfd-demo')) {
    const img = d.querySelector('.lfd-demo-frame');
    img.loading = 'eager';
    await img.decode().catch(() => null);
    const data = JSON.parse(d.querySelector('.lfd-demo-data').textContent);
    out.push({id: d.id, textPx: d.getAttribute('data-text-px'), measured: 'textPx' in data,
              overlaps: d.getAttribute('data-text-overlaps'),
              listed: data.overlaps || [],
              shown: img.clientWidth, natural: img.naturalWidth});
  }
  return out;
}"""

# Every other image of a cell's output, with the code of its cell.
FIGURES_JS = """async () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });  // solutions, hidden cells
  const out = [];
  for (const cell of document.querySelectorAll('div.cell')) {
    const input = cell.querySelector('.cell_input pre');
    for (const img of cell.querySelectorAll('.cell_output img')) {
      if (img.closest('.lfd-demo')) continue;
      img.loading = 'eager';
      await img.decode().catch(() => null);
      out.push({src: img.getAttribute('src').slice(0, 80), code: input ? input.innerText : '',
                shown: img.clientWidth, natural: img.naturalWidth});
    }
  }
  return out;
}"""

NAMED_SIZES = {"xx-small": 5.79, "x-small": 6.94, "small": 8.33, "medium": 10.0}
SIZE_IN_CODE = re.compile(r"\b(?:fontsize|labelsize|size|set_size)\s*[=(]\s*(\d+(?:\.\d+)?|\"[a-z-]+\"|'[a-z-]+')")
DPI_IN_CODE = re.compile(r"\bdpi\s*=\s*(\d+)")


def smallest_points(code):
    """The smallest font size (points) the code of a cell names; 10, matplotlib's default, at most."""
    sizes = [10.0]
    for value in SIZE_IN_CODE.findall(code):
        value = value.strip("\"'")
        sizes.append(float(value) if value[0].isdigit() else NAMED_SIZES.get(value, 10.0))
    return min(sizes)


def move(page, demo, axis, position):
    """Set control ``axis`` of the demo to ``position`` the way the reader's input would."""
    page.evaluate("""([id, axis, position]) => {
      const input = document.querySelector('#' + id + ' [data-axis="' + axis + '"]');
      input.value = String(position);
      input.dispatchEvent(new Event('input', {bubbles: true}));
      input.dispatchEvent(new Event('change', {bubbles: true}));
    }""", [demo, axis, position])
    return page.evaluate("id => document.querySelector('#' + id + ' .lfd-demo-caption').textContent", demo)


def demo_ids(page):
    return page.evaluate("() => Array.from(document.querySelectorAll('.lfd-demo')).map(d => d.id)")


# -- A and B: text size and overlaps -------------------------------------------------------------


@pytest.mark.parametrize("path", CHAPTERS + EXERCISES)
def test_demo_text_at_least_9px_and_no_overlaps(browser, site_url, path):
    page, problems = open_page(browser, site_url, path, 1366)
    try:
        demos = page.evaluate(DEMOS_JS)
    finally:
        page.context.close()
    for d in demos:
        if not d["measured"]:
            problems.append(f"{d['id']}: its data carry no measure (built by an lfd.widgets that does not "
                            "measure, or from a stale execution cache?)")
            continue
        if d["textPx"] is not None:  # None: its frames have no text
            shown = float(d["textPx"]) * d["shown"] / d["natural"]
            print(f"{path} {d['id']}: smallest text {float(d['textPx']):.2f} px in the image, "
                  f"{shown:.2f} px shown ({d['shown']}/{d['natural']})")
            if shown < MIN_PX:
                problems.append(f"{d['id']}: smallest text {shown:.1f} px at 1366 px wide")
        if d["overlaps"] != "0":
            problems.append(f"{d['id']}: {d['overlaps']} labels on top of others, e.g. {d['listed'][:3]}")
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", CHAPTERS + EXERCISES)
def test_figure_text_at_least_9px(browser, site_url, path):
    page, problems = open_page(browser, site_url, path, 1366)
    try:
        figures = page.evaluate(FIGURES_JS)
    finally:
        page.context.close()
    for f in figures:
        if not f["natural"] or ".png" not in f["src"]:
            continue  # not a drawn figure (an SVG icon, a picture named in markdown)
        if not f["shown"]:
            problems.append(f"{f['src']}: not shown at all (hidden in a closed part of the page?)")
            continue
        dpi = int(next(iter(DPI_IN_CODE.findall(f["code"])), 100))
        shown = smallest_points(f["code"]) * dpi / 72 * min(1.0, f["shown"] / f["natural"])
        print(f"{path} {f['src'][-40:]}: {f['shown']}/{f['natural']} px, smallest text about {shown:.1f} px")
        if shown < MIN_PX:
            problems.append(f"{f['src']}: shown {f['shown']} of {f['natural']} px wide, its smallest "
                            f"text about {shown:.1f} px; code: {f['code'][:120]!r}")
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


# -- C: a tap opens the frame at full size -----------------------------------------------------


def test_phone_tap_opens_the_frame_full_size(browser, site_url, screenshots):
    page, problems = open_page(browser, site_url, "chapters/03-backpropagation.html", 390, 844, touch=True)
    try:
        ids = demo_ids(page)
        assert ids, "no demo on chapter 03"
        frame = page.locator(f"#{ids[0]} .lfd-demo-frame")
        frame.scroll_into_view_if_needed()
        frame.evaluate("img => img.decode()")
        natural, shown = frame.evaluate("img => [img.naturalWidth, img.clientWidth]")
        assert shown < natural, f"at 390 px the frame should be scaled down, is {shown} of {natural} px"
        frame.tap()
        overlay = page.locator(".lfd-zoom")
        overlay.wait_for(state="visible")
        big = overlay.locator("img")
        big.evaluate("img => img.decode()")
        width, big_natural = big.evaluate("img => [img.clientWidth, img.naturalWidth]")
        assert (width, big_natural) == (natural, natural), "the overlay must show the frame at its natural size"
        assert overlay.evaluate("o => o.scrollWidth > o.clientWidth"), "a frame wider than the phone scrolls"
        assert overlay.get_attribute("role") == "dialog"
        page.screenshot(path=str(screenshots / "figures-phone-zoom.png"))
        overlay.tap(position={"x": 40, "y": 400})
        overlay.wait_for(state="detached")
        # the keyboard: the frame takes focus, Enter opens, Escape closes and gives focus back
        frame.focus()
        page.keyboard.press("Enter")
        overlay.wait_for(state="visible")
        assert page.evaluate("() => document.activeElement.className") == "lfd-zoom-close"
        page.keyboard.press("Escape")
        overlay.wait_for(state="detached")
        assert page.evaluate("() => document.activeElement.classList.contains('lfd-demo-frame')")
        page.screenshot(path=str(screenshots / "figures-phone-closed.png"))
    finally:
        page.context.close()
    assert not problems, "\n  ".join(problems)


def test_desktop_demos_shown_at_natural_size(browser, site_url, screenshots):
    # at 1366 px a demo's frame (at most 730 px) is drawn at its natural size, not scaled down
    page, problems = open_page(browser, site_url, "chapters/04-hyperparameters.html", 1366)
    try:
        demos = page.evaluate(DEMOS_JS)
        page.locator(".lfd-demo").last.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "figures-desktop-playground.png"))
    finally:
        page.context.close()
    assert demos and all(d["shown"] == d["natural"] for d in demos), demos
    assert not problems


# -- D: the small fixes, moved as a reader moves them -----------------------------------------------


def test_landing_demo_zero_has_no_sign(browser, site_url):
    page, _ = open_page(browser, site_url, "chapters/00-introduction.html", 1366)
    try:
        [demo] = demo_ids(page)
        move(page, demo, 0, 6)  # a = 1
        caption = move(page, demo, 1, 4)  # b = 0
    finally:
        page.context.close()
    assert caption.startswith("fold at x = 0.00;"), caption


def test_stride_caption_says_it_once(browser, site_url):
    page, _ = open_page(browser, site_url, "chapters/02-convolutional-nets.html", 1366)
    try:
        stride = demo_ids(page)[-1]
        for axis, position in ((0, 0), (1, 2), (2, 0), (3, 1)):  # N = 4, E = 3, P = 0, S = 2
            caption = move(page, stride, axis, position)
    finally:
        page.context.close()
    assert caption.count("does not fit") == 1, caption


def test_backprop_last_notch_moves_on_five_edges(browser, site_url):
    page, _ = open_page(browser, site_url, "chapters/03-backpropagation.html", 1366)
    try:
        backprop = demo_ids(page)[0]
        move(page, backprop, 0, 0)  # the book's x²(x + y): five edges
        fifth, last = move(page, backprop, 3, 5), move(page, backprop, 3, 6)
    finally:
        page.context.close()
    assert fifth.startswith("edge 5 of 5") and last != fifth and "done" in last, (fifth, last)


def test_sampling_caption_follows_epochs_shown(browser, site_url):
    page, _ = open_page(browser, site_url, "chapters/04-hyperparameters.html", 1366)
    try:
        sampling = demo_ids(page)[0]
        captions = [move(page, sampling, 1, e) for e in range(4)]
    finally:
        page.context.close()
    assert len(set(captions)) == 4 and captions[2].startswith("after 3 epochs"), captions


def test_playground_cell_points_somewhere(browser, site_url):
    page, _ = open_page(browser, site_url, "chapters/04-hyperparameters.html", 1366)
    try:
        text = page.evaluate("() => document.querySelector('main').innerText")
        link = page.locator(".cell_output a", has_text="Run it yourself")
        href = link.first.get_attribute("href") if link.count() else None
    finally:
        page.context.close()
    assert "needs a Jupyter kernel: open this chapter" not in text
    assert "recorded runs" in text and href == "run-it-yourself.html", href
