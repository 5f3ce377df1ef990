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
(R's ``variance``), ``unit_deviance`` and ``initial_mean`` (R's ``initialize``),
and ``mean_range``, the interval of means the family allows. Everything
``glmlib.fitting`` and ``glmlib.existence`` ask of a family is a method or an
attribute of ``ExponentialFamily`` with a default that holds for any family
with a scalar natural parameter, so a family written outside this module, as
a subclass with the lesson's functions and those few, fits with its
canonical link and every link it lists in ``link_names``. ``Categorical``
(a vector natural parameter) overrides the handful of methods that depend on
it: ``coef_shape``, ``for_data``, ``for_coef``, ``mean_of_statistic``.

The numerics lean on ``scipy.special`` (``expit``, ``xlogy``, ``gammaln``)
and ``np.logaddexp`` so that everything stays finite wherever the true
value is, for |eta| up to 1e4 and beyond.
"""

from typing import ClassVar, NamedTuple

import numpy as np
from scipy import special

from ._checks import as_float_array, check_support
from .links import LINKS, Link

# Relative step of the numerical derivatives a family or link gets by default.
_DIFF_STEP = 1e-6
# The canonical link of each family class (``ExponentialFamily._canonical``).
_CANONICAL = {}


class MeanEdge(NamedTuple):
    """One end of the means a link can give a family (``ExponentialFamily.mean_edges``).

    ``mean`` is the edge (0 for counts); ``linear`` the linear predictor
    theta^T x at which the link reaches it: finite when a finite theta does
    (the identity link's mean 0), +-inf when only a limit does (the log link's).
    """

    mean: object  # float, or one per row (the binomial's trials)
    linear: float


class ExponentialFamily:
    """Base class: one exponential family with a fixed dispersion.

    Subclasses set the class attributes and define the lesson's functions,
    ``variance_from_mean`` and ``unit_deviance``; the other methods have
    defaults that hold for any family with a scalar natural parameter.
    ``glmlib.fitting`` and ``glmlib.existence`` ask a family nothing else.
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
    #: the open interval of means the family allows, (low, high)
    mean_range = (-np.inf, np.inf)
    #: links of the family's own, by name, beside ``glmlib.links.LINKS``
    #: (a family written outside glmlib may bring its canonical link here)
    extra_links: ClassVar[dict] = {}
    #: links besides the canonical one under which log p(y) is concave in the
    #: linear predictor, as it always is in the natural parameter; for these
    #: the existence check's linear program is exact (``glmlib.existence``)
    concave_links = ()

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
            # 0 * (-inf) is 0: a mean at the edge of the range (a Poisson mean
            # of 0, eta = -inf) has probability 1 of the y that lives there.
            core = (np.where(t == 0, 0.0, eta * t) - self.log_partition(eta)) / (
                self.dispersion
            )
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
        # comparisons with NaN are False without a warning: no errstate needed
        check_support(arr, self.in_support(arr), name, self.name, self.support)
        return arr

    def valid_eta(self, eta):
        """Which natural parameters the family allows (where a(eta) is finite)."""
        return np.isfinite(eta)

    def valid_mean(self, mu):
        """Which means the family allows (R's ``validmu``): inside ``mean_range``."""
        low, high = self.mean_range
        valid = np.isfinite(mu)  # (comparisons with NaN are False, silently)
        if np.ndim(low) or low > -np.inf:
            valid = valid & (mu > low)
        if np.ndim(high) or high < np.inf:
            valid = valid & (mu < high)
        return valid

    def _a_point_in_support(self):
        return 0.0

    # --- what a fit asks of the data ------------------------------------
    def coef_shape(self, n_features):
        """The shape of theta for ``n_features`` columns of X: one coefficient each."""
        return (n_features,)

    def for_data(self, y):
        """This family as it fits ``y`` (y already checked): itself, for a scalar family."""
        return self

    def for_coef(self, coef):
        """This family as it goes with coefficients ``coef``: itself, for a scalar family."""
        return self

    def check_fit_data(self, y):
        """Refuse, with a ValueError, data (already in the support) that no fit can use.

        ``check_y`` has checked every value; this is for what only a whole
        fit needs (every class present, for the categorical). Nothing here.
        """

    def mean_of_statistic(self, eta):
        """E[T(y)] = a'(eta), the mean of the sufficient statistic (chapter 8).

        For a scalar family it is the mean itself, ``response(eta)``.
        """
        return self.response(eta)

    # --- what a fit needs (after R's family objects) --------------------
    def variance_from_mean(self, mu):
        """Variance function V(mu) = a''(link(mu)), at unit dispersion (R's ``variance``)."""
        raise NotImplementedError

    def variance_derivative(self, mu):
        """V'(mu), for Newton's method with a non-canonical link.

        By default a central difference of ``variance_from_mean``; the
        families here give it exactly.
        """
        mu = np.asarray(mu, dtype=float)
        h = _DIFF_STEP * (1.0 + np.abs(mu))
        return (self.variance_from_mean(mu + h) - self.variance_from_mean(mu - h)) / (
            2 * h
        )

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
        return link if isinstance(link, Link) else self._link_named(name)

    def _link_named(self, name):
        return (self.extra_links.get(name) or LINKS[name])()

    def mean_from_linear(self, lin, link):
        """Mean of y for linear predictor ``lin`` under ``link``."""
        return link.response(lin)

    def linear_from_mean(self, mu, link):
        """Linear predictor that gives mean ``mu`` under ``link``."""
        return link.link(mu)

    def mean_derivative(self, lin, link):
        """d mean / d linear predictor under ``link``."""
        return link.response_derivative(lin)

    def mean_second_derivative(self, lin, link):
        """d^2 mean / d linear predictor^2 under ``link`` (Newton's method, any link)."""
        return link.response_second_derivative(lin)

    def mean_edges(self, link=None):
        """Where the means ``link`` gives meet the edges of the family's range.

        Returns two ``MeanEdge`` (low, high), each with the linear predictor
        at which the link reaches it: for counts the identity link reaches a
        mean of 0 at theta^T x = 0, the log link only as theta^T x -> -inf.
        Where the link's own means stop short of the family's range (the log
        link under a gaussian) the edge is the link's. ``glmlib.existence``
        and the fit's handling of estimates on the edge read these.
        """
        lnk = self.get_link(link)
        valid = sorted(lnk.linear_at_mean_ends)
        low, high = self.mean_range
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            linear = [
                float(np.ravel(self.linear_from_mean(end, lnk))[0])
                for end in (low, high)
            ]
        edges = []
        for family_end, at, link_end, link_linear in zip(
            (low, high),
            linear,
            lnk.mean_interval,
            lnk.linear_at_mean_ends,
            strict=True,
        ):
            if at == link_linear or valid[0] < at < valid[1]:
                edges.append(MeanEdge(family_end, at))
            else:  # the family's edge lies beyond the means the link can give
                edges.append(MeanEdge(link_end, link_linear))
        return tuple(edges)

    @property
    def _canonical(self):
        # Links hold no state: one instance per family class serves every call
        # (``response`` and ``link`` go through it on every step of a fit).
        key = (type(self), self.canonical_link)
        link = _CANONICAL.get(key)
        if link is None:
            link = _CANONICAL[key] = self._link_named(self.canonical_link)
        return link

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

    def variance_derivative(self, mu):
        return np.zeros_like(np.asarray(mu, dtype=float))

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
    concave_links = ("probit", "cloglog")
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

    @property
    def mean_range(self):
        return (0.0, self.trials)

    def check_y(self, y, name="y"):
        if np.ndim(self.trials) and np.shape(self.trials) != np.shape(y):
            raise ValueError(
                f"{self.name}: trials has shape {np.shape(self.trials)} but {name} has "
                f"shape {np.shape(y)}; give one number of trials per row"
            )
        return super().check_y(y, name)

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

    def variance_derivative(self, mu):
        return 1 - 2 * np.asarray(mu, dtype=float) / self.trials

    def in_support(self, y):
        y = np.asarray(y, dtype=float)
        return np.isfinite(y) & (y >= 0) & (y <= self.trials) & (y == np.round(y))

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

    def mean_second_derivative(self, lin, link):
        return self.trials * link.response_second_derivative(lin)

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
    concave_links = ("identity", "sqrt")
    discrete = True
    support = "counts (whole numbers >= 0)"
    mean_range = (0.0, np.inf)

    def log_partition(self, eta):
        with np.errstate(over="ignore"):
            return np.exp(eta)

    def log_base_measure(self, y):
        return -special.gammaln(np.asarray(y, dtype=float) + 1)

    def unit_variance(self, eta):
        return self.log_partition(eta)

    def variance_from_mean(self, mu):
        return np.asarray(mu, dtype=float)

    def variance_derivative(self, mu):
        return np.ones_like(np.asarray(mu, dtype=float))

    def in_support(self, y):
        y = np.asarray(y, dtype=float)
        return np.isfinite(y) & (y >= 0) & (y == np.round(y))

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
    concave_links = ("inverse", "log")
    support = "positive numbers"
    mean_range = (0.0, np.inf)

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

    def variance_derivative(self, mu):
        return 2.0 * np.asarray(mu, dtype=float)

    def in_support(self, y):
        y = np.asarray(y, dtype=float)
        return np.isfinite(y) & (y > 0)

    def valid_eta(self, eta):
        return np.isfinite(eta) & (eta < 0)

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
    the one-hot sufficient statistic (``mean_of_statistic``). ``n_classes``
    is read from eta, theta or y where it is not given (``for_coef``,
    ``for_data``).

    Where the base class speaks of "the variance" this family has a
    (K-1) x (K-1) covariance matrix per row (``unit_variance``,
    ``variance_from_mean``), and it offers its canonical link only.
    """

    name = "categorical"
    display_name = "categorical"
    model_name = "softmax regression"
    canonical_link = "multinomial_logit"
    link_names = ("multinomial_logit",)
    discrete = True
    mean_range = (0.0, 1.0)  # each class probability

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
        """One-hot indicators of classes 1..K-1 (class 0 is all zeros).

        K is ``n_classes`` (the family's own by default; the largest label
        plus one when neither is given).
        """
        y = np.asarray(y, dtype=int)
        k = n_classes or self.n_classes or int(y.max(initial=0)) + 1
        return (y[..., None] == np.arange(1, k)).astype(float)

    def mean_of_statistic(self, eta):
        """E[T(y)]: the probabilities of classes 1..K-1, the gradient of a(eta)."""
        return self.response(eta)[..., 1:]

    def coef_shape(self, n_features):
        """(p, K-1): one column of coefficients per class but the reference class 0."""
        if self.n_classes is None:
            raise ValueError(
                "categorical: the number of classes is not known yet; give "
                "n_classes or fit to data"
            )
        return (n_features, self.n_classes - 1)

    def for_data(self, y):
        """The family with K = n_classes, or the largest label in y plus one."""
        k = self.n_classes or int(np.max(y)) + 1
        return self if self.n_classes == k else Categorical(n_classes=k)

    def for_coef(self, coef):
        """The family whose K matches theta's K - 1 columns (a ValueError if it cannot)."""
        shape = np.shape(coef)
        if len(shape) != 2 or shape[1] < 1:
            raise ValueError(
                f"categorical: theta must have shape (p, K-1), one column per class "
                f"but the reference class 0, got shape {shape}"
            )
        k = shape[1] + 1
        if self.n_classes is not None and self.n_classes != k:
            raise ValueError(
                f"categorical: theta has {shape[1]} columns, so K = {k} classes, but "
                f"the family says n_classes={self.n_classes}"
            )
        return self if self.n_classes == k else Categorical(n_classes=k)

    def check_fit_data(self, y):
        """Every class 0..K-1 must occur, and there must be two or more."""
        k = self.n_classes or int(np.max(y)) + 1
        if k < 2:
            raise ValueError(
                "categorical: y holds only class 0; a fit needs two or more classes"
            )
        missing = np.flatnonzero(np.bincount(y.astype(int), minlength=k) == 0)
        if missing.size:
            raise ValueError(
                f"categorical: class {missing[0]} of 0..{k - 1} never occurs in y, so its "
                "maximum-likelihood coefficients are minus infinity; relabel the classes "
                "0..K-1 without gaps"
            )

    def separation_constraints(self, X, y):
        """What separation asks of a direction g = vec(theta), class by class (chapter 9).

        Row i stays on its own class's side when x_i (theta_{y_i} - theta_k)
        >= 0 for every other class k (theta_0 = 0, class 0 is the reference).
        Returns (rows r with r @ g <= 0 along a separating direction, rows held
        at 0 (none), the row of X behind each, and a function that gives g the
        shape of theta). ``glmlib.existence`` solves for g.
        """
        n_feat = X.shape[1]
        k = self.n_classes or int(np.max(y)) + 1
        m = k - 1
        labels = np.asarray(y).astype(int)
        rows, row_of = [], []
        for c in range(k):
            others = labels != c
            block = np.zeros((int(others.sum()), m, n_feat))
            idx = np.flatnonzero(others)
            own = labels[others]
            has_own = own >= 1
            block[np.flatnonzero(has_own), own[has_own] - 1, :] += X[idx[has_own]]
            if c >= 1:
                block[:, c - 1, :] -= X[idx]
            rows.append(-block.reshape(len(idx), m * n_feat))
            row_of.append(idx)
        return (
            np.concatenate(rows),
            np.zeros((0, m * n_feat)),
            np.concatenate(row_of),
            lambda g: g.reshape(m, n_feat).T,
        )

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
        """Covariance of the one-hot T(y) from all K probabilities: diag(p) - p p^T.

        ``mu`` has the K class probabilities in its last axis; the result is
        (K-1) x (K-1) per row, over classes 1..K-1.
        """
        p = np.asarray(mu, dtype=float)[..., 1:]
        cov = -p[..., :, None] * p[..., None, :]
        diagonal = np.arange(p.shape[-1])
        cov[..., diagonal, diagonal] += p
        return cov

    def __repr__(self):
        return f"Categorical(n_classes={self.n_classes})"


#: the family ``glmlib.fit`` uses when none is named: linear regression
DEFAULT_FAMILY = "gaussian"

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
