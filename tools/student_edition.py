"""The student edition's sources: the book with every gated solution removed.

    python tools/student_edition.py SOURCE_DIR TARGET_DIR

(``make book-student`` runs it, then builds TARGET_DIR with Jupyter Book.)
"""

from __future__ import annotations

import copy
import json
import pathlib
import re
import sys

import yaml

# The gates of a solution in a notebook (sphinx-exercise's gated form).
SOLUTION_START, SOLUTION_END = re.compile(r"```\{solution-start\}"), re.compile(r"```\{solution-end\}")
# What is copied besides the configuration: the notebooks' folders, and the
# tooling that the index of problems (exercises/index.ipynb) imports.
FOLDERS = ("chapters", "exercises", "tools")


def gated(cells):
    """Each cell of a notebook with whether it lies inside a gated solution.

    The cells from the one holding ``{solution-start}`` to the one holding
    ``{solution-end}`` are inside. Raises ValueError for an unclosed, unopened
    or nested solution.
    """
    inside, opened_at = False, None
    for i, cell in enumerate(cells):
        text = "".join(cell["source"])
        if SOLUTION_START.search(text):
            if inside:
                raise ValueError(f"cell {i}: solution-start inside the solution opened at cell {opened_at}")
            inside, opened_at = True, i
        if SOLUTION_END.search(text) and not inside:
            raise ValueError(f"cell {i}: solution-end without solution-start")
        yield cell, inside
        if SOLUTION_END.search(text):
            inside = False
    if inside:
        raise ValueError(f"the solution opened at cell {opened_at} is never closed (solution-end)")


def strip_solutions(nb):
    """A copy of the notebook dict ``nb`` without its gated solutions, and without outputs.

    The student build executes the notebook again, so code cells lose their outputs.
    """
    cells = [copy.deepcopy(cell) for cell, inside in gated(nb["cells"]) if not inside]
    for cell in cells:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return {**nb, "cells": cells}


# What the full edition says about its solutions, and what the student
# edition says instead (whitespace and line breaks in the sources are free).
# A sentence that promises solutions and is not listed here is caught by
# tests/test_tools.py (promises_solutions) on the sources, and by
# tests/test_student_site.py on the built student edition.
STUDENT_TEXT = [
    ("worked solutions sit below each problem, folded on the website and left out entirely of the student build.",
     "this student edition leaves the worked solutions out (the full edition has them, folded under each "
     "problem)."),
    ("with starter code and worked solutions, are in", "with starter code, are in"),
    ("problems on these ideas, with worked solutions, are in", "problems on these ideas are in"),
    ("each with a starter cell and a worked solution backed by code.", "each with a starter cell."),
    ("Solutions are folded on the website; open one after trying.",
     "This student edition has no solutions; the full edition has them."),
    ("Each problem has a starter cell; the worked solution below it is folded on this site and left out of the "
     "student edition.",
     "Each problem has a starter cell; this student edition has no solutions (the full edition has them)."),
    ("with a starter cell under each and a worked solution that is executed code.", "with a starter cell under each."),
    ("Solutions are folded; open one after trying.",
     "This student edition has no solutions; the full edition has them."),
    ("Solutions are folded on the website.", "This student edition has no solutions; the full edition has them."),
    ("comes up in the solution of Problem 5.", "comes up in the solution of Problem 5 (in the full edition)."),
    ("the worked solution still checks it with code", "in the full edition, the worked solution checks it with code"),
]
# A sentence that speaks of solutions as present: worked solutions, folded
# solutions, "with solutions". In the student edition each such sentence must
# name the full edition.
PROMISE = re.compile(r"worked\s+solution|\bsolutions?\b.*\bfolded\b|\bfolded\b.*\bsolutions?\b"
                     r"|with\s+(?:\w+\s+)?solutions", re.IGNORECASE)


def _loose(sentence):
    """A pattern for ``sentence`` that allows any whitespace (a line break) between its words."""
    return re.compile(r"\s+".join(re.escape(word) for word in sentence.split()))


_STUDENT_TEXT = [(_loose(old), new) for old, new in STUDENT_TEXT]


def student_text(text):
    """``text`` with each sentence of STUDENT_TEXT replaced by the student edition's."""
    for pattern, new in _STUDENT_TEXT:
        text = pattern.sub(new, text)
    return text


def promises_solutions(text):
    """The sentences of ``text`` that speak of solutions as present without naming the full edition."""
    sentences = re.split(r"(?<=[.;:!?])\s+", " ".join(text.split()))
    return [s for s in sentences if PROMISE.search(s) and "full edition" not in s.lower()]


def student_notebook(nb):
    """The student edition of the notebook dict ``nb``: no solution, no output, its own words.

    ``strip_solutions``, then the markdown rewritten by ``student_text``.
    """
    stripped = strip_solutions(nb)
    for cell in stripped["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            new = student_text(source)
            if new != source:
                cell["source"] = new.splitlines(keepends=True)
    return stripped


def _write_if_changed(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)  # unchanged files keep their time stamps (fast rebuilds)


def student_sources(source, target):
    """Copy the book's sources to ``target`` with every solution removed.

    Notebooks lose their gated solutions and say so (``student_notebook``);
    ``_config.yml`` gains ``lfd_edition: student`` and ``hide_solutions: true`` (which also drops non-gated solution
    directives); paths into the source tree stay valid (static files,
    favicon, and the execution cache, which the two editions share); the
    BibTeX files named in ``bibtex_bibfiles`` are copied along. Files
    deleted from the sources disappear from ``target``.
    """
    source, target = pathlib.Path(source).resolve(), pathlib.Path(target).resolve()
    config = yaml.safe_load((source / "_config.yml").read_text())
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["hide_solutions"] = True
    sphinx_config["html_static_path"] = [str(source / p) for p in sphinx_config.get("html_static_path", [])]
    execute = config.setdefault("execute", {})
    if execute.get("cache"):  # share the execution cache: unchanged notebooks are not run again
        execute["cache"] = str(source / execute["cache"])
    sphinx_config["lfd_edition"] = "student"  # the footer (tools/lfd_site.py)
    config["title"] = config.get("title", "") + " (student edition)"
    if "favicon" in config.get("html", {}):
        config["html"]["favicon"] = str(source / config["html"]["favicon"])
    _write_if_changed(target / "_config.yml", yaml.safe_dump(config, sort_keys=False).encode())
    _write_if_changed(target / "_toc.yml", (source / "_toc.yml").read_bytes())
    bibfiles = config.get("bibtex_bibfiles") or []
    for name in [bibfiles] if isinstance(bibfiles, str) else bibfiles:  # paths relative to the book
        _write_if_changed(target / name, (source / name).read_bytes())

    def copied(path, root):
        parts = path.relative_to(root).parts
        return path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in parts)

    wanted = set()
    for folder in FOLDERS:
        for path in sorted((source / folder).rglob("*")):
            if not copied(path, source):
                continue
            rel = path.relative_to(source)
            wanted.add(rel)
            data = path.read_bytes()
            if path.suffix == ".ipynb":
                data = (json.dumps(student_notebook(json.loads(data)), indent=1, ensure_ascii=False) + "\n").encode()
            _write_if_changed(target / rel, data)
    for folder in FOLDERS:  # files deleted from the source
        for path in (target / folder).rglob("*") if (target / folder).exists() else []:
            if copied(path, target) and path.relative_to(target) not in wanted:
                path.unlink()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    student_sources(sys.argv[1], sys.argv[2])
