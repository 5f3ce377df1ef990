"""glmlib: the shared library of the GLM course.

Each idea of the lesson is one named thing here:

* the exponential family and its members -- ``Gaussian``, ``Bernoulli``,
  ``Binomial``, ``Poisson``, ``Gamma``, ``Exponential``, ``Categorical``
  (chapters 1-3, 7), each with ``response``, ``link``, ``log_partition``,
  ``sufficient_statistic``, ``log_base_measure`` and ``variance``;
* link and response functions, canonical or not -- ``glmlib.links`` (chapter 6);
* fitting by IRLS or by the universal gradient rule -- ``fit`` (chapters 8-9).
"""

from . import links
from .exceptions import (
    ConvergenceWarning,
    DivergenceWarning,
    GLMWarning,
    PerfectSeparationWarning,
)
from .families import (
    FAMILIES,
    Bernoulli,
    Binomial,
    Categorical,
    Exponential,
    ExponentialFamily,
    Gamma,
    Gaussian,
    Poisson,
    get_family,
)
from .fitting import METHODS, GLMResult, fit

__all__ = [
    "FAMILIES",
    "METHODS",
    "Bernoulli",
    "Binomial",
    "Categorical",
    "ConvergenceWarning",
    "DivergenceWarning",
    "Exponential",
    "ExponentialFamily",
    "GLMResult",
    "GLMWarning",
    "Gamma",
    "Gaussian",
    "PerfectSeparationWarning",
    "Poisson",
    "fit",
    "get_family",
    "links",
]
