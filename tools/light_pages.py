"""Light pages: a page of the website loads what it shows, and no more.

A Sphinx extension (listed in ``_config.yml``) with four parts:

1. **Demo frames as files.** A static demo of :mod:`lfd.widgets` arrives from
   the executed notebook as one HTML block with every frame inside it, base64
   (the notebook's output must carry them: it is all the execution cache
   keeps). Each frame is written to ``_images/<demo id>/<k>.png``; the block
   keeps the first frame as an ``<img loading="lazy">`` with its size (the
   browser fetches it when the demo nears the viewport, and the page does not
   jump) and names the folder in ``data-frames``, from which ``widgets.js``
   takes the frame of each position when a control moves. ``widgets.js`` and
   ``widgets.css`` are served once, as ``_static/lfd-demo.js`` and
   ``lfd-demo.css``, on pages with a demo only, instead of inside every demo.
2. **Icons without an icon kit.** The theme loads Font Awesome's whole
   JavaScript kit (1.5 MB) to turn a dozen ``<i class="fa-solid fa-…">`` into
   inline SVG. Each page gets that SVG at build time instead (the paths are
   read from the theme's own copy of the kit, so they are the same icons), and
   the kit is no longer loaded. The few glyphs the theme's CSS draws with Font
   Awesome's font (admonition titles, external links) come from a 2 kB cut of
   that font (``_static/lfd-icons.woff``), declared after the theme's 156 kB one
   for exactly those code points, so the full font is never fetched.
3. **No search index on pages that do not search.** The theme loads Sphinx's
   search tools and the whole index on every page for its search-as-you-type
   box, which this site does not turn on (the search box opens search.html);
   only search.html loads them.
4. MathJax and the ipywidgets manager need nothing here: Sphinx adds MathJax
   only to pages whose document has math (``_config.yml`` loads its TeX parts
   without the 0.4 MB menu), and myst-nb adds the manager only to notebooks
   with saved widget state (``tests/test_site.py`` checks both).
"""

from __future__ import annotations

import base64
import html
import json
import pathlib
import re
import struct

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

logger = logging.getLogger(__name__)


# -- 1. demo frames as files ---------------------------------------------------------

# The pieces of lfd.widgets.Demo.static_html that this step rewrites.
DEMO_OPEN = re.compile(r'<div class="lfd-demo" id="(lfd-demo-[0-9a-f]+)">')
DEMO_IMG = re.compile(r'<img class="lfd-demo-frame" alt="([^"]*)" src="data:image/png;base64,([A-Za-z0-9+/=]+)">')
DEMO_DATA = re.compile(r'(<script type="application/json" class="lfd-demo-data">)(.*?)(</script>)', re.S)
DEMO_SCRIPT = re.compile(r"<script>.*?</script>", re.S)  # the inline copy of widgets.js
DEMO_STYLE = re.compile(r"<style>.*?</style>", re.S)  # the inline copy of widgets.css


def _png_size(png: bytes):
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", png[16:24])


def demo_to_files(text: str, folder: pathlib.Path, url: str) -> str:
    """One demo's HTML with its frames written to ``folder`` (served at ``url``)."""
    opening, image, data = DEMO_OPEN.search(text), DEMO_IMG.search(text), DEMO_DATA.search(text)
    if not (opening and image and data):
        raise ValueError("not the HTML of lfd.widgets.Demo.static_html")
    payload = json.loads(data.group(2))
    pngs = [base64.b64decode(b64) for b64 in payload.pop("images")]
    folder.mkdir(parents=True, exist_ok=True)
    for k, png in enumerate(pngs):
        path = folder / f"{k}.png"
        if not path.is_file() or path.read_bytes() != png:
            path.write_bytes(png)
    width, height = _png_size(pngs[0])
    start = pngs.index(base64.b64decode(image.group(2)))
    payload = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
    text = DEMO_DATA.sub(lambda m: m.group(1) + payload + m.group(3), text, count=1)
    text = DEMO_IMG.sub(lambda m: (f'<img class="lfd-demo-frame" alt="{m.group(1)}" src="{url}{start}.png" '
                                   f'width="{width}" height="{height}" loading="lazy" decoding="async">'),
                        text, count=1)
    text = DEMO_OPEN.sub(lambda m: f'<div class="lfd-demo" id="{m.group(1)}" data-frames="{html.escape(url)}">',
                         text, count=1)
    return DEMO_STYLE.sub("", DEMO_SCRIPT.sub("", text))


def is_demo(node) -> bool:
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split() \
        and 'class="lfd-demo"' in node.astext()


def demo_frames_to_files(app, doctree, docname):
    if app.builder.format != "html":
        return
    page = app.builder.get_target_uri(docname)
    for node in list(doctree.findall(is_demo)):
        demo_id = DEMO_OPEN.search(node.astext())
        try:
            if demo_id is None:
                raise ValueError("no demo id")
            folder = f"_images/{demo_id.group(1)}/"
            text = demo_to_files(node.astext(), pathlib.Path(app.builder.outdir) / folder,
                                 relative_uri(page, folder))
        except ValueError as error:
            logger.warning("a static demo could not be written as files: %s", error, location=node)
            continue
        node.replace(node.children[0], nodes.Text(text))


def copy_demo_assets(app):
    if app.builder.format != "html":
        return
    import lfd.widgets  # the installed library (the student edition builds from a copy of the sources)

    lib, static = pathlib.Path(lfd.widgets.__file__).parent, pathlib.Path(app.builder.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for source, target in ((lib / "widgets.js", "lfd-demo.js"), (lib / "widgets.css", "lfd-demo.css")):
        (static / target).write_text(source.read_text())


# -- 2. icons as inline SVG, 3. search tools on the search page only -------------------

ICON_TAG = re.compile(r'<(i|span)\b([^>]*?)\bclass="([^"]*\bfa-[^"]*)"([^>]*)>\s*</\1>')
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
PACKS = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far", "fa-brands": "fab", "fab": "fab"}
# One entry of the kit: name:[width,height,[aliases],"unicode","svg path"].
KIT_ENTRY = re.compile(r'[{,](?:"([^"]+)"|([\w$-]+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]*","([^"]*)"\]')
KIT_SCRIPT = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>')


def kit_icons(kit: pathlib.Path) -> dict:
    """{(pack, name): (width, height, path)} of every icon in the theme's Font Awesome kit."""
    text, icons = kit.read_text(encoding="utf-8"), {}
    for end in re.finditer(r'\bd\("(fa[srb])",p\)', text):
        start = text.rfind("var p={", 0, end.start())
        for entry in KIT_ENTRY.finditer(text, start + 6, end.start()):
            icon = (int(entry.group(3)), int(entry.group(4)), entry.group(6))
            for name in [entry.group(1) or entry.group(2), *re.findall(r'"([^"]+)"', entry.group(5))]:
                icons.setdefault((end.group(1), name), icon)
    return icons


def inline_icons(page: str, icons: dict, missing: set) -> str:
    """The page with each Font Awesome <i>/<span> replaced by the SVG the kit would have drawn."""
    count = 0

    def svg(match):
        nonlocal count
        classes = match.group(3).split()
        pack = next((PACKS[c] for c in classes if c in PACKS), None)
        name = next((c[3:] for c in classes if c.startswith("fa-") and (pack, c[3:]) in icons), None)
        if pack is None or name is None:
            missing.add(match.group(0))
            return match.group(0)
        width, height, path = icons[pack, name]
        rest = [c for c in classes if c not in PACKS and c != f"fa-{name}"]
        attributes = dict(ATTRIBUTE.findall(match.group(2) + match.group(4)))
        title = attributes.pop("title", None)
        count += 1
        if title:
            label = f"svg-inline--fa-title-{count}"
            attributes.update({"aria-labelledby": label})
            inner = f'<title id="{label}">{title}</title>'
        else:
            attributes.update({"aria-hidden": "true", "focusable": "false"})
            inner = ""
        extra = "".join(f' {k}="{v}"' for k, v in attributes.items())
        return (f'<svg class="{" ".join(["svg-inline--fa", f"fa-{name}", *rest])}"{extra} data-prefix="{pack}" '
                f'data-icon="{name}" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
                f'{inner}<path fill="currentColor" d="{path}"></path></svg>')

    return ICON_TAG.sub(svg, page)


def rewrite_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import pydata_sphinx_theme

    kit = pathlib.Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js"
    icons, missing = kit_icons(kit), set()
    options = app.builder.theme.get_options(app.builder.theme_options)
    search_as_you_type = str(options.get("search_as_you_type", False)).lower() == "true"
    outdir = pathlib.Path(app.builder.outdir)
    for path in outdir.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        new = KIT_SCRIPT.sub("", inline_icons(page, icons, missing))
        if not search_as_you_type and path != outdir / "search.html":
            new = SEARCH_SCRIPTS.sub("", new)
        if new != page:
            path.write_text(new, encoding="utf-8")
    theme = kit.parents[1]
    ranges = icon_font(theme, outdir / "_static" / "lfd-icons.woff")
    (outdir / "_static" / "lfd-icons.css").write_text(
        '@font-face{font-family:"Font Awesome 6 Free";font-style:normal;font-weight:900;font-display:block;'
        f'src:url(lfd-icons.woff) format("woff");unicode-range:{ranges}}}\n', encoding="utf-8")
    for tag in sorted(missing):
        logger.warning("no icon in the theme's Font Awesome kit for %s", tag)


def icon_font(theme: pathlib.Path, target: pathlib.Path) -> str:
    """Font Awesome's solid font cut to the glyphs the theme's CSS draws (admonition titles,
    external links, breadcrumbs...); returns the unicode-range of the @font-face that serves it."""
    from fontTools import subset

    css = (theme / "styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    codes = {ord(c) for c in re.findall(r'--pst-[\w-]+:"([\ue000-\uf8ff])"', css)}
    import sphinx_book_theme

    book = pathlib.Path(sphinx_book_theme.__file__).parent / "theme/sphinx_book_theme/static/styles/sphinx-book-theme.css"
    if book.is_file():
        codes |= {int(h, 16) for h in re.findall(r'content:"\\(f[0-9a-f]{3})"', book.read_text(encoding="utf-8"))}
    options = subset.Options()
    options.flavor = "woff"  # zlib: WOFF2 would need brotli, which the book does not install
    font = subset.load_font(str(theme / "vendor/fontawesome/webfonts/fa-solid-900.ttf"), options)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted(codes))
    cutter.subset(font)
    subset.save_font(font, str(target), options)
    return ",".join(f"U+{c:X}" for c in sorted(codes))


def page_assets(app, pagename, templatename, context, doctree):
    """lfd-demo.js and lfd-demo.css on the pages that show a static demo."""
    if doctree is not None and any(True for _ in doctree.findall(is_demo)):
        app.builder.add_css_file("lfd-demo.css")
        app.builder.add_js_file("lfd-demo.js", defer="defer")


def setup(app):
    app.connect("builder-inited", copy_demo_assets)
    app.add_css_file("lfd-icons.css")  # written with the font at the end of the build
    app.connect("doctree-resolved", demo_frames_to_files)
    app.connect("html-page-context", page_assets)
    app.connect("build-finished", rewrite_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": False}
