#!/usr/bin/env python3
"""Model benchmark: IoTShield's models through `iotshield` against scikit-learn and LightGBM.

Run through bench/run.sh (which sets up bench/.venv); the results are appended to
bench/RESULTS.md and printed on stdout.

  A. Quality on the real rows (data/ciciot2023), family task, honest protocol (dedup,
     stratified split seed 42, IAT dropped, transforms fitted on train, SMOTE on train only):
     `iotshield prepare` writes the prepared train/test sets, the peers fit and score those;
     `iotshield train` runs the same deterministic preparation itself. The row counts and
     content checksums (PreparedSetChecksum, recomputed here with NumPy) must agree.
       - our RF-100 vs sklearn RandomForestClassifier(100), our GBDT vs LGBMClassifier(100)
       - our DNN (128-64-32) epoch vs sklearn MLPClassifier (same layers), our LR (L-BFGS)
         vs sklearn LogisticRegression(lbfgs)
  B. Speed on N synthetic rows (`iotshield synth` from the real rows, labelled synthetic;
     N = 2.5 M, split 80/20 → 2.0 M training rows), family task, no balancing, 100 trees,
     all cores (2 here):
       - RF training vs RandomForestClassifier(100, max_features="sqrt", bootstrap, n_jobs=-1)
       - GBDT training vs LGBMClassifier(100 rounds, 31 leaves, learning rate 0.1)
       - batch scoring of all N rows (`predict --json` score time vs `predict_proba`), each
         tool with its own forest, and the same forest: scikit-learn scoring our trees
         (bench/iotm.py rebuilds them as a RandomForestClassifier; both sides timed in turn;
         the target is judged here)
       - single-row RF-100 latency (`evaluate --latency`), p50/p99
       - peak RSS of `train` → bytes per training row, extrapolated to 46 M rows.

Generated data is cached in bench/.data/models (delete it to regenerate).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import (BIN, bench_arguments, REPO_DIR, BenchError, Row, Run, Series,
                    publish, fmt_ratio, fmt_rss, fmt_seconds, log, machine_description,
                    render_section, repeat, run_command, run_main, run_python, verdict, warn)
from common import REAL_STORE, ensure_real_store, iotshield, real_csvs

DATA_DIR = Path("bench/.data/models")
GIB = 1 << 30
FULL_RELEASE_ROWS = 46.7e6
TASK = "family"

# Targets (issue #4).
TARGET_RF_TRAIN = 5.0  # ours ≥ 5× faster than sklearn RF
TARGET_GBDT_TRAIN = 1.5  # ours within 1.5× of LightGBM's time
TARGET_BATCH = 10.0  # ours ≥ 10× sklearn predict_proba throughput
TARGET_P99_US = 50.0  # single-row RF-100 p99
MEMORY_BUDGET = 24 * GIB
# Batch scoring of all synthetic rows is timed this many times on each side, median: ours as
# separate `predict` runs, the peer's as calls in the process that fitted it (a single
# scikit-learn forest fit takes 7+ minutes, so its one run used to give one scoring sample,
# and that time has ranged 27.6–43.6 s between runs on this VM).
SCORE_REPEATS = 3
# The same forest on both sides (the 10× target) is timed in alternation, ours then
# scikit-learn's, this many times each, in the peer's process: both medians then come from the
# same minutes of the run. Timed apart, minutes away, our score time ranged 2.55–3.3 s between
# runs of the same binary on this VM, more than the margin the target is judged on.
SAME_FOREST_REPEATS = 5


# ---------------------------------------------------------------------------------------------
# peers: run in a fresh interpreter by common.run_python (string arguments only)


def _load_prepared(path: str, class_names: str):
    """Features as float32 and class indices of a prepared CSV. pyarrow parses each decimal
    straight to the nearest float32 (the shortest round-trip text iotshield wrote), so the
    values are exactly ours — the checksums verify it."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    columns = [c for c in header if c != "class"]
    types = {c: pa.float32() for c in columns} | {"class": pa.string()}
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))
    x = np.empty((table.num_rows, len(columns)), dtype=np.float32)
    for j, c in enumerate(columns):
        x[:, j] = table.column(c).to_numpy()
    index = {name: i for i, name in enumerate(class_names.split(","))}
    names = table.column("class").to_pylist()
    y = np.fromiter((index[n] for n in names), dtype=np.int64, count=len(names))
    return x, y, columns


def _checksum(x, y) -> str:
    """PreparedSetChecksum (Sources/IoTEval/Benchmarking): wrapping uint64 sums."""
    import numpy as np
    bits = x.view(np.uint32).ravel()
    total = np.uint64(0)
    step = 1 << 23
    with np.errstate(over="ignore"):
        for start in range(0, bits.size, step):
            chunk = bits[start:start + step].astype(np.uint64)
            weights = np.arange(start + 1, start + 1 + chunk.size, dtype=np.uint64)
            total = np.uint64(total + (chunk * weights).sum(dtype=np.uint64))
        classes = ((y.astype(np.uint64) + np.uint64(1))
                   * np.arange(1, y.size + 1, dtype=np.uint64)).sum(dtype=np.uint64)
    return f"{x.shape[0]}x{x.shape[1]}:{int(total):x}:{int(classes):x}"


def _make_model(kind: str, threads: int, epochs: int = 1):
    if kind == "rf":
        from sklearn.ensemble import RandomForestClassifier
        return RandomForestClassifier(n_estimators=100, criterion="gini", max_features="sqrt",
                                      bootstrap=True, n_jobs=threads, random_state=42)
    if kind == "lightgbm":
        from lightgbm import LGBMClassifier
        return LGBMClassifier(n_estimators=100, learning_rate=0.1, num_leaves=31,
                              min_child_samples=20, max_bin=255, n_jobs=threads,
                              random_state=42, verbose=-1)
    if kind == "mlp":
        from sklearn.neural_network import MLPClassifier
        return MLPClassifier(hidden_layer_sizes=(128, 64, 32), batch_size=256, max_iter=epochs,
                             learning_rate_init=1e-3, random_state=42)
    if kind == "lr":
        from sklearn.linear_model import LogisticRegression
        return LogisticRegression(C=1.0, solver="lbfgs", max_iter=100)
    raise ValueError(kind)


def peer_fit(kind: str, train_csv: str, test_csv: str, class_names: str, threads: str,
             score_all: str, latency_rows: str, epochs: str = "1", ours_model: str = "",
             ours_predict: str = "") -> dict:
    """Fit `kind` on the prepared train CSV, score the test CSV (and, with score_all = "1",
    train + test together for throughput); times measured here, around the calls alone.
    With `ours_model` (a random-forest .iotm fitted on the same rows), scikit-learn then
    also scores train + test with *our* trees (bench/iotm.py rebuilds them as its own
    forest): the same forest on both sides, timed in alternation with our scoring of it
    (`ours_predict`, the JSON list of our `predict --json` command). That command runs as this
    process's child, so the peer's peak RSS (`wait4`) covers it too: it stays the peer's own
    while scikit-learn's forest fit is the larger (7.0 GiB against our predict's 4.8 GiB)."""
    import warnings

    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import f1_score
    from threadpoolctl import threadpool_limits
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    threads_n = int(threads)
    x, y, columns = _load_prepared(train_csv, class_names)
    xt, yt, _ = _load_prepared(test_csv, class_names)
    out = {"train_checksum": _checksum(x, y), "test_checksum": _checksum(xt, yt),
           "features": columns}
    model = _make_model(kind, threads_n, int(epochs))
    with threadpool_limits(limits=threads_n):
        start = time.perf_counter()
        model.fit(x, y)
        out["fit_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        proba = model.predict_proba(xt)
        out["test_score_seconds"] = time.perf_counter() - start
        predicted = model.classes_[proba.argmax(axis=1)]
        out["test_macro_f1"] = float(f1_score(yt, predicted, average="macro"))
        if score_all == "1":
            both = np.concatenate([x, xt])
            out["score_all_runs"] = _time_scoring(model, both)
            out["score_all_rows"] = int(both.shape[0])
        if int(latency_rows) > 0:
            if hasattr(model, "n_jobs"):
                model.n_jobs = 1
            samples = []
            for row in range(min(int(latency_rows), xt.shape[0])):
                one = xt[row:row + 1]
                start = time.perf_counter()
                model.predict_proba(one)
                samples.append((time.perf_counter() - start) * 1e6)
            samples.sort()
            out["latency_p50_us"] = samples[len(samples) // 2]
            out["latency_p99_us"] = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    if kind == "rf":
        out["tree_nodes"] = int(sum((e.tree_.node_count - 1) // 2 for e in model.estimators_))
        if ours_model and score_all == "1":
            del model  # its 21 M nodes take gigabytes; ours are rebuilt next
            out |= _score_our_forest(ours_model, x, xt, yt, columns, threads_n, json.loads(ours_predict))
    if kind == "lightgbm":
        dump = model.booster_.dump_model()
        out["tree_nodes"] = int(sum(t["num_leaves"] - 1 for t in dump["tree_info"]))
    if kind in ("mlp", "lr"):
        n_iter = model.n_iter_
        out["iterations"] = int(n_iter if np.isscalar(n_iter) else max(n_iter))
    return out


def _time_scoring(model, rows) -> list[float]:
    """Seconds of SCORE_REPEATS `predict_proba` calls over `rows`."""
    times = []
    for _ in range(SCORE_REPEATS):
        start = time.perf_counter()
        model.predict_proba(rows)
        times.append(time.perf_counter() - start)
    return times


def _score_our_forest(path: str, x, xt, yt, columns: list[str], threads: int, ours_predict: list[str]) -> dict:
    """scikit-learn's predict_proba over train + test with our forest's trees, and our
    `ours_predict` (`predict --json` of the same file), in turn, SAME_FOREST_REPEATS times
    each; also the test macro-F1 scikit-learn gives, which must equal ours (same trees, same
    paths)."""
    import gc

    import numpy as np
    from sklearn.metrics import f1_score
    from threadpoolctl import threadpool_limits
    from iotm import read_forest, to_sklearn
    gc.collect()
    ours = read_forest(path)
    forest = to_sklearn(ours, len(columns))
    forest.n_jobs = threads
    del ours
    out: dict = {"ours_forest_nodes": int(sum((e.tree_.node_count - 1) // 2 for e in forest.estimators_))}
    with threadpool_limits(limits=threads):
        predicted = forest.predict_proba(xt).argmax(axis=1)
        out["ours_forest_test_macro_f1"] = float(f1_score(yt, predicted, average="macro"))
        both = np.concatenate([x, xt])
        peer_times, ours_times = [], []
        for _ in range(SAME_FOREST_REPEATS):
            run = subprocess.run(ours_predict, cwd=REPO_DIR, stdin=subprocess.DEVNULL, capture_output=True,
                                 text=True)
            if run.returncode != 0:
                raise BenchError(f"command failed (exit {run.returncode}): {' '.join(ours_predict)}\n"
                                 f"{run.stderr[-4000:]}")
            reply = json.loads(run.stdout)
            ours_times.append(reply["score_seconds"])
            out["ours_same_forest_rows"] = reply["rows"]
            start = time.perf_counter()
            forest.predict_proba(both)
            peer_times.append(time.perf_counter() - start)
        out["score_ours_forest_runs"] = peer_times
        out["ours_same_forest_runs"] = ours_times
    return out


# ---------------------------------------------------------------------------------------------
# our CLI


def ours_json(*args) -> tuple[Run, dict]:
    run = run_command(iotshield(*args))
    try:
        return run, json.loads(run.stdout)
    except json.JSONDecodeError as e:
        raise BenchError(f"`iotshield {' '.join(map(str, args))}` printed no JSON: "
                         f"{run.stdout[:300]!r}") from e


def prepare_format_args() -> list[str]:
    """`--format csv` when this `prepare` has the flag (its default became .iotc stores)."""
    help_text = subprocess.run(iotshield("prepare", "--help"), capture_output=True,
                               text=True, check=False).stdout
    return ["--format", "csv"] if "--format" in help_text else []


def ensure_prepared(name: str, data: list[Path | str], extra: list[str]) -> Path:
    """`iotshield prepare` into DATA_DIR/name (train.csv, test.csv); reused when present."""
    folder = DATA_DIR / name
    if (REPO_DIR / folder / "train.csv").exists() and (REPO_DIR / folder / "test.csv").exists():
        log(f"reusing {folder}")
        return folder
    log(f"prepare → {folder}")
    args = ["prepare"]
    for d in data:
        args += ["--data", d]
    run_command(iotshield(*args, "--task", TASK, *extra, "--out", folder, *prepare_format_args()))
    return folder


def ensure_synthetic_store(rows: int) -> Path:
    store = DATA_DIR / f"synth-{rows}.iotc"
    if (REPO_DIR / store).exists():
        log(f"reusing {store}")
        return store
    ensure_real_store()
    log(f"synthesising {rows:,} rows into {store}")
    run_command(iotshield("synth", "--from", REAL_STORE, "--rows", rows, "--seed", 1,
                          "--out", store))
    return store


def data_args(data: list[Path | str]) -> list[str]:
    out: list[str] = []
    for d in data:
        out += ["--data", str(d)]
    return out


# ---------------------------------------------------------------------------------------------
# reporting helpers


def same_rows(ours: dict, peer: dict, what: str, notes: list[str]) -> bool:
    ok = (ours["train_checksum"] == peer["train_checksum"]
          and ours["test_checksum"] == peer["test_checksum"]
          and ours["features"] == peer["features"])
    if ok:
        notes.append(f"{what}: same rows on both sides — train {ours['train_checksum']}, "
                     f"test {ours['test_checksum']} (rows×columns:feature sum:class sum), "
                     f"{len(ours['features'])} features")
    else:
        warn(f"{what}: rows differ: ours {ours['train_checksum']} / {ours['test_checksum']}, "
             f"peer {peer['train_checksum']} / {peer['test_checksum']}")
        notes.append(f"{what}: **row checksums differ** (ours train {ours['train_checksum']}, "
                     f"peer {peer['train_checksum']}; ours test {ours['test_checksum']}, "
                     f"peer {peer['test_checksum']})")
    return ok


def median(values) -> float:
    return statistics.median(values)


# ---------------------------------------------------------------------------------------------
# the benchmark


def main() -> int:
    ap = bench_arguments(__doc__, quick_help="smoke test: 250,000 synthetic rows, 1 run each",
                         keep_help="(accepted for bench/run.sh; data is always cached)")
    ap.add_argument("--peer-rf-runs", type=int, default=1,
                    help="runs of scikit-learn's forest on the synthetic rows (10+ minutes each)")
    ap.add_argument("--rows", type=int, default=None,
                    help="synthetic rows (default 2,500,000 → 2.0 M training rows)")
    ap.add_argument("--skip-dense", action="store_true", help="leave out the DNN / LR part")
    args = ap.parse_args()
    os.chdir(REPO_DIR)
    # OpenMP threads (LightGBM, and BLAS builds using OpenMP) spin while waiting by default;
    # on a shared machine whose cores are busy that makes LightGBM 20× slower (measured: 61 s
    # instead of 2.9 s for 3,000 rows with another build running). Passive waiting is the
    # peers' best setting there and costs little on an idle machine.
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    if not BIN.exists():
        sys.exit(f"models_bench: {BIN} not found; build it first (`make bench` does)")
    runs = 1 if args.quick else args.runs
    synth_rows = args.rows or (250_000 if args.quick else 2_500_000)
    threads = os.cpu_count() or 1
    (REPO_DIR / DATA_DIR).mkdir(parents=True, exist_ok=True)
    table: list[Row] = []
    notes: list[str] = []
    targets: list[str] = []

    # ---- A. quality on the real rows ------------------------------------------------------
    real = real_csvs()
    real_prep = ensure_prepared("real-family", real, [])
    train_csv, test_csv = (REPO_DIR / real_prep / "train.csv", REPO_DIR / real_prep / "test.csv")
    quality: dict[str, tuple[Run, dict, Run, dict]] = {}
    for ours_kind, peer_kind, peer_name in (("rf", "rf", "sklearn RandomForestClassifier(100)"),
                                            ("gbdt", "lightgbm", "LGBMClassifier(100)")):
        model_path = DATA_DIR / f"real-{ours_kind}.iotm"
        log(f"quality: ours {ours_kind}")
        run, ours = ours_json("train", *data_args(real), "--task", TASK, "--model", ours_kind,
                              "--json", "--out", model_path)
        classes = ",".join(ours["test_report"]["classes"])
        log(f"quality: {peer_name}")
        peer_run = run_python(peer_fit, peer_kind, train_csv, test_csv, classes, threads, "0",
                              "2000" if ours_kind == "rf" else "0",
                              preload=["numpy", "pandas", "sklearn.ensemble", "lightgbm"])
        peer = json.loads(peer_run.stdout)
        quality[ours_kind] = (run, ours, peer_run, peer)
        same_rows(ours, peer, f"quality {ours_kind}", notes)
        ours_f1, peer_f1 = ours["test_macro_f1"], peer["test_macro_f1"]
        table.append(Row(
            f"macro-F1, family, real rows ({ours['fitted_rows']:,} balanced train, "
            f"{ours['test_rows']:,} test): our {ours_kind} vs {peer_name}",
            f"{ours_f1:.4f} (fit {fmt_seconds(ours['fit_seconds'])}, {ours['tree_nodes']:,} nodes)",
            f"{peer_f1:.4f} (fit {fmt_seconds(peer['fit_seconds'])}, {peer['tree_nodes']:,} nodes)",
            f"{ours_f1 - peer_f1:+.4f} (ours − peer)",
            fmt_rss(run.maxrss_kib), fmt_rss(peer_run.maxrss_kib)))
        targets.append(f"macro-F1 our {ours_kind} {ours_f1:.4f} ≥ {peer_name} {peer_f1:.4f}: "
                       f"{verdict(ours_f1 >= peer_f1)}")

    # Single-row latency of the RF-100 fitted on the real rows (the deployable model).
    _, rf_real = quality["rf"][0], quality["rf"][1]
    _, latency_real = ours_json("evaluate", "--model", DATA_DIR / "real-rf.iotm", *data_args(real),
                                "--latency", "--json")
    lat = latency_real["latency"]
    peer_rf = quality["rf"][3]
    table.append(Row(
        f"single-row latency, RF-100 fitted on the real rows ({rf_real['tree_nodes']:,} nodes; "
        f"{lat['samples']:,} calls, one thread): p50 / p99",
        f"{lat['p50_us']:.1f} / {lat['p99_us']:.1f} µs",
        f"{peer_rf['latency_p50_us']:.0f} / {peer_rf['latency_p99_us']:.0f} µs (predict_proba, n_jobs=1)",
        fmt_ratio(peer_rf["latency_p99_us"] / lat["p99_us"], "peer p99 ÷ our p99")))
    targets.append(f"RF-100 (real rows) single-row p99 {lat['p99_us']:.1f} µs ≤ {TARGET_P99_US:g} µs: "
                   f"{verdict(lat['p99_us'] <= TARGET_P99_US)}")

    # DNN epoch and LR fit on the same prepared real rows.
    if not args.skip_dense:
        for ours_args, peer_kind, what in (
                (["--model", "dnn", "--epochs", "1"], "mlp",
                 "DNN 128-64-32, one epoch (batch 256, Adam) vs MLPClassifier(max_iter=1)"),
                (["--model", "lr", "--solver", "lbfgs"], "lr",
                 "LR L-BFGS fit (C=1, ≤ 100 iterations) vs LogisticRegression(lbfgs)")):
            kind = ours_args[1]
            ours_series = repeat(f"ours {kind}", lambda: run_command(iotshield(
                "train", *data_args(real), "--task", TASK, *ours_args, "--json",
                "--out", DATA_DIR / f"real-{kind}.iotm")), runs)
            ours_runs = [json.loads(r.stdout) for r in ours_series.runs]
            peer_series = repeat(f"sklearn {peer_kind}", lambda: run_python(
                peer_fit, peer_kind, train_csv, test_csv, classes, threads, "0", "0", "1",
                preload=["numpy", "pandas", "sklearn.neural_network", "sklearn.linear_model"]), runs)
            peer_runs = [json.loads(r.stdout) for r in peer_series.runs]
            ours_fit = median(r["fit_seconds"] for r in ours_runs)
            peer_fit_s = median(r["fit_seconds"] for r in peer_runs)
            same_rows(ours_runs[-1], peer_runs[-1], f"{kind}", notes)
            table.append(Row(
                f"{what}, {ours_runs[-1]['fitted_rows']:,} real rows",
                f"{fmt_seconds(ours_fit)} ({ours_runs[-1]['iterations']} it., "
                f"macro-F1 {ours_runs[-1]['test_macro_f1']:.4f})",
                f"{fmt_seconds(peer_fit_s)} ({peer_runs[-1]['iterations']} it., "
                f"macro-F1 {peer_runs[-1]['test_macro_f1']:.4f})",
                fmt_ratio(peer_fit_s / ours_fit, "peer s ÷ our s"),
                fmt_rss(ours_series.peak_rss_kib), fmt_rss(peer_series.peak_rss_kib)))

    # ---- B. speed on synthetic rows ---------------------------------------------------------
    store = ensure_synthetic_store(synth_rows)
    synth_extra = ["--balance", "none"]
    synth_prep = ensure_prepared(f"synth-{synth_rows}", [store], synth_extra)
    strain, stest = REPO_DIR / synth_prep / "train.csv", REPO_DIR / synth_prep / "test.csv"
    speed: dict[str, tuple[Series, list[dict], Series, list[dict]]] = {}
    for ours_kind, peer_kind, peer_name, target in (
            ("rf", "rf", "RandomForestClassifier(100, n_jobs=-1)", TARGET_RF_TRAIN),
            ("gbdt", "lightgbm", "LGBMClassifier(100)", 1 / TARGET_GBDT_TRAIN)):
        model_path = DATA_DIR / f"synth-{ours_kind}.iotm"
        ours_series = repeat(f"ours train {ours_kind} (synthetic)", lambda: run_command(iotshield(
            "train", "--data", store, "--task", TASK, "--model", ours_kind, *synth_extra,
            "--json", "--out", model_path)), runs)
        ours_runs = [json.loads(r.stdout) for r in ours_series.runs]
        peer_runs_n = min(runs, args.peer_rf_runs) if peer_kind == "rf" else runs
        # scikit-learn also scores our forest (read from the file just written): the same trees,
        # timed in turn with our own scoring of them.
        ours_model = REPO_DIR / model_path if peer_kind == "rf" else ""
        predict_cmd = iotshield("predict", "--model", model_path, "--data", store, "--json")
        peer_series = repeat(f"{peer_name} (synthetic)", lambda: run_python(
            peer_fit, peer_kind, strain, stest, classes, threads, "1", "0", "1", ours_model,
            json.dumps([str(c) for c in predict_cmd]),
            preload=["numpy", "pandas", "sklearn.ensemble", "lightgbm"]), peer_runs_n)
        peer_runs = [json.loads(r.stdout) for r in peer_series.runs]
        speed[ours_kind] = (ours_series, ours_runs, peer_series, peer_runs)
        same_rows(ours_runs[-1], peer_runs[-1], f"speed {ours_kind}", notes)
        if len({r["train_checksum"] for r in ours_runs}) != 1:
            notes.append(f"speed {ours_kind}: **prepared rows differ between runs**")
        ours_fit = median(r["fit_seconds"] for r in ours_runs)
        peer_fit_s = median(r["fit_seconds"] for r in peer_runs)
        ratio = peer_fit_s / ours_fit
        fitted = ours_runs[-1]["fitted_rows"]
        table.append(Row(
            f"training, {fitted / 1e6:.2f} M synthetic rows × {len(ours_runs[-1]['features'])} "
            f"features, 100 trees, {threads} threads: our {ours_kind} vs {peer_name}",
            f"{fmt_seconds(ours_fit)} (macro-F1 {ours_runs[-1]['test_macro_f1']:.4f}, "
            f"{ours_runs[-1]['tree_nodes']:,} nodes)",
            f"{fmt_seconds(peer_fit_s)} (macro-F1 {peer_runs[-1]['test_macro_f1']:.4f}, "
            f"{peer_runs[-1]['tree_nodes']:,} nodes)",
            fmt_ratio(ratio, "peer s ÷ our s"),
            fmt_rss(ours_series.peak_rss_kib), fmt_rss(peer_series.peak_rss_kib)))
        if ours_kind == "rf":
            targets.append(f"RF training {ratio:.2f}× as fast as sklearn (target ≥ {target:g}×): "
                           f"{verdict(ratio >= target)}")
        else:
            targets.append(f"GBDT training takes {1 / ratio:.2f}× LightGBM's time "
                           f"(target ≤ {TARGET_GBDT_TRAIN:g}×): {verdict(1 / ratio <= TARGET_GBDT_TRAIN)}")

        # Batch scoring of every synthetic row with the model just fitted.
        predict_series = repeat(f"ours predict {ours_kind}", lambda: run_command(predict_cmd),
                                max(runs, SCORE_REPEATS))
        predicts = [json.loads(r.stdout) for r in predict_series.runs]
        ours_times = [p["score_seconds"] for p in predicts]
        ours_score = median(ours_times)
        ours_rows = predicts[-1]["rows"]
        peer_times = [t for r in peer_runs for t in r["score_all_runs"]]
        peer_score = median(peer_times)
        peer_rows = peer_runs[-1]["score_all_rows"]
        if peer_rows != ours_rows:
            warn(f"scoring: ours {ours_rows:,} rows, peer {peer_rows:,}")
        throughput = (ours_rows / ours_score) / (peer_rows / peer_score)
        table.append(Row(
            f"batch scoring, {ours_rows / 1e6:.2f} M rows, the {ours_kind} above "
            f"(`predict --json` score time vs `predict_proba`)",
            f"{fmt_seconds(ours_score)} · {ours_rows / ours_score / 1e6:.2f} M rows/s",
            f"{fmt_seconds(peer_score)} · {peer_rows / peer_score / 1e6:.2f} M rows/s",
            fmt_ratio(throughput, "our rows/s ÷ peer rows/s"),
            fmt_rss(predict_series.peak_rss_kib)))
        notes.append(f"batch scoring {ours_kind}, every timing: ours "
                     f"{', '.join(f'{t:.2f}' for t in ours_times)} s; peer "
                     f"{', '.join(f'{t:.2f}' for t in peer_times)} s")
        if ours_kind != "rf":
            continue
        # The same forest on both sides: scikit-learn scoring our trees (bench/iotm.py).
        same_times = [t for r in peer_runs for t in r["score_ours_forest_runs"]]
        same_ours_times = [t for r in peer_runs for t in r["ours_same_forest_runs"]]
        same_score, same_ours = median(same_times), median(same_ours_times)
        same_ours_rows = peer_runs[-1]["ours_same_forest_rows"]
        # Rows differ as in the row above (ours: every stored row; the peer: the prepared,
        # deduplicated ones), warned about there; the ratio is of rows per second.
        same_throughput = (same_ours_rows / same_ours) / (peer_rows / same_score)
        same_f1, ours_f1 = peer_runs[-1]["ours_forest_test_macro_f1"], ours_runs[-1]["test_macro_f1"]
        faithful = abs(same_f1 - ours_f1) <= 1e-9
        table.append(Row(
            f"batch scoring, {ours_rows / 1e6:.2f} M rows, the same forest: our rf above "
            f"({peer_runs[-1]['ours_forest_nodes']:,} nodes) scored by us and, rebuilt from "
            f"its .iotm, by scikit-learn's `predict_proba`, timed in turn",
            f"{fmt_seconds(same_ours)} · {same_ours_rows / same_ours / 1e6:.2f} M rows/s",
            f"{fmt_seconds(same_score)} · {peer_rows / same_score / 1e6:.2f} M rows/s",
            fmt_ratio(same_throughput, "our rows/s ÷ peer rows/s")))
        notes.append(f"batch scoring, the same forest: scikit-learn with our trees gives test "
                     f"macro-F1 {same_f1:.10f}, ours {ours_f1:.10f} — "
                     + ("the same predictions' score, so the trees were rebuilt faithfully"
                        if faithful else "**they differ: the rebuilt forest is not ours**")
                     + "; every timing, in turn (ours, then scikit-learn's): "
                     + ", ".join(f"{o:.2f} / {p:.2f}" for o, p in zip(same_ours_times, same_times)) + " s")
        if not faithful:
            warn(f"scikit-learn on our forest: macro-F1 {same_f1} vs ours {ours_f1}")
        targets.append(f"RF batch scoring, the same forest: {same_throughput:.2f}× scikit-learn's "
                       f"throughput (target ≥ {TARGET_BATCH:g}×): "
                       f"{verdict(same_throughput >= TARGET_BATCH and faithful)}")
        targets.append(f"RF batch scoring, each tool's own forest (ours {ours_runs[-1]['tree_nodes']:,} "
                       f"nodes, scikit-learn's {peer_runs[-1]['tree_nodes']:,}): {throughput:.2f}×")

    # Latency of the big synthetic forest, on the real rows.
    rf_synth = speed["rf"][1][-1]
    _, latency_synth = ours_json("evaluate", "--model", DATA_DIR / "synth-rf.iotm",
                                 *data_args(real), "--latency", "--json")
    lat_s = latency_synth["latency"]
    table.append(Row(
        f"single-row latency, RF-100 fitted on {rf_synth['fitted_rows'] / 1e6:.2f} M synthetic rows "
        f"({rf_synth['tree_nodes']:,} nodes): p50 / p99",
        f"{lat_s['p50_us']:.1f} / {lat_s['p99_us']:.1f} µs"))
    targets.append(f"RF-100 (synthetic, {rf_synth['tree_nodes']:,} nodes) single-row p99 "
                   f"{lat_s['p99_us']:.1f} µs ≤ {TARGET_P99_US:g} µs: "
                   f"{verdict(lat_s['p99_us'] <= TARGET_P99_US)}")

    # Memory: peak RSS of `train` per training row.
    for kind in ("rf", "gbdt"):
        series, ours_runs = speed[kind][0], speed[kind][1]
        rows_in = ours_runs[-1]["train_rows"] + ours_runs[-1]["test_rows"]
        per_row = series.peak_rss_kib * 1024 / rows_in
        projected = per_row * FULL_RELEASE_ROWS
        notes.append(
            f"memory, `train --model {kind}` on {rows_in / 1e6:.2f} M rows in: peak RSS "
            f"{fmt_rss(series.peak_rss_kib)} = {per_row:.0f} bytes/row (everything: the loaded "
            f"float rows, the pipeline's output, the 1-byte binned codes — "
            f"{len(ours_runs[-1]['features'])} B/row — and the trees); × 46.7 M rows = "
            f"{projected / GIB:.1f} GiB (budget 24 GiB): "
            f"{verdict(projected <= MEMORY_BUDGET)}")

    notes = targets + notes
    notes.append(
        "ours: `iotshield train … --json` (fit seconds of the model alone, measured inside the "
        "command; row checksums of what it fitted and tested on), `iotshield predict --json` "
        "(classifier time on rows already through the pipeline), `iotshield evaluate --latency "
        "--json` (one row at a time, the sensor's path, after the pipeline; a warm-up pass, then 5 "
        "timed passes over up to 20,000 rows). Peers: fit / predict_proba timed around the call "
        "alone in a fresh interpreter, on the CSVs `iotshield prepare` wrote; their RSS includes "
        "pyarrow reading the CSV. Children run with OMP_WAIT_POLICY="
        f"{os.environ.get('OMP_WAIT_POLICY')} (OpenMP spin-waiting collapses on a shared, busy "
        "machine; passive is the peers' better setting there). "
        f"{runs} run(s) each for speed, medians (scikit-learn's forest on the synthetic rows: "
        f"{min(runs, args.peer_rf_runs)} run(s), it takes longest); quality figures are "
        f"deterministic (one run). Batch scoring: median of at least {SCORE_REPEATS} timings per "
        "side (ours: separate `predict` runs; peers: `predict_proba` calls in each fitted process); "
        f"the same forest: {SAME_FOREST_REPEATS} timings per side, in turn, ours run from the "
        "peer's process between its calls.")
    notes.append(
        f"data: real rows = {', '.join(str(p) for p in real)}; synthetic = `iotshield synth "
        f"--from {REAL_STORE} --rows {synth_rows} --seed 1` (marked synthetic), prepared with "
        f"`--balance none` (80/20 split, IAT dropped, scaler and correlation filter as always).")
    if args.quick:
        notes.append("**quick mode** (smoke test): small synthetic set; the targets are for the full run.")
    section = render_section(
        "Models: quality and speed vs scikit-learn / LightGBM" + (" (quick)" if args.quick else ""),
        table, notes,
        machine=machine_description(peers=("scikit-learn", "lightgbm", "numpy", "pandas")))
    publish(section, args.results)
    return 0


if __name__ == "__main__":
    run_main(main, "models_bench")
