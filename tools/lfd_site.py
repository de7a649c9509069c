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
"""

from __future__ import annotations

import datetime
import html
import importlib.metadata
import os

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
    app.add_config_value("lfd_edition", "full", "html")
    app.add_config_value("lfd_editions", {"full": "", "student": ""}, "html")
    app.connect("config-inited", _buttons_from_repository)
    app.connect("html-page-context", _footer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
