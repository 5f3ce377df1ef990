"""Every simulation can be read, named and used without a mouse or good colour vision.

Issue 11, item 6, checked over every simulation in
``glmlib.simulations.ALL_SIMULATIONS`` (so chapters added later are covered):

* every control has words a screen reader announces, distinct within its
  simulation (and the quiz's too);
* no canvas action is mouse-only: a simulation listens to the canvas only
  through ``DraggablePoints``, whose picker and number boxes do the same;
* every text drawn in a figure is at least 10 pt on screen at 100 % zoom,
  no two texts overlap and none leaves the figure, in every look a picker
  or switch gives the figure;
* every pair of palette colours drawn together stays apart under simulated
  deuteranopia and protanopia (Machado, Oliveira & Fernandes 2009, severity
  1.0, on linear sRGB) by a CIEDE2000 difference of at least
  ``MIN_DELTA_E``; words set in colour (quiz feedback, notices) keep a
  contrast of 4.5:1 on white (WCAG 2, level AA).

The browser tests at the end check in Chromium what reaches the page:
accessible names, pressed states, and a Tab walk through one chapter's
simulation that never stops in the canvas and leaves it again.
"""

import io
import itertools
import sys
from pathlib import Path

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot
import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from glmlib.course.palette import FAMILY_COLOURS, PALETTE, TEXT_COLOURS
from glmlib.course.questions import RIGHT_COLOUR, WRONG_COLOUR
from glmlib.quizzes import quiz_for_chapter
from glmlib.simulations import ALL_SIMULATIONS
from glmlib.ui.access import ACCESSIBLE_CLASS, label_controls
from glmlib.ui.controls import control_name
from glmlib.ui.style import DPI, MIN_FONT_SIZE, course_figure

ROOT = Path(__file__).resolve().parents[1]
#: CSS pixels per inch: at 100 % zoom a browser shows 96 of them per inch
CSS_DPI = 96

# --- the widgets a learner operates -----------------------------------------
#: widgets that show things but take no input
DISPLAY_ONLY = (widgets.HTML, widgets.HTMLMath, widgets.Label, widgets.Box)


def controls_in(widget):
    """Every control inside ``widget`` a learner can reach, depth first."""
    found = []
    if isinstance(widget, widgets.Box):
        for child in widget.children:
            found += controls_in(child)
    elif isinstance(widget, widgets.ValueWidget | widgets.Button) and not isinstance(
        widget, DISPLAY_ONLY
    ):
        if widget.layout.display != "none":  # playback's hidden Play
            found.append(widget)
    return found


def test_every_control_of_a_simulation_is_named_and_names_differ(sim):
    controls = controls_in(sim.widget)
    assert set(map(id, sim.controls.values())) <= set(map(id, controls))
    names = [control_name(c) for c in controls]
    assert all(len(name) >= 1 and name.strip() for name in names), names
    assert len(set(names)) == len(names), f"two controls share a name: {names}"
    for control in controls:
        if isinstance(control, widgets.ToggleButtons):
            # each button has a tooltip of its own (the group's name reaches
            # the page through accessibility_patch, checked in the browser)
            assert len(control.tooltips) == len(control.options)
            assert all(tip.strip() for tip in control.tooltips)
    assert ACCESSIBLE_CLASS in sim.widget._dom_classes


@pytest.mark.parametrize("chapter", [0, 6])
def test_every_control_of_a_quiz_is_named(chapter):
    quiz = quiz_for_chapter(chapter)
    controls = controls_in(quiz.widget)
    names = [control_name(c) for c in controls]
    assert len(controls) == 2 * len(quiz.questions)
    assert all(str(n) in name for n in range(1, len(quiz.questions) + 1) for name in [
        " ".join(names)
    ])  # fmt: skip
    assert all(name.strip() for name in names)
    assert all(c.tooltip for c in controls if isinstance(c, widgets.Button))
    assert ACCESSIBLE_CLASS in quiz.widget._dom_classes


def test_label_controls_fills_what_a_simulation_left_out():
    bare = {
        "learning_rate": widgets.FloatSlider(),
        "family": widgets.ToggleButtons(options=[("Gaussian", "g"), ("Poisson", "p")]),
        "named": widgets.Dropdown(options=["a"], description="link g", tooltip="kept"),
    }
    label_controls(bare)
    assert bare["learning_rate"].description == "learning rate"
    assert bare["learning_rate"].tooltip == "learning rate"
    assert bare["family"].tooltips == ("family: Gaussian", "family: Poisson")
    assert bare["named"].description == "link g" and bare["named"].tooltip == "kept"


def canvas_handlers(figure):
    """Qualified names of the functions listening to ``figure``'s canvas events."""
    found = {}
    for event, listeners in figure._canvas_callbacks.callbacks.items():
        for ref in listeners.values():
            function = ref()
            found.setdefault(event, set()).add(
                getattr(function, "__qualname__", type(function).__qualname__)
            )
    return found


def test_no_canvas_action_is_mouse_only(sim):
    """Mouse and key handlers on the canvas are matplotlib's own or a draggable layer's.

    ``DraggablePoints`` pairs every drag with a picker and two number
    boxes (tests/test_ui_drag.py drives them); any other handler would be
    an action the keyboard cannot reach.
    """
    plain, _ = course_figure("nothing connected")
    allowed = canvas_handlers(plain)
    matplotlib.pyplot.close(plain)
    for event, names in canvas_handlers(sim.figure).items():
        extra = {
            name
            for name in names - allowed.get(event, set())
            if not (sim.draggable and name.startswith("DraggablePoints."))
        }
        assert extra == set(), f"{event}: {extra}"


def test_the_handler_check_sees_a_mouse_only_action(sim):
    def on_click(event):
        pass

    cid = sim.figure.canvas.mpl_connect("button_press_event", on_click)
    with pytest.raises(AssertionError, match="on_click"):
        test_no_canvas_action_is_mouse_only(sim)
    sim.figure.canvas.mpl_disconnect(cid)


# --- figure text: size, overlap, inside the figure ------------------------------
@pytest.fixture
def drawn_texts(monkeypatch):
    """The Text artists matplotlib actually draws, with their extents."""
    drawn = []
    draw = Text.draw

    def recording(self, renderer):
        draw(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self, self.get_window_extent(renderer)))

    monkeypatch.setattr(Text, "draw", recording)
    return drawn


def looks(sim):
    """Set the simulation to each look its controls give; yield a label for each."""
    yield "start"
    for name, control in sim.controls.items():
        start = control.value
        if isinstance(control, widgets.ToggleButton | widgets.Checkbox):
            settings = [not start]
        elif hasattr(control, "options"):
            settings = [o[1] if isinstance(o, tuple) else o for o in control.options]
        else:
            settings = [control.min, control.max]
        for value in settings:
            control.value = value
            yield f"{name} = {value}"
            if (
                hasattr(control, "options")
                and "link" in sim.controls
                and name != "link"
            ):
                link = sim.controls["link"]
                for option in link.options:
                    link.value = option[1] if isinstance(option, tuple) else option
                    yield f"{name} = {value}, link = {link.value}"
        control.value = start


def render(figure, drawn):
    drawn.clear()
    figure.savefig(io.BytesIO(), format="png", dpi=figure.dpi)
    unique = {}
    for text, box in drawn:  # an artist drawn twice counts once
        unique[id(text)] = (text, box)
    return list(unique.values())


def text_problems(figure, texts):
    problems = []
    width, height = figure.bbox.width, figure.bbox.height
    for text, box in texts:
        on_screen_pt = text.get_fontsize() * figure.dpi / CSS_DPI
        if on_screen_pt < MIN_FONT_SIZE - 1e-9:
            problems.append(f"{text.get_text()!r} is {on_screen_pt:.1f} pt on screen")
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            problems.append(f"{text.get_text()!r} leaves the figure")
    for (first, a), (second, b) in itertools.combinations(texts, 2):
        across = min(a.x1, b.x1) - max(a.x0, b.x0)
        up = min(a.y1, b.y1) - max(a.y0, b.y0)
        if across > 1 and up > 1:
            problems.append(f"{first.get_text()!r} overlaps {second.get_text()!r}")
    return problems


def test_the_course_resolution_makes_a_point_a_point_on_screen():
    assert DPI == CSS_DPI and MIN_FONT_SIZE >= 10


def test_figure_text_is_10_pt_apart_and_inside_in_every_look(sim, drawn_texts):
    problems = []
    for look in looks(sim):
        texts = render(sim.figure, drawn_texts)
        assert texts, look
        problems += [f"{look}: {p}" for p in text_problems(sim.figure, texts)]
    assert problems == []


def test_the_text_check_catches_small_overlapping_and_escaping_text(drawn_texts):
    fig = matplotlib.figure.Figure(figsize=(4, 2), dpi=DPI)
    ax = fig.add_subplot()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.1, 0.5, "small", fontsize=9)
    ax.text(0.5, 0.5, "first words")
    ax.text(0.52, 0.5, "second words")
    ax.text(1.3, 0.5, "outside")
    problems = " ".join(text_problems(fig, render(fig, drawn_texts)))
    assert "'small' is 9.0 pt" in problems
    assert "'first words' overlaps 'second words'" in problems
    assert "'outside' leaves the figure" in problems
    assert "'small' overlaps" not in problems


# --- colour vision ------------------------------------------------------------
#: Machado, Oliveira & Fernandes (2009), severity 1.0, for linear sRGB
CVD = {
    "normal vision": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}
#: Smallest CIEDE2000 difference two colours drawn together may have. About
#: 5 is where an observer sees two different colours on large patches
#: (Mokrzycki & Tatol 2011, "Colour difference ΔE - a survey"); thin lines
#: and small markers need roughly twice the difference of large patches
#: (Stone, Szafir & Setlur 2014, "An engineering model for color difference
#: as a function of size"), hence 10.
MIN_DELTA_E = 10.0
SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)


def linear_rgb(colour):
    srgb = np.array(matplotlib.colors.to_rgb(colour))
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(linear):
    """CIELAB (D65 white) of a linear sRGB triple."""
    xyz = SRGB_TO_XYZ @ linear / (SRGB_TO_XYZ @ np.ones(3))
    eps = (6 / 29) ** 3
    f = np.where(xyz > eps, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e_2000(lab1, lab2):
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dlp, dcp = l2 - l1, c2p - c1p
    dhp = 0.0
    if c1p * c2p != 0:
        dhp = h2p - h1p
        dhp -= 360 if dhp > 180 else 0
        dhp += 360 if dhp < -180 else 0
    dhp_big = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dhp) / 2)
    lp_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_mean = (h1p + h2p) / 2
    else:
        hp_mean = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(hp_mean - 30))
        + 0.24 * np.cos(np.radians(2 * hp_mean))
        + 0.32 * np.cos(np.radians(3 * hp_mean + 6))
        - 0.20 * np.cos(np.radians(4 * hp_mean - 63))
    )
    d_theta = 30 * np.exp(-(((hp_mean - 275) / 25) ** 2))
    rc = 2 * np.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    sl = 1 + 0.015 * (lp_mean - 50) ** 2 / np.sqrt(20 + (lp_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    rt = -np.sin(np.radians(2 * d_theta)) * rc
    return float(
        np.sqrt(
            (dlp / sl) ** 2
            + (dcp / sc) ** 2
            + (dhp_big / sh) ** 2
            + rt * (dcp / sc) * (dhp_big / sh)
        )
    )


def seen(colour, vision):
    """CIELAB of ``colour`` as a viewer with ``vision`` sees it."""
    return lab(np.clip(CVD[vision] @ linear_rgb(colour), 0.0, 1.0))


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 17, 25 and 34
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ],
)
def test_ciede2000_matches_the_published_pairs(first, second, expected):
    assert delta_e_2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert delta_e_2000(second, first) == pytest.approx(expected, abs=1e-4)


def contrast_on_white(colour):
    """WCAG 2 contrast ratio of ``colour`` against white."""
    luminance = np.array([0.2126, 0.7152, 0.0722]) @ linear_rgb(colour)
    return 1.05 / (luminance + 0.05)


def test_words_in_colour_are_readable_on_white():
    assert contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)  # WCAG's own
    for colour in (*TEXT_COLOURS.values(), PALETTE["grey"], PALETTE["black"]):
        assert contrast_on_white(colour) >= 4.5, colour
    assert (
        RIGHT_COLOUR in TEXT_COLOURS.values() and WRONG_COLOUR in TEXT_COLOURS.values()
    )


def test_the_simulated_deficiencies_behave_as_published():
    # white stays white; red and green, far apart for normal vision, come
    # close for both deficiencies (the confusion they are known for)
    for vision in CVD:
        np.testing.assert_allclose(seen("#FFFFFF", vision), [100, 0, 0], atol=0.6)
    red, green = "#D55E00", "#009E73"
    normal = delta_e_2000(seen(red, "normal vision"), seen(green, "normal vision"))
    assert normal > 40
    for vision in ("protanopia", "deuteranopia"):
        assert delta_e_2000(seen(red, vision), seen(green, vision)) < 0.5 * normal


NAMED = {to_hex(value): name for name, value in PALETTE.items()}


def colours_drawn(figure):
    """Names of the palette colours matplotlib draws in ``figure`` now."""
    found = set()
    originals = {}

    def recorder(cls):
        draw = cls.draw

        def recording(self, renderer, *args, **kwargs):
            if self.get_visible():
                found.update(palette_names(self))
            return draw(self, renderer, *args, **kwargs)

        return draw, recording

    for cls in (Line2D, Collection, Patch, Text):
        originals[cls], cls.draw = recorder(cls)
    try:
        figure.savefig(io.BytesIO(), format="png", dpi=figure.dpi)
    finally:
        for cls, draw in originals.items():
            cls.draw = draw
    return frozenset(found)


def palette_names(artist):
    colours = []
    if isinstance(artist, Line2D):
        if artist.get_linestyle() not in ("None", ""):
            colours.append(artist.get_color())
        if artist.get_marker() not in ("None", "", None):
            colours += [artist.get_markerfacecolor(), artist.get_markeredgecolor()]
    elif isinstance(artist, Collection):
        colours += [*artist.get_facecolors(), *artist.get_edgecolors()]
    elif isinstance(artist, Patch):
        colours += [artist.get_facecolor(), artist.get_edgecolor()]
    elif artist.get_text().strip():
        colours.append(artist.get_color())
    names = set()
    for colour in colours:
        try:
            names.add(NAMED.get(to_hex(colour, keep_alpha=False)))
        except ValueError:
            continue
    return names - {None}


def colours_used_together():
    """Every set of palette colours one figure draws at once, over all looks."""
    together = set()
    for _chapter, cls in ALL_SIMULATIONS:
        sim = cls()
        for _ in looks(sim):
            together.add(colours_drawn(sim.figure))
        sim.close()
    # the distributions are compared side by side from chapter 1 on
    first_three = ("gaussian", "bernoulli", "poisson")
    together.add(frozenset(NAMED[to_hex(FAMILY_COLOURS[f])] for f in first_three))
    return together


def close_pairs(together, palette):
    close = []
    pairs = {
        tuple(sorted(p)) for used in together for p in itertools.combinations(used, 2)
    }
    for (a, b), vision in itertools.product(sorted(pairs), CVD):
        difference = delta_e_2000(seen(palette[a], vision), seen(palette[b], vision))
        if difference < MIN_DELTA_E:
            close.append(f"{a} / {b} under {vision}: ΔE00 = {difference:.1f}")
    return close


def test_colours_drawn_together_stay_apart_for_colour_blind_readers():
    together = colours_used_together()
    assert any({"blue", "vermillion"} <= used for used in together)
    assert close_pairs(together, PALETTE) == []


def test_the_colour_check_catches_a_pair_that_deuteranopes_confuse():
    # the mid grey the course used before: 8.2 from its green for deuteranopes
    palette = {**PALETTE, "grey": "#7F7F7F"}
    found = close_pairs({frozenset({"green", "grey"})}, palette)
    assert found == ["green / grey under deuteranopia: ΔE00 = 8.2"]


# --- in the browser -------------------------------------------------------------
BROWSER_CHAPTER = "06"


@pytest.fixture(scope="module")
def lab_page(tmp_path_factory):
    """Chapter 06, its outputs stored afresh, open in JupyterLab in Chromium."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import jlab
    from browser.chromium import launched_chromium
    from browser.lab import LabServer

    root = tmp_path_factory.mktemp("a11y")
    (source,) = (ROOT / "notebooks").glob(f"{BROWSER_CHAPTER}_*.ipynb")
    copy = root / source.name
    copy.write_bytes(source.read_bytes())
    store = _store_outputs_module()
    store.store_outputs(copy)
    with LabServer(root) as lab, launched_chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        jlab.open_notebook(page, lab, copy.name)
        yield page, jlab
        context.close()
        lab.shutdown_kernels()


def _store_outputs_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "store_outputs", ROOT / "notebooks" / "store_outputs.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARTIFACTS = ROOT / ".ci-artifacts" / "browser"

#: per output area of a code cell: stored pictures, live canvases, and text
_OUTPUTS = """() => [...document.querySelectorAll('.jp-CodeCell')].map((cell) => ({
  pictures: cell.querySelectorAll('.jp-OutputArea-output img:not(.widget-html img)').length,
  canvases: cell.querySelectorAll('.jupyter-matplotlib-canvas-div').length,
  text: [...cell.querySelectorAll('.jp-RenderedText, .jp-RenderedMarkdown')]
    .map((e) => e.textContent).join(' '),
}))"""

#: where the keyboard focus is: in the simulation's box, on its canvas, and
#: the focused element's accessible name as far as ARIA and labels give it
_FOCUS = """() => {
  const e = document.activeElement;
  const box = document.querySelector('.glm-accessible .jupyter-matplotlib-canvas-div')
    .closest('.glm-accessible');
  const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] &&
    e.labels[0].textContent) || e.textContent || '';
  return {inside: box.contains(e), canvas: !!e.closest('.jupyter-matplotlib-canvas-div'),
          name: label.trim().slice(0, 60), tag: e.tagName};
}"""


def _shot(page, name):
    page.wait_for_timeout(1000)  # JupyterLab paints cells scrolled into view late
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"a11y-{name}.png"), full_page=False)


@pytest.mark.browser
def test_browser_shows_the_stored_picture_then_the_live_widget(lab_page):
    page, jlab = lab_page
    page.wait_for_selector(".jp-OutputArea-output img", timeout=30_000)
    page.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
    page.mouse.wheel(0, 250)
    _shot(page, "before-run")
    before = page.evaluate(_OUTPUTS)
    stills = [c for c in before if c["pictures"]]
    assert len(stills) == 1 and stills[0]["canvases"] == 0
    assert "Still picture of the simulation" in stills[0]["text"]
    assert any("Chapter 6 quiz" in c["text"] for c in before)  # the stored questions
    sim_cell = before.index(stills[0])
    jlab.run_all(page)
    jlab.wait_widgets_rendered(page)
    assert all(jlab.wait_canvases_painted(page))
    after = page.evaluate(_OUTPUTS)
    assert after[sim_cell]["canvases"] == 1 and after[sim_cell]["pictures"] == 0
    assert "Still picture" not in after[sim_cell]["text"]
    page.locator(".jupyter-matplotlib-canvas-div").first.scroll_into_view_if_needed()
    page.mouse.wheel(0, 150)
    _shot(page, "after-run")


def _ran(page, jlab):
    if not page.locator(".jupyter-matplotlib-canvas-div").count():
        jlab.run_all(page)
        jlab.wait_widgets_rendered(page)
        jlab.wait_canvases_painted(page)
    try:  # the patch has named the sliders: it ran (the tests say if it did not)
        page.wait_for_selector(".noUi-handle[aria-label]", timeout=10_000)
    except Exception:  # Playwright's TimeoutError
        pass


@pytest.mark.browser
def test_browser_gives_every_control_an_accessible_name(lab_page):
    page, jlab = lab_page
    _ran(page, jlab)
    box = page.locator(".glm-accessible").filter(
        has=page.locator(".jupyter-matplotlib-canvas-div")
    )
    tree = box.aria_snapshot()
    for expected in (
        'group "distribution"',
        'button "Bernoulli" [pressed]',
        'combobox "link g"',
        'slider "mean μ"',
        'slider "η = θᵀx"',
        'button "apply g to θᵀx (the mix-up)"',
        'img "Live figure: Two translators',
    ):
        assert expected in tree, tree
    assert "- slider\n" not in tree + "\n" and '- button ""' not in tree
    quiz = page.locator(".glm-accessible").filter(has_text="Chapter 6 quiz")
    assert 'group "Answer to question 1:"' in quiz.aria_snapshot()
    # a switch says whether it is on
    toggle = box.get_by_role("button", name="apply g to θᵀx (the mix-up)")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.glm-accessible .widget-toggle-button')]"
        ".some((b) => b.getAttribute('aria-pressed') === 'true' && "
        "b.textContent.includes('mix-up'))",
        timeout=10_000,
    )
    toggle.click()


@pytest.mark.browser
def test_browser_tab_walks_through_the_simulation_and_out(lab_page):
    page, jlab = lab_page
    _ran(page, jlab)
    box = page.locator(".glm-accessible").filter(
        has=page.locator(".jupyter-matplotlib-canvas-div")
    )
    # a click on the figure leaves the keyboard free
    box.locator(".jupyter-matplotlib-canvas-div canvas").last.click()
    assert not page.evaluate(_FOCUS)["canvas"], "a click put the focus in the canvas"
    first = box.locator(".widget-toggle-button").first
    first.focus()
    forward = [page.evaluate(_FOCUS)]
    for _ in range(40):
        page.keyboard.press("Tab")
        forward.append(page.evaluate(_FOCUS))
        if not forward[-1]["inside"]:
            break
    _shot(page, "tab-walk")
    assert not any(step["canvas"] for step in forward), forward
    assert not forward[-1]["inside"], f"Tab never left the simulation: {forward}"
    names = [step["name"] for step in forward if step["inside"]]
    for control in ("mean μ", "η = θᵀx", "link g", "apply g to θᵀx"):
        assert any(control in name for name in names), names
    backward = []
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        backward.append(page.evaluate(_FOCUS))
        if backward[-1]["inside"]:
            break
    assert backward[-1]["inside"] and not backward[-1]["canvas"], backward
    page.keyboard.press("Escape")
