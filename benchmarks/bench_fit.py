"""Benchmark: glmlib's Newton fit against statsmodels' GLM on Poisson data (and
against glmlib as it was), non-canonical fits, chapter 9's ``fit_glm`` on raw
features, and the two calls chapters 7 and 8 make per frame.

Run from the project root:

    .venv/bin/python benchmarks/bench_fit.py                  # everything
    .venv/bin/python benchmarks/bench_fit.py --quick          # fewer repetitions
    .venv/bin/python benchmarks/bench_fit.py --lab            # only the per-frame calls
    .venv/bin/python benchmarks/bench_fit.py --baseline main  # "before": that git ref

Canonical fits: glmlib, statsmodels and (with ``--baseline``) glmlib as it is
at a git ref fit the same data in one process, with BLAS held to one
thread, in rotating order (a slow moment of the machine hits all three).
The baseline is ``git archive REF glmlib`` unpacked in a temporary directory
and imported under the name ``glmlib_before``. Two sizes: n = 30 x p = 2,
the refit per drag event of the chapter 7 lab, and n = 100,000 x p = 10. It
prints the median time of each and the ratios glmlib / statsmodels (the goal
is <= 0.5, and no worse than the baseline's) and glmlib / baseline. All
fits are checked to agree before any timing.

Non-canonical fits: the shop's 40 hours with the identity and square-root
links, median per fit (goal: <= 5 ms), with the Newton steps taken.

Chapter 9's ``fit_glm``, read from the notebook's cell, on the raw-feature
cases of ``tests/test_ch09_fit_glm.py`` (raw years, incomes in dollars, a
feature near 1e6, features 1000 times apart): time (goal: <= 0.5 s each),
iterations of its loop (counted by wrapping the response function, which
the loop calls once per iteration: one gradient, and one step unless it
stops there) and the largest relative distance to statsmodels' coefficients;
with ``--baseline``, the same for the cell at that ref.

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
import importlib.util
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy loads: single-threaded BLAS

import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import statsmodels.api as sm  # noqa: E402

import glmlib  # noqa: E402
from glmlib.data import design_matrix, shop_hours  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_9 = "notebooks/09_connections_and_cheat_sheet.ipynb"


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


def baseline_glmlib(ref):
    """glmlib as it is at git ref ``ref``, imported as ``glmlib_before``."""
    archive = subprocess.run(
        ["git", "archive", ref, "glmlib"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    where = Path(tempfile.mkdtemp(prefix="glmlib_before_"))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(where, filter="data")
    package = where / "glmlib"
    spec = importlib.util.spec_from_file_location(
        "glmlib_before",
        package / "__init__.py",
        submodule_search_locations=[str(package)],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["glmlib_before"] = module
    spec.loader.exec_module(module)
    return module


def compare(n, p, repeats, before=None):
    """Median times of the canonical Poisson fit; returns the ratios."""
    X, y = poisson_data(n, p)
    fits = {"glmlib": fit_glmlib, "statsmodels": fit_statsmodels}
    if before is not None:
        fits["before"] = lambda X, y: before.fit(X, y, family="poisson").coef
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        answers = {name: fit(X, y) for name, fit in fits.items()}
    for answer in answers.values():
        np.testing.assert_allclose(answer, answers["glmlib"], rtol=1e-7, atol=1e-9)
    times = {name: [] for name in fits}
    names = list(fits)
    for i in range(repeats):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            times[name].append(time_once(fits[name], X, y))
    ms = {name: 1e3 * statistics.median(t) for name, t in times.items()}
    ratios = {"glmlib / statsmodels": ms["glmlib"] / ms["statsmodels"]}
    line = (
        f"n = {n:>7,} x p = {p:>2}: glmlib {ms['glmlib']:9.3f} ms   "
        f"statsmodels {ms['statsmodels']:9.3f} ms"
    )
    if before is not None:
        ratios["baseline / statsmodels"] = ms["before"] / ms["statsmodels"]
        ratios["glmlib / baseline"] = ms["glmlib"] / ms["before"]
        line += f"   baseline {ms['before']:9.3f} ms"
    print(line + f"   (median of {repeats} rotating runs)")
    print("   " + "   ".join(f"{k} {v:5.3f}" for k, v in ratios.items()))
    return ratios


def non_canonical(repeats):
    """The shop's 40 hours with the identity and square-root links (goal <= 5 ms)."""
    spend, customers = shop_hours()
    X = design_matrix(spend)
    worst = 0.0
    for link in ("identity", "sqrt"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            res = glmlib.fit(X, customers, "poisson", link=link)
        assert res.converged
        ms = 1e-3 * median_us(
            lambda link=link: glmlib.fit(X, customers, "poisson", link=link),
            repeats,
            inner=5,
        )
        worst = max(worst, ms)
        print(
            f"non-canonical, 40 hours, link {link!r:<10}: {ms:6.3f} ms median "
            f"({res.n_iter} Newton steps, theta = {np.round(res.coef, 4)})"
        )
    print(f"   goal <= 5 ms: {'met' if worst <= 5 else 'NOT met'}")
    return worst


def fit_glm_from(source):
    """The namespace of chapter 9's fit_glm cell in notebook JSON ``source``."""
    cells = json.loads(source)["cells"]
    code = [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "code"
    ]
    (cell,) = [c for c in code if "def fit_glm(" in c]
    namespace = {}
    exec(compile(cell, NOTEBOOK_9, "exec"), namespace)
    return namespace


def raw_feature_cases():
    path = ROOT / "tests" / "test_ch09_fit_glm.py"
    spec = importlib.util.spec_from_file_location("ch09_tests", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.raw_feature_cases())


def run_fit_glm(namespace, X, y, family):
    """(theta, iterations, seconds, warnings) of one fit_glm call."""
    response = namespace["RESPONSE"][family]
    calls = [0]

    def counting(eta):
        calls[0] += 1
        return response(eta)

    namespace["RESPONSE"][family] = counting
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            start = time.perf_counter()
            theta = namespace["fit_glm"](X, y, family)
            seconds = time.perf_counter() - start
    finally:
        namespace["RESPONSE"][family] = response
    return theta, calls[0], seconds, [str(w.message) for w in caught]


def raw_features(baseline_ref=None):
    """fit_glm on raw features: iterations, time and distance to statsmodels."""
    loops = {"fit_glm": fit_glm_from((ROOT / NOTEBOOK_9).read_text(encoding="utf-8"))}
    if baseline_ref is not None:
        old = subprocess.run(
            ["git", "show", f"{baseline_ref}:{NOTEBOOK_9}"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        loops[f"fit_glm at {baseline_ref}"] = fit_glm_from(old)
    sm_family = {
        "gaussian": sm.families.Gaussian,
        "bernoulli": sm.families.Binomial,
        "poisson": sm.families.Poisson,
    }
    slowest = 0.0
    for name, X, y, family in raw_feature_cases():
        best = sm.GLM(y, X, family=sm_family[family]()).fit(tol=1e-12).params
        for label, namespace in loops.items():
            theta, steps, seconds, caught = run_fit_glm(namespace, X, y, family)
            if label == "fit_glm":
                slowest = max(slowest, seconds)
            distance = np.max(np.abs(theta - best) / np.abs(best))
            warned = f"  warned: {caught[0][:60]}" if caught else ""
            print(
                f"{label:<17} {name:<36} {steps:>7} iterations {1e3 * seconds:9.1f} ms   "
                f"max |theta - statsmodels| / |statsmodels| = {distance:8.1e}{warned}"
            )
    print(f"   goal fit_glm <= 0.5 s on each: {'met' if slowest <= 0.5 else 'NOT met'}")
    return slowest


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
    parser.add_argument(
        "--baseline", metavar="REF", help="also time glmlib at this git ref"
    )
    args = parser.parse_args()
    lab(5 if args.quick else 30)
    if args.lab:
        return
    non_canonical(5 if args.quick else 30)
    raw_features(args.baseline)
    before = baseline_glmlib(args.baseline) if args.baseline else None
    small, large = (200, 5) if args.quick else (2000, 21)
    ratios = [compare(30, 2, small, before), compare(100_000, 10, large, before)]
    goal = max(r["glmlib / statsmodels"] for r in ratios) <= 0.5
    print(
        f"goal glmlib <= 0.5 x statsmodels at both sizes: {'met' if goal else 'NOT met'}"
    )
    if before is not None:
        kept = all(
            r["glmlib / statsmodels"] <= 1.1 * r["baseline / statsmodels"]
            for r in ratios
        )
        print(
            "goal no worse than the baseline (within 10%, the runs' noise): "
            f"{'met' if kept else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
