"""Chapter 8's simulations: the tangent of a(eta), the training race, softmax regions.

The chapter's claim: for every exponential family with its canonical link,
the gradient of the log-likelihood is sum_i (y_i - h(x_i)) x_i, because the
slope of the log-partition a(eta) is the mean. The numbers that show and
check it are computed in ``glmlib.course.ch08_one_gradient_for_every_glm``;
the three simulations of this package draw them, one module each:

* ``TangentOfLogPartition`` (``tangent``) -- a(eta) and its tangent, whose
  slope is the mean;
* ``TrainingRace`` (``race``) -- the Play button steps gradient ascent and
  Newton's method side by side (the chapter's main simulation);
* ``SoftmaxRegions`` (``regions``) -- three classes, the loop's decision
  regions step by step.
"""

from .race import TrainingRace
from .regions import SoftmaxRegions
from .tangent import TangentOfLogPartition

__all__ = ["SoftmaxRegions", "TangentOfLogPartition", "TrainingRace"]
