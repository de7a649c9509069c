"""Code and printed output fit the page's column at 1366 px: nothing scrolls sideways.

The notebooks are formatted to 79 columns and their outputs kept within 85
(``tests/test_code_style.py``); this checks the result where readers see it.
"""

from __future__ import annotations

import pytest
from conftest import SITE, require_site, toc_docnames

pytestmark = pytest.mark.site
require_site(SITE, "LFD_SITE", "book")

PAGES = [f"{name}.html" for name in toc_docnames()]

# Every solution and every folded code cell opened first: what a reader can unfold must fit too.
SCROLLING_JS = """() => {
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('main details').forEach(d => { d.open = true; });
  return [...document.querySelectorAll('main div.cell pre, main div.output pre')]
  .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
  .map(pre => pre.innerText.split('\\n').reduce((a, b) => a.length >= b.length ? a : b).slice(0, 70));
}"""


@pytest.mark.parametrize("path", PAGES)
def test_no_code_or_output_scrolls_sideways(browser, site_url, site_dir, path):
    if not (site_dir / path).is_file():
        pytest.skip(f"{path} not built")
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        page.goto(f"{site_url}/{path}", wait_until="domcontentloaded")
        scrolling = page.evaluate(SCROLLING_JS)
    finally:
        page.close()
    assert not scrolling, f"{len(scrolling)} blocks scroll sideways; their longest lines: {scrolling[:4]}"
