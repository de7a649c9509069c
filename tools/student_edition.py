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


def _write_if_changed(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)  # unchanged files keep their time stamps (fast rebuilds)


def student_sources(source, target):
    """Copy the book's sources to ``target`` with every solution removed.

    Notebooks lose their gated solutions; ``_config.yml`` gains
    ``hide_solutions: true`` (which also drops non-gated solution
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
                data = (json.dumps(strip_solutions(json.loads(data)), indent=1, ensure_ascii=False) + "\n").encode()
            _write_if_changed(target / rel, data)
    for folder in FOLDERS:  # files deleted from the source
        for path in (target / folder).rglob("*") if (target / folder).exists() else []:
            if copied(path, target) and path.relative_to(target) not in wanted:
                path.unlink()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    student_sources(sys.argv[1], sys.argv[2])
