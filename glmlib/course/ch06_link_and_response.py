"""Chapter 6's lesson helpers: the link g and the response g^-1, two translators.

* ``translate`` sends a mean through the link or an eta through the
  response, for any family and link glmlib offers, and says in words what
  happens at every edge (a mean of 0 or 1 under the logit, a mean outside
  the link's range, an eta no mean maps to) instead of computing a NaN;
* ``translator_curves`` and ``mirror_gap``: both curves on one pair of
  axes, each the other's mirror image across the diagonal;
* ``fitted_link``: the family fitted with that link to data that suit it
  (``glmlib.fit``), and the common mistake, the link applied to theta^T x
  where the response belongs;
* ``translator_table``: the lesson's table of translators, read from the
  families' canonical links.
"""

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..data import SPEND_RANGE, design_matrix, family_data
from ..families import get_family
from ..fitting import fit
from ..links import LINKS
from .formatting import format_number
from .tables import link_table

#: the families the translator offers (the categorical's link is a vector;
#: the table covers it)
TRANSLATOR_FAMILIES = ("gaussian", "bernoulli", "poisson", "gamma", "exponential")


#: the rows of the lesson's table, then the extension rows
TABLE_FAMILIES = ("gaussian", "bernoulli", "poisson", "categorical")


EXTENSION_FAMILIES = ("gamma", "exponential")


#: The mirror panel: the same limits on both axes, per family
MIRROR_LIMITS = {
    "gaussian": ((-4.0, 4.0), [-4, -2, 0, 2, 4]),
    "bernoulli": ((-4.0, 4.0), [-4, -2, 0, 2, 4]),
    "poisson": ((-4.0, 8.0), [-4, 0, 4, 8]),
    "gamma": ((-4.0, 8.0), [-4, 0, 4, 8]),
    "exponential": ((-4.0, 8.0), [-4, 0, 4, 8]),
}


CURVE_SPEND = np.linspace(*SPEND_RANGE, 201)


def link_label(family, link_name):
    """``"probit"`` or ``"logit (log-odds), canonical"``: a link as a picker shows it (chapter 6)."""
    fam = get_family(family)
    name = LINKS[link_name]().description.display_name
    return f"{name}, canonical" if link_name == fam.canonical_link else name


def family_mean_text(family):
    """The means a family allows, in words, from its canonical link (chapter 6)."""
    return get_family(family).get_link().description.mean_interval_text


# --------------------------------------------------------------------------
# the translation itself


@dataclass(frozen=True)
class Translation:
    """One trip through the translators for a family and a link (chapter 6).

    ``source`` says which side the learner set: ``"mean"`` (then ``eta`` is
    g(mean)) or ``"eta"`` (then ``mean`` is g^-1(eta)). ``mean`` or ``eta``
    is None when no value corresponds; ``eta`` may be plus or minus infinity
    at the edge of the link's range. ``ok`` says whether mean and eta are a
    finite, valid pair; ``status`` says in words what happened.
    """

    family: str
    link: str
    source: str
    mean: object
    eta: object
    round_trip: object
    ok: bool
    status: str


def translate(family, link, source, value):
    """Send a mean through the link, or an eta through the response (chapter 6).

    ``source="mean"``: eta = g(value), then g^-1(eta) back again.
    ``source="eta"``: mean = g^-1(value), then g(mean) back again.
    Values outside what the family or the link allows are reported in
    ``status`` instead of computed into NaN.
    """
    fam = get_family(family)
    lnk = fam.get_link(link)
    about = lnk.description
    label = fam.display_name
    value = float(value)
    low, high = about.mean_interval

    def result(mean, eta, back, ok, status):
        return Translation(family, link, source, mean, eta, back, ok, status)

    if source == "mean":
        mu = value
        shown = format_number(mu, 2)
        if not low <= mu <= high:
            return result(
                mu,
                None,
                None,
                False,
                f"the {about.display_name} link takes only "
                f"{about.mean_interval_text}; \u03bc = {shown} has no \u03b7",
            )
        with np.errstate(divide="ignore", over="ignore"):
            eta = float(lnk.link(mu))
        back = float(lnk.response(eta))
        if not np.isfinite(eta):
            return result(
                mu,
                eta,
                back,
                False,
                f"\u03bc = {shown} is the edge of {about.mean_interval_text}: the "
                f"{about.display_name} link sends it to \u03b7 = {format_number(eta)}, "
                "so no finite \u03b8\u1d40x predicts this mean exactly",
            )
        if not fam.valid_mean(mu):
            return result(
                mu,
                eta,
                back,
                False,
                f"\u03bc = {shown} is not a possible {label} mean "
                f"({family_mean_text(family)} is needed)",
            )
        return result(
            mu,
            eta,
            back,
            True,
            "g turns \u03bc into \u03b7, and g\u207b\u00b9 brings it back: "
            "g\u207b\u00b9(g(\u03bc)) = \u03bc",
        )
    if source != "eta":
        raise ValueError(f"source must be 'mean' or 'eta', not {source!r}")
    eta = value
    with np.errstate(divide="ignore", over="ignore"):
        mu = float(lnk.response(eta))
    if not lnk.valid_eta(eta):
        return result(
            None,
            eta,
            None,
            False,
            f"no mean maps to \u03b7 = {format_number(eta, 2)} under the "
            f"{about.display_name} link (its means are {about.mean_interval_text})",
        )
    if not (np.isfinite(mu) and fam.valid_mean(mu)):
        return result(
            None,
            eta,
            None,
            False,
            f"g\u207b\u00b9(\u03b7) = {format_number(mu, 2)} is not a possible "
            f"{label} mean ({family_mean_text(family)} is needed)",
        )
    with np.errstate(divide="ignore"):
        back = float(lnk.link(mu))
    return result(
        mu,
        eta,
        back,
        True,
        "g\u207b\u00b9 turns \u03b7 into \u03bc, and g brings it back: "
        "g(g\u207b\u00b9(\u03b7)) = \u03b7",
    )


@dataclass(frozen=True)
class TranslatorCurves:
    """The link and response curves of one family and link, on the mirror panel (chapter 6).

    ``link_mean, link_eta`` trace eta = g(mu) over the valid means;
    ``response_eta, response_mean`` trace mu = g^-1(eta) over the valid
    etas; both are computed with glmlib's link, each in its own direction.
    """

    link_mean: np.ndarray
    link_eta: np.ndarray
    response_eta: np.ndarray
    response_mean: np.ndarray


@lru_cache(maxsize=32)
def translator_curves(family, link, points=241):
    """g over the family's valid means, g^-1 over the valid etas (chapter 6).

    Both are restricted to the mirror panel's range and to pairs the family
    and the link allow, so each curve is the other's mirror image across the
    diagonal; values beyond the panel are clipped for drawing.
    """
    fam = get_family(family)
    lnk = fam.get_link(link)
    (low, high), _ = MIRROR_LIMITS[family]
    span = high - low
    interval = lnk.description.mean_interval
    mean_low, mean_high = max(low, interval[0]), min(high, interval[1])
    # points crowd towards the ends, where a link runs off to infinity
    crowd = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, points))
    inset = 1e-7 * (mean_high - mean_low)
    means = mean_low + inset + (mean_high - mean_low - 2 * inset) * crowd
    means = means[fam.valid_mean(means)]
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        link_eta = lnk.link(means)
        etas = np.linspace(low, high, points)
        etas = etas[lnk.valid_eta(etas)]
        response_mean = lnk.response(etas)
    keep = np.isfinite(response_mean) & fam.valid_mean(response_mean)
    clip = (low - span, high + span)
    return TranslatorCurves(
        link_mean=means,
        link_eta=np.clip(link_eta, *clip),
        response_eta=etas[keep],
        response_mean=np.clip(response_mean[keep], *clip),
    )


def mirror_gap(family, link):
    """How far the drawn link curve, mirrored, is from the response (chapter 6).

    Each drawn point (mu, eta) of the link curve, swapped to (eta, mu), must
    lie on the response curve: g^-1(eta) = mu. Returns the largest relative
    miss over the points inside the mirror panel (0 up to rounding).
    """
    curves = translator_curves(family, link)
    lnk = get_family(family).get_link(link)
    (low, high), _ = MIRROR_LIMITS[family]
    inside = (curves.link_eta > low) & (curves.link_eta < high)
    mean = curves.link_mean[inside]
    back = lnk.response(curves.link_eta[inside])
    return float(np.max(np.abs(back - mean) / np.maximum(1.0, np.abs(mean))))


# --------------------------------------------------------------------------
# a fitted model, and the mix-up


@dataclass(frozen=True)
class FittedLink:
    """One family and link fitted to chapter 6's data for that family (chapter 6).

    ``result`` is the ``GLMResult``, or None when glmlib found no fit;
    ``problem`` then says why, in glmlib's own words (also any warning).
    ``curve`` is h(x) = g^-1(theta^T x) over ``CURVE_SPEND``; ``mistake``
    is g(theta^T x), the link applied where the response belongs, over
    ``mistake_spend`` (the spends where it is a real number at all).
    """

    family: str
    link: str
    spend: np.ndarray
    y: np.ndarray
    result: object
    problem: str
    curve: np.ndarray
    mistake_spend: np.ndarray
    mistake: np.ndarray
    mistake_defined_share: float
    mistake_largest_gap: float

    @property
    def mistake_is_invisible(self):
        """True when g(t) = g^-1(t) wherever the fit runs: the link is its own inverse."""
        return bool(
            self.mistake_defined_share == 1.0
            and self.mistake_largest_gap <= 1e-9 * max(1.0, np.max(np.abs(self.curve)))
        )

    def mistake_verdict(self):
        """What applying g instead of g^-1 does to this fit's predictions, in words."""
        if self.result is None:
            return "no fit to predict with"
        if self.mistake_is_invisible:
            return (
                "the same curve: this link is its own inverse (g = g\u207b\u00b9), "
                "so here the slip goes unseen"
            )
        undefined = 1.0 - self.mistake_defined_share
        parts = []
        if undefined > 0:
            parts.append(f"undefined at {undefined:.0%} of the spends shown")
        if self.mistake_defined_share > 0:
            parts.append(
                f"up to {format_number(self.mistake_largest_gap, 2)} away from h(x)"
                + (" where defined" if undefined > 0 else "")
            )
        return "wrong: " + "; ".join(parts)


@lru_cache(maxsize=64)
def fitted_link(family, link):
    """Fit ``family`` with ``link`` to chapter 6's data, and apply the mix-up (chapter 6).

    ``glmlib.fit`` does the fit. Warnings (no convergence, separation) are
    caught and kept as words in ``problem``; a fit glmlib refuses (a
    ValueError: no coefficients keep every fitted mean in the family's
    range) gives ``result=None``.
    """
    spend, y = family_data(family)
    empty = np.empty(0)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = fit(design_matrix(spend), y, family=family, link=link)
    except ValueError as error:
        return FittedLink(
            family, link, spend, y, None, str(error), empty, empty, empty, 0.0, 0.0
        )
    problem = "; ".join(str(w.message) for w in caught)
    lin = design_matrix(CURVE_SPEND) @ result.coef
    curve = result.predict(design_matrix(CURVE_SPEND))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        mistake = result.link.link(lin)
    defined = np.isfinite(mistake)
    gap = (
        float(np.max(np.abs(mistake[defined] - curve[defined])))
        if defined.any()
        else 0.0
    )
    return FittedLink(
        family=family,
        link=link,
        spend=spend,
        y=y,
        result=result,
        problem=problem,
        curve=curve,
        mistake_spend=CURVE_SPEND[defined],
        mistake=mistake[defined],
        mistake_defined_share=float(defined.mean()),
        mistake_largest_gap=gap,
    )


def spend_for_mean(fitted, eta):
    """The spend x at which the fitted model has theta^T x = eta, or None (chapter 6).

    With one feature, theta_0 + theta_1 x = eta gives x = (eta - theta_0) / theta_1:
    the hour for which the fitted model predicts the mean that eta stands for.
    """
    if fitted.result is None or eta is None or not np.isfinite(eta):
        return None
    theta0, theta1 = fitted.result.coef
    if theta1 == 0:
        return None
    return float((eta - theta0) / theta1)


# --------------------------------------------------------------------------
# the table


def translator_table(families=TABLE_FAMILIES, extension=EXTENSION_FAMILIES):
    """The lesson's table of translators, plus extension rows (chapter 6).

    A ``link_table``: each row reads the family's names, its canonical link
    and the other links it offers (``family.link_names``) from glmlib, so
    nothing in it is typed by hand.
    """
    return link_table(
        families,
        columns=("model", "response", "link", "other links"),
        extension=extension,
    )


# --------------------------------------------------------------------------
# what the simulation shows


@dataclass(frozen=True)
class TranslatorState:
    """What chapter 6's figure shows: the translation and the fitted model."""

    translation: Translation
    fitted: FittedLink
    canonical: FittedLink
    show_mistake: bool
    spend_x: object

    @property
    def family(self):
        return self.translation.family

    @property
    def link(self):
        return self.translation.link
