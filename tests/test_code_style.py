"""The notebooks' code fits the page and keeps the reading path clear.

* **Formatted to the column.** ``ruff format`` (line length 79, in
  ``pyproject.toml``) leaves every notebook unchanged, and no code line is
  longer than 79 characters: the page's column holds 85 characters of code at
  1366 px and 77 at 1280 px.
* **Outputs that fit.** No line of printed output is longer than the 85
  characters the column holds at 1366 px, so that no table hides its last
  columns behind a scroll bar.
* **Figures first, drawing code folded.** A code cell whose output is a figure
  or a demo, or that defines a draw function, either keeps its drawing code short (at most ``SHORT`` lines, read
  in passing) or is tagged ``hide-input``, so that the website shows the
  figure with a "Show code cell source" toggle instead of a screenful of
  ``ax.set(...)`` between the text and the picture. The computation a figure
  shows stays in its own cell, above, in full view.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest
from conftest import ROOT

LIMIT = 79
COLUMN = 85  # characters of code or output that the page's column shows at 1366 px
SHORT = 8  # lines of drawing code that may stay in view
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))

# Names whose use makes a statement drawing code.
DRAWING_NAMES = {"plt", "fig", "ax", "axes", "ax2", "pc", "demo", "draw_graph", "cax", "colorbar"}


def source(cell):
    return "".join(cell["source"])


def shows_figure(cell):
    """Whether a code cell's saved output is a figure (PNG) or a demo."""
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "image/png" in data or "lfd-demo" in "".join(data.get("text/html", "")):
            return True
    return False


def is_drawing(stmt):
    """Whether a top-level statement draws: it uses matplotlib's objects or defines a draw function."""
    if isinstance(stmt, (ast.FunctionDef,)) and (stmt.name.startswith(("draw", "show", "plot"))):
        return True
    names = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)}
    return bool(names & DRAWING_NAMES) or any(n.startswith(("draw_", "plot_", "axes")) for n in names)


def defines_drawing(text):
    """Whether a cell defines a function that draws (the draw function of a demo, say)."""
    try:
        return any(isinstance(s, ast.FunctionDef) and is_drawing(s) for s in ast.parse(text).body)
    except SyntaxError:
        return False


def drawing_lines(text):
    """How many source lines the drawing statements of a cell take (comments included)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return 0
    lines = text.splitlines()
    count, previous_end = 0, 0
    for stmt in tree.body:
        start = stmt.lineno
        while start - 1 > previous_end and lines[start - 2].lstrip().startswith("#"):
            start -= 1  # comments right above a statement belong to it
        if is_drawing(stmt):
            count += stmt.end_lineno - start + 1
        previous_end = stmt.end_lineno
    return count


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_code_fits_the_column(path):
    long = [f"cell {i}: {line!r}" for i, cell in enumerate(json.loads(path.read_text())["cells"])
            if cell["cell_type"] == "code" for line in source(cell).splitlines() if len(line) > LIMIT]
    assert not long, f"{len(long)} code lines longer than {LIMIT} characters: {long[:5]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_outputs_fit_the_column(path):
    wide = []
    for i, cell in enumerate(json.loads(path.read_text())["cells"]):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if {"text/html", "image/png", "application/vnd.jupyter.widget-view+json"} & set(data):
                continue  # a figure or a demo: its width is the image's
            text = "".join(out.get("text", "") or data.get("text/plain", ""))
            wide += [f"cell {i}: {line[:60]!r}… ({len(line)})" for line in text.splitlines()
                     if len(line) > COLUMN]
    assert not wide, f"output lines wider than the column: {wide[:5]}"


def test_ruff_format_leaves_the_notebooks_unchanged():
    result = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", "chapters", "exercises"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "run `ruff format chapters exercises`:\n" + result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_long_drawing_code_is_folded(path):
    unfolded = []
    for i, cell in enumerate(json.loads(path.read_text())["cells"]):
        if cell["cell_type"] != "code" or not (shows_figure(cell) or defines_drawing(source(cell))):
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if any(t in tags for t in ("hide-input", "remove-input", "remove-cell")):
            continue
        if (n := drawing_lines(source(cell))) > SHORT:
            unfolded.append(f"cell {i} ({n} lines of drawing code)")
    assert not unfolded, f"figure cells whose drawing code is in view: {unfolded}"


def test_the_classifier():
    text = "x = f(1)\n# draw it\nfig, ax = plt.subplots()\nax.plot(x)\nplt.show()\nprint(x)\n"
    assert drawing_lines(text) == 4
    assert drawing_lines("def draw_fold(fig, a):\n    return 1\n") == 2
    assert drawing_lines("y = np.sum(x)\n") == 0
