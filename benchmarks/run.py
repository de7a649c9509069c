"""Run every benchmark in this folder and print one table of ratios.

    python benchmarks/run.py            # all of them
    python benchmarks/run.py conv cpl   # only bench_conv.py and bench_cpl.py

Each ``bench_<name>.py`` defines ``run(table)``. A benchmark whose optional
reference (torch, micrograd) is missing is listed as skipped, not failed.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys
import traceback

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Table  # noqa: E402


def main(argv):
    wanted = set(argv)
    scripts = sorted(HERE.glob("bench_*.py"))
    table, failed = Table(), []
    for path in scripts:
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            module.run(table)
        except Exception:
            traceback.print_exc()
            failed.append(path.name)
    print(table.render())
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
