"""How the course writes numbers in readouts, tables and feedback (chapter 0).

A fixed number of decimals, a true minus sign, never "-0.000", infinities
written as such, and NaN refused: every number a learner sees passes
through here.

* ``format_number`` / ``latex_number`` -- fixed decimals, as text or LaTeX;
* ``format_tuple`` -- a vector such as theta, "(0.983, 0.362)";
* ``scientific`` / ``scientific_tuple`` -- numbers of any size, -3.46 times 10^38
  with a true minus sign, the times sign and superscript digits
  (chapter 9), and ``readable_number``, fixed decimals until a number is
  too large for them (chapter 7);
* ``power_of_ten`` -- a tolerance or a tick such as "10⁻⁹";
* ``tick_label`` -- a short axis label, "0.5";
* ``capitalised`` -- a name as the first word of a label, "Gamma" for the
  gamma family, whose ``display_name`` is written as in prose.
"""

import math
from types import MappingProxyType

from ..families import FAMILIES

MINUS = "\u2212"
INFINITY = "\u221e"
TIMES = "\u00d7"
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def capitalised(text):
    """``text`` with a capital first letter, for the start of a label (chapter 1).

    Names are written as in prose (``family.display_name``: "gamma",
    "Poisson"); a label that starts with one capitalises it here: "Gamma
    fitted with the log link".
    """
    return text[:1].upper() + text[1:]


#: Each family's ``display_name`` as the first word of a label ("Gamma" for
#: the gamma family): derived from the families, never typed. Pickers, axis
#: titles and the distribution readouts of the widget wing use it.
FAMILY_LABELS = MappingProxyType(
    {name: capitalised(family.display_name) for name, family in FAMILIES.items()}
)


def tick_label(value):
    """A short tick label such as ``2`` or ``0.5``, true minus sign (chapter 0)."""
    text = f"{value:g}"
    return text.replace("-", MINUS)


def format_number(value, decimals=3):
    """``value`` with a fixed number of decimals, for plain-text readouts.

    Introduced in chapter 0. Writes a true minus sign, never "-0.000", and
    infinities as the infinity sign with or without a minus; NaN is a
    programming error and raises.
    """
    value = float(value)
    if math.isnan(value):
        raise ValueError("a readout was NaN; every number shown must be defined")
    if math.isinf(value):
        return INFINITY if value > 0 else MINUS + INFINITY
    text = f"{value:.{decimals}f}"
    if float(text) == 0.0:
        text = f"{0.0:.{decimals}f}"
    return text.replace("-", MINUS)


def latex_number(value, decimals=3):
    """``value`` formatted like ``format_number`` but as LaTeX (chapter 0)."""
    text = format_number(value, decimals)
    return text.replace(MINUS, "-").replace(INFINITY, r"\infty")


def format_tuple(values, decimals=3):
    """A vector as "(0.983, 0.362)", each entry by ``format_number`` (chapter 4)."""
    return "(" + ", ".join(format_number(v, decimals) for v in values) + ")"


def superscript(exponent):
    """A whole number as superscript digits, "⁻¹²" for -12 (chapter 5)."""
    return str(int(exponent)).translate(_SUPERSCRIPTS)


def power_of_ten(value):
    """A power of ten such as a tolerance, "10⁻⁹" for 1e-9 and "1" for 1 (chapter 5)."""
    exponent = round(math.log10(value))
    if not math.isclose(value, 10.0**exponent, rel_tol=1e-9):
        raise ValueError(f"{value!r} is not a power of ten")
    return "1" if exponent == 0 else f"10{superscript(exponent)}"


def scientific(value, digits=2):
    """A number of any size, readable, never "nan": -3.5 times 10^38 (chapter 9).

    Numbers between 0.001 and 10,000 are written plainly with ``digits``
    significant figures, larger and smaller ones as a mantissa times a power
    of ten in superscripts; infinities as the infinity sign.
    """
    value = float(value)
    if math.isnan(value):
        raise ValueError("a readout was NaN; every number shown must be defined")
    sign = MINUS if value < 0 else ""
    size = abs(value)
    if math.isinf(size):
        return sign + INFINITY
    if size == 0:
        return "0"
    exponent = math.floor(math.log10(size))
    mantissa = size / 10.0**exponent
    if round(mantissa, digits - 1) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    if -3 <= exponent <= 3:
        decimals = max(digits - 1 - exponent, 0)
        return sign + f"{size:.{decimals}f}"
    return f"{sign}{mantissa:.{digits - 1}f} {TIMES} 10{superscript(exponent)}"


def scientific_tuple(values, digits=3):
    """A vector such as theta, each entry written by ``scientific`` (chapter 9)."""
    return "(" + ", ".join(scientific(v, digits) for v in values) + ")"


def readable_number(value, decimals=2, limit=1e5):
    """Fixed decimals, or three significant digits times a power of ten from ``limit`` on.

    Introduced in chapter 7, where nearly degenerate data can give a finite
    but very steep fit: its factors are written as 1.23 times 10^15 (superscript
    digits), not as a line of digits.
    """
    value = float(value)
    if math.isfinite(value) and abs(value) >= limit:
        return scientific(value, 3)
    return format_number(value, decimals)
