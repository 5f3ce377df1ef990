"""Every simulation, driven headless: controls at their extremes, artists move.

A simulation is driven the way a learner drives it: by setting a control's
value. These tests then read the state, the readouts and the artists' data.
They run on matplotlib's Agg backend; no browser or kernel is involved.
"""

import warnings

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from ipympl_run import run_under_ipympl

from glmlib.simulations import ALL_SIMULATIONS, SIMULATIONS, Simulation

SIMULATION_CLASSES = [cls for _chapter, cls in ALL_SIMULATIONS]


def control_positions(control):
    """The values worth trying for one control: both ends, or every option."""
    if isinstance(control, widgets.ToggleButton | widgets.Checkbox):
        return [False, True]
    if isinstance(control, widgets.FloatSlider | widgets.IntSlider):
        return [control.min, control.max, control.value]
    if hasattr(control, "options"):
        return [value for _label, value in _option_pairs(control)]
    raise TypeError(f"no positions known for {type(control).__name__}")


def _option_pairs(control):
    options = list(control.options)
    return [o if isinstance(o, tuple) else (o, o) for o in options]


def other_position(control):
    """A value different from the control's current one."""
    for value in control_positions(control):
        if value != control.value:
            return value
    raise AssertionError("control has a single position")


def plotted_artists(figure):
    """The data artists (not ticks): the same objects must live on."""
    artists = list(figure.texts)
    for ax in figure.axes:
        artists += [*ax.lines, *ax.collections, *ax.patches, *ax.texts]
    return artists


def test_every_simulation_is_registered_by_chapter():
    for chapter, cls in SIMULATIONS.items():
        assert issubclass(cls, Simulation)
        assert cls.chapter == chapter
        assert f"chapter {chapter}" in cls.__doc__


def test_builds_one_titled_figure_with_labelled_axes(sim, check_readouts):
    figure = sim.figure
    assert figure.get_suptitle()
    for ax in figure.axes:
        assert ax.get_title(), ax
        if ax.axison:
            assert ax.get_xlabel() and ax.get_ylabel(), ax
    assert sim.controls
    check_readouts(sim)


def test_every_control_position_is_clean(sim, check_readouts):
    """Each control at its minimum, maximum and every option: no warning, no NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, control in sim.controls.items():
            start = control.value
            for value in control_positions(control):
                control.value = value
                check_readouts(sim)
                # and every other control at each of its ends from here
                for other_name, other in sim.controls.items():
                    if other_name == name:
                        continue
                    other_start = other.value
                    for other_value in control_positions(other):
                        other.value = other_value
                        check_readouts(sim)
                    other.value = other_start
            control.value = start


def test_moving_a_control_moves_the_artists_in_place(sim, artist_snapshot):
    for control in sim.controls.values():
        artists_before = plotted_artists(sim.figure)
        before = artist_snapshot(sim.figure)
        updates = sim.n_updates
        control.value = other_position(control)
        assert sim.n_updates == updates + 1
        assert artist_snapshot(sim.figure) != before
        # in place: the figure holds the very same artist objects as before
        assert plotted_artists(sim.figure) == artists_before


def test_readout_text_matches_readout_rows(sim):
    lines = sim.readout_text().splitlines()
    assert lines == [r.text() for r in sim.readouts()]


def test_display_is_one_widget_box(sim):
    bundle = sim._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert isinstance(sim.widget, widgets.VBox)
    assert sim.readout_widget in sim.widget.children


def test_close_releases_the_figure():
    cls = SIMULATION_CLASSES[0]
    simulation = cls()
    number = simulation.figure.number
    simulation.close()
    assert not plt.fignum_exists(number)


# --- chapter 0 -----------------------------------------------------------


def test_chapter0_line_goes_negative_at_the_left_edge():
    from glmlib import fit
    from glmlib.data import design_matrix

    sim = SIMULATIONS[0]()
    state = sim.state
    assert state.show_line
    refit = fit(design_matrix(state.spend), state.customers, family="gaussian")
    assert state.left_edge_prediction == pytest.approx(refit.coef[0])
    assert state.left_edge_prediction < 0 <= state.fewest_customers
    assert np.all(state.customers == np.round(state.customers))
    sim.controls["show_line"].value = False
    assert not sim.line_artist.get_visible()
    assert "hidden" in sim.readout_text()
    sim.close()


def test_chapter0_says_where_the_line_is_negative_and_what_the_data_reach():
    from glmlib.data import shop_hours

    spend, customers = shop_hours()
    sim = SIMULATIONS[0]()
    state = sim.state
    # the crossing, recomputed from the line's own predictions on a fine grid
    grid = np.linspace(0, 10, 100001)
    negative = grid[state.intercept + state.slope * grid < 0]
    assert state.zero_crossing == pytest.approx(negative.max(), abs=1e-4)
    assert state.hours_below_zero == np.sum(spend < negative.max())
    assert state.hours_below_zero > 0
    assert state.most_customers == customers.max()
    sim.close()


def test_chapter0_true_mean_grows_by_a_factor():
    from glmlib.data import SHOP_INTERCEPT, SHOP_SLOPE

    sim = SIMULATIONS[0]()
    assert not sim.truth_artist.get_visible()
    sim.controls["show_truth"].value = True
    assert sim.truth_artist.get_visible()
    x, y = sim.truth_artist.get_data()
    np.testing.assert_allclose(y, np.exp(SHOP_INTERCEPT + SHOP_SLOPE * x))
    # equal steps in spend multiply the mean by one factor, e^slope
    ratios = y[10::10] / y[:-10:10]
    np.testing.assert_allclose(ratios, ratios[0])
    assert sim.state.truth_factor == pytest.approx(np.exp(SHOP_SLOPE))
    visible = [key for key, legend in sim.legends.items() if legend.get_visible()]
    assert visible == [(True, True)]
    sim.close()


def test_chapter0_both_losses_step_along_error_times_feature():
    from glmlib.course.ch00_one_update_rule import update_directions

    rows = update_directions([1.0, 2.0], [0.5, -0.3], y_real=1.4, y_label=1.0)
    assert [r.model for r in rows] == ["linear regression", "logistic regression"]
    for row in rows:
        np.testing.assert_allclose(
            row.by_finite_differences, row.error_times_x, atol=1e-8
        )
    assert rows[0].prediction == pytest.approx(0.5 - 0.6)
    assert rows[1].prediction == pytest.approx(1 / (1 + np.exp(0.1)))


def test_chapter0_gradient_check_catches_a_wrong_response(monkeypatch):
    from glmlib import Bernoulli
    from glmlib.course.ch00_one_update_rule import update_directions

    monkeypatch.setattr(
        Bernoulli, "response", lambda self, eta: 0.9 / (1 + np.exp(-eta))
    )
    logistic = update_directions([1.0, 2.0], [0.5, -0.3], 1.4, 1.0)[1]
    assert not np.allclose(logistic.by_finite_differences, logistic.error_times_x)


# --- chapter 1 -----------------------------------------------------------


@pytest.mark.parametrize("family", ["gaussian", "bernoulli", "poisson"])
@pytest.mark.parametrize("eta", [-2.0, -0.35, 0.0, 1.1, 2.0])
def test_chapter1_mean_is_the_response_and_the_slope_of_a(family, eta):
    from glmlib import get_family
    from glmlib.course.ch01_exponential_family import family_member

    state = family_member(family, eta)
    fam = get_family(family)
    assert state.mean == pytest.approx(float(fam.response(eta)))
    assert state.mean == pytest.approx(state.mean_by_finite_difference, rel=1e-6)
    if family != "gaussian":  # the drawn masses nearly exhaust the support
        assert state.probability.sum() == pytest.approx(1.0, abs=2e-4)
        assert np.sum(state.y * state.probability) == pytest.approx(
            state.mean, abs=1e-3
        )


def test_chapter1_switching_family_swaps_the_artists():
    sim = SIMULATIONS[1]()
    assert sim.curve.get_visible() and not sim.stems.get_visible()
    sim.controls["family"].value = "poisson"
    assert sim.stems.get_visible() and not sim.curve.get_visible()
    assert len(sim.stems.get_segments()) == len(sim.state.y)
    assert sim.mean_line.get_xdata()[0] == pytest.approx(np.exp(sim.state.eta))
    sim.close()


# --- chapter 2 -----------------------------------------------------------


@pytest.mark.parametrize("mu", [-3.0, -0.7, 0.0, 0.6, 3.0])
def test_chapter2_form_equals_the_normal_density(mu):
    from glmlib.course.ch02_gaussian_in_disguise import gaussian_pieces

    state = gaussian_pieces(mu)
    assert state.eta == pytest.approx(mu)
    assert state.log_partition == pytest.approx(mu**2 / 2)
    assert state.forms_agree
    np.testing.assert_array_equal(state.sufficient_statistic, state.y)


def test_chapter2_check_notices_a_wrong_form(monkeypatch):
    from glmlib import Gaussian
    from glmlib.course.ch02_gaussian_in_disguise import gaussian_pieces

    monkeypatch.setattr(
        Gaussian, "log_partition", lambda self, eta: 0.5 * eta**2 + 0.01
    )
    state = gaussian_pieces(0.6)
    assert not state.forms_agree


def test_chapter2_bell_follows_mu():
    sim = SIMULATIONS[2]()
    sim.controls["mu"].value = -1.5
    x, y = sim.bell.get_data()
    assert x[np.argmax(y)] == pytest.approx(-1.5, abs=0.07)
    assert tuple(sim.a_dot.get_xydata()[0]) == pytest.approx((-1.5, 1.125))
    sim.close()


@pytest.mark.parametrize("mu", [-3.0, 0.0, 1.5, 3.0])
def test_chapter2_tilt_times_base_measure_is_the_bell(mu):
    from scipy import stats

    sim = SIMULATIONS[2]()
    sim.controls["mu"].value = mu
    y, tilt = sim.tilt.get_data()
    shown = tilt < 2 * 5.0  # the panel clips what runs far off its top
    np.testing.assert_allclose(tilt[shown], np.exp(mu * y[shown] - mu**2 / 2))
    base = stats.norm.pdf(y)
    np.testing.assert_allclose(
        (base * tilt)[shown], stats.norm.pdf(y[shown], loc=mu), atol=1e-12
    )
    # where the tilt is 1, at y = mu / 2, the bell and b(y) cross
    assert np.exp(mu * (mu / 2) - mu**2 / 2) == pytest.approx(1.0)
    sim.close()


@pytest.mark.parametrize(("mu", "sigma"), [(3.0, 2.0), (-1.0, 0.5), (0.6, 1.0)])
def test_chapter2_both_forms_are_the_normal_with_that_spread(mu, sigma):
    from glmlib.course.ch02_gaussian_in_disguise import gaussian_with_spread

    forms = gaussian_with_spread(mu, sigma)
    assert forms.eta_chapter1 == pytest.approx(mu / sigma**2)
    assert forms.a_chapter1 == pytest.approx(sigma**2 * forms.eta_chapter1**2 / 2)
    assert forms.eta_dispersion == pytest.approx(mu)
    assert forms.dispersion == pytest.approx(sigma**2)
    assert forms.chapter1_gap < 1e-12 and forms.dispersion_gap < 1e-12


def test_chapter2_spread_check_notices_a_wrong_log_partition(monkeypatch):
    from glmlib import Gaussian
    from glmlib.course.ch02_gaussian_in_disguise import gaussian_with_spread

    monkeypatch.setattr(Gaussian, "log_partition", lambda self, eta: 0.6 * eta**2)
    forms = gaussian_with_spread(3.0, 2.0)
    assert forms.chapter1_gap > 1e-3 and forms.dispersion_gap > 1e-3


def test_chapter2_spread_moves_the_likelihood_not_the_fit():
    from glmlib.course.ch02_gaussian_in_disguise import fits_for_spreads
    from glmlib.data import spread_example

    x, y = spread_example()
    least_squares = np.polyfit(x, y, 1)[::-1]
    fits = fits_for_spreads((1.0, 2.0, 0.5))
    for spread_fit in fits:
        np.testing.assert_allclose(spread_fit.coef, least_squares, rtol=1e-9)
        # the log-likelihood's fall from its peak scales as 1 / sigma^2
        assert spread_fit.loglik_drop * spread_fit.sigma**2 == pytest.approx(
            fits[0].loglik_drop
        )
        assert spread_fit.loglik_drop > 0


# --- chapter 3 -----------------------------------------------------------


@pytest.mark.parametrize("phi", [0.0, 0.01, 0.3, 0.5, 0.7, 0.99, 1.0])
def test_chapter3_sigmoid_undoes_the_log_odds(phi):
    from glmlib.course.ch03_bernoulli_and_the_sigmoid import log_odds_round_trip

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        state = log_odds_round_trip(phi)
    assert state.phi_back == pytest.approx(phi, abs=1e-12)
    if 0 < phi < 1:
        assert state.eta == pytest.approx(np.log(phi / (1 - phi)))
    else:
        assert state.eta == (np.inf if phi == 1 else -np.inf)


@pytest.mark.parametrize(("phi", "shown"), [(0.0, "\u2212\u221e"), (1.0, "\u221e")])
def test_chapter3_infinite_log_odds_is_shown_gracefully(phi, shown):
    sim = SIMULATIONS[3]()
    sim.controls["phi"].value = phi
    assert f"= {shown}" in sim.readout_text()
    assert sim.infinity_note.get_visible()
    for dot in (sim.odds_dot, sim.sigmoid_dot):
        assert np.all(np.isfinite(dot.get_xydata()))
        assert dot.get_marker() != "o"
    sim.controls["phi"].value = 0.7
    assert not sim.infinity_note.get_visible()
    assert sim.odds_dot.get_marker() == "o"
    sim.close()


@pytest.mark.parametrize("phi", [0.02, 0.3, 0.5, 0.7, 0.98])
def test_chapter3_probit_is_drawn_beside_the_sigmoid(phi):
    from scipy import stats

    sim = SIMULATIONS[3]()
    sim.controls["phi"].value = phi
    eta = np.log(phi / (1 - phi))
    assert sim.state.probit_at_eta == pytest.approx(stats.norm.cdf(eta))
    assert tuple(sim.probit_dot.get_xydata()[0]) == pytest.approx(
        (eta, stats.norm.cdf(eta))
    )
    assert "\u03a6(\u03b7) = " in sim.readout_text()
    # the dashed curves are the probit's link and response
    odds_probit = next(ln for ln in sim.odds_ax.lines if ln.get_label() == "probit")
    p, q = odds_probit.get_data()
    np.testing.assert_allclose(q, stats.norm.ppf(p))
    if phi != 0.5:  # the two S-curves differ away from the middle
        assert abs(sim.state.probit_at_eta - sim.state.phi_back) > 1e-3
    sim.close()


# --- chapter 4 -----------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "response", "expected"),
    [
        ("gaussian", "identity", lambda eta: eta),
        ("bernoulli", "sigmoid", lambda eta: 1 / (1 + np.exp(-eta))),
        ("poisson", "exponential", np.exp),
    ],
)
@pytest.mark.parametrize(
    ("theta", "x"),
    [((-1.0, 1.0), (1.0, -2.0)), ((0.3, -0.4), (1.0, 1.0)), ((-0.4, 0.6), (1.0, 2.0))],
)
def test_chapter4_pipeline_uses_the_familys_response(
    family, response, expected, theta, x
):
    from glmlib.course.ch04_the_glm_recipe import run_pipeline

    state = run_pipeline(family, theta, x)
    eta = theta[0] * x[0] + theta[1] * x[1]
    assert state.eta == pytest.approx(eta)
    assert state.response_name == response
    assert state.mean == pytest.approx(expected(eta))
    assert len(state.score_terms.splitlines()) == 2


def test_chapter4_pipeline_refuses_mismatched_vectors():
    from glmlib.course.ch04_the_glm_recipe import run_pipeline

    with pytest.raises(ValueError, match="one length"):
        run_pipeline("poisson", (0.1, 0.2, 0.3), (1.0, 2.0))


def test_chapter4_boxes_and_table_read_the_links_description():
    from glmlib import get_family
    from glmlib.course.ch04_the_glm_recipe import response_table

    sim = SIMULATIONS[4]()
    table = response_table()
    text = repr(table)
    markdown = table._repr_markdown_()
    for name in ("gaussian", "bernoulli", "poisson"):
        described = get_family(name).get_link().description
        sim.controls["family"].value = name
        assert described.response_name in sim.boxes[2].get_text()
        assert described.response_name in sim.readout_text()
        assert described.response_text in text
        assert described.link_text in text
        assert described.mean_interval_text in text
        assert f"${described.response_latex}$" in markdown
        assert get_family(name).display_name in text
    sim.close()


def test_chapter4_the_score_is_formed_from_theta_and_x():
    sim = SIMULATIONS[4]()
    sim.controls["theta0"].value = 0.5
    sim.controls["theta1"].value = -0.25
    sim.controls["x1"].value = -2.0
    assert sim.state.eta == pytest.approx(0.5 * 1 + (-0.25) * (-2.0))
    assert "x\u2081 = \u22122.00" in sim.boxes[0].get_text()
    # a negative number after an operator is bracketed, as on paper
    assert "0.50\u00b71.00\n+ (\u22120.25)\u00b7(\u22122.00)" in sim.boxes[1].get_text()
    assert "= 1.00 = \u03b7" in sim.boxes[1].get_text()
    sim.controls["family"].value = "gaussian"
    sim.controls["theta0"].value = -1.0
    sim.controls["theta1"].value = 1.0
    assert sim.state.mean == pytest.approx(-3.0)
    assert "\u22121.00\u00b71.00\n+ 1.00\u00b7(\u22122.00)" in sim.boxes[1].get_text()
    assert "profit" in sim.boxes[3].get_text()  # a target that may be negative
    sim.close()


def test_chapter4_only_the_middle_box_and_the_output_change_with_the_family():
    sim = SIMULATIONS[4]()
    before = [box.get_text() for box in sim.boxes]
    colour_before = sim.boxes[2].get_bbox_patch().get_facecolor()
    sim.controls["family"].value = "poisson"
    after = [box.get_text() for box in sim.boxes]
    assert after[:2] == before[:2]
    assert after[2] != before[2] and "exponential" in after[2]
    assert after[3] != before[3]
    assert sim.boxes[2].get_bbox_patch().get_facecolor() != colour_before
    assert tuple(sim.dot.get_xydata()[0]) == pytest.approx((0.8, np.exp(0.8)))
    sim.close()


def test_chapter4_boxes_never_overlap():
    """At every family and slider extreme the four boxes and arrows keep apart."""
    import itertools

    from glmlib.simulations.ch04_the_glm_recipe import BOX_CENTRES, BOX_HALF_WIDTHS

    sim = SIMULATIONS[4]()
    renderer = sim.figure.canvas.get_renderer()
    ends = {
        name: (c.min, c.max) for name, c in sim.controls.items() if name != "family"
    }
    for family in ("gaussian", "bernoulli", "poisson"):
        sim.controls["family"].value = family
        for values in itertools.product(*ends.values()):
            for name, value in zip(ends, values, strict=True):
                sim.controls[name].value = value
            sim.figure.canvas.draw()
            boxes = [b.get_bbox_patch().get_window_extent(renderer) for b in sim.boxes]
            for left, right in itertools.pairwise(boxes):
                assert left.x1 + 8 < right.x0, (family, values)
            # each box stays inside the space its arrows leave it
            to_data = sim.boxes[0].axes.transData.inverted()
            for box, centre, half in zip(
                boxes, BOX_CENTRES, BOX_HALF_WIDTHS, strict=True
            ):
                (x0, _), (x1, _) = to_data.transform([(box.x0, 0), (box.x1, 0)])
                assert centre - half - 0.03 <= x0 and x1 <= centre + half + 0.03, (
                    family,
                    values,
                    centre,
                    x0,
                    x1,
                )
            axes = sim.boxes[0].axes.get_window_extent(renderer)
            assert boxes[0].x0 >= sim.figure.bbox.x0 and boxes[-1].x1 <= axes.x1 + 20
    sim.close()


# --- the layered figure --------------------------------------------------


def full_render(figure):
    """Pixels of one ordinary, uncached render with every artist in z-order."""
    from matplotlib.figure import Figure

    for artist in figure.moving_artists:
        artist.set_animated(False)
    try:
        renderer = figure.canvas.get_renderer()
        renderer.clear()
        Figure.draw(figure, renderer)
        return np.asarray(renderer.buffer_rgba()).copy()
    finally:
        for artist in figure.moving_artists:
            artist.set_animated(True)


def cached_render(figure):
    figure.canvas.draw()
    return np.asarray(figure.canvas.get_renderer().buffer_rgba()).copy()


def test_cached_frames_match_full_renders(sim):
    """The still layer is never stale: every control position, same picture."""
    figure = sim.figure
    for control in sim.controls.values():
        start = control.value
        for value in [*control_positions(control), start]:
            control.value = value
            cached = cached_render(figure)
            reference = full_render(figure)
            differs = np.any(cached != reference, axis=-1)
            # Moving artists are drawn last, so they may cover a still artist
            # they would be under in a one-pass render; nothing else differs.
            assert differs.mean() < 0.003, (type(sim).__name__, control.description)


def test_a_slider_move_reuses_the_still_layer(sim):
    figure = sim.figure
    figure.canvas.draw()
    renders = figure.background_renders
    slider_controls = [
        c for c in sim.controls.values() if isinstance(c, widgets.FloatSlider)
    ]
    for control in slider_controls:
        control.value = other_position(control)
        figure.canvas.draw()
    assert figure.background_renders == renders


# --- under ipympl, as in the notebooks --------------------------------------

IPYMPL_CHECK = """
import ipywidgets as widgets
import matplotlib
from glmlib.simulations import ALL_SIMULATIONS

assert "ipympl" in matplotlib.get_backend()


def ends(control):
    # two different values of a control: its first and last (or both booleans)
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        return values[0], values[-1]
    if isinstance(control.value, bool):
        return False, True
    return control.min, control.max


for chapter, cls in ALL_SIMULATIONS:
    sim = cls()
    canvas = sim.figure.canvas
    assert isinstance(canvas, widgets.DOMWidget), type(canvas)
    assert canvas in sim.widget.children
    assert not canvas.header_visible and not canvas.toolbar_visible
    frames = []
    canvas.send_binary = frames.append
    canvas.draw()
    for control in sim.controls.values():
        control.value = ends(control)[1]
        canvas.draw()
    width = canvas.get_renderer().width
    canvas._set_device_pixel_ratio(2)  # a high-density screen: twice the pixels
    canvas.draw()
    assert len(frames) >= 3, (chapter, len(frames))
    assert canvas.get_renderer().width == 2 * width

    # A control change sends a frame at once when the browser shows the
    # canvas (no draw_idle round trip), and only asks for one before that.
    control = next(iter(sim.controls.values()))
    first, last = ends(control)
    events = []
    canvas.send_event = lambda kind, **kw: events.append(kind)
    canvas.syncing_data_url = True
    control.value = first
    control.value = last
    before = len(frames)
    control.value = first
    assert len(frames) == before and events[-1:] == ["draw"], (chapter, events)
    canvas.syncing_data_url = False  # what ipympl sets when the front end is up
    events.clear()
    control.value = last
    assert len(frames) == before + 1 and "draw" not in events, (chapter, events)
print("ok")
"""


def test_simulations_run_on_the_ipympl_canvas():
    """The notebooks' backend: a widget canvas that sends frames when drawn."""
    run_under_ipympl(IPYMPL_CHECK)
