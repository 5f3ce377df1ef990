"""The course's own modules say, for every public name, which chapter introduces it."""

import importlib
import inspect


def test_every_public_name_says_which_chapter_introduces_it():
    modules = [
        "glmlib.style",
        "glmlib.layered_figure",
        "glmlib.quiz",
        "glmlib.quizzes",
        "glmlib.simulations.base",
        "glmlib.simulations.counts_and_lines",
        "glmlib.simulations.one_form_three_faces",
        "glmlib.simulations.gaussian_in_disguise",
        "glmlib.simulations.bernoulli_sigmoid",
        "glmlib.simulations.assembly_line",
    ]
    missing = []
    for name in modules:
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
