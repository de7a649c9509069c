"""One validation policy for every public function of ``lfd``.

scikit-learn's manner: a wrong *type* raises ``TypeError``, a wrong *value*
raises ``ValueError``, and every message names the caller's argument (as the
caller wrote it, e.g. ``widths[1]``), says what was expected and what came.
Public functions validate once, at their door; internal helpers trust them.

>>> check_int(3, "n")
3
>>> check_int(6.0, "n")
Traceback (most recent call last):
TypeError: n must be an integer, got 6.0 (float)
>>> check_int(0, "batch_size", min=1)
Traceback (most recent call last):
ValueError: batch_size must be >= 1, got 0
"""

from __future__ import annotations

import math
import numbers
import operator

import numpy as np

#: Counts above this are refused before anything is allocated.
MAX_COUNT = 10**8


def _show(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_int(value, name, *, min=None, max=MAX_COUNT):
    """``value`` as a Python int in [min, max], or raise naming ``name``.

    bool, float (even 6.0), str and None are refused with TypeError; numpy
    integers are accepted.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_show(value)} ({type(value).__name__})")
    value = operator.index(value)
    if min is not None and value < min:
        raise ValueError(f"{name} must be >= {min}, got {value}")
    if max is not None and value > max:
        raise ValueError(f"{name} must be <= {max}, got {value}")
    return value


def check_ints(values, name, *, min=None, max=MAX_COUNT, length=None):
    """A sequence of integers (e.g. layer widths), each checked as ``name[i]``."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a sequence of integers, got {_show(values)}")
    if length is not None and len(values) < length:
        raise ValueError(f"{name} must hold at least {length} integers, got {len(values)}")
    return [check_int(v, f"{name}[{i}]", min=min, max=max) for i, v in enumerate(values)]


def check_real(value, name, *, min=None, max=None, min_open=False, max_open=False,
               finite=True):
    """``value`` as a float in the given interval, or raise naming ``name``.

    NaN is always refused; infinity is refused when ``finite`` (the default).
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_show(value)} ({type(value).__name__})")
    value = float(value)
    if math.isnan(value) or (finite and math.isinf(value)):
        raise ValueError(f"{name} must be a finite real number, got {value}")
    low = min is not None and (value <= min if min_open else value < min)
    high = max is not None and (value >= max if max_open else value > max)
    if low or high:
        left = "(" if min_open else "["
        right = ")" if max_open else "]"
        lo = "-inf" if min is None else f"{min:g}"
        hi = "inf" if max is None else f"{max:g}"
        if min is None:
            left = "("
        if max is None:
            right = ")"
        raise ValueError(f"{name} must lie in {left}{lo}, {hi}{right}, got {value:g}")
    return value


def check_array(x, name, *, ndim=None, shape=None, dtype=np.float64, finite=True,
                min_size=0):
    """``x`` as a real ndarray, checked; or raise naming ``name``.

    Parameters
    ----------
    ndim : int or tuple of int, optional
        Allowed numbers of axes.
    shape : tuple, optional
        Required shape; ``None`` entries are free (e.g. ``(None, 2)``).
    dtype : numpy dtype, None or "same"
        Cast to this dtype (default float64). ``None`` keeps float32 and
        float64 and casts the other real kinds to float64; ``"same"`` casts nothing.
    finite : bool
        Refuse NaN and infinity.
    min_size : int
        Smallest number of entries (1 refuses an empty array).
    """
    if x is None:
        raise TypeError(f"{name} must be an array of real numbers, got None")
    try:
        x = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of real numbers: {err}") from None
    if x.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if x.ndim not in allowed:
            want = " or ".join(str(a) for a in allowed)
            raise ValueError(f"{name} must have {want} dimensions, got shape {x.shape}")
    if shape is not None:
        if x.ndim != len(shape) or any(s is not None and s != n for s, n in zip(shape, x.shape)):
            want = "(" + ", ".join("n" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
            raise ValueError(f"{name} must have shape {want}, got {x.shape}")
    if x.size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} entries, got shape {x.shape}")
    if dtype is None:
        if x.dtype not in (np.float32, np.float64):
            x = x.astype(np.float64)
    elif isinstance(dtype, str) and dtype == "same":
        pass
    elif x.dtype != dtype:
        x = x.astype(dtype)
    if finite and x.dtype.kind == "f" and not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must hold finite values, got NaN or infinity")
    return x


def check_float_array(x, name):
    """``x`` as a float32/64 array that may hold NaN and inf (an inner step of a run); such
    an ndarray passes as it is, with no copy and no scan (the hot path of layers)."""
    if type(x) is np.ndarray and x.dtype.char in "fd":
        return x
    return check_array(x, name, dtype=None, finite=False)

def check_interval(interval, name):
    """``(low, high)`` as floats, low < high and a finite width high - low."""
    low, high = (float(v) for v in check_array(interval, name, shape=(2,)))
    if not (low < high and math.isfinite(high - low)):
        raise ValueError(f"{name} must be (low, high) with low < high and a finite width, "
                         f"got {_show(interval)}")
    return low, high


def check_labels(y, name, *, n, classes=None):
    """Integer labels, shape (n,), each in ``classes`` (default any integer)."""
    y = np.asarray(y)
    if y.dtype.kind not in "biuf" or y.dtype.kind == "b":
        raise TypeError(f"{name} must hold integer labels, got dtype {y.dtype}")
    if y.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {y.shape}")
    if y.dtype.kind == "f":
        if not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
            raise ValueError(f"{name} must hold integer labels, got non-integer values")
        y = y.astype(np.int64)
    if classes is not None:
        bad = ~np.isin(y, list(classes))
        if np.any(bad):
            raise ValueError(f"{name} must take values in {sorted(classes)}, got {y[bad][0]}")
    return y


def check_choice(value, name, choices):
    """``value`` if it is one of ``choices``, else ValueError listing them."""
    try:
        ok = value in choices
    except TypeError:  # unhashable value
        ok = False
    if not ok:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {_show(value)}")
    return value


def check_callable(value, name):
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {type(value).__name__}")
    return value


def check_rng(rng, name="rng"):
    """``np.random.default_rng(rng)`` for None, an int >= 0 or a Generator."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, (bool, np.bool_)) or not isinstance(rng, numbers.Integral):
        raise TypeError(f"{name} must be None, an integer seed or a numpy Generator, "
                        f"got {_show(rng)} ({type(rng).__name__})")
    if rng < 0:
        raise ValueError(f"{name} must be a non-negative seed, got {rng}")
    return np.random.default_rng(int(rng))


def check_dtype(dtype, name="dtype"):
    """``np.dtype(dtype)``, a floating type, or TypeError naming ``name``."""
    try:
        dtype = np.dtype(dtype)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a floating type, got {_show(dtype)}") from None
    if dtype.kind != "f":
        raise TypeError(f"{name} must be a floating type, got {dtype}")
    return dtype


def check_list(values, name, what="arrays"):
    """``values`` (a list, tuple or other iterable, not a string) as a list, or TypeError."""
    if values is None or isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of {what}, got {_show(values)} ({type(values).__name__})")
    return list(values)


def check_same_length(name_a, a, name_b, b):
    if len(a) != len(b):
        raise ValueError(f"{name_a} and {name_b} must have the same length, got {len(a)} and {len(b)}")
