"""Support vector machines by subgradient descent, and the kernel trick (Strang §VII.5).

The soft-margin SVM minimizes the mean hinge loss plus λ‖w‖² (§VII.5,
eq. (1)); on separable data a small enough λ gives the hard margin 1/‖w‖.
Kernels K(v_i, v_j) = N(v_i)ᵀN(v_j) replace dot products of features that
are never formed. Samples are the rows of ``X`` (n, m), labels are ±1,
scores are wᵀv - b (the book's sign of b). Chapter 05-world-of-ml.
"""

from __future__ import annotations

import numpy as np

from lfd._validate import (check_array, check_choice, check_int, check_labels, check_real,
                           check_rng)
from lfd.losses import hinge

__all__ = ["linear_kernel", "polynomial_kernel", "rbf_kernel", "laplacian_kernel", "LinearSVM",
           "KernelSVM", "kernel_ridge"]

KERNELS = ("rbf", "linear", "poly")


def _pair(X, Y):
    X = check_array(X, "X", ndim=2)
    Y = X if Y is None else check_array(Y, "Y", ndim=2)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"X and Y must have the same number of features, got {X.shape[1]} and {Y.shape[1]}")
    return X, Y


def _signed_labels(y, n):
    y = check_labels(y, "y", n=n, classes=(-1, 1))
    if np.all(y == y[0]):
        raise ValueError("y holds a single class; an SVM needs plus and minus points")
    return y.astype(np.float64)


def _positive(value, name):
    return check_real(value, name, min=0.0, min_open=True)


def _lam(lam):
    """The penalty λ, bounded so that the steps 1/(2λk) and λ‖w‖² stay finite."""
    return check_real(lam, "lam", min=1e-8, max=1e8)


def linear_kernel(X, Y=None):
    """The plain dot products K_ij = x_iᵀ y_j of rows X (n, m) and Y (p, m, default X): (n, p).

    >>> linear_kernel([[1.0, 2.0], [0.0, 1.0]])
    array([[5., 2.],
           [2., 1.]])
    """
    X, Y = _pair(X, Y)
    return X @ Y.T


def polynomial_kernel(X, Y=None, degree: int = 2, c=1.0):
    """K_ij = (x_iᵀ y_j + c)^degree: all monomials up to that degree, never formed.

    X (n, m), Y (p, m) (default X), degree int >= 1, c float >= 0; returns (n, p),
    or ValueError if an entry overflows the float range.
    For m = 2, degree 2, c = 1 the features are (1, √2v₁, √2v₂, v₁², √2v₁v₂, v₂²).

    >>> polynomial_kernel([[1.0, 2.0]], [[3.0, -1.0]])     # (3 - 2 + 1)^2
    array([[4.]])
    """
    X, Y = _pair(X, Y)
    degree = check_int(degree, "degree", min=1)
    c = check_real(c, "c", min=0.0)
    with np.errstate(over="ignore"):
        K = (X @ Y.T + c) ** degree
    if not np.all(np.isfinite(K)):
        raise ValueError(f"(x·y + c)^degree overflows for these X, Y, c={c:g} and degree={degree}")
    return K


def rbf_kernel(X, Y=None, sigma=1.0):
    """The Gaussian kernel exp(-‖x_i - y_j‖² / 2σ²) (Strang §VII.5 with §III.3).

    X (n, m), Y (p, m) (default X), sigma > 0 (scikit-learn's gamma = 1/2σ²);
    returns (n, p), entries in [0, 1], exactly 1 where x_i = y_j, for all finite inputs.

    >>> rbf_kernel([[0.0, 0.0], [1.0, 0.0]]).round(4)            # e^(-1/2) = 0.6065
    array([[1.    , 0.6065],
           [0.6065, 1.    ]])
    """
    X, Y = _pair(X, Y)
    sigma = _positive(sigma, "sigma")
    K = np.empty((X.shape[0], Y.shape[0]))
    with np.errstate(over="ignore", under="ignore"):
        for block, R in _halved_differences(X, Y, sigma):
            K[block] = np.exp(-2.0 * np.einsum("ijk,ijk->ij", R, R))  # exp(-2 |R|²) in [0, 1]
    return K


def _halved_differences(X, Y, sigma):
    """(rows, R) over blocks of about 2^20 differences: R = (x_i - y_j) / 2σ, (rows, p, m),
    formed from halves, so that it neither cancels nor overflows."""
    rows = max(1, 2**20 // max(1, Y.size))
    for i in range(0, X.shape[0], rows):
        yield slice(i, i + rows), (0.5 * X[i:i + rows, None, :] - 0.5 * Y[None, :, :]) / sigma


def laplacian_kernel(X, Y=None, sigma=1.0):
    """The Laplacian kernel exp(-‖x_i - y_j‖ / σ): the distance itself, not its square (§VII.5).

    X (n, m), Y (p, m) (default X), sigma > 0 (scikit-learn's laplacian_kernel uses
    the l1 distance instead); returns (n, p), entries in [0, 1], exactly 1 where
    x_i = y_j, for all finite inputs. Not smooth where x = y, its kernel matrices
    are far better conditioned than the Gaussian's (Belkin, Ma and Mandal, 2018).

    >>> laplacian_kernel([[0.0, 0.0], [3.0, 4.0]], sigma=5.0).round(4)     # e^(-1) = 0.3679
    array([[1.    , 0.3679],
           [0.3679, 1.    ]])
    """
    X, Y = _pair(X, Y)
    sigma = _positive(sigma, "sigma")
    K = np.empty((X.shape[0], Y.shape[0]))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for block, R in _halved_differences(X, Y, sigma):
            R = np.abs(R)  # its length scaled by its largest entry: no overflow
            top = R.max(axis=2)
            safe = np.where((top > 0) & np.isfinite(top), top, 1.0)
            length = safe * np.sqrt(np.einsum("ijk,ijk->ij", R / safe[..., None], R / safe[..., None]))
            length = np.where(top > 0, length, 0.0)
            K[block] = np.where(np.isfinite(top), np.exp(-2.0 * length), 0.0)
    return K


def _best_bias(z, y):
    """The b minimizing the mean hinge loss of the scores z - b: a weighted median of z - y.

    The loss is piecewise linear in b with kinks at z_i - y_i; its slope right of a
    kink (plus kinks left of it minus minus kinks right of it) never decreases, so
    the minimum is at the first kink where it is >= 0 (mid-flat if exactly 0).
    """
    kinks = z - y
    order = np.argsort(kinks, kind="stable")
    k, plus = kinks[order], y[order] > 0
    slope = np.cumsum(plus) - (np.count_nonzero(~plus) - np.cumsum(~plus))
    j = int(np.searchsorted(slope, 0, side="left"))
    if j >= len(k) - 1:
        return float(k[-1])
    return float(0.5 * (k[j] + k[j + 1]) if slope[j] == 0 else k[j])


def _descend(objective_and_step, size, lam, n_iter, average):
    """Subgradient steps x <- x - (d + 2λx) / (2λk) (Pegasos), averaged over the second half.

    ``objective_and_step(x)`` returns the objective at x and the hinge part d of the step.
    """
    x, x_sum, counted = np.zeros(size), np.zeros(size), 0
    objective = np.empty(n_iter)
    for k in range(1, n_iter + 1):
        objective[k - 1], d = objective_and_step(x)
        x = x - (d + 2.0 * lam * x) / (2.0 * lam * k)
        if average and 2 * k > n_iter:
            x_sum += x
            counted += 1
    return (x_sum / counted if average else x), objective


class LinearSVM:
    """Soft-margin linear SVM: subgradient descent on mean hinge + λ‖w‖² (Strang §VII.5, eq. (1)).

    Parameters
    ----------
    lam : float in [1e-8, 1e8], default 0.01
        The penalty λ; scikit-learn's ``SVC(kernel="linear", C=1/(2nλ))``.
    n_iter : int >= 1, default 20000
    batch_size : int >= 1, optional
        Samples per step of w (default all n); b always uses all n.
    average : bool, default True
        Return the mean iterate of the second half instead of the last one.
    rng : None, int or numpy.random.Generator (used when batch_size < n)

    After :meth:`fit`: ``w`` (m,), ``b`` (the separator wᵀv = b, the exact best
    bias for w), ``objective`` (n_iter,). Steps s_k = 1/(2λk) (Pegasos).

    >>> X = np.array([[2.0, 0.0], [3.0, 1.0], [-2.0, 0.0], [-3.0, -1.0]])
    >>> svm = LinearSVM(lam=0.5, n_iter=5000).fit(X, [1, 1, -1, -1])
    >>> round(svm.margin, 3)          # the gap is 4 wide: margin 2
    2.0
    >>> svm.predict([[1.0, 5.0], [-1.0, 5.0]])
    array([ 1., -1.])
    """

    def __init__(self, lam=0.01, n_iter: int = 20000, *, batch_size: int | None = None,
                 average=True, rng=None):
        self.lam = _lam(lam)
        self.n_iter = check_int(n_iter, "n_iter", min=1)
        self.batch_size = None if batch_size is None else check_int(batch_size, "batch_size", min=1)
        self.average = bool(average)
        check_rng(rng)
        self.rng = rng

    def __repr__(self):
        return f"LinearSVM(lam={self.lam!r}, n_iter={self.n_iter!r})"

    def fit(self, X, y):
        """Train on samples ``X`` (n, m) with labels ``y`` (n,) in {-1, +1}."""
        X = check_array(X, "X", ndim=2)
        n, m = X.shape
        y = _signed_labels(y, n)
        batch = n if self.batch_size is None else min(self.batch_size, n)
        rng = check_rng(self.rng)

        def objective_and_step(w):
            Xw = X @ w
            z = Xw - _best_bias(Xw, y)                   # the best b for this w, exactly
            rows = slice(None) if batch == n else rng.choice(n, batch, replace=False)
            _, g = hinge(z[rows], y[rows])               # subgradient of the mean hinge in z
            return hinge(z, y)[0] + self.lam * (w @ w), X[rows].T @ g   # chain rule: z = Xw - b

        w, self.objective = _descend(objective_and_step, m, self.lam, self.n_iter, self.average)
        self.w, self.b = w, _best_bias(X @ w, y)
        return self

    def _fitted(self):
        if not hasattr(self, "w"):
            raise RuntimeError("call fit(X, y) first")

    def decision_function(self, X):
        """Scores wᵀv - b for the rows v of ``X``; their sign is the class."""
        self._fitted()
        X = check_array(X, "X", shape=(None, self.w.shape[0]))
        return X @ self.w - self.b

    def predict(self, X):
        """Classes +1 / -1 (0 exactly on the separator)."""
        return np.sign(self.decision_function(X))

    @property
    def margin(self):
        """1/‖w‖: the distance from the separator to the planes wᵀv - b = ±1."""
        self._fitted()
        return float(1.0 / np.linalg.norm(self.w))


class KernelSVM:
    """Soft-margin SVM with a kernel: f(v) = Σ_j a_j K(v_j, v) - b (Strang §VII.5, "The kernel trick").

    Parameters
    ----------
    kernel : {"rbf", "poly", "linear"} or callable K(X, Y), default "rbf"
    sigma : float > 0, default 1 (RBF width)
    degree : int >= 1, default 2 (polynomial degree)
    lam : float in [1e-8, 1e8], default 0.01 (penalty on ‖f‖² = aᵀKa)
    n_iter : int >= 1, default 3000
    average : bool, default True

    After :meth:`fit`: ``a`` (n,), ``b``, ``X`` (the training samples),
    ``objective`` (n_iter,). The step of :class:`LinearSVM` for w = Σ a_j N(v_j),
    written on a: a <- a - s_k (g + 2λa).

    >>> X = np.array([[0.0, 0.0], [0.2, 0.1], [3.0, 0.0], [0.0, -3.0], [-3.0, 0.5]])
    >>> svm = KernelSVM(sigma=1.0, lam=0.01, n_iter=2000).fit(X, [1, 1, -1, -1, -1])
    >>> svm.predict(X)
    array([ 1.,  1., -1., -1., -1.])
    """

    def __init__(self, kernel="rbf", *, sigma=1.0, degree: int = 2, lam=0.01,
                 n_iter: int = 3000, average=True):
        if not callable(kernel):
            check_choice(kernel, "kernel", KERNELS)
        self.kernel = kernel
        self.sigma = _positive(sigma, "sigma")
        self.degree = check_int(degree, "degree", min=1)
        self.lam = _lam(lam)
        self.n_iter = check_int(n_iter, "n_iter", min=1)
        self.average = bool(average)

    def __repr__(self):
        return f"KernelSVM(kernel={self.kernel!r}, lam={self.lam!r}, n_iter={self.n_iter!r})"

    def _K(self, X, Y):
        if callable(self.kernel):
            return np.asarray(self.kernel(X, Y), dtype=np.float64)
        if self.kernel == "rbf":
            return rbf_kernel(X, Y, self.sigma)
        return linear_kernel(X, Y) if self.kernel == "linear" else polynomial_kernel(X, Y, self.degree)

    def fit(self, X, y):
        """Train on samples ``X`` (n, m) with labels ``y`` (n,) in {-1, +1}."""
        X = check_array(X, "X", ndim=2)
        n = X.shape[0]
        y = _signed_labels(y, n)
        K = self._K(X, X)
        if K.shape != (n, n):
            raise ValueError(f"the kernel returned shape {K.shape} for {n} samples, expected ({n}, {n})")

        def objective_and_step(a):
            Ka = K @ a
            loss, g = hinge(Ka - _best_bias(Ka, y), y)
            return loss + self.lam * (a @ Ka), g

        a, self.objective = _descend(objective_and_step, n, self.lam, self.n_iter, self.average)
        self.a, self.b, self.X = a, _best_bias(K @ a, y), X
        return self

    def decision_function(self, X):
        """Scores f(v) = Σ_j a_j K(v_j, v) - b for the rows v of ``X``."""
        if not hasattr(self, "a"):
            raise RuntimeError("call fit(X, y) first")
        return self._K(check_array(X, "X", ndim=2), self.X) @ self.a - self.b

    def predict(self, X):
        """Classes +1 / -1 (0 exactly on the boundary)."""
        return np.sign(self.decision_function(X))


def kernel_ridge(K, y, lam):
    """Coefficients a = (K + λI)⁻¹ y of kernel ridge regression (Strang §VII.4-5).

    K (n, n) symmetric kernel matrix of the training samples, y (n,) or (n, k),
    lam > 0. Predictions at new points u are ``K_new @ a``, K_new[i, j] = K(u_i, v_j).

    >>> kernel_ridge([[2.0, 1.0], [1.0, 2.0]], [1.0, -1.0], lam=1.0)        # (K + I) a = y
    array([ 0.5, -0.5])
    """
    K = check_array(K, "K", ndim=2)
    n = K.shape[0]
    if K.shape != (n, n):
        raise ValueError(f"K must be square, got shape {K.shape}")
    if not np.allclose(K, K.T, rtol=1e-10, atol=1e-12):
        raise ValueError("K must be symmetric (a kernel matrix of the training samples)")
    y = check_array(y, "y", ndim=(1, 2))
    if y.shape[0] != n:
        raise ValueError(f"y must have shape ({n},) or ({n}, k), got {y.shape}")
    lam = _positive(lam, "lam")
    C = np.linalg.cholesky(K + lam * np.eye(n))
    return np.linalg.solve(C.T, np.linalg.solve(C, y))
