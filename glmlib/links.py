"""Link functions and their inverses, the response functions (chapter 6).

A *link function* g maps a mean mu to the linear predictor eta = g(mu); its
inverse, the *response function*, maps eta back to the mean. Each family has
one *canonical* link, the map from its mean to its natural parameter
(``ExponentialFamily.link``); the links here also include the non-canonical
ones statisticians use (probit for yes/no data, inverse and log for gamma).

Each link works on the mean of one trial: a probability for the binomial
family, whose mean is ``trials`` times it.

Like scikit-learn's ``sklearn/_loss/link.py`` the objects are tiny and
stateless; like R's ``family`` objects they also carry ``response_derivative``
(R's ``mu.eta``), which is all iteratively reweighted least squares needs,
and ``response_second_derivative``, which Newton's method with a
non-canonical link adds. Each declares the interval of its means and the
linear predictor at each end (``mean_interval``, ``linear_at_mean_ends``):
the valid linear predictors lie between those ends.
"""

from dataclasses import dataclass, fields

import numpy as np
from scipy import special

_EPS = np.finfo(float).eps
# Relative step of the default second derivative (a central difference).
_DIFF_STEP = 1e-5
# R's binomial()$linkinv for probit clamps eta so that the mean stays in
# [eps, 1 - eps]; the log-likelihood then stays finite for any eta.
_PROBIT_BOUND = -special.ndtri(_EPS)


@dataclass(frozen=True)
class LinkDescription:
    """How a link is written and where its means live (chapters 4, 6 and 9).

    Every table of links and responses in the course (chapter 4's response
    box, chapter 6's translators, chapter 9's cheat sheet) reads these
    fields instead of repeating the formulas, so the prose cannot drift from
    the code. Formulas come twice: Unicode for plain text and widgets, LaTeX
    for Markdown. ``mean_interval`` is the open interval of valid means of
    one trial, ``(low, high)``.
    """

    name: str
    display_name: str
    response_name: str
    link_text: str
    link_latex: str
    response_text: str
    response_latex: str
    mean_interval: tuple
    mean_interval_text: str


class Link:
    """A link function ``link`` (mean -> eta) with its inverse ``response``.

    Subclasses declare how they are written (``display_name``,
    ``response_name``, the formulas), the interval of valid means and the
    linear predictor at each of its ends; ``description`` gathers the first
    in one ``LinkDescription``. A new link needs ``link``, ``response`` and
    ``response_derivative``; ``response_second_derivative`` defaults to a
    central difference.
    """

    name = "link"
    display_name = "link"
    response_name = "response"
    link_text = link_latex = response_text = response_latex = ""
    mean_interval = (-np.inf, np.inf)
    mean_interval_text = "any real number"
    #: eta at the low and the high end of ``mean_interval`` (inf: reached only
    #: in the limit); the valid eta lie strictly between them
    linear_at_mean_ends = (-np.inf, np.inf)

    @property
    def description(self):
        """This link's names, formulas and range of means, as a ``LinkDescription``."""
        return LinkDescription(
            **{part.name: getattr(self, part.name) for part in fields(LinkDescription)}
        )

    def link(self, mu):
        """Mean -> linear predictor eta."""
        raise NotImplementedError

    def response(self, eta):
        """Linear predictor eta -> mean (the inverse of ``link``)."""
        raise NotImplementedError

    def response_derivative(self, eta):
        """d mean / d eta at eta (R's ``mu.eta``)."""
        raise NotImplementedError

    def response_second_derivative(self, eta):
        """d^2 mean / d eta^2 at eta; by default a central difference of the first."""
        eta = np.asarray(eta, dtype=float)
        h = _DIFF_STEP * (1.0 + np.abs(eta))
        return (
            self.response_derivative(eta + h) - self.response_derivative(eta - h)
        ) / (2 * h)

    def valid_eta(self, eta):
        """Which values of eta give a mean: strictly between ``linear_at_mean_ends``."""
        low, high = self.linear_at_mean_ends
        if low > high:
            low, high = high, low
        valid = np.isfinite(eta)  # (comparisons with NaN are False, silently)
        if low > -np.inf:
            valid = valid & (eta > low)
        if high < np.inf:
            valid = valid & (eta < high)
        return valid

    def __repr__(self):
        return f"{type(self).__name__}()"


class Identity(Link):
    """eta = mu. Canonical for the Gaussian (chapter 2)."""

    name = "identity"
    display_name = "identity"
    response_name = "identity"
    link_text = "η = μ"
    link_latex = r"\eta = \mu"
    response_text = "μ = η"
    response_latex = r"\mu = \eta"
    mean_interval = (-np.inf, np.inf)
    mean_interval_text = "any real number"

    def link(self, mu):
        return np.asarray(mu, dtype=float)

    def response(self, eta):
        return np.asarray(eta, dtype=float)

    def response_derivative(self, eta):
        return np.ones_like(np.asarray(eta, dtype=float))

    def response_second_derivative(self, eta):
        return np.zeros_like(np.asarray(eta, dtype=float))


class Log(Link):
    """eta = log(mu). Canonical for the Poisson (chapter 7)."""

    name = "log"
    display_name = "log"
    response_name = "exponential"
    link_text = "η = log μ"
    link_latex = r"\eta = \log\mu"
    response_text = "μ = e^η"
    response_latex = r"\mu = e^{\eta}"
    mean_interval = (0.0, np.inf)
    mean_interval_text = "μ > 0"

    def link(self, mu):
        with np.errstate(divide="ignore"):
            return np.log(mu)

    def response(self, eta):
        with np.errstate(over="ignore"):
            return np.exp(eta)

    def response_derivative(self, eta):
        return self.response(eta)

    def response_second_derivative(self, eta):
        return self.response(eta)


class Logit(Link):
    """eta = log(mu / (1 - mu)), the log-odds. Canonical for the Bernoulli (chapter 3).

    Its response function is the sigmoid, ``scipy.special.expit``, which
    stays exact where ``1 / (1 + exp(-eta))`` overflows.
    """

    name = "logit"
    display_name = "logit (log-odds)"
    response_name = "sigmoid"
    link_text = "η = log(μ / (1 − μ))"
    link_latex = r"\eta = \log\frac{\mu}{1-\mu}"
    response_text = "μ = 1 / (1 + e^(−η))"
    response_latex = r"\mu = \frac{1}{1+e^{-\eta}}"
    mean_interval = (0.0, 1.0)
    mean_interval_text = "0 < μ < 1"

    def link(self, mu):
        with np.errstate(divide="ignore"):
            return special.logit(mu)

    def response(self, eta):
        return special.expit(eta)

    def response_derivative(self, eta):
        p = special.expit(eta)
        return p * special.expit(-np.asarray(eta, dtype=float))

    def response_second_derivative(self, eta):
        eta = np.asarray(eta, dtype=float)
        return self.response_derivative(eta) * -np.tanh(eta / 2)  # p q (q - p)


class Probit(Link):
    """eta = Phi^-1(mu), the standard normal quantile: a non-canonical yes/no link."""

    name = "probit"
    display_name = "probit"
    response_name = "standard normal CDF"
    link_text = "η = Φ⁻¹(μ)"
    link_latex = r"\eta = \Phi^{-1}(\mu)"
    response_text = "μ = Φ(η)"
    response_latex = r"\mu = \Phi(\eta)"
    mean_interval = (0.0, 1.0)
    mean_interval_text = "0 < μ < 1"

    def link(self, mu):
        return special.ndtri(mu)

    def response(self, eta):
        return special.ndtr(np.clip(eta, -_PROBIT_BOUND, _PROBIT_BOUND))

    def response_derivative(self, eta):
        eta = np.clip(eta, -_PROBIT_BOUND, _PROBIT_BOUND)
        return np.maximum(np.exp(-0.5 * eta * eta) / np.sqrt(2 * np.pi), _EPS)

    def response_second_derivative(self, eta):
        inside = np.abs(eta) < _PROBIT_BOUND  # the clamped mean is flat beyond
        eta = np.clip(eta, -_PROBIT_BOUND, _PROBIT_BOUND)
        return np.where(
            inside, -eta * np.exp(-0.5 * eta * eta) / np.sqrt(2 * np.pi), 0.0
        )


class CLogLog(Link):
    """eta = log(-log(1 - mu)), the complementary log-log: a non-canonical yes/no link."""

    name = "cloglog"
    display_name = "complementary log-log"
    response_name = "inverse complementary log-log"
    link_text = "η = log(−log(1 − μ))"
    link_latex = r"\eta = \log\big(-\log(1-\mu)\big)"
    response_text = "μ = 1 − exp(−e^η)"
    response_latex = r"\mu = 1 - \exp(-e^{\eta})"
    mean_interval = (0.0, 1.0)
    mean_interval_text = "0 < μ < 1"

    def link(self, mu):
        with np.errstate(divide="ignore"):
            return np.log(-np.log1p(-np.asarray(mu, dtype=float)))

    def response(self, eta):
        # R clamps the same way: the mean stays in [eps, 1 - eps].
        with np.errstate(over="ignore"):
            mu = -np.expm1(-np.exp(eta))
        return np.clip(mu, _EPS, 1 - _EPS)

    def response_derivative(self, eta):
        eta = np.minimum(eta, 700.0)
        with np.errstate(under="ignore"):
            return np.maximum(np.exp(eta - np.exp(eta)), _EPS)

    def response_second_derivative(self, eta):
        eta = np.minimum(eta, 700.0)
        with np.errstate(under="ignore", over="ignore"):
            return np.exp(eta - np.exp(eta)) * -np.expm1(eta)


class Inverse(Link):
    """eta = 1 / mu: R's default link for ``Gamma``, non-canonical here.

    Its coefficients are those of the canonical link with the sign flipped.
    """

    name = "inverse"
    display_name = "inverse"
    response_name = "inverse"
    link_text = "η = 1/μ"
    link_latex = r"\eta = 1/\mu"
    response_text = "μ = 1/η"
    response_latex = r"\mu = 1/\eta"
    mean_interval = (0.0, np.inf)
    mean_interval_text = "μ > 0"
    linear_at_mean_ends = (np.inf, 0.0)

    def link(self, mu):
        with np.errstate(divide="ignore"):
            return 1.0 / np.asarray(mu, dtype=float)

    def response(self, eta):
        with np.errstate(divide="ignore"):
            return 1.0 / np.asarray(eta, dtype=float)

    def response_derivative(self, eta):
        with np.errstate(divide="ignore", over="ignore"):
            return -1.0 / np.square(eta)

    def response_second_derivative(self, eta):
        eta = np.asarray(eta, dtype=float)
        with np.errstate(divide="ignore", over="ignore"):
            return 2.0 / (eta * eta * eta)


class NegativeInverse(Link):
    """eta = -1 / mu. Canonical for the gamma and exponential families.

    The gamma's natural parameter is negative, so a canonical fit needs
    X @ theta < 0 in every row.
    """

    name = "negative_inverse"
    display_name = "negative inverse"
    response_name = "negative inverse"
    link_text = "η = −1/μ"
    link_latex = r"\eta = -1/\mu"
    response_text = "μ = −1/η"
    response_latex = r"\mu = -1/\eta"
    mean_interval = (0.0, np.inf)
    mean_interval_text = "μ > 0"
    linear_at_mean_ends = (-np.inf, 0.0)

    def link(self, mu):
        with np.errstate(divide="ignore"):
            return -1.0 / np.asarray(mu, dtype=float)

    def response(self, eta):
        with np.errstate(divide="ignore"):
            return -1.0 / np.asarray(eta, dtype=float)

    def response_derivative(self, eta):
        with np.errstate(divide="ignore", over="ignore"):
            return 1.0 / np.square(eta)

    def response_second_derivative(self, eta):
        eta = np.asarray(eta, dtype=float)
        with np.errstate(divide="ignore", over="ignore"):
            return -2.0 / (eta * eta * eta)


class Sqrt(Link):
    """eta = sqrt(mu): a non-canonical link for counts."""

    name = "sqrt"
    display_name = "square root"
    response_name = "square"
    link_text = "η = √μ"
    link_latex = r"\eta = \sqrt{\mu}"
    response_text = "μ = η²"
    response_latex = r"\mu = \eta^2"
    mean_interval = (0.0, np.inf)
    mean_interval_text = "μ > 0"
    linear_at_mean_ends = (0.0, np.inf)

    def link(self, mu):
        return np.sqrt(mu)

    def response(self, eta):
        return np.square(eta)

    def response_derivative(self, eta):
        return 2.0 * np.asarray(eta, dtype=float)

    def response_second_derivative(self, eta):
        return np.full_like(np.asarray(eta, dtype=float), 2.0)


class MultinomialLogit(Link):
    """eta_k = log(mu_k / mu_0) for k = 1..K-1; its response is the softmax.

    Canonical for the categorical family (softmax regression). The mean is
    the vector of all K class probabilities, in the last axis.
    """

    name = "multinomial_logit"
    display_name = "multinomial logit"
    response_name = "softmax"
    link_text = "η_k = log(μ_k / μ_0), k = 1, …, K−1"
    link_latex = r"\eta_k = \log\frac{\mu_k}{\mu_0},\ k = 1,\dots,K-1"
    response_text = "μ_k = e^(η_k) / Σ_j e^(η_j), with η_0 = 0"
    response_latex = (
        r"\mu_k = \frac{e^{\eta_k}}{\sum_{j=0}^{K-1} e^{\eta_j}},\ \eta_0 = 0"
    )
    mean_interval = (0.0, 1.0)
    mean_interval_text = "each 0 < μ_k < 1, and the μ_k sum to 1"

    def link(self, mu):
        mu = np.asarray(mu, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(mu[..., 1:]) - np.log(mu[..., :1])

    def response(self, eta):
        eta = np.asarray(eta, dtype=float)
        logits = np.concatenate([np.zeros((*eta.shape[:-1], 1)), eta], axis=-1)
        return special.softmax(logits, axis=-1)

    def response_derivative(self, eta):
        """Jacobian d mu_{1..K-1} / d eta: diag(p) - p p^T.

        The diagonal p_k (1 - p_k) takes 1 - p_k as the probability of the
        other classes, summed in the log domain, so it keeps its precision
        when one class is nearly certain (where 1 - p_k would cancel).
        """
        eta = np.asarray(eta, dtype=float)
        logits = np.concatenate([np.zeros((*eta.shape[:-1], 1)), eta], axis=-1)
        log_total = special.logsumexp(logits, axis=-1, keepdims=True)
        p = np.exp(logits - log_total)[..., 1:]
        k = logits.shape[-1]
        others = ~np.eye(k, dtype=bool)[1:]  # row k-1: every class but k
        masked = np.where(others, logits[..., None, :], -np.inf)
        rest = np.exp(special.logsumexp(masked, axis=-1) - log_total)  # 1 - p_k
        jacobian = -p[..., :, None] * p[..., None, :]
        diagonal = np.arange(k - 1)
        jacobian[..., diagonal, diagonal] = p * rest
        return jacobian


LINKS = {
    cls.name: cls
    for cls in (
        Identity,
        Log,
        Logit,
        Probit,
        CLogLog,
        Inverse,
        NegativeInverse,
        Sqrt,
        MultinomialLogit,
    )
}
