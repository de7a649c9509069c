"""The Corrections page: every departure from the book has an entry, and every entry its proof.

In the sources (no build needed):

* ``chapters/corrections.md`` holds at least twelve entries, each a target
  ``(correction-SLUG)=`` over a heading, giving the book's statement with its
  section, the correct one, and a link to ``proof-SLUG``;
* each ``proof-SLUG`` is the last line of exactly one markdown cell of a
  chapter or problem set, and the next cell is a code cell that the page
  shows (not removed), so the link lands on the computation;
* every correction note of a notebook (an admonition of class
  ``lfd-correction``) refers to an entry, and every entry has a note in the
  notebook that holds its proof.

In the built website: each entry's link leads to a code cell that exists on
its page, and each note's link to an entry that exists.
"""

from __future__ import annotations

import html.parser
import json
import re
import urllib.parse

import pytest
from conftest import ROOT, toc_docnames

CORRECTIONS = ROOT / "chapters" / "corrections.md"
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))
ENTRY = re.compile(r"^\(correction-([a-z0-9-]+)\)=\n## (.+)$", re.M)
NOTE = re.compile(r"```\{admonition\}[^\n]*\n:class: lfd-correction\n(.*?)```", re.S)


def _entries():
    """{slug: text of its entry} from the Corrections page, in order."""
    text = CORRECTIONS.read_text()
    found = list(ENTRY.finditer(text))
    return {m[1]: text[m.start() : (found[i + 1].start() if i + 1 < len(found) else len(text))]
            for i, m in enumerate(found)}


def _cells():
    """(notebook, index, cell) over every notebook of the book."""
    for path in NOTEBOOKS:
        for i, cell in enumerate(json.loads(path.read_text())["cells"]):
            yield path, i, cell


def _source(cell):
    return "".join(cell["source"])


def test_the_page_lists_at_least_twelve_entries_each_complete():
    entries = _entries()
    assert len(entries) >= 12, f"only {len(entries)} entries on the Corrections page"
    for slug, text in entries.items():
        assert re.search(r"\*\*Book\*\* \(§VII\.\d", text), f"{slug}: the book's statement needs its section"
        assert "**Correct**" in text, f"{slug}: no correct statement"
        assert f"](proof-{slug})" in text, f"{slug}: no link to its proof (proof-{slug})"


def test_every_proof_target_sits_above_a_shown_code_cell():
    cells = list(_cells())
    for slug in _entries():
        target = f"(proof-{slug})="
        homes = [(p, i) for p, i, c in cells
                 if c["cell_type"] == "markdown" and _source(c).rstrip().endswith(target)]
        elsewhere = [(p.name, i) for p, i, c in cells if target in _source(c)]
        assert len(homes) == 1 and len(elsewhere) == 1, (
            f"proof-{slug} must end exactly one markdown cell, found in {elsewhere}")
        path, i = homes[0]
        following = json.loads(path.read_text())["cells"][i + 1]
        assert following["cell_type"] == "code", f"proof-{slug} ({path.name}) is not followed by a code cell"
        tags = following.get("metadata", {}).get("tags", [])
        assert "remove-cell" not in tags, f"the proof of {slug} ({path.name}) is removed from the page"


def test_every_note_has_an_entry_and_every_entry_a_note():
    entries = _entries()
    noted = {}
    for path, i, cell in _cells():
        if cell["cell_type"] != "markdown":
            continue
        for body in NOTE.findall(_source(cell)):
            slugs = re.findall(r"<correction-([a-z0-9-]+)>", body)
            assert slugs, f"{path.name} cell {i}: a correction note without a link to its entry"
            for slug in slugs:
                assert slug in entries, f"{path.name} cell {i}: no entry correction-{slug} on the Corrections page"
                noted.setdefault(slug, set()).add(path.name)
    for slug in entries:
        proof_home = {p.name for p, _, c in _cells() if f"(proof-{slug})=" in _source(c)}
        assert noted.get(slug, set()) & proof_home, (
            f"correction-{slug}: no correction note in {sorted(proof_home)}, where its proof is")


class _Anchors(html.parser.HTMLParser):
    """Ids with the classes of their element, and every link."""

    def __init__(self):
        super().__init__()
        self.ids, self.links = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = attrs.get("class") or ""
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _parse(path):
    parser = _Anchors()
    parser.feed(path.read_text())
    return parser


@pytest.mark.site
def test_on_the_website_every_entry_leads_to_its_cell(site_dir):
    page = site_dir / "chapters" / "corrections.html"
    assert page.is_file(), "the Corrections page is not in the built site"
    parsed = _parse(page)
    for slug in _entries():
        assert f"correction-{slug}" in parsed.ids, f"correction-{slug} is not an anchor of the page"
        proofs = [h for h in parsed.links if h.endswith(f"#proof-{slug}")]
        assert proofs, f"correction-{slug}: no link to its proof on the page"
        target = (page.parent / urllib.parse.urlsplit(proofs[0]).path).resolve()
        classes = _parse(target).ids.get(f"proof-{slug}")
        assert classes is not None, f"{proofs[0]} does not exist"
        assert "cell" in classes.split(), f"{proofs[0]} is not a code cell (class {classes!r})"


@pytest.mark.site
def test_on_the_website_every_note_leads_to_an_entry(site_dir):
    entries = {f"correction-{slug}" for slug in _entries()}
    seen = 0
    for name in toc_docnames():
        page = site_dir / f"{name}.html"
        text = page.read_text()
        for note in re.findall(r'<div class="[^"]*\blfd-correction\b[^"]*">(.*?)</div>', text, re.S):
            hrefs = re.findall(r'href="([^"]*corrections\.html#(correction-[a-z0-9-]+))"', note)
            assert hrefs, f"{name}: a correction note without a link to the Corrections page"
            for _, anchor in hrefs:
                assert anchor in entries, f"{name}: a note links to {anchor}, which is not an entry"
            seen += 1
    assert seen >= len(entries), f"{seen} correction notes on the website for {len(entries)} entries"
