"""Check answers to the problem sets without revealing them.

Every problem with a numeric (or short text) answer has an entry in
``answers.json`` next to this file: a salted SHA-256 digest of the answer in
a normal form, never the answer itself. ``check`` puts the reader's answer in
the same normal form and compares digests.

Normal forms
------------
* integers (Python, NumPy, or floats that are whole numbers when the
  stored answer is an integer): the exact integer;
* real numbers: rounded to the number of significant digits stored with the
  problem (3 unless said otherwise), so that 0.8182 and 9/11 both match a
  stored 0.818;
* sequences and arrays: each entry as a real number, in order (exactly,
  for a sequence of integers);
* text: lower case, with runs of white space collapsed.

The problem sets (``exercises/``) end each worked solution with a call to
``check``, so running them proves that the stored digests match the
solutions; nbval then keeps it so.

Maintainers record an answer with::

    python -m lfd.exercises record VII.1.4 11
    python -m lfd.exercises record VII.4.2 0.8182 --sig 3

and build the student sources (solutions removed) with::

    python -m lfd.exercises student-sources SOURCE_DIR TARGET_DIR

The README ("Writing a chapter or a problem set") says how a problem set uses them.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import math
import numbers
import pathlib
import re
import sys

import numpy as np

ANSWERS = pathlib.Path(__file__).with_name("answers.json")
_SALT = "lfd/learning-from-data/part-VII"
DEFAULT_SIG = 3


# -- normal forms ----------------------------------------------------------------

def _kind(answer):
    if isinstance(answer, str):
        return "text"
    if isinstance(answer, (bool, np.bool_)):
        return "bool"
    if isinstance(answer, numbers.Integral):
        return "int"
    if isinstance(answer, numbers.Real):
        return "real"
    if isinstance(answer, (list, tuple, np.ndarray)):
        return "seq"
    try:  # sympy numbers and other exact types
        float(answer)
        return "real"
    except (TypeError, ValueError):
        raise TypeError(f"answer must be a number, a sequence of numbers or a string, got {type(answer).__name__}") from None


def _normal(answer, kind, sig, *, nudge=0.0):
    """The canonical text of ``answer`` read as ``kind``."""
    if kind == "text":
        if not isinstance(answer, str):
            raise TypeError(f"this problem expects a text answer, got {type(answer).__name__}")
        return "text:" + " ".join(answer.lower().split())
    if kind == "bool":
        if not isinstance(answer, (bool, np.bool_)):
            raise TypeError(f"this problem expects True or False, got {answer!r}")
        return f"bool:{bool(answer)}"
    if kind == "seq":
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__"):
            raise TypeError(f"this problem expects a sequence of numbers, got {type(answer).__name__}")
        items = np.asarray(answer, dtype=object).ravel()
        return f"seq{len(items)}:" + ",".join(_normal(item, "real", sig, nudge=nudge) for item in items)
    try:
        x = float(answer)
    except (TypeError, ValueError):
        raise TypeError(f"this problem expects a number, got {type(answer).__name__}") from None
    if not math.isfinite(x):
        raise ValueError(f"answer must be finite, got {x}")
    if kind == "int":
        if x != round(x):
            return f"real:{x!r}"  # cannot match an integer answer
        return f"int:{int(answer) if isinstance(answer, numbers.Integral) else int(round(x))}"
    x *= 1 + nudge
    if x == 0:
        return "real:0"
    return "real:" + format(float(f"{x:.{sig}g}"), f".{sig}g")


def _digest(problem_id, normal):
    return hashlib.sha256(f"{_SALT}|{problem_id}|{normal}".encode()).hexdigest()


def _load():
    if not ANSWERS.exists():
        return {}
    return json.loads(ANSWERS.read_text())


# -- public ----------------------------------------------------------------------

def check(problem_id, answer, *, quiet=False):
    """Say whether ``answer`` is right for ``problem_id``, without revealing it.

    Parameters
    ----------
    problem_id : str
        As printed with the problem, e.g. ``"VII.1.4"`` (Problem Set VII.1,
        problem 4).
    answer : int, float, sequence or str
        Your answer. Real numbers are compared to the stored number of
        significant digits.
    quiet : bool
        Return the verdict without printing.

    Returns
    -------
    bool

    Examples
    --------
    >>> check("demo.r42", 11)
    ✓ demo.r42: correct
    True
    >>> check("demo.r42", 12)
    ✗ demo.r42: not this one, try again
    False
    """
    answers = _load()
    if not isinstance(problem_id, str) or problem_id not in answers:
        near = sorted(k for k in answers if isinstance(problem_id, str) and k.split(".")[:2] == problem_id.split(".")[:2])
        hint = f"; known in this set: {', '.join(near)}" if near else ""
        raise ValueError(f"no stored answer for problem_id={problem_id!r}{hint}")
    entry = answers[problem_id]
    kind, sig = entry["kind"], entry.get("sig", DEFAULT_SIG)
    if kind == "int" and _kind(answer) == "seq":
        raise TypeError(f"{problem_id} expects a single integer, got a sequence")
    sig_ = sig or DEFAULT_SIG
    eps = 0.5 * 10.0 ** (-sig_)  # tolerate answers that sit on a rounding boundary
    candidates = {_normal(answer, kind, sig_, nudge=n) for n in (0.0, eps / 10, -eps / 10)}
    ok = any(_digest(problem_id, c) == entry["digest"] for c in candidates)
    if not quiet:
        print(f"✓ {problem_id}: correct" if ok else f"✗ {problem_id}: not this one, try again")
    return ok


def record(problem_id, answer, *, sig=None, path=None):
    """Store the digest of ``answer`` for ``problem_id`` (for maintainers).

    ``sig`` (significant digits) applies to real answers; integers and text
    are exact.
    """
    if not isinstance(problem_id, str) or not re.fullmatch(r"[A-Za-z0-9_.\-]+", problem_id):
        raise ValueError(f"problem_id must be letters, digits, '.', '-' or '_', got {problem_id!r}")
    kind = _kind(answer)
    if sig is not None and (not isinstance(sig, int) or sig < 1):
        raise ValueError(f"sig must be a positive integer, got {sig!r}")
    if sig is None and kind == "seq" and all(float(x).is_integer() for x in np.ravel(answer)):
        sig = 15  # a sequence of integers is compared exactly
    sig = sig or DEFAULT_SIG
    path = pathlib.Path(path or ANSWERS)
    answers = json.loads(path.read_text()) if path.exists() else {}
    answers[problem_id] = {"kind": kind, "sig": sig if kind in ("real", "seq") else None,
                           "digest": _digest(problem_id, _normal(answer, kind, sig))}
    path.write_text(json.dumps(dict(sorted(answers.items())), indent=1) + "\n")
    return answers[problem_id]


# -- student build -----------------------------------------------------------------

_START = re.compile(r"```\{solution-start\}")
_END = re.compile(r"```\{solution-end\}")


def strip_solutions(nb):
    """Remove every gated solution (solution-start … solution-end) from a notebook dict.

    The cells from the one holding ``{solution-start}`` to the one holding
    ``{solution-end}`` are dropped, and the outputs of the remaining cells
    too (the student build executes the notebook again). Raises
    ``ValueError`` for an unclosed or nested solution.
    """
    cells, inside, opened_at = [], False, None
    for i, cell in enumerate(copy.deepcopy(nb["cells"])):
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        starts, ends = bool(_START.search(text)), bool(_END.search(text))
        if starts:
            if inside:
                raise ValueError(f"cell {i}: solution-start inside the solution opened at cell {opened_at}")
            inside, opened_at = True, i
        if not inside:
            cells.append(cell)
        if ends:
            if not inside:
                raise ValueError(f"cell {i}: solution-end without solution-start")
            inside = False
    if inside:
        raise ValueError(f"the solution opened at cell {opened_at} is never closed (solution-end)")
    for cell in cells:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return {**nb, "cells": cells}



# -- the index of problems ---------------------------------------------------------

_EXERCISE = re.compile(r"^```\{exercise-start\}[ \t]*(.*)$", re.M)
_PROBLEM_ID = re.compile(r"VII\.(\d+)\.(\d+)")


def _literal(node):
    """Whether an expression is data written out: numbers, strings, lists, np.array([...])."""
    if isinstance(node, ast.Call) and not node.keywords and len(node.args) == 1 and \
            isinstance(node.func, ast.Attribute) and node.func.attr in ("array", "asarray"):
        node = node.args[0]
    if isinstance(node, ast.UnaryOp):
        node = node.operand
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_literal(e) for e in node.elts)
    return isinstance(node, ast.Constant)


def _runs_code(source):
    """Whether starter code computes something (beyond data, placeholders, print and check)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return True
    for stmt in tree.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and (stmt.value is None or _literal(stmt.value)):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
                getattr(stmt.value.func, "id", None) in ("print", "check"):
            continue
        if isinstance(stmt, ast.Pass):
            continue
        return True
    return False


def _option(text, name):
    m = re.search(rf"^:{name}:[ \t]*(.*)$", text, re.M)
    return m.group(1).strip() if m else ""


def problems(folder):
    """Every problem in the problem sets of ``folder``, in book order.

    Scans ``folder/*.ipynb`` for gated exercises (a markdown cell opening
    with an ``exercise-start`` fence) and returns one dict per problem:

    * ``id``: "VII.<section>.<problem>", taken from the title, else from the
      problem's text or starter code, else from the ``check("…")`` call of
      its solution; None if there is none;
    * ``section``: "VII.<section>" from the id, else from a notebook name
      such as ``02-problem-set-vii2.ipynb``, else "";
    * ``title``: the exercise title without the id (or, if empty, the first
      sentence of the problem);
    * ``label``: the ``:label:`` of the exercise (the target of {ref});
    * ``computational``: True when the problem's starter code (code cells
      inside its gates) computes something: anything beyond comments, data
      written out (``A = np.array([[1, 2], [3, 4]])``), placeholders
      (``answer = None``), ``print`` and ``check``. The exercise's
      ``:class:`` overrides this with ``computational`` or ``pen-and-paper``;
    * ``file``: the notebook's name.

    Sorted by section and problem number; within a section, problems
    without an id come after the others, in file order. Used by the index
    page exercises/index.ipynb, so the index stays right as problem sets are
    added.
    """
    folder = pathlib.Path(folder)
    rows = []
    for path in sorted(folder.glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        texts = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
        for i, (cell, text) in enumerate(zip(cells, texts)):
            m = _EXERCISE.search(text) if cell["cell_type"] == "markdown" else None
            if not m:
                continue
            title, label, klass = m.group(1).strip(), _option(text, "label"), _option(text, "class")
            body, code, j = [text[m.end():]], False, i + 1
            while j < len(cells) and "```{exercise-end}" not in texts[j - 1]:
                code |= cells[j]["cell_type"] == "code" and _runs_code(texts[j])
                body.append(texts[j])
                j += 1
            solution = []
            for k in range(j, len(cells)):
                if re.search(r"```\{solution-start\}[ \t]*" + re.escape(label) + r"\b", texts[k]) if label else False:
                    for t in texts[k:]:
                        solution.append(t)
                        if "```{solution-end}" in t:
                            break
                    break
            found = (_PROBLEM_ID.search(title) or _PROBLEM_ID.search("\n".join(body))
                     or re.search(r"check\(\s*[\"']" + _PROBLEM_ID.pattern, "\n".join(solution)))
            pid = found.group(0).removeprefix("check(").lstrip("\"' ") if found else None
            if pid and not pid.startswith("VII"):
                pid = _PROBLEM_ID.search(pid).group(0)
            topic = _PROBLEM_ID.sub("", title).strip(" :.-–—")
            if not topic:
                prose = re.sub(r"^:\w+:.*$|```.*$", "", "\n".join(body), flags=re.M).strip()
                topic = re.split(r"(?<=[.?!])\s", " ".join(prose.split()), maxsplit=1)[0]
            computational = ("computational" in klass.split() or
                             (code and "pen-and-paper" not in klass.split()))
            from_file = re.search(r"vii(\d+)", path.stem, re.I)
            section = (f"VII.{_PROBLEM_ID.search(pid).group(1)}" if pid else
                       f"VII.{from_file.group(1)}" if from_file else "")
            rows.append({"id": pid, "section": section, "title": topic, "label": label,
                         "computational": computational, "file": path.name})

    def order(item):
        position, row = item
        section = int(row["section"][4:]) if row["section"] else 10**6
        number = int(_PROBLEM_ID.search(row["id"]).group(2)) if row["id"] else 10**6
        return (section, number, position)

    return [row for _, row in sorted(enumerate(rows), key=order)]


def _write_if_changed(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)  # unchanged files keep their time stamps (fast rebuilds)


def student_sources(source, target):
    """Copy the book's sources to ``target`` with every solution removed.

    Notebooks lose their gated solutions; ``_config.yml`` gains
    ``hide_solutions: true`` (which also drops non-gated solution
    directives); paths that point into the source tree are kept valid
    (static files, favicon, and the execution cache, which the two
    editions share), and the BibTeX files named in ``bibtex_bibfiles``
    are copied along.
    """
    import yaml

    source, target = pathlib.Path(source).resolve(), pathlib.Path(target).resolve()
    config = yaml.safe_load((source / "_config.yml").read_text())
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["hide_solutions"] = True
    sphinx_config["html_static_path"] = [str(source / p) for p in sphinx_config.get("html_static_path", [])]
    execute = config.setdefault("execute", {})
    if execute.get("cache"):  # share the execution cache: unchanged notebooks are not run again
        execute["cache"] = str(source / execute["cache"])
    config["title"] = config.get("title", "") + " (student edition)"
    if "favicon" in config.get("html", {}):
        config["html"]["favicon"] = str(source / config["html"]["favicon"])
    _write_if_changed(target / "_config.yml", yaml.safe_dump(config, sort_keys=False).encode())
    _write_if_changed(target / "_toc.yml", (source / "_toc.yml").read_bytes())
    bibfiles = config.get("bibtex_bibfiles") or []
    for name in [bibfiles] if isinstance(bibfiles, str) else bibfiles:  # paths relative to the book
        _write_if_changed(target / name, (source / name).read_bytes())
    wanted = set()
    for folder in ("chapters", "exercises"):
        for path in sorted((source / folder).rglob("*")):
            if not path.is_file() or any(part.startswith(".") for part in path.relative_to(source).parts):
                continue
            rel = path.relative_to(source)
            wanted.add(rel)
            data = path.read_bytes()
            if path.suffix == ".ipynb":
                data = (json.dumps(strip_solutions(json.loads(data)), indent=1, ensure_ascii=False) + "\n").encode()
            _write_if_changed(target / rel, data)
    for folder in ("chapters", "exercises"):  # files deleted from the source
        for path in (target / folder).rglob("*") if (target / folder).exists() else []:
            if path.is_file() and path.relative_to(target) not in wanted and ".ipynb_checkpoints" not in path.parts:
                path.unlink()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lfd.exercises", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="store the digest of a problem's answer")
    rec.add_argument("problem_id")
    rec.add_argument("answer", nargs="+", help="a number, several numbers (a sequence) or text")
    rec.add_argument("--sig", type=int, default=None, help="significant digits for real answers")
    rec.add_argument("--text", action="store_true", help="the answer is text, not numbers")
    stu = sub.add_parser("student-sources", help="copy the sources with solutions removed")
    stu.add_argument("source")
    stu.add_argument("target")
    args = parser.parse_args(argv)
    if args.command == "record":
        if args.text:
            answer = " ".join(args.answer)
        else:
            numbers_ = [int(a) if re.fullmatch(r"[+-]?\d+", a) else float(a) for a in args.answer]
            answer = numbers_[0] if len(numbers_) == 1 else numbers_
        entry = record(args.problem_id, answer, sig=args.sig)
        print(f"recorded {args.problem_id} ({entry['kind']})")
    else:
        student_sources(args.source, args.target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
