"""Exponential-family distributions in the lesson's own terms (chapters 1-3, 7).

Every family here writes its density or mass function as

    p(y; eta) = b(y) * exp((eta * T(y) - a(eta)) / dispersion)

with *natural parameter* eta, *sufficient statistic* T(y), *log-partition*
a(eta) and *base measure* b(y). The lesson fixes ``dispersion = 1``; the
Gaussian's sigma and the gamma's shape move it away from one without
touching eta, so the mean is still ``a'(eta)`` and the fitted coefficients
do not depend on it.

The methods carry the lesson's names: ``response`` (eta -> mean, which is
a'(eta)), ``link`` (mean -> eta, the canonical link), ``log_partition``,
``sufficient_statistic``, ``log_base_measure``, ``unit_variance`` (a''(eta),
the variance at unit dispersion) and ``variance`` (dispersion * a''(eta)),
and say how they are named: ``display_name``, ``model_name``.
Fitting needs a few more, after R's ``family`` objects: ``variance_from_mean``
(R's ``variance``), ``unit_deviance`` and ``initial_mean`` (R's ``initialize``).

The numerics lean on ``scipy.special`` (``expit``, ``xlogy``, ``gammaln``)
and ``np.logaddexp`` so that everything stays finite wherever the true
value is, for |eta| up to 1e4 and beyond.
"""

import numpy as np
from scipy import special

from ._checks import as_float_array, check_support
from .links import LINKS, Link


class ExponentialFamily:
    """Base class: one exponential family with a fixed dispersion.

    Subclasses set the class attributes and define the lesson's functions.
    """

    name = "family"
    #: how the course writes the family's name in prose, tables and readouts
    display_name = "family"
    #: the regression model the family gives with its canonical link
    model_name = "regression"
    canonical_link = "identity"
    link_names = ("identity",)
    discrete = False
    support = "real numbers"
    dispersion = 1.0

    # --- the lesson's functions -----------------------------------------
    def response(self, eta):
        """Response function: natural parameter -> mean, a'(eta) (chapter 6)."""
        return self._canonical.response(eta)

    def link(self, mu):
        """Canonical link function: mean -> natural parameter (chapter 6)."""
        return self._canonical.link(mu)

    def log_partition(self, eta):
        """Log-partition a(eta), the normaliser; a' is the mean (chapter 8)."""
        raise NotImplementedError

    def sufficient_statistic(self, y):
        """Sufficient statistic T(y) (chapter 1); T(y) = y for every scalar family."""
        return np.asarray(y, dtype=float)

    def log_base_measure(self, y):
        """log b(y), the part of the log-density that does not involve eta (chapter 1)."""
        raise NotImplementedError

    def unit_variance(self, eta):
        """a''(eta): the variance of T(y) at unit dispersion (chapter 8).

        The lesson's "second derivative of the log-partition is the
        variance" holds as written when the dispersion is one; ``variance``
        gives the variance for this family's own dispersion.
        """
        raise NotImplementedError

    def variance(self, eta):
        """The variance of T(y) at natural parameter eta: dispersion * a''(eta)."""
        return self.dispersion * self.unit_variance(eta)

    def fisher_weights(self, lin, link=None):
        """Each row's weight in the information X^T W X at linear predictor ``lin``.

        a''(eta) for the canonical link; (dmu/dlin)^2 / V(mu) for any other
        (unit dispersion). ``glmlib.curvature`` builds on these.
        """
        lnk = self.get_link(link)
        if lnk.name == self.canonical_link:
            return self.unit_variance(lin)
        dmu = self.mean_derivative(lin, lnk)
        return dmu * dmu / self.variance_from_mean(self.mean_from_linear(lin, lnk))

    def loglik(self, y, eta):
        """Log-likelihood of each observation: log p(y; eta), elementwise.

        ``-inf`` where y is outside the support; no warning.
        """
        y = np.asarray(y, dtype=float)
        inside = self.in_support(y)
        y_safe = np.where(inside, y, self._a_point_in_support())
        t = self.sufficient_statistic(y_safe)
        with np.errstate(invalid="ignore"):
            core = (eta * t - self.log_partition(eta)) / self.dispersion
        return np.where(inside, core + self.log_base_measure(y_safe), -np.inf)

    def density(self, y, eta):
        """The density (continuous) or probability mass (discrete) p(y; eta)."""
        return np.exp(self.loglik(y, eta))

    def sample(self, eta, rng, size=None):
        """Draws of y given eta from the numpy ``Generator`` ``rng``."""
        raise NotImplementedError

    # --- support and parameter space ------------------------------------
    def in_support(self, y):
        """Boolean mask: which values of y the family can produce."""
        return np.isfinite(np.asarray(y, dtype=float))

    def check_y(self, y, name="y"):
        """Return y as floats, or raise a ValueError naming the first bad value."""
        arr = as_float_array(y, name, self.name)
        with np.errstate(invalid="ignore"):
            check_support(arr, self.in_support(arr), name, self.name, self.support)
        return arr

    def valid_eta(self, eta):
        """Which natural parameters the family allows (where a(eta) is finite)."""
        return np.isfinite(eta)

    def valid_mean(self, mu):
        """Which means the family allows (R's ``validmu``)."""
        return np.isfinite(mu)

    def _a_point_in_support(self):
        return 0.0

    # --- what a fit needs (after R's family objects) --------------------
    def variance_from_mean(self, mu):
        """Variance function V(mu) = a''(link(mu)), at unit dispersion (R's ``variance``)."""
        raise NotImplementedError

    def unit_deviance(self, y, eta):
        """2 * dispersion * (loglik of the saturated model - loglik(y, eta)), per row."""
        raise NotImplementedError

    def initial_mean(self, y):
        """A starting mean inside the family's range (R's ``initialize``)."""
        return np.asarray(y, dtype=float).copy()

    def get_link(self, link=None):
        """The ``Link`` called ``link`` (None or "canonical": the canonical one)."""
        if link is None or link == "canonical":
            return self._canonical
        if isinstance(link, Link):
            name = link.name
        elif isinstance(link, str):
            name = link
        else:
            raise ValueError(
                f"{self.name}: link must be a name or a glmlib.links.Link, "
                f"not {type(link).__name__}"
            )
        if name not in self.link_names:
            raise ValueError(
                f"{self.name}: link {name!r} is not offered; choose one of "
                f"{', '.join(repr(n) for n in self.link_names)} "
                f"(canonical: {self.canonical_link!r})"
            )
        return link if isinstance(link, Link) else LINKS[name]()

    def mean_from_linear(self, lin, link):
        """Mean of y for linear predictor ``lin`` under ``link``."""
        return link.response(lin)

    def linear_from_mean(self, mu, link):
        """Linear predictor that gives mean ``mu`` under ``link``."""
        return link.link(mu)

    def mean_derivative(self, lin, link):
        """d mean / d linear predictor under ``link``."""
        return link.response_derivative(lin)

    @property
    def _canonical(self):
        return LINKS[self.canonical_link]()

    def __repr__(self):
        return f"{type(self).__name__}()"


class Gaussian(ExponentialFamily):
    """Normal with mean eta and fixed spread ``sigma`` (chapter 2): eta = mu, a = eta^2/2.

    The lesson takes sigma = 1; any other sigma is the dispersion sigma^2 and
    leaves eta, the mean and the fitted coefficients unchanged.
    """

    name = "gaussian"
    display_name = "Gaussian"
    model_name = "linear regression"
    canonical_link = "identity"
    link_names = ("identity", "log", "inverse")
    support = "finite real numbers"

    def __init__(self, sigma=1.0):
        if not (np.isfinite(sigma) and sigma > 0):
            raise ValueError(
                f"gaussian: sigma must be positive and finite, not {sigma!r}"
            )
        self.sigma = float(sigma)
        self.dispersion = self.sigma**2

    def log_partition(self, eta):
        return 0.5 * np.square(eta)

    def log_base_measure(self, y):
        y = np.asarray(y, dtype=float)
        return -0.5 * np.square(y) / self.dispersion - 0.5 * np.log(
            2 * np.pi * self.dispersion
        )

    def unit_variance(self, eta):
        return np.ones_like(np.asarray(eta, dtype=float))

    def variance_from_mean(self, mu):
        return np.ones_like(np.asarray(mu, dtype=float))

    def unit_deviance(self, y, eta):
        return np.square(np.asarray(y, dtype=float) - eta)

    def sample(self, eta, rng, size=None):
        return rng.normal(eta, self.sigma, size=size)

    def __repr__(self):
        return f"Gaussian(sigma={self.sigma:g})"


class Binomial(ExponentialFamily):
    """Successes in ``trials`` independent yes/no trials; eta is the log-odds.

    ``trials`` is one number or one per row. a(eta) = trials * log(1 + e^eta),
    so the mean is trials * sigmoid(eta). The links work on the probability
    of one success; the mean is ``trials`` times it.
    """

    name = "binomial"
    display_name = "binomial"
    model_name = "logistic regression (n trials)"
    canonical_link = "logit"
    link_names = ("logit", "probit", "cloglog")
    discrete = True

    def __init__(self, trials=1):
        arr = np.asarray(trials, dtype=float)
        if arr.size == 0 or not np.all(
            np.isfinite(arr) & (arr >= 1) & (arr == np.round(arr))
        ):
            raise ValueError(
                f"{self.name}: trials must be whole numbers >= 1, not {trials!r}"
            )
        self.trials = arr if arr.ndim else float(arr)

    @property
    def support(self):
        if np.ndim(self.trials):
            return "whole numbers from 0 to that row's trials"
        return f"whole numbers from 0 to {self.trials:g}"

    def response(self, eta):
        return self.trials * special.expit(eta)

    def link(self, mu):
        with np.errstate(divide="ignore", invalid="ignore"):
            return special.logit(np.asarray(mu, dtype=float) / self.trials)

    def log_partition(self, eta):
        return self.trials * np.logaddexp(0.0, eta)

    def log_base_measure(self, y):
        n = self.trials
        return (
            special.gammaln(n + 1) - special.gammaln(y + 1) - special.gammaln(n - y + 1)
        )

    def unit_variance(self, eta):
        eta = np.asarray(eta, dtype=float)
        return self.trials * special.expit(eta) * special.expit(-eta)

    def variance_from_mean(self, mu):
        return mu * (1 - mu / self.trials)

    def in_support(self, y):
        y = np.asarray(y, dtype=float)
        with np.errstate(invalid="ignore"):
            return np.isfinite(y) & (y >= 0) & (y <= self.trials) & (y == np.round(y))

    def valid_mean(self, mu):
        return np.isfinite(mu) & (mu > 0) & (mu < self.trials)

    def unit_deviance(self, y, eta):
        y = np.asarray(y, dtype=float)
        n = self.trials
        saturated = special.xlogy(y, y / n) + special.xlogy(n - y, (n - y) / n)
        return 2.0 * (saturated - y * eta + n * np.logaddexp(0.0, eta))

    def initial_mean(self, y):
        n = self.trials
        return n * (np.asarray(y, dtype=float) + 0.5) / (n + 1)

    def mean_from_linear(self, lin, link):
        return self.trials * link.response(lin)

    def mean_derivative(self, lin, link):
        return self.trials * link.response_derivative(lin)

    def linear_from_mean(self, mu, link):
        return link.link(np.asarray(mu, dtype=float) / self.trials)

    def sample(self, eta, rng, size=None):
        return rng.binomial(
            np.asarray(self.trials, dtype=int), special.expit(eta), size=size
        )

    def __repr__(self):
        trials = "array" if np.ndim(self.trials) else f"{self.trials:g}"
        return f"Binomial(trials={trials})"


class Bernoulli(Binomial):
    """One yes/no trial (chapter 3): eta is the log-odds, the response is the sigmoid."""

    name = "bernoulli"
    display_name = "Bernoulli"
    model_name = "logistic regression"
    support = "0 or 1"

    def __init__(self):
        super().__init__(trials=1)

    def response(self, eta):
        return special.expit(eta)

    def log_partition(self, eta):
        return np.logaddexp(0.0, eta)

    def log_base_measure(self, y):
        return np.zeros_like(np.asarray(y, dtype=float))

    def sample(self, eta, rng, size=None):
        p = special.expit(eta)
        return (rng.random(size=np.shape(p) if size is None else size) < p).astype(
            float
        )

    def __repr__(self):
        return "Bernoulli()"


class Poisson(ExponentialFamily):
    """Counts of independent events (chapter 7): eta = log(rate), a = e^eta."""

    name = "poisson"
    display_name = "Poisson"
    model_name = "Poisson regression"
    canonical_link = "log"
    link_names = ("log", "identity", "sqrt")
    discrete = True
    support = "counts (whole numbers >= 0)"

    def log_partition(self, eta):
        with np.errstate(over="ignore"):
            return np.exp(eta)

    def log_base_measure(self, y):
        return -special.gammaln(np.asarray(y, dtype=float) + 1)

    def unit_variance(self, eta):
        return self.log_partition(eta)

    def variance_from_mean(self, mu):
        return np.asarray(mu, dtype=float)

    def in_support(self, y):
        y = np.asarray(y, dtype=float)
        with np.errstate(invalid="ignore"):
            return np.isfinite(y) & (y >= 0) & (y == np.round(y))

    def valid_mean(self, mu):
        return np.isfinite(mu) & (mu > 0)

    def unit_deviance(self, y, eta):
        y = np.asarray(y, dtype=float)
        return 2.0 * (special.xlogy(y, y) - y - y * eta + self.log_partition(eta))

    def initial_mean(self, y):
        return np.asarray(y, dtype=float) + 0.1

    def sample(self, eta, rng, size=None):
        return rng.poisson(self.response(eta), size=size).astype(float)


class Gamma(ExponentialFamily):
    """Positive, right-skewed amounts (waiting times, costs) with fixed ``shape``.

    Natural parameter eta = -1/mu < 0, a(eta) = -log(-eta); the dispersion is
    1/shape. R's default ``Gamma(link = "inverse")`` uses 1/mu, which flips
    the sign of every coefficient; ask for ``link="inverse"`` to match it.
    """

    name = "gamma"
    display_name = "gamma"
    model_name = "gamma regression"
    canonical_link = "negative_inverse"
    link_names = ("negative_inverse", "inverse", "log", "identity")
    support = "positive numbers"

    def __init__(self, shape=1.0):
        if not (np.isfinite(shape) and shape > 0):
            raise ValueError(
                f"{self.name}: shape must be positive and finite, not {shape!r}"
            )
        self.shape = float(shape)
        self.dispersion = 1.0 / self.shape

    def response(self, eta):
        eta = np.asarray(eta, dtype=float)
        with np.errstate(divide="ignore"):
            return np.where(eta < 0, -1.0 / np.minimum(eta, -1e-300), np.inf)

    def log_partition(self, eta):
        eta = np.asarray(eta, dtype=float)
        # Outside eta < 0 the normalising integral diverges: a(eta) = +inf.
        return np.where(eta < 0, -np.log(np.abs(np.minimum(eta, -1e-300))), np.inf)

    def log_base_measure(self, y):
        k = self.shape
        return special.xlogy(k - 1, y) + k * np.log(k) - special.gammaln(k)

    def unit_variance(self, eta):
        return np.square(self.response(eta))

    def variance_from_mean(self, mu):
        return np.square(mu)

    def in_support(self, y):
        y = np.asarray(y, dtype=float)
        with np.errstate(invalid="ignore"):
            return np.isfinite(y) & (y > 0)

    def valid_eta(self, eta):
        return np.isfinite(eta) & (eta < 0)

    def valid_mean(self, mu):
        return np.isfinite(mu) & (mu > 0)

    def _a_point_in_support(self):
        return 1.0

    def unit_deviance(self, y, eta):
        y = np.asarray(y, dtype=float)
        eta = np.asarray(eta, dtype=float)
        inside = eta < 0
        safe = np.where(inside, eta, -1.0)
        return np.where(
            inside, 2.0 * (-np.log(y) - np.log(-safe) - y * safe - 1.0), np.inf
        )

    def sample(self, eta, rng, size=None):
        return rng.gamma(self.shape, self.response(eta) / self.shape, size=size)

    def __repr__(self):
        return f"Gamma(shape={self.shape:g})"


class Exponential(Gamma):
    """Waiting times: the gamma family with shape one."""

    name = "exponential"
    display_name = "exponential"
    model_name = "exponential regression"

    def __init__(self):
        super().__init__(shape=1.0)

    def __repr__(self):
        return "Exponential()"


class Categorical(ExponentialFamily):
    """One of K classes (softmax regression); class 0 is the reference.

    The natural parameter is a vector of K - 1 log-ratios,
    eta_k = log(P(class k) / P(class 0)), in the last axis of ``eta``.
    ``response`` gives all K probabilities (the softmax of [0, eta]);
    the gradient of ``log_partition`` is its last K - 1 entries, the mean of
    the one-hot sufficient statistic. ``n_classes`` is read from eta where
    it is not given.
    """

    name = "categorical"
    display_name = "categorical"
    model_name = "softmax regression"
    canonical_link = "multinomial_logit"
    link_names = ("multinomial_logit",)
    discrete = True

    def __init__(self, n_classes=None):
        if n_classes is not None and (int(n_classes) != n_classes or n_classes < 2):
            raise ValueError(
                f"categorical: n_classes must be a whole number >= 2, not {n_classes!r}"
            )
        self.n_classes = None if n_classes is None else int(n_classes)

    @property
    def support(self):
        if self.n_classes is None:
            return "class labels 0, 1, 2, ... (whole numbers >= 0)"
        return f"class labels 0 to {self.n_classes - 1}"

    @staticmethod
    def _logits(eta):
        eta = np.asarray(eta, dtype=float)
        zeros = np.zeros((*eta.shape[:-1], 1))
        return np.concatenate([zeros, eta], axis=-1)

    def log_partition(self, eta):
        return special.logsumexp(self._logits(eta), axis=-1)

    def sufficient_statistic(self, y, n_classes=None):
        """One-hot indicators of classes 1..K-1 (class 0 is all zeros)."""
        y = np.asarray(y, dtype=int)
        k = n_classes or self.n_classes or int(y.max(initial=0)) + 1
        return (y[..., None] == np.arange(1, k)).astype(float)

    def log_base_measure(self, y):
        return np.zeros_like(np.asarray(y, dtype=float))

    def unit_variance(self, eta):
        """Covariance of the one-hot T(y): diag(p) - p p^T over classes 1..K-1 (a matrix per row)."""
        return self._canonical.response_derivative(eta)

    def loglik(self, y, eta):
        y = np.asarray(y, dtype=float)
        logits = self._logits(eta)
        k = logits.shape[-1]
        inside = self.in_support(y) & (y < k)
        labels = np.where(inside, y, 0).astype(int)
        log_p = logits - special.logsumexp(logits, axis=-1, keepdims=True)
        picked = np.take_along_axis(
            np.broadcast_to(log_p, (*labels.shape, k)), labels[..., None], axis=-1
        )[..., 0]
        return np.where(inside, picked, -np.inf)

    def in_support(self, y):
        y = np.asarray(y, dtype=float)
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(y) & (y >= 0) & (y == np.round(y))
            if self.n_classes is not None:
                ok &= y < self.n_classes
        return ok

    def unit_deviance(self, y, eta):
        return -2.0 * self.loglik(y, eta)

    def sample(self, eta, rng, size=None):
        p = self.response(eta)
        if size is not None:
            p = np.broadcast_to(p, tuple(np.atleast_1d(size)) + p.shape[-1:])
        u = rng.random(size=(*p.shape[:-1], 1))
        return (np.cumsum(p, axis=-1) < u).sum(axis=-1).astype(float)

    def variance_from_mean(self, mu):
        raise NotImplementedError(
            "categorical: the variance is a matrix; use variance(eta)"
        )

    def __repr__(self):
        return f"Categorical(n_classes={self.n_classes})"


FAMILIES = {
    cls.name: cls
    for cls in (Gaussian, Bernoulli, Binomial, Poisson, Gamma, Exponential, Categorical)
}


def get_family(family):
    """A family object from its name ("poisson", ...) or the object itself."""
    if isinstance(family, ExponentialFamily):
        return family
    if isinstance(family, type) and issubclass(family, ExponentialFamily):
        return family()
    if isinstance(family, str) and family.lower() in FAMILIES:
        return FAMILIES[family.lower()]()
    raise ValueError(
        f"unknown family {family!r}; choose one of "
        f"{', '.join(repr(n) for n in FAMILIES)} or pass a glmlib family object"
    )
