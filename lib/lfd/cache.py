"""Long computations of the notebooks, done once per input and shared by the commands that run them.

A notebook that trains many nets for a solution writes
``copies = cached(train_copies, candidates, epochs=500)`` instead of
``copies = train_copies(candidates, epochs=500)``. Without the environment
variable ``LFD_CACHE`` (a reader's notebook) that is the same call. With it,
as ``make book`` and ``make test`` set it, the result and whatever the call
printed are kept in that folder, and the next run of the notebook with the
same inputs (the website's build, the student edition, the notebook under
nbval) replays them instead of computing again.

The key holds everything the result depends on: the function's source and
the source of the functions and classes of its own module that it names
(one level down, and so on), its arguments, the source of every module of
``lfd``, and the versions of Python and numpy. Change any of them and the
call runs again.

>>> cached(sum, [1, 2, 3])
6
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import io
import os
import pathlib
import pickle
import platform
import sys
import types

import numpy as np

from lfd._validate import check_callable

#: Environment variable naming the folder of kept results (unset: no cache).
CACHE_ENV = "LFD_CACHE"


def cached(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, kept in the folder ``$LFD_CACHE`` (with what it printed) and
    replayed when the same call comes again; without ``LFD_CACHE``, simply the call.

    The arguments must be picklable (numbers, strings, arrays, lists ...), and so must the
    result when a folder is set.
    """
    check_callable(fn, "fn")
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        return fn(*args, **kwargs)
    path = pathlib.Path(folder) / f"{_key(fn, args, kwargs)}.pickle"
    if path.is_file():
        try:
            printed, result = pickle.loads(path.read_bytes())
        except Exception:  # a torn or stale file: compute again
            pass
        else:
            sys.stdout.write(printed)
            return result
    printed = io.StringIO()
    with contextlib.redirect_stdout(_Tee(printed, sys.stdout)):
        result = fn(*args, **kwargs)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(pickle.dumps((printed.getvalue(), result), protocol=4))
    os.replace(partial, path)  # readers see a whole file or none
    return result


class _Tee(io.TextIOBase):
    """Writes go to both streams: the reader sees the output as it comes, and it is kept."""

    def __init__(self, kept, shown):
        self.kept, self.shown = kept, shown

    def write(self, text):
        self.kept.write(text)
        return self.shown.write(text)

    def flush(self):
        self.shown.flush()


def _key(fn, args, kwargs):
    try:
        arguments = pickle.dumps((args, sorted(kwargs.items())), protocol=4)
    except Exception as error:
        raise TypeError(f"cached needs picklable arguments for {_name(fn)}: {error}") from None
    digest = hashlib.sha256()
    for part in (_name(fn).encode(), _sources(fn).encode(), arguments, _library().encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:32]


def _name(fn):
    return getattr(fn, "__qualname__", type(fn).__name__)


def _sources(fn):
    """The source of ``fn`` and of the functions and classes of its module that it names,
    followed name by name (builtins and other modules' objects stand for themselves)."""
    seen, texts, todo = set(), [], [fn]
    module = getattr(fn, "__module__", None)
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        try:
            texts.append(inspect.getsource(obj))
        except (OSError, TypeError):
            texts.append(repr(obj))
        code = getattr(obj, "__code__", None)
        if code is None or not isinstance(getattr(obj, "__globals__", None), dict):
            continue
        for name in sorted(_names(code)):
            value = obj.__globals__.get(name)
            if (inspect.isfunction(value) or inspect.isclass(value)) and value.__module__ == module:
                todo.append(value)
    return "\n".join(texts)


def _names(code):
    """The global names a code object uses, with those of its nested functions and comprehensions."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


@functools.cache
def _library():
    """The source of every module of lfd, and the versions that shape its numbers."""
    root = pathlib.Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return f"{digest.hexdigest()} python {platform.python_version()} numpy {np.__version__}"
