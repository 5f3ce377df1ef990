"""How the course writes numbers in readouts, tables and feedback (chapter 0).

A fixed number of decimals, a true minus sign, never "-0.000", infinities
written as such, and NaN refused: every number a learner sees passes
through here.
"""

import math

MINUS = "\u2212"


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
        return "\u221e" if value > 0 else MINUS + "\u221e"
    text = f"{value:.{decimals}f}"
    if float(text) == 0.0:
        text = f"{0.0:.{decimals}f}"
    return text.replace("-", MINUS)


def latex_number(value, decimals=3):
    """``value`` formatted like ``format_number`` but as LaTeX (chapter 0)."""
    text = format_number(value, decimals)
    return text.replace(MINUS, "-").replace("\u221e", r"\infty")
