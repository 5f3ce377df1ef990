"""Benchmark: glmlib's Newton (IRLS) fit against statsmodels' GLM on Poisson data,
and the two calls chapters 7 and 8 make per frame.

Run from the project root:

    .venv/bin/python benchmarks/bench_fit.py            # everything
    .venv/bin/python benchmarks/bench_fit.py --quick    # fewer repetitions
    .venv/bin/python benchmarks/bench_fit.py --lab      # only the per-frame calls

Both libraries fit the same data in one process, with BLAS held to one
thread, in alternating runs (glmlib, statsmodels, glmlib, ...), so that a
slow moment of the machine hits both. Two sizes: n = 30 x p = 2, the refit
per drag event of the chapter 7 lab, and n = 100,000 x p = 10. It prints the
median time of each and the ratio glmlib / statsmodels; the goal is <= 0.5.
Both fits are checked to agree before any timing.

The per-frame calls: chapter 7's lab refits the 40 shop hours on every drag
event, cold (from R's start) or warm (``start=`` the fit before the drag);
chapter 8 calls ``gradient_step`` once per frame, timed against the bare
numpy formula it checks and computes. The 40-hour fit with no finite
estimate (one positive count at the largest spend), whose existence check
runs its linear program, is timed too.

On machines that set OPENBLAS_CORETYPE (see the workplace's env notes) a
current numpy runs a slower kernel; unset it and OPENBLAS_L2_SIZE together
for this command alone to measure the machine's real speed.
"""

import argparse
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy loads: single-threaded BLAS

import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import statsmodels.api as sm  # noqa: E402

import glmlib  # noqa: E402
from glmlib.data import design_matrix, shop_hours  # noqa: E402


def poisson_data(n, p, seed=0):
    """Standardized features with an intercept column and Poisson counts."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.standard_normal((n, p - 1))])
    theta = rng.normal(0.0, 0.3, size=p)
    theta[0] = 1.0
    y = rng.poisson(np.exp(X @ theta)).astype(float)
    return X, y


def fit_glmlib(X, y):
    return glmlib.fit(X, y, family="poisson").coef


def fit_statsmodels(X, y):
    return sm.GLM(y, X, family=sm.families.Poisson()).fit().params


def time_once(func, X, y):
    start = time.perf_counter()
    func(X, y)
    return time.perf_counter() - start


def compare(n, p, repeats):
    X, y = poisson_data(n, p)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours, theirs = fit_glmlib(X, y), fit_statsmodels(X, y)
    np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-9)
    times = {"glmlib": [], "statsmodels": []}
    for i in range(repeats):
        order = (
            [fit_glmlib, fit_statsmodels]
            if i % 2 == 0
            else [fit_statsmodels, fit_glmlib]
        )
        for func in order:
            key = "glmlib" if func is fit_glmlib else "statsmodels"
            times[key].append(time_once(func, X, y))
    ours_ms = 1e3 * statistics.median(times["glmlib"])
    theirs_ms = 1e3 * statistics.median(times["statsmodels"])
    print(
        f"n = {n:>7,} x p = {p:>2}: glmlib {ours_ms:9.3f} ms   statsmodels {theirs_ms:9.3f} ms"
        f"   ratio {ours_ms / theirs_ms:5.3f}   (median of {repeats} alternating runs)"
    )
    return ours_ms / theirs_ms


def median_us(func, repeats, inner=20):
    """Median over ``repeats`` runs of the mean time of ``inner`` calls, in microseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            func()
        times.append((time.perf_counter() - start) / inner)
    return 1e6 * statistics.median(times)


def drag_events(customers, n_events):
    """The counts after each of ``n_events`` drags of one point (up, then down)."""
    events = []
    y = customers.copy()
    for i in range(n_events):
        row = 7 + 5 * (i % 6)
        y = y.copy()
        y[row] = max(0.0, y[row] + (2.0 if (i // 6) % 2 == 0 else -2.0))
        events.append(y)
    return events


def lab(repeats):
    """Chapter 7's refit per drag event (cold, warm) and chapter 8's gradient_step."""
    spend, customers = shop_hours()
    X = design_matrix(spend)
    events = drag_events(customers, 48)
    cold, warm, iters = [], [], {"cold": 0, "warm": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(repeats):
            previous = glmlib.fit(X, customers, "poisson").coef
            for y in events:
                t0 = time.perf_counter()
                c = glmlib.fit(X, y, "poisson")
                t1 = time.perf_counter()
                w = glmlib.fit(X, y, "poisson", start=previous)
                t2 = time.perf_counter()
                np.testing.assert_allclose(w.coef, c.coef, rtol=1e-8)
                cold.append(t1 - t0)
                warm.append(t2 - t1)
                iters["cold"] += c.n_iter
                iters["warm"] += w.n_iter
                previous = w.coef
    cold_us, warm_us = 1e6 * statistics.median(cold), 1e6 * statistics.median(warm)
    steps = {k: v / (repeats * len(events)) for k, v in iters.items()}
    print(
        f"chapter 7, n = 40 Poisson refit per drag: cold {cold_us:7.1f} us "
        f"({steps['cold']:.1f} Newton steps), warm {warm_us:7.1f} us "
        f"({steps['warm']:.1f} steps); warm / cold {warm_us / cold_us:5.3f}"
    )
    sm_us = median_us(
        lambda: fit_statsmodels(X, customers), max(3, repeats // 4), inner=5
    )
    print(
        f"   statsmodels' GLM on the same 40 hours {sm_us:7.1f} us; "
        f"cold / statsmodels {cold_us / sm_us:5.3f}"
    )
    lone = np.zeros_like(customers)
    lone[-1] = 3.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", glmlib.NoFiniteEstimateWarning)
        none_us = median_us(lambda: glmlib.fit(X, lone, "poisson"), repeats, inner=5)
    check_us = median_us(
        lambda: glmlib.existence.finite_estimate_exists(X, lone), repeats, inner=5
    )
    print(
        f"   no finite estimate (lone count at the top spend): fit {none_us:7.1f} us, "
        f"finite_estimate_exists alone {check_us:7.1f} us; fit / cold {none_us / cold_us:5.2f}"
    )

    theta = np.array([0.1, 0.1])
    n = len(customers)
    fam = glmlib.Poisson()

    def by_hand():
        return theta + 0.01 * X.T @ (customers - np.exp(X @ theta)) / n

    np.testing.assert_allclose(
        glmlib.gradient_step(theta, X, customers, fam, 0.01), by_hand(), rtol=1e-13
    )
    bare = median_us(by_hand, repeats, inner=200)
    named = median_us(
        lambda: glmlib.gradient_step(theta, X, customers, "poisson", 0.01),
        repeats,
        inner=200,
    )
    given = median_us(
        lambda: glmlib.gradient_step(theta, X, customers, fam, 0.01), repeats, inner=200
    )
    print(
        f"chapter 8, gradient_step on the 40 hours: {named:6.1f} us (family by name), "
        f"{given:6.1f} us (family object); bare numpy formula {bare:5.1f} us; "
        f"gradient_step / bare {named / bare:5.1f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--lab", action="store_true", help="only the per-frame calls")
    args = parser.parse_args()
    lab(5 if args.quick else 30)
    if args.lab:
        return
    small, large = (200, 5) if args.quick else (2000, 21)
    ratios = [compare(30, 2, small), compare(100_000, 10, large)]
    goal = "met" if max(ratios) <= 0.5 else "NOT met"
    print(f"goal glmlib <= 0.5 x statsmodels at both sizes: {goal}")


if __name__ == "__main__":
    main()
