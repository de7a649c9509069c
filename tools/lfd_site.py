"""The site's own Sphinx extension (``_config.yml``: ``sphinx: local_extensions``).

Two things that Jupyter Book's configuration cannot say by itself:

* **The footer names the edition.** Every page ends with the edition's name
  (``lfd_edition``: ``full`` or ``student``), the version of ``lfd`` and the
  date of the build, and a link to the other edition. ``lfd_editions`` gives
  the published address of each edition's root (a URL); when the other's is
  set, the link leads to the same page there. Until then it leads to the
  section "Two editions" of the page "Run it yourself" (``{{ editions }}``),
  which says what each edition holds: the two editions are two static sites,
  and a relative path from one to the other would be a link that leaves the
  site (``tests/test_site.py`` refuses those).
* **One repository URL.** ``repository: url:`` in ``_config.yml`` is the only
  place it is written. When it is set, the repository and issue buttons and
  the Binder and Colab launch buttons appear; when it is empty they do not
  (Jupyter Book refuses repository buttons without a URL, and the theme's
  launch buttons fail on one). The MyST substitution ``{{ repository }}``
  is a sentence linking the repository, or a sentence without the word when
  no URL is set, so no page names a repository it cannot link.

And what a reader meets around the pages themselves:

* **The site's root and its 404 page.** ``index.html`` redirects to the first
  page, with a title and a link for a browser that does not follow the
  redirect; ``404.html`` (served by static hosts for a missing address) links
  the first page and lists the table of contents. It is not a page of the
  book, so no navigation leads to it; a small script finds the site's root
  from whatever depth the missing address had (with the edition's published
  address in ``lfd_editions``, the links are absolute instead).
* **"§VII.n" links its chapter** on the glossary, the notation, the corrections and the
  references (at build time, so a smaller table of contents builds too).
* **Every figure has an alt text**: an image of a cell's output (myst-nb gives
  it none, and the HTML would carry its path) is described by its section and
  the sentence of prose that introduces it.
* **Search results without TeX**: the search page loads
  ``chapters/assets/search-snippets.js``, which reads formulas in the summaries
  and section titles as plain text (``Aᵀ v + b``), with :data:`TEX_SYMBOLS`.
* **The references in a reader's alphabetical order** (``bibtex_default_style:
  lfd``): pybtex's sorting keeps TeX accents and braces in its key, which sort
  after every letter (``G{\\'e}ron`` after Griewank, ``{Theano Development
  Team}`` after Zhou); this style sorts on the plain letters.
"""

from __future__ import annotations

import datetime
import html
import importlib.metadata
import os
import pathlib
import re

from docutils import nodes

BINDER_URL = "https://mybinder.org"
COLAB_URL = "https://colab.research.google.com"
EDITIONS = {
    "full": "Full edition, with worked solutions",
    "student": "Student edition: the problems without their solutions",
}
LINK_TEXT = {
    "full": "this page in the full edition (with solutions)",
    "student": "this page in the student edition (no solutions)",
}
ABOUT_TEXT = {
    "full": "about the full edition (with solutions)",
    "student": "about the student edition (no solutions)",
}
RUN_PAGE, EDITIONS_SECTION = "chapters/run-it-yourself", "two-editions"


def build_date():
    """The day of the build (UTC), or of ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc))
    return when.date().isoformat()


def lfd_version():
    """The installed version of ``lfd`` (the one the site's wheel is built from)."""
    try:
        return importlib.metadata.version("lfd")
    except importlib.metadata.PackageNotFoundError:
        import lfd

        return lfd.__version__


def repository_url(config):
    return (config.html_theme_options.get("repository_url") or "").strip()


def _buttons_from_repository(app, config):
    """Repository, issue and launch buttons exactly when the repository URL is set."""
    if config.lfd_edition not in EDITIONS:
        raise ValueError(f"lfd_edition must be one of {sorted(EDITIONS)}, not {config.lfd_edition!r}")
    options = config.html_theme_options
    url = repository_url(config)
    options["use_repository_button"] = options["use_issues_button"] = bool(url)
    launch = dict(options.get("launch_buttons") or {})
    launch["binderhub_url"] = BINDER_URL if url else ""
    launch["colab_url"] = COLAB_URL if url else ""
    options["launch_buttons"] = launch
    if not url:
        options.pop("repository_url", None)
    substitutions = dict(config.myst_substitutions or {})
    substitutions["repository"] = (
        f"The sources (notebooks, library, tests and build) are in [the repository]({url})."
        if url else
        "The wheel and the notebooks above are all you need; the sources are not published yet.")
    full, student = ((config.lfd_editions or {}).get(name, "") for name in ("full", "student"))
    substitutions["editions"] = (
        f"Read the [full edition]({full}), with a worked solution folded under each problem, or the "
        f"[student edition]({student}), with the problems alone."
        if full and student else
        "The full edition of this site folds a worked solution under each problem. The student edition "
        "has the same chapters and problems without the solutions, and without a word that promises "
        "them. Each edition is a site of its own.")
    config.myst_substitutions = substitutions


def edition_href(config, pagename):
    """The link from ``pagename`` to the same page in the other edition, or None (its address is not set)."""
    other = "student" if config.lfd_edition == "full" else "full"
    base = (config.lfd_editions or {}).get(other) or ""
    if not base:
        return None
    return f"{base.rstrip('/')}/{pagename}.html"


def footer_html(config, pagename, about=None):
    """The footer of ``pagename``; ``about`` is the link to the section "Two editions" (used when
    the other edition's address is not set)."""
    edition = config.lfd_edition
    other = "student" if edition == "full" else "full"
    parts = [html.escape(EDITIONS[edition]), f"lfd {html.escape(lfd_version())}", f"built {build_date()}"]
    href = edition_href(config, pagename)
    if href:
        parts.append(f'<a class="lfd-other-edition" href="{html.escape(href)}">{LINK_TEXT[other]}</a>')
    elif about:
        parts.append(f'<a class="lfd-other-edition" href="{html.escape(about)}">{ABOUT_TEXT[other]}</a>')
    url = repository_url(config)
    if url:
        parts.append(f'<a class="lfd-repository" href="{html.escape(url)}">source repository</a>')
    return f'<p class="lfd-edition" data-edition="{edition}">' + " · ".join(parts) + "</p>"


def _footer(app, pagename, templatename, context, doctree):
    about = None
    if RUN_PAGE in app.env.all_docs:  # the page is in this build's table of contents
        page = context["pathto"](RUN_PAGE)
        about = f"{'' if page.startswith('#') else page}#{EDITIONS_SECTION}"  # '#' on the page itself
    context["theme_extra_footer"] = footer_html(app.config, pagename, about)


def setup(app):
    _register_bibliography_style()
    app.add_config_value("lfd_edition", "full", "html")
    app.add_config_value("lfd_editions", {"full": "", "student": ""}, "html")
    app.connect("config-inited", _buttons_from_repository)
    app.connect("html-page-context", _footer)
    app.connect("html-page-context", _search_page_assets)
    app.connect("doctree-resolved", _link_section_mentions)
    app.connect("doctree-resolved", _alt_texts)
    app.connect("build-finished", _root_pages, priority=900)  # after sphinx-external-toc's bare redirect
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# -- reader-facing pages the build writes: the root, the 404 page --------------------------------

# TeX commands read as the symbol they draw (for alt texts, titles and search snippets).
TEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "eta": "η",
    "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ",
    "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ",
    "Omega": "Ω", "partial": "∂", "nabla": "∇", "infty": "∞", "cdot": "·", "cdots": "⋯", "ldots": "…",
    "dots": "…", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠",
    "approx": "≈", "sim": "∼", "to": "→", "rightarrow": "→", "mapsto": "↦", "leftarrow": "←", "in": "∈",
    "sum": "∑", "prod": "∏", "int": "∫", "sqrt": "√", "pm": "±", "ell": "ℓ", "circ": "∘", "odot": "⊙",
    "otimes": "⊗", "mid": "|", "lvert": "|", "rvert": "|", "vert": "|", "Vert": "‖", "lVert": "‖",
    "rVert": "‖", "|": "‖", "langle": "⟨", "rangle": "⟩", "top": "ᵀ", "max": "max", "min": "min",
    "log": "log", "exp": "exp", "tanh": "tanh", "quad": " ", "qquad": " ",
}
TEX_DROPPED = re.compile(r"\\(?:left|right|[bB]ig{1,2}[lr]?|displaystyle|textstyle|limits|nolimits)(?![A-Za-z])")
TEX_WRAPPERS = re.compile(r"\\(?:text|textrm|textit|mathrm|mathbf|mathsf|mathit|mathcal|mathbb|operatorname|"
                          r"boldsymbol|bm|emph|hat|bar|tilde|vec|widehat|overline)\s*\{([^{}]*)\}")
TEX_FRAC = re.compile(r"\\[dt]?frac\s*(?:\{([^{}]*)\}\s*\{([^{}]*)\}|(\d)(\d))")
TEX_TRANSPOSE = re.compile(r"\^\s*(?:\{\s*\\mathsf\s*(?:\{\s*T\s*\}|T)\s*\}|\\mathsf\s*(?:\{\s*T\s*\}|T))")
TEX_POWER = re.compile(r"\^\s*(?:\{\s*([0-9T])\s*\}|([0-9T]))")
SUPERSCRIPTS = dict(zip("0123456789T", "⁰¹²³⁴⁵⁶⁷⁸⁹ᵀ"))


def tex_to_text(tex: str) -> str:
    """TeX as a reader would say it in plain text: ``A^{\\mathsf T} v + b`` → ``Aᵀ v + b``."""
    text = TEX_TRANSPOSE.sub("ᵀ", tex)
    text = re.sub(r"\\\(|\\\)|\\\[|\\\]|\$", " ", text)
    text = TEX_DROPPED.sub("", text)
    for _ in range(3):  # nested wrappers, inside out
        text = TEX_FRAC.sub(lambda m: f"{m.group(1) or m.group(3)}/{m.group(2) or m.group(4)}", text)
        text = TEX_WRAPPERS.sub(r"\1", text)
    text = TEX_POWER.sub(lambda m: SUPERSCRIPTS[m.group(1) or m.group(2)], text)
    text = re.sub(r"\\\\|\\[,;:! ]|&", " ", text).replace("\\|", "‖")
    text = re.sub(r"\\([A-Za-z]+)", lambda m: TEX_SYMBOLS.get(m.group(1), m.group(1) if m.group(1) not in (
        "mathsf", "mathrm", "mathbf", "text", "operatorname") else ""), text)
    text = text.replace("\\", "").replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip()


def _site_map_items(app):
    """[(caption or None, [(docname, title, depth), ...]), ...] in reading order, from the table of contents."""
    site_map = getattr(app.env, "external_site_map", None)
    titles = app.env.titles
    title = lambda name: tex_to_text(titles[name].astext()) if name in titles else name  # noqa: E731
    if site_map is None:
        return [(None, [(app.config.root_doc, title(app.config.root_doc), 0)])]
    groups, root = [], site_map.root

    def walk(document, depth, into):
        for tree in document.subtrees:
            for item in tree.items:
                if isinstance(item, str) and item in app.env.all_docs:
                    into.append((item, title(item), depth))
                    if item in site_map:
                        walk(site_map[item], depth + 1, into)

    groups.append((None, [(root.docname, title(root.docname), 0)]))
    for tree in root.subtrees:
        entries = []
        for item in tree.items:
            if isinstance(item, str) and item in app.env.all_docs:
                entries.append((item, title(item), 0))
                if item in site_map:
                    walk(site_map[item], 1, entries)
        if entries:
            groups.append((tree.caption, entries))
    return groups


def root_redirect_html(title: str, first: str, first_title: str, favicon: str | None) -> str:
    """The site's index.html: a redirect to the first page, with a title and a link for browsers that
    do not follow it."""
    href = html.escape(first)
    icon = f'<link rel="icon" href="{html.escape(favicon)}">\n' if favicon else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Refresh" content="0; url={href}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n{icon}<link rel=\"canonical\" href=\"{href}\">\n"
        f"{NOT_FOUND_STYLE}</head>\n<body>\n<main>\n<h1>{html.escape(title)}</h1>\n"
        "<p>This address opens the first page of the site. If it does not open by itself, "
        f'<a href="{href}">go to the first page: {html.escape(first_title)}</a>.</p>\n'
        "</main>\n</body>\n</html>\n")


# The look of the theme's pages (its fonts, its colours in the light mode, its measure), inline: the 404
# page is served for a missing address at any depth, where relative links to _static would not resolve.
NOT_FOUND_STYLE = """<style>
body { margin: 0; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Helvetica Neue", Arial,
  sans-serif, "Apple Color Emoji", "Segoe UI Emoji"; font-size: 1rem; line-height: 1.65; color: #222832;
  background: #fff; }
header { border-bottom: 1px solid #d1d5da; box-shadow: 0 .125rem .25rem 0 rgba(0,0,0,.11); padding: .75rem 1rem; }
header a { color: #222832; font-weight: 600; text-decoration: none; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 2.2rem; line-height: 1.2; margin: 1rem 0; font-weight: 600; }
h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; font-weight: 600; }
h3 { font-size: 1rem; margin: 1.25rem 0 .25rem; font-weight: 600; color: #48566b; text-transform: none; }
a { color: #0a7d91; text-underline-offset: .2em; }
a:hover { color: #8045e5; }
ul { padding-left: 1.25rem; margin: .25rem 0; }
li { margin: .2rem 0; }
li.depth-1 { margin-left: 1.25rem; }
</style>
"""

NOT_FOUND_SCRIPT = """<script>
/* This page is served for any missing address, at any depth: find the site's root (the deepest folder
   of this address that holds the first page) and point every link there. */
(async () => {
  const links = document.querySelectorAll("a[data-root-path]");
  const parts = location.pathname.split("/").slice(1, -1);
  for (let k = parts.length; k >= 0; k--) {
    const base = "/" + parts.slice(0, k).map(p => p + "/").join("");
    try {
      const probe = await fetch(base + document.body.dataset.first, {method: "HEAD"});
      if (probe.ok) { links.forEach(a => { a.href = base + a.dataset.rootPath; }); return; }
    } catch (error) { return; }  /* file:// or offline: the links stay relative to the root */
  }
})();
</script>
"""


def not_found_html(title: str, first: str, groups, root_url: str = "") -> str:
    """The 404 page: what happened, a link to the first page, and the table of contents. Links are
    relative to the site's root; with ``root_url`` (the published address) they are absolute, and
    without it a small script finds the root from the address the page is served at."""
    def link(path, text):
        href = html.escape((root_url.rstrip("/") + "/" + path) if root_url else path)
        return f'<a href="{href}" data-root-path="{html.escape(path)}">{html.escape(text)}</a>'

    toc = []
    for caption, entries in groups:
        if caption:
            toc.append(f"<h3>{html.escape(caption)}</h3>")
        toc.append("<ul>" + "".join(f'<li class="depth-{min(depth, 1)}">{link(path, text)}</li>'
                                    for path, text, depth in entries) + "</ul>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>Page not found · {html.escape(title)}</title>\n{NOT_FOUND_STYLE}</head>\n"
        f'<body data-first="{html.escape(first)}">\n'
        f'<header>{link(first, title)}</header>\n<main>\n<h1>Page not found</h1>\n'
        "<p>There is no page at this address: the link that led here may be mistyped, or the page may "
        "have moved.</p>\n"
        f"<p>Start again from {link(first, 'the first page')}, or choose a page from the "
        '<a href="#contents">table of contents</a> below.</p>\n'
        f'<nav id="contents" aria-labelledby="contents-title">\n<h2 id="contents-title">Table of contents</h2>\n'
        + "\n".join(toc) + "\n</nav>\n</main>\n"
        + ("" if root_url else NOT_FOUND_SCRIPT) + "</body>\n</html>\n")


def _root_pages(app, exception):
    """index.html (the redirect to the first page) with a title and a link; 404.html."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = pathlib.Path(app.builder.outdir)
    title = app.config.html_title or app.config.project
    root = app.config.root_doc
    first = app.builder.get_target_uri(root)
    first_title = tex_to_text(app.env.titles[root].astext()) if root in app.env.titles else title
    favicon = app.config.html_favicon
    favicon = f"_static/{pathlib.PurePath(favicon).name}" if favicon and "://" not in favicon else favicon
    if root != "index":
        (outdir / "index.html").write_text(root_redirect_html(title, first, first_title, favicon), encoding="utf-8")
    groups = [(caption, [(app.builder.get_target_uri(name), text, depth) for name, text, depth in entries])
              for caption, entries in _site_map_items(app)]
    root_url = (app.config.lfd_editions or {}).get(app.config.lfd_edition) or ""
    (outdir / "404.html").write_text(not_found_html(title, first, groups, root_url), encoding="utf-8")


# -- links from the reference pages to the chapters: "§VII.3" ------------------------------------

SECTION_MENTION = re.compile(r"§VII\.([1-9])(?!\d|\.\d)")
PAGES_WITH_SECTION_LINKS = ("chapters/glossary", "chapters/notation", "chapters/references", "chapters/corrections")
NOT_LINKED_INSIDE = (nodes.reference, nodes.literal, nodes.literal_block, nodes.title, nodes.math,
                     nodes.math_block, nodes.raw, nodes.term)


def chapter_of_section(all_docs, number: str):
    """The chapter of §VII.<number> in this build (chapters/0<number>-…), or None."""
    found = sorted(name for name in all_docs if name.startswith(f"chapters/{int(number):02d}-"))
    return found[0] if found else None


def _link_section_mentions(app, doctree, docname):
    if docname not in PAGES_WITH_SECTION_LINKS or app.builder.format != "html":
        return
    for text in list(doctree.findall(nodes.Text)):
        if not SECTION_MENTION.search(text) or any(isinstance(a, NOT_LINKED_INSIDE) for a in _ancestors(text)):
            continue
        pieces, at = [], 0
        for match in SECTION_MENTION.finditer(text):
            chapter = chapter_of_section(app.env.all_docs, match.group(1))
            if chapter is None:
                continue
            pieces.append(nodes.Text(text[at:match.start()]))
            title = tex_to_text(app.env.titles[chapter].astext()) if chapter in app.env.titles else ""
            reference = nodes.reference("", "", nodes.Text(match.group(0)), internal=True,
                                        refuri=app.builder.get_relative_uri(docname, chapter), reftitle=title)
            reference["classes"].append("lfd-section-link")
            pieces.append(reference)
            at = match.end()
        if pieces:
            pieces.append(nodes.Text(text[at:]))
            text.parent.replace(text, pieces)


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


# -- alt texts of notebook output images ----------------------------------------------------------

def _is_cell_part(node, part):
    return isinstance(node, nodes.container) and part in node.get("classes", [])


def figure_alt(section: str, sentence: str, k: int, n: int) -> str:
    """The alt text of the k-th of n images of one output: the figure the surrounding prose introduces."""
    words = f"Figure{f' {k} of {n}' if n > 1 else ''}"
    if section:
        words += f" in “{section}”"
    if sentence:
        words += f": {sentence}"
    return words


def last_sentences(paragraph: str, least: int = 60, most: int = 300) -> str:
    """The last sentence of a paragraph (two or more when it is short), without a closing colon."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z(“\"$])", paragraph.strip())
    taken = ""
    while sentences and len(taken) < least:
        taken = (sentences.pop() + " " + taken).strip()
    taken = taken.rstrip(":").rstrip()
    if len(taken) > most:
        taken = taken[:most].rsplit(" ", 1)[0] + " …"
    return taken


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.findall(lambda n: isinstance(n, (nodes.Text, nodes.math))):
        if isinstance(node, nodes.math):
            parts.append(tex_to_text(node.astext()))
        elif not any(isinstance(a, nodes.math) for a in _ancestors(node)):
            parts.append(str(node))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _solution_of(node):
    """The worked solution that holds ``node`` (sphinx-exercise's solution node), or None."""
    return next((a for a in _ancestors(node) if type(a).__name__.startswith("solution")
                 or "solution" in a.get("classes", [])), None) if node is not None else None


def _alt_texts(app, doctree, docname):
    """Every image of a cell's output gets an alt text: the title of its section and the sentence of
    the prose that introduces it (myst-nb leaves the alt empty, and the HTML writer would use the path).
    Prose inside a worked solution describes only images of that same solution: no answer reaches
    the alt text of an image outside it."""
    if app.builder.format != "html":
        return
    paragraph = None

    def introduction(image):
        gate = _solution_of(paragraph)
        return last_sentences(_paragraph_text(paragraph)) if paragraph is not None and (
            gate is None or gate is _solution_of(image)) else ""

    for node in doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.image))):
        inside = list(_ancestors(node))
        if any(_is_cell_part(a, "cell_output") or _is_cell_part(a, "cell_input") for a in inside):
            if isinstance(node, nodes.image) and not node.get("alt", "").strip():
                output = next(a for a in inside if _is_cell_part(a, "cell_output"))
                images = list(output.findall(nodes.image))
                titled = next((a for a in inside if len(a) and isinstance(a[0], nodes.title)), None)
                heading = tex_to_text(titled[0].astext()) if titled is not None else ""  # section, problem
                node["alt"] = figure_alt(heading, introduction(node), images.index(node) + 1, len(images))
            continue
        if isinstance(node, nodes.paragraph):
            paragraph = node
        elif not node.get("alt", "").strip():
            node["alt"] = figure_alt("", introduction(node), 1, 1)


# -- search snippets without TeX ------------------------------------------------------------------

def _search_page_assets(app, pagename, templatename, context, doctree):
    """On the search page: search-snippets.js (chapters/assets), which reads each result's summary and
    section titles as plain text, with the TeX table above."""
    if pagename != "search" or app.builder.format != "html":
        return
    import json

    app.builder.add_js_file(None, body=f"window.lfdTexSymbols = {json.dumps(TEX_SYMBOLS, ensure_ascii=False)};")
    app.builder.add_js_file("search-snippets.js", defer="defer")  # after searchtools.js


# -- the references in alphabetical order --------------------------------------------------------

BIBLIOGRAPHY_STYLE = "lfd"  # _config.yml: bibtex_default_style


def plain_sort_key(latex: str) -> str:
    """A BibTeX name or title as a reader alphabetizes it: accents decoded then dropped, braces gone,
    case folded. ``G{\\'e}ron`` sorts as ``geron`` and ``{Theano Development Team}`` under T (pybtex's
    own key keeps the braces and the TeX accents, which sort after every letter)."""
    import codecs
    import unicodedata

    import latexcodec  # noqa: F401  (registers the codec; pybtex depends on it)

    text = codecs.decode(latex, "ulatex").replace("{", "").replace("}", "").replace("ı", "i")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.casefold()


def _register_bibliography_style():
    """pybtex's alpha style, sorted by :func:`plain_sort_key` of (authors, year, title)."""
    import pybtex.plugin
    from pybtex.style.formatting.alpha import Style as AlphaStyle
    from pybtex.style.sorting.author_year_title import SortingStyle

    class ReaderSorting(SortingStyle):
        def sorting_key(self, entry):
            authors, year, title = super().sorting_key(entry)
            return plain_sort_key(authors), year, plain_sort_key(title)

    class ReaderStyle(AlphaStyle):
        default_sorting_style = "lfd_author_year_title"

    pybtex.plugin.register_plugin("pybtex.style.sorting", "lfd_author_year_title", ReaderSorting, force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", BIBLIOGRAPHY_STYLE, ReaderStyle, force=True)
