"""glmlib: the shared library of the GLM course.

Each idea of the lesson is one named thing here:

* the exponential family and its members -- ``Gaussian``, ``Bernoulli``,
  ``Binomial``, ``Poisson``, ``Gamma``, ``Exponential``, ``Categorical``
  (chapters 1-3, 7), each with ``response``, ``link``, ``log_partition``,
  ``sufficient_statistic``, ``log_base_measure`` and ``variance``;
* link and response functions, canonical or not -- ``glmlib.links`` (chapter 6);
* how sharply the log-likelihood bends, and the learning rate that allows --
  ``glmlib.curvature`` (chapters 7-9);
* fitting by IRLS or by the universal gradient rule -- ``fit`` (chapters 8-9),
  one step of that rule -- ``gradient_step`` (chapter 8);
* whether a finite estimate exists at all -- ``glmlib.existence``
  (chapters 3 and 7).
"""

from . import curvature, existence, links
from .exceptions import (
    BoundaryEstimateWarning,
    ConvergenceWarning,
    DivergenceWarning,
    GLMWarning,
    NoFiniteEstimateWarning,
    PerfectSeparationWarning,
)
from .existence import Existence, finite_estimate_exists
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
from .fitting import METHODS, GLMResult, fit, gradient_step

__all__ = [
    "FAMILIES",
    "METHODS",
    "Bernoulli",
    "Binomial",
    "BoundaryEstimateWarning",
    "Categorical",
    "ConvergenceWarning",
    "DivergenceWarning",
    "Existence",
    "Exponential",
    "ExponentialFamily",
    "GLMResult",
    "GLMWarning",
    "Gamma",
    "Gaussian",
    "NoFiniteEstimateWarning",
    "PerfectSeparationWarning",
    "Poisson",
    "curvature",
    "existence",
    "finite_estimate_exists",
    "fit",
    "get_family",
    "gradient_step",
    "links",
]
