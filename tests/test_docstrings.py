"""Every docstring of the course names the chapter that introduces the idea, and the right one.

The README promises a reader that each name in the course layer, the
widget wing and the simulations says which chapter introduces it, so a
reader of ``glmlib.course.ch07_poisson_regression_lab.balance_point`` knows
where to read about it. Here that means a chapter *number*: "(chapter 7)",
"(chapters 0 and 7)", "(chapters 7-9)". In a chapter's own module
(``chNN_<notebook>``) the numbers include NN; a simulation's docstring
names the chapter its ``chapter`` attribute says.
"""

import importlib
import inspect
import pkgutil
import re

import glmlib.course
import glmlib.simulations
import glmlib.ui
from glmlib.simulations import ALL_SIMULATIONS

#: "chapter 7", "chapters 0 and 7", "chapters 7-9", "chapters 1, 4 and 6"
CHAPTERS = re.compile(r"\bchapters? (\d+(?:(?:-|, | and )\d+)*)", re.I)
CHAPTER_MODULE = re.compile(r"\.ch(\d\d)_")


def chapters_named(text):
    """The chapter numbers a docstring names: "(chapters 7-9)" gives {7, 8, 9}."""
    numbers = set()
    for group in CHAPTERS.findall(text or ""):
        for part in re.split(r", | and ", group):
            low, _, high = part.partition("-")
            numbers |= set(range(int(low), int(high or low) + 1))
    return numbers


def course_modules():
    """The course layer, the widget wing, the simulations, the bank and the data."""
    names = ["glmlib.quizzes", "glmlib.data"]
    for package in (glmlib.course, glmlib.ui, glmlib.simulations):
        names += [
            info.name
            for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        ]
    return names


def public_definitions(module):
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            yield name, obj


def test_the_chapter_numbers_are_read_as_written():
    assert chapters_named("the race (chapter 8)") == {8}
    assert chapters_named("Chapters 0 and 7 fit it") == {0, 7}
    assert chapters_named("read by chapters 7-9") == {7, 8, 9}
    assert chapters_named("chapters 1, 4 and 6") == {1, 4, 6}
    assert chapters_named("a chapter's quiz") == set()


def test_the_course_chapter_modules_are_found():
    names = course_modules()
    assert "glmlib.course.ch07_poisson_regression_lab" in names
    assert "glmlib.simulations.ch08_one_gradient_for_every_glm.race" in names
    assert "glmlib.ui.simulation" in names


def test_every_public_name_says_which_chapter_introduces_it():
    missing = []
    for name in course_modules():
        module = importlib.import_module(name)
        if not chapters_named(module.__doc__):
            missing.append(name)
        for attr, obj in public_definitions(module):
            if not chapters_named(obj.__doc__):
                missing.append(f"{name}.{attr}")
    assert missing == []


def test_a_chapters_own_module_names_that_chapter():
    elsewhere = []
    for name in course_modules():
        match = CHAPTER_MODULE.search(name)
        if not match:
            continue
        chapter = int(match.group(1))
        module = importlib.import_module(name)
        for attr, obj in [("(module)", module), *public_definitions(module)]:
            named = chapters_named(obj.__doc__)
            if named and chapter not in named:
                elsewhere.append(f"{name}.{attr}: chapter(s) {sorted(named)}")
    assert elsewhere == []


def test_each_simulation_names_its_own_chapter():
    for chapter, cls in ALL_SIMULATIONS:
        assert cls.chapter == chapter, cls
        assert f"(chapter {chapter})" in cls.__doc__, cls
