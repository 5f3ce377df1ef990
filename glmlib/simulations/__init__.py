"""Live simulations for the notebooks, one module per chapter.

``chNN_<notebook name>`` holds the simulations of notebook
``notebooks/NN_<notebook name>.ipynb`` and their layout: a module, or a
package of one module per simulation where a chapter shows several
(chapter 8). The numbers they draw come from the chapter's lesson helpers,
``glmlib.course.chNN_<notebook name>``. Each is a
``glmlib.ui.simulation.Simulation``: one persistent figure, its controls
and its readouts, updated in place when a control moves. Import from here::

    from glmlib.simulations import CountsVersusAdSpend
"""

from ..ui.simulation import Readout, Simulation
from .ch00_one_update_rule import CountsVersusAdSpend
from .ch01_exponential_family import OneFormThreeFaces
from .ch02_gaussian_in_disguise import GaussianInDisguise
from .ch03_bernoulli_and_the_sigmoid import LogOddsAndSigmoid
from .ch04_the_glm_recipe import GLMAssemblyLine
from .ch05_linear_and_logistic_from_the_recipe import TurningTheCrank
from .ch06_link_and_response import LinkAndResponse
from .ch07_poisson_regression_lab import PoissonLab
from .ch08_one_gradient_for_every_glm import (
    SoftmaxRegions,
    TangentOfLogPartition,
    TrainingRace,
)
from .ch09_connections_and_cheat_sheet import FitLoopOnTheShop

#: each chapter's main simulation, by chapter
SIMULATIONS = {
    0: CountsVersusAdSpend,
    1: OneFormThreeFaces,
    2: GaussianInDisguise,
    3: LogOddsAndSigmoid,
    4: GLMAssemblyLine,
    5: TurningTheCrank,
    6: LinkAndResponse,
    7: PoissonLab,
    8: TrainingRace,
    9: FitLoopOnTheShop,
}

#: every simulation a notebook shows, as (chapter, class) pairs: the main
#: ones above and the others a chapter shows besides. The generic tests and
#: the benchmark run over this list.
ALL_SIMULATIONS = sorted(
    [
        *SIMULATIONS.items(),
        (8, TangentOfLogPartition),
        (8, SoftmaxRegions),
    ],
    key=lambda pair: pair[0],
)

__all__ = [
    "ALL_SIMULATIONS",
    "SIMULATIONS",
    "CountsVersusAdSpend",
    "FitLoopOnTheShop",
    "GLMAssemblyLine",
    "GaussianInDisguise",
    "LinkAndResponse",
    "LogOddsAndSigmoid",
    "OneFormThreeFaces",
    "PoissonLab",
    "Readout",
    "Simulation",
    "SoftmaxRegions",
    "TangentOfLogPartition",
    "TrainingRace",
    "TurningTheCrank",
]
