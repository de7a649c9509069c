"""The saved notebooks keep the promises that make them true on every machine.

nbval compares each saved text output with a fresh run. That comparison is
only worth something if outputs are not hidden from it, and if the numbers
that the prose quotes come from the computation. These tests read the
committed notebooks (no execution):

- the cells whose output nbval ignores stay few, and no sanitizer blanks digits;
- every ``{glue:text}`` role in the prose has its ``glue(...)`` call earlier in
  the same notebook, on the same side of a solution's gates (the student
  edition removes solutions, and must still find every key it shows);
- a glued value is stored at the precision the prose prints, never as a
  full-precision float, whose last digits differ between BLAS kernels;
- a hidden cell (tag ``remove-cell``) prints nothing: its job is to glue and
  to assert.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from conftest import ROOT, gated, sanitizers

NOTEBOOKS = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])
IDS = [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS]

# Cells whose text output nbval does not compare (widget views and the live
# Playground, whose model ids are random). The number may fall, never rise.
MAX_IGNORED = 14

GLUE_CALL = re.compile(r"""\bglue\(\s*["']([A-Za-z0-9_\-]+)["']""")
GLUE_ROLE = re.compile(r"\{glue(?::text|:md|:any)?\}`(?:[^`:]*::)?([A-Za-z0-9_\-]+)(?::[^`]*)?`")
RECORD = "application/papermill.record/text/plain"


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"])


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def test_few_outputs_are_hidden_from_nbval():
    ignored = [(p.name, i) for p in NOTEBOOKS for i, c in enumerate(cells(p))
               if c["cell_type"] == "code" and "nbval-ignore-output" in tags(c)]
    assert len(ignored) <= MAX_IGNORED, f"{len(ignored)} cells ignored by nbval (at most {MAX_IGNORED}): {ignored}"


def test_the_sanitizer_blanks_no_digits():
    """Only memory addresses and temporary paths are replaced before comparing."""
    assert set(sanitizers()) == {"memory addresses", "temporary paths"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_glue_role_has_its_key(path):
    glued = {False: set(), True: set()}
    problems = []
    for i, (cell, inside) in enumerate(gated(cells(path))):
        text = source(cell)
        if cell["cell_type"] == "code":
            # keys named in the code, and keys the saved outputs record (f-string names)
            glued[inside].update(GLUE_CALL.findall(text))
            glued[inside].update(out.get("metadata", {}).get("scrapbook", {}).get("name", "")
                                 for out in cell.get("outputs", []))
        else:
            for key in GLUE_ROLE.findall(text):
                # outside a solution, the key must be glued outside one too
                known = glued[False] | (glued[True] if inside else set())
                if key not in known:
                    where = "glued only inside a solution" if key in glued[True] else "never glued before"
                    problems.append(f"cell {i}: {{glue}} key {key!r} {where}")
    assert not problems, "\n".join(problems)


def _too_precise(text):
    """Whether a stored glue record is a float printed with more digits than any prose needs."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return False
    if isinstance(value, float):
        return len(re.sub(r"[^0-9]", "", repr(value)).lstrip("0")) > 6
    return False


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_glued_values_are_stored_at_printed_precision(path):
    bad = []
    for i, cell in enumerate(cells(path)):
        for out in cell.get("outputs", []):
            text = "".join(out.get("data", {}).get(RECORD, ""))
            if text and _too_precise(text):
                bad.append(f"cell {i}: glued {text} (glue a string formatted at the printed precision)")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_hidden_cells_print_nothing(path):
    noisy = []
    for i, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code" and "remove-cell" in tags(cell):
            for out in cell.get("outputs", []):
                if out["output_type"] == "stream" or "text/plain" in out.get("data", {}):
                    noisy.append(i)
    assert not noisy, f"cells tagged remove-cell that print (their output is never seen): {noisy}"


def census():
    """Counts for the record: glue keys, hidden assertion cells, ignored cells, code cells."""
    rows = {}
    for path in NOTEBOOKS:
        code = [c for c in cells(path) if c["cell_type"] == "code"]
        rows[path.relative_to(ROOT).as_posix()] = dict(
            code=len(code),
            glue=len({k for c in code for k in GLUE_CALL.findall(source(c))}
                     | {o.get("metadata", {}).get("scrapbook", {}).get("name") for c in code
                        for o in c.get("outputs", [])} - {None}),
            asserts=sum("remove-cell" in tags(c) and "assert" in source(c) for c in code),
            ignored=sum("nbval-ignore-output" in tags(c) for c in code),
        )
    return rows


if __name__ == "__main__":  # python tests/test_notebooks.py prints the census
    total = dict(code=0, glue=0, asserts=0, ignored=0)
    for name, row in census().items():
        print(f"{name:45s} " + "  ".join(f"{k} {v:3d}" for k, v in row.items()))
        for k in total:
            total[k] += row[k]
    print(f"{'all notebooks':45s} " + "  ".join(f"{k} {v:3d}" for k, v in total.items()))
