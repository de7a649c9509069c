"""Support vector machines by subgradient descent, and the kernel trick (Strang §VII.5).

A linear SVM looks for a hyperplane :math:`w^T v = b` with the plus points
on one side and the minus points on the other, as far from both as
possible. Strang's soft-margin problem (§VII.5, eq. (1)) is

.. math::
    \\min_{w, b}\\; \\frac1n \\sum_{i=1}^n \\max\\bigl(0,\\, 1 - y_i(w^T v_i - b)\\bigr)
    + \\lambda \\|w\\|^2 ,

the mean hinge loss (:func:`lfd.losses.hinge`) plus a penalty. It is
convex but not differentiable at the kinks, so we descend along a
*subgradient*. On separable data, once :math:`\\lambda` is small enough,
its minimizer is exactly the hard-margin separator (minimize
:math:`\\|w\\|` subject to :math:`y_i(w^T v_i - b) \\ge 1`); the margin, the
distance from the separator to the nearest points, is :math:`1/\\|w\\|`.

The kernel trick replaces dot products :math:`v_i^T v_j` by a kernel
:math:`K(v_i, v_j) = N(v_i)^T N(v_j)` of transformed features that are never
formed: :func:`rbf_kernel`, :func:`polynomial_kernel`. A kernel SVM
(:class:`KernelSVM`) and kernel ridge regression (:func:`kernel_ridge`)
then separate a ball from the ring around it, which no straight line can.

Conventions: samples are the rows of ``X`` (n, m); labels ``y`` are -1 or +1;
scores are :math:`w^T v - b` (the book's sign of b).

Strang §VII.5 ("Support vector machines", "The kernel trick"); chapter
chapters/05-world-of-ml.ipynb.
"""

from __future__ import annotations

import numbers

import numpy as np

from lfd.losses import hinge

__all__ = [
    "linear_kernel",
    "polynomial_kernel",
    "rbf_kernel",
    "LinearSVM",
    "KernelSVM",
    "kernel_ridge",
]


# ------------------------------------------------------------ validation


def _matrix(X, name):
    X = np.asarray(X)
    if X.dtype == object or not np.issubdtype(X.dtype, np.number) or np.iscomplexobj(X):
        raise TypeError(f"{name} must be a real numeric array, got dtype {X.dtype}")
    if X.ndim != 2:
        raise ValueError(f"{name} must have shape (n, m) (samples in rows), got {X.shape}")
    return X.astype(np.float64, copy=False)


def _pair(X, Y):
    X = _matrix(X, "X")
    Y = X if Y is None else _matrix(Y, "Y")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"X and Y must have the same number of features, got {X.shape[1]} and {Y.shape[1]}")
    return X, Y


def _labels(y, n):
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},), one label per row of X, got {y.shape}")
    if not np.all((y == 1) | (y == -1)):
        raise ValueError("y must hold labels -1 or +1; for labels 0/1 pass 2 * y - 1")
    if np.all(y == y[0]):
        raise ValueError("y holds a single class; an SVM needs plus and minus points")
    return y.astype(np.float64)


def _positive(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _count(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


# ---------------------------------------------------------------- kernels


def linear_kernel(X, Y=None):
    """The plain dot products K_ij = x_iᵀ y_j.

    Parameters
    ----------
    X : array_like, shape (n, m)
    Y : array_like, shape (p, m), optional
        Default: ``X`` (the Gram matrix of the samples).

    Returns
    -------
    K : ndarray, shape (n, p)

    Examples
    --------
    >>> linear_kernel([[1.0, 2.0], [0.0, 1.0]])
    array([[5., 2.],
           [2., 1.]])
    """
    X, Y = _pair(X, Y)
    return X @ Y.T


def polynomial_kernel(X, Y=None, degree=2, c=1.0):
    """K_ij = (x_iᵀ y_j + c)^degree: all monomials up to that degree, never formed.

    Parameters
    ----------
    X : array_like, shape (n, m)
    Y : array_like, shape (p, m), optional
    degree : int >= 1, default 2
    c : float >= 0, default 1

    Returns
    -------
    K : ndarray, shape (n, p)

    Notes
    -----
    For m = 2, degree 2 and c = 1 the hidden features are
    :math:`N(v) = (1, \\sqrt2 v_1, \\sqrt2 v_2, v_1^2, \\sqrt2 v_1 v_2, v_2^2)`:
    :math:`(v^T u + 1)^2 = N(v)^T N(u)`. They include :math:`v_1^2` and
    :math:`v_2^2`, so a circle is a hyperplane in that space.

    Examples
    --------
    >>> polynomial_kernel([[1.0, 2.0]], [[3.0, -1.0]])     # (3 - 2 + 1)^2
    array([[4.]])
    """
    X, Y = _pair(X, Y)
    degree = _count(degree, "degree")
    if not (isinstance(c, numbers.Real) and np.isfinite(c) and c >= 0):
        raise ValueError(f"c must be a nonnegative number, got {c!r}")
    return (X @ Y.T + c) ** degree


def rbf_kernel(X, Y=None, sigma=1.0):
    """The Gaussian (radial basis function) kernel exp(-‖x_i - y_j‖² / 2σ²).

    Parameters
    ----------
    X : array_like, shape (n, m)
    Y : array_like, shape (p, m), optional
    sigma : float > 0, default 1
        Width: points much farther apart than σ hardly see each other.

    Returns
    -------
    K : ndarray, shape (n, p)
        Entries in (0, 1], ones on the diagonal when Y is X.

    Notes
    -----
    Strang writes it :math:`\\exp(-\\|v_i - v_j\\|^2/2\\sigma^2)` (§VII.5, with
    §III.3). Its feature map N is infinite-dimensional, yet K is always
    positive semidefinite, so it is a dot product of *some* features.
    scikit-learn's ``rbf_kernel`` uses ``gamma`` = :math:`1/(2\\sigma^2)`.

    The squared distances are computed as
    :math:`\\|x\\|^2 + \\|y\\|^2 - 2x^Ty` and clipped at 0 against rounding.

    Examples
    --------
    >>> K = rbf_kernel([[0.0, 0.0], [1.0, 0.0]], sigma=1.0)
    >>> K.round(4)                                  # e^(-1/2) = 0.6065
    array([[1.    , 0.6065],
           [0.6065, 1.    ]])
    """
    X, Y = _pair(X, Y)
    sigma = _positive(sigma, "sigma")
    sq = np.sum(X * X, axis=1)[:, None] + np.sum(Y * Y, axis=1)[None, :] - 2.0 * (X @ Y.T)
    return np.exp(-np.maximum(sq, 0.0) / (2.0 * sigma * sigma))


def _kernel_function(kernel, sigma, degree):
    if callable(kernel):
        return kernel
    if kernel == "rbf":
        return lambda X, Y=None: rbf_kernel(X, Y, sigma)
    if kernel == "linear":
        return linear_kernel
    if kernel == "poly":
        return lambda X, Y=None: polynomial_kernel(X, Y, degree)
    raise ValueError(f"kernel must be 'rbf', 'linear', 'poly' or a function K(X, Y), got {kernel!r}")


# -------------------------------------------------- subgradient descent


def _best_bias(z, y):
    """The b that minimizes the mean hinge loss of the scores z - b, for fixed z.

    Each term max(0, 1 - y_i(z_i - b)) is piecewise linear in b with its kink
    at b = z_i - y_i: for a plus point it is 0 left of the kink and has slope
    +1 right of it, for a minus point slope -1 left of it and 0 right. So the
    slope of the sum just right of a kink is (plus kinks at or left of it)
    minus (minus kinks right of it), a nondecreasing count; the minimum is at
    the first kink where it is >= 0 (the middle of the flat stretch if it is
    exactly 0 there). A weighted median, found by one sort.
    """
    kinks = z - y
    order = np.argsort(kinks, kind="stable")
    k, plus = kinks[order], y[order] > 0
    slope = np.cumsum(plus) - (np.count_nonzero(~plus) - np.cumsum(~plus))
    j = int(np.searchsorted(slope, 0, side="left"))
    if j >= len(k) - 1:
        return float(k[-1])
    return float(0.5 * (k[j] + k[j + 1]) if slope[j] == 0 else k[j])


class LinearSVM:
    """Soft-margin linear SVM, trained by subgradient descent on hinge loss + λ‖w‖².

    Parameters
    ----------
    lam : float > 0, default 0.01
        The penalty λ of Strang §VII.5, eq. (1). Smaller λ asks for fewer
        margin violations; on separable data a small enough λ gives the
        hard margin exactly.
    n_iter : int, default 20000
        Number of subgradient steps.
    batch_size : int, optional
        Samples per step of w (drawn without replacement each step);
        default: all n (full-batch subgradient descent). The bias is always
        computed from all n samples.
    average : bool, default True
        Return the mean of the iterates over the second half of the run
        rather than the last iterate (the last iterate of a subgradient
        method keeps jittering around the kink it converges to).
    rng : None, int or numpy.random.Generator
        Used only when ``batch_size`` < n.

    Attributes (after :meth:`fit`)
    ------------------------------
    w : ndarray, shape (m,)
    b : float
        The separator is w^T v = b.
    objective : ndarray, shape (n_iter,)
        The objective (1/n) Σ hinge + λ‖w‖² at each iterate, on all samples.

    Notes
    -----
    The bias is not penalized, so the objective is strongly convex in w but
    not in b. We therefore take b exactly: for the current w, the best b is
    a weighted median of the numbers :math:`w^T v_i - y_i` (one sort, see
    ``_best_bias``), and we descend on the function of w that remains. With
    scores :math:`z_i = w^T v_i - b`, :func:`lfd.losses.hinge` returns the
    mean hinge loss and its subgradient :math:`g_i = \\partial/\\partial z_i`
    (it is :math:`-y_i/n` for a sample inside the margin, 0 otherwise), and
    the chain rule through :math:`z = Xw - b` gives the step

    .. math::
        w \\leftarrow w - s_k\\,(X^T g + 2\\lambda w), \\qquad
        s_k = \\frac{1}{2\\lambda k},

    the classic step for a function :math:`2\\lambda`-strongly convex in w
    (Pegasos). Descending on b as well, with the same steps, is much worse:
    nothing makes the objective strongly convex in b, and steps that add up
    to only about :math:`\\log(k)/2\\lambda` cannot carry it far.

    The problem is the one scikit-learn's
    ``SVC(kernel="linear", C=C)`` solves with :math:`C = 1/(2n\\lambda)`
    (multiply the objective by :math:`nC`), so the two can be compared.
    The hard-margin solution is reached as soon as :math:`C` exceeds every
    dual coefficient :math:`\\alpha_i` of the hard-margin problem.

    Strang §VII.5, eq. (1); chapter chapters/05-world-of-ml.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[2.0, 0.0], [3.0, 1.0], [-2.0, 0.0], [-3.0, -1.0]])
    >>> y = np.array([1, 1, -1, -1])
    >>> svm = LinearSVM(lam=0.5, n_iter=5000).fit(X, y)
    >>> round(svm.margin, 3)          # the gap is 4 wide: margin 2
    2.0
    >>> svm.predict([[1.0, 5.0], [-1.0, 5.0]])
    array([ 1., -1.])
    """

    def __init__(self, lam=0.01, n_iter=20000, *, batch_size=None, average=True, rng=None):
        self.lam = lam
        self.n_iter = n_iter
        self.batch_size = batch_size
        self.average = average
        self.rng = rng

    def __repr__(self):
        return f"LinearSVM(lam={self.lam!r}, n_iter={self.n_iter!r})"

    def fit(self, X, y):
        """Run the subgradient descent on samples ``X`` (n, m) with labels ``y`` in {-1, +1}."""
        X = _matrix(X, "X")
        n, m = X.shape
        y = _labels(y, n)
        lam = _positive(self.lam, "lam")
        n_iter = _count(self.n_iter, "n_iter")
        batch = n if self.batch_size is None else min(_count(self.batch_size, "batch_size"), n)
        rng = np.random.default_rng(self.rng)
        w = np.zeros(m)
        w_sum, counted = np.zeros(m), 0
        objective = np.empty(n_iter)
        for k in range(1, n_iter + 1):
            Xw = X @ w
            b = _best_bias(Xw, y)                    # the best b for this w, exactly
            z = Xw - b
            objective[k - 1] = hinge(z, y)[0] + lam * (w @ w)
            rows = slice(None) if batch == n else rng.choice(n, batch, replace=False)
            _, g = hinge(z[rows], y[rows])           # subgradient of the mean hinge in z
            w = w - (X[rows].T @ g + 2.0 * lam * w) / (2.0 * lam * k)   # chain rule through z = Xw - b
            if self.average and 2 * k > n_iter:
                w_sum += w
                counted += 1
        if self.average:
            w = w_sum / counted
        self.w, self.b, self.objective = w, _best_bias(X @ w, y), objective
        return self

    def _fitted(self):
        if not hasattr(self, "w"):
            raise RuntimeError("call fit(X, y) first")

    def decision_function(self, X):
        """Scores w^T v - b for the rows v of ``X``; their sign is the class."""
        self._fitted()
        X = _matrix(X, "X")
        if X.shape[1] != self.w.shape[0]:
            raise ValueError(f"X must have {self.w.shape[0]} features, got {X.shape[1]}")
        return X @ self.w - self.b

    def predict(self, X):
        """Classes +1 / -1 (0 exactly on the separator)."""
        return np.sign(self.decision_function(X))

    @property
    def margin(self):
        """1/‖w‖: the distance from the separator to the planes w^T v - b = ±1."""
        self._fitted()
        return float(1.0 / np.linalg.norm(self.w))


class KernelSVM:
    """Soft-margin SVM with a kernel, by subgradient descent in function space.

    Parameters
    ----------
    kernel : {"rbf", "poly", "linear"} or callable, default "rbf"
        A function ``K(X, Y)`` returning the matrix of K(x_i, y_j), or the
        name of one of this module's kernels.
    sigma : float, default 1
        Width of the RBF kernel.
    degree : int, default 2
        Degree of the polynomial kernel.
    lam : float > 0, default 0.01
        Penalty on the squared norm of f (its size in the kernel's space).
    n_iter : int, default 3000
    average : bool, default True

    Attributes (after :meth:`fit`)
    ------------------------------
    a : ndarray, shape (n,)
        Coefficients of :math:`f(v) = \\sum_j a_j K(v_j, v) - b`.
    b : float
    X : ndarray, shape (n, m)
        The training samples (f needs them).
    objective : ndarray, shape (n_iter,)

    Notes
    -----
    The linear SVM with features N(v) in place of v has
    :math:`w = \\sum_j a_j N(v_j)`, so :math:`w^T N(v) = \\sum_j a_j K(v_j, v)` and
    :math:`\\|w\\|^2 = a^T K a`: only the kernel matrix is ever needed. The
    subgradient step of :class:`LinearSVM`, written for w, becomes a step on
    the coefficients:

    .. math::
        a \\leftarrow a - s_k (g + 2\\lambda a),

    with :math:`g` the hinge subgradient at the scores :math:`z = Ka - b`
    and b, as there, the best bias for the current scores :math:`Ka`.
    (This is the step for w expressed in the coefficients; the plain
    gradient in a would carry an extra factor K.) Comparable to
    ``SVC(kernel=..., C=1/(2nλ))``.

    Strang §VII.5 ("The kernel trick"); chapter chapters/05-world-of-ml.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 0.0], [0.2, 0.1], [3.0, 0.0], [0.0, -3.0], [-3.0, 0.5]])
    >>> y = np.array([1, 1, -1, -1, -1])        # a ball and points around it
    >>> svm = KernelSVM(sigma=1.0, lam=0.01, n_iter=2000).fit(X, y)
    >>> svm.predict(X)
    array([ 1.,  1., -1., -1., -1.])
    """

    def __init__(self, kernel="rbf", *, sigma=1.0, degree=2, lam=0.01, n_iter=3000, average=True):
        self.kernel = kernel
        self.sigma = sigma
        self.degree = degree
        self.lam = lam
        self.n_iter = n_iter
        self.average = average

    def __repr__(self):
        return f"KernelSVM(kernel={self.kernel!r}, lam={self.lam!r}, n_iter={self.n_iter!r})"

    def fit(self, X, y):
        """Run the subgradient descent on samples ``X`` (n, m) with labels ``y`` in {-1, +1}."""
        X = _matrix(X, "X")
        n = X.shape[0]
        y = _labels(y, n)
        lam = _positive(self.lam, "lam")
        n_iter = _count(self.n_iter, "n_iter")
        self._K = _kernel_function(self.kernel, self.sigma, self.degree)
        K = np.asarray(self._K(X, X), dtype=np.float64)
        if K.shape != (n, n):
            raise ValueError(f"the kernel returned shape {K.shape} for {n} samples, expected ({n}, {n})")
        a = np.zeros(n)
        a_sum, counted = np.zeros(n), 0
        objective = np.empty(n_iter)
        for k in range(1, n_iter + 1):
            Ka = K @ a
            z = Ka - _best_bias(Ka, y)
            loss, g = hinge(z, y)
            objective[k - 1] = loss + lam * (a @ Ka)
            a = a - (g + 2.0 * lam * a) / (2.0 * lam * k)
            if self.average and 2 * k > n_iter:
                a_sum += a
                counted += 1
        if self.average:
            a = a_sum / counted
        self.a, self.b, self.X, self.objective = a, _best_bias(K @ a, y), X, objective
        return self

    def decision_function(self, X):
        """Scores f(v) = Σ_j a_j K(v_j, v) - b for the rows v of ``X``."""
        if not hasattr(self, "a"):
            raise RuntimeError("call fit(X, y) first")
        X = _matrix(X, "X")
        return np.asarray(self._K(X, self.X)) @ self.a - self.b

    def predict(self, X):
        """Classes +1 / -1 (0 exactly on the boundary)."""
        return np.sign(self.decision_function(X))


def kernel_ridge(K, y, lam):
    """Coefficients a = (K + λI)⁻¹ y of kernel ridge regression.

    Parameters
    ----------
    K : array_like, shape (n, n)
        Kernel matrix of the training samples (symmetric positive
        semidefinite).
    y : array_like, shape (n,) or (n, k)
        Targets (for classification, the labels ±1).
    lam : float > 0
        Ridge penalty λ.

    Returns
    -------
    a : ndarray, shape of y
        Predictions at new points are ``K_new @ a`` with
        ``K_new[i, j] = K(u_i, v_j)``.

    Notes
    -----
    Ridge regression minimizes :math:`\\|y - Nw\\|^2 + \\lambda\\|w\\|^2` over w,
    with the features N(v_i) in the rows of N. Its solution
    :math:`w = (N^TN + \\lambda I)^{-1}N^Ty` equals
    :math:`N^T(NN^T + \\lambda I)^{-1} y = N^T a` (push the matrices through),
    and :math:`NN^T = K`. So the prediction :math:`N(u)^T w = \\sum_j a_j K(v_j, u)`
    needs only kernel values: the kernel trick for least squares, with the
    ridge penalty of Strang §VII.4 ("Regularization"). λ > 0 makes
    K + λI positive definite, so the solve (Cholesky) always succeeds.

    Examples
    --------
    >>> import numpy as np
    >>> K = np.array([[2.0, 1.0], [1.0, 2.0]])
    >>> kernel_ridge(K, [1.0, -1.0], lam=1.0)        # (K + I) a = y
    array([ 0.5, -0.5])
    """
    K = _matrix(K, "K")
    n = K.shape[0]
    if K.shape != (n, n):
        raise ValueError(f"K must be square, got shape {K.shape}")
    if not np.allclose(K, K.T, rtol=1e-10, atol=1e-12):
        raise ValueError("K must be symmetric (a kernel matrix of the training samples)")
    y = np.asarray(y, dtype=np.float64)
    if y.shape[:1] != (n,) or y.ndim > 2:
        raise ValueError(f"y must have shape ({n},) or ({n}, k), got {y.shape}")
    lam = _positive(lam, "lam")
    C = np.linalg.cholesky(K + lam * np.eye(n))
    return np.linalg.solve(C.T, np.linalg.solve(C, y))
