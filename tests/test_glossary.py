"""The book's apparatus: the glossary is used, and every citation resolves.

Rules checked here (the glossary is chapters/glossary.md, the chapters are
the numbered notebooks chapters/NN-*.ipynb):

* the glossary has at least 80 entries (an entry may have several names,
  e.g. "ReLU" and "rectified linear unit");
* every entry is linked with ``{term}`` from at least one chapter;
* **first use is linked**: in each chapter, scanning its markdown cells in
  order, the first place where an entry appears must be a ``{term}`` link to
  that entry. "Appears" means one of the entry's names as a whole phrase,
  case-insensitive (case-sensitive for names with two or more capitals,
  such as CNN or ResNet), with spaces and hyphens interchangeable and an
  optional plural ending (-s, -es; -ix becoming -ices, -y becoming -ies),
  and not glued to a hyphen (so "fold" does not occur in "K-fold", nor
  "entropy" in "cross-entropy"). Where names overlap the longest wins:
  "gradient descent" is a use of that entry, not of "gradient". Text that is not prose is ignored: code
  (fenced and inline), math ($…$, $$…$$, environments), headings, the
  contents of every role (so ``{term}`gradient descent``` hides the word
  "gradient"), link targets and URLs, HTML, directive option lines, and the
  bodies of non-prose directives (code, math, bibliography, …);
* every ``{term}`` target names a glossary entry;
* every ``{cite}`` key (all variants, in chapters and problem sets) exists
  in references.bib, and every arXiv entry links to its abstract page.

Strang §VII.5 ("a glossary is badly needed"); pages chapters/glossary.md and
chapters/references.md.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT

GLOSSARY = ROOT / "chapters" / "glossary.md"
BIB = ROOT / "references.bib"
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
PROBLEM_SETS = sorted((ROOT / "exercises").glob("*.ipynb"))
REFERENCE_PAGES = [ROOT / "chapters" / "glossary.md", ROOT / "chapters" / "references.md"]


# -- reading ----------------------------------------------------------------------

def glossary_entries():
    """The entries of the {glossary} directives (one per letter): a list of lists of names."""
    text = GLOSSARY.read_text()
    bodies = re.findall(r"^```\{glossary\}[^\n]*\n(.*?)^```\s*$", text, re.S | re.M)
    assert bodies, "chapters/glossary.md has no ```{glossary} directive"
    entries, names = [], []
    for line in "\n\n".join(bodies).splitlines():
        if not line.strip() or line.lstrip().startswith(":"):
            continue
        if line[0].isspace():          # a definition line closes the list of names
            if names:
                entries.append(names)
                names = []
        else:
            names.append(line.strip())
    assert not names, f"glossary names without a definition: {names}"
    return entries


def markdown(path):
    """The markdown text of a page: a notebook's markdown cells in order, or a .md file."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        return "\n\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                           for c in cells if c["cell_type"] == "markdown")
    return path.read_text()


def bib_keys():
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(), re.M))


# roles and inline code, scanned together from left to right so that a role
# written inside inline code (`` {cite}`key` ``) counts as code
ROLE_OR_CODE = re.compile(r"(?P<role>\{(?P<name>[\w:.-]+)\}`(?P<content>[^`]*)`)|(?P<ticks>`+).+?(?P=ticks)", re.S)
NON_PROSE_DIRECTIVES = {"code", "code-block", "code-cell", "math", "bibliography", "glossary", "raw",
                        "eval-rst", "toctree", "tableofcontents", "literalinclude", "csv-table"}


def _blank(text, start, end):
    return text[:start] + "".join(c if c == "\n" else " " for c in text[start:end]) + text[end:]


def prose(text, cites=None):
    """Return (text with everything but prose blanked, positions of {term} links).

    Blanking keeps every character's position, so positions in the result
    and in the links are comparable. Each link is (position, target). If a
    list ``cites`` is given, the keys of every {cite} role (outside code)
    are appended to it.
    """
    links = []
    # fenced blocks: blank code and non-prose directives; keep the body of the others
    lines = text.split("\n")
    out, fence, blank_body = [], None, False
    for line in lines:
        stripped = line.lstrip()
        if fence is None:
            m = re.match(r"(`{3,}|~{3,}|:{3,})\s*(\{([\w:-]+)\})?(.*)$", stripped)
            if m:
                fence = m.group(1)
                name = m.group(3)
                blank_body = name is None and fence[0] != ":" or name in NON_PROSE_DIRECTIVES
                out.append(" " * len(line))
                continue
            out.append(line)
        else:
            if stripped.startswith(fence) and stripped.strip() == fence[0] * len(stripped.strip()):
                fence = None
                out.append(" " * len(line))
            elif blank_body or re.match(r":[\w-]+:", stripped):
                out.append(" " * len(line))
            else:
                out.append(line)
    text = "\n".join(out)
    # headings and MyST targets
    text = re.sub(r"(?m)^\s{0,3}(#{1,6} .*|\([\w.:-]+\)=\s*)$", lambda m: " " * len(m.group(0)), text)
    # roles and inline code: remember {term} links and {cite} keys, then blank both
    tokens = list(ROLE_OR_CODE.finditer(text))
    for m in tokens:
        if m.group("role") and m.group("name") == "term":
            content = m.group("content")
            target = re.search(r"<([^<>]+)>\s*$", content)
            links.append((m.start(), (target.group(1) if target else content).strip()))
        elif m.group("role") and m.group("name").split(":")[0] == "cite" and cites is not None:
            cites.extend(k.strip() for k in m.group("content").split(","))
    for m in reversed(tokens):
        text = _blank(text, m.start(), m.end())
    patterns = [
        r"\$\$.*?\$\$",                                   # display math
        r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}",             # math environments
        r"(?<![\\$])\$[^$\n]+?\$",                        # inline math
        r"<!--.*?-->",                                    # HTML comments
        r"\]\([^)]*\)",                                   # link targets [text](target)
        r"<[^<>\n]+>",                                    # HTML tags and autolinks
        r"https?://\S+",                                  # bare URLs
        r"\{\{[^}]*\}\}",                                 # substitutions
    ]
    for pattern in patterns:
        for m in reversed(list(re.finditer(pattern, text, re.S))):
            text = _blank(text, m.start(), m.end())
    return text, links


def name_pattern(name):
    """A regex for one glossary name, as used in prose (see the module doc)."""
    words = re.split(r"[\s\-–]+", name)
    body = r"[\s\-–]+".join(re.escape(w) for w in words)
    last = words[-1]
    endings = ["s", "es"]
    if last.lower().endswith("ix"):
        body = body[: -2] + "(?:ix|ices)"
    elif last.lower().endswith("y") and len(last) > 2:
        body = body[: -1] + "(?:y|ies)"
    flags = 0 if sum(c.isupper() for c in name) >= 2 else re.I
    return re.compile(r"(?<![\w\-–])" + body + r"(?:" + "|".join(endings) + r")?(?![\w\-–])", flags)


ENTRIES = glossary_entries()
ENTRY_OF = {name.lower(): i for i, names in enumerate(ENTRIES) for name in names}
PATTERNS = [[name_pattern(n) for n in names] for names in ENTRIES]


def uses(text):
    """Every appearance of a glossary name in prose: [(start, end, entry index)].

    Where names overlap, the longest wins: "gradient descent" is a use of
    that entry, not of "gradient"; "K-fold cross-validation" is not a use
    of "cross-validation".
    """
    found = [(m.start(), m.end(), i) for i, patterns in enumerate(PATTERNS)
             for p in patterns for m in p.finditer(text)]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept, reach = [], -1
    for start, end, i in found:
        if end <= reach:          # inside a longer (or equal, earlier) match
            continue
        kept.append((start, end, i))
        reach = max(reach, end)
    return kept


def first_use_violations(path):
    """Entries whose first appearance in ``path`` is not a {term} link: [(name, word, context)]."""
    text, links = prose(markdown(path))
    first_link = {}
    for pos, target in links:
        i = ENTRY_OF.get(target.lower())
        if i is not None and i not in first_link:
            first_link[i] = pos
    first_plain = {}
    for start, end, i in uses(text):
        first_plain.setdefault(i, (start, end))
    bad = []
    for i, (start, end) in sorted(first_plain.items(), key=lambda kv: kv[1]):
        if start < first_link.get(i, len(text) + 1):
            context = " ".join(text[max(0, start - 40): end + 40].split())
            bad.append((ENTRIES[i][0], text[start:end], context))
    return bad


# -- the tests ----------------------------------------------------------------------

def test_glossary_has_at_least_80_entries():
    assert len(ENTRIES) >= 80, f"only {len(ENTRIES)} glossary entries"
    names = [n.lower() for names in ENTRIES for n in names]
    assert len(names) == len(set(names)), "a name appears in two glossary entries"


def test_every_glossary_entry_is_linked_from_a_chapter():
    linked = set()
    for path in CHAPTERS:
        for _, target in prose(markdown(path))[1]:
            if target.lower() in ENTRY_OF:
                linked.add(ENTRY_OF[target.lower()])
    missing = [ENTRIES[i][0] for i in range(len(ENTRIES)) if i not in linked]
    assert not missing, f"{len(missing)} glossary entries are linked from no chapter: {', '.join(missing)}"


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_first_use_of_every_term_is_a_link(path):
    bad = first_use_violations(path)
    report = "\n".join(f"  {name!r}: first as {word!r} in \"…{context}…\"" for name, word, context in bad)
    assert not bad, f"{path.name}: {len(bad)} terms used before their {{term}} link:\n{report}"


@pytest.mark.parametrize("path", CHAPTERS + PROBLEM_SETS + REFERENCE_PAGES,
                         ids=[p.relative_to(ROOT).as_posix() for p in CHAPTERS + PROBLEM_SETS + REFERENCE_PAGES])
def test_term_links_and_citations_resolve(path):
    cited = []
    targets = [t for _, t in prose(markdown(path), cites=cited)[1]]
    unknown = [t for t in targets if t.lower() not in ENTRY_OF]
    assert not unknown, f"{{term}} links to names not in the glossary: {unknown}"
    keys = bib_keys()
    missing = [k for k in cited if k not in keys]
    assert not missing, f"{{cite}} keys not in references.bib: {missing}"


def test_arxiv_entries_link_to_their_abstracts():
    for entry in re.split(r"(?m)^(?=@)", BIB.read_text()):
        eprint = re.search(r"eprint\s*=\s*\{([^}]*)\}", entry)
        if eprint:
            key = re.match(r"@\w+\{([^,]+),", entry).group(1)
            url = r"url\s*=\s*\{https://arxiv\.org/abs/" + re.escape(eprint.group(1)) + r"\}"
            assert re.search(url, entry), f"{key}: no url to arxiv.org/abs/{eprint.group(1)}"
            assert re.search(r"archiveprefix\s*=\s*\{arXiv\}", entry), f"{key}: no archiveprefix"


# -- the checker itself ----------------------------------------------------------------

def test_prose_hides_code_math_headings_and_roles():
    source = ("# ReLU title\n\nA {term}`ReLUs <ReLU>` and $\\operatorname{ReLU}(x)$ and `relu` and "
              "[ReLU](https://x.org/ReLU)\n\n```python\nReLU()\n```\nReLU")
    text, links = prose(source)
    assert links == [(source.index("{term}"), "ReLU")]
    assert len(re.findall("ReLU", text)) == 2  # the text of the link [ReLU] and the last word
    assert "relu" not in text and "operatorname" not in text and "x.org" not in text
    cites = []
    prose("See {cite:p}`a2019, b2020` but not `` {cite}`key` `` in code; {cite:t}`c`.", cites=cites)
    assert cites == ["a2019", "b2020", "c"]


def test_longest_name_wins():
    text = "plain gradient descent, then a support vector machine, then a gradient"
    used = {ENTRIES[i][0] for _, _, i in uses(text)}
    assert {"gradient descent", "support vector machine", "gradient"} <= used
    assert "support vector" not in used
    assert [text[s:e] for s, e, i in uses(text) if ENTRIES[i][0] == "gradient"] == ["gradient"]


def test_name_patterns():
    assert name_pattern("kernel matrix").search("two kernel matrices")
    assert name_pattern("max pooling").search("use max-pooling here")
    assert not name_pattern("fold").search("K-fold cross-validation")
    assert not name_pattern("entropy").search("the cross-entropy loss")
    assert name_pattern("ReLU").search("two ReLUs")
    assert not name_pattern("CNN").search("cnn")
    assert name_pattern("expressivity").search("Expressivity grows")
    assert not name_pattern("gradient").search("a subgradient")
