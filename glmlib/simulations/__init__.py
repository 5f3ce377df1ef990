"""Live simulations for the notebooks, one per chapter (chapters 0-4).

Each is a ``Simulation`` (see ``base``): one persistent figure, its controls
and its readouts, updated in place when a control moves. Import from here::

    from glmlib.simulations import CountsVersusAdSpend
"""

from .assembly_line import GLMAssemblyLine
from .base import Readout, Simulation
from .bernoulli_sigmoid import LogOddsAndSigmoid
from .counts_and_lines import CountsVersusAdSpend
from .gaussian_in_disguise import GaussianInDisguise
from .one_form_three_faces import OneFormThreeFaces

#: every simulation, by the chapter that shows it
SIMULATIONS = {
    0: CountsVersusAdSpend,
    1: OneFormThreeFaces,
    2: GaussianInDisguise,
    3: LogOddsAndSigmoid,
    4: GLMAssemblyLine,
}

__all__ = [
    "SIMULATIONS",
    "CountsVersusAdSpend",
    "GLMAssemblyLine",
    "GaussianInDisguise",
    "LogOddsAndSigmoid",
    "OneFormThreeFaces",
    "Readout",
    "Simulation",
]
