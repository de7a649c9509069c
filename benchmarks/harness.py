"""Side-by-side timing: our code and a reference, in the same run.

Every benchmark script in this folder exposes ``run(table)`` and adds rows
with :meth:`Table.compare` (two timings and their ratio) or
:meth:`Table.measure` (one quantity against a target, e.g. a page's weight).
``python benchmarks/run.py`` (``make bench``) runs every script and prints
one table. Nothing here is asserted: the numbers are for reading.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field

# One thread everywhere, so that figures are stable and comparisons fair.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def median_time(fn, *, min_time=0.2, repeat=7):
    """Median wall time of one call of ``fn()``, in seconds.

    Calls are grouped in loops long enough (``min_time``) to swamp the
    timer's resolution; the median over ``repeat`` loops resists outliers.
    """
    fn()  # warm up: imports, caches, first allocation
    number, elapsed = 1, 0.0
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time / repeat or number >= 1 << 20:
            break
        number *= 2
    samples = [elapsed / number]
    for _ in range(repeat - 1):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def paired_times(fn, ref, *, pairs=9, min_time=0.2):
    """Times (pairs,) of ``fn()`` and of ``ref()``, each pair measured back to back (in
    alternating order), so that both see the same state of the machine: their ratios' median
    and spread (:func:`ratio_spread`) say more than two separate medians."""
    ours, theirs = [], []
    for i in range(pairs):
        first, second = (fn, ref) if i % 2 == 0 else (ref, fn)
        a = median_time(first, min_time=min_time / pairs, repeat=1)
        b = median_time(second, min_time=min_time / pairs, repeat=1)
        ours.append(a if first is fn else b)
        theirs.append(b if first is fn else a)
    return ours, theirs


def ratio_spread(ours, theirs):
    """'median r (min-max over n pairs)' of the ratios ours / theirs."""
    r = sorted(a / b for a, b in zip(ours, theirs))
    return f"ours/ref {statistics.median(r):.3g}x ({r[0]:.3g}-{r[-1]:.3g}x over {len(r)} pairs)"


def _fmt_time(seconds):
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


@dataclass
class Row:
    group: str
    case: str
    ours: str
    reference: str
    ratio: str
    target: str


@dataclass
class Table:
    """Rows of a benchmark report, printed as one aligned table."""

    rows: list = field(default_factory=list)

    def compare(self, group, case, ours_s, ref_s, ref_name, target=None):
        """Add a row: our time, the reference's time and ours / reference."""
        ratio = ours_s / ref_s if ref_s else float("nan")
        self.rows.append(Row(group, case, _fmt_time(ours_s),
                             f"{_fmt_time(ref_s)} ({ref_name})",
                             f"{ratio:.3g}x", target or ""))
        return ratio

    def measure(self, group, case, value, unit="s", target=None, note=""):
        """Add a row with a single measured quantity (no reference)."""
        shown = _fmt_time(value) if unit == "s" else f"{value:.3g} {unit}"
        self.rows.append(Row(group, case, shown, note, "", target or ""))
        return value

    def skip(self, group, case, reason):
        """Record a benchmark that could not run, and why."""
        self.rows.append(Row(group, case, "skipped", reason, "", ""))

    def render(self):
        head = Row("benchmark", "case", "ours", "reference", "ours/ref", "target")
        rows = [head, *self.rows]
        cols = list(zip(*[(r.group, r.case, r.ours, r.reference, r.ratio, r.target)
                          for r in rows]))
        widths = [max(len(c) for c in col) for col in cols]
        lines = []
        for i, r in enumerate(rows):
            cells = (r.group, r.case, r.ours, r.reference, r.ratio, r.target)
            lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
            if i == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)
