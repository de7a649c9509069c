"""Every public callable of ``lfd`` refuses bad input clearly (issue 16, item 3).

Discovery: the public functions, classes and methods of every public module, found
by walking the package (as tests/test_counts.py does), plus the public methods a
public class inherits from a private base of ``lfd`` (the layers' ``forward`` and
``backward``). Each needs a valid call in ``tests/fuzz_cases.py`` (``CASES``), or a
place, with a reason, in ``NO_ARGS`` (nothing worth fuzzing) or ``RESULT_RECORDS``.

Probes: each argument of the valid call (defaults filled in) gets the bad values of
its kind, inferred from the valid value and the annotation, one argument at a time:

======== ================================================================
count    2.5, "2", True, -1, 10**12
real     nan, inf, -inf, 1e308 (*), 1j, "x", None (unless None is the default)
array    a NaN, an inf, complex dtype, one more dimension, 0 rows (*), one row
         fewer than another array of the same length, object dtype with a
         None, None (unless the default)
labels   a label outside the set, NaN, one fewer, 0 rows (*), None
choice   an unknown string
rng      1.5, "seed", object()
callable a non-callable (3)
dtype    int, complex, "bogus"
axis     2.5, "1", 7
======== ================================================================

(*) stress values rather than wrong ones: accepting them is fine if the result is.

Each probe runs in a worker process (``python tests/test_fuzz.py --worker``) under a
2 s alarm and a memory limit, and the worker is killed if it does not answer (a hang
in C code). Outcomes:

- ``clear``: TypeError/ValueError naming the argument.
- ``unclear``: another exception, or a message that does not name the argument.
- ``silent``: returned, but NaN/inf in the result (arrays, numbers, tuples, lists,
  dicts, NamedTuples, and lfd objects' attributes, shallowly) or in the other
  arguments (in-place updates); the probed argument itself is not looked at.
- ``accepted``: a bad value accepted with a finite result.
- ``fine``: a stress value accepted with a finite result.
- ``hang``: over 2 s, killed, or MemoryError.
- ``broken``: the probe itself could not be built (a fault of fuzz_cases.py).

The test fails on any ``silent`` or ``hang``, on ``unclear`` outside ``UNCLEAR_OK``
and on ``accepted`` outside ``ACCEPTED_OK`` (both in fuzz_cases.py, each entry with
its reason). The counts are written to ``_build/fuzz/summary.txt`` and the failing
probes to ``_build/fuzz/failures.txt``; ``python tests/test_fuzz.py [KEY ...]`` runs
the same probes and prints both.
"""

from __future__ import annotations

import collections
import importlib
import inspect
import math
import os
import pickle
import queue
import re
import select
import struct
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import test_counts as tc  # noqa: E402
import fuzz_cases as fc  # noqa: E402

CALL_SECONDS = 2.0      # a probe running longer is a hang
KILL_SECONDS = 8.0      # a worker silent this long (factory + call) is killed
MEMORY = 2 * 2**30      # address space a worker may add to what it holds after its imports
OUT = ROOT / "_build" / "fuzz"
STRESS = {"1e308", "empty"}
FAILING = ("silent", "hang", "unclear", "accepted")
CLASSES = ("clear", "unclear", "silent", "accepted", "fine", "hang", "broken")


# --------------------------------------------------------------------------- discovery

TARGETS = tc.public_api(tc.MODULES)


def fuzzed_keys():
    return sorted(k for k in TARGETS if k in fc.CASES and k not in fc.NO_ARGS)


# --------------------------------------------------------------------------- kinds and bad values

LABEL_NAMES = {"y", "y_train", "y_test", "labels"}


def _is_function(v):
    return (inspect.isfunction(v) or inspect.isbuiltin(v) or isinstance(v, np.ufunc)
            or type(v).__name__ == "partial")


def _numeric(v):
    """v as a numeric ndarray (ndim >= 1), or None."""
    if isinstance(v, (str, bytes, dict)) or v is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            a = np.asarray(v)
    except Exception:  # noqa: BLE001 - ragged
        return None
    if a.ndim == 0 or a.dtype.kind not in "iuf" or a.size == 0:
        return None
    return a


def _annotation_has_none(p):
    return "None" in tc._annotation_text(p.annotation)


def kind_of(key, p, value):
    """The kind of parameter ``p`` of ``key`` whose valid value is ``value``, or None."""
    name = p.name
    if (key, name) in fc.NOT_FUZZED or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
        return None
    if name == "rng":
        return "rng"
    if name == "dtype":
        return "dtype"
    if name == "axis":
        return "axis"
    ck = tc.count_kind(p.annotation)
    if ck == "scalar":
        return "count"
    if ck == "sequence":
        return "count_seq" if isinstance(value, (list, tuple)) and value else None
    if value is None or isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, np.integer)):
        return "count"
    if isinstance(value, (float, np.floating)):
        return "real"
    if isinstance(value, str):
        return "choice"
    if isinstance(value, type) or isinstance(value, np.dtype):
        return None
    if _is_function(value):
        return "callable"
    if isinstance(value, (list, tuple)) and value and all(isinstance(s, str) for s in value):
        return "choice_seq"
    if isinstance(value, (list, tuple)) and value and any(isinstance(e, np.ndarray) for e in value):
        return "array_seq" if all(_numeric(e) is not None or isinstance(e, (int, float)) for e in value) else None
    a = _numeric(value)
    if a is not None:
        return "labels" if name in LABEL_NAMES and a.dtype.kind in "iu" else "array"
    if isinstance(value, (list, tuple)) and value and all(
            _numeric(e) is not None or isinstance(e, (int, float)) for e in value):
        return "array_seq"
    return None


COUNT_LABELS = ["2.5", "'2'", "True", "-1", "huge"]
REAL_LABELS = ["nan", "inf", "-inf", "1e308", "1j", "'x'", "None"]
ARRAY_LABELS = ["nan", "inf", "complex", "ndim", "empty", "length", "object", "None"]
LABEL_LABELS = ["outside", "nan", "length", "empty", "None"]


def _leading(v):
    a = _numeric(v)
    return None if a is None else a.shape[0]


def labels_for(key, p, kind, value, bound):
    """The probe labels for one parameter."""
    none_ok = p.default is None or _annotation_has_none(p)
    if kind in ("count", "count_seq"):
        labels = list(COUNT_LABELS)
        if (key, p.name) in tc.HUGE_OK:
            labels.remove("huge")
        if -1 in tc.NEGATIVE_OK.get((key, p.name), ((),))[0]:
            labels.remove("-1")
        return labels
    if kind == "real":
        return [x for x in REAL_LABELS if not (x == "None" and none_ok)]
    if kind in ("array", "labels"):
        labels = list(ARRAY_LABELS if kind == "array" else LABEL_LABELS)
        n = _leading(value)
        others = [_leading(v) for name, v in bound.arguments.items()
                  if name != p.name and not isinstance(v, (str, bool))]
        if not (n is not None and n >= 2 and n in others):
            labels.remove("length")
        if none_ok:
            labels.remove("None")
        return labels
    if kind == "array_seq":
        return [x for x in ARRAY_LABELS if x != "length" and not (x == "None" and none_ok)]
    return {"choice": ["'bogus'"], "choice_seq": ["'bogus'"], "rng": ["1.5", "'seed'", "object()"],
            "callable": ["3"], "dtype": ["int", "complex", "'bogus'"], "axis": ["2.5", "'1'", "7"]}[kind]


def _bad_array(label, value, kind):
    a = np.array(value)
    if label in ("nan", "inf"):
        a = a.astype(float)
        a.flat[0] = np.nan if label == "nan" else np.inf
        return a
    if label == "complex":
        a = a.astype(complex)
        a.flat[0] += 1j
        return a
    if label == "ndim":
        return a[None]
    if label == "empty":
        return a[:0]
    if label == "length":
        return a[:-1]
    if label == "object":
        a = a.astype(object)
        a.flat[0] = None
        return a
    if label == "outside":
        a = a.copy()
        a.flat[0] = int(a.max()) + 2
        return a
    raise KeyError(label)


SCALAR_BAD = {"2.5": 2.5, "'2'": "2", "True": True, "-1": -1, "huge": 10**12,
              "nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"), "1e308": 1e308,
              "1j": 1j, "'x'": "x", "None": None, "'bogus'": "bogus", "1.5": 1.5, "'seed'": "seed",
              "3": 3, "int": int, "complex": complex, "'1'": "1", "7": 7}


def bad_value(kind, label, value):
    if label == "object()":
        return object()
    if kind in ("array", "labels") and label != "None":
        return _bad_array(label, value, kind)
    if kind == "array_seq" and label != "None":
        seq = list(value)
        seq[0] = _bad_array(label, np.atleast_1d(np.asarray(seq[0], dtype=float)), "array")
        return type(value)(seq) if isinstance(value, tuple) else seq
    if kind in ("count_seq", "choice_seq"):
        seq = list(value)
        seq[-1] = SCALAR_BAD[label]
        return type(value)(seq) if isinstance(value, tuple) else seq
    return SCALAR_BAD[label]


# --------------------------------------------------------------------------- calling (in a worker)

class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _bind(key):
    target = TARGETS[key]
    args, kwargs = fc.CASES[key]()
    fn = target.get()
    bound = inspect.signature(fn).bind(*args, **kwargs)
    bound.apply_defaults()
    params = list(inspect.signature(fn).parameters.values())
    if target.instance_first:
        params = params[1:]
    return fn, bound, params


def nonfinite(obj, depth=0, seen=None):
    """Where in ``obj`` a NaN or inf hides ('' when nowhere)."""
    seen = set() if seen is None else seen
    if depth > 4 or id(obj) in seen:
        return ""
    seen.add(id(obj))
    if isinstance(obj, (bool, np.bool_, int, np.integer, str, bytes)) or obj is None:
        return ""
    if isinstance(obj, (float, np.floating, complex, np.complexfloating)):
        return "" if np.isfinite(obj) else repr(obj)
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc":
            bad = ~np.isfinite(obj)
            return f"array{obj.shape} with {int(bad.sum())} non-finite" if bad.any() else ""
        if obj.dtype.kind == "O":
            for x in obj.flat[:200]:
                where = nonfinite(x, depth + 1, seen)
                if where:
                    return "object array: " + where
        return ""
    if isinstance(obj, dict):
        for k, v in list(obj.items())[:200]:
            where = nonfinite(v, depth + 1, seen)
            if where:
                return f"[{k!r}]: {where}"
        return ""
    if isinstance(obj, (list, tuple)):
        fields = getattr(obj, "_fields", None)
        for i, v in enumerate(list(obj)[:200]):
            where = nonfinite(v, depth + 1, seen)
            if where:
                return f"{'.' + fields[i] if fields else f'[{i}]'}: {where}"
        return ""
    if type(obj).__module__.startswith("lfd") and hasattr(obj, "__dict__") and depth <= 2:
        for k, v in list(vars(obj).items())[:200]:
            if f"{type(obj).__module__}.{type(obj).__qualname__}.{k}" in fc.NONFINITE_ATTRIBUTES:
                continue
            where = nonfinite(v, depth + 1, seen)
            if where:
                return f".{k}: {where}"
    return ""


def run_call(fn, args, kwargs):
    import signal
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, CALL_SECONDS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = fn(*args, **kwargs)
            if hasattr(result, "__next__") and not isinstance(result, np.ndarray):
                result = next(result, None)
            return result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _close_figures():
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def plan(key):
    """The probes of ``key`` [(param, label)], after checking its valid call."""
    fn, bound, params = _bind(key)
    try:
        result = run_call(fn, bound.args, bound.kwargs)
    except _Timeout:
        return {"error": f"valid call ran over {CALL_SECONDS} s"}
    except BaseException as err:  # noqa: BLE001
        return {"error": f"valid call raised {type(err).__name__}: {err}"}
    where = nonfinite(result) or "".join(nonfinite(v) for n, v in bound.arguments.items() if n != "rng")
    if where:
        return {"error": f"valid call gave a non-finite result: {where}"}
    fn, bound, params = _bind(key)  # fresh values: the call may have changed them
    probes = []
    for p in params:
        if p.name not in bound.arguments:
            continue
        kind = kind_of(key, p, bound.arguments[p.name])
        if kind:
            probes += [(p.name, kind, label) for label in labels_for(key, p, kind, bound.arguments[p.name], bound)]
    return {"probes": probes}


def probe(key, param, kind, label):
    fn, bound, _ = _bind(key)
    n = _leading(bound.arguments[param])
    # a length mismatch may rightly be reported on either array
    partners = [name for name, v in bound.arguments.items() if name != param and n is not None
                and not isinstance(v, (str, bool)) and _leading(v) == n]
    bound.arguments[param] = bad_value(kind, label, bound.arguments[param])
    out = {"key": key, "param": param, "kind": kind, "label": label, "message": ""}
    try:
        result = run_call(fn, bound.args, bound.kwargs)
    except _Timeout:
        out.update(cls="hang", message=f"over {CALL_SECONDS} s")
        return out
    except MemoryError as err:
        out.update(cls="hang", message=f"MemoryError {err}")
        return out
    except RecursionError as err:
        out.update(cls="unclear", message=f"RecursionError: {err}")
        return out
    except Exception as err:  # noqa: BLE001
        message = f"{type(err).__name__}: {err}"
        named = tc.names_argument(str(err), param) or (label in ("length", "empty") and any(
            tc.names_argument(str(err), other) for other in partners))
        clear = isinstance(err, (TypeError, ValueError)) and named
        out.update(cls="clear" if clear else "unclear", message=message[:300])
        return out
    finally:
        _close_figures()
    where = nonfinite(result)
    if not where:
        for name, v in bound.arguments.items():
            if name not in (param, "rng"):
                where = nonfinite(v)
                if where:
                    where = f"argument {name}{'' if where.startswith(('.', '[')) else ': '}{where}"
                    break
    if where:
        out.update(cls="silent", message=f"returned {type(result).__name__}; non-finite {where}"[:300])
    else:
        out.update(cls="fine" if label in STRESS else "accepted",
                   message=f"returned {type(result).__name__}"[:300])
    return out


def _send(stream, obj):
    data = pickle.dumps(obj)
    stream.write(struct.pack("!I", len(data)) + data)
    stream.flush()


def worker_main():
    """Read tasks from stdin, answer on the original stdout (the library's prints go to stderr)."""
    import resource
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    for name in tc.MODULES:
        importlib.import_module(name)
    try:
        import sklearn.datasets  # noqa: F401  (lfd.data.digits imports it on first use)
    except ImportError:
        pass
    used = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + MEMORY if hard == resource.RLIM_INFINITY else min(used + MEMORY, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _send(out, "ready")
    stdin = sys.stdin.buffer
    while True:
        head = stdin.read(4)
        if len(head) < 4:
            return
        task = pickle.loads(stdin.read(struct.unpack("!I", head)[0]))
        try:
            answer = plan(task[1]) if task[0] == "plan" else probe(*task[1:])
        except BaseException as err:  # noqa: BLE001 - a factory failed: report, keep serving
            answer = {"error": f"{type(err).__name__}: {err}"[:300]}
        _send(out, answer)


# --------------------------------------------------------------------------- the pool (in the parent)

class Worker:
    def __init__(self):
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   MPLBACKEND="Agg", PYTHONWARNINGS="ignore")
        err = None if os.environ.get("LFD_FUZZ_DEBUG") else subprocess.DEVNULL
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                     cwd=str(ROOT), env=env)
        if self._read(120.0) != "ready":
            raise RuntimeError("a fuzz worker did not start")

    def _read(self, timeout):
        fd = self.proc.stdout.fileno()
        buf, need, deadline = b"", None, time.monotonic() + timeout
        while need is None or len(buf) < need:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise EOFError
            buf += chunk
            if need is None and len(buf) >= 4:
                need = 4 + struct.unpack("!I", buf[:4])[0]
        return pickle.loads(buf[4:need])

    def ask(self, task):
        data = pickle.dumps(task)
        self.proc.stdin.write(struct.pack("!I", len(data)) + data)
        self.proc.stdin.flush()
        return self._read(KILL_SECONDS)

    def kill(self):
        self.proc.kill()
        self.proc.wait()


def run_tasks(tasks, n_workers):
    """Answers to ``tasks`` in order; a task whose worker dies or stalls answers None."""
    answers = [None] * len(tasks)
    todo = queue.Queue()
    for i, t in enumerate(tasks):
        todo.put((i, t))

    def drive():
        worker = Worker()
        try:
            while True:
                try:
                    i, task = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    answers[i] = worker.ask(task)
                except (TimeoutError, EOFError, BrokenPipeError, pickle.UnpicklingError):
                    worker.kill()
                    worker = Worker()
        finally:
            worker.kill()

    threads = [threading.Thread(target=drive) for _ in range(max(1, min(n_workers, len(tasks))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def fuzz(keys=None, n_workers=None):
    """{"plans": {key: plan}, "outcomes": [outcome dicts]} for ``keys`` (default all)."""
    keys = fuzzed_keys() if keys is None else keys
    n_workers = n_workers or min(2, os.cpu_count() or 1)
    plans = dict(zip(keys, run_tasks([("plan", k) for k in keys], n_workers)))
    tasks = [("probe", k, *p) for k in keys if plans[k] and "probes" in plans[k] for p in plans[k]["probes"]]
    answers = run_tasks(tasks, n_workers)
    outcomes = []
    for task, ans in zip(tasks, answers):
        if ans is None:
            ans = {"cls": "hang", "message": f"worker killed: no answer in {KILL_SECONDS} s (or it died)"}
        elif "error" in ans:  # the probe could not be built: a fault of these tables, not of lfd
            ans = {"cls": "broken", "message": "building the probe failed: " + ans["error"]}
        outcomes.append({"key": task[1], "param": task[2], "kind": task[3], "label": task[4], **ans})
    return {"plans": plans, "outcomes": outcomes}


# --------------------------------------------------------------------------- judging and reporting

def _allowed(table, o):
    for k in ((o["key"], o["param"], o["label"]), (o["key"], o["param"], "*"), (o["key"], "*", o["label"])):
        if k in table:
            return True
    return False


def failing(o):
    """Why outcome ``o`` fails the test ('' if it does not)."""
    if o["cls"] == "silent" and _allowed(fc.PROPAGATES, o):
        return ""
    if o["cls"] in ("silent", "hang", "broken"):
        return o["cls"]
    if o["cls"] == "unclear" and not _allowed(fc.UNCLEAR_OK, o):
        return "unclear"
    if o["cls"] == "accepted" and not (_allowed(fc.ACCEPTED_OK, o) or _allowed(fc.PROPAGATES, o)):
        return "accepted"
    return ""


def module_of(key):
    return TARGETS[key].module


def summary(result):
    outcomes = result["outcomes"]
    by_module = collections.defaultdict(collections.Counter)
    for o in outcomes:
        by_module[module_of(o["key"])][o["cls"]] += 1
        by_module[module_of(o["key"])]["FAIL"] += bool(failing(o))
    total = collections.Counter()
    for c in by_module.values():
        total.update(c)
    cols = ("probes",) + CLASSES + ("FAIL",)
    width = max([len(m) for m in by_module] + [5])
    lines = [f"{'module':<{width}} " + " ".join(f"{c:>8}" for c in cols)]
    for m in sorted(by_module) + ["TOTAL"]:
        c = total if m == "TOTAL" else by_module[m]
        n = sum(c[k] for k in CLASSES)
        lines.append(f"{m:<{width}} {n:>8} " + " ".join(f"{c[k]:>8}" for k in cols[1:]))
    bad_plans = {k: p for k, p in result["plans"].items() if not p or "error" in p}
    lines.append(f"callables fuzzed: {len(result['plans']) - len(bad_plans)}, "
                 f"valid calls that failed: {len(bad_plans)}")
    return "\n".join(lines)


def failure_lines(result):
    lines = []
    for o in sorted(result["outcomes"], key=lambda o: (module_of(o["key"]), o["key"], o["param"])):
        why = failing(o)
        if why:
            lines.append(f"{module_of(o['key'])} | {o['key'][len(module_of(o['key'])) + 1:]} | "
                         f"{o['param']} | {o['label']} | {why} | {o['message']}".replace("\n", " "))
    for k, p in sorted(result["plans"].items()):
        if not p or "error" in p:
            lines.append(f"{module_of(k)} | {k[len(module_of(k)) + 1:]} | (valid call) | - | broken | "
                         f"{(p or {}).get('error', 'worker died')}")
    return lines


def write_report(result):
    OUT.mkdir(parents=True, exist_ok=True)
    text = summary(result)
    (OUT / "summary.txt").write_text(text + "\n")
    (OUT / "failures.txt").write_text("\n".join(failure_lines(result)) + "\n")
    return text


# --------------------------------------------------------------------------- tests

_RESULT = {}


def _result():
    if "all" not in _RESULT:
        t0 = time.monotonic()
        _RESULT["all"] = fuzz()
        text = write_report(_RESULT["all"])
        print(f"\nfuzz: {len(_RESULT['all']['outcomes'])} probes in {time.monotonic() - t0:.0f} s "
              f"(counts in {OUT / 'summary.txt'}, failing probes in {OUT / 'failures.txt'})\n{text}")
    return _RESULT["all"]


def _listing(kind, limit=60):
    lines = [line for line in failure_lines(_result()) if f"| {kind} |" in line]
    more = f"\n  ... and {len(lines) - limit} more (all in {OUT / 'failures.txt'})" if len(lines) > limit else ""
    return "\n  ".join([""] + lines[:limit]) + more, len(lines)


def test_every_public_callable_has_a_valid_call():
    missing = sorted(k for k in TARGETS if k not in fc.CASES and k not in fc.NO_ARGS
                     and k not in fc.RESULT_RECORDS)
    assert not missing, (
        "public callables with no valid call in tests/fuzz_cases.py: add to CASES a factory "
        "returning (args, kwargs) of a call that works (the instance first for a method), or "
        "put it, with a reason, in NO_ARGS (no argument worth fuzzing) or RESULT_RECORDS:\n  "
        + "\n  ".join(missing))


def test_tables_name_existing_things():
    stale = [k for k in list(fc.CASES) + list(fc.NO_ARGS) + list(fc.RESULT_RECORDS) if k not in TARGETS]
    stale += [f"{k}:{p}" for (k, p, *_) in list(fc.NOT_FUZZED) + list(fc.UNCLEAR_OK) + list(fc.ACCEPTED_OK)
              if k not in TARGETS]
    assert not stale, "table entries that name no public callable any more: " + ", ".join(stale)


def test_valid_calls_work():
    text, n = _listing("broken")
    assert not n, f"{n} valid calls of tests/fuzz_cases.py fail or give NaN/inf:{text}"


def test_no_hang():
    text, n = _listing("hang")
    assert not n, f"{n} bad inputs ran over {CALL_SECONDS} s or allocated without bound:{text}"


def test_no_silent_nan_or_inf():
    text, n = _listing("silent")
    assert not n, f"{n} bad inputs were accepted and gave NaN or inf:{text}"


def test_errors_are_clear():
    text, n = _listing("unclear")
    assert not n, (f"{n} bad inputs raised an error that is not a TypeError/ValueError naming the "
                   f"argument (allowed only in fuzz_cases.UNCLEAR_OK, with a reason):{text}")


def test_bad_values_are_refused():
    text, n = _listing("accepted")
    assert not n, (f"{n} bad inputs were accepted (allowed only where documented, in "
                   f"fuzz_cases.ACCEPTED_OK with a reason):{text}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        worker_main()
        sys.exit(0)
    keys = sys.argv[1:] or None
    t0 = time.monotonic()
    result = fuzz(keys)
    text = write_report(result) if keys is None else summary(result)
    print(text)
    print("\n".join(failure_lines(result)))
    print(f"{len(result['outcomes'])} probes in {time.monotonic() - t0:.0f} s")
