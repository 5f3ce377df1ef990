"""glmlib agrees with statsmodels, R and Stata on real data sets.

The data sets ship with statsmodels and load offline. Each test fits the
same model with glmlib and with statsmodels (in the test), and compares
coefficients, deviance and log-likelihood. Where statsmodels' own test suite
holds reference results from R (``statsmodels/genmod/tests/results/
results_glm.py``) or Stata (``statsmodels/discrete/tests/results/
results_discrete.py``), they are imported from there, not copied, and
glmlib is compared with them too. The designs are the ones statsmodels'
tests use for those references (constant appended last, the same
transformed columns).

glmlib's log-likelihood uses the family's fixed dispersion (the gamma's
shape, default 1; the Gaussian's sigma, default 1); statsmodels and R use an
estimated one. The log-likelihoods are compared where the definitions agree:
statsmodels' ``family.loglike(y, mu, scale=...)`` at glmlib's dispersion, or
glmlib refitted at the dispersion statsmodels or R estimated. Coefficients
do not depend on the dispersion and must agree everywhere.
"""

import socket
import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from statsmodels.discrete.tests.results.results_discrete import Anes, Spector
from statsmodels.genmod.tests.results.results_glm import (
    Cpunish,
    Longley,
    Scotvote,
    Star98,
)

import glmlib

links = sm.families.links
# R prints most reference coefficients to 7 significant digits.
R_DIGITS = 1e-6


def design(exog):
    """The features as floats with a constant appended, as statsmodels' tests do."""
    return sm.add_constant(np.asarray(exog, dtype=float), prepend=False)


def load(name):
    return getattr(sm.datasets, name).load()


def within_standard_errors(coef, ref, bse, fraction):
    """coef and ref differ by less than ``fraction`` of each standard error."""
    diff = np.abs(np.asarray(coef) - np.asarray(ref))
    assert np.all(diff <= fraction * np.asarray(bse)), diff / np.asarray(bse)


def test_cpunish_poisson():
    """Executions by US state: Poisson regression (R: glm(family = poisson))."""
    data = load("cpunish")
    exog = np.asarray(data.exog, dtype=float).copy()
    exog[:, 3] = np.log(exog[:, 3])  # as in statsmodels' TestGlmPoisson and R's script
    X, y = design(exog), np.asarray(data.endog, dtype=float)
    res = glmlib.fit(X, y, "poisson")
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-12)
    r = Cpunish()
    assert res.converged
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-8)
    np.testing.assert_allclose(res.deviance, ref.deviance, rtol=1e-10)
    np.testing.assert_allclose(res.loglik, ref.llf, rtol=1e-10)
    np.testing.assert_allclose(res.predict(X), ref.mu, rtol=1e-8)
    np.testing.assert_allclose(res.coef, r.params, rtol=R_DIGITS)
    np.testing.assert_allclose(res.deviance, r.deviance, rtol=1e-9)
    np.testing.assert_allclose(res.loglik, r.llf, rtol=1e-9)
    np.testing.assert_allclose(res.predict(X), r.fittedvalues, rtol=R_DIGITS)


def test_star98_binomial_with_trials():
    """Students above the national median per school: successes out of trials."""
    data = load("star98")
    X = design(data.exog)
    endog = np.asarray(data.endog, dtype=float)  # (NABOVE, NBELOW)
    successes, trials = endog[:, 0], endog.sum(axis=1)
    res = glmlib.fit(X, successes, glmlib.Binomial(trials=trials))
    ref = sm.GLM(endog, X, family=sm.families.Binomial()).fit(tol=1e-12)
    r = Star98()
    assert res.converged
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-8)
    np.testing.assert_allclose(res.deviance, ref.deviance, rtol=1e-10)
    np.testing.assert_allclose(res.loglik, ref.llf, rtol=1e-10)
    # glmlib predicts successes; statsmodels and R the proportion.
    np.testing.assert_allclose(res.predict(X), trials * ref.mu, rtol=1e-8)
    np.testing.assert_allclose(res.coef, r.params, rtol=R_DIGITS)
    np.testing.assert_allclose(res.deviance, r.deviance, rtol=1e-10)
    np.testing.assert_allclose(res.loglik, r.llf, rtol=1e-10)


def test_scotland_gamma():
    """Scottish vote for tax powers: gamma regression with R's default inverse link."""
    data = load("scotland")
    X, y = design(data.exog), np.asarray(data.endog, dtype=float)
    res = glmlib.fit(X, y, "gamma", link="inverse")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels warns about this data set's scale
        ref = sm.GLM(y, X, family=sm.families.Gamma()).fit(tol=1e-12)
    r = Scotvote()
    assert res.converged
    within_standard_errors(res.coef, ref.params, ref.bse, 1e-3)
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-5)
    np.testing.assert_allclose(res.deviance, ref.deviance, rtol=1e-9)
    np.testing.assert_allclose(res.predict(X), ref.mu, rtol=1e-7)
    # glmlib's default shape is 1: statsmodels' log-likelihood at scale 1.
    np.testing.assert_allclose(
        res.loglik, ref.model.family.loglike(y, ref.mu, scale=1.0), rtol=1e-9
    )
    # R (coefficients, deviance) and Stata's log-likelihood at scale 1.
    np.testing.assert_allclose(res.coef, r.params, rtol=R_DIGITS)
    np.testing.assert_allclose(res.deviance, r.deviance, rtol=1e-9)
    np.testing.assert_allclose(res.loglik, r.llf, rtol=1e-8)
    np.testing.assert_allclose(res.predict(X), r.fittedvalues, rtol=R_DIGITS)

    # At statsmodels' estimated scale, glmlib's log-likelihood is statsmodels' llf,
    # and the coefficients do not move.
    shaped = glmlib.fit(X, y, glmlib.Gamma(shape=1.0 / ref.scale), link="inverse")
    np.testing.assert_allclose(shaped.coef, res.coef, rtol=1e-7)
    np.testing.assert_allclose(shaped.loglik, ref.llf, rtol=1e-9)

    # The canonical link -1/mu gives the same fit with every sign flipped.
    canonical = glmlib.fit(X, y, "gamma")
    np.testing.assert_allclose(-canonical.coef, r.params, rtol=R_DIGITS)
    np.testing.assert_allclose(canonical.deviance, r.deviance, rtol=1e-9)


def test_spector_bernoulli_logit_and_probit():
    """Did a teaching method improve grades: logistic and probit regression."""
    data = load("spector")
    X, y = design(data.exog), np.asarray(data.endog, dtype=float)

    res = glmlib.fit(X, y, "bernoulli")
    ref = sm.GLM(y, X, family=sm.families.Binomial()).fit(tol=1e-12)
    stata = Spector.logit
    assert res.converged
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-8)
    np.testing.assert_allclose(res.deviance, ref.deviance, rtol=1e-10)
    np.testing.assert_allclose(res.loglik, ref.llf, rtol=1e-10)
    np.testing.assert_allclose(res.coef, stata.params, rtol=R_DIGITS)
    np.testing.assert_allclose(res.loglik, stata.llf, rtol=1e-7)
    # The lesson's gradient ascent gets there too, on standardized features.
    scale = np.array([*np.std(X[:, :-1], axis=0), 1.0])
    shift = np.array([*np.mean(X[:, :-1], axis=0), 0.0])
    Z = (X - shift) / scale
    Z[:, -1] = 1.0
    grad = glmlib.fit(Z, y, "bernoulli", method="gradient")
    assert grad.converged
    np.testing.assert_allclose(grad.loglik, stata.llf, rtol=1e-7)

    probit = glmlib.fit(X, y, "bernoulli", link="probit")
    ref_probit = sm.GLM(y, X, family=sm.families.Binomial(links.Probit())).fit(
        tol=1e-12
    )
    stata_probit = Spector.probit
    assert probit.converged
    within_standard_errors(probit.coef, ref_probit.params, ref_probit.bse, 1e-4)
    within_standard_errors(probit.coef, stata_probit.params, stata_probit.bse, 1e-4)
    np.testing.assert_allclose(probit.deviance, ref_probit.deviance, rtol=1e-9)
    np.testing.assert_allclose(probit.loglik, ref_probit.llf, rtol=1e-9)
    np.testing.assert_allclose(probit.loglik, stata_probit.llf, rtol=1e-7)


def test_anes96_categorical():
    """Party identification in 7 classes: softmax regression (Stata, checked vs R nnet)."""
    data = load("anes96")
    X, y = design(data.exog), np.asarray(data.endog, dtype=float)
    res = glmlib.fit(X, y, "categorical")
    ref = sm.MNLogit(y, X).fit(method="newton", disp=0, tol=1e-12, maxiter=100)
    stata = Anes.mnlogit_basezero
    assert res.converged
    assert res.coef.shape == (X.shape[1], 6)
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(res.loglik, ref.llf, rtol=1e-11)
    np.testing.assert_allclose(res.predict(X), ref.predict(X), rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(res.coef, stata.params, rtol=R_DIGITS)
    np.testing.assert_allclose(res.loglik, stata.llf, rtol=1e-10)


def test_longley_gaussian_badly_conditioned():
    """US macro series, nearly collinear (condition number ~1e9): linear regression."""
    data = load("longley")
    X, y = design(data.exog), np.asarray(data.endog, dtype=float)
    assert np.linalg.cond(X) > 1e8
    res = glmlib.fit(X, y, "gaussian")
    ref = sm.GLM(y, X, family=sm.families.Gaussian()).fit()
    ols = sm.OLS(y, X).fit()
    r = Longley()
    assert res.converged
    np.testing.assert_allclose(res.coef, ols.params, rtol=1e-7)
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-7)
    np.testing.assert_allclose(res.deviance, ref.deviance, rtol=1e-9)
    np.testing.assert_allclose(res.coef, r.params, rtol=R_DIGITS)
    np.testing.assert_allclose(res.deviance, r.deviance, rtol=1e-9)
    np.testing.assert_allclose(res.predict(X), r.fittedvalues, rtol=1e-9)
    # At sigma = 1, statsmodels' log-likelihood at scale 1.
    np.testing.assert_allclose(
        res.loglik, ref.model.family.loglike(y, ref.mu, scale=1.0), rtol=1e-9
    )
    # R's logLik uses the maximum-likelihood sigma^2 = deviance / n.
    sigma = np.sqrt(res.deviance / y.size)
    refit = glmlib.fit(X, y, glmlib.Gaussian(sigma=sigma))
    np.testing.assert_allclose(refit.coef, res.coef, rtol=1e-9)
    np.testing.assert_allclose(refit.loglik, r.llf, rtol=1e-10)


@pytest.mark.parametrize(
    "name", ["cpunish", "star98", "scotland", "spector", "anes96", "longley"]
)
def test_data_sets_load_offline(name, monkeypatch):
    """The data ship inside statsmodels: they load with the network cut off."""

    def no_network(*args, **kwargs):
        raise AssertionError(f"{name} tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    data = load(name)
    assert np.all(np.isfinite(np.asarray(data.exog, dtype=float)))
    assert np.all(np.isfinite(np.asarray(data.endog, dtype=float)))
