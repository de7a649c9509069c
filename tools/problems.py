"""The index of problems (exercises/index.ipynb): every gated exercise of the problem sets.

    python tools/problems.py [FOLDER]     prints the rows for FOLDER (default exercises/)
"""

from __future__ import annotations

import ast
import json
import pathlib
import re
import sys

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
    """Every problem in the problem sets ``folder/*.ipynb``, in book order.

    One dict per gated exercise (a markdown cell opening with an
    ``exercise-start`` fence):

    * ``id``: "VII.<section>.<problem>", from the title, else the problem's
      text or starter code, else the ``check("…")`` call of its solution; or None;
    * ``section``: "VII.<section>" from the id, else from a notebook name such
      as ``02-problem-set-vii2.ipynb``, else "";
    * ``title``: the title without the id (if empty, the problem's first sentence);
    * ``label``: the exercise's ``:label:``;
    * ``computational``: whether its starter code computes something beyond
      comments, data written out, placeholders, ``print`` and ``check``; the
      ``:class:`` ``computational`` or ``pen-and-paper`` overrides it;
    * ``file``: the notebook's name.

    Sorted by section and problem number; problems without an id come last
    in their section, in file order.
    """
    folder = pathlib.Path(folder)
    rows = []
    for path in sorted(folder.glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        texts = ["".join(c["source"]) for c in cells]
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


if __name__ == "__main__":
    for row in problems(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1] / "exercises"):
        print(row)
