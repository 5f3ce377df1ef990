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

from .harness import at, notebook, quote_tests, readout, text_of


def chapter6():
    sim = LinkAndResponse()
    logit = {m: at(sim, mean=m) for m in (0.9, 0.99, 1.0)}
    # the readouts of mu and eta show two decimals, as the sliders do
    first = [
        (logit[0.9].translation.eta, 2),
        (logit[0.99].translation.eta, 2),
        (logit[0.99].spend_x, 2),
        r"\eta = \infty" if logit[1.0].translation.eta == np.inf else "finite",
        (logit[1.0].translation.round_trip, 2),
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
        *((t.mean, 2) for t in log.values()),
        (identity_one.translation.mean, 2),
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
        (canonical.translation.mean, 2),
        (canonical.spend_x, 2),
        (inverse.mean, 2),
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
        (identity.eta, 2),
        (negative_inverse.eta, 2),
        mixup.split(" (")[0],
        *(f"{100 * s:.0f} %" for s in shares.values()),
    ]
    poisson_log = fitted_link("poisson", "log")
    guide = [
        (logit[0.9].translation.eta, 2),
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


def loglik_curvature(family, link, theta, step=1e-4):
    """The Hessian of the log-likelihood of chapter 6's data, by central differences."""
    fam = glmlib.get_family(family)
    lnk = fam.get_link(link)
    spend, y = family_data(family)
    X = design_matrix(spend)

    def loglik(t):
        mean = fam.mean_from_linear(X @ t, lnk)
        return float(np.sum(fam.loglik(y, fam.link(mean))))

    theta = np.asarray(theta, dtype=float)
    p = theta.size
    H = np.empty((p, p))
    for i in range(p):
        for j in range(p):
            di, dj = np.eye(p)[i] * step, np.eye(p)[j] * step
            H[i, j] = (
                loglik(theta + di + dj)
                - loglik(theta + di - dj)
                - loglik(theta - di + dj)
                + loglik(theta - di - dj)
            ) / (4 * step * step)
    return np.linalg.eigvalsh(H)


def test_what_the_choice_costs_says_which_log_likelihoods_are_concave():
    """The probit's log-likelihood is concave; the Gaussian's with a log link is not."""
    (cell,) = [
        text_of(c)
        for c in notebook(6)["cells"]
        if text_of(c).startswith("**What the choice costs:**")
    ]
    assert "the probit's happens to be, the Gaussian's with a log link is not" in cell
    rng = np.random.default_rng(6)
    spend = family_data("bernoulli")[0]
    checked = 0
    for theta in rng.normal(scale=[2.0, 0.5], size=(40, 2)):
        if np.abs(theta[0] + theta[1] * spend).max() > 5:
            continue  # beyond, glmlib keeps the probit's mean off 0 and 1 (as R does)
        assert np.all(loglik_curvature("bernoulli", "probit", theta) < 0), theta
        checked += 1
    assert checked >= 10
    # low means under a log link, below half of most takings: curving upwards
    assert loglik_curvature("gaussian", "log", (-2.0, 0.0)).max() > 0


def test_a_function_has_one_name_whichever_way_it_translates():
    """A link that is its own inverse gives its response the link's name, and only it."""
    for name, make in LINKS.items():
        if name == "multinomial_logit":
            continue  # a vector map, K - 1 numbers against K
        link = make()
        about = link.description
        low, high = sorted(link.linear_at_mean_ends)
        etas = np.linspace(max(low, -3.0), min(high, 3.0), 41)[1:-1]
        etas = etas[link.valid_eta(etas) & (etas != 0)]
        with np.errstate(all="ignore"):
            same = np.allclose(link.link(link.response(etas)), etas) and np.allclose(
                link.response(etas), link.link(etas), equal_nan=False
            )
        if same:
            assert about.response_name == about.display_name, name
        else:
            assert about.response_name != about.display_name, name
