"""The exercise checker's parts, what they load, and the verdict's contrast.

``glmlib.exercises`` is split by concern: ``exercise`` (the data),
``run`` (calling the learner's function safely), ``compare`` (right or
not, and what differs), ``hints`` (naming the slip) and ``feedback`` (the
verdict in text and HTML). Its "Passed" and "Not yet" are words in colour,
so that colour must meet WCAG 2's 4.5:1 for text against the notebook's
white. (That no exercise module loads the widget or plotting stack is
checked with every other module below the widget wing, in
``tests/test_layout.py``.)
"""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import glmlib.exercises
from glmlib import exercises

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(
    f"glmlib.exercises.{info.name}"
    for info in pkgutil.iter_modules(glmlib.exercises.__path__)
)


def test_the_checker_is_split_by_concern():
    names = {name.rsplit(".", 1)[1] for name in MODULES}
    assert {"exercise", "run", "compare", "hints", "feedback"} <= names
    assert "_checker" not in names
    for name in MODULES:
        assert importlib.import_module(name).__doc__, name


def relative_luminance(hex_colour):
    """WCAG 2's relative luminance of an sRGB colour "#RRGGBB"."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_against_white(hex_colour):
    return (1.0 + 0.05) / (relative_luminance(hex_colour) + 0.05)


def test_the_contrast_formula_gives_the_known_values():
    assert contrast_against_white("#000000") == pytest.approx(21.0)
    assert contrast_against_white("#FFFFFF") == pytest.approx(1.0)
    assert contrast_against_white("#767676") == pytest.approx(4.54, abs=0.01)
    # the palette's own green and vermillion, which words must not use
    assert contrast_against_white("#009E73") < 4.5
    assert contrast_against_white("#D55E00") < 4.5


def verdict_colours(html):
    """The colours of the verdict's words and of the box's edge in ``html``."""
    (word,) = re.findall(r'<strong style="color:(#[0-9A-Fa-f]{6})">', html)
    (edge,) = re.findall(r"border-left:4px solid (#[0-9A-Fa-f]{6})", html)
    return word, edge


@pytest.mark.parametrize("passed", [True, False], ids=["Passed", "Not yet"])
def test_the_verdict_words_meet_the_text_contrast_of_the_quiz(passed):
    name = "ch3-logit"
    func = exercises.solution(name) if passed else (lambda phi: phi)
    result = exercises.check(name, func, show_feedback=False)
    assert result.passed is passed
    word, edge = verdict_colours(result.html)
    assert word == edge
    assert contrast_against_white(word) >= 4.5, word
