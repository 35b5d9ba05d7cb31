#!/usr/bin/env python3
"""Preparation benchmark: SMOTE against imbalanced-learn, the correlation matrix against pandas.

Run through bench/run.sh (which sets up bench/.venv); the results are appended to
bench/RESULTS.md and printed on stdout.

  a. SMOTE, 8-family task, k = 5, every class SMOTEd up to the largest class's row count
     (imbalanced-learn's default `sampling_strategy='auto'`, i.e. what `SMOTE().fit_resample`
     does), on a 1 M-row training store synthesised from the real rows:
       ours:  iotshield balance STORE --task family --balance N --neighbours 5 --out OUT --json
              (reads the store, balances, writes the balanced store: the whole process is timed)
       peer:  imblearn SMOTE(k_neighbors=5, sampling_strategy={class: N, ...}).fit_resample(X, y)
              on the same rows, read from the same store by bench/iotc.py (the load is not
              timed; the peer runs under an address-space limit so it cannot take the machine down)
     and ours alone on a 10 M-row store (imblearn is not run there: its neighbour search is
     brute force over each whole class at 39 features, and it is known to run out of memory
     at 6-8 M rows).
  b. Pearson correlation matrix of the 39 columns over a 10 M-row store:
       ours:  iotshield correlate STORE --json (one streaming pass over the store; whole process)
       peer:  pandas DataFrame.corr() on a DataFrame of the same rows already in memory (the
              load is not timed, which favours the peer)
     Checks: the two matrices (max |difference|, same undefined entries) and the columns the
     usual pandas recipe drops at |r| > 0.9 against the drop list `correlate` prints.

The stores are made by `iotshield synth` (marked synthetic) and cached in bench/.data/.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

from common import (BIN, DATA_DIR, REAL_STORE, REPO_DIR, Row, Run,
                    append_results, ensure_real_store, fmt_ratio, fmt_rss, fmt_throughput,
                    bench_arguments, iotshield, log, machine_description, render_section, repeat, run_command,
                    run_ours, run_python, verdict, warn)

TARGET_SMOTE = 10.0  # ours at least 10x faster than imblearn's SMOTE
TARGET_CORR = 5.0  # ours at least 5x faster than pandas DataFrame.corr()
PEER_MEMORY_LIMIT_GIB = 16  # RLIMIT_AS of the peers' interpreter (the machine has 24 GiB)
K = 5
SEED = 42
THRESHOLD = 0.9


# ---------------------------------------------------------------------------------------------
# peers: run in a fresh interpreter by common.run_python; each times only its own call


def _limit_memory(gib: str) -> None:
    import resource
    limit = int(float(gib) * (1 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def peer_smote(store: str, targets_json: str, k: str, seed: str, memory_gib: str) -> dict:
    _limit_memory(memory_gib)
    import numpy as np
    from imblearn.over_sampling import SMOTE

    import iotc
    rows = iotc.read(store)
    x, y = rows.features, rows.codes["family"]
    targets = {int(c): int(n) for c, n in json.loads(targets_json).items()}
    smote = SMOTE(k_neighbors=int(k), sampling_strategy=targets, random_state=int(seed))
    start = time.perf_counter()
    _, y_out = smote.fit_resample(x, y)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows_out": int(len(y_out)),
            "counts": np.bincount(y_out, minlength=8).tolist()}


def peer_corr(store: str, threshold: str, memory_gib: str) -> dict:
    _limit_memory(memory_gib)
    import numpy as np
    import pandas as pd

    import iotc
    rows = iotc.read(store)
    frame = pd.DataFrame(rows.features, columns=rows.feature_names, copy=False)
    start = time.perf_counter()
    corr = frame.corr()  # method="pearson"
    seconds = time.perf_counter() - start
    upper = corr.where(np.triu(np.ones(corr.shape), k=1).astype(bool))
    drop = [c for c in upper.columns if any(upper[c].abs() > float(threshold))]
    matrix = [[None if math.isnan(v) else float(v) for v in row] for row in corr.to_numpy()]
    return {"seconds": seconds, "columns": list(corr.columns), "matrix": matrix, "drop": drop}


def timed_peer(func, *args) -> Run:
    """run_python, with the peer's own timing of its call (the load before it excluded)."""
    run = run_python(func, *args)
    reply = json.loads(run.stdout)
    return Run(seconds=reply["seconds"], maxrss_kib=run.maxrss_kib, stdout=run.stdout)


# ---------------------------------------------------------------------------------------------
# data


def synth_store(rows: int) -> Path:
    """A synthetic store of `rows` rows in bench/.data (made once; rebuilt with a newer binary)."""
    ensure_real_store()
    path = DATA_DIR / f"prep-{rows}.iotc"
    full = REPO_DIR / path
    if not full.exists() or full.stat().st_mtime < (REPO_DIR / BIN).stat().st_mtime:
        log(f"synthesising {rows:,} rows into {path}")
        run_ours("synth", "--from", REAL_STORE, "--rows", rows, "--seed", 2, "--out", path)
    return path


def family_counts(store: Path) -> list[int]:
    """Rows per family, from `inspect --json`."""
    profile = json.loads(run_ours("inspect", store, "--json").stdout)
    names = ["Benign", "DDoS", "DoS", "Mirai", "Recon", "Spoofing", "Web", "BruteForce"]
    return [int(profile["families"].get(name, 0)) for name in names]


# ---------------------------------------------------------------------------------------------
# the two benchmarks


def bench_smote(rows: int, big_rows: int, runs: int, peer_runs: int, keep: bool) -> tuple[list[Row], list[str]]:
    store = synth_store(rows)
    counts = family_counts(store)
    target = max(counts)
    targets = {c: target for c, n in enumerate(counts) if 0 < n < target}
    out = DATA_DIR / f"prep-{rows}-balanced.iotc"
    cmd = iotshield("balance", store, "--task", "family", "--balance", target, "--neighbours", K,
                    "--seed", SEED, "--out", out, "--json")
    ours = repeat(f"ours balance {rows:,}", lambda: run_command(cmd), runs)
    summary = json.loads(ours.last_stdout)
    rows_out = summary["rowsOut"]
    ours_after = [c["after"] for c in summary["report"]["classes"]]
    phase = sorted(json.loads(r.stdout)["balanceSeconds"] for r in ours.runs)[len(ours.runs) // 2]
    peer = repeat(f"imblearn SMOTE {rows:,}", lambda: timed_peer(
        peer_smote, store, json.dumps(targets), K, SEED, PEER_MEMORY_LIMIT_GIB), peer_runs)
    peer_reply = json.loads(peer.last_stdout)
    if peer_reply["counts"] != ours_after:
        warn(f"class counts differ: ours {ours_after}, imblearn {peer_reply['counts']}")
    ratio = peer.median_seconds / ours.median_seconds
    synthetic = rows_out - rows
    what = (f"SMOTE, 8 families, k = {K}, every class up to the largest ({target:,} rows): "
            f"{rows / 1e6:.2f} M rows in → {rows_out / 1e6:.2f} M out ({synthetic / 1e6:.2f} M synthetic); "
            "ours `balance` (store → store) vs imblearn `SMOTE.fit_resample` (in memory)")
    table = [Row(what, fmt_throughput(ours.median_seconds, rows=rows), fmt_throughput(peer.median_seconds, rows=rows),
                 fmt_ratio(ratio, "peer s ÷ our s"), fmt_rss(ours.peak_rss_kib), fmt_rss(peer.peak_rss_kib))]
    notes = [f"SMOTE vs imblearn at {rows / 1e6:.2f} M rows: ours {ratio:.1f}× as fast, whole process against the "
             f"peer's call alone (target ≥ {TARGET_SMOTE:.0f}×): {verdict(ratio >= TARGET_SMOTE)}; "
             f"our balancing phase alone {phase:.2f} s ({peer.median_seconds / phase:.1f}×)",
             f"same work: identical input rows, targets and k; class counts after: ours {ours_after}, "
             f"imblearn {peer_reply['counts']} ({'equal' if peer_reply['counts'] == ours_after else 'DIFFERENT'})"]
    if not keep:
        (REPO_DIR / out).unlink(missing_ok=True)

    if big_rows:
        big = synth_store(big_rows)
        big_counts = family_counts(big)
        big_target = max(big_counts)
        big_out = DATA_DIR / f"prep-{big_rows}-balanced.iotc"
        big_cmd = iotshield("balance", big, "--task", "family", "--balance", big_target, "--neighbours", K,
                            "--seed", SEED, "--out", big_out, "--json")
        run = run_command(big_cmd)
        log(f"ours balance {big_rows:,}: {run.seconds:.2f} s, peak RSS {fmt_rss(run.maxrss_kib)}")
        big_summary = json.loads(run.stdout)
        table.append(Row(
            f"SMOTE as above at {big_rows / 1e6:.0f} M rows in → {big_summary['rowsOut'] / 1e6:.2f} M out "
            f"({big_target:,} rows per class): ours only (1 run)",
            fmt_throughput(run.seconds, rows=big_rows), "not run", "—", fmt_rss(run.maxrss_kib), "—"))
        notes.append(f"at {big_rows / 1e6:.0f} M rows imblearn is not run: it is known to run out of memory at 6-8 M "
                     "rows and its brute-force neighbour search over classes of millions of rows would take hours "
                     "on this shared 2-core machine; ours: read "
                     f"{big_summary['readSeconds']:.1f} s, balance {big_summary['balanceSeconds']:.1f} s, write "
                     f"{big_summary['writeSeconds']:.1f} s, peak RSS {fmt_rss(run.maxrss_kib)} (input, output and one "
                     "origin per output row in memory)")
        if not keep:
            (REPO_DIR / big_out).unlink(missing_ok=True)
    return table, notes


def bench_corr(rows: int, runs: int) -> tuple[list[Row], list[str]]:
    store = synth_store(rows)
    cmd = iotshield("correlate", store, "--threshold", THRESHOLD, "--json")
    ours = repeat(f"ours correlate {rows:,}", lambda: run_command(cmd), runs)
    summary = json.loads(ours.last_stdout)
    peer = repeat(f"pandas corr {rows:,}", lambda: timed_peer(peer_corr, store, THRESHOLD, PEER_MEMORY_LIMIT_GIB), runs)
    reply = json.loads(peer.last_stdout)
    if reply["columns"] != summary["columns"]:
        warn(f"column lists differ: {reply['columns']} vs {summary['columns']}")
    worst, same_nan = 0.0, True
    for row_a, row_b in zip(summary["matrix"], reply["matrix"]):
        for a, b in zip(row_a, row_b):
            if (a is None) != (b is None):
                same_nan = False
            elif a is not None:
                worst = max(worst, abs(a - b))
    ours_drop = [d["name"] for d in summary["dropped"]]
    ratio = peer.median_seconds / ours.median_seconds
    n = len(summary["columns"])
    table = [Row(f"Pearson correlation matrix, {n} columns × {rows / 1e6:.0f} M rows: ours `correlate` (streams the "
                 "store) vs pandas `DataFrame.corr()` (in memory)",
                 fmt_throughput(ours.median_seconds, rows=rows), fmt_throughput(peer.median_seconds, rows=rows),
                 fmt_ratio(ratio, "peer s ÷ our s"), fmt_rss(ours.peak_rss_kib), fmt_rss(peer.peak_rss_kib))]
    notes = [f"correlation vs pandas at {rows / 1e6:.0f} M rows: ours {ratio:.1f}× as fast, whole process reading the "
             f"store against `corr()` alone on a DataFrame already in memory (target ≥ {TARGET_CORR:.0f}×): "
             f"{verdict(ratio >= TARGET_CORR)}",
             f"same matrix: max |ours − pandas| = {worst:.1e}, undefined (constant-column) entries "
             f"{'identical' if same_nan else 'DIFFERENT'}; columns dropped at |r| > {THRESHOLD}: ours {ours_drop}, "
             f"pandas recipe {reply['drop']} ({'same' if ours_drop == reply['drop'] else 'DIFFERENT'})"]
    return table, notes


def main() -> int:
    ap = bench_arguments(__doc__, quick_help="200k rows for SMOTE (no 10 M run), 1 M rows for the correlation",
                         keep_help="keep the balanced output stores")
    ap.add_argument("--smote-peer-runs", type=int, default=1,
                    help="timed runs of imblearn's SMOTE (default 1: one run takes minutes)")
    ap.add_argument("--only-part", choices=("smote", "corr"), help="run one of the two parts")
    args = ap.parse_args()
    if not BIN.exists():
        sys.exit(f"prep_bench: {BIN} not found; build it first (`make bench` does)")
    smote_rows, big_rows, corr_rows = (200_000, 0, 1_000_000) if args.quick else (1_000_000, 10_000_000, 10_000_000)
    rows: list[Row] = []
    notes: list[str] = []
    if args.only_part in (None, "smote"):
        table, extra = bench_smote(smote_rows, big_rows, args.runs, args.smote_peer_runs, args.keep)
        rows += table
        notes += extra
    if args.only_part in (None, "corr"):
        table, extra = bench_corr(corr_rows, args.runs)
        rows += table
        notes += extra
    notes.append("data: `iotshield synth` rows interpolated between real same-label CICIoT2023 rows (marked "
                 f"synthetic; scale only). Ours: `{BIN}`, times include process start-up and "
                 "reading the store (and, for `balance`, writing the output store), all cores. Peers: the call alone "
                 "in a fresh interpreter after loading the same store with bench/iotc.py; their RSS is the whole "
                 f"interpreter's, under RLIMIT_AS {PEER_MEMORY_LIMIT_GIB} GiB. pandas `corr()` is single-threaded; "
                 f"imblearn's neighbour search uses scikit-learn's brute force (BLAS) at 39 features. "
                 f"{args.runs} run(s) each ({args.smote_peer_runs} of imblearn's SMOTE), medians.")
    section = render_section("Preparation: SMOTE and correlation", rows, notes,
                             machine=machine_description(("pandas", "numpy", "scikit-learn", "imbalanced-learn")))
    append_results(section, args.results)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
