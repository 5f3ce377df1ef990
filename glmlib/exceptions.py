"""Warnings that ``glmlib`` raises while fitting.

Bad input is a ``ValueError`` whose message names the family and the
offending value; the classes here are for fits that ran but whose answer a
learner should not trust without a second look.

    GLMWarning
    ├── ConvergenceWarning          the fit stopped before it converged
    │   └── DivergenceWarning       gradient ascent ran away
    ├── NoFiniteEstimateWarning     the best coefficients are infinite
    │   └── PerfectSeparationWarning    ... because yes/no classes are separated
    └── BoundaryEstimateWarning     the best coefficients put a fitted mean
                                    exactly on the edge of the family's range

One ``warnings.filterwarnings("error", category=NoFiniteEstimateWarning)``
(or one ``except``) covers both kinds of missing estimate.
"""


class GLMWarning(UserWarning):
    """Base class of every warning ``glmlib`` issues."""


class ConvergenceWarning(GLMWarning):
    """The fit stopped before it converged (iteration limit, or no step helped)."""


class DivergenceWarning(ConvergenceWarning):
    """Gradient ascent moved away from the optimum: the learning rate is too large."""


class NoFiniteEstimateWarning(GLMWarning):
    """No finite maximum-likelihood estimate exists for these data (chapter 7).

    The log-likelihood keeps rising as the coefficients run off along some
    direction, so the numbers returned only say "very large". For counts
    this happens when some rows with a count of 0 can have their fitted mean
    pushed to 0 without touching the rows with positive counts (all counts
    0 is the simplest case). ``glmlib.existence.finite_estimate_exists``
    says why, without fitting.
    """


class PerfectSeparationWarning(NoFiniteEstimateWarning):
    """Fitted probabilities reached 0 or 1: the classes are separated by X.

    The maximum-likelihood coefficients are then infinite, so the numbers
    returned only say "very large", not how large.
    """


class BoundaryEstimateWarning(GLMWarning):
    """The estimate lies on the edge of the valid coefficients (chapter 6).

    With a link that reaches the edge of the family's means at finite
    coefficients (the identity or square-root link for counts reach a mean
    of 0), the likelihood can be highest where some fitted means sit exactly
    on that edge: the rows with a count of 0 would be fitted better still
    by a negative mean, which no count has. The fit returns that constrained
    maximum (``converged=True``; ``GLMResult.edge_rows`` names the rows) and
    the warning says where and why. The score there is not zero, so the
    usual standard errors do not apply.
    """
