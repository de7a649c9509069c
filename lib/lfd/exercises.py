"""Check answers to the problem sets without revealing them.

answers.json holds a salted SHA-256 digest of each answer's normal form (integers exact,
reals to the stored significant digits, text in lower case); tools/record_answer.py adds one.
"""

import hashlib
import json
import math
import numbers
import pathlib
import re

import numpy as np

from lfd._validate import check_int

ANSWERS = pathlib.Path(__file__).with_name("answers.json")
_SALT = "lfd/learning-from-data/part-VII"
DEFAULT_SIG = 3
_KINDS = (("text", str), ("bool", (bool, np.bool_)), ("int", numbers.Integral),
          ("real", numbers.Real), ("seq", (list, tuple, np.ndarray)))
_EXPECTS = {"text": "a text answer", "bool": "True or False", "seq": "a sequence of numbers"}


def _kind(answer):
    kind = next((kind for kind, types in _KINDS if isinstance(answer, types)), None)
    if kind is None and not hasattr(answer, "__float__"):  # sympy numbers are reals
        raise TypeError("answer must be a number, a sequence of numbers or a string, "
                        f"got {type(answer).__name__}")
    return kind or "real"


def _normal(answer, kind, sig, nudge=0.0):
    """The canonical text of ``answer`` read as ``kind``."""
    if kind == "text" and isinstance(answer, str):
        return "text:" + " ".join(answer.lower().split())
    if kind == "bool" and isinstance(answer, (bool, np.bool_)):
        return f"bool:{bool(answer)}"
    if kind == "seq" and hasattr(answer, "__len__") and not isinstance(answer, (str, bytes)):
        items = np.asarray(answer, dtype=object).ravel()
        return _seq_normal([_normal(x, "real", sig, nudge) for x in items])
    if kind in _EXPECTS:
        raise TypeError(f"this problem expects {_EXPECTS[kind]}, got {type(answer).__name__}")
    try:
        x = float(answer)
    except (TypeError, ValueError):
        raise TypeError(f"this problem expects a number, got {type(answer).__name__}") from None
    if not math.isfinite(x):
        raise ValueError(f"answer must be finite, got {x}")
    if kind == "int":  # a float that is not whole cannot match an integer answer
        exact = int(answer) if isinstance(answer, numbers.Integral) else int(round(x))
        return f"int:{exact}" if x == round(x) else f"real:{x!r}"
    x *= 1 + nudge
    return "real:0" if x == 0 else "real:" + format(float(f"{x:.{sig}g}"), f".{sig}g")


def _seq_normal(parts):
    """The canonical text of a sequence whose items have the canonical texts ``parts``."""
    return f"seq{len(parts)}:" + ",".join(parts)


def _digest(problem_id, normal):
    return hashlib.sha256(f"{_SALT}|{problem_id}|{normal}".encode()).hexdigest()


def check(problem_id, answer, *, quiet=False):
    """Print (unless ``quiet``) and return whether ``answer`` is right for ``problem_id``.

    >>> check("demo.r42", 11)
    ✓ demo.r42: correct
    True
    >>> check("demo.r42", 12)
    ✗ demo.r42: not this one, try again
    False
    """
    answers = json.loads(ANSWERS.read_text()) if ANSWERS.exists() else {}
    entry = answers.get(problem_id) if isinstance(problem_id, str) else None
    if entry is None:
        near = sorted(k for k in answers if k.split(".")[:2] == str(problem_id).split(".")[:2])
        raise ValueError(f"no stored answer for problem_id={problem_id!r}"
                         + (f"; known in this set: {', '.join(near)}" if near else ""))
    ok = _accepts(problem_id, entry, answer)
    if not quiet:
        print(f"✓ {problem_id}: correct" if ok else f"✗ {problem_id}: not this one, try again")
    return ok


def _accepts(problem_id, entry, answer):
    """Whether ``answer`` matches the stored ``entry`` (a value of answers.json) of ``problem_id``.

    The comparison :func:`check` makes, without reading the file or printing.
    """
    kind, sig = entry["kind"], entry["sig"] or DEFAULT_SIG
    if kind == "int" and _kind(answer) == "seq":
        raise TypeError(f"{problem_id} expects a single integer, got a sequence")
    return any(_digest(problem_id, _normal(answer, kind, sig, n)) == entry["digest"]
               for n in _nudges(sig))


def _nudges(sig):
    """The relative nudges an answer is also tried with: it may lie on a rounding boundary."""
    eps = 0.5 * 10.0 ** -sig
    return 0.0, eps / 10, -eps / 10


def record(problem_id, answer, *, sig: int | None = None, path=None):
    """Store the digest of ``answer`` for ``problem_id`` (reals to ``sig`` digits) in ``path``."""
    if not isinstance(problem_id, str) or not re.fullmatch(r"[A-Za-z0-9_.\-]+", problem_id):
        raise ValueError(f"problem_id must be letters, digits, '.', '-' or '_', got {problem_id!r}")
    kind = _kind(answer)
    if sig is not None:
        sig = check_int(sig, "sig", min=1, max=17)
    elif kind == "seq" and all(float(x).is_integer() for x in np.ravel(answer)):
        sig = 15  # a sequence of integers is compared exactly
    sig, path = sig or DEFAULT_SIG, pathlib.Path(path or ANSWERS)
    answers = json.loads(path.read_text()) if path.exists() else {}
    answers[problem_id] = {"kind": kind, "sig": sig if kind in ("real", "seq") else None,
                           "digest": _digest(problem_id, _normal(answer, kind, sig))}
    path.write_text(json.dumps(dict(sorted(answers.items())), indent=1) + "\n")
    return answers[problem_id]
