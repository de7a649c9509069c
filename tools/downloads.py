"""The downloads of the page "Run it yourself": the ``lfd`` wheel and the student notebooks.

    python tools/downloads.py SOURCE_DIR OUT_DIR [TOC]

(``make book`` and ``make book-student`` run it on the built site, so that
both editions serve ``OUT_DIR/lfd-<version>-py3-none-any.whl`` and
``OUT_DIR/lfd-notebooks.zip``.) The zip holds the chapters and problem sets
of the table of contents as the student edition has them
(``student_edition.student_notebook``: no solution, no output) under
``lfd-notebooks/``, with a README saying how to run them. The index of
problems is left out: it reads the book's tooling, not a notebook's.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

import yaml

from student_edition import student_notebook

ZIP_NAME = "lfd-notebooks.zip"
ZIP_ROOT = "lfd-notebooks"
LEFT_OUT = {"exercises/index"}  # builds a table from tools/problems.py: not a notebook to run
PACKAGES = "myst-nb sympy jupyterlab"  # what the notebooks import besides lfd and its dependencies
# Fixed time stamps: the same notebooks make the same zip.
ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def version(source):
    """The version of lfd in ``source``/pyproject.toml."""
    import tomllib

    return tomllib.loads((pathlib.Path(source) / "pyproject.toml").read_text())["project"]["version"]


def wheel_name(source):
    return f"lfd-{version(source)}-py3-none-any.whl"


def install_command(source):
    """The one ``pip install`` of the page "Run it yourself" (and of each notebook's first cell)."""
    return f"pip install {wheel_name(source)} {PACKAGES}"


def build_wheel(source, out):
    """Build the wheel of lfd from ``source`` into ``out`` and return its path.

    The build runs on a copy of pyproject.toml, README.md and lib/ in a
    temporary folder, so that concurrent builds do not share setuptools'
    build/ folder and the source tree stays clean.
    """
    source, out = pathlib.Path(source).resolve(), pathlib.Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tree = pathlib.Path(tmp) / "lfd"
        tree.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(source / name, tree / name)
        shutil.copytree(source / "lib", tree / "lib",
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".*"))
        wheels = pathlib.Path(tmp) / "wheels"
        run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                              "--wheel-dir", str(wheels), str(tree)], capture_output=True, text=True)
        if run.returncode:  # setuptools' messages only when they matter
            sys.stderr.write(run.stdout + run.stderr)
            raise RuntimeError(f"the wheel of lfd did not build (pip exited with {run.returncode})")
        (built,) = wheels.glob("lfd-*.whl")
        if built.name != wheel_name(source):
            raise RuntimeError(f"the wheel is {built.name}, not {wheel_name(source)}")
        for old in out.glob("lfd-*.whl"):
            old.unlink()
        return pathlib.Path(shutil.copy2(built, out / built.name))


def toc_docnames(source, toc="_toc.yml"):
    """Every document of the table of contents ``toc`` (relative to ``source``), in reading order."""
    toc = yaml.safe_load((pathlib.Path(source) / toc).read_text())
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return [pathlib.PurePosixPath(n).with_suffix("").as_posix() for n in names]


def toc_notebooks(source, toc="_toc.yml"):
    """The notebooks of the table of contents ``toc`` (relative to ``source``), in reading order, without LEFT_OUT."""
    source = pathlib.Path(source)
    stems = toc_docnames(source, toc)
    return [f"{s}.ipynb" for s in stems if s not in LEFT_OUT and (source / f"{s}.ipynb").is_file()]


README = """\
The notebooks of "Learning from Data, executable", student edition: the
chapters and the problem sets, without solutions and without outputs.

To run them (Python 3.11 or newer), in this folder, with the wheel
{wheel} from the page "Run it yourself" of the website:

    python -m venv .venv
    source .venv/bin/activate          (Windows: .venv\\Scripts\\activate)
    {install}
    jupyter lab

check("VII.1.4", answer) in a problem set says whether an answer is right.
"""


def notebooks_zip(source, path, toc="_toc.yml"):
    """Write the zip of student notebooks to ``path`` and return the names it holds."""
    source, path = pathlib.Path(source), pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        def add(name, data):
            info = zipfile.ZipInfo(f"{ZIP_ROOT}/{name}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
            names.append(f"{ZIP_ROOT}/{name}")

        add("README.txt", README.format(wheel=wheel_name(source), install=install_command(source)))
        for name in toc_notebooks(source, toc):
            nb = student_notebook(json.loads((source / name).read_text()))
            add(name, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return names


def downloads(source, out, toc="_toc.yml"):
    """The wheel and the zip of student notebooks, in ``out``."""
    out = pathlib.Path(out)
    wheel = build_wheel(source, out)
    notebooks_zip(source, out / ZIP_NAME, toc)
    return wheel, out / ZIP_NAME


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip())
    for made in downloads(*sys.argv[1:]):
        print(f"    {made}")
