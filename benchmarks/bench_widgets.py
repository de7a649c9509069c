"""Demos: live redraw latency, static precompute time, and page weight.

Every demo in every chapter and exercise notebook is found by running the
notebook's code cells (a demo is the value of a cell's last expression), so
new demos are benchmarked without being listed here.

Targets (issue: the pipeline): median live redraw under 100 ms; a page with
one static demo under 3 MB.
"""

from __future__ import annotations

import ast
import json
import os
import pathlib
import statistics
import time

from harness import median_time  # noqa: F401  (same clock discipline as the others)

ROOT = pathlib.Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


def demos_in_notebook(path):
    """Run a notebook's code cells in one namespace; return the demos they display."""
    from lfd.widgets import Demo

    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    namespace, found = {"__name__": "__bench__", "display": lambda *a, **k: None}, []
    cwd = os.getcwd()
    os.chdir(path.parent)  # notebooks run in their own folder
    try:
        for cell in cells:
            tree = ast.parse("".join(cell["source"]))
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, str(path), "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), str(path), "eval"), namespace)
                if isinstance(value, Demo):
                    found.append(value)
    finally:
        os.chdir(cwd)
    return found


def redraw_latency(demo):
    """Median time from a slider move to the new frame in the live form, over every position."""
    box = demo.live()
    control = box.children[0]
    # SelectionSlider options are (label, value) pairs; Dropdown options are the values
    values = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in control.options]
    times = []
    for value in values * 2:
        start = time.perf_counter()
        control.value = value  # observers run synchronously: draw, encode PNG, set the image
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def page_weight(path):
    """Bytes Chromium downloads to show one page: raw, gzip-compressed, and the HTML alone.

    Python's test server sends files uncompressed; static hosts compress
    text, so the gzip figure is what a reader actually downloads.
    """
    import functools
    import gzip
    import http.server
    import shutil
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bodies = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("LFD_CHROMIUM") or shutil.which("chromium"),
                args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page()
            page.on("response", lambda r: bodies.append(r.body()) if r.ok else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}", wait_until="networkidle")
            browser.close()
    finally:
        server.shutdown()
    raw = sum(len(b) for b in bodies)
    compressed = sum(len(gzip.compress(b, 6)) for b in bodies)
    return raw, compressed, (SITE / path).stat().st_size


def run(table):
    notebooks = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))
    for nb in notebooks:
        for i, demo in enumerate(demos_in_notebook(nb), 1):
            name = f"{nb.stem} #{i}"
            table.measure("demo live redraw (median)", name, redraw_latency(demo), target="< 100 ms")
            start = time.perf_counter()
            html = demo.static_html()
            elapsed = time.perf_counter() - start
            frames = 1
            for n in demo.shape:
                frames *= n
            table.measure("demo static precompute", name, elapsed, note=f"{frames} frames")
            table.measure("demo static HTML size", name, len(html) / 1e6, unit="MB")
    landing = "chapters/00-introduction.html"
    if not (SITE / landing).is_file():
        table.skip("page weight", landing, "no built site: run make book")
        return
    raw, compressed, html_only = page_weight(landing)
    table.measure("page weight, all files, gzip", landing, compressed / 1e6, unit="MB", target="< 3 MB")
    table.measure("page weight, all files, raw", landing, raw / 1e6, unit="MB", note="theme + MathJax + page")
    table.measure("page weight, HTML alone, raw", landing, html_only / 1e6, unit="MB", note="demo frames inline")
