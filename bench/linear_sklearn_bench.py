"""scikit-learn side of the linear-model / DNN speed comparison (not run by bench/run.sh).

Reads the 200,000 synthetic, min-max scaled rows that the gated Swift test writes
(IOTSHIELD_LINEAR_BENCH=1 swift test -c release --filter LinearBenchmark →
/tmp/iotshield-linear-bench/synthetic-200k.csv; each row interpolates two real rows of the
same family) and times, three times each, median reported:
  - MLPClassifier(hidden_layer_sizes=(128, 64, 32), batch_size=256, max_iter=1): one epoch
  - LogisticRegression(C=1, solver="lbfgs", max_iter=100): the fit
  - Perceptron(): the fit (max_iter=1000, tol=1e-3)
on float32 inputs (as IoTShield) and, for the MLP and LR, float64 (sklearn's usual dtype).

Usage: /tmp/linvenv/bin/python bench/linear_sklearn_bench.py [--threads N] [--repetitions R] [CSV]
(--threads caps numpy's BLAS threads through threadpoolctl, to match IoTShield's OpenBLAS
threads; IOTSHIELD_LINEAR_BENCH_THREADS on the Swift side.)
"""
import argparse
import json
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, Perceptron
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

warnings.filterwarnings("ignore", category=ConvergenceWarning)


def timed(make, x, y, repetitions):
    times, model = [], None
    for seed in range(repetitions):
        model = make(seed)
        start = time.perf_counter()
        model.fit(x, y)
        times.append(time.perf_counter() - start)
    return times, model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv", nargs="?", default="/tmp/iotshield-linear-bench/synthetic-200k.csv")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    frame = pd.read_csv(args.csv)
    y = frame["label"].to_numpy()
    x32 = frame.drop(columns=["label"]).to_numpy(dtype=np.float32)
    results = {"rows": len(y), "threads": args.threads}
    r = args.repetitions
    with threadpool_limits(limits=args.threads):
        for name, x in (("float32", x32), ("float64", x32.astype(np.float64))):
            times, _ = timed(lambda s: MLPClassifier(hidden_layer_sizes=(128, 64, 32), batch_size=256, max_iter=1, random_state=s), x, y, r)
            results[f"mlp_epoch_{name}"] = times
            print(f"MLP one epoch ({name}): median {statistics.median(times):.3f} s {times}", flush=True)
            times, model = timed(lambda s: LogisticRegression(C=1.0, solver="lbfgs", max_iter=100), x, y, r)
            results[f"lr_lbfgs_{name}"] = times
            results[f"lr_lbfgs_{name}_n_iter"] = int(model.n_iter_[0])
            print(f"LR lbfgs ({name}): median {statistics.median(times):.3f} s {times}, n_iter {model.n_iter_[0]}", flush=True)
        times, model = timed(lambda s: Perceptron(random_state=s), x32, y, r)
        results["perceptron_float32"] = times
        print(f"Perceptron (float32): median {statistics.median(times):.3f} s {times}, n_iter {model.n_iter_}", flush=True)
    print(json.dumps(results), flush=True)


if __name__ == "__main__":
    main()
