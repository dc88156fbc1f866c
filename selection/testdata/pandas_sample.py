"""The pandas yardstick for BenchmarkPlanManyStrata (selection/bench_test.go).

Builds the benchmark's population with the same distributions — 19 home
languages (40% and 20% for the first two, the rest equally), 19 attendance
zones and grades K–8 equally likely, so 3,249 strata — and times
DataFrame.groupby(...).sample(frac=0.1) on it, the usual way to draw a
stratified 10% sample in pandas. Only the sampling is timed, as the Go
benchmark times Plan on a population built beforehand.

    python3 selection/testdata/pandas_sample.py [rows ...]

prints, per size, the strata and the median, fastest and slowest of
several runs in milliseconds, with the process CPU time of the runs.
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd


def population(n, seed=3):
    rng = np.random.default_rng(seed)
    u = rng.integers(0, 1000, n)
    lang = np.where(u < 400, 0, np.where(u < 600, 1, 2 + (u - 600) * 17 // 400))
    return pd.DataFrame({
        "family": np.arange(n),
        "home_language": pd.Categorical(lang),
        "attendance_zone": pd.Categorical(rng.integers(0, 19, n)),
        "grade": pd.Categorical(rng.integers(0, 9, n)),
    })


def main(sizes):
    keys = ["home_language", "attendance_zone", "grade"]
    for n in sizes:
        df = population(n)
        strata = df.groupby(keys, observed=True).ngroups
        runs = 3 if n >= 1_000_000 else 7
        df.groupby(keys, observed=True).sample(frac=0.1, random_state=42)  # warm-up
        wall = []
        cpu0 = time.process_time()
        for i in range(runs):
            t0 = time.perf_counter()
            s = df.groupby(keys, observed=True).sample(frac=0.1, random_state=42 + i)
            wall.append(time.perf_counter() - t0)
        cpu = (time.process_time() - cpu0) / runs
        print(f"n={n} strata={strata} sampled={len(s)} median={1e3 * statistics.median(wall):.1f}ms "
              f"min={1e3 * min(wall):.1f}ms max={1e3 * max(wall):.1f}ms cpu/run={1e3 * cpu:.1f}ms "
              f"(pandas {pd.__version__}, numpy {np.__version__})")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
