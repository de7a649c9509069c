"""Problems carry the book's labels (``_config.yml``: ``sphinx: extensions``).

Each problem of the problem sets is an ``exercise-start`` box whose title
begins with the book's number, ``VII.<section>.<problem>``, and is
``:nonumber:`` (a running number across pages would be a second numbering
that the book does not have). This extension makes that number the label
everywhere a reader meets it:

* **the box title** reads "Problem VII.3.4 Derivatives of …" (sphinx-exercise
  would write "Exercise (VII.3.4 Derivatives of …)"), and the solution's title
  "Solution to Problem VII.3.4";
* **the page's contents** (the right-hand column) list the problems of the
  page, each under the section that holds it, in reading order;
* **search**: each problem is an index entry ``VII.3.4`` pointing at its box,
  so that searching "VII.3.4" returns that problem first (Sphinx ranks an
  exact index entry above titles and full text).

``lfd.check("VII.3.4", …)`` and the index of problems (``tools/problems.py``)
read the same number from the same title.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import exercise_node, solution_node

PROBLEM_ID = re.compile(r"^\s*(VII\.\d+\.\d+)\s+")
WORD = "Problem"


def _subtitle(title):
    """The children of a resolved title "Exercise (…)" between the parentheses, or None."""
    children = list(title.children)
    texts = [c.astext() if isinstance(c, nodes.Text) else None for c in children]
    try:
        start = texts.index(" (")
    except ValueError:
        return None
    if texts[-1] != ")":
        return None
    return children[start + 1:-1]


def _split_id(parts):
    """(problem id, the title's nodes without it) from a subtitle's nodes, or (None, parts)."""
    if not parts or not isinstance(parts[0], nodes.Text):
        return None, parts
    m = PROBLEM_ID.match(parts[0].astext())
    if not m:
        return None, parts
    rest = parts[0].astext()[m.end():]
    return m.group(1), ([nodes.Text(rest)] if rest else []) + list(parts[1:])


class ProblemTitles(SphinxPostTransform):
    """Box titles "Problem VII.n.k …", solution titles "Solution to Problem VII.n.k", index entries."""

    default_priority = 30  # after sphinx-exercise resolves its titles (20–22)

    def run(self):
        for box in self.document.findall(exercise_node):
            title = box.children[0] if box.children else None
            if not isinstance(title, nodes.title):
                continue
            problem, rest = _split_id(_subtitle(title) or [])
            if problem is None:
                continue
            box["lfd_problem"] = problem
            new = nodes.title()
            new += nodes.inline(text=f"{WORD} {problem}", classes=["lfd-problem-id"])
            if rest:
                new += nodes.Text(" ")
                new.extend(rest)
            box.children[0] = new
            new.parent = box
            if box["ids"]:
                box.insert(1, addnodes.index(entries=[("single", problem, box["ids"][0], "main", None)]))
        for sol in self.document.findall(solution_node):
            title = sol.children[0] if sol.children else None
            if not isinstance(title, nodes.title):
                continue
            for ref in title.findall(nodes.reference):
                problem, _ = _split_id(_subtitle(ref) or [])
                if problem is not None:
                    ref.children = []
                    ref += nodes.Text(f"{WORD} {problem}")
                    ref["lfd_problem"] = problem
                    ref.parent.insert(ref.parent.index(ref), nodes.Text(" "))


def _inline_html(parts):
    """A title's nodes as HTML for the page's contents: text escaped, math left to MathJax."""
    out = []
    for node in parts:
        if isinstance(node, nodes.math):
            out.append(f'<span class="math notranslate nohighlight">\\({html.escape(node.astext())}\\)</span>')
        else:
            out.append(html.escape(node.astext()))
    return "".join(out)


def _problems_by_section(doctree):
    """{section id: [("problem", id, anchor, html) or ("section", section id)] in reading order}."""
    out = {}

    def walk(node, owner):
        for child in node.children:
            if isinstance(child, nodes.section):
                out.setdefault(owner, []).append(("section", child["ids"][0]))
                walk(child, child["ids"][0])
            elif isinstance(child, exercise_node) and child.get("lfd_problem"):
                title = child.children[0]
                text = _inline_html(title.children[2:]) if len(title.children) > 2 else ""
                out.setdefault(owner, []).append(("problem", child["lfd_problem"], child["ids"][0], text))
            elif isinstance(child, nodes.Element):
                walk(child, owner)

    walk(doctree, None)
    return out


def _page_contents(app, pagename, templatename, context, doctree):
    """List the page's problems in its contents (the right-hand column)."""
    if doctree is None or "toc" not in context:
        return
    by_section = _problems_by_section(doctree)
    if not any(kind == "problem" for items in by_section.values() for kind, *_ in items):
        return
    soup = BeautifulSoup(context["toc"], "html.parser")

    def item_for(section_id, top):
        href = "#" if top else f"#{section_id}"
        a = soup.find("a", href=href)
        return a.find_parent("li") if a else None

    sections = [c for c in doctree.children if isinstance(c, nodes.section)]
    for section_id, items in by_section.items():
        if section_id is None or not any(kind == "problem" for kind, *_ in items):
            continue
        li = item_for(section_id, top=any(s["ids"][0] == section_id for s in sections))
        if li is None:
            continue
        old = li.find("ul", recursive=False)
        existing = {a["href"][1:]: a.find_parent("li") for a in (old.find_all("a") if old else [])}
        ul = soup.new_tag("ul")
        for kind, *rest in items:
            if kind == "section":
                child = existing.get(rest[0])
                if child is not None:
                    ul.append(child.extract())
                continue
            problem, anchor, text = rest
            entry = soup.new_tag("li", attrs={"class": "lfd-problem-entry"})
            a = soup.new_tag("a", attrs={"class": "reference internal", "href": f"#{anchor}"})
            a.append(BeautifulSoup(f'<span class="lfd-problem-id">{problem}</span> {text}', "html.parser"))
            entry.append(a)
            ul.append(entry)
        if old is not None:
            old.replace_with(ul)
        else:
            li.append(ul)
    context["toc"] = str(soup)


def setup(app):
    app.add_post_transform(ProblemTitles)
    # before the themes read the contents (they drop an empty one)
    app.connect("html-page-context", _page_contents, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
