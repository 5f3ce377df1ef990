"""Every family and link glmlib offers, on data of our own, against scipy's
optimiser run on the likelihood itself and against statsmodels.

The likelihoods here are written from ``scipy.stats`` and the links by hand,
never from glmlib's code, so they can catch a wrong family or link in it.
``tests/test_fit_every_link.py`` asserts on these cases; run this file to
print the table:

    .venv/bin/python tests/fit_references.py
"""

import warnings
from dataclasses import dataclass
from functools import cache

import numpy as np
import statsmodels.api as sm
from scipy import optimize, special, stats

from glmlib.data import design_matrix, shop_hours

sm_links = sm.families.links

# eta -> mean of one trial, written out here
MEAN = {
    "identity": lambda eta: eta,
    "log": np.exp,
    "inverse": lambda eta: 1.0 / eta,
    "negative_inverse": lambda eta: -1.0 / eta,
    "sqrt": lambda eta: eta * eta,
    "logit": special.expit,
    "probit": special.ndtr,
    "cloglog": lambda eta: -np.expm1(-np.exp(eta)),
    # log-probabilities of classes 0..K-1, class 0's score fixed at 0
    "multinomial_logit": lambda eta: special.log_softmax(
        np.column_stack([np.zeros(len(eta)), eta]), axis=1
    ),
}
# the linear predictors each link allows (sqrt: eta > 0, mu = eta^2 increasing)
VALID_ETA = {
    "inverse": lambda eta: eta > 0,
    "negative_inverse": lambda eta: eta < 0,
    "sqrt": lambda eta: eta >= 0,
}
STATSMODELS_LINK = {
    "identity": sm_links.Identity,
    "log": sm_links.Log,
    "inverse": sm_links.InversePower,
    "sqrt": sm_links.Sqrt,
    "logit": sm_links.Logit,
    "probit": sm_links.Probit,
    "cloglog": sm_links.CLogLog,
}


def row_loglik(family, y, mu, extra):
    """log p(y | mean mu) from scipy.stats, one value per row."""
    if family == "gaussian":
        return stats.norm.logpdf(y, mu, extra)
    if family == "poisson":
        return stats.poisson.logpmf(y, mu)
    if family in ("bernoulli", "binomial"):
        return stats.binom.logpmf(y, extra, mu)
    if family in ("gamma", "exponential"):
        return stats.gamma.logpdf(y, a=extra, scale=mu / extra)
    if family == "categorical":  # mu: the log-probabilities of all K classes
        return np.take_along_axis(mu, y.astype(int)[:, None], axis=1)[:, 0]
    raise ValueError(family)


@dataclass(frozen=True)
class Case:
    """One data set fitted by one family with one link."""

    family: str
    link: str
    data: str
    X: np.ndarray
    y: np.ndarray
    start: tuple  # valid coefficients for scipy's search (the truth, or near it)
    extra: object = None  # sigma, trials or shape
    on_edge: bool = False  # the estimate puts some fitted mean exactly on 0

    @property
    def name(self):
        return f"{self.family}-{self.link}-{self.data}"

    def glmlib_family(self):
        import glmlib

        if self.family == "gaussian":
            return glmlib.Gaussian(sigma=self.extra)
        if self.family == "binomial":
            return glmlib.Binomial(trials=self.extra)
        if self.family == "gamma":
            return glmlib.Gamma(shape=self.extra)
        return glmlib.get_family(self.family)

    @property
    def coef_shape(self):
        if self.family == "categorical":
            return (self.X.shape[1], int(self.y.max()))
        return (self.X.shape[1],)

    def loglik(self, theta):
        """The log-likelihood at theta, or -inf outside the valid coefficients."""
        theta = np.asarray(theta, dtype=float).reshape(self.coef_shape)
        eta = self.X @ theta
        valid = VALID_ETA.get(self.link)
        if valid is not None and not np.all(valid(eta)):
            return -np.inf
        mu = MEAN[self.link](eta)
        extra = self.extra
        if self.family in ("bernoulli", "binomial"):
            extra = 1 if extra is None else extra
        elif self.family == "exponential":
            extra = 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            values = row_loglik(self.family, self.y, mu, extra)
        total = float(np.sum(values))
        return total if np.isfinite(total) else -np.inf


def scipy_optimum(case):
    """scipy's Nelder-Mead on the log-likelihood, restarted until it stops moving."""
    best = np.asarray(case.start, dtype=float).ravel()
    value = -case.loglik(best)
    assert np.isfinite(value), f"{case.name}: the start is not valid"
    for _ in range(6):
        out = optimize.minimize(
            lambda t: -case.loglik(t),
            best,
            method="Nelder-Mead",
            options={
                "xatol": 1e-11,
                "fatol": 1e-13,
                "maxiter": 40_000,
                "maxfev": 80_000,
            },
        )
        moved = np.max(np.abs(out.x - best))
        if out.fun <= value:
            best, value = out.x, out.fun
        if moved < 1e-10:
            break
    return best.reshape(case.coef_shape), -value


def statsmodels_fit(case):
    """statsmodels' GLM of the case: (params, loglik at them, converged, note)."""
    if case.family == "categorical":
        res = sm.MNLogit(case.y, case.X).fit(method="newton", disp=0, maxiter=100)
        params = np.asarray(res.params)
        return params, case.loglik(params), bool(res.mle_retvals["converged"]), ""
    link = STATSMODELS_LINK.get(case.link)
    y, sign = case.y, 1.0
    if case.link == "negative_inverse":  # statsmodels has 1/mu: every sign flips
        link, sign = sm_links.InversePower, -1.0
    family = {
        "gaussian": sm.families.Gaussian,
        "poisson": sm.families.Poisson,
        "bernoulli": sm.families.Binomial,
        "binomial": sm.families.Binomial,
        "gamma": sm.families.Gamma,
        "exponential": sm.families.Gamma,
    }[case.family](link())
    if case.family == "binomial":
        y = np.column_stack([case.y, case.extra - case.y])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = sm.GLM(y, case.X, family=family).fit(maxiter=1000)
        except Exception as error:  # recorded in the table, not hidden
            return None, -np.inf, False, f"raised {type(error).__name__}"
    params = sign * np.asarray(res.params)
    notes = sorted({type(w.message).__name__ for w in caught})
    return params, case.loglik(params), bool(res.converged), ", ".join(notes)


# --------------------------------------------------------------------------
# the data sets


def _design(seed, n, scale=1.0):
    rng = np.random.default_rng(seed)
    return rng, np.column_stack([np.ones(n), scale * rng.normal(size=(n, 2))])


def _simulated(family, link, theta, seed=0, n=120, extra=None, data="simulated"):
    """y drawn from the family with mean MEAN[link](X theta)."""
    rng, X = _design(seed, n)
    mu = MEAN[link](X @ np.asarray(theta))
    if family == "gaussian":
        y = rng.normal(mu, extra)
    elif family == "poisson":
        y = rng.poisson(mu).astype(float)
    elif family == "bernoulli":
        y = (rng.random(n) < mu).astype(float)
    elif family == "binomial":
        y = rng.binomial(extra, mu).astype(float)
    else:
        shape = 1.0 if family == "exponential" else extra
        y = rng.gamma(shape, mu / shape)
    return Case(family, link, data, X, y, tuple(theta), extra)


def _classes(theta, seed=0, n=150):
    """Three classes drawn from softmax probabilities."""
    rng, X = _design(seed, n)
    theta = np.asarray(theta)
    probs = np.exp(MEAN["multinomial_logit"](X @ theta))
    y = (probs.cumsum(axis=1) < rng.random((n, 1))).sum(axis=1).astype(float)
    return Case(
        "categorical", "multinomial_logit", "simulated", X, y, tuple(theta.ravel())
    )


def _shop(link, start):
    spend, customers = shop_hours()
    return Case("poisson", link, "shop", design_matrix(spend), customers, start)


def _curved_counts(link, start):
    """Counts that climb faster than a straight line, none of them 0."""
    x = np.linspace(0.0, 6.0, 25)
    y = np.array(
        [
            1,
            1,
            2,
            1,
            2,
            2,
            3,
            2,
            3,
            4,
            3,
            5,
            6,
            5,
            7,
            8,
            9,
            10,
            12,
            13,
            15,
            17,
            20,
            24,
            27,
        ],
        dtype=float,
    )
    return Case("poisson", link, "curved", design_matrix(x), y, start)


def _edge_counts(link, start):
    """Zeros at the low end under a line that would like to go below 0 there."""
    x = np.arange(10.0)
    y = np.array([0, 0, 0, 0, 1, 3, 5, 8, 9, 12], dtype=float)
    return Case("poisson", link, "edge", design_matrix(x), y, start, on_edge=True)


def _gamma_steep():
    """Amounts whose identity-link fit needs a shortened first Newton step."""
    x = np.array([-1.988, -1.02, -1.511, 1.887, 12.236, -3.007, 9.72, 11.312])
    y = np.array([2.237, 4.404, 32.932, 0.075, 0.423, 7.177, 0.225, 0.419])
    return Case("gamma", "identity", "steep", design_matrix(x), y, (7.0, -0.5), 1.0)


@cache
def cases():
    """Every family x link glmlib offers, each on one or more data sets."""
    return (
        _simulated("gaussian", "identity", (1.0, 0.5, -0.3), extra=1.0),
        _simulated(
            "gaussian", "identity", (1.0, 0.5, -0.3), 1, extra=2.5, data="sigma 2.5"
        ),
        _simulated("gaussian", "log", (1.0, 0.3, -0.2), extra=0.5),
        _simulated("gaussian", "inverse", (0.5, 0.05, -0.05), extra=0.05),
        _simulated("bernoulli", "logit", (0.3, 1.0, -0.7)),
        _simulated("bernoulli", "probit", (0.2, 0.6, -0.4)),
        _simulated("bernoulli", "cloglog", (-0.5, 0.5, -0.3)),
        _simulated("binomial", "logit", (0.3, 0.8, -0.5), extra=7),
        _simulated("binomial", "probit", (0.2, 0.5, -0.3), extra=7),
        _simulated("binomial", "cloglog", (-0.6, 0.4, -0.3), extra=7),
        _simulated("poisson", "log", (1.0, 0.5, -0.3)),
        _simulated("poisson", "identity", (20.0, 3.0, -2.0)),
        _simulated("poisson", "sqrt", (2.0, 0.3, -0.3)),
        _shop("log", (0.0, 0.1)),
        _shop("identity", (1.0, 1.0)),
        _shop("sqrt", (1.0, 0.1)),
        _curved_counts("log", (0.0, 0.5)),
        _curved_counts("identity", (1.0, 3.0)),
        _curved_counts("sqrt", (1.0, 0.5)),
        _edge_counts("identity", (1.0, 1.0)),
        _edge_counts("sqrt", (1.0, 0.3)),
        _simulated("gamma", "negative_inverse", (-1.0, 0.1, -0.1), extra=2.0),
        _simulated("gamma", "inverse", (1.0, 0.1, -0.1), extra=3.0),
        _simulated("gamma", "log", (1.0, 0.4, -0.3), extra=3.0),
        _simulated("gamma", "identity", (10.0, 1.0, -1.0), extra=5.0),
        _gamma_steep(),
        _simulated("exponential", "negative_inverse", (-0.5, 0.05, -0.05)),
        _simulated("exponential", "inverse", (0.5, 0.05, -0.05)),
        _simulated("exponential", "log", (1.0, 0.3, -0.2)),
        _simulated("exponential", "identity", (5.0, 0.5, -0.5)),
        _classes([[0.2, -0.3], [1.0, 0.5], [-0.4, 0.8]]),
    )


@cache
def reference(name):
    """glmlib's fit, scipy's optimum and statsmodels' fit of one case."""
    import glmlib

    case = {c.name: c for c in cases()}[name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = glmlib.fit(case.X, case.y, case.glmlib_family(), link=case.link)
    scipy_x, scipy_ll = scipy_optimum(case)
    return {
        "case": case,
        "glmlib": res,
        "warnings": [w for w in caught],
        "scipy": (scipy_x, scipy_ll),
        "statsmodels": statsmodels_fit(case),
    }


def _fmt(theta):
    return "(" + ", ".join(f"{v:.4g}" for v in np.ravel(theta)) + ")"


def table():
    """One line per case: glmlib, statsmodels and scipy's optimum, and who converged."""
    lines = [
        "| family | link | data | glmlib θ (converged, iterations) | log-lik glmlib − scipy "
        "| statsmodels θ (converged) | log-lik statsmodels − scipy | scipy's optimum θ |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for case in cases():
        ref = reference(case.name)
        res, (sx, sll) = ref["glmlib"], ref["scipy"]
        params, sm_ll, sm_ok, note = ref["statsmodels"]
        edge = (
            f", on the edge: rows {res.edge_rows.tolist()}"
            if res.edge_rows.size
            else ""
        )
        sm_text = "—" if params is None else f"{_fmt(params)} ({sm_ok})"
        if note:
            sm_text += f" [{note}]"
        sm_gap = "—" if params is None else f"{sm_ll - sll:.2g}"
        lines.append(
            f"| {case.family} | {case.link} | {case.data} | {_fmt(res.coef)} "
            f"({res.converged}, {res.n_iter}{edge}) | {res.loglik - sll:.2g} | {sm_text} "
            f"| {sm_gap} | {_fmt(sx)} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
