"""Input checks whose error messages name the offending value and where it is.

The lowest layer of the maths core: ``families``, ``existence`` and
``fitting`` all check their input here, and it imports none of them.
"""

import numpy as np
from scipy import linalg
from scipy.linalg import lapack


def first_bad(mask):
    """Index (a tuple) of the first True in ``mask``, or None."""
    hits = np.argwhere(mask)
    return None if hits.size == 0 else tuple(int(i) for i in hits[0])


def where(name, index):
    """``y[3]`` or ``X[2, 1]``; just ``name`` for a scalar."""
    if not index:
        return name
    return f"{name}[{', '.join(str(i) for i in index)}]"


def as_float_array(values, name, owner):
    """``values`` as a float array, or a ValueError that says why it is not one."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{owner}: {name} must be numeric ({err})") from None
    return arr


def check_finite(arr, name, owner):
    """Raise a ValueError naming the first NaN or infinite entry of ``arr``."""
    bad = ~np.isfinite(arr)
    if bad.any():
        index = first_bad(bad)
        kind = "NaN" if np.isnan(arr[index]) else "an infinite value"
        raise ValueError(
            f"{owner}: {name} contains {kind} at {where(name, index)} "
            f"({int(bad.sum())} non-finite value(s) in all); "
            "remove or impute those rows first"
        )


def check_support(arr, in_support, name, owner, support):
    """Raise a ValueError naming the first entry of ``arr`` outside ``support``."""
    bad = ~in_support
    if bad.any():
        index = first_bad(bad)
        raise ValueError(
            f"{owner}: {name} must be {support}; {where(name, index)} = "
            f"{arr[index].item()!r} is not ({int(bad.sum())} such value(s) in all)"
        )


# --------------------------------------------------------------------------
# what a fit, a gradient step and the existence check ask of their input
# (``glmlib.fitting`` and ``glmlib.existence`` both read these; the family
# says what its y must be)

# R's rank tolerance in glm.fit: a column is dependent on the others when its
# pivoted-QR diagonal is below 1e-11 times the largest one.
RANK_TOL = 1e-11
# When every column of X keeps more than this fraction of its length after
# removing the columns before it, X counts as well conditioned.
WELL_CONDITIONED = 1e-4


def check_data(X, y, fam, whole_fit=True):
    """X and y as float arrays, or a ValueError naming what is wrong with them.

    ``fam.check_y`` checks each value of y; ``whole_fit=False`` (one
    gradient step) skips ``fam.check_fit_data``, what only a whole fit needs
    (every class present, for the categorical family).
    """
    X = as_float_array(X, "X", fam.name)
    y = as_float_array(y, "y", fam.name)
    if X.ndim != 2:
        hint = "; for one feature use X.reshape(-1, 1)" if X.ndim == 1 else ""
        raise ValueError(
            f"{fam.name}: X must be a 2-D array (n_samples, n_features), "
            f"got shape {X.shape}{hint}"
        )
    if y.ndim != 1:
        raise ValueError(f"{fam.name}: y must be a 1-D array, got shape {y.shape}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{fam.name}: X has {X.shape[0]} rows but y has {y.shape[0]} values; "
            "they must match"
        )
    if X.shape[0] == 0:
        raise ValueError(f"{fam.name}: no data: X and y have no rows")
    if X.shape[1] == 0:
        raise ValueError(
            f"{fam.name}: X has no columns; add a column of ones for an intercept"
        )
    check_finite(X, "X", fam.name)
    check_finite(y, "y", fam.name)
    fam.check_y(y)
    if whole_fit:
        fam.check_fit_data(y)
    return X, y


def check_rank(X, fam):
    """Raise if X's columns are dependent; say whether X is well conditioned.

    As R's glm.fit does, column j counts as dependent on the columns before
    it when the part of it they do not explain is below 1e-11 of its length.
    The cheap test first: a Cholesky factor of X's Gram matrix, scaled to
    unit columns, gives those fractions (squared) for well-conditioned X;
    only when some fraction is small does the exact QR of X decide.
    """
    norms = np.sqrt(np.einsum("ij,ij->j", X, X))
    if np.any(norms == 0):
        _raise_dependent(X, fam, [int(np.flatnonzero(norms == 0)[0])])
    factor, info = lapack.dpotrf((X.T @ X) / np.outer(norms, norms), lower=1, clean=0)
    if info == 0 and np.diagonal(factor).min() > WELL_CONDITIONED:
        return True
    r = linalg.qr(X, mode="r", check_finite=False)[0]
    fractions = np.abs(np.diag(r)) / norms
    dependent = np.flatnonzero(fractions < RANK_TOL)
    if dependent.size:
        _raise_dependent(X, fam, dependent)
    return False


def _raise_dependent(X, fam, dependent):
    raise ValueError(
        f"{fam.name}: the columns of X are linearly dependent: column(s) "
        f"{[int(j) for j in dependent]} can be written with the columns before them "
        f"(or are all zeros), so the {X.shape[1]} coefficients are not determined; drop "
        "them (a duplicated column, or dummies for every level beside an intercept, do this)"
    )


def check_coef(coef, shape, name, fam):
    """Coefficients (``start`` or ``theta``) as a new float array of ``shape``."""
    arr = np.array(as_float_array(coef, name, fam.name), dtype=float)
    if arr.shape != shape:
        raise ValueError(
            f"{fam.name}: {name} must have shape {shape} (one coefficient per "
            f"column of X{', per class but class 0' if len(shape) == 2 else ''}), "
            f"got shape {arr.shape}"
        )
    check_finite(arr, name, fam.name)
    return arr


def check_positive(value, name, fam):
    """``value`` as a float, or a ValueError unless it is a positive finite number."""
    try:
        ok = np.isfinite(value) and value > 0 and not isinstance(value, bool)
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(
            f"{fam.name}: {name} must be a positive finite number, not {value!r}"
        )
    return float(value)


def check_max_iter(max_iter, fam):
    """``max_iter`` as an int, or a ValueError unless it is a whole number >= 1."""
    if (
        isinstance(max_iter, bool)
        or not isinstance(max_iter, (int, np.integer))
        or max_iter < 1
    ):
        raise ValueError(
            f"{fam.name}: max_iter must be a whole number >= 1, not {max_iter!r}"
        )
    return int(max_iter)
