"""Input checks whose error messages name the offending value and where it is."""

import numpy as np


def first_bad(mask):
    """Index (a tuple) of the first True in ``mask``, or None."""
    hits = np.argwhere(mask)
    return None if hits.size == 0 else tuple(int(i) for i in hits[0])


def where(name, index):
    """``y[3]`` or ``X[2, 1]``; just ``name`` for a scalar."""
    if not index:
        return name
    return f"{name}[{', '.join(str(i) for i in index)}]"


def as_float_array(values, name, owner):
    """``values`` as a float array, or a ValueError that says why it is not one."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{owner}: {name} must be numeric ({err})") from None
    return arr


def check_finite(arr, name, owner):
    """Raise a ValueError naming the first NaN or infinite entry of ``arr``."""
    bad = ~np.isfinite(arr)
    if bad.any():
        index = first_bad(bad)
        kind = "NaN" if np.isnan(arr[index]) else "an infinite value"
        raise ValueError(
            f"{owner}: {name} contains {kind} at {where(name, index)} "
            f"({int(bad.sum())} non-finite value(s) in all); "
            "remove or impute those rows first"
        )


def check_support(arr, in_support, name, owner, support):
    """Raise a ValueError naming the first entry of ``arr`` outside ``support``."""
    bad = ~in_support
    if bad.any():
        index = first_bad(bad)
        raise ValueError(
            f"{owner}: {name} must be {support}; {where(name, index)} = "
            f"{arr[index].item()!r} is not ({int(bad.sum())} such value(s) in all)"
        )
