"""Warnings that ``glmlib`` raises while fitting.

Bad input is a ``ValueError`` whose message names the family and the
offending value; the classes here are for fits that ran but whose answer a
learner should not trust without a second look.
"""


class GLMWarning(UserWarning):
    """Base class of every warning ``glmlib`` issues."""


class ConvergenceWarning(GLMWarning):
    """The fit stopped at its iteration limit before it converged."""


class DivergenceWarning(ConvergenceWarning):
    """Gradient ascent moved away from the optimum: the learning rate is too large."""


class PerfectSeparationWarning(GLMWarning):
    """Fitted probabilities reached 0 or 1: the classes are separated by X.

    The maximum-likelihood coefficients are then infinite, so the numbers
    returned only say "very large", not how large.
    """
