"""Chapters 5 and 6, driven headless: the recipe's two models and the two translators.

The generic checks of tests/test_sims.py (every control at its ends, artists
moved in place, cached frames, the ipympl canvas) run on these simulations
too, through ``SIMULATIONS``. This file checks what the two chapters claim,
each against a computation that does not go through glmlib: least squares
and statsmodels' logistic regression for chapter 5, hand-written inverse
functions for chapter 6's curves, dots and the mix-up.
"""

import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from scipy import special

from glmlib import ConvergenceWarning, data, get_family, links
from glmlib.course import ch05_linear_and_logistic_from_the_recipe as ch05
from glmlib.course import ch06_link_and_response as ch06
from glmlib.course.formatting import format_number
from glmlib.data import design_matrix, shop_hours
from glmlib.simulations import SIMULATIONS, LinkAndResponse, TurningTheCrank
from glmlib.simulations import ch06_link_and_response as ch06_view

#: each link's response written out here, without glmlib
RESPONSES = {
    "identity": lambda eta: eta,
    "log": np.exp,
    "logit": lambda eta: 1.0 / (1.0 + np.exp(-eta)),
    "probit": special.ndtr,
    "cloglog": lambda eta: 1.0 - np.exp(-np.exp(eta)),
    "inverse": lambda eta: 1.0 / eta,
    "negative_inverse": lambda eta: -1.0 / eta,
    "sqrt": np.square,
}
#: and each link itself
LINK_FUNCTIONS = {
    "identity": lambda mu: mu,
    "log": np.log,
    "logit": lambda mu: np.log(mu / (1.0 - mu)),
    "probit": special.ndtri,
    "cloglog": lambda mu: np.log(-np.log(1.0 - mu)),
    "inverse": lambda mu: 1.0 / mu,
    "negative_inverse": lambda mu: -1.0 / mu,
    "sqrt": np.sqrt,
}
FAMILY_LINKS = [
    (family, link)
    for family in ch06.TRANSLATOR_FAMILIES
    for link in get_family(family).link_names
]


@pytest.fixture
def crank():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sim = TurningTheCrank()
    yield sim
    sim.close()


@pytest.fixture
def translator():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sim = LinkAndResponse()
    yield sim
    sim.close()


def saturated(link, mean):
    """Means within 1e-9 of a finite end of the link's range, where no float
    can carry eta back (the cloglog response reaches 1 - 2^-52 by eta = 3.6)."""
    low, high = links.LINKS[link]().description.mean_interval
    mean = np.asarray(mean, dtype=float)
    return (np.isfinite(low) & (mean - low < 1e-9)) | (
        np.isfinite(high) & (high - mean < 1e-9)
    )


def test_both_chapters_are_registered():
    assert SIMULATIONS[5] is TurningTheCrank
    assert SIMULATIONS[6] is LinkAndResponse


# --- chapter 5 -----------------------------------------------------------


@pytest.mark.parametrize("sample", data.SAMPLES)
def test_chapter5_gaussian_glm_is_least_squares(sample):
    models = ch05.crank_both(sample)
    spend, takings, _ = data.takings_and_queues(sample)
    X = np.column_stack([np.ones_like(spend), spend])
    # the normal equations, solved here without glmlib or the module
    expected = np.linalg.solve(X.T @ X, X.T @ takings)
    np.testing.assert_allclose(models.gaussian_fit.coef, expected, atol=1e-10)
    assert models.least_squares_gap <= ch05.LEAST_SQUARES_TOLERANCE


@pytest.mark.parametrize("sample", data.SAMPLES)
def test_chapter5_bernoulli_glm_minimises_the_cross_entropy(sample):
    import statsmodels.api as sm

    models = ch05.crank_both(sample)
    spend, _, queued = data.takings_and_queues(sample)
    X = design_matrix(spend)
    expected = sm.Logit(queued, X).fit(disp=0, tol=1e-12).params
    np.testing.assert_allclose(models.bernoulli_fit.coef, expected, atol=1e-7)
    np.testing.assert_allclose(models.cross_entropy_theta, expected, atol=1e-7)
    assert models.cross_entropy_gap <= ch05.CROSS_ENTROPY_TOLERANCE
    # the loss really is smallest there: any small step raises it
    best = ch05.mean_cross_entropy(models.bernoulli_fit.coef, X, queued)
    for step in ([1e-3, 0], [0, 1e-3], [-1e-3, 0], [0, -1e-3]):
        assert (
            ch05.mean_cross_entropy(models.bernoulli_fit.coef + step, X, queued) > best
        )


def test_chapter5_data_are_a_continuous_and_a_yes_no_target():
    spend, takings, queued = data.takings_and_queues(1)
    assert len(spend) == len(takings) == len(queued) == data.HOURS
    assert np.all(np.diff(spend) >= 0)
    assert len(np.unique(takings)) == data.HOURS
    assert set(np.unique(queued)) == {0.0, 1.0}
    # every sample is fitted without a warning (no separation)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ch05.crank_both.cache_clear()
        for sample in data.SAMPLES:
            ch05.crank_both(sample)


def test_chapter5_check_says_no_when_glmlib_is_wrong(monkeypatch):
    from glmlib import Bernoulli

    monkeypatch.setattr(
        Bernoulli, "response", lambda self, eta: special.expit(1.3 * np.asarray(eta))
    )
    ch05.crank_both.cache_clear()
    try:
        with warnings.catch_warnings():
            # A response that disagrees with a'(eta): Newton cannot settle.
            warnings.simplefilter("ignore", ConvergenceWarning)
            state = ch05.turn_the_crank("bernoulli", 5.0, 1)
        assert state.check_verdict.startswith("NO (differs by more than")
        assert "yes" not in state.check_verdict
    finally:
        monkeypatch.undo()
        ch05.crank_both.cache_clear()
    state = ch05.turn_the_crank("bernoulli", 5.0, 1)
    assert state.check_verdict.startswith("yes")


@pytest.mark.parametrize("sample", [1, 4])
@pytest.mark.parametrize("spend", [0.0, 3.7, 10.0])
def test_chapter5_plotted_predictions_are_theta_x_through_each_response(
    crank, sample, spend
):
    crank.controls["sample"].value = sample
    crank.controls["spend"].value = spend
    models = ch05.crank_both(sample)
    gaussian_theta = models.gaussian_fit.coef
    bernoulli_theta = models.bernoulli_fit.coef
    x, line = crank.curves["gaussian"].get_data()
    np.testing.assert_allclose(line, gaussian_theta[0] + gaussian_theta[1] * x)
    x, curve = crank.curves["bernoulli"].get_data()
    eta = bernoulli_theta[0] + bernoulli_theta[1] * x
    np.testing.assert_allclose(curve, 1.0 / (1.0 + np.exp(-eta)))
    for family in ("gaussian", "bernoulli"):
        crank.controls["family"].value = family
        theta = gaussian_theta if family == "gaussian" else bernoulli_theta
        eta = theta[0] + theta[1] * spend
        expected = eta if family == "gaussian" else 1.0 / (1.0 + np.exp(-eta))
        dot = crank.dots[family]
        assert dot.get_visible()
        assert tuple(dot.get_xydata()[0]) == pytest.approx((spend, expected))
        assert crank.state.eta == pytest.approx(eta)
        assert crank.state.mean == pytest.approx(expected)
        assert f"= {format_number(expected)}" in crank.readout_text()
        other = "bernoulli" if family == "gaussian" else "gaussian"
        assert not crank.dots[other].get_visible()


def test_chapter5_points_are_the_sample(crank, check_readouts):
    for sample in data.SAMPLES:
        crank.controls["sample"].value = sample
        spend, takings, queued = data.takings_and_queues(sample)
        np.testing.assert_array_equal(
            crank.points["gaussian"].get_xydata()[:, 1], takings
        )
        np.testing.assert_array_equal(
            crank.points["bernoulli"].get_xydata()[:, 1], queued
        )
        np.testing.assert_array_equal(
            crank.points["bernoulli"].get_xydata()[:, 0], spend
        )
        check_readouts(crank)


def test_chapter5_toggle_changes_only_the_response_box(crank):
    def labels():
        return [box.get_text().splitlines()[0] for box in crank.boxes]

    before = labels()
    chain_before = crank.chain.get_text()
    crank.controls["family"].value = "bernoulli"
    after = labels()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [2]
    assert "identity" in before[2] and "sigmoid" in after[2]
    assert chain_before.startswith("h(x) = E[y | x] = \u03bc = \u03b7 = \u03b8\u1d40x")
    assert "sigmoid(\u03b8\u1d40x)" in crank.chain.get_text()
    assert "cross-entropy" in crank.readout_text()
    crank.controls["family"].value = "gaussian"
    assert "least squares" in crank.readout_text()


def test_chapter5_every_position_is_clean(crank, check_readouts):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for family in ("gaussian", "bernoulli"):
            crank.controls["family"].value = family
            for sample in data.SAMPLES:
                crank.controls["sample"].value = sample
                for spend in (0.0, 10.0):
                    crank.controls["spend"].value = spend
                    text = check_readouts(crank)
                    assert "yes (within" in text


# --- chapter 6: the translation ------------------------------------------


@pytest.mark.parametrize(("family", "link"), FAMILY_LINKS)
def test_chapter6_link_and_response_undo_each_other(family, link):
    low, high, _ = ch06_view.MEAN_SLIDER[family]
    fam = get_family(family)
    checked = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for mu in np.linspace(low, high, 41):
            t = ch06.translate(family, link, "mean", mu)
            if t.ok:
                checked += 1
                assert t.eta == pytest.approx(LINK_FUNCTIONS[link](mu), rel=1e-9)
                assert t.round_trip == pytest.approx(mu, rel=1e-9, abs=1e-12)
            else:
                assert t.status and "nan" not in t.status.lower()
        (eta_low, eta_high), _ = ch06.MIRROR_LIMITS[family]
        for eta in np.linspace(eta_low, eta_high, 41):
            t = ch06.translate(family, link, "eta", eta)
            if t.ok:
                assert t.mean == pytest.approx(RESPONSES[link](eta), rel=1e-9)
                assert fam.valid_mean(t.mean)
                if not saturated(link, t.mean):
                    assert t.round_trip == pytest.approx(eta, rel=1e-6)
            else:
                assert t.mean is None and "nan" not in t.status.lower()
    assert checked >= 20


@pytest.mark.parametrize(
    ("family", "link", "source", "value", "words"),
    [
        ("bernoulli", "logit", "mean", 0.0, "\u03b7 = \u2212\u221e"),
        ("bernoulli", "logit", "mean", 1.0, "\u03b7 = \u221e"),
        ("bernoulli", "probit", "mean", 1.0, "\u03b7 = \u221e"),
        ("poisson", "log", "mean", 0.0, "\u03b7 = \u2212\u221e"),
        ("gaussian", "log", "mean", -1.0, "has no \u03b7"),
        ("gamma", "inverse", "eta", -1.0, "no mean maps to \u03b7"),
        ("gamma", "negative_inverse", "eta", 0.5, "no mean maps to \u03b7"),
        ("poisson", "sqrt", "eta", -1.0, "no mean maps to \u03b7"),
        ("poisson", "identity", "eta", -1.0, "not a possible Poisson mean"),
        ("poisson", "identity", "mean", 0.0, "not a possible Poisson mean"),
    ],
)
def test_chapter6_edges_are_said_in_words(family, link, source, value, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = ch06.translate(family, link, source, value)
    assert not t.ok
    assert words in t.status


@pytest.mark.parametrize(
    ("family", "link", "mean"),
    [
        ("bernoulli", "logit", 0.0),
        ("bernoulli", "cloglog", 1.0),
        ("gaussian", "inverse", -2.0),
        ("poisson", "log", 0.0),
    ],
)
def test_chapter6_simulation_at_an_edge(translator, family, link, mean, check_readouts):
    translator.controls["family"].value = family
    translator.controls["link"].value = link
    translator.controls["mean"].value = mean
    text = check_readouts(translator)
    assert "what happens: " in text
    note = translator.mirror_note
    assert note.get_visible() and note.get_text()
    for dot in (translator.link_dot, translator.response_dot):
        if dot.get_visible():
            assert np.all(np.isfinite(dot.get_xydata()))
            assert dot.get_marker() != "o"  # an arrow at the edge
    assert not translator.fit_dot.get_visible()


def test_chapter6_no_mean_for_eta_hides_the_pair(translator):
    translator.controls["family"].value = "gamma"
    translator.controls["link"].value = "inverse"
    translator.controls["eta"].value = -1.0
    assert not translator.link_dot.get_visible()
    assert "no mean" in translator.mirror_note.get_text()
    assert "\u03bc = g\u207b\u00b9(\u03b7): none" in translator.readout_text()


# --- chapter 6: the mirror ------------------------------------------------


@pytest.mark.parametrize(("family", "link"), FAMILY_LINKS)
def test_chapter6_curves_are_mirror_images(translator, family, link):
    translator.controls["family"].value = family
    translator.controls["link"].value = link
    (low, high), _ = ch06.MIRROR_LIMITS[family]
    mean, eta = translator.link_line.get_data()
    inside = (eta > low) & (eta < high)
    assert inside.sum() > 20
    # a point (mu, eta) of the link curve, swapped, lies on the response curve
    np.testing.assert_allclose(
        RESPONSES[link](eta[inside]), mean[inside], rtol=1e-7, atol=1e-9
    )
    eta, mean = translator.response_line.get_data()
    inside = (mean > low) & (mean < high) & ~saturated(link, mean)
    assert inside.sum() > 20
    np.testing.assert_allclose(
        LINK_FUNCTIONS[link](mean[inside]), eta[inside], rtol=1e-7, atol=1e-9
    )
    canonical = link == get_family(family).canonical_link
    assert translator.canonical_response_line.get_visible() is (not canonical)


def test_chapter6_dots_mirror_each_other_and_sliders_follow(translator):
    translator.controls["link"].value = "probit"
    updates = translator.n_updates
    translator.controls["mean"].value = 0.9
    assert translator.n_updates == updates + 1
    eta = special.ndtri(0.9)
    # the following slider sits on its grid of steps; the state is exact
    assert translator.controls["eta"].value == pytest.approx(round(eta, 2))
    assert translator.state.translation.eta == pytest.approx(eta)
    assert tuple(translator.link_dot.get_xydata()[0]) == pytest.approx((0.9, eta))
    assert tuple(translator.response_dot.get_xydata()[0]) == pytest.approx((eta, 0.9))
    translator.controls["eta"].value = -1.5
    assert translator.n_updates == updates + 2
    assert translator.controls["mean"].value == pytest.approx(0.07)  # 0.0668 on 0.01s
    assert translator.state.translation.mean == pytest.approx(special.ndtr(-1.5))
    assert translator.state.translation.source == "eta"
    assert tuple(translator.response_dot.get_xydata()[0]) == pytest.approx(
        (-1.5, special.ndtr(-1.5))
    )


def test_chapter6_family_change_offers_its_links_once(translator, check_readouts):
    for family in ch06.TRANSLATOR_FAMILIES:
        updates = translator.n_updates
        translator.controls["family"].value = family
        assert translator.n_updates == updates + 1
        fam = get_family(family)
        link = translator.controls["link"]
        assert [value for _label, value in link.options] == list(fam.link_names)
        assert link.value == fam.canonical_link
        low, high, _ = ch06_view.MEAN_SLIDER[family]
        assert (translator.controls["mean"].min, translator.controls["mean"].max) == (
            low,
            high,
        )
        check_readouts(translator)


# --- chapter 6: fitted models and the mix-up --------------------------------


@pytest.mark.parametrize(("family", "link"), FAMILY_LINKS)
def test_chapter6_fitted_curve_is_the_response_of_theta_x(
    translator, family, link, check_readouts
):
    translator.controls["family"].value = family
    translator.controls["link"].value = link
    translator.controls["mistake"].value = True
    fitted = translator.state.fitted
    check_readouts(translator)
    # every link the translator offers fits its data (the identity link's
    # Poisson fit of the shop included: its means are positive on the data)
    assert fitted.result is not None and fitted.result.converged
    theta = fitted.result.coef
    x, curve = translator.fit_curve.get_data()
    lin = theta[0] + theta[1] * np.asarray(x)
    np.testing.assert_allclose(curve, RESPONSES[link](lin), rtol=1e-9, atol=1e-12)
    # the mix-up: the link applied to theta^T x, wherever that is a number
    x, wrong = translator.mistake_curve.get_data()
    assert translator.mistake_curve.get_visible()
    lin = theta[0] + theta[1] * np.asarray(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = LINK_FUNCTIONS[link](lin)
    ylim = ch06_view.FIT_PANELS[family][1]
    span = ylim[1] - ylim[0]
    np.testing.assert_allclose(
        wrong, np.clip(expected, ylim[0] - span, ylim[1] + span), rtol=1e-9, atol=1e-12
    )
    own_inverse = link in ("identity", "inverse", "negative_inverse")
    assert fitted.mistake_is_invisible is own_inverse
    verdict = fitted.mistake_verdict()
    assert verdict.startswith("the same curve" if own_inverse else "wrong")


def test_chapter6_mixup_is_visibly_wrong_for_logistic_and_poisson():
    queue = ch06.fitted_link("bernoulli", "logit")
    assert queue.mistake_defined_share < 0.5  # logit(theta^T x) is mostly undefined
    assert np.any((queue.mistake < 0) | (queue.mistake > 1))  # not a probability
    counts = ch06.fitted_link("poisson", "log")
    _spend, customers = shop_hours()
    assert counts.mistake_largest_gap > 5  # far below the counts
    assert np.max(counts.mistake) < np.max(customers) / 5


def test_chapter6_canonical_gradient_vanishes_only_for_the_canonical_link():
    spend, queued = data.family_data("bernoulli")
    X = design_matrix(spend)
    for link, expect_zero in (("logit", True), ("probit", False)):
        result = ch06.fitted_link("bernoulli", link).result
        score = X.T @ (queued - result.predict(X))
        assert bool(np.max(np.abs(score)) < 1e-8) is expect_zero, (link, score)


def test_chapter6_mistake_toggle_shows_and_hides_the_wrong_curve(translator):
    assert not translator.mistake_curve.get_visible()
    translator.controls["mistake"].value = True
    assert translator.mistake_curve.get_visible()
    assert "in place of" in translator.readout_text()
    translator.controls["mistake"].value = False
    assert not translator.mistake_curve.get_visible()
    assert "in place of" not in translator.readout_text()


def test_chapter6_fitted_model_predicts_the_mean_at_the_dot(translator):
    translator.controls["mean"].value = 0.4
    x, mu = translator.fit_dot.get_xydata()[0]
    theta = translator.state.fitted.result.coef
    assert mu == pytest.approx(0.4)
    assert 1.0 / (1.0 + np.exp(-(theta[0] + theta[1] * x))) == pytest.approx(0.4)


# --- chapter 6: the table -------------------------------------------------


def test_chapter6_table_rows_come_from_the_canonical_links():
    table = ch06.translator_table()
    families = [*ch06.TABLE_FAMILIES, *ch06.EXTENSION_FAMILIES]
    assert len(table.rows) == len(families)
    for name, row in zip(families, table.rows, strict=True):
        fam = get_family(name)
        about = links.LINKS[fam.canonical_link]().description
        cells = {h.text: c for h, c in zip(table.header, row, strict=True)}
        extension = " (extension)" if name in ch06.EXTENSION_FAMILIES else ""
        assert cells["distribution"].text == fam.display_name + extension
        assert cells["model"].text == fam.model_name
        assert cells["link g (μ → η)"].markdown == (
            f"{about.display_name}: ${about.link_latex}$"
        )
        assert about.response_latex in cells["response g⁻¹ (η → μ)"].markdown
    assert "log(\u03bc_k / \u03bc_0)" in table.text()
    assert "probit, complementary log-log (cloglog)" in table.text()


def test_chapter6_table_follows_glmlib(monkeypatch):
    monkeypatch.setattr(links.Log, "response_name", "a renamed exponential")
    assert "a renamed exponential" in str(ch06.translator_table())


# --- the two notebooks ----------------------------------------------------

NOTEBOOKS = {
    5: "05_linear_and_logistic_from_the_recipe.ipynb",
    6: "06_link_and_response.ipynb",
}
NEIGHBOURS = {
    5: ("04_the_glm_recipe.ipynb", "06_link_and_response.ipynb"),
    6: (
        "05_linear_and_logistic_from_the_recipe.ipynb",
        "07_poisson_regression_lab.ipynb",
    ),
}


def notebook_cells(chapter):
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "notebooks" / NOTEBOOKS[chapter]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        text = cell["source"]
        cell["text"] = "".join(text) if isinstance(text, list) else text
    return cells


@pytest.mark.parametrize("chapter", sorted(NOTEBOOKS))
def test_notebook_has_the_house_parts_and_links(chapter):
    import re

    cells = notebook_cells(chapter)
    markdown = [c["text"] for c in cells if c["cell_type"] == "markdown"]
    code = [c["text"] for c in cells if c["cell_type"] == "code"]
    assert markdown[0].startswith(f"# Chapter {chapter} ")
    assert "After this chapter you will be able to" in markdown[0]
    assert code[0].startswith("%matplotlib widget")
    assert any("### Try this" in m for m in markdown)
    assert any("> **A common misconception.**" in m for m in markdown)
    assert any(f"quiz_for_chapter({chapter})" in c for c in code)
    assert any(m.startswith("## Recap") for m in markdown)
    targets = set(re.findall(r"\]\(([^)]+\.ipynb)\)", "\n".join(markdown)))
    assert set(NEIGHBOURS[chapter]) <= targets
    simulation = SIMULATIONS[chapter].__name__
    assert any(f"= {simulation}()" in c for c in code)


@pytest.mark.parametrize("chapter", sorted(NOTEBOOKS))
def test_notebook_stores_text_baselines_only(chapter):
    stored = 0
    for cell in notebook_cells(chapter):
        if cell["cell_type"] != "code":
            continue
        for output in cell["outputs"]:
            data = output.get("data", {})
            assert "image/jpeg" not in data
            if "image/png" in data:  # only a simulation's still (test_pictures.py)
                assert set(data) == {"image/png"}
                assert output["metadata"]["glmlib"]["part"] == "picture"
            assert "application/vnd.jupyter.widget-view+json" not in data
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr"
        if "readout_text()" in cell["text"]:
            assert cell["outputs"], "the readouts must be stored for nbval"
        stored += bool(cell["outputs"])
    assert stored >= 5  # the readouts and the computed checks


def test_chapter6_browser_snapping_a_follower_is_not_a_move(translator):
    """A following slider is set on its grid; the browser's echo of it changes nothing."""

    def on_grid(control):
        steps = (control.value - control.min) / control.step
        return abs(steps - round(steps)) < 1e-9

    eta, mean = translator.controls["eta"], translator.controls["mean"]
    assert on_grid(eta)  # eta = logit(0.95) = 2.944 is shown at 2.94
    updates, text = translator.n_updates, translator.readout_text()
    eta.value = eta.value + 1e-12  # the browser's own rounding of it, sent back
    assert translator.n_updates == updates and translator.readout_text() == text
    mean.value = 0.93
    assert on_grid(eta)
    updates, text = translator.n_updates, translator.readout_text()
    eta.value = eta.value - 1e-12
    assert translator.n_updates == updates and translator.readout_text() == text
    assert translator.state.translation.source == "mean"
    eta.value = eta.value - eta.step  # now the learner moves it: a real change
    assert translator.n_updates == updates + 1
    assert translator.state.translation.source == "eta"
    assert on_grid(mean)
    exact = translator.state.translation.mean
    assert exact == pytest.approx(1 / (1 + np.exp(-eta.value)))
    mean.value = mean.value + 1e-12  # and the mean slider's echo is ignored in turn
    assert translator.state.translation.source == "eta"
    assert translator.state.translation.mean == exact


def test_chapter6_family_change_keeps_both_sliders_on_their_grids(translator):
    translator.controls["mean"].value = 0.73
    for family in ("poisson", "gaussian", "gamma", "bernoulli"):
        translator.controls["family"].value = family
        for name in ("mean", "eta"):
            control = translator.controls[name]
            steps = (control.value - control.min) / control.step
            assert abs(steps - round(steps)) < 1e-9, (family, name, control.value)
    translator.controls["eta"].value = 1.0
    for family in ("poisson", "gaussian", "exponential", "bernoulli"):
        translator.controls["family"].value = family
        assert translator.state.translation.source == "eta"
        mean = translator.controls["mean"]
        steps = (mean.value - mean.min) / mean.step
        assert abs(steps - round(steps)) < 1e-9, (family, mean.value)


def test_chapter6_starts_where_the_two_dots_lie_apart(translator):
    """At the start (Bernoulli, logit, mu = 0.95) the mirror is there to see."""
    t = translator.state.translation
    assert (t.family, t.link, t.source, t.mean) == ("bernoulli", "logit", "mean", 0.95)
    eta = np.log(0.95 / 0.05)  # the logit, by hand
    assert t.eta == pytest.approx(eta)
    link_dot = translator.link_dot.get_xydata()[0]
    response_dot = translator.response_dot.get_xydata()[0]
    assert tuple(link_dot) == pytest.approx((0.95, eta))
    assert tuple(response_dot) == pytest.approx((eta, 0.95))
    assert np.hypot(*(link_dot - response_dot)) > 2.5  # 2.77 on the panel's scale
    assert translator.fit_dot.get_visible()  # and the fitted model reaches it


def shown(readout):
    """The number a readout prints, as its text shows it."""
    return readout.text().rsplit(" = ", 1)[1]


@pytest.mark.parametrize(("family", "link"), FAMILY_LINKS)
def test_chapter6_a_following_slider_shows_what_its_readout_shows(
    translator, family, link
):
    """Move either slider: the other one shows the very number of the readout."""
    translator.controls["family"].value = family
    translator.controls["link"].value = link
    names = {
        "mean": ("\u03bc", "\u03b7 = g(\u03bc)"),
        "eta": ("\u03b7", "\u03bc = g\u207b\u00b9(\u03b7)"),
    }
    agreed = 0
    for source, follower in (("mean", "eta"), ("eta", "mean")):
        control, other = translator.controls[source], translator.controls[follower]
        for value in np.linspace(control.min, control.max, 37):
            control.value = float(round(value, 2))
            readouts = {r.symbol_text: r for r in translator.readouts()}
            own, theirs = (readouts[n] for n in names[source])
            assert shown(own) == format_number(control.value, 2)
            exact = theirs.value
            if isinstance(exact, str) or not np.isfinite(exact):
                continue  # "none" or an infinite eta: nothing to follow
            if not other.min <= round(exact, 2) <= other.max:
                assert other.value in (other.min, other.max)  # parked at its end
                continue
            assert format(other.value, other.readout_format) == shown(theirs).replace(
                "\u2212", "-"
            )
            # and on its grid, where the browser's slider leaves it
            steps = (other.value - other.min) / other.step
            assert abs(steps - round(steps)) < 1e-6, (follower, other.value)
            agreed += 1
    assert agreed >= 30
