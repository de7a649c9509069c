"""Demos: live redraw, static frames, and page weight.

Every demo in every chapter and exercise notebook is found by running the
notebook's code cells (a demo is the value of a cell's last expression), so
new demos are benchmarked without being listed here.

Targets (issue 13): median live redraw at most 60 ms for every demo, at most
30 ms for a simple one (one axes); static frames at most 60 ms each, and all
the frames of the book in at most 60 s; a page with one static demo under
3 MB. A demo that draws only what moves (``demo(..., setup=...)``) is marked
"blit".
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


def redraw_times(demo):
    """Times (s) from a control's move to the new frame in the live form: every position of
    every control, twice over, the first move of each control left out (a warm-up)."""
    box = demo.live()
    times = []
    for control in box.children[: len(demo.controls)]:
        # SelectionSlider options are (label, value) pairs; Dropdown options are the values
        values = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in control.options]
        start_value = control.value
        for k, value in enumerate(values * 2):
            start = time.perf_counter()
            control.value = value  # observers run synchronously: draw, encode, set the image
            if k:
                times.append(time.perf_counter() - start)
        control.value = start_value
    return times


def _spread(times):
    q = statistics.quantiles(times, n=10)
    return f"p10-p90 {1e3 * q[0]:.0f}-{1e3 * q[-1]:.0f} ms over {len(times)} moves"


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
    all_frames = frames_time = 0
    for nb in notebooks:
        for i, demo in enumerate(demos_in_notebook(nb), 1):
            times = redraw_times(demo)
            frames = 1
            for n in demo.shape:
                frames *= n
            start = time.perf_counter()
            html = demo.static_html()
            elapsed = time.perf_counter() - start
            simple = len(demo._draw({})[0].axes) == 1
            kind = ("blit" if demo.setup else "whole") + (", simple" if simple else "")
            name = f"{nb.stem} #{i} ({kind})"
            table.measure("demo live redraw (median)", name, statistics.median(times),
                          target="<= 30 ms" if simple else "<= 60 ms", note=_spread(times))
            table.measure("demo static frame", name, elapsed / frames, target="<= 60 ms",
                          note=f"{frames} frames in {elapsed:.1f} s")
            table.measure("demo static HTML size", name, len(html) / 1e6, unit="MB")
            all_frames, frames_time = all_frames + frames, frames_time + elapsed
    table.measure("demo static frames, whole book", f"{all_frames} frames", frames_time, target="<= 60 s")
    landing = "chapters/00-introduction.html"
    if not (SITE / landing).is_file():
        table.skip("page weight", landing, "no built site: run make book")
        return
    raw, compressed, html_only = page_weight(landing)
    table.measure("page weight, all files, gzip", landing, compressed / 1e6, unit="MB", target="< 3 MB")
    table.measure("page weight, all files, raw", landing, raw / 1e6, unit="MB", note="theme + MathJax + page")
    table.measure("page weight, HTML alone, raw", landing, html_only / 1e6, unit="MB", note="demo frames inline")
