"""Benchmark: glmlib's Newton (IRLS) fit against statsmodels' GLM on Poisson data.

Run from the project root:

    .venv/bin/python benchmarks/bench_fit.py            # both sizes
    .venv/bin/python benchmarks/bench_fit.py --quick    # fewer repetitions

Both libraries fit the same data in one process, with BLAS held to one
thread, in alternating runs (glmlib, statsmodels, glmlib, ...), so that a
slow moment of the machine hits both. Two sizes: n = 30 x p = 2, the refit
per drag event of the chapter 7 lab, and n = 100,000 x p = 10. It prints the
median time of each and the ratio glmlib / statsmodels; the goal is <= 0.5.
Both fits are checked to agree before any timing.

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    small, large = (200, 5) if args.quick else (2000, 21)
    ratios = [compare(30, 2, small), compare(100_000, 10, large)]
    goal = "met" if max(ratios) <= 0.5 else "NOT met"
    print(f"goal glmlib <= 0.5 x statsmodels at both sizes: {goal}")


if __name__ == "__main__":
    main()
