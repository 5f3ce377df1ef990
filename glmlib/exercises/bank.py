# The hints write the mathematics as the chapters do, in Greek letters
# and with the true prime and multiplication signs.
# ruff: noqa: RUF001
r"""The coding exercises of the course, chapter by chapter (chapters 0-9).

Each ``Exercise`` holds the task a learner reads (Markdown with LaTeX), the
starter stub, the reference solution (``glmlib.exercises.solutions``), a
function that computes the expected answer *with glmlib* -- so the check and
the chapters agree to the last digit -- the inputs to try, ordered from
plain to extreme, and the typical mistakes the check can name.

Inputs are chosen so that each typical mistake shows: an intercept column
with a non-zero slope (a sign error or a missing 1/n cannot cancel), a
square X (so ``X`` in place of ``X.T`` runs but gives wrong numbers),
|eta| = 800 for responses (exp overflows past 709), counts above 170 (y!
overflows), a square table of scores (a missing ``keepdims`` runs silently).
The first inputs have n = 5 rows and p = 2 columns, a learning rate of 0.3
and a spread sigma = 3, so that no two slips give the same number: a
division by p is not J's factor 1/2 or a missing learning rate, and sigma in
place of sigma^2 is not a factor of 2.
"""

import warnings

import numpy as np
from scipy import special

from ..data import design_matrix, shop_hours
from ..families import Bernoulli, Gaussian, Poisson, get_family
from ..fitting import fit, gradient_step
from ..links import LINKS, MultinomialLogit
from . import solutions
from .compare import same
from .exercise import Case, Exercise
from .hints import Mistake, RaiseHint, gives

STARTER_LINE = 'raise NotImplementedError("replace this line with your code")'

# --------------------------------------------------------------------------
# data the inputs share

_SPEND, _CUSTOMERS = shop_hours()
_SHOP_X = design_matrix(_SPEND)
_SHOP_SHOWN = {
    "X": "the shop's hours, glmlib.data.design_matrix(spend): 40 rows (1, spend)",
    "y": "the shop's 40 customer counts, from glmlib.data.shop_hours()",
}
_X5 = design_matrix([0.0, 1.0, 2.0, 3.0, 4.0])
_X_SQUARE = np.array([[1.0, 0.5, -1.0], [1.0, 2.0, 0.3], [1.0, -1.0, 2.0]])
_X_SPREAD = design_matrix([-3.0, -1.0, 0.0, 1.0, 3.0])
_Y_REAL = np.array([0.5, 1.4, 2.1, 3.3, 3.8])
_Y_COUNTS = np.array([1.0, 0.0, 3.0, 6.0, 8.0])
_Y_YES_NO = np.array([0.0, 1.0, 0.0, 1.0, 1.0])


_DIVIDED_BY_P = (
    "You divided by p = {p}, the number of columns of X (one per feature), where "
    "the mean over the n = {n} rows (one per example) divides by n: `len(y)` or "
    "`X.shape[0]`, not `len(theta)` or `X.shape[1]`."
)


def _quiet(function, *args, **kwargs):
    """Call a glmlib function for a mistake's prediction, with warnings silenced."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def _response_words(family):
    """'the sigmoid, μ = 1 / (1 + e^(−η))', from glmlib's description of the link."""
    fam = get_family(family)
    description = LINKS[fam.canonical_link]().description
    return f"the {description.response_name}, {description.response_text}"


# --------------------------------------------------------------------------
# chapter 0


def _expected_update_direction(theta, X, y):
    h = Gaussian().response(X @ theta)
    return X.T @ (y - h) / len(y)


UPDATE_DIRECTION = Exercise(
    name="ch0-update-direction",
    chapter=0,
    title="The direction of the update rule",
    task=r"""Linear regression predicts $h(x) = \theta^T x$. Over a whole data set,
its update moves $\theta$ along the average of error times feature,

$$d_j = \frac{1}{n}\sum_{i=1}^{n} \big(y^{(i)} - h(x^{(i)})\big)\,x^{(i)}_j ,$$

which is minus the gradient of the mean squared error
$J(\theta) = \frac{1}{2n}\sum_{i} \big(y^{(i)} - h(x^{(i)})\big)^2$: a small step
along $d$ lowers $J$. Write `update_direction(theta, X, y)` that returns the
vector $d$. `X` holds one example per row, shape $(n, p)$; `theta` has shape
$(p,)$, `y` shape $(n,)$, and the answer shape $(p,)$. No loop is needed:
`X @ theta` computes every prediction at once.""",
    imports="import numpy as np\n",
    stub=f'''def update_direction(theta, X, y):
    """Mean over the rows of X of (y_i - h(x_i)) * x_i, with h(x) = theta . x.

    theta: shape (p,); X: shape (n, p); y: shape (n,). Returns shape (p,).
    """
    {STARTER_LINE}
''',
    solution=solutions.update_direction,
    expected=_expected_update_direction,
    cases=(
        Case({"theta": np.array([0.5, -0.2]), "X": _X5, "y": _Y_REAL}),
        Case({"theta": np.array([0.0, 0.0]), "X": _X5, "y": _Y_REAL}),
        Case(
            {
                "theta": np.array([0.2, 0.1, -0.3]),
                "X": _X_SQUARE,
                "y": np.array([1.0, 0.0, 2.0]),
            }
        ),
        Case(
            {"theta": np.array([1.0, 0.3]), "X": _SHOP_X, "y": _CUSTOMERS}, _SHOP_SHOWN
        ),
    ),
    mistakes=(
        gives(
            lambda a, e: -e,
            "That is the gradient of J itself, the mean of (h − y)·x: it points uphill. "
            "The update moves the other way, along the mean of (y − h)·x.",
        ),
        gives(
            lambda a, e: a.n * e,
            "Your answer is n = {n} times the right one: you summed (y − h)·x over "
            "the examples. Divide by n to take the mean.",
        ),
        gives(
            lambda a, e: a.n / a.p * e,
            _DIVIDED_BY_P,
        ),
        gives(
            lambda a, e: 2 * e,
            "Your answer is twice the right one. J carries a factor 1/2 so that it "
            "cancels the 2 from differentiating the square.",
        ),
        gives(
            lambda a, e: (a.y - a.X @ a.theta)[:, None] * a.X,
            "You returned one row (yᵢ − hᵢ)·xᵢ per example. Average the rows: "
            "`.mean(axis=0)`, or `X.T @ (y - h) / n` in one go.",
        ),
        gives(
            lambda a, e: a.y - a.X @ a.theta,
            "You returned the errors y − h, one per example. Multiply each by its "
            "features and average: `X.T @ (y - h) / n`.",
        ),
        gives(
            lambda a, e: a.X.T @ a.y / a.n,
            "The prediction is missing: the error is y − h(x), with h(x) = θᵀx, not y "
            "alone.",
        ),
        gives(
            lambda a, e: a.X @ (a.y - a.X @ a.theta) / a.n,
            "You multiplied by X where the transpose X.T belongs: the sum over the "
            "examples of (error) times x is `X.T @ errors`. With a square X both run, "
            "but only X.T gives the right numbers.",
        ),
    ),
    why="This average of error times feature is the direction linear and logistic "
    "regression both step along; chapter 8 shows that for every GLM with its "
    "canonical link the log-likelihood's gradient has exactly this form.",
)


# --------------------------------------------------------------------------
# chapter 1


POISSON_LOG_PARTITION = Exercise(
    name="ch1-poisson-log-partition",
    chapter=1,
    title="The Poisson's log-partition",
    task=r"""The Poisson probability of a count $y$ at rate $\lambda$ is
$\lambda^y e^{-\lambda} / y!$. Writing $\lambda^y$ as $e^{y \log\lambda}$ gives
$\frac{1}{y!}\exp\big(y\log\lambda - \lambda\big)$: the template
$b(y)\exp\big(\eta\,T(y) - a(\eta)\big)$ with $T(y) = y$, $b(y) = 1/y!$ and
natural parameter $\eta = \log\lambda$. What is left, $\lambda$, is the
log-partition, but $a$ has to be a function of $\eta$. Write
`poisson_log_partition(eta)` that returns $a(\eta)$ for a number or a NumPy
array of natural parameters.""",
    imports="import numpy as np\n",
    stub=f'''def poisson_log_partition(eta):
    """The Poisson's log-partition a(eta), for a number or an array eta."""
    {STARTER_LINE}
''',
    solution=solutions.poisson_log_partition,
    expected=lambda eta: Poisson().log_partition(eta),
    cases=(
        Case({"eta": 1.5}),
        Case({"eta": -2.0}),
        Case({"eta": np.array([-3.0, -0.5, 0.0, 0.5, 2.0])}),
        Case({"eta": 0.0}),
        Case({"eta": np.array([-40.0, 40.0])}),
    ),
    mistakes=(
        gives(
            lambda a, e: a.eta,
            "You returned η itself. The leftover term is λ, and λ = e^η because "
            "η = log λ.",
        ),
        gives(
            lambda a, e: np.log(a.eta),
            "You took a log where an exp belongs: η = log λ, so λ = e^η.",
        ),
        gives(
            lambda a, e: Bernoulli().log_partition(a.eta),
            "log(1 + e^η) is the Bernoulli's log-partition (chapter 3); the Poisson's "
            "leftover term is just λ.",
        ),
        gives(
            lambda a, e: Gaussian().log_partition(a.eta),
            "η²/2 is the Gaussian's log-partition (chapter 2); the Poisson's leftover "
            "term is λ, written with η.",
        ),
        gives(
            lambda a, e: np.exp(-a.eta),
            "The sign in the exponent is flipped: λ = e^η, not e^(−η).",
        ),
    ),
    why="Differentiating a(η) = e^η gives e^η again, so the Poisson's mean and its "
    "variance are both λ, read straight off the log-partition (chapter 8 builds on "
    "a′(η) being the mean).",
)


# --------------------------------------------------------------------------
# chapter 2


def _expected_gaussian_with_sigma(y, mu, sigma):
    """glmlib's Gaussian keeps eta = mu and divides by the dispersion sigma^2.

    Folding the dispersion into eta and a(eta) gives the form of the task:
    eta = mu / sigma^2 and a = a_glmlib(mu) / sigma^2; b(y) is the same.
    """
    family = Gaussian(sigma)
    canonical = family.link(mu)
    eta = canonical / family.dispersion
    a = family.log_partition(canonical) / family.dispersion
    b = np.exp(family.log_base_measure(y))
    return eta, a, b


def _density_of(parts, y):
    eta, a, b = (np.asarray(p, dtype=float) for p in parts)
    return b * np.exp(eta * y - a)


GAUSSIAN_WITH_SIGMA = Exercise(
    name="ch2-gaussian-with-sigma",
    chapter=2,
    title="The Gaussian with any spread",
    task=r"""Chapter 2 fixed the spread at $\sigma = 1$. Keep $\sigma$ this time:
the density $\frac{1}{\sqrt{2\pi\sigma^2}}\exp\!\Big(-\frac{(y-\mu)^2}{2\sigma^2}\Big)$
still has the form $b(y)\exp\big(\eta\,y - a(\eta)\big)$. Expand the square and
sort its three terms: the one holding both $y$ and $\mu$ fixes $\eta$; the one
with $\mu$ alone is $-a(\eta)$ (write it with $\eta$); everything free of $\mu$,
the factor $1/\sqrt{2\pi\sigma^2}$ included, belongs to $b(y)$. Write
`gaussian_with_sigma(y, mu, sigma)` that returns the tuple `(eta, a, b)`: the
natural parameter, the value of $a(\eta)$ at that $\eta$, and the value of
$b(y)$. Then `b * np.exp(eta * y - a)` is the density.""",
    imports="import numpy as np\n",
    stub=f'''def gaussian_with_sigma(y, mu, sigma):
    """(eta, a, b): the Gaussian(mu, sigma) in exponential-family form.

    eta is the natural parameter, a the log-partition a(eta) at that eta,
    b the base measure b(y). Return all three: `return eta, a, b`.
    """
    {STARTER_LINE}
''',
    solution=solutions.gaussian_with_sigma,
    expected=_expected_gaussian_with_sigma,
    outputs=(
        ("eta", "the natural parameter"),
        ("a", "the log-partition a(η)"),
        ("b", "the base measure b(y)"),
    ),
    cases=(
        Case({"y": 1.0, "mu": 0.5, "sigma": 3.0}),
        Case({"y": -0.3, "mu": 1.2, "sigma": 0.5}),
        Case(
            {
                "y": np.array([-1.0, 0.0, 2.5]),
                "mu": np.array([0.5, 0.5, -1.0]),
                "sigma": 1.5,
            }
        ),
        Case({"y": 2.0, "mu": -1.0, "sigma": 1.0}),
    ),
    mistakes=(
        Mistake(
            "Your three parts multiply back to the right density, but they split it "
            "differently from the task: a(η) is only the term with μ, σ²η²/2, and every "
            "factor without μ, 1/√(2πσ²) included, goes into b(y).",
            lambda a, e, g: same(_density_of(g, a.y), _density_of(e, a.y)),
        ),
        gives(
            lambda a, e: a.mu,
            "η = μ holds only for σ = 1. The term with both y and μ is yμ/σ², so "
            "η = μ/σ².",
            part=0,
        ),
        gives(
            lambda a, e: a.mu / a.sigma,
            "Divide by the variance σ², not by σ: the cross term is yμ/σ².",
            part=0,
        ),
        gives(
            lambda a, e: e[0] ** 2 / 2,
            "η²/2 is the σ = 1 case. The term with μ alone is μ²/(2σ²), which is "
            "σ²η²/2 once μ = σ²η.",
            part=1,
        ),
        gives(
            lambda a, e: a.mu**2 / 2,
            "The term with μ alone is μ²/(2σ²): the σ² is missing.",
            part=1,
        ),
        gives(
            lambda a, e: a.mu**2 / (2 * a.sigma),
            "The term with μ alone is μ²/(2σ²): divide by the variance σ², not by σ.",
            part=1,
        ),
        gives(
            lambda a, e: -e[1],
            "a(η) is subtracted in the exponent, so a itself is positive here: σ²η²/2.",
            part=1,
        ),
        gives(
            lambda a, e: np.exp(-(a.y**2) / (2 * a.sigma**2)),
            "The normalising factor 1/√(2πσ²) is missing from b(y); it does not "
            "involve μ, so it belongs there.",
            part=2,
        ),
        gives(
            lambda a, e: np.log(e[2]),
            "You returned log b(y). The task asks for b(y) itself, the factor in "
            "front of the exponential.",
            part=2,
        ),
        gives(
            lambda a, e: Gaussian(a.sigma).density(a.y, a.mu),
            "That is the whole density. b(y) is the part without μ: "
            "exp(−y²/(2σ²)) / √(2πσ²).",
            part=2,
        ),
    ),
    why="Whatever σ is, maximising the likelihood gives the same fitted means. In "
    "this form η = μ/σ², so coefficients fitted to η would come out divided by "
    "σ²; in the dispersion form that glmlib uses, η = μ and σ² divides the whole "
    "log-likelihood, so the fitted θ is the same for every σ. That is why "
    "chapter 2 could set σ = 1 and lose nothing.",
)


# --------------------------------------------------------------------------
# chapter 3


LOGIT = Exercise(
    name="ch3-logit",
    chapter=3,
    title="The logit: from a probability to the natural parameter",
    task=r"""Written in exponential-family form, the Bernoulli has the log-odds as
its natural parameter: $\eta = \log\frac{\phi}{1-\phi}$. Write `logit(phi)`
that maps a probability $0 < \phi < 1$, a number or a NumPy array, to $\eta$.
The check also tries probabilities within $10^{-10}$ of 0 and of 1.""",
    imports="import numpy as np\n",
    stub=f'''def logit(phi):
    """The log-odds of a probability 0 < phi < 1 (a number or an array)."""
    {STARTER_LINE}
''',
    solution=solutions.logit,
    expected=lambda phi: Bernoulli().link(phi),
    cases=(
        Case({"phi": 0.7}),
        Case({"phi": 0.2}),
        Case({"phi": np.array([0.01, 0.5, 0.9, 0.999])}),
        Case({"phi": 1e-10}, extreme=True),
        Case({"phi": 1 - 1e-10}, extreme=True),
        Case({"phi": 0.5}),
    ),
    mistakes=(
        gives(
            lambda a, e: special.expit(a.phi),
            "That is the sigmoid, the response function g⁻¹, which goes from η to φ. "
            "The logit is its inverse, the link g: from φ to η.",
        ),
        gives(
            lambda a, e: np.exp(e),
            "φ/(1 − φ) is the odds. The natural parameter is its log, the log-odds.",
        ),
        gives(
            lambda a, e: -e,
            "The fraction is upside down: log(φ/(1 − φ)), with the probability of 1 "
            "on top, not log((1 − φ)/φ).",
        ),
        gives(
            lambda a, e: np.log(a.phi),
            "log φ is only the top half: divide by 1 − φ inside the log (or subtract "
            "log(1 − φ)).",
        ),
        gives(
            lambda a, e: np.log(a.phi / (1 + a.phi)),
            "The denominator is 1 − φ, the probability of 0, not 1 + φ.",
        ),
    ),
    why="The logit is the Bernoulli's canonical link: a logistic regression's "
    "θᵀx is the log-odds of y = 1, so each coefficient is a change in log-odds.",
)


STABLE_SIGMOID = Exercise(
    name="ch3-stable-sigmoid",
    chapter=3,
    title="A sigmoid that never overflows",
    task=r"""The sigmoid $\sigma(\eta) = \frac{1}{1+e^{-\eta}}$ turns a natural
parameter back into a probability. Typed in as it stands, it meets
$e^{800}$ at $\eta = -800$: that is beyond the largest floating-point number,
so numpy returns `inf` with an overflow warning, even though
$1/(1+\infty) = 0$ then happens to be the right answer. The equal form
$\frac{e^{\eta}}{1+e^{\eta}}$ fares worse at $\eta = 800$: $\infty/\infty$ is
NaN. Write `sigmoid(eta)` for a number or a NumPy array that returns the
right probability for every $\eta$, $\pm 800$ included, with no overflow
warning. A way in: for each sign of $\eta$ one of the two forms never meets
an exponential larger than 1. (In practice `scipy.special.expit` does this
for you; here you write it.)""",
    imports="import numpy as np\n",
    stub=f'''def sigmoid(eta):
    """1 / (1 + e^(-eta)) for a number or an array eta, finite for every eta.

    Return an array of the same shape (a plain number is fine for one eta).
    """
    {STARTER_LINE}
''',
    solution=solutions.sigmoid,
    expected=lambda eta: Bernoulli().response(eta),
    strict_numerics=True,
    cases=(
        Case({"eta": 0.8}),
        Case({"eta": -1.5}),
        Case({"eta": np.array([-3.0, -0.5, 0.0, 0.5, 4.0])}),
        Case({"eta": np.array([-2, 0, 2])}),
        Case({"eta": 800.0}, extreme=True),
        Case({"eta": -800.0}, extreme=True),
        Case({"eta": np.array([-800.0, -30.0, 0.0, 30.0, 800.0])}, extreme=True),
    ),
    mistakes=(
        gives(
            lambda a, e: 1 - e,
            "That is σ(−η) = 1 − σ(η), the probability of 0: the sign of η in the "
            "exponent is flipped.",
        ),
        gives(
            lambda a, e: special.logit(a.eta),
            "That is the logit, the link g (φ to η). The sigmoid is its inverse, the "
            "response g⁻¹ (η to φ).",
        ),
        gives(
            lambda a, e: np.exp(a.eta),
            "e^η alone is not a probability: divide it by 1 + e^η.",
        ),
        gives(
            lambda a, e: np.trunc(e),
            "Your probabilities were cut to whole numbers: an output made with "
            "`np.empty_like(eta)` or `np.zeros_like(eta)` takes eta's integer type "
            "when eta holds integers. Give it `dtype=float`.",
        ),
    ),
    overflow_hint="e^(−η) overflows for η below −709, and e^η above 709; "
    "inf/inf is NaN. Use 1/(1 + e^(−η)) only where η ≥ 0 and "
    "e^η/(1 + e^η) only where η < 0, picking the elements with a boolean "
    "mask: `np.where(mask, f(eta), g(eta))` still evaluates both formulas on every "
    "element, so it still overflows.",
    why="Fits meet large |η| whenever the classes are nearly separated; one NaN "
    "from the sigmoid spreads to every coefficient at the next step, which is why "
    "glmlib relies on scipy's expit.",
)


# --------------------------------------------------------------------------
# chapter 5


def _display(family):
    """The family's own name for display, "Gaussian" for "gaussian"."""
    return get_family(family).display_name


def _eta_hint(a):
    return (
        f"You returned η = θᵀx. The {_display(a.family)} model predicts the mean, "
        f"the response of η: {_response_words(a.family)}."
    )


def _link_hint(a):
    fam = get_family(a.family)
    name = LINKS[fam.canonical_link]().description.name
    return (
        f"You applied the {fam.display_name}'s link function, the {name}, which maps "
        f"a mean to η. Predicting runs the other way: {_response_words(a.family)}."
    )


def _swapped_hint(used):
    def hint(a):
        return (
            f"That is the {_display(used)}'s response, {_response_words(used)}. For the "
            f"{_display(a.family)} family use {_response_words(a.family)}."
        )

    return hint


PREDICT_MEAN = Exercise(
    name="ch5-predict-mean",
    chapter=5,
    title="Turn the crank: one prediction for three families",
    task=r"""The recipe of chapter 4 predicts the mean, $h(x) = \mathrm{E}[y \mid x]$,
from the natural parameter $\eta = \theta^T x$ through the family's response
function $g^{-1}$. Write `predict_mean(theta, X, family)` for `family` one of
`"gaussian"`, `"bernoulli"` and `"poisson"`: compute $\eta$ for every row of
`X` (shape $(n, p)$) and return $h = g^{-1}(\eta)$, shape $(n,)$. Chapter 2
gave the Gaussian's response and chapter 3 the Bernoulli's; the Poisson's,
which chapter 7 derives, is $e^{\eta}$. One input reaches $|\eta| = 800$.""",
    imports="import numpy as np\nfrom scipy import special\n",
    stub=f'''def predict_mean(theta, X, family):
    """h(x) for every row of X: the family's response of eta = X theta.

    family is "gaussian", "bernoulli" or "poisson". Returns shape (n,).
    """
    {STARTER_LINE}
''',
    solution=solutions.predict_mean,
    expected=lambda theta, X, family: get_family(family).response(X @ theta),
    cases=(
        Case({"theta": np.array([0.5, -0.2]), "X": _X5, "family": "gaussian"}),
        Case({"theta": np.array([-1.0, 0.8]), "X": _X5, "family": "bernoulli"}),
        Case({"theta": np.array([0.2, 0.5]), "X": _X5, "family": "poisson"}),
        Case(
            {
                "theta": np.array([0.0, 100.0]),
                "X": design_matrix([-8.0, -0.01, 0.01, 8.0]),
                "family": "bernoulli",
            },
            extreme=True,
        ),
    ),
    mistakes=(
        gives(lambda a, e: a.X @ a.theta, _eta_hint),
        gives(
            lambda a, e: _quiet(get_family(a.family).link, a.X @ a.theta), _link_hint
        ),
        gives(lambda a, e: np.exp(a.X @ a.theta), _swapped_hint("poisson")),
        gives(lambda a, e: special.expit(a.X @ a.theta), _swapped_hint("bernoulli")),
    ),
    overflow_hint="For η = 800, e^η is inf and e^η/(1 + e^η) is inf/inf = NaN."
    " Use a sigmoid that cannot overflow: `scipy.special.expit`, or yours "
    "from chapter 3.",
    why="Only the response changes between the three families; the same linear "
    "predictor gives linear, logistic or Poisson regression, which is the whole "
    "recipe of chapter 4.",
)


# --------------------------------------------------------------------------
# chapter 6


def _expected_softmax(scores):
    """glmlib's response takes K - 1 scores relative to class 0; shift to that form."""
    scores = np.asarray(scores, dtype=float)
    return MultinomialLogit().response(scores[..., 1:] - scores[..., :1])


def _exp(a):
    return np.exp(np.asarray(a.scores, dtype=float))


def _shifted_by_table_max(a):
    weights = np.exp(a.scores - np.max(a.scores))
    return weights / weights.sum(axis=-1, keepdims=True)


SOFTMAX = Exercise(
    name="ch6-softmax",
    chapter=6,
    title="The softmax, safe for large scores",
    task=r"""With $K$ classes, the response function of softmax regression turns
$K$ scores $z_1, \dots, z_K$ into probabilities
$p_k = e^{z_k} \big/ \sum_{j=1}^{K} e^{z_j}$. Write `softmax(scores)` for a
1-D array of $K$ scores, or a 2-D array with one row of scores per example
(normalise each row: the last axis holds the classes). Return an array of
the same shape whose rows sum to one. Some inputs have scores near 1000,
where $e^{1000}$ overflows; adding one number to every score of a row leaves
its probabilities unchanged.""",
    imports="import numpy as np\n",
    stub=f'''def softmax(scores):
    """Class probabilities from scores; the last axis holds the K classes.

    scores: shape (K,) or (n, K). Returns the same shape; each row sums to 1.
    """
    {STARTER_LINE}
''',
    solution=solutions.softmax,
    expected=_expected_softmax,
    cases=(
        Case({"scores": np.array([1.0, 2.0, 3.0])}),
        Case(
            {
                "scores": np.array(
                    [[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [-1.0, 0.5, 2.0, 0.0]]
                )
            }
        ),
        Case(
            {"scores": np.array([[1.0, 2.0, 3.0], [2.0, 2.0, 5.0], [0.0, -1.0, 4.0]])}
        ),
        Case({"scores": np.array([1000.0, 1001.0, 1002.0])}, extreme=True),
        Case(
            {"scores": np.array([[-1000.0, 0.0, 1000.0], [5.0, 5.0, 5.0]])},
            extreme=True,
        ),
    ),
    mistakes=(
        gives(
            lambda a, e: _exp(a),
            "You returned the exponentials e^z. Divide each by the sum over its row so "
            "that the probabilities add up to one.",
        ),
        gives(
            lambda a, e: _exp(a) / _exp(a).sum(),
            "You divided by the sum over the whole table. Sum each row separately: "
            "`.sum(axis=-1, keepdims=True)`.",
        ),
        gives(
            lambda a, e: _exp(a) / _exp(a).sum(axis=0, keepdims=True),
            "Your columns sum to one, not your rows: the classes are along the last "
            "axis, so sum with `axis=-1`.",
        ),
        gives(
            lambda a, e: _exp(a) / _exp(a).sum(axis=-1),
            "Without `keepdims=True` the row sums form a flat array that numpy lines "
            "up with the columns, so entry (i, j) is divided by row j's sum. With a "
            "square table this runs without an error; `keepdims=True` keeps the sums "
            "as a column.",
        ),
        gives(
            lambda a, e: _shifted_by_table_max(a),
            "You subtracted the largest score of the whole table. A row whose "
            "scores all lie far below it then has e^z = 0 everywhere and 0/0 = NaN. "
            "Subtract each row's own maximum: `scores.max(axis=-1, keepdims=True)`.",
        ),
        gives(
            lambda a, e: a.scores / a.scores.sum(axis=-1, keepdims=True),
            "You normalised the scores themselves. Exponentiate first: p_k is "
            "e^(z_k) divided by the sum of the e^(z_j).",
        ),
    ),
    overflow_hint="e^1000 is inf, and inf / inf is NaN. Subtract each row's largest "
    "score first, `scores - scores.max(axis=-1, keepdims=True)`: the probabilities "
    "stay the same and every exponential is at most 1.",
    why="Taking the largest score off first changes no probability and keeps every "
    "exponential at most one; glmlib's categorical family gets the same safety from "
    "scipy's softmax and logsumexp.",
)


# --------------------------------------------------------------------------
# chapter 7


def _expected_poisson_log_likelihood(theta, X, y):
    return np.sum(Poisson().loglik(y, X @ theta))


def _log_factorials(a):
    return np.sum(special.gammaln(a.y + 1))


POISSON_LOG_LIKELIHOOD = Exercise(
    name="ch7-poisson-log-likelihood",
    chapter=7,
    title="The Poisson log-likelihood",
    task=r"""For counts $y^{(i)}$ with natural parameters
$\eta^{(i)} = \theta^T x^{(i)}$, the log of the Poisson probability of one
count is $y\,\eta - e^{\eta} - \log y!$. Write
`poisson_log_likelihood(theta, X, y)` that returns its sum over all rows, a
single number. One input has counts above 200, and $y!$ for $y > 170$ is too
large for a float; `scipy.special` has a function for $\log\Gamma$, and
$y! = \Gamma(y + 1)$.""",
    imports="import numpy as np\nfrom scipy import special\n",
    stub=f'''def poisson_log_likelihood(theta, X, y):
    """Sum over the rows of log p(y_i; eta_i) for the Poisson, eta = X theta.

    theta: shape (p,); X: shape (n, p); y: counts, shape (n,). Returns one number.
    """
    {STARTER_LINE}
''',
    solution=solutions.poisson_log_likelihood,
    expected=_expected_poisson_log_likelihood,
    cases=(
        Case({"theta": np.array([0.2, 0.5]), "X": _X5, "y": _Y_COUNTS}),
        Case(
            {"theta": np.array([-0.5, 0.32]), "X": _SHOP_X, "y": _CUSTOMERS},
            _SHOP_SHOWN,
        ),
        Case(
            {
                "theta": np.array([5.2, 0.1]),
                "X": design_matrix([0.0, 1.0, 2.0]),
                "y": np.array([180.0, 200.0, 230.0]),
            },
            extreme=True,
        ),
    ),
    mistakes=(
        gives(
            lambda a, e: e + _log_factorials(a),
            "The −log(y!) term is missing. It does not change which θ is best, "
            "but the log-likelihood's value needs it.",
        ),
        gives(
            lambda a, e: e + 2 * _log_factorials(a),
            "log(y!) carries the wrong sign: the probability divides by y!, so its log "
            "subtracts log(y!).",
        ),
        gives(
            lambda a, e: e / a.n,
            "You averaged over the n = {n} rows; the log-likelihood is their sum.",
        ),
        gives(
            lambda a, e: -e,
            "That is the negative log-likelihood, the loss a minimiser would use. The "
            "task asks for the log-likelihood itself.",
        ),
        gives(
            lambda a, e: (
                np.sum(a.y * (a.X @ a.theta) - a.X @ a.theta) - _log_factorials(a)
            ),
            "The middle term is a(η) = e^η, the rate λ, not η itself.",
        ),
        gives(
            lambda a, e: (
                np.sum(a.y * np.log(a.X @ a.theta) - a.X @ a.theta) - _log_factorials(a)
            ),
            "You used η as the rate. The rate is λ = e^η; η is its log.",
        ),
    ),
    raise_hints=(
        RaiseHint(
            r"factorial",
            "`math.factorial` takes one whole number at a time, and y! overflows a "
            "float past 170 anyway. `scipy.special.gammaln(y + 1)` gives log(y!) for "
            "a whole array at once.",
        ),
    ),
    overflow_hint="y! for y above 170 is larger than any float, so a factorial "
    "returns inf and its log is inf. `scipy.special.gammaln(y + 1)` computes log(y!) "
    "without forming y!.",
    why="The −log(y!) term does not move θ, yet the log-likelihood's value needs "
    "it to compare models or to match the loglik that glmlib.fit reports; gammaln "
    "keeps it finite for any count.",
)


def _expected_count_ratio(theta, delta):
    """The mean at x = delta over the mean at x = 0, from glmlib's Poisson response."""
    means = Poisson().response(design_matrix([0.0, delta]) @ theta)
    return means[1] / means[0]


COUNT_RATIO = Exercise(
    name="ch7-count-ratio",
    chapter=7,
    title="Reading a Poisson coefficient as a factor",
    task=r"""In Poisson regression with one feature,
$\mathrm{E}[y \mid x] = e^{\theta_0 + \theta_1 x}$. Write
`count_ratio(theta, delta)` that returns the factor by which the expected
count is multiplied when $x$ rises by `delta`, from any starting $x$ (the
answer does not depend on it). `theta` is the array $[\theta_0, \theta_1]$.""",
    imports="import numpy as np\n",
    stub=f'''def count_ratio(theta, delta):
    """E[y | x + delta] / E[y | x] for the Poisson model with theta = [theta0, theta1]."""
    {STARTER_LINE}
''',
    solution=solutions.count_ratio,
    expected=_expected_count_ratio,
    cases=(
        Case({"theta": np.array([-0.5, 0.32]), "delta": 1.0}),
        Case({"theta": np.array([-0.5, 0.32]), "delta": 2.5}),
        Case({"theta": np.array([1.0, -0.7]), "delta": 1.0}),
        Case({"theta": np.array([2.0, 0.4]), "delta": -3.0}),
        Case({"theta": np.array([0.3, 0.0]), "delta": 4.0}),
    ),
    mistakes=(
        gives(
            lambda a, e: a.theta[1] * a.delta,
            "θ₁δ is how much η, the log of the mean, changes. The mean itself is "
            "λ = e^η, so it is multiplied by e^(θ₁δ).",
        ),
        gives(
            lambda a, e: np.exp(a.theta[0] + a.theta[1] * a.delta),
            "That is the expected count at x = δ. In the ratio "
            "e^(θ₀ + θ₁(x + δ)) / e^(θ₀ + θ₁x) the intercept cancels.",
        ),
        gives(
            lambda a, e: np.exp(a.theta[1]) * a.delta,
            "Factors compound: each unit of x multiplies the mean by e^θ₁, so δ units "
            "multiply it by (e^θ₁)^δ = e^(θ₁δ), not by e^θ₁ times δ.",
        ),
        gives(
            lambda a, e: np.exp(a.theta[1]),
            "e^θ₁ is the factor for a rise of exactly one unit; here x rises by "
            "δ = {delta}.",
        ),
        gives(
            lambda a, e: 1 + a.theta[1] * a.delta,
            "1 + θ₁δ is only the first-order approximation of e^(θ₁δ): close when θ₁δ "
            "is small, wrong when it is large.",
        ),
        gives(
            lambda a, e: np.exp(a.theta[0] * a.delta),
            "`theta[0]` is the intercept θ₀; the slope on x is `theta[1]`.",
        ),
        gives(
            lambda a, e: e - 1,
            "You returned the relative change (factor minus one). Return the factor "
            "itself.",
        ),
    ),
    why="A Poisson coefficient acts by multiplication: a rise of δ multiplies the "
    "expected count by e^(θ₁δ) wherever x starts, so the shop's slope 0.32 "
    "means about 38 % more customers per extra hundred dollars.",
)


# --------------------------------------------------------------------------
# chapters 8 and 9


def _expected_step(theta, X, y, family, learning_rate):
    """One step of gradient ascent on the mean log-likelihood: ``glmlib.gradient_step``.

    The check and the library share one definition of the lesson's rule, the
    one ``glmlib.fit(method="gradient")`` takes at every step (chapter 8).
    """
    return gradient_step(theta, X, y, family, learning_rate)


def _iterate(a, n_steps, scale=1.0):
    theta = np.zeros(a.X.shape[1])
    for _ in range(n_steps):
        step = _expected_step(theta, a.X, a.y, a.family, a.learning_rate) - theta
        theta = theta + scale * step
    return theta


def _iterate_with_h_from_zero(a):
    """The loop with h computed once, at theta = 0: every step is the first one."""
    first_step = _expected_step(
        np.zeros(a.X.shape[1]), a.X, a.y, a.family, a.learning_rate
    )
    return a.n_steps * first_step


GRADIENT_STEP = Exercise(
    name="ch8-gradient-step",
    chapter=8,
    title="One gradient step for any GLM",
    task=r"""Chapter 8 shows that for a GLM with its canonical link, the gradient
of the average log-likelihood is
$\frac{1}{n}\sum_{i} \big(y^{(i)} - h(x^{(i)})\big)\,x^{(i)}$, where
$h(x) = g^{-1}(\theta^T x)$ is the family's response. Write
`gradient_step(theta, X, y, family, learning_rate)` that takes one step of
gradient ascent, $\theta + \alpha \cdot$ that gradient with $\alpha$ =
`learning_rate`, and returns the new $\theta$. `family` is a glmlib family
object such as `glmlib.Bernoulli()`; `family.response(eta)` is its response
function. Return a new array and leave the `theta` you were given unchanged.""",
    imports="import numpy as np\n",
    stub=f'''def gradient_step(theta, X, y, family, learning_rate):
    """theta after one step of gradient ascent on the mean log-likelihood.

    family is a glmlib family; family.response(eta) gives h. Returns shape (p,).
    """
    {STARTER_LINE}
''',
    solution=solutions.gradient_step,
    expected=_expected_step,
    cases=(
        Case(
            {
                "theta": np.array([0.2, 0.1]),
                "X": _X5,
                "y": _Y_YES_NO,
                "family": Bernoulli(),
                "learning_rate": 0.3,
            }
        ),
        Case(
            {
                "theta": np.array([0.0, 0.0]),
                "X": _X5,
                "y": _Y_REAL,
                "family": Gaussian(),
                "learning_rate": 0.1,
            }
        ),
        Case(
            {
                "theta": np.array([-0.5, 0.2]),
                "X": _SHOP_X,
                "y": _CUSTOMERS,
                "family": Poisson(),
                "learning_rate": 0.01,
            },
            _SHOP_SHOWN,
        ),
        Case(
            {
                "theta": np.array([-2.0, 1.5]),
                "X": _X_SPREAD,
                "y": _Y_YES_NO,
                "family": Bernoulli(),
                "learning_rate": 1.0,
            }
        ),
    ),
    mistakes=(
        gives(
            lambda a, e: a.theta + a.n * (e - a.theta),
            "Your step is n = {n} times too long: you summed (y − h)·x over the "
            "examples. The gradient of the average log-likelihood divides by n.",
        ),
        gives(
            lambda a, e: a.theta + a.n / a.p * (e - a.theta),
            _DIVIDED_BY_P,
        ),
        gives(
            lambda a, e: a.theta - (e - a.theta),
            "You stepped downhill. To maximise the log-likelihood, add "
            "learning_rate × (y − h)·x; (h − y)·x, or a minus sign, descends.",
        ),
        gives(
            lambda a, e: e - a.theta,
            "You returned the step alone. Add it to θ and return the new θ.",
        ),
        gives(
            lambda a, e: a.theta + (e - a.theta) / a.learning_rate,
            "The learning rate is missing: multiply the gradient by "
            "learning_rate = {learning_rate}.",
        ),
        gives(
            lambda a, e: (
                a.theta + a.learning_rate * a.X.T @ (a.y - a.X @ a.theta) / a.n
            ),
            lambda a: (
                "You used η = Xθ as the prediction h. For this family h is the "
                f"response of η, {_response_words(a.family)}: call "
                "`family.response(X @ theta)`."
            ),
        ),
        gives(
            lambda a, e: (
                a.theta
                + a.learning_rate
                * a.X.T
                @ (a.y - _quiet(a.family.link, a.X @ a.theta))
                / a.n
            ),
            "You used `family.link`, the link g, which maps a mean to η. The prediction h is the "
            "response of eta: `family.response(X @ theta)`.",
        ),
    ),
    why="The family enters through one call, family.response; every other part of "
    "the step is the same line for linear, logistic and Poisson regression, which is "
    "chapter 0's shared update rule explained.",
)


def _converged(a):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit(a.X, a.y, a.family).coef


def _history_of_thetas(a, e, got):
    got = np.asarray(got, dtype=float)
    return (
        got.ndim == 2
        and got.shape[1] == e.shape[0]
        and got.shape[0] in (a.n_steps, a.n_steps + 1)
        and same(got[-1], e)
    )


FIT_LOOP = Exercise(
    name="ch9-fit-loop",
    chapter=9,
    title="A fitting loop",
    task=r"""Put chapter 8's step in a loop. Write
`fit_by_gradient(X, y, family, learning_rate, n_steps)` that starts from
$\theta = 0$ (one zero per column of `X`), takes exactly `n_steps` steps
$\theta \leftarrow \theta + \alpha\,\frac{1}{n}X^T\big(y - h\big)$ with
$\alpha$ = `learning_rate` and $h$ = `family.response(X @ theta)` recomputed
at every step, and returns the final $\theta$, shape $(p,)$.""",
    imports="import numpy as np\n",
    stub=f'''def fit_by_gradient(X, y, family, learning_rate, n_steps):
    """theta after n_steps steps of gradient ascent from theta = 0.

    family is a glmlib family; family.response(eta) gives h. Returns shape (p,).
    """
    {STARTER_LINE}
''',
    solution=solutions.fit_by_gradient,
    expected=lambda X, y, family, learning_rate, n_steps: _iterate(
        _Args(X, y, family, learning_rate), n_steps
    ),
    cases=(
        Case(
            {
                "X": _X5,
                "y": _Y_REAL,
                "family": Gaussian(),
                "learning_rate": 0.1,
                "n_steps": 3,
            }
        ),
        Case(
            {
                "X": _X_SPREAD,
                "y": np.array([0.0, 0.0, 1.0, 0.0, 1.0]),
                "family": Bernoulli(),
                "learning_rate": 0.5,
                "n_steps": 20,
            }
        ),
        Case(
            {
                "X": _SHOP_X,
                "y": _CUSTOMERS,
                "family": Poisson(),
                "learning_rate": 0.002,
                "n_steps": 300,
            },
            _SHOP_SHOWN,
        ),
        Case(
            {
                "X": _X5,
                "y": _Y_REAL,
                "family": Gaussian(),
                "learning_rate": 0.1,
                "n_steps": 0,
            }
        ),
    ),
    mistakes=(
        gives(
            lambda a, e: _iterate(a, a.n_steps - 1),
            "You took one step too few: the loop should run n_steps = {n_steps} times "
            "(`for _ in range(n_steps)`).",
        ),
        gives(
            lambda a, e: _iterate(a, a.n_steps + 1),
            "You took one step too many: the loop should run n_steps = {n_steps} times "
            "(`for _ in range(n_steps)`).",
        ),
        gives(
            lambda a, e: _iterate(a, 1),
            "Your answer is θ after a single step: each pass must start from the "
            "θ of the previous one. Assign the result back, "
            "`theta = theta + ...`, and compute h from that theta.",
        ),
        gives(
            lambda a, e: _iterate(a, a.n_steps, scale=a.n),
            "Your steps are n = {n} times too long: you summed (y − h)·x over the "
            "examples. Divide by n, as in chapter 8's step.",
        ),
        gives(
            lambda a, e: _iterate(a, a.n_steps, scale=a.n / a.p),
            _DIVIDED_BY_P,
        ),
        gives(
            lambda a, e: _iterate_with_h_from_zero(a),
            "Your h stayed what it was at θ = 0: it was computed once, before the "
            "loop. Each step needs the prediction of the current θ, so compute "
            "`h = family.response(X @ theta)` inside the loop.",
        ),
        gives(
            lambda a, e: _iterate(a, a.n_steps, scale=-1.0),
            "You stepped downhill. Gradient ascent adds learning_rate × (y − h)·x.",
        ),
        Mistake(
            "You returned every θ along the way. Return only the final one, "
            "shape (p,).",
            _history_of_thetas,
        ),
        gives(
            lambda a, e: _converged(a),
            "That is the converged maximum-likelihood fit (what `glmlib.fit` returns). "
            "This exercise asks for θ after exactly n_steps = {n_steps} steps of "
            "the loop, converged or not.",
        ),
    ),
    why="glmlib.fit(X, y, family, method='gradient') runs this same loop until the "
    "steps become tiny; chapter 9 sets it beside Newton's method, which arrives in a "
    "handful of steps instead of thousands.",
)


class _Args:
    """The arguments ``_iterate`` reads, for computing the expected value."""

    def __init__(self, X, y, family, learning_rate):
        self.X, self.y, self.family, self.learning_rate = X, y, family, learning_rate


#: Every exercise, in the order of the chapters.
ALL = (
    UPDATE_DIRECTION,
    POISSON_LOG_PARTITION,
    GAUSSIAN_WITH_SIGMA,
    LOGIT,
    STABLE_SIGMOID,
    PREDICT_MEAN,
    SOFTMAX,
    POISSON_LOG_LIKELIHOOD,
    COUNT_RATIO,
    GRADIENT_STEP,
    FIT_LOOP,
)
