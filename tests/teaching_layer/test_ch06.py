"""Chapter 6's worked answers and guide section quote what glmlib computes: links, responses and the mix-up."""

import numpy as np

import glmlib
from glmlib.course.ch06_link_and_response import fitted_link
from glmlib.data import (
    design_matrix,
    family_data,
)
from glmlib.links import LINKS
from glmlib.simulations import LinkAndResponse

from .harness import at, quote_tests, readout


def chapter6():
    sim = LinkAndResponse()
    logit = {m: at(sim, mean=m) for m in (0.9, 0.99, 1.0)}
    first = [
        (logit[0.9].translation.eta, 3),
        (logit[0.99].translation.eta, 3),
        (logit[0.99].spend_x, 2),
        r"\eta = \infty" if logit[1.0].translation.eta == np.inf else "finite",
        (logit[1.0].translation.round_trip, 3),
        "predicts this mean exactly",
    ]
    sim.close()
    sim = LinkAndResponse()
    at(sim, family="poisson")
    log = {e: at(sim, eta=e).translation for e in (-4.0, 3.0)}
    identity_one = at(sim, link="identity", eta=1.0)
    identity_neg = at(sim, eta=-0.5).translation
    assert identity_neg.mean is None and not identity_neg.ok
    # the straight line fitted to the shop: valid on the data, negative beside them
    straight = fitted_link("poisson", "identity").result
    curved = fitted_link("poisson", "log").result
    hours = design_matrix(family_data("poisson")[0])
    lowest = float(straight.predict(hours).min())
    reaches_zero = -straight.coef[0] / straight.coef[1]
    assert straight.converged and 0 < reaches_zero < hours[:, 1].min()
    second = [
        *((t.mean, 3) for t in log.values()),
        (identity_one.translation.mean, 3),
        (identity_one.spend_x, 2),
        "is not a possible Poisson mean",
        *((c, 3) for c in straight.coef),
        (lowest, 3),
        (hours[:, 1].min(), 2),
        (reaches_zero, 2),
        (float(curved.predict(design_matrix([0.0]))[0]), 3),
        (curved.loglik, 2),
        (straight.loglik, 2),
    ]
    sim.close()
    sim = LinkAndResponse()
    at(sim, family="gamma")
    canonical = at(sim, eta=-0.5)
    blocked = at(sim, eta=0.5).translation
    assert blocked.mean is None
    inverse = at(sim, link="inverse").translation
    inverse_blocked = at(sim, eta=-0.5).translation
    assert inverse_blocked.mean is None and inverse.mean is not None
    coef = {
        link: fitted_link("gamma", link).result.coef
        for link in ("negative_inverse", "inverse")
    }
    assert np.allclose(coef["inverse"], -coef["negative_inverse"])
    third = [
        (canonical.translation.mean, 3),
        (canonical.spend_x, 2),
        (inverse.mean, 3),
        *((c, 4) for c in coef["negative_inverse"]),
        *((c, 4) for c in coef["inverse"]),
    ]
    sim.close()
    sim = LinkAndResponse()
    identity = at(sim, family="gaussian", mean=2.0).translation
    at(sim, family="gamma")
    negative_inverse = at(sim, mean=2.0, mistake=True).translation
    mixup = readout(sim, "g(\u03b8\u1d40x) in place").split(": ", 1)[1]
    shares = {
        family: 1 - fitted_link(family, link).mistake_defined_share
        for family, link in (("bernoulli", "logit"), ("poisson", "log"))
    }
    fourth = [
        (identity.eta, 3),
        (negative_inverse.eta, 3),
        mixup.split(" (")[0],
        *(f"{100 * s:.0f} %" for s in shares.values()),
    ]
    poisson_log = fitted_link("poisson", "log")
    guide = [
        (logit[0.9].translation.eta, 3),
        *((c, 3) for c in straight.coef),
        (lowest, 3),
        (reaches_zero, 2),
        (curved.loglik, 2),
        (straight.loglik, 2),
        f"{100 * shares['poisson']:.0f} %",
        (poisson_log.mistake_largest_gap, 2),
        *((c, 4) for c in coef["negative_inverse"]),
        *((c, 4) for c in coef["inverse"]),
        f"{100 * shares['bernoulli']:.0f} %",
    ]
    spend, queued = family_data("bernoulli")
    X = design_matrix(spend)
    probit = glmlib.fit(X, queued, family="bernoulli", link="probit")
    at_five = design_matrix([5.0])
    gradient = X.T @ (queued - probit.predict(X))
    guide += [
        (float(probit.predict(at_five)[0]), 3),
        (float(fitted_link("bernoulli", "logit").result.predict(at_five)[0]), 3),
        *((g, 3) for g in gradient),
        *((e, 4) for e in LINKS["multinomial_logit"]().link(np.array([0.5, 0.3, 0.2]))),
    ]
    return [first, second, third, fourth], guide


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(6, chapter6)
