#!/usr/bin/env python3
"""Training memory: peak RSS per row of `iotshield train`, projected to the full release.

The models issue asks that training fit the full CICIoT2023 release (46.7 M rows, 39 binned
features) in 24 GiB on one machine, and that the bytes per row be stated. Measured here on the
synthetic store the models benchmark uses (2.5 M rows, `iotshield synth` from the real rows,
marked synthetic), family task, `--balance none`, the honest pipeline as always (dedup, split,
transforms fitted on train), all cores:

  - gbdt (100 rounds × 8 classes, 31 leaves): its trees are a few hundred KiB, so its peak is
    the data path's: the loaded float rows, the split parts, the pipeline's output, the binned
    codes, gradients and scores;
  - rf (100 trees) with `--min-samples-leaf 20`: the same data path plus the forest learner's
    per-thread buffers and trees bounded to at most rows / 20 leaves each.

A fully grown forest (the models benchmark's RF) has trees that grow with the rows — one leaf
per few rows, in every implementation (scikit-learn's too) — so on the full release the trees
are bounded (`--min-samples-leaf`, `--max-depth`); that run's memory is reported there.
Peak RSS is the whole process's (`wait4`), divided by the rows read in; the projection
multiplies by 46.7 M rows, so the fixed part (binary, runtime) is counted 46.7 M / 2.5 M times
over: the projection errs high.
"""

from __future__ import annotations

import json
import sys

from common import (Row, bench_arguments, fmt_rss, fmt_seconds, iotshield, log, run_main,
                    machine_description, publish_table, repeat, require_binary, run_command, verdict, BIN)
from models_bench import FULL_RELEASE_ROWS, GIB, MEMORY_BUDGET, TASK, ensure_synthetic_store

RUNS = (
    ("gbdt", [], "gbdt, 100 rounds (trees negligible: the data path)"),
    ("rf", ["--min-samples-leaf", "20"], "rf, 100 trees, `--min-samples-leaf 20` (bounded trees)"),
)


def main() -> int:
    ap = bench_arguments(__doc__, quick_help="250,000 synthetic rows", keep_help="keep the model files")
    ap.set_defaults(runs=1)
    ap.add_argument("--rows", type=int, default=0, help="synthetic rows (default 2,500,000)")
    args = ap.parse_args()
    require_binary(BIN, "memory_bench")
    rows = args.rows or (250_000 if args.quick else 2_500_000)
    store = ensure_synthetic_store(rows)
    table: list[Row] = []
    notes: list[str] = []
    for kind, extra, what in RUNS:
        out = store.with_name(f"memory-{kind}.iotm")
        series = repeat(f"ours train {kind}", lambda: run_command(iotshield(
            "train", "--data", store, "--task", TASK, "--model", kind, *extra, "--balance", "none",
            "--json", "--out", out)), args.runs)
        reply = json.loads(series.last_stdout)
        rows_in = reply["train_rows"] + reply["test_rows"]
        per_row = series.peak_rss_kib * 1024 / rows_in
        projected = per_row * FULL_RELEASE_ROWS
        log(f"{kind}: {per_row:.0f} B/row → {projected / GIB:.1f} GiB at 46.7 M rows")
        table.append(Row(
            f"`train --model {kind}`, {rows_in / 1e6:.2f} M rows in ({reply['fitted_rows'] / 1e6:.2f} M fitted): {what}",
            f"{per_row:.0f} B/row (fit {fmt_seconds(reply['fit_seconds'])}, {reply['tree_nodes']:,} nodes, "
            f"macro-F1 {reply['test_macro_f1']:.4f})",
            "—", f"× 46.7 M rows = {projected / GIB:.1f} GiB", fmt_rss(series.peak_rss_kib)))
        notes.append(f"{kind}{' ' + ' '.join(extra) if extra else ''}: {per_row:.0f} bytes/row × 46.7 M rows = "
                     f"{projected / GIB:.1f} GiB (budget {MEMORY_BUDGET / GIB:.0f} GiB): "
                     f"{verdict(projected <= MEMORY_BUDGET)}")
        if not args.keep:
            out.unlink(missing_ok=True)
    notes.append(f"command per row: `iotshield train --data {store} --task {TASK} --model KIND [options] "
                 f"--balance none --json --out M.iotm`; {args.runs} run(s), the highest peak; no peer (the "
                 "models benchmark has scikit-learn's and LightGBM's peak RSS on the same rows).")
    publish_table("Training memory per row", table, notes, args.results, quick=args.quick,
                  machine=machine_description(peers=()))
    return 0


if __name__ == "__main__":
    run_main(main, "memory_bench")
