"""The course's own modules say, for every public name, which chapter introduces it."""

import importlib
import inspect
import pkgutil

import glmlib.simulations
import glmlib.ui


def course_modules():
    """The widget wing, every chapter's simulation module, and the shared content."""
    names = ["glmlib.quizzes", "glmlib.data"]
    for package in (glmlib.ui, glmlib.simulations):
        names += [
            f"{package.__name__}.{info.name}"
            for info in pkgutil.iter_modules(package.__path__)
        ]
    return names


def test_the_wing_and_every_chapter_module_are_found():
    names = course_modules()
    assert "glmlib.ui.simulation" in names
    assert "glmlib.simulations.ch00_one_update_rule" in names


def test_every_public_name_says_which_chapter_introduces_it():
    missing = []
    for name in course_modules():
        module = importlib.import_module(name)
        if "chapter" not in (module.__doc__ or "").lower():
            missing.append(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                if "chapter" not in (obj.__doc__ or "").lower():
                    missing.append(f"{name}.{attr}")
    assert missing == []
