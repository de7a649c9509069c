"""No output outside a solution gives away an answer that ``check`` accepts.

Every number that a code cell prints outside the gated solutions (text
outputs and streams) is tried as an answer: in the notebooks as saved (the
full edition's outputs, which nbval keeps equal to a fresh run) and in the
student edition's executed notebooks when that edition is built. A number is
tried alone for a problem whose answer is one number, and every run of
consecutive numbers of one output is tried for a problem whose answer is a
sequence.

* **Its own problem.** No output of a problem's own cells (from its box to
  its solution) is accepted by ``check`` for that problem: a starter cell may
  show data and intermediate results, never the answer.
* **Any other problem.** No output anywhere outside solutions, in the
  chapters or the problem sets, is accepted for any problem, except that
  answers a student would find by trying a few small numbers (an integer from
  −20 to 20, or a tenth of one, such as 4 or 0.5) are tried only against
  their own problem's cells: such numbers are printed everywhere for other
  reasons, and hiding them would not hide the answer.

A few numbers that the chapters print for their own reasons equal a distinctive
answer by coincidence; ``COINCIDENCES`` lists each one with what the chapter's
number is, and the test fails when a listed coincidence is no longer there (so
the list stays true) or when a new one appears (so someone looks at it).
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from conftest import ROOT, STUDENT_STAGE, gated

from lfd.exercises import ANSWERS, DEFAULT_SIG, _digest, _normal, _nudges, _seq_normal
from lfd.exercises import _accepts as accepts

# Numbers as Python and numpy print them (a Unicode minus too), not digits inside names such as x2 or VII.1.
NUMBER = re.compile(r"(?<![\w.])[-−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")
PROBLEM_ID = re.compile(r"VII\.\d+\.\d+")
EXERCISE_START = re.compile(r"```\{exercise-start\}[ \t]*(VII\.\d+\.\d+)?")
# The longest run of printed numbers tried as a sequence answer (the longest answer has 16 numbers).
LONGEST = 32
# (problem, printed value): what the chapters' number is, and why it gives nothing away.
COINCIDENCES = {
    ("VII.2.5", "256"): "layer widths, image sizes and the 2^8 pieces of a sawtooth; the answer is the norm "
                        "of a matrix built from sample points",
    ("VII.1.6", "1024"): "the 2^10 pieces of a tent map composed ten times (chapter 01); the problem asks "
                         "for the count of 10 folds in 12 dimensions, from the binomial theorem",
    ("VII.1.18", "21"): "a count of 21 weights, r(20, 1) = 21 in a table of one-layer bounds, an entry of "
                        "an array",
    ("VII.5.9", "66"): "a neuron count in a table of layer sizes, and an accuracy of 66 %",
    ("VII.1.8", "[4.0, 4.0, 4.0]"): "three printed fours in a row (gradients, sizes); the problem's "
                                    "three counts are pieces of three different functions",
}
GUESSES = [k for k in range(-20, 21)] + [k / 10 for k in range(-200, 201)]


def _numbers(text):
    text = PROBLEM_ID.sub(" ", text)  # problem numbers are labels, not values
    return [float(m.group().replace("−", "-")) for m in NUMBER.finditer(text)]


def _outputs(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield "".join(out.get("text", ""))
        elif "text/plain" in out.get("data", {}):
            yield "".join(out["data"]["text/plain"])


def printed_outside_solutions(notebooks):
    """[(where, problem of the cell or None, [numbers of one output])], outside gated solutions."""
    found = []
    for path in notebooks:
        cells = json.loads(path.read_text())["cells"]
        problem = None
        for i, (cell, inside) in enumerate(gated(cells)):
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and (m := EXERCISE_START.search(text)):
                problem = m.group(1)
            if inside:
                problem = None  # what follows a solution belongs to no problem until the next box
                continue
            if cell["cell_type"] != "code":
                continue
            for out in _outputs(cell):
                if numbers := _numbers(out):
                    found.append((f"{path.parent.name}/{path.name} cell {i}", problem, numbers))
    return found


def _answers():
    return {k: v for k, v in json.loads(ANSWERS.read_text()).items() if k.startswith("VII.")}


def guessable(problem, entry):
    """Whether a few small numbers (−20…20 and their tenths) include the answer."""
    if entry["kind"] == "int":
        return any(accepts(problem, entry, k) for k in range(-20, 21))
    return entry["kind"] == "real" and any(accepts(problem, entry, x) for x in GUESSES)


def _sequence_digests(problem, entry, numbers):
    """The digest of every run of 2…LONGEST consecutive ``numbers`` (with check's nudges)."""
    sig = entry["sig"] or DEFAULT_SIG
    for nudge in _nudges(sig):
        parts = [_normal(x, "real", sig, nudge) for x in numbers]
        for i in range(len(parts)):
            for j in range(i + 2, min(i + LONGEST, len(parts)) + 1):
                yield j - i, i, _digest(problem, _seq_normal(parts[i:j]))


def leaks(found, answers=None):
    """Every output that prints what ``check`` accepts, against the rules of the module."""
    answers = _answers() if answers is None else answers
    cross = {p for p, e in answers.items() if not guessable(p, e)}
    out = []
    for where, owner, numbers in found:
        for problem, entry in answers.items():
            if problem != owner and problem not in cross:
                continue
            if entry["kind"] in ("int", "real"):
                for x in sorted(set(numbers)):
                    if entry["kind"] == "int" and x != round(x):
                        continue
                    if accepts(problem, entry, int(x) if entry["kind"] == "int" else x):
                        out.append(f"{where} prints {x:g}, which check accepts for {problem}")
            elif entry["kind"] == "seq":
                for n, i, digest in _sequence_digests(problem, entry, numbers):
                    if digest == entry["digest"]:
                        out.append(f"{where} prints {numbers[i:i + n]}, which check accepts for {problem}")
    return sorted(set(out))


def notebooks():
    return sorted((ROOT / "exercises").glob("*.ipynb")) + sorted((ROOT / "chapters").glob("*.ipynb"))


def _coincidence(line):
    """The key of COINCIDENCES that a leak found in a chapter is, or None."""
    m = re.match(r"chapters/\S+ cell \d+ prints (.+), which check accepts for (\S+)$", line)
    return (m.group(2), m.group(1)) if m and (m.group(2), m.group(1)) in COINCIDENCES else None


def test_no_saved_output_outside_solutions_is_an_answer():
    found = printed_outside_solutions(notebooks())
    assert sum(1 for _, owner, _ in found if owner) >= 10, "the scan found too few starter outputs"
    lines = leaks(found)
    assert not [line for line in lines if not _coincidence(line)]
    stale = set(COINCIDENCES) - {_coincidence(line) for line in lines}
    assert not stale, f"listed coincidences no longer printed (remove them): {sorted(stale)}"


@pytest.mark.skipif(not (STUDENT_STAGE / "_build" / "jupyter_execute").is_dir(),
                    reason="the student edition is not built (make book-student)")
def test_no_output_of_the_student_edition_is_an_answer():
    executed = sorted((STUDENT_STAGE / "_build" / "jupyter_execute").rglob("*.ipynb"))
    assert executed, "the student edition's build left no executed notebooks"
    assert not [line for line in leaks(printed_outside_solutions(executed)) if not _coincidence(line)]


def _entry(problem, answer, sig=3):
    kind = "seq" if isinstance(answer, list) else "int" if isinstance(answer, int) else "real"
    normal = _normal(answer, kind, sig)
    return {"kind": kind, "sig": sig if kind != "int" else None,
            "digest": hashlib.sha256(f"lfd/learning-from-data/part-VII|{problem}|{normal}".encode()).hexdigest()}


def test_the_scan_catches_what_it_should_and_only_that():
    answers = {"VII.9.1": _entry("VII.9.1", 4), "VII.9.2": _entry("VII.9.2", 123.456),
               "VII.9.3": _entry("VII.9.3", [1.5, -2.0, 3.25])}
    assert _digest("VII.9.1", _normal(4, "int", 3)) == answers["VII.9.1"]["digest"]
    assert guessable("VII.9.1", answers["VII.9.1"]) and not guessable("VII.9.2", answers["VII.9.2"])
    outputs = [("own", "VII.9.1", _numbers("pieces = 4")),           # its own answer: caught
               ("other", "VII.9.2", _numbers("pieces = 4")),         # a small number elsewhere: allowed
               ("real", None, _numbers("F = 123.4562")),             # a distinctive answer: caught anywhere
               ("seq", None, _numbers("[ 0.   1.5  -2.  3.25 9.]")),  # a run inside an array: caught
               ("label", "VII.9.1", _numbers("check('VII.9.1', ...)"))]  # labels are not values
    found = leaks(outputs, answers)
    assert [line.split()[0] for line in found] == ["own", "real", "seq"], found
    assert _numbers("x2 = −0.5e-3, [1. 2.]") == [-0.0005, 1.0, 2.0]
