"""Small count data sets whose identity- or square-root-link estimate can sit
on the edge of the valid coefficients, against scipy's optimiser.

Each set is drawn from a seed (a few rows, two or three columns, many zero
counts). The cases listed are those that once went wrong while the fit was
written: a row held on the edge too early that must be let go again (its
Lagrange multiplier turns negative), Fisher scoring creeping up on an edge
where the true Hessian is singular (fewer positive counts than
coefficients), and an estimate at a vertex of the valid region. The
reference is scipy's Nelder-Mead on the Poisson log-likelihood written from
``scipy.stats``, restarted from several valid points.
"""

import warnings

import numpy as np
import pytest
from scipy import optimize, stats

import glmlib
from glmlib import BoundaryEstimateWarning

# seed: what it once exercised
CASES = {
    98: "a held row let go again",
    190: "two rows held on the edge",
    299: "a held row let go again",
    114: "Fisher scoring creeping up on an edge",
    201: "Fisher scoring creeping up on an edge",
    293: "five zero counts of six: a vertex",
    294: "a vertex",
    17: "a held row let go again (the state at the edge)",
}


def small_counts(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 15))
    p = int(rng.integers(2, 4))
    X = np.column_stack([np.ones(n), rng.normal(size=(n, p - 1)) * rng.choice([1, 3])])
    link = str(rng.choice(["identity", "sqrt"]))
    y = rng.poisson(rng.choice([0.3, 1, 3]) * np.exp(rng.normal(size=n))).astype(float)
    if y.sum() == 0:
        y[0] = 1
    return X, y, link


def scipy_optimum(X, y, link, starts):
    def minus_loglik(theta):
        eta = X @ theta
        if np.any(eta < 0):
            return np.inf
        mu = eta if link == "identity" else eta * eta
        value = -np.sum(stats.poisson.logpmf(y, mu))
        return value if np.isfinite(value) else np.inf

    best = None
    for start in starts:
        if not np.isfinite(minus_loglik(start)):
            continue
        out = optimize.minimize(
            minus_loglik,
            start,
            method="Nelder-Mead",
            options={"xatol": 1e-11, "fatol": 1e-13, "maxiter": 20_000},
        )
        if best is None or out.fun < best.fun:
            best = out
    return best.x, -best.fun


@pytest.mark.parametrize("seed", list(CASES), ids=lambda s: f"{s}: {CASES[s]}")
def test_the_constrained_maximum_is_reached(seed):
    X, y, link = small_counts(seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = glmlib.fit(X, y, "poisson", link=link)
    assert res.converged
    assert {w.category for w in caught} <= {BoundaryEstimateWarning}
    assert bool(caught) == bool(res.edge_rows.size)
    # theta^T x on the edge, to the rounding of X @ theta
    eta = X @ res.coef
    rounding = 1e-12 * np.abs(X) @ np.abs(res.coef)
    assert np.all(eta >= -rounding)
    assert np.all(np.abs(eta[res.edge_rows]) <= rounding[res.edge_rows])
    # starts for scipy: a constant mean, and glmlib's answer moved inside
    level = y.mean() if link == "identity" else np.sqrt(y.mean())
    constant = np.linalg.lstsq(X, np.full(len(y), level), rcond=None)[0]
    rng = np.random.default_rng(seed)
    starts = [constant] + [
        res.coef + 0.05 * rng.normal(size=res.coef.size) for _ in range(4)
    ]
    _, best = scipy_optimum(X, y, link, starts)
    assert res.loglik >= best - 1e-7 * (1 + abs(best))
