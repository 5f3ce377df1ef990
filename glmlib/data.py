"""Every data set the course fits, in one place.

Simulated data are drawn from glmlib's own families with fixed seeds, so
every notebook and every test sees the same numbers and the true model is
known:

* the shop's hours (introduced in chapter 0, fitted again in chapters 4 and
  6-9): for 40 simulated hours, the ad spend that hour and how many
  customers came, log E[customers] = SHOP_INTERCEPT + SHOP_SLOPE * spend;
* chapter 2's line with Gaussian noise (``spread_example``);
* chapter 5's takings and queues (``takings_and_queues``) and chapter 6's
  waiting times (``waiting_minutes``), with ``family_data`` picking the
  hours chapter 6 fits for each family;
* chapter 8's three classes in two features (``three_classes``).

``standardized_design`` rescales any of them for gradient ascent
(chapters 8 and 9), and refuses a feature that never varies.

Two small real data sets come from statsmodels (chapter 8):
``spector_grades`` and ``stack_loss``. statsmodels is imported inside them,
so ``import glmlib.data`` needs only numpy.
"""

from functools import lru_cache

import numpy as np

from .families import Bernoulli, Categorical, Exponential, Gamma, Gaussian, Poisson

# --------------------------------------------------------------------------
# the shop's hours (chapter 0)

#: The seeded shop: 40 hours, ad spend from 0 to 10 (hundreds of dollars),
#: log of the mean count rising by 0.32 per hundred dollars.
SHOP_SEED = 2
SHOP_HOURS = 40
SHOP_INTERCEPT = -0.5
SHOP_SLOPE = 0.32
SPEND_RANGE = (0.0, 10.0)


def shop_hours(seed=SHOP_SEED, n_hours=SHOP_HOURS):
    """Ad spend and customer counts for ``n_hours`` simulated hours (chapter 0).

    Returns ``(spend, customers)``, sorted by spend. The counts come from
    ``glmlib.Poisson().sample`` with natural parameter
    ``SHOP_INTERCEPT + SHOP_SLOPE * spend``.
    """
    rng = np.random.default_rng(seed)
    spend = np.sort(rng.uniform(*SPEND_RANGE, size=n_hours))
    customers = Poisson().sample(SHOP_INTERCEPT + SHOP_SLOPE * spend, rng)
    return spend, customers


def design_matrix(spend):
    """A column of ones (the intercept) next to one feature (chapter 0)."""
    spend = np.asarray(spend, dtype=float)
    return np.column_stack([np.ones_like(spend), spend])


def shop_design():
    """The shop's hours as (X, customers), spend centred on its average (chapter 8).

    X = [1, spend - mean spend], in hundreds of dollars. Centring keeps
    theta_1 (the effect of a hundred dollars) as it was and makes theta_0
    the model at the average spend: gradient ascent then needs hundreds of
    steps, not thousands (the notebook shows both).
    """
    spend, customers = shop_hours()
    return design_matrix(spend - spend.mean()), customers


def standardized_design(*columns):
    """A column of ones beside each feature rescaled to mean 0 and spread 1 (chapters 8 and 9).

    Each argument is one feature (n values) or a block of features (n rows,
    one column each), so ``standardized_design(spend)``,
    ``standardized_design(gpa, tuce, psi)`` and
    ``standardized_design(features)`` all work. Gradient ascent's step
    sizes carry over from one data set to another only when the features
    share a scale. A feature with the same value in every row is refused:
    it has no spread to divide by, and beside the intercept it says nothing.
    """
    if not columns:
        raise ValueError("standardized_design needs at least one feature")
    blocks = [np.asarray(c, dtype=float) for c in columns]
    if any(b.ndim not in (1, 2) for b in blocks):
        raise ValueError(
            "standardized_design takes features as 1-D columns or 2-D blocks, not "
            f"arrays of shapes {[b.shape for b in blocks]}"
        )
    if len({len(b) for b in blocks}) != 1:
        raise ValueError(
            "standardized_design: every feature needs one value per row, not "
            f"{[len(b) for b in blocks]} values"
        )
    features = np.column_stack(blocks)
    if not np.all(np.isfinite(features)):
        raise ValueError("standardized_design: the features must be finite numbers")
    constant = np.flatnonzero(np.ptp(features, axis=0) == 0)
    if constant.size:
        j = int(constant[0])
        raise ValueError(
            f"standardized_design: feature {j + 1} of {features.shape[1]} is "
            f"constant (every row holds {features[0, j]:g}), so it cannot be "
            "rescaled and adds nothing to the intercept; drop it"
        )
    scaled = (features - features.mean(axis=0)) / features.std(axis=0)
    return np.column_stack([np.ones(len(scaled)), scaled])


# --------------------------------------------------------------------------
# a line with Gaussian noise (chapter 2)

#: the small data set on which chapter 2 fits a line under several spreads
SPREAD_SEED = 4
SPREAD_N = 30


def spread_example(seed=SPREAD_SEED, n=SPREAD_N):
    """x and y for chapter 2's fits: a line with Gaussian noise of spread 1.5."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 5.0, size=n))
    y = Gaussian(sigma=1.5).sample(1.0 + 0.8 * x, rng)
    return x, y


# --------------------------------------------------------------------------
# takings and queues (chapter 5)

#: How many hours each sample holds, and the samples a learner can pick.
HOURS = 40
SAMPLES = (1, 2, 3, 4, 5, 6)
#: The true models behind the two targets (spend in hundreds of dollars):
#: takings ~ Gaussian(mean TAKINGS_INTERCEPT + TAKINGS_SLOPE * spend, sigma = 1)
#: queue ~ Bernoulli(log-odds QUEUE_INTERCEPT + QUEUE_SLOPE * spend)
TAKINGS_INTERCEPT = 1.5
TAKINGS_SLOPE = 0.45
QUEUE_INTERCEPT = -3.2
QUEUE_SLOPE = 0.65


@lru_cache(maxsize=len(SAMPLES))
def takings_and_queues(sample=1):
    """One sample of ``HOURS`` hours: spend, takings and queue (chapter 5).

    Returns ``(spend, takings, queued)``, sorted by spend. Takings are drawn
    from ``glmlib.Gaussian`` (sigma = 1) and the queue (1 = a queue formed)
    from ``glmlib.Bernoulli``, each with its true linear natural parameter;
    ``sample`` seeds the generator, so every run sees the same hours.
    """
    rng = np.random.default_rng(sample)
    spend = np.sort(rng.uniform(*SPEND_RANGE, size=HOURS))
    takings = Gaussian().sample(TAKINGS_INTERCEPT + TAKINGS_SLOPE * spend, rng)
    queued = Bernoulli().sample(QUEUE_INTERCEPT + QUEUE_SLOPE * spend, rng)
    for array in (spend, takings, queued):
        array.flags.writeable = False
    return spend, takings, queued


# --------------------------------------------------------------------------
# waiting times, and the hours chapter 6 fits for each family

#: The seeded waiting times (minutes): the natural parameter is
#: -(WAIT_RATE + WAIT_RATE_SLOPE * spend), so the mean wait is 1 / that rate
WAIT_SEED = 4
WAIT_RATE = 0.1
WAIT_RATE_SLOPE = 0.05
GAMMA_SHAPE = 4.0


def waiting_minutes(seed=WAIT_SEED):
    """Minutes until the next customer, for 40 hours (chapter 6's gamma data).

    Returns ``(spend, gamma_waits, exponential_waits)``. The mean wait is
    1 / (WAIT_RATE + WAIT_RATE_SLOPE * spend) minutes: 10 minutes with no
    advertising, under 2 at the top spend. Gamma waits (shape 4) are drawn
    from ``glmlib.Gamma``, exponential ones from ``glmlib.Exponential``.
    """
    rng = np.random.default_rng(seed)
    spend = np.sort(rng.uniform(*SPEND_RANGE, size=40))
    eta = -(WAIT_RATE + WAIT_RATE_SLOPE * spend)
    gamma_waits = Gamma(shape=GAMMA_SHAPE).sample(eta, rng)
    exponential_waits = Exponential().sample(eta, rng)
    return spend, gamma_waits, exponential_waits


def family_data(family):
    """The 40 hours chapter 6 fits for ``family``: ``(spend, y)`` (chapter 6).

    The takings and queues of chapter 5, the shop's customers of chapter 0,
    and the waiting times of ``waiting_minutes``.
    """
    if family in ("gaussian", "bernoulli"):
        spend, takings, queued = takings_and_queues(1)
        return spend, takings if family == "gaussian" else queued
    if family == "poisson":
        return shop_hours()
    spend, gamma_waits, exponential_waits = waiting_minutes()
    return spend, gamma_waits if family == "gamma" else exponential_waits


# --------------------------------------------------------------------------
# three classes (chapter 8)

#: the three-class example: seed, size and the coefficients it is drawn from
#: (columns: class 1 and class 2 against class 0; rows: intercept, x1, x2)
THREE_CLASS_SEED = 3
THREE_CLASS_SIZE = 150
THREE_CLASS_THETA = np.array([[0.3, -0.2], [1.6, -0.4], [0.2, 1.7]])
#: both features are drawn uniformly from this range
THREE_CLASS_RANGE = (-3.0, 3.0)


def three_classes(seed=THREE_CLASS_SEED, size=THREE_CLASS_SIZE):
    """Three classes in two features, drawn with glmlib's categorical family (chapter 8).

    Features uniform on [-3, 3]^2; the class of each point is drawn from the
    softmax of ``THREE_CLASS_THETA`` (so the classes overlap and a finite
    estimate exists). Returns (X with its column of ones, labels 0, 1, 2).
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(*THREE_CLASS_RANGE, size=(size, 2))
    X = np.column_stack([np.ones(size), x])
    n_classes = THREE_CLASS_THETA.shape[1] + 1
    labels = Categorical(n_classes).sample(X @ THREE_CLASS_THETA, rng)
    return X, labels


# --------------------------------------------------------------------------
# two real data sets that statsmodels ships (chapter 8)


def _statsmodels_data(name):
    try:
        from statsmodels import datasets
    except ImportError as exc:  # pragma: no cover - statsmodels is pinned
        raise ImportError(
            f"chapter 8 loads the {name!r} data set that statsmodels ships; "
            "install statsmodels (pip install statsmodels)"
        ) from exc
    return getattr(datasets, name).load_pandas().data


def spector_grades():
    """Spector and Mazzeo's 32 students, from statsmodels (chapter 8).

    Returns (features, grade, names): GPA, TUCE score and PSI (a new
    teaching method, 0/1), and whether the student's grade improved (0/1).
    """
    data = _statsmodels_data("spector")
    names = ("GPA", "TUCE", "PSI")
    return data[list(names)].to_numpy(float), data["GRADE"].to_numpy(float), names


def stack_loss():
    """Brownlee's 21 days of a nitric-acid plant, from statsmodels (chapter 8).

    Returns (features, stack loss, names): air flow, cooling water
    temperature and acid concentration, and the ammonia lost.
    """
    data = _statsmodels_data("stackloss")
    names = ("AIRFLOW", "WATERTEMP", "ACIDCONC")
    return data[list(names)].to_numpy(float), data["STACKLOSS"].to_numpy(float), names
