"""Shared fixtures: the built website served on 127.0.0.1, and headless Chromium.

The site tests read the site that ``make book`` left in ``_build/html``
(or ``$LFD_SITE``; ``make test`` builds it first); without a built site they
skip. Chromium is Debian's ``chromium`` (or the executable named by
``LFD_CHROMIUM``), driven by Playwright; its own browser download is not used.
"""

from __future__ import annotations

import configparser
import functools
import http.server
import os
import pathlib
import re
import shutil
import sys
import threading
import urllib.parse

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SITE = pathlib.Path(os.environ.get("LFD_SITE", ROOT / "_build" / "html")).resolve()
STUDENT_SITE = pathlib.Path(os.environ.get("LFD_STUDENT_SITE", ROOT / "_build" / "student" / "html")).resolve()
# Where each edition's build left its executed notebooks (jupyter_execute/ of the stage folders).
STAGE = pathlib.Path(os.environ.get("LFD_STAGE", ROOT / "_build" / "stage")).resolve()
STUDENT_STAGE = pathlib.Path(os.environ.get("LFD_STUDENT_STAGE", ROOT / "_build" / "student-stage")).resolve()
SCREENSHOTS = ROOT / "_build" / "site-screenshots"
# The build tooling (tools/) holds the one walker over a notebook's solution gates.
sys.path.insert(0, str(ROOT / "tools"))
from student_edition import SOLUTION_START, gated  # noqa: E402,F401  (used by the test modules)
import downloads  # noqa: E402  (the one walker over the table of contents)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
]


def sanitizers():
    """The replacements nbval applies before comparing outputs (tests/nbval_sanitize.cfg)."""
    config = configparser.ConfigParser()
    config.read(ROOT / "tests" / "nbval_sanitize.cfg")
    return {name: (re.compile(config[name]["regex"]), config[name]["replace"]) for name in config.sections()}


def chromium_path():
    """The Chromium executable to drive, or None."""
    return os.environ.get("LFD_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def toc_docnames():
    """Every document in the table of contents, in reading order."""
    return downloads.toc_docnames(ROOT, os.environ.get("LFD_TOC", "_toc.yml"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def require_site(site, variable, target):
    """Skip (or, when ``make test`` named the site in ``variable``, fail) unless ``site`` is built."""
    if not (site / "index.html").is_file():
        reason = f"no built site in {site}: run 'make {target}' (make test builds it first)"
        if variable in os.environ:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason, allow_module_level=True)
    return site


@pytest.fixture(scope="session")
def site_dir():
    return require_site(SITE, "LFD_SITE", "book")


@pytest.fixture(scope="session")
def site_url(site_dir):
    """Base URL of the built site, served from 127.0.0.1 for the session."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(site_dir):
    """Headless Chromium (only the built site needs it)."""
    path = chromium_path()
    if not path:
        pytest.fail("Chromium not found: install Debian's 'chromium' (apt-get install chromium) "
                    "or set LFD_CHROMIUM to its path", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots():
    """Folder for screenshots that a person can look at after the tests."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def open_page(browser, site_url, path, width=1280, height=900, touch=False):
    """Load ``path`` in a window ``width`` px wide, every foreign request blocked.

    Returns the page and the list of what went wrong: requests to another host,
    console errors, page errors and failed local requests.
    """
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=touch,
                                  is_mobile=touch)
    page = context.new_page()
    problems = []
    origin = urllib.parse.urlsplit(site_url).netloc

    def route(r):
        url = urllib.parse.urlsplit(r.request.url)
        if url.scheme in ("data", "blob", "about") or url.netloc == origin:
            r.continue_()
        else:
            problems.append(f"request to another host: {r.request.url}")
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: problems.append(f"console error: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None)
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    return page, problems
