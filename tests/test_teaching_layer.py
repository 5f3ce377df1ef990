"""The learner's and the teaching assistant's layer of chapters 0-9 (issue 11).

Three parts, each checked against glmlib so that none can drift from it:

* **Worked answers.** Under each Try-this item of a chapter notebook sits a
  collapsed ``<details><summary>Answer</summary>`` block. For every answer the
  tests drive the chapter's simulation headless to the positions the item
  asks for, recompute the numbers a learner would read there, and require
  each one to appear in the answer's text. A change in glmlib, or in a
  simulation's defaults, that makes an answer wrong fails here.
* **Coding exercises.** Each notebook carries the exercises of its chapter
  (``glmlib.exercises.names(chapter)``) as three cells in a section "Your
  turn: code it" between the Try-this list and the quiz (the recap, in a
  chapter without a quiz): the task, the stub (tagged ``exercise``) and the
  check. The check's stored output is what the unedited stub gets, and no
  reference solution shows in any cell.
* **The teaching guide.** ``notebooks/teaching_guide.md`` has a section per
  chapter 0-9; the sections of the chapters covered (``CHAPTERS``) have all
  six parts, their prediction questions quote the numbers glmlib computes,
  and every solution printed there equals ``exercises.solution_source(name)``
  and passes the check.
"""

import ast
import inspect
import itertools
import json
import re
import textwrap
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy import optimize, stats
from scipy.special import expit

import glmlib
from glmlib import Poisson, exercises
from glmlib.data import SHOP_SLOPE, design_matrix, shop_hours
from glmlib.links import LINKS
from glmlib.simulations import (
    CountsVersusAdSpend,
    FitLoopOnTheShop,
    GaussianInDisguise,
    GLMAssemblyLine,
    LinkAndResponse,
    LogOddsAndSigmoid,
    OneFormThreeFaces,
    PoissonLab,
    SoftmaxRegions,
    TangentOfLogPartition,
    TrainingRace,
    TurningTheCrank,
)
from glmlib.simulations import ch08_one_gradient_for_every_glm as ch08
from glmlib.simulations.ch00_one_update_rule import true_mean, update_directions
from glmlib.simulations.ch02_gaussian_in_disguise import (
    MU_RANGE,
    fits_for_spreads,
    gaussian_pieces,
    gaussian_with_spread,
)
from glmlib.simulations.ch05_linear_and_logistic_from_the_recipe import (
    QUEUE_SLOPE,
    SAMPLES,
    TAKINGS_SLOPE,
    crank_both,
)
from glmlib.simulations.ch06_link_and_response import family_data, fitted_link
from glmlib.simulations.ch07_poisson_regression_lab import (
    GRADIENT_MAX_STEPS,
    balance_point,
    gradient_catch_up,
)
from glmlib.simulations.ch08_one_gradient_for_every_glm import (
    GAP_FLOOR,
    OTHER_ETA,
    class_probabilities,
    shop_design,
)
from glmlib.simulations.ch09_connections_and_cheat_sheet import (
    LOG_RATE_RANGE,
    N_STEPS,
    format_pair,
    gradient_ascent_path,
    scientific,
    shop_designs,
    shop_loop,
    stable_learning_rate,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
GUIDE = NOTEBOOKS / "teaching_guide.md"
#: the chapters this layer covers: all ten
CHAPTERS = tuple(range(10))
#: chapters with a Try-this list under each of several simulations (one elsewhere)
TRY_THIS_LISTS = {8: 3}

ANSWER = re.compile(r"<details><summary>Answer</summary>\n\n(.*?)\n\n</details>", re.S)
ITEM = re.compile(r"(?m)^(\d+)\. \*\*")
GUIDE_PARTS = (
    "Time",
    "Learning goals",
    "Predict, then check",
    "Misconceptions to probe",
    "Discussion prompts",
    "Exercise solutions",
)


# --------------------------------------------------------------------------
# reading the notebooks and the guide


def notebook(chapter):
    (path,) = NOTEBOOKS.glob(f"{chapter:02d}_*.ipynb")
    return json.loads(path.read_text(encoding="utf-8"))


def text_of(cell):
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def outputs_text(cell):
    parts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            parts.append("".join(output["text"]))
        for value in output.get("data", {}).values():
            if isinstance(value, (str, list)):
                parts.append("".join(value))
    return "\n".join(parts)


def try_this_indices(cells):
    """The cells that hold a Try-this list, in order."""
    return [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown" and text_of(c).startswith("### Try this")
    ]


def try_this_index(cells):
    """The last Try-this list of a notebook (the exercises come after it)."""
    return try_this_indices(cells)[-1]


def answers(chapter):
    """The answer under each Try-this item, in order, as the learner reads them."""
    cells = notebook(chapter)["cells"]
    lists = try_this_indices(cells)
    assert len(lists) == TRY_THIS_LISTS.get(chapter, 1)
    return [a for i in lists for a in answers_in(text_of(cells[i]))]


def answers_in(text):
    """The answers of one Try-this list, each checked to sit under its own item."""
    items = [int(n) for n in ITEM.findall(text)]
    found = ANSWER.findall(text)
    assert items == list(range(1, len(items) + 1)), items
    assert len(found) == len(items), "one answer block under each item"
    # each answer sits right under its own item: item k, answer k, item k + 1
    pieces = re.split(r"(?m)^(?=\d+\. \*\*)", text)[1:]
    for piece, answer in zip(pieces, found, strict=True):
        assert answer in piece
    return found


def guide_sections():
    """Chapter number -> the text of its section in the teaching guide."""
    text = GUIDE.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?=## Chapter \d+ · )", text)[1:]
    return {int(re.match(r"## Chapter (\d+)", p).group(1)): p for p in parts}


def guide_part(section, name):
    match = re.search(
        rf"(?ms)^### {re.escape(name)}\n(.*?)(?=^### |\Z)",
        section,
    )
    assert match, f"no part '### {name}'"
    return match.group(1)


# --------------------------------------------------------------------------
# finding numbers in prose


def plain(text):
    """Prose with LaTeX dollars dropped and the true minus sign made ASCII."""
    return text.replace("$", "").replace("\u2212", "-")


def number_pattern(value, decimals):
    shown = f"{value:.{decimals}f}"
    return re.compile(rf"(?<![\d.\-]){re.escape(shown)}(?!\.?\d)"), shown


def missing(text, wanted):
    """The entries of ``wanted`` that ``text`` does not contain.

    An entry is a phrase (str, e.g. a readout line) or a (value, decimals)
    pair, looked for as that number with exactly those decimals.
    """
    prose = plain(text)
    absent = []
    for entry in wanted:
        if isinstance(entry, str):
            if plain(entry) not in prose:
                absent.append(entry)
            continue
        pattern, shown = number_pattern(*entry)
        if not pattern.search(prose):
            absent.append(shown)
    return absent


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def at(sim, **values):
    """Move the simulation's controls as a learner would; return its state."""
    for name, value in values.items():
        sim.controls[name].value = value
    return sim.state


def readout(sim, name):
    """One readout line of the simulation's plain text, e.g. 'η = 0.80'."""
    for line in sim.readout_text().splitlines():
        if line.startswith(name):
            return line
    raise AssertionError(f"no readout {name!r} in {sim.readout_text()!r}")


# --------------------------------------------------------------------------
# the numbers of each chapter, recomputed from glmlib
#
# Each function returns (per_answer, guide): for every Try-this answer the
# list of what it must contain, and what the guide's section must contain
# (its predictions and misconceptions quote the same numbers).


def chapter0():
    sim = CountsVersusAdSpend()
    state = sim.state
    spend, customers = sim.spend, sim.customers
    left, right = customers[spend < 2], customers[spend > 8]
    at(sim, show_line=False)
    first = [
        readout(sim, "straight line"),
        (left.size, 0),
        (left.min(), 0),
        (left.max(), 0),
        (right.size, 0),
        (right.min(), 0),
        (right.max(), 0),
    ]
    means = {s: float(true_mean(s)) for s in (0.0, 2.0, 8.0, 10.0)}
    gain_left, gain_right = means[2] - means[0], means[10] - means[8]
    second = [
        *((m, 3) for m in means.values()),
        (gain_left, 3),
        (gain_right, 3),
        (gain_right / gain_left, 1),
        (means[2] / means[0], 3),
        (state.truth_factor, 3),
        (2 * state.slope, 2),
    ]
    # independent of glmlib: the factor over two hundred dollars is the
    # factor per hundred, squared
    assert np.isclose(means[2] / means[0], state.truth_factor**2)
    rings = state.below_zero
    third = [
        (int(rings.sum()), 0),
        *((s, 2) for s in spend[rings]),
        (state.zero_crossing, 2),
        (state.intercept, 2),
        (state.slope, 2),
        (spend.mean(), 2),
        (customers.mean(), 2),
        (state.most_customers, 0),
    ]
    linear, logistic = update_directions(
        x=[1.0, 2.0], theta=[0.5, -0.3], y_real=1.4, y_label=1.0
    )
    guide = [
        (int(rings.sum()), 0),
        (spend[rings].min(), 2),
        (state.zero_crossing, 2),
        (gain_left, 3),
        (gain_right, 3),
        (means[2] / means[0], 3),
        (2 * state.slope, 2),
        (state.most_customers, 0),
        (linear.prediction, 4),
        (logistic.prediction, 4),
        *((v, 1) for v in linear.error_times_x),
        (logistic.error_times_x[0], 3),
        (logistic.error_times_x[1], 2),
    ]
    return [first, second, third], guide


def chapter1():
    sim = OneFormThreeFaces()
    gaussian = {eta: at(sim, family="gaussian", eta=eta) for eta in (-2.0, 0.5, 2.0)}
    peaks = {float(s.probability.max()) for s in gaussian.values()}
    assert np.allclose(list(peaks), 1 / np.sqrt(2 * np.pi), atol=1e-3)
    first = [
        (gaussian[-2.0].mean, 3),
        (gaussian[-2.0].log_partition, 3),
        (gaussian[2.0].mean, 3),
        (gaussian[2.0].log_partition, 3),
        (gaussian[0.5].mean, 3),
        (max(peaks), 3),
    ]
    bern = {
        eta: at(sim, family="bernoulli", eta=eta) for eta in (-2.0, 0.0, 0.5, 1.5, 2.0)
    }
    second = [
        (bern[0.0].mean, 3),
        (bern[0.0].log_partition, 3),
        (bern[2.0].mean, 3),
        (bern[-2.0].mean, 3),
        (bern[0.5].mean, 3),
        (bern[0.5].mean - bern[0.0].mean, 3),
        (bern[1.5].mean, 3),
        (bern[2.0].mean - bern[1.5].mean, 3),
    ]
    pois = {
        eta: at(sim, family="poisson", eta=eta) for eta in (-2.0, -1.0, 0.0, 1.0, 2.0)
    }
    low, high = pois[-2.0], pois[2.0]
    counts = np.arange(0, 400)
    tail = float(Poisson().density(counts[16:].astype(float), 2.0).sum())
    ranked = np.argsort(high.probability)[::-1]
    third = [
        (low.mean, 3),
        (float(low.probability[0]), 3),
        (high.mean, 3),
        (int(high.y[ranked[0]]), 0),
        (float(high.probability[ranked[0]]), 3),
        (int(high.y[ranked[1]]), 0),
        (float(high.probability[ranked[1]]), 3),
        f"{100 * tail:.1f} %",
        *((s.mean, 3) for s in pois.values()),
        (pois[1.0].mean / pois[0.0].mean, 3),
    ]
    assert all(np.isclose(s.mean, s.log_partition) for s in pois.values())
    eta_one = [at(sim, family=f, eta=1.0) for f in ("gaussian", "bernoulli", "poisson")]
    guide = [
        (gaussian[2.0].mean, 3),
        (max(peaks), 3),
        (bern[0.5].mean - bern[0.0].mean, 3),
        (bern[2.0].mean - bern[1.5].mean, 3),
        (bern[0.5].mean, 3),
        (bern[1.5].mean, 3),
        (pois[1.0].mean, 3),
        *((s.mean, 3) for s in eta_one),
        (bern[0.0].log_partition, 3),
        (eta_one[1].log_partition, 3),
    ]
    return [first, second, third], guide


def chapter2():
    sim = GaussianInDisguise()
    low, high = at(sim, mu=-3.0), at(sim, mu=3.0)
    first = [
        (low.eta, 2),
        (high.eta, 2),
        (low.log_partition, 3),
        (high.log_partition, 3),
        (float(high.density_from_form.max()), 3),
    ]
    agree = readout(sim, "b(y)").split(": ", 1)[1]
    positions = np.arange(MU_RANGE[0], MU_RANGE[1] + 1e-9, 0.05)
    largest = max(gaussian_pieces(mu).largest_difference for mu in positions)
    assert largest < 1e-15  # what the answer claims
    second = [agree, "10^{-15}", (gaussian_pieces(0.0).y.size, 0)]
    zero = at(sim, mu=0.0)
    assert np.allclose(zero.tilt, 1.0)
    third = [
        (zero.eta, 2),
        (zero.log_partition, 3),
        (float(zero.base_measure.max()), 3),
    ]
    two = at(sim, mu=2.0)
    y = two.y

    def tilt_at(value):
        return float(two.tilt[np.argmin(np.abs(y - value))])

    crossing = float(two.base_measure[np.argmin(np.abs(y - 1.0))])
    assert np.isclose(tilt_at(1.0), 1.0)
    fourth = [
        (two.eta, 2),
        (two.log_partition, 3),
        (crossing, 3),
        (tilt_at(0.0), 3),
        (tilt_at(2.0), 2),
    ]
    spreads = fits_for_spreads((0.5, 1.0, 2.0))
    guide = [
        (high.eta, 2),
        (high.log_partition, 3),
        (crossing, 3),
        *((c, 4) for c in spreads[0].coef),
        (gaussian_with_spread(3.0, 2.0).eta_chapter1, 2),
        (gaussian_with_spread(3.0, 0.5).eta_chapter1, 0),
        (tilt_at(0.0), 3),
        (tilt_at(2.0), 2),
    ]
    assert all(np.allclose(f.coef, spreads[0].coef) for f in spreads)
    assert gaussian_with_spread(3.0, 2.0).eta_chapter1 == 0.75
    return [first, second, third, fourth], guide


def chapter3():
    sim = LogOddsAndSigmoid()
    states = {phi: at(sim, phi=phi) for phi in (0.5, 0.7, 0.9, 0.99, 0.3)}
    # independent of glmlib: the log-odds by hand
    for phi, state in states.items():
        assert np.isclose(state.eta, np.log(phi / (1 - phi)))
    first = [
        *((states[p].eta, 3) for p in (0.5, 0.7, 0.9, 0.99)),
        (states[0.7].eta - states[0.5].eta, 3),
        (states[0.99].eta - states[0.9].eta, 3),
    ]
    second = [(states[0.3].eta, 3), (states[0.3].phi_back, 3)]
    low, high = at(sim, phi=0.0), at(sim, phi=1.0)
    assert low.eta == -np.inf and high.eta == np.inf
    third = [
        r"\eta = -\infty",
        r"\eta = \infty",
        (low.phi_back, 3),
        (high.phi_back, 3),
        (low.probit_at_eta, 3),
        (high.probit_at_eta, 3),
    ]
    fourth = [
        (states[0.5].probit_at_eta, 3),
        *((states[p].probit_at_eta, 3) for p in (0.7, 0.3, 0.9)),
        *((states[p].phi_back, 3) for p in (0.7, 0.3, 0.9)),
    ]
    guide = [
        (states[0.7].eta, 3),
        (states[0.99].eta, 3),
        (states[0.3].eta, 3),
        (states[0.3].phi_back, 3),
        (high.phi_back, 3),
        (states[0.7].probit_at_eta, 3),
    ]
    return [first, second, third, fourth], guide


def chapter4():
    sim = GLMAssemblyLine()
    start = {f: at(sim, family=f) for f in ("gaussian", "bernoulli", "poisson")}
    first = [
        readout(sim, "\u03b8 = ").split(" = ", 1)[1],
        (start["gaussian"].eta, 2),
        *((s.mean, 3) for s in start.values()),
    ]
    negative = {
        f: at(sim, family=f, theta0=-1.0, theta1=1.0, x1=-2.0)
        for f in ("gaussian", "bernoulli", "poisson")
    }
    assert np.isclose(negative["poisson"].mean, np.exp(-3.0))
    second = [(negative["gaussian"].eta, 2), *((s.mean, 3) for s in negative.values())]
    sim.close()
    sim = GLMAssemblyLine()
    steps = [
        at(sim, family="poisson", theta0=0.0, theta1=1.0, x1=x) for x in (0.0, 1.0, 2.0)
    ]
    third = [
        *((s.mean, 3) for s in steps),
        (steps[1].mean / steps[0].mean, 3),
        (CountsVersusAdSpend().state.truth_factor, 3),
    ]
    sim.close()
    sim = GLMAssemblyLine()
    flat = [at(sim, theta1=0.0, x1=x) for x in (-2.0, 0.0, 2.0)]
    assert len({s.mean for s in flat}) == 1
    fourth = [(flat[0].theta[0], 2), (flat[0].eta, 2), (flat[0].mean, 3)]
    guide = [
        *((s.mean, 3) for s in start.values()),
        *((s.mean, 3) for s in negative.values()),
        *((s.mean, 3) for s in steps),
        (start["gaussian"].eta, 2),
        (flat[0].mean, 3),
    ]
    return [first, second, third, fourth], guide


def chapter5():
    sim = TurningTheCrank()
    gaussian = at(sim, family="gaussian", spend=6.0)
    bernoulli = at(sim, family="bernoulli", spend=6.0)
    first = [
        *((t, 3) for t in gaussian.theta),
        (gaussian.eta, 3),
        (gaussian.mean, 3),
        *((t, 3) for t in bernoulli.theta),
        (bernoulli.eta, 3),
        (bernoulli.mean, 3),
    ]
    ends = {
        (f, x): at(sim, family=f, spend=x)
        for f in ("gaussian", "bernoulli")
        for x in (0.0, 10.0)
    }
    second = [
        *((s.mean, 3) for s in ends.values()),
        (gaussian.theta[1], 3),
    ]
    theta0, theta1 = bernoulli.theta
    toss = -theta0 / theta1
    below, above = at(sim, spend=4.6), at(sim, spend=4.7)
    third = [
        (-theta0, 3),
        (theta1, 3),
        (toss, 2),
        (below.eta, 3),
        (below.mean, 3),
        (above.eta, 3),
        (above.mean, 3),
    ]
    models = [crank_both(s) for s in SAMPLES]
    slopes = {
        "gaussian": [m.gaussian_fit.coef[1] for m in models],
        "bernoulli": [m.bernoulli_fit.coef[1] for m in models],
    }
    tosses = [-m.bernoulli_fit.coef[0] / m.bernoulli_fit.coef[1] for m in models]
    verdicts = set()
    for sample in SAMPLES:
        for family in ("gaussian", "bernoulli"):
            at(sim, family=family, sample=sample)
            verdicts.add(sim.state.check_verdict.split(" ")[0])
    assert verdicts == {"yes"}
    fourth = [
        *((min(v), 3) for v in slopes.values()),
        *((max(v), 3) for v in slopes.values()),
        *(
            (f"draw {SAMPLES[int(np.argmin(v))]}", f"draw {SAMPLES[int(np.argmax(v))]}")
            for v in slopes.values()
        ),
        (TAKINGS_SLOPE, 2),
        (QUEUE_SLOPE, 2),
        (min(tosses), 2),
        (max(tosses), 2),
    ]
    fourth = [e for entry in fourth for e in (entry if _is_pair(entry) else [entry])]
    guide = [
        *((t, 3) for t in gaussian.theta),
        *((t, 3) for t in bernoulli.theta),
        (toss, 2),
        (above.mean, 3),
        (min(slopes["bernoulli"]), 3),
        (max(slopes["bernoulli"]), 3),
        (bernoulli.mean, 3),
        *((ends["bernoulli", x].mean, 3) for x in (0.0, 10.0)),
    ]
    # the misconception cell: a least squares line through the 0/1 labels,
    # squashed afterwards, over the spends the notebook prints
    X = design_matrix(models[0].spend)
    line, *_ = np.linalg.lstsq(X, models[0].queued, rcond=None)
    squashed = expit(design_matrix([0.0, 10.0]) @ line)
    guide += [(squashed[0], 3), (squashed[1], 3)]
    return [first, second, third, fourth], guide


def _is_pair(entry):
    return isinstance(entry, tuple) and all(isinstance(e, str) for e in entry)


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
    identity_one = at(sim, link="identity", eta=1.0).translation
    identity_neg = at(sim, eta=-0.5).translation
    assert identity_neg.mean is None and not identity_neg.ok
    assert fitted_link("poisson", "identity").result is None
    second = [
        *((t.mean, 3) for t in log.values()),
        (identity_one.mean, 3),
        "is not a possible Poisson mean",
        readout(sim, "the fitted model").split(": ", 1)[1],
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


# chapter 7: one lab of draggable hours. The answers name each drag; the
# numbers are read from the lab after making that drag headless
# (``move_point``, ``set_points``), as the learner's mouse or keyboard would.


def lab_readouts(lab):
    """The lab's numbers at its current spend and points, as the readouts show them."""
    state = lab.state
    return {
        "theta": readout(lab, "Poisson fit").split(" = ")[-1],
        "factor": (state.factor, 2),
        "log rate": (state.log_rate, 3),
        "count": (state.fitted_count, 3),
        "line": (state.line_at_spend, 3),
    }


def chapter7():
    lab = PoissonLab()
    spend, customers = lab.points
    start_theta = readout(lab, "Poisson fit").split(" = ")[-1]
    theta1 = lab.fit.coef[1]

    # 1. sweeping the spend
    sweep = {}
    for x in (0.0, 1.0, 4.0, 5.0, 9.0, 10.0):
        lab.controls["spend"].value = x
        sweep[x] = lab_readouts(lab)
    counts = {x: r["count"][0] for x, r in sweep.items()}
    factor = float(np.exp(theta1))
    # independent of the readouts: the ratio one unit apart is e^theta_1
    for low in (0.0, 4.0, 9.0):
        assert np.isclose(counts[low + 1] / counts[low], factor)
    assert np.isclose(counts[10.0] / counts[0.0], factor**10)
    assert f"{sweep[5.0]['factor'][0]:.2f}" == "1.44"
    first = [
        sweep[0.0]["count"],
        sweep[10.0]["count"],
        (theta1, 3),
        sweep[0.0]["log rate"],
        sweep[10.0]["log rate"],
        sweep[4.0]["count"],
        sweep[5.0]["count"],
        (counts[5.0] / counts[4.0], 3),
        sweep[5.0]["factor"],
        (factor, 3),
        sweep[1.0]["count"],
        sweep[9.0]["count"],
        (factor**10, 1),
    ]

    # 2. the straight line beside the curve
    lab.controls["show_line"].value = True
    line = {}
    for x in (0.0, 1.8, 1.9, 9.2, 9.7, 10.0):
        lab.controls["spend"].value = x
        line[x] = lab_readouts(lab)
    b0, b1 = lab.state.line.coef
    crossing = -b0 / b1
    # independent of glmlib: the least-squares line by numpy
    assert np.allclose([b0, b1], np.polyfit(spend, customers, 1)[::-1])
    assert line[1.8]["line"][0] < 0 < line[1.9]["line"][0]
    busiest = np.argsort(customers)[::-1][:2]
    assert sorted(customers[busiest]) == [13.0, 17.0]
    second = [
        line[0.0]["line"],
        line[0.0]["count"],
        line[1.8]["line"],
        line[1.9]["line"],
        (crossing, 2),
        (int(np.sum(spend < crossing)), 0),
        *((s, 2) for s in sorted(spend[busiest])),
        *(line[x][k] for x in (9.2, 9.7) for k in ("line", "count")),
        line[10.0]["line"],
        line[10.0]["count"],
        (b1, 3),
    ]

    # 3. hour 39 (index 38), the busiest, dragged down to 0 and up to the top
    lab.controls["spend"].value = 0.0
    assert lab.draggable.picker.options[38][0] == "hour 39"
    assert customers[38] == 17.0
    lab.move_point(38, y=0.0)
    down = lab_readouts(lab)
    assert down["count"][0] > counts[0.0]  # the left end rises
    left_ends = []
    for count in range(27):
        lab.move_point(38, y=float(count))
        left_ends.append(lab.state.fitted_count)
    assert np.all(np.diff(left_ends) < 0)  # 26, the top, is the lowest
    assert lab.move_point(38, y=100.0) == (spend[38], 26.0)  # the top of the axes
    up = lab_readouts(lab)
    # independent: at spend 0 the fitted count is e^theta_0
    assert np.isclose(up["count"][0], np.exp(lab.fit.coef[0]))
    third = [
        (spend[38], 2),
        start_theta,
        down["theta"],
        sweep[5.0]["factor"],
        down["factor"],
        sweep[0.0]["count"],
        down["count"],
        up["theta"],
        up["factor"],
        up["count"],
        down["line"],
        up["line"],
        line[0.0]["line"],
    ]
    lab.reset()

    # 4. an empty shop, one customer in the middle, then at the edge
    lab.controls["show_line"].value = False
    lab.controls["spend"].value = 5.0
    lab.set_points(spend, np.zeros(40))
    empty_first = readout(lab, "Poisson fit")
    assert lab.fit is None and not lab.curve.get_visible()
    assert len(lab.problem_rings.get_xdata()) == 40
    assert "not run" in readout(lab, "gradient rule")
    empty_line = lab_readouts(lab)["line"]
    lab.move_point(20, y=1.0)  # hour 21
    assert lab.draggable.picker.options[20][0] == "hour 21"
    one = lab_readouts(lab)
    means = lab.fit.predict(design_matrix(spend))
    # independent: at the maximum the fitted counts add up to the total and
    # balance at the spend of the only hour with a customer
    assert np.isclose(means.sum(), 1.0)
    assert np.isclose(means @ spend / means.sum(), spend[20])
    gradient_line = readout(lab, "gradient rule")
    challenge_three = readout(lab, "challenge 3")
    assert "\u2713 done!" in challenge_three
    slope_one = lab.state.line.coef[1]
    assert 0 < slope_one < 0.001
    lab.move_point(20, x=10.0)
    edge_first = readout(lab, "Poisson fit")
    assert lab.fit is None and len(lab.problem_rings.get_xdata()) == 39
    lab.reset_button.click()
    fourth = [
        "none: no finite estimate. Every hour has 0 customers",
        (40, 0),
        empty_line,
        (spend[20], 2),
        one["theta"],
        one["factor"],
        one["count"],
        (means.sum(), 3),
        "Every hour with customers is at one spend, x = 10.00",
        (39, 0),
        gradient_line.split("; ", 1)[1],
        (GRADIENT_MAX_STEPS, 0),
        (slope_one, 4),
        readout(lab, "Poisson fit").split(" = ")[-1],
    ]
    assert fourth[-1] == start_theta
    assert fourth[0] in empty_first and fourth[8] in edge_first
    assert "still 2.0e+00 from the IRLS" in gradient_line

    # 5. the keyboard: hour 1 to 20 customers
    points = lab.draggable
    points.picker.value = 0
    assert (points.x_box.value, points.y_box.value) == (
        round(spend[0], 2),
        customers[0],
    )  # shown rounded
    points.y_box.value = 20
    assert lab.picked_ring.get_xydata()[0] == pytest.approx((spend[0], 20.0))
    keyed = lab_readouts(lab)
    ends = {}
    for x in (0.0, 10.0):
        lab.controls["spend"].value = x
        ends[x] = lab_readouts(lab)["count"]
    assert spend[0] == spend.min()
    fifth = [
        (spend[0], 2),
        (customers[0], 0),
        keyed["theta"],
        sweep[5.0]["factor"],
        keyed["factor"],
        sweep[5.0]["count"],
        keyed["count"],
        sweep[0.0]["count"],
        ends[0.0],
        sweep[10.0]["count"],
        ends[10.0],
    ]
    lab.close()

    guide = [
        sweep[5.0]["count"],
        sweep[0.0]["count"],
        (counts[5.0] * factor, 3),
        line[0.0]["line"],
        down["count"],
        (factor, 3),
        sweep[5.0]["factor"],
        (slope_one, 4),
        *chapter7_challenges(),
        *chapter7_notebook_numbers(),
    ]
    return [first, second, third, fourth, fifth], guide


def challenge_readout(lab, number):
    return readout(lab, f"challenge {number}").split(": ", 1)[1]


def chapter7_challenges():
    """One way through each challenge, as the guide gives it, driven headless."""
    lab = PoissonLab()
    spend, customers = lab.points
    lab.move_point(0, y=26.0)  # hour 1, the leftmost, to the top
    assert spend[0] == spend.min()
    by_hour_one = challenge_readout(lab, 3)
    b0, b1 = lab.state.line.coef
    # independent of glmlib: numpy's line through the moved points
    assert np.allclose([b0, b1], np.polyfit(*lab.points, 1)[::-1])
    assert by_hour_one.startswith("\u2713 done!") and min(b0, b0 + 10 * b1) >= 0
    lab.reset()
    lab.move_point(38, x=0.0)  # hour 39 to spend 0, its 17 customers kept
    by_hour_39 = challenge_readout(lab, 3)
    assert by_hour_39.startswith("\u2713 done!")
    lab.reset()
    lab.move_point(38, x=0.0, y=26.0)
    lab.move_point(39, x=0.0, y=26.0)
    two_corners = lab.state.factor
    assert "not yet" in challenge_readout(lab, 2)
    lab.move_point(7, x=10.0, y=0.0)  # hour 8
    flat = challenge_readout(lab, 2)
    assert flat.startswith("\u2713 done!")
    lab.reset()
    below_five = np.flatnonzero(spend < 5)
    assert list(below_five) == list(range(19))
    for i in below_five:
        lab.move_point(i, y=0.0)
    quiet_left = lab.state.factor
    assert "not yet" in challenge_readout(lab, 1)
    for i in (37, 38, 39):
        lab.move_point(i, y=26.0)
    doubled = challenge_readout(lab, 1)
    assert doubled.startswith("\u2713 done!")
    # independent of the lab: scipy's maximum of the likelihood gives the same factor
    x, y = lab.points

    def minus_loglik(theta):
        return -np.sum(stats.poisson.logpmf(y, np.exp(theta[0] + theta[1] * x)))

    best = optimize.minimize(minus_loglik, np.zeros(2), method="BFGS").x
    assert np.isclose(np.exp(best[1]), lab.state.factor, atol=1e-4)
    lab.close()
    return [
        by_hour_one,
        (spend[0], 2),
        by_hour_39.split("lowest ")[1].split(" (")[0],
        by_hour_39.split("slope ")[1].rstrip(")"),
        (two_corners, 2),
        flat.split("= ")[1].rstrip(")"),
        (quiet_left, 2),
        (int(np.sum(customers[below_five] > 0)), 0),
        (int(np.sum(customers[below_five] == 0)), 0),
        doubled.split("= ")[1].rstrip(")"),
    ]


def chapter7_notebook_numbers():
    """What chapter 7's check cells print, and the guide's misconceptions, recomputed."""
    spend, customers = shop_hours()
    X = design_matrix(spend)
    poisson = glmlib.fit(X, customers, family="poisson")
    busy = customers > 0
    log_line = np.linalg.lstsq(X[busy], np.log(customers[busy]), rcond=None)[0]
    poisson_slopes, log_slopes = [], []
    for seed in range(100, 600):
        x, y = shop_hours(seed)
        design = design_matrix(x)
        poisson_slopes.append(glmlib.fit(design, y, family="poisson").coef[1])
        kept = y > 0
        log_slopes.append(
            np.linalg.lstsq(design[kept], np.log(y[kept]), rcond=None)[0][1]
        )
    means = poisson.predict(design_matrix([0.0, 1.0, 9.0, 10.0]))
    at_hours = poisson.predict(X[[16, 17]])
    slow = glmlib.fit(X, customers, family="poisson", method="gradient")
    centre = balance_point(spend, poisson.predict(X))
    quick = gradient_catch_up(np.zeros(2), spend, customers, poisson)
    assert quick.agrees and np.allclose(slow.coef, poisson.coef, atol=1e-5)
    fitted = poisson.predict(X)
    bends = []
    for design in (X, design_matrix(spend - centre)):
        values = np.linalg.eigvalsh(design.T @ (design * fitted[:, None]))
        bends.append(values[-1] / values[0])
    return [
        (int(np.sum(~busy)), 0),
        "(" + ", ".join(f"{v:.3f}" for v in log_line) + ")",
        "(" + ", ".join(f"{v:.3f}" for v in poisson.coef) + ")",
        (np.mean(poisson_slopes), 3),
        (np.mean(log_slopes), 3),
        (SHOP_SLOPE, 2),
        (means[1] - means[0], 3),
        (means[3] - means[2], 3),
        *((s, 2) for s in spend[[16, 17]]),
        *((c, 0) for c in customers[[16, 17]]),
        *((m, 3) for m in at_hours),
        (quick.steps, 0),
        (slow.n_iter, 0),
        (centre, 2),
        *((b, 0) for b in bends),
    ]


# chapter 8: three simulations, each with its own Try-this list. The race's
# readouts print pairs and verdicts that the answers quote as they stand.


def pair(values, decimals=3):
    """A pair or triple as the readouts print it, e.g. "(0.756, 0.311)"."""
    return "(" + ", ".join(f"{v:.{decimals}f}" for v in values) + ")"


def chapter8_tangent():
    sim = TangentOfLogPartition()
    bern = {e: at(sim, family="bernoulli", eta=e) for e in (-3.0, -1.0, 0.0, 1.0, 3.0)}
    # independent of glmlib: the sigmoid, its variance and log(1 + e^eta) by hand
    for eta, s in bern.items():
        assert np.isclose(s.response, expit(eta))
        assert np.isclose(s.variance, expit(eta) * (1 - expit(eta)))
        assert np.isclose(s.log_partition, np.log1p(np.exp(eta)))
    assert np.isclose(bern[-3.0].response + bern[3.0].response, 1.0)
    assert f"{bern[-1.0].variance:.4f}" == f"{bern[1.0].variance:.4f}"
    first = [
        *((bern[e].response, 4) for e in (-3.0, 0.0, 3.0)),
        (bern[3.0].log_partition, 4),
        (bern[-3.0].log_partition, 4),
        *((bern[e].variance, 4) for e in (0.0, 1.0, 3.0)),
    ]
    # the label on the figure reads the slope off the drawn line
    assert sim.a_label.get_text().endswith(f"{bern[3.0].response:.4f}")
    pois = {e: at(sim, family="poisson", eta=e) for e in (-3.0, 1.0, 3.0)}
    for eta, s in pois.items():
        assert np.allclose([s.response, s.variance, s.log_partition], np.exp(eta))
    second = [
        *((s.response, 4) for s in pois.values()),
        (np.sqrt(pois[3.0].variance), 1),
    ]
    gauss = {e: at(sim, family="gaussian", eta=e) for e in (-3.0, 0.8, 3.0)}
    assert all(s.variance == 1.0 for s in gauss.values())
    assert np.isclose(gauss[3.0].log_partition, 3.0**2 / 2)
    third = [
        (gauss[0.8].variance, 4),
        *((s.response, 4) for s in gauss.values()),
        (gauss[3.0].log_partition, 4),
        (gauss[-3.0].log_partition, 4),
    ]
    cat = {e: at(sim, family="categorical", eta=e) for e in (-3.0, 0.0, 1.0, 3.0)}
    ratios = [s.probabilities[2] / s.probabilities[0] for s in cat.values()]
    assert np.allclose(ratios, np.exp(OTHER_ETA))
    assert all(np.isclose(s.probabilities.sum(), 1.0) for s in cat.values())
    fourth = [
        *(pair(cat[e].probabilities) for e in (-3.0, 0.0, 3.0)),
        (np.exp(OTHER_ETA), 3),
        (OTHER_ETA, 1),
        *((cat[e].response[0], 4) for e in (-3.0, 0.0, 3.0)),
        (cat[1.0].variance[0, 0], 4),
        (cat[1.0].response[0], 4),
    ]
    sim.close()
    guide = [
        (bern[0.0].response, 4),
        (bern[0.0].variance, 4),
        (pois[1.0].response, 4),
    ]
    return [first, second, third, fourth], guide


def chapter8_race():
    sim = TrainingRace()
    X, y = shop_design()

    def frame(k):
        """Show step k as the Play slider would; return its readouts."""
        sim.playback.show(k)
        return {
            "gradient": readout(sim, "gradient ascent \u03b8").split(" = ", 1)[1],
            "newton": readout(sim, "Newton \u03b8").split(" = ", 1)[1],
        }

    def verdict():
        return readout(sim, "gradient ascent:").split(": ", 1)[1]

    def theta1s(state, steps):
        return [(state.gradient_path[k][1], 3) for k in steps]

    # 1. Play at the start
    start = sim.state
    assert (start.model, start.learning_rate) == ("poisson", 0.03)
    peak, L, flat = start.peak, start.curvature, start.smallest_curvature
    # independent of the simulation: the peak from glmlib's fit, and the
    # curvatures by hand, X^T diag(e^(X theta)) X / n
    assert np.allclose(peak, glmlib.fit(X, y, "poisson").coef)
    by_hand = np.linalg.eigvalsh((X * np.exp(X @ peak)[:, None]).T @ X / len(y))
    assert np.allclose(by_hand, [flat, L])
    gap = start.gap(start.gradient_loglik)
    tail = gap[151] / gap[150]
    assert np.isclose(tail, (1 - 0.03 * flat) ** 2, rtol=1e-3)
    # Newton is on the peak (its gap on the floor) from step 4, and the
    # readout's count has two more steps, as the answer says
    on_floor = np.nonzero(start.gap(start.newton_loglik) == GAP_FLOOR)[0]
    assert on_floor[0] == 4 and start.newton_steps == on_floor[0] + 2
    first_step = start.gradient_path[1]
    assert 2.5 < first_step[1] / first_step[0] < 3
    newton_steps = [frame(k)["newton"] for k in (1, 2, 3, 4)]
    climb = [frame(k)["gradient"] for k in (1, 10, 50, 100)]
    first = [
        *newton_steps,
        *climb,
        f"converged in {start.newton_steps} steps",
        start.summary(),
        (start.gradient_path[4][1], 3),
        (L, 3),
        (flat, 3),
        (1 - 0.03 * L, 3),
        (1 - 0.03 * flat, 3),
        (tail, 3),
    ]

    # 2. a slow crawl
    crawl = at(sim, learning_rate=0.005)
    crawl_verdict = verdict()
    assert crawl_verdict.startswith("still climbing after 400 steps")
    factor = np.log(1 - 0.03 * flat) / np.log(1 - 0.005 * flat)
    assert 5.5 < factor < 6.5
    second = [
        crawl_verdict,
        frame(400)["gradient"],
        frame(400)["newton"],
        (crawl.gradient_loglik[-1], 4),
        (crawl.peak_loglik, 4),
        (crawl.gap(crawl.gradient_loglik)[-1], 4),
        (1 - 0.005 * flat, 3),
        (factor, 0),
    ]

    # 3. towards the limit, and past it
    settles = at(sim, learning_rate=0.05)
    bounces = {r: at(sim, learning_rate=r) for r in (0.06, 0.07)}
    for state in bounces.values():  # a two-step cycle, neither settling nor diverging
        path = state.gradient_path
        assert state.gradient_outcome == "overshooting"
        assert np.allclose(path[-1], path[-3], atol=1e-6)
        assert np.allclose(path[-2], path[-4], atol=1e-6)
    six, seven = bounces[0.06], bounces[0.07]
    level = seven.gap(seven.gradient_loglik)[-100:]
    third = [
        settles.summary(),
        (1 - 0.05 * L, 3),
        *theta1s(settles, (1, 2, 3, 4)),
        (1 - 0.06 * L, 3),
        six.summary(),
        pair(six.gradient_path[-2]),
        pair(six.gradient_path[-1]),
        (six.gradient_loglik[-1], 4),
        (six.peak_loglik, 4),
        pair(seven.gradient_path[-2]),
        pair(seven.gradient_path[-1]),
        (level.min(), 2),
        (level.max(), 2),
    ]

    # 4. divergence
    wild = at(sim, learning_rate=0.08)
    assert "Gradient ascent diverged" in sim.notice
    refused = wild.gradient_path[-1]
    assert wild.gradient_loglik[-1] < wild.gradient_loglik[0]
    assert len(wild.gradient_path) == wild.gradient_steps + 2  # the refused step shown
    wilder = {r: at(sim, learning_rate=r) for r in (0.1, 0.2, 0.4)}
    fourth = [
        "Gradient ascent diverged",
        wild.summary(),
        *(pair(wild.gradient_path[k]) for k in (1, 2, 3)),
        pair(refused),
        (wild.gradient_loglik[-1], 4),
        (wild.gradient_loglik[0], 4),
        wilder[0.1].summary(),
        wilder[0.2].summary(),
        pair(wilder[0.2].gradient_path[1]),
        (wilder[0.2].gradient_loglik[-1], 4),
        (wilder[0.4].gradient_loglik[-1], 4),
    ]
    assert wilder[0.4].summary() == "diverged at step 1"

    # 5. the Gaussian model
    at(sim, model="gaussian")
    near = at(sim, learning_rate=0.28)
    over = at(sim, learning_rate=0.3)
    quick = at(sim, learning_rate=0.25)
    spend, _ = shop_hours()
    G, g_flat = near.curvature, near.smallest_curvature
    # independent of glmlib: with a'' = 1 and the spend centred, the curvature
    # is diag(1, variance of the spend)
    assert np.isclose(G, np.var(spend)) and np.isclose(g_flat, 1.0)
    assert np.allclose(near.newton_path[1], near.peak)
    swings = over.gradient_path[1:, 1] - over.peak[1]
    assert np.allclose(swings[1:] / swings[:-1], 1 - 0.3 * G, rtol=0.02)
    fifth = [
        (G, 3),
        (near.threshold, 4),
        near.summary(),
        (near.peak[1], 3),
        (near.peak[0], 3),
        *theta1s(near, (1, 2, 3, 4)),
        (1 - 0.28 * G, 3),
        (1 - 0.3 * G, 3),
        (100 * (0.3 * G - 2), 1),
        *theta1s(over, (1, 2, 3, 4, 13)),
        over.summary(),
        quick.summary(),
        (2 / (G + g_flat), 3),
        ((G - g_flat) / (G + g_flat), 3),
    ]
    gaussian_at_008 = ch08.race("gaussian", 0.08)
    sim.close()
    guide = [
        (start.gradient_steps, 0),
        pair(six.gradient_path[-2]),
        pair(six.gradient_path[-1]),
        (six.gradient_loglik[-1], 4),
        (six.peak_loglik, 4),
        wild.summary(),
        (G, 3),
        (near.threshold, 4),
        (gaussian_at_008.gradient_steps, 0),
        (L, 3),
        (crawl.gap(crawl.gradient_loglik)[-1], 4),
        (settles.gradient_steps, 0),
        newton_steps[0],
        climb[0],
    ]
    assert gaussian_at_008.gradient_outcome == "converged"
    return [first, second, third, fourth, fifth], guide


def chapter8_softmax():
    sim = SoftmaxRegions()
    fitted = sim.fitted
    labels = fitted.labels.astype(int)

    def probabilities():
        return readout(sim, "softmax").split(" = ", 1)[1]

    start = at(sim, steps=0)
    assert np.isclose(start.loglik, -np.log(3))
    # a tie goes to the first class: the share right is the share of class 0
    assert start.accuracy == np.mean(labels == 0)
    uniform = probabilities()
    gaps = {k: at(sim, steps=k).gap_to_newton for k in (0, 5, 50, 100, 200, 500)}
    one, five, end = (at(sim, steps=k) for k in (1, 5, 2000))
    # independent of the simulation: the share right at Newton's theta
    scores = np.column_stack([np.zeros(len(labels)), fitted.X @ fitted.newton])
    assert np.isclose(end.accuracy, np.mean(scores.argmax(axis=1) == labels))
    first = [
        uniform,
        (start.loglik, 4),
        (start.accuracy, 3),
        (int(np.sum(labels == 0)), 0),
        (len(labels), 0),
        (one.accuracy, 3),
        *((g, 6) for g in gaps.values()),
        (five.accuracy, 3),
        (end.accuracy, 3),
        (five.loglik, 4),
        (end.loglik, 4),
    ]
    at(sim, x1=0.2, x2=-2.0)
    boundary = probabilities()
    at(sim, x1=-0.2, x2=0.2)
    middle = probabilities()
    assert readout(sim, "most probable class").endswith("class 0")
    # where the three regions meet: theta_1^T x = theta_2^T x = 0, solved by hand
    meeting = np.linalg.solve(fitted.newton[1:].T, -fitted.newton[0])
    assert np.allclose(class_probabilities(fitted.newton, meeting), 1 / 3, atol=5e-4)
    second = [boundary, middle, *((m, 3) for m in meeting), (1 / 3, 3)]
    diagonal = [at(sim, x1=t, x2=-t).probabilities for t in (1.0, 2.0, 3.0)]
    corner = probabilities()
    assert diagonal[0][1] < diagonal[1][1] < diagonal[2][1]
    others = {
        (x1, x2): at(sim, x1=x1, x2=x2).probabilities
        for x1, x2 in ((-3.0, -3.0), (-3.0, 3.0), (3.0, 3.0))
    }
    near_corner = np.hypot(fitted.X[:, 1] - 3, fitted.X[:, 2] + 3) < 1
    third = [
        corner,
        *((p[1], 3) for p in diagonal),
        (others[-3.0, -3.0][0], 3),
        (others[-3.0, 3.0][2], 3),
        (others[3.0, 3.0][1], 3),
        (int(near_corner.sum()), 0),
        (len(labels), 0),
    ]
    sim.close()
    guide = [
        (five.accuracy, 3),
        (end.accuracy, 3),
        (five.loglik, 4),
        (end.loglik, 4),
        (float(middle.strip("()").split(", ")[0]), 3),
    ]
    return [first, second, third], guide


def chapter8_notebook_numbers():
    """What the notebook's probit and rescaling cells print, recomputed here."""
    features, grade, _ = ch08.spector_grades()
    X = ch08.standardized_design(features)
    bernoulli = glmlib.Bernoulli()
    probit = bernoulli.get_link("probit")

    def probit_loglik(theta):
        return np.sum(
            bernoulli.loglik(grade, bernoulli.link(probit.response(X @ theta)))
        )

    naive = ch08.universal_loop(X, grade, probit.response, 1.0, 5000)
    best = glmlib.fit(X, grade, "bernoulli", link="probit").coef
    assert probit_loglik(naive) < probit_loglik(best)
    factor = ch08.probit_gradients(X, grade, np.array([-0.4, 0.6, 0.1, 0.5])).factor
    spend, customers = shop_hours()
    numbers = [
        (probit_loglik(naive), 4),
        (probit_loglik(best), 4),
        (factor.min(), 3),
        (factor.max(), 3),
    ]
    for column in (spend, spend - spend.mean(), (spend - spend.mean()) / spend.std()):
        D = design_matrix(column)
        newton = glmlib.fit(D, customers, "poisson")
        weights = np.exp(D @ newton.coef)
        values = np.linalg.eigvalsh((D * weights[:, None]).T @ D / len(D))
        ascent = glmlib.fit(
            D, customers, "poisson", method="gradient",
            learning_rate=1 / values[-1], max_iter=20_000,
        )  # fmt: skip
        assert newton.n_iter == 4
        numbers += [(values[-1] / values[0], 1), (ascent.n_iter, 0)]
    return numbers


def chapter8():
    tangent, tangent_guide = chapter8_tangent()
    race, race_guide = chapter8_race()
    softmax, softmax_guide = chapter8_softmax()
    guide = tangent_guide + race_guide + softmax_guide + chapter8_notebook_numbers()
    return [*tangent, *race, *softmax], guide


# chapter 9: the readouts print numbers of any size with a multiplication
# sign and a superscript power of ten; the answers write them in LaTeX,
# $3.9 \times 10^{42}$.
TIMES = "\u00d7"
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def latex(shown):
    """A readout's text with each power of ten written in LaTeX, "\\times 10^{42}"."""
    return re.sub(
        TIMES + r" 10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)",
        lambda m: r"\times 10^{" + m.group(1).translate(_SUPERSCRIPT_DIGITS) + "}",
        shown,
    )


def shown_number(shown):
    """One number as a readout prints it, as an entry for ``missing``.

    A power of ten is looked for as its LaTeX phrase; a plain number as that
    number with the readout's decimals (so that "38" is not found in "0.385").
    """
    if TIMES in shown or "∞" in shown:
        return latex(shown)
    text = shown.replace("\u2212", "-")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return (float(text), decimals)


def test_readout_numbers_are_found_as_the_answers_write_them():
    assert latex(f"(−3.46 {TIMES} 10³⁸, 2.2 {TIMES} 10⁻⁴)") == (
        r"(−3.46 \times 10^{38}, 2.2 \times 10^{-4})"
    )
    text = r"a gap of $3.9 \times 10^{42}$, then 0.385 and 5950"
    assert (
        missing(text, [shown_number(f"3.9 {TIMES} 10⁴²"), shown_number("5950")]) == []
    )
    assert missing(text, [shown_number("38")]) == ["38"]
    assert missing(text, [shown_number(f"3.9 {TIMES} 10⁴³")]) == [r"3.9 \times 10^{43}"]


def chapter9():
    designs = shop_designs()
    raw, std = designs[False], designs[True]
    positions = np.round(np.arange(LOG_RATE_RANGE[0], LOG_RATE_RANGE[1] + 1e-9, 0.1), 1)
    assert positions.size == 51

    def verdicts(**switches):
        return {
            r: shop_loop(r, designs=designs, **switches).verdict.split(":")[0]
            for r in positions
        }

    def first_close(state):
        """The first step after which the gap is below 1e-8 (None if never)."""
        close = np.nonzero(state.gap < 1e-8)[0]
        return int(close[0]) if close.size else None

    sim = FitLoopOnTheShop()

    def show(**values):
        """Move the controls; return the readouts a learner reads off."""
        at(sim, **values)
        return {
            "alpha": shown_number(readout(sim, "\u03b1").split(" = ", 1)[1]),
            "theta": latex(readout(sim, "\u03b8 after").split(" = ", 1)[1]),
            "newton": latex(readout(sim, "Newton's").split(" = ", 1)[1]),
            "gap": shown_number(readout(sim, "best").split(" = ", 1)[1]),
            "step": readout(sim, "step").split(" = ", 1)[1],
            "verdict": readout(sim, "verdict").split(": ", 1)[1],
            "note": latex(sim.gap_note.get_text()),
        }

    def bound(design, theta=None, average=False):
        return stable_learning_rate(design.X, design.y, theta=theta, average=average)

    def curvature_ratio(design):
        """Steepest over flattest curvature of the log-likelihood at Newton's theta."""
        weights = Poisson().unit_variance(design.X @ design.newton.coef)
        values = np.linalg.eigvalsh(design.X.T @ (design.X * weights[:, None]))
        return values[-1] / values[0]

    at_fit = bound(raw, raw.newton.coef)
    # independent of glmlib: 2 / largest eigenvalue of X^T diag(e^(X theta)) X
    by_hand = np.linalg.eigvalsh(
        raw.X.T @ (raw.X * np.exp(raw.X @ raw.newton.coef)[:, None])
    )[-1]
    assert np.isclose(at_fit, 2 / by_hand)

    # 1. all switches off
    plain_runs = verdicts(average=False, halve=False)
    assert {plain_runs[r] for r in positions if -3.1 <= r <= -2.0} == {"diverged"}
    assert {plain_runs[r] for r in positions if -3.6 <= r <= -3.2} == {"bouncing"}
    assert [r for r in positions if plain_runs[r] == "at the maximum"] == [-3.7]
    assert {plain_runs[r] for r in positions if r <= -3.8} == {"still climbing"}
    assert 10**-3.7 < at_fit < 10**-3.6
    start = show(log10_rate=-2.0)
    # independent of glmlib: the cheat sheet's loop written out with numpy
    theta = np.zeros(2)
    with np.errstate(over="ignore"):
        for _ in range(N_STEPS):
            theta = theta + 0.01 * raw.X.T @ (raw.y - np.exp(raw.X @ theta))
    assert start["theta"] == latex(format_pair(theta))
    assert sim.state.curve_mean.max() == 0
    diverged, bounce, bounce_low, lands, crawls, slowest = (
        show(log10_rate=r) for r in (-3.1, -3.2, -3.6, -3.7, -3.8, -5.0)
    )
    first = [
        start["alpha"],
        start["theta"],
        start["gap"],
        start["verdict"],
        start["note"],
        diverged["alpha"],
        diverged["theta"],
        diverged["gap"],
        bounce["alpha"],
        bounce["verdict"],
        bounce["theta"],
        bounce["gap"],
        bounce_low["alpha"],
        bounce_low["gap"],
        lands["alpha"],
        lands["verdict"],
        lands["theta"],
        lands["newton"],
        lands["gap"],
        crawls["verdict"],
        crawls["gap"],
        slowest["theta"],
        slowest["gap"],
        latex(scientific(at_fit)),
        (positions.size, 0),
    ]

    # 2. halving on, raw spend
    halved_runs = verdicts(average=False, halve=True)
    assert set(halved_runs.values()) == {"still climbing", "at the maximum"}
    assert [r for r in positions if halved_runs[r] == "at the maximum"] == [-3.7]
    halved = {r: shop_loop(r, False, True, False, designs) for r in positions}
    cut = {r: s for r, s in halved.items() if s.path.halvings > 0}
    assert min(cut) == -3.6
    for r, state in cut.items():  # every halving happens within the first 5 steps
        early = gradient_ascent_path(raw.X, raw.y, "poisson", 10**r, 5, False, True)
        assert early.halvings == state.path.halvings
    kept = [10**r / 2**s.path.halvings for r, s in cut.items()]
    assert max(kept) < at_fit
    gaps = [s.final_gap for s in cut.values()]
    at_cheat, at_one = show(halve=True, log10_rate=-2.0), show(log10_rate=0.0)
    ratio_raw = curvature_ratio(raw)
    second = [
        at_cheat["step"],
        at_cheat["theta"],
        at_cheat["gap"],
        at_cheat["verdict"],
        at_one["step"],
        at_one["gap"],
        shown_number(scientific(0.01 / 2**6)),
        shown_number(scientific(1.0 / 2**13)),
        shown_number(scientific(min(kept))),
        shown_number(scientific(max(kept))),
        latex(scientific(at_fit)),
        (ratio_raw, 0),
        shown_number(scientific(min(gaps))),
        shown_number(scientific(max(gaps))),
        show(log10_rate=-5.0)["gap"],
    ]

    # 3. halving and standardizing
    both = verdicts(average=False, halve=True, standardize=True)
    assert {both[r] for r in positions if r >= -4.5} == {"at the maximum"}
    assert {both[r] for r in positions if r < -4.5} == {"still climbing"}
    short = show(standardize=True, log10_rate=-4.6)
    cheat_std = show(log10_rate=-2.0)
    halvings_at_one = shop_loop(0.0, False, True, True, designs).path.halvings
    close = {
        r: first_close(shop_loop(r, False, True, True, designs)) for r in positions
    }
    spread = float(np.std(raw.X[:, 1]))
    # independent of glmlib's fit: rescaling the feature rescales its slope
    assert np.isclose(std.newton.coef[1] / spread, raw.newton.coef[1])
    third = [
        cheat_std["newton"],
        short["theta"],
        short["verdict"],
        cheat_std["step"],
        cheat_std["gap"],
        (close[-3.4], 0),
        (max(close[r] for r in positions if r >= -2.5), 0),
        (halvings_at_one, 0),
        (ratio_raw, 0),
        (curvature_ratio(std), 1),
        (spread, 2),
        (raw.newton.coef[1], 3),
    ]

    # 4. standardized, halving off
    fixed_std = verdicts(average=False, halve=False, standardize=True)
    landing = [r for r in positions if fixed_std[r] == "at the maximum"]
    assert landing == [r for r in positions if -4.5 <= r <= -2.2]
    bouncing, more = (show(halve=False, log10_rate=r) for r in (-2.1, -2.0))
    over = show(log10_rate=-1.9)
    assert over["verdict"].startswith("overflow")
    std_bound = bound(std, std.newton.coef)
    assert 10**-2.2 < std_bound < 10**-2.1
    fourth = [
        (len(landing), 0),
        bouncing["alpha"],
        bouncing["verdict"],
        bouncing["theta"],
        bouncing["gap"],
        more["gap"],
        over["alpha"],
        over["verdict"].split(":")[0],
        over["theta"],
        "after step 10",
        (std_bound, 5),
        (10**-2.2, 5),
        (first_close(shop_loop(-2.2, False, False, True, designs)), 0),
        (first_close(shop_loop(-2.3, False, False, True, designs)), 0),
        (std_bound / at_fit, 0),
    ]

    # 5. averaged, the other switches off
    averaged = verdicts(average=True, halve=False)
    assert [r for r in positions if averaged[r] == "at the maximum"] == [-2.1]
    assert averaged[-1.8] == "diverged" and plain_runs[-3.4] == "bouncing"
    avg_lands = show(standardize=False, average=True, log10_rate=-2.1)
    assert avg_lands["theta"] == lands["theta"]
    avg_crawls, avg_cheat = show(log10_rate=-2.2), show(log10_rate=-2.0)
    avg_bound = bound(raw, raw.newton.coef, average=True)
    assert np.isclose(avg_bound, len(raw.y) * at_fit)
    assert 10**-2.1 < avg_bound < 10**-2.0
    fifth = [
        avg_lands["alpha"],
        avg_lands["verdict"],
        avg_lands["theta"],
        avg_lands["gap"],
        avg_crawls["gap"],
        avg_cheat["verdict"].split(":")[0],
        avg_cheat["theta"],
        avg_cheat["gap"],
        shown_number(scientific(avg_bound)),
        (len(raw.y), 0),
        (np.log10(len(raw.y)), 2),
    ]
    sim.close()

    guide = [
        start["theta"],
        shown_number(scientific(bound(raw))),
        latex(scientific(at_fit)),
        (0.01 / bound(raw), 1),
        (0.01 / at_fit, 0),
        (positions.size, 0),
        (len(landing), 0),
        slowest["gap"],
        over["verdict"].split(":")[0],
        avg_cheat["gap"],
        *strike_numbers(),
    ]
    return [first, second, third, fourth, fifth], guide


def strike_numbers():
    """What chapter 9's strike and beta cells print, recomputed here."""
    import statsmodels.api as sm
    from scipy import integrate, special, stats

    strikes = sm.datasets.strikes.load_pandas().data
    days = strikes.duration.to_numpy()
    X = design_matrix(strikes.iprod)
    log_fit = glmlib.fit(X, days, family="gamma", link="log")
    exponential = glmlib.fit(X, days, family=glmlib.Exponential(), link="log")
    canonical_form = X.T @ (days - np.exp(X @ exponential.coef))
    with warnings.catch_warnings():  # statsmodels warns about its own default link
        warnings.simplefilter("ignore", sm.tools.sm_exceptions.DomainWarning)
        default = sm.GLM(days, X, family=sm.families.Gamma()).fit()
    below = default.fittedvalues[default.fittedvalues < 0]
    kappa, mu = 5.0, 0.3
    slope = (
        special.betaln(mu * kappa + 1e-6, kappa - mu * kappa - 1e-6)
        - special.betaln(mu * kappa - 1e-6, kappa - mu * kappa + 1e-6)
    ) / 2e-6
    beta = stats.beta(mu * kappa, (1 - mu) * kappa)
    mean_log_odds = integrate.quad(lambda y: np.log(y / (1 - y)) * beta.pdf(y), 0, 1)[0]
    assert np.isclose(slope, mean_log_odds, atol=1e-6)
    return [
        (np.exp(log_fit.coef[0]), 1),
        (np.exp(0.01 * log_fit.coef[1]), 3),
        (below.size, 0),
        (days.size, 0),
        (below.min(), 1),
        *((g, 3) for g in canonical_form),
        (mean_log_odds, 4),
    ]


NUMBERS = {
    0: chapter0,
    1: chapter1,
    2: chapter2,
    3: chapter3,
    4: chapter4,
    5: chapter5,
    6: chapter6,
    7: chapter7,
    8: chapter8,
    9: chapter9,
}


@pytest.fixture(scope="module")
def computed():
    """Every chapter's numbers, computed once (the fits take a moment)."""
    results = {chapter: NUMBERS[chapter]() for chapter in CHAPTERS}
    plt.close("all")
    return results


# --------------------------------------------------------------------------
# 1. worked answers


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_try_this_item_has_an_answer_right_under_it(chapter):
    found = answers(chapter)
    for answer in found:
        assert len(answer.split()) >= 30, answer  # worked, not a bare number
        assert "<details>" not in answer


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answers_quote_the_numbers_glmlib_computes(chapter, computed):
    per_answer, _ = computed[chapter]
    found = answers(chapter)
    assert len(found) == len(per_answer)
    for k, (answer, wanted) in enumerate(zip(found, per_answer, strict=True), 1):
        assert missing(answer, wanted) == [], f"chapter {chapter}, answer {k}"


def test_the_number_search_can_fail():
    text = r"the mean is $-0.847$, then 0.8470 and 12.5; a(η) = 4.500"
    assert missing(text, [(-0.847, 3), (4.5, 3)]) == []
    assert missing(text, [(0.847, 3)]) == ["0.847"]  # only -0.847 is there
    assert missing(text, [(2.5, 1)]) == ["2.5"]  # 12.5 is another number
    assert missing(text, [(0.84, 2)]) == ["0.84"]
    assert missing(text, ["a(η) = 4.600"]) == ["a(η) = 4.600"]


# --------------------------------------------------------------------------
# 2. coding exercises


def exercise_cells(chapter):
    """(heading index, [(task, stub, check) cells per exercise]) of a notebook."""
    cells = notebook(chapter)["cells"]
    headings = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown"
        and text_of(c).startswith("## Your turn: code it")
    ]
    return cells, headings


def same_code(a, b):
    """True when two cells hold the same program (quotes and comments aside)."""
    return ast.dump(ast.parse(a)) == ast.dump(ast.parse(b))


def checked_calls(code):
    """(name, function) of every ``exercises.check(name, function)`` in ``code``."""
    if code.lstrip().startswith("%"):
        return []  # an IPython magic, not Python
    calls = []
    for node in ast.walk(ast.parse(code)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "check"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "exercises"
        ):
            name, function = node.args
            calls.append((name.value, function.id))
    return calls


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_notebook_has_its_chapters_exercises(chapter):
    cells, headings = exercise_cells(chapter)
    names = exercises.names(chapter)
    tagged = [c for c in cells if "exercise" in c["metadata"].get("tags", [])]
    if not names:
        assert headings == [] and tagged == []
        return
    (heading,) = headings
    # before the quiz; in a chapter without one (7 and 9), before the recap
    quiz = next(
        i
        for i, c in enumerate(cells)
        if "quiz_for_chapter(" in text_of(c)
        or (c["cell_type"] == "markdown" and text_of(c).startswith("## Recap"))
    )
    assert try_this_index(cells) < heading < quiz
    position = heading + 1
    for name in names:
        task, stub, check = cells[position : position + 3]
        expected = exercises.notebook_cells(name)
        assert task["cell_type"] == "markdown"
        assert text_of(task) == expected[0]["source"]
        assert stub["cell_type"] == "code"
        assert stub["metadata"].get("tags") == ["exercise"]
        # the same code as the starter, up to what ruff asks of a notebook:
        # double quotes, and a noqa on an import only the solution uses
        assert same_code(text_of(stub), expected[1]["source"])
        assert check["cell_type"] == "code"
        assert same_code(text_of(check), expected[2]["source"])
        assert checked_calls(text_of(check)) == [
            (name, exercises.exercise(name).function_name)
        ]
        position += 3
    assert position <= quiz
    assert len(tagged) == len(names)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_stored_check_output_is_what_the_unedited_stub_gets(chapter):
    cells, _ = exercise_cells(chapter)
    for name in exercises.names(chapter):
        (check,) = [
            c
            for c in cells
            if c["cell_type"] == "code"
            and [n for n, _ in checked_calls(text_of(c))] == [name]
        ]
        namespace = {}
        exec(exercises.stub_source(name), namespace)
        function = namespace[exercises.exercise(name).function_name]
        result = exercises.check(name, function, show_feedback=False)
        assert not result.passed
        assert check["execution_count"] is not None
        (output,) = check["outputs"]
        assert "".join(output["data"]["text/plain"]) == result.message
        assert "Not started yet" in result.message


def solution_body(name):
    """The reference solution's statements, without its def line or docstring."""
    source = textwrap.dedent(inspect.getsource(exercises.solution(name)))
    (function,) = ast.parse(source).body
    statements = function.body
    if isinstance(statements[0], ast.Expr) and isinstance(
        statements[0].value, ast.Constant
    ):
        statements = statements[1:]
    lines = source.splitlines()[statements[0].lineno - 1 : statements[-1].end_lineno]
    return [line.strip() for line in lines if line.strip()]


def spans(lines):
    """What may not appear: the only line of a one-line body, else each pair."""
    if len(lines) == 1:
        return lines
    return ["\n".join(pair) for pair in itertools.pairwise(lines)]


def normalised(text):
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_reference_solution_shows_in_a_notebook(chapter):
    cells = notebook(chapter)["cells"]
    shown = [normalised(text_of(c) + "\n" + outputs_text(c)) for c in cells]
    for name in exercises.names():
        for span in spans(solution_body(name)):
            assert not any(span in cell for cell in shown), (name, span)


def test_the_solution_search_can_fail():
    body = solution_body("ch6-softmax")
    assert body[0] == "scores = np.asarray(scores, dtype=float)"
    assert body[-1].startswith("return weights /")
    leaked = normalised(exercises.solution_source("ch6-softmax"))
    assert any(span in leaked for span in spans(body))
    assert spans(solution_body("ch1-poisson-log-partition")) == ["return np.exp(eta)"]


# --------------------------------------------------------------------------
# 3. the teaching guide


def test_guide_has_a_section_per_chapter_in_order():
    sections = guide_sections()
    assert list(sections) == list(range(10))
    for chapter, section in sections.items():
        for path in NOTEBOOKS.glob(f"{chapter:02d}_*.ipynb"):
            assert f"]({path.name})" in section


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_guide_section_has_all_six_parts(chapter):
    section = guide_sections()[chapter]
    assert "to be written" not in section
    headings = re.findall(r"(?m)^### (.+)$", section)
    assert headings == list(GUIDE_PARTS)
    for name in GUIDE_PARTS:
        assert len(guide_part(section, name).split()) >= 15, name
    minutes = re.search(r"\*\*About (\d+) minutes", guide_part(section, "Time"))
    assert minutes and 20 <= int(minutes.group(1)) <= 90
    predict = guide_part(section, "Predict, then check")
    assert predict.count("?") >= 3  # questions put before a control moves
    misconceptions = guide_part(section, "Misconceptions to probe")
    assert len(re.findall(r"(?m)^\* \*\*", misconceptions)) >= 3


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_guide_quotes_the_numbers_glmlib_computes(chapter, computed):
    _, wanted = computed[chapter]
    section = guide_sections()[chapter]
    prose = section[: section.index("### Exercise solutions")]
    assert missing(prose, wanted) == []


SOLUTION_BLOCK = re.compile(
    r"(?m)^#### Exercise `(ch\d-[a-z0-9-]+)`: .*\n\n```python\n(.*?)```\n\n(.*)$",
    re.S,
)


def guide_solutions(section):
    blocks = re.split(r"(?m)^(?=#### Exercise )", section)[1:]
    found = {}
    for block in blocks:
        match = SOLUTION_BLOCK.match(block)
        assert match, block[:80]
        found[match.group(1)] = (match.group(2), match.group(3))
    return found


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_guide_solutions_equal_the_checkers(chapter):
    part = guide_part(guide_sections()[chapter], "Exercise solutions")
    found = guide_solutions(part)
    assert sorted(found) == sorted(exercises.names(chapter))
    for name, (code, after) in found.items():
        assert code == exercises.solution_source(name), name
        assert after.startswith("Typical mistake it catches:"), name
        namespace = {}
        exec(code, namespace)
        function = namespace[exercises.exercise(name).function_name]
        assert exercises.check(name, function, show_feedback=False).passed, name


def test_every_solution_anywhere_in_the_guide_equals_the_checkers():
    text = GUIDE.read_text(encoding="utf-8")
    found = guide_solutions(text[text.index("## Chapter 0 ") :])
    assert found
    for name, (code, _) in found.items():
        assert code == exercises.solution_source(name), name
