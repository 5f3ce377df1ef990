"""Property tests of the link functions in ``glmlib.links`` (chapter 6).

A link g maps the mean to the linear predictor; its inverse, the response
function, maps back. For each link: the two are inverses on their domains,
``response_derivative`` (R's mu.eta) is the derivative of ``response`` by
finite differences, and each family offers exactly the links it names, with
its canonical link equal to its own ``link`` and ``response``.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glmlib
from glmlib.links import LINKS, Link

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None)

# For each scalar link: means and linear predictors inside its domain, away
# from where the map flattens out and a round trip loses its digits.
DOMAINS = {
    "identity": (st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)),
    "log": (st.floats(1e-10, 1e10), st.floats(-300.0, 300.0)),
    "logit": (st.floats(1e-10, 1 - 1e-10), st.floats(-15.0, 15.0)),
    "probit": (st.floats(1e-10, 1 - 1e-10), st.floats(-5.0, 5.0)),
    "cloglog": (st.floats(1e-10, 1 - 1e-10), st.floats(-30.0, 3.0)),
    "inverse": (st.floats(1e-6, 1e6), st.floats(1e-6, 1e6)),
    "negative_inverse": (st.floats(1e-6, 1e6), st.floats(-1e6, -1e-6)),
    "sqrt": (st.floats(0.0, 1e12), st.floats(1e-6, 1e6)),
}
SCALAR_LINKS = list(DOMAINS)
INCREASING = {
    "identity",
    "log",
    "logit",
    "probit",
    "cloglog",
    "negative_inverse",
    "sqrt",
}


def test_registry_names_match():
    assert set(LINKS) == set(DOMAINS) | {"multinomial_logit"}
    for name, cls in LINKS.items():
        assert cls.name == name
        assert issubclass(cls, Link)


@pytest.mark.parametrize("name", SCALAR_LINKS)
@PROPERTY
@given(data=st.data())
def test_response_inverts_link(name, data):
    link = LINKS[name]()
    mu = data.draw(DOMAINS[name][0], label="mu")
    np.testing.assert_allclose(link.response(link.link(mu)), mu, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("name", SCALAR_LINKS)
@PROPERTY
@given(data=st.data())
def test_link_inverts_response(name, data):
    link = LINKS[name]()
    eta = data.draw(DOMAINS[name][1], label="eta")
    assert link.valid_eta(eta)
    np.testing.assert_allclose(link.link(link.response(eta)), eta, rtol=1e-9, atol=1e-7)


@pytest.mark.parametrize("name", SCALAR_LINKS)
@PROPERTY
@given(data=st.data())
def test_response_derivative_by_finite_differences(name, data):
    link = LINKS[name]()
    eta = data.draw(DOMAINS[name][1], label="eta")
    if name in ("inverse", "negative_inverse", "sqrt"):
        h = 1e-6 * abs(eta)  # stay on eta's side of zero
    else:
        h = 1e-6 * (1 + abs(eta))
    fd = (link.response(eta + h) - link.response(eta - h)) / (2 * h)
    mu = abs(float(link.response(eta)))
    roundoff = 10 * np.finfo(float).eps * (1 + mu) / h
    assert abs(fd - link.response_derivative(eta)) <= 1e-6 * abs(fd) + roundoff


@pytest.mark.parametrize("name", SCALAR_LINKS)
@PROPERTY
@given(data=st.data())
def test_response_second_derivative_by_finite_differences(name, data):
    """Newton's method with a non-canonical link needs d^2 mu / d eta^2."""
    link = LINKS[name]()
    eta = data.draw(DOMAINS[name][1], label="eta")
    if name in ("inverse", "negative_inverse", "sqrt"):
        h = 1e-5 * abs(eta)
    else:
        h = 1e-5 * (1 + abs(eta))
    fd = (link.response_derivative(eta + h) - link.response_derivative(eta - h)) / (
        2 * h
    )
    slope = abs(float(link.response_derivative(eta)))
    roundoff = 10 * np.finfo(float).eps * (1 + slope) / h
    assert abs(fd - link.response_second_derivative(eta)) <= 1e-4 * abs(fd) + roundoff


@pytest.mark.parametrize("name", ["identity", "log", "inverse", "sqrt"])
def test_a_new_link_gets_its_second_derivative_by_default(name):
    """A link written without response_second_derivative still gets one."""
    own = LINKS[name]

    class Plain(Link):
        link = own.link
        response = own.response
        response_derivative = own.response_derivative

    eta = np.array([0.3, 1.7, 4.0])
    np.testing.assert_allclose(
        Plain().response_second_derivative(eta),
        own().response_second_derivative(eta),
        rtol=1e-6,
        atol=1e-9,
    )


@pytest.mark.parametrize("name", SCALAR_LINKS)
def test_the_valid_eta_are_those_between_the_ends_of_the_means(name):
    """linear_at_mean_ends: the link of each end of mean_interval."""
    link = LINKS[name]()
    with np.errstate(divide="ignore", invalid="ignore"):
        ends = [float(link.link(mean)) for mean in link.mean_interval]
    np.testing.assert_array_equal(ends, link.linear_at_mean_ends)
    low, high = sorted(ends)
    inside = np.linspace(max(low, -50.0), min(high, 50.0), 9)[1:-1]
    assert np.all(link.valid_eta(inside))
    assert not np.any(link.valid_eta(np.array([low, high])))


@pytest.mark.parametrize("name", SCALAR_LINKS)
def test_response_is_monotone(name):
    link = LINKS[name]()
    lo, hi = {
        "log": (-50, 50),
        "logit": (-30, 30),
        "probit": (-5, 5),
        "cloglog": (-30, 3),
        "inverse": (1e-3, 1e3),
        "negative_inverse": (-1e3, -1e-3),
        "sqrt": (1e-3, 1e3),
    }.get(name, (-1e3, 1e3))
    eta = np.linspace(lo, hi, 1001)
    mu = link.response(eta)
    steps = np.diff(mu)
    assert np.all(steps > 0) if name in INCREASING else np.all(steps < 0)
    deriv = link.response_derivative(eta)
    assert np.all(deriv > 0) if name in INCREASING else np.all(deriv < 0)


@pytest.mark.parametrize("name", ["logit", "probit", "cloglog"])
def test_probability_links_stay_inside_zero_one(name):
    link = LINKS[name]()
    mu = link.response(np.array([-1e4, -50.0, 0.0, 50.0, 1e4]))
    assert np.all((mu >= 0) & (mu <= 1))


def test_known_values():
    """A few values every statistician knows, computed independently of glmlib."""
    np.testing.assert_allclose(LINKS["logit"]().response(0.0), 0.5)
    np.testing.assert_allclose(LINKS["logit"]().link(0.75), np.log(3.0))
    np.testing.assert_allclose(LINKS["probit"]().response(1.959963984540054), 0.975)
    np.testing.assert_allclose(LINKS["cloglog"]().response(0.0), 1 - np.exp(-1.0))
    np.testing.assert_allclose(LINKS["inverse"]().link(4.0), 0.25)
    np.testing.assert_allclose(LINKS["negative_inverse"]().link(4.0), -0.25)
    np.testing.assert_allclose(LINKS["sqrt"]().response(3.0), 9.0)
    np.testing.assert_allclose(LINKS["log"]().response(np.log(7.0)), 7.0)


@pytest.mark.parametrize(
    ("name", "inside", "outside"),
    [
        ("inverse", [1e-8, 3.0], [0.0, -1.0, np.inf, np.nan]),
        ("negative_inverse", [-3.0, -1e-8], [0.0, 1.0, -np.inf]),
        ("sqrt", [1e-8, 3.0], [0.0, -1.0, np.nan]),
        ("identity", [-1e300, 0.0, 1e300], [np.inf, np.nan]),
        ("logit", [-1e4, 0.0, 1e4], [np.inf, -np.inf, np.nan]),
    ],
)
def test_valid_eta(name, inside, outside):
    link = LINKS[name]()
    assert np.all(link.valid_eta(np.array(inside)))
    assert not np.any(link.valid_eta(np.array(outside)))


# --------------------------------------------------------------------------
# the multinomial logit (softmax) link


def multinomial_etas(bound=15.0):
    return st.integers(1, 5).flatmap(
        lambda m: st.lists(st.floats(-bound, bound), min_size=m, max_size=m).map(
            np.array
        )
    )


@PROPERTY
@given(eta=multinomial_etas())
def test_multinomial_logit_round_trip(eta):
    link = LINKS["multinomial_logit"]()
    mu = link.response(eta)
    assert mu.shape == (eta.size + 1,)
    assert np.all(mu > 0)
    np.testing.assert_allclose(mu.sum(), 1.0, rtol=1e-14)
    np.testing.assert_allclose(mu[1:] / mu[0], np.exp(eta), rtol=1e-12)
    np.testing.assert_allclose(link.link(mu), eta, rtol=1e-10, atol=1e-9)


@PROPERTY
@given(eta=multinomial_etas())
def test_multinomial_logit_jacobian_by_finite_differences(eta):
    link = LINKS["multinomial_logit"]()
    h = 1e-6
    cols = [
        (link.response(eta + e)[1:] - link.response(eta - e)[1:]) / (2 * h)
        for e in np.eye(eta.size) * h
    ]
    np.testing.assert_allclose(
        link.response_derivative(eta), np.column_stack(cols), rtol=1e-6, atol=1e-9
    )


def test_multinomial_logit_works_row_by_row():
    link = LINKS["multinomial_logit"]()
    eta = np.array([[0.0, 0.0], [1.0, -1.0], [3.0, 2.0]])
    mu = link.response(eta)
    for row, m in zip(eta, mu, strict=True):
        np.testing.assert_allclose(m, link.response(row))
    jac = link.response_derivative(eta)
    assert jac.shape == (3, 2, 2)
    for row, j in zip(eta, jac, strict=True):
        np.testing.assert_allclose(j, link.response_derivative(row))


# --------------------------------------------------------------------------
# the links each family offers


FAMILY_OBJECTS = [
    glmlib.Gaussian(),
    glmlib.Bernoulli(),
    glmlib.Binomial(trials=4),
    glmlib.Poisson(),
    glmlib.Gamma(shape=2.0),
    glmlib.Exponential(),
    glmlib.Categorical(),
]
FAMILY_IDS = [f.name for f in FAMILY_OBJECTS]


@pytest.mark.parametrize("fam", FAMILY_OBJECTS, ids=FAMILY_IDS)
def test_family_offers_its_links(fam):
    assert fam.canonical_link in fam.link_names
    for name in fam.link_names:
        link = fam.get_link(name)
        assert isinstance(link, Link)
        assert link.name == name
        # A Link object is accepted as it is.
        assert fam.get_link(link) is link
    assert fam.get_link(None).name == fam.canonical_link
    assert fam.get_link("canonical").name == fam.canonical_link


@pytest.mark.parametrize("fam", FAMILY_OBJECTS, ids=FAMILY_IDS)
def test_family_refuses_other_links(fam):
    offered = set(fam.link_names)
    for name in [*sorted(set(LINKS) - offered), "no_such_link"]:
        with pytest.raises(
            ValueError, match=rf"^{fam.name}: link '{name}' is not offered"
        ) as err:
            fam.get_link(name)
        for ok in offered:
            assert repr(ok) in str(err.value)
    with pytest.raises(ValueError, match=rf"^{fam.name}: link must be a name"):
        fam.get_link(3)


@pytest.mark.parametrize("fam", FAMILY_OBJECTS[:-1], ids=FAMILY_IDS[:-1])
def test_canonical_link_is_the_familys_own(fam):
    """family.response and family.link are the canonical link's (times trials)."""
    link = fam.get_link(None)
    eta = (
        np.array([-3.0, -0.7, -0.01])
        if isinstance(fam, glmlib.Gamma)
        else np.array([-3.0, -0.7, 0.0, 1.3])
    )
    trials = getattr(fam, "trials", 1.0)
    np.testing.assert_allclose(fam.response(eta), trials * link.response(eta))
    np.testing.assert_allclose(fam.mean_from_linear(eta, link), fam.response(eta))
    np.testing.assert_allclose(fam.linear_from_mean(fam.response(eta), link), eta)
    # The canonical link's derivative is the family's variance (a'' = d mean / d eta).
    np.testing.assert_allclose(fam.mean_derivative(eta, link), fam.unit_variance(eta))


def test_gamma_inverse_link_flips_the_sign_of_the_canonical_one():
    gamma = glmlib.Gamma()
    eta = np.array([-2.0, -0.5, -0.01])
    mu = gamma.response(eta)
    np.testing.assert_allclose(
        gamma.linear_from_mean(mu, gamma.get_link("inverse")), -eta
    )


# --------------------------------------------------------------------------
# Each link's own description: names, formulas, the interval of its means.
# Chapters 4, 6 and 9 print these instead of repeating the formulas.


@pytest.mark.parametrize("name", sorted(LINKS))
def test_description_is_complete_and_consistent(name):
    description = LINKS[name]().description
    assert description.name == name
    for field in (
        "display_name",
        "response_name",
        "link_text",
        "link_latex",
        "response_text",
        "response_latex",
        "mean_interval_text",
    ):
        assert getattr(description, field), f"{name}: {field} is empty"
    # The link formula gives eta from mu, the response formula mu from eta.
    assert description.link_text.startswith("η")
    assert description.response_text.startswith("μ")
    assert description.link_latex.startswith(r"\eta")
    assert description.response_latex.startswith(r"\mu")
    for latex in (description.link_latex, description.response_latex):
        assert latex.count("{") == latex.count("}")
    low, high = description.mean_interval
    assert low < high


@pytest.mark.parametrize("name", SCALAR_LINKS)
def test_the_mean_interval_is_where_the_response_lands(name):
    # Every mean the response produces lies inside the declared interval,
    # and the interval's ends are approached: the interval is neither too
    # narrow nor too wide.
    link = LINKS[name]()
    low, high = link.description.mean_interval
    magnitudes = np.logspace(-8, 8, 1601)
    eta = np.concatenate([-magnitudes, np.linspace(-40, 40, 801), magnitudes])
    eta = eta[link.valid_eta(eta)]
    mu = link.response(eta)
    assert np.all((mu >= low) & (mu <= high))
    spread = np.isfinite([low, high])
    if spread[0]:
        assert mu.min() - low < 1e-3 * max(1.0, abs(low) + 1)
    else:
        assert mu.min() < -30
    if spread[1]:
        assert high - mu.max() < 1e-3
    else:
        assert mu.max() > 30


def test_the_softmax_interval_holds_for_every_class():
    link = LINKS["multinomial_logit"]()
    low, high = link.description.mean_interval
    eta = np.random.default_rng(0).normal(scale=5, size=(200, 3))
    mu = link.response(eta)
    assert np.all((mu > low) & (mu < high))
    assert np.allclose(mu.sum(axis=-1), 1.0)
