"""The book's build time, split where it goes: install, execution per notebook, frames, Sphinx.

``make`` records the wall time of each install and build step in
``_build/timings/<step>`` (``tools/timed.sh``); the executed notebooks that
the build leaves in its stage folder carry each cell's start and end, so the
execution of every notebook, and within it the cells that render a static
demo's frames, can be read back. What remains of a build's time is Sphinx
(reading, writing the pages) and the copying around it. Run after a build
that executed every notebook (a fresh clone's first ``make book``) for an
honest split; after a cached build the execution times are those of the run
that filled the cache.

Targets (issue 13), from a fresh clone on a 2-core machine: ``make book`` at
most 6 minutes, ``make test`` after it at most 10 minutes.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
TIMINGS = ROOT / "_build" / "timings"
STAGE = pathlib.Path(os.environ.get("LFD_STAGE", ROOT / "_build" / "stage"))
TARGETS = {"book": "<= 6 min (fresh clone, with install)", "test": "<= 10 min after make book"}


def _stamp(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def execution(path):
    """(seconds of all cells, seconds of the cells whose output is a static demo) of one
    executed notebook, from the start and end times nbclient writes in each cell."""
    total = frames = 0.0
    for cell in json.loads(path.read_text())["cells"]:
        stamps = cell.get("metadata", {}).get("execution", {})
        if "iopub.status.busy" not in stamps or "iopub.status.idle" not in stamps:
            continue
        seconds = (_stamp(stamps["iopub.status.idle"]) - _stamp(stamps["iopub.status.busy"])).total_seconds()
        total += seconds
        if any("lfd-demo" in "".join(o.get("data", {}).get("text/html", "")) for o in cell.get("outputs", [])):
            frames += seconds
    return total, frames


def run(table):
    steps = {p.name: float(p.read_text()) for p in sorted(TIMINGS.glob("*"))} if TIMINGS.is_dir() else {}
    if not steps:
        table.skip("build time", "make book", "no timings recorded: run make book (or make test)")
    for step, seconds in steps.items():
        table.measure("build step (wall time)", step, seconds, target=TARGETS.get(step, ""))
    executed = sorted((STAGE / "_build" / "jupyter_execute").rglob("*.ipynb"))
    if not executed:
        table.skip("build time", "notebooks", f"no executed notebooks in {STAGE}: run make book")
        return
    all_cells = all_frames = 0.0
    for path in executed:
        total, frames = execution(path)
        all_cells, all_frames = all_cells + total, all_frames + frames
        name = str(path.relative_to(STAGE / "_build" / "jupyter_execute"))
        table.measure("notebook execution", name, total, note=f"of which static frames {frames:.1f} s")
    table.measure("notebook execution, all", f"{len(executed)} notebooks", all_cells,
                  note=f"of which static frames {all_frames:.1f} s")
    if "book-build" in steps:
        rest = steps["book-build"] - all_cells
        table.measure("Sphinx and the rest", "book-build minus execution", max(rest, 0.0),
                      note="execution cached in this build" if rest > steps["book-build"] * 0.95 else "")
