#!/usr/bin/env python3
"""CSV ingest benchmark: `iotshield ingest` against pandas.read_csv and pyarrow.csv.read_csv.

Run through bench/run.sh (which sets up bench/.venv); the results are appended to
bench/RESULTS.md and printed on stdout.

  a. ours:    iotshield ingest FILE --dry-run --json   (parse to columns, map labels, hash rows)
  b. peer 1:  pandas.read_csv(FILE)                    (default engine, fresh interpreter)
  c. peer 2:  pyarrow.csv.read_csv(FILE)               (all cores, fresh interpreter)
  d. ours:    iotshield ingest FILE --out STORE --json (store size vs CSV size)
  e. ours:    peak RSS of a full ingest of a >= 5 GB CSV (single run)

FILE is a ~1.1 GB synthetic CSV made by `iotshield synth` from the real CICIoT2023 samples
(200,000 rows with --quick; the RSS file is then ~200 MB instead of >= 5 GB). Generated files
are cached in bench/.data/ (delete that folder to regenerate); the >= 5 GB CSV and its store
are deleted after the RSS run unless --keep is given.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from common import (BIN, bench_arguments, require_binary, DATA_DIR, DEFAULT_RUNS, REAL_STORE, REPO_DIR, RESULTS_MD, BenchError,
                    Row, Run, Series, append_results, ensure_real_store, fmt_bytes, fmt_ratio,
                    fmt_rss, fmt_throughput, iotshield, log, publish, real_csvs, render_section, repeat,
                    repeat_interleaved, run_command, run_main, run_ours, run_python, verdict, warn)

GIB = 1 << 30
# Full CICIoT2023 release, for the projection.
FULL_RELEASE_BYTES = 12.0e9
FULL_RELEASE_ROWS = 46.7e6
# Targets.
TARGET_VS_PANDAS = 3.0  # ours at least 3x faster than pandas.read_csv
TARGET_VS_PYARROW = 1.0  # ours at least as fast as pyarrow.csv.read_csv
TARGET_PEAK_RSS_KIB = GIB // 1024  # < 1 GiB while ingesting the >= 5 GB CSV
TARGET_STORE_FRACTION = 0.35  # store <= 35 % of the CSV
TARGET_PROJECTION_S = 180.0  # full release ingested in < 3 minutes


# ---------------------------------------------------------------------------------------------
# peers: run in a fresh interpreter by common.run_python


def peer_pandas(path: str) -> dict:
    import pandas
    return {"rows": len(pandas.read_csv(path))}


def peer_pyarrow(path: str) -> dict:
    import pyarrow.csv
    return {"rows": pyarrow.csv.read_csv(path).num_rows}


# ---------------------------------------------------------------------------------------------
# our CLI


def ingest_json(run: Run) -> dict:
    """The one JSON object `ingest --json` prints; only `rows_in` is ever read from it."""
    try:
        return json.loads(run.stdout)
    except json.JSONDecodeError:
        warn(f"`iotshield ingest --json` printed no JSON object: {run.stdout[:200]!r}")
        return {}


def count_rows(path: Path) -> int:
    """Data rows of a CSV (lines minus the header); reading it also warms the page cache."""
    lines, last = 0, b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(16 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n") - 1


def check_rows(expected: int, found: int | None, who: str) -> None:
    if found is not None and found != expected:
        warn(f"{who} reports {found:,} rows, the CSV has {expected:,}")


# ---------------------------------------------------------------------------------------------
# data


@dataclass
class SynthSpec:
    """A synthetic CSV in bench/.data: either a fixed row count or a size window."""
    name: str
    rows: int | None = None  # fixed row count, or
    min_bytes: float = 0  # a size window, aimed at target_bytes
    max_bytes: float = math.inf
    target_bytes: float = 0

    @property
    def path(self) -> Path:
        return DATA_DIR / f"{self.name}.csv"

    @property
    def store(self) -> Path:
        return DATA_DIR / f"{self.name}.iotc"

    def fits(self) -> bool:
        full = REPO_DIR / self.path
        if not full.exists():
            return False
        if self.rows is not None:
            return count_rows(full) == self.rows
        return self.min_bytes <= full.stat().st_size <= self.max_bytes


CALIBRATION = SynthSpec("synth-200k", rows=200_000)  # also the --quick benchmark file
BENCH_FILE = {False: SynthSpec("synth-1g", min_bytes=GIB, max_bytes=1.2e9, target_bytes=1.1e9),
              True: CALIBRATION}
RSS_FILE = {False: SynthSpec("synth-5g", min_bytes=5e9, max_bytes=6e9, target_bytes=5.2e9),
            True: SynthSpec("synth-200m", min_bytes=200e6, max_bytes=260e6, target_bytes=210e6)}


def synthesise(spec: SynthSpec, rows: int) -> int:
    """`iotshield synth` `rows` rows into spec.path; returns the file size."""
    ensure_real_store()
    log(f"synthesising {rows:,} rows into {spec.path}")
    start = time.perf_counter()
    run_ours("synth", "--from", REAL_STORE, "--rows", rows, "--seed", 1, "--out", spec.path)
    size = (REPO_DIR / spec.path).stat().st_size
    log(f"{spec.path}: {fmt_bytes(size)} in {time.perf_counter() - start:.0f} s")
    return size


def ensure_synth(spec: SynthSpec) -> Path:
    """Reuse spec.path if it fits, else generate it, sizing the row count from the bytes per
    row measured on the calibration file (up to 3 tries)."""
    (REPO_DIR / DATA_DIR).mkdir(parents=True, exist_ok=True)
    if spec.fits():
        log(f"reusing {spec.path}")
        return spec.path
    if spec.rows is not None:
        synthesise(spec, spec.rows)
    else:
        cal = REPO_DIR / ensure_synth(CALIBRATION)
        bytes_per_row = cal.stat().st_size / CALIBRATION.rows
        for _ in range(3):
            rows = math.ceil(spec.target_bytes / bytes_per_row)
            bytes_per_row = synthesise(spec, rows) / rows
            if spec.fits():
                break
    if not spec.fits():
        raise BenchError(f"could not generate {spec.path} of the wanted size/rows")
    return spec.path


# ---------------------------------------------------------------------------------------------
# the benchmark


def main() -> int:
    args = bench_arguments(__doc__, quick_help="smoke test: 200,000-row CSV and a ~200 MB RSS file",
                           keep_help="keep the large RSS-test CSV and its store in bench/.data").parse_args()
    require_binary(BIN, "ingest_bench")

    # Data.
    spec = BENCH_FILE[args.quick]
    csv = ensure_synth(spec)
    csv_bytes = csv.stat().st_size
    rows = count_rows(csv)  # also leaves the CSV in the page cache for every contender
    log(f"benchmark file {csv}: {fmt_bytes(csv_bytes)}, {rows:,} rows")

    # a-c: parse to columns.
    # Ours and both peers take turns (one run of each per round), so the machine's drift is shared.
    dry_cmd = iotshield("ingest", csv, "--dry-run", "--json")
    peer_specs = (("pandas.read_csv", peer_pandas, "pandas", TARGET_VS_PANDAS),
                  ("pyarrow.csv.read_csv", peer_pyarrow, "pyarrow.csv", TARGET_VS_PYARROW))
    contenders = [("ours ingest --dry-run", lambda: run_command(dry_cmd))]
    for name, func, preload, _ in peer_specs:
        contenders.append((name, lambda func=func, preload=preload: run_python(func, csv.resolve(), preload=[preload])))
    ours_dry, *peer_series = repeat_interleaved(contenders, args.runs)
    check_rows(rows, ingest_json(ours_dry.runs[-1]).get("rows_in"), "iotshield ingest --dry-run")
    peers: list[tuple[str, Series, float]] = []
    for (name, _, _, target), series in zip(peer_specs, peer_series):
        check_rows(rows, json.loads(series.last_stdout).get("rows"), name)
        peers.append((name, series, target))

    # d: full ingest to a store.
    full_cmd = iotshield("ingest", csv, "--out", spec.store, "--json")
    ours_full = repeat("ours ingest --out", lambda: run_command(full_cmd), args.runs,
                       before=lambda: spec.store.unlink(missing_ok=True))
    store_fraction = spec.store.stat().st_size / csv_bytes
    full_bps = csv_bytes / ours_full.median_seconds
    projection_s = FULL_RELEASE_BYTES / full_bps

    # e: peak RSS on the big CSV (one run), then free the disk.
    rss_spec = RSS_FILE[args.quick]
    rss_csv = ensure_synth(rss_spec)
    rss_cmd = iotshield("ingest", rss_csv, "--out", rss_spec.store, "--json")
    try:
        rss_bytes = rss_csv.stat().st_size
        rss_spec.store.unlink(missing_ok=True)
        rss_run = repeat("ours ingest --out (RSS test)", lambda: run_command(rss_cmd), 1).runs[0]
        rss_store_fraction = rss_spec.store.stat().st_size / rss_bytes
        rss_rows = ingest_json(rss_run).get("rows_in")
    finally:
        if not args.keep:
            rss_csv.unlink(missing_ok=True)
            rss_spec.store.unlink(missing_ok=True)

    # Report.
    size = f"{fmt_bytes(csv_bytes)} CSV, {rows / 1e6:.2f} M rows"
    table = [Row(f"parse to columns ({size}): ours `--dry-run` vs `{name}`",
                 fmt_throughput(ours_dry.median_seconds, csv_bytes, rows),
                 fmt_throughput(series.median_seconds, csv_bytes, rows),
                 fmt_ratio(series.median_seconds / ours_dry.median_seconds, "peer s ÷ our s"),
                 fmt_rss(ours_dry.peak_rss_kib), fmt_rss(series.peak_rss_kib))
             for name, series, _ in peers]
    table.append(Row(f"full ingest to store ({size}): ours `--out`",
                     fmt_throughput(ours_full.median_seconds, csv_bytes, rows),
                     rss_ours=fmt_rss(ours_full.peak_rss_kib)))
    table.append(Row(f"peak RSS, full ingest of a {fmt_bytes(rss_bytes)} CSV (1 run)",
                     fmt_throughput(rss_run.seconds, rss_bytes,
                                    rss_rows if isinstance(rss_rows, int) else None),
                     rss_ours=fmt_rss(rss_run.maxrss_kib)))

    speedups = [(name, series.median_seconds / ours_dry.median_seconds, target)
                for name, series, target in peers]
    notes = [f"{name}: ours {speedup:.2f}× as fast (target ≥ {target:g}×): "
             f"{verdict(speedup >= target)}" for name, speedup, target in speedups]
    notes += [
        f"peak RSS ingesting the {fmt_bytes(rss_bytes)} CSV: {fmt_rss(rss_run.maxrss_kib)} "
        f"(target < 1 GiB): {verdict(rss_run.maxrss_kib < TARGET_PEAK_RSS_KIB)}",
        f"store size: {store_fraction:.1%} of the {fmt_bytes(csv_bytes)} CSV, "
        f"{rss_store_fraction:.1%} of the {fmt_bytes(rss_bytes)} CSV (target ≤ 35 %): "
        f"{verdict(max(store_fraction, rss_store_fraction) <= TARGET_STORE_FRACTION)}",
        f"projection, full CICIoT2023 release ({FULL_RELEASE_ROWS / 1e6:.1f} M rows, "
        f"{FULL_RELEASE_BYTES / 1e9:.1f} GB): 12.0e9 B ÷ {full_bps / 1e6:.1f} MB/s (full ingest "
        f"above) = {projection_s:.0f} s (target < {TARGET_PROJECTION_S:.0f} s): "
        f"{verdict(projection_s < TARGET_PROJECTION_S)}",
        "ours: " + ", ".join(f"`{' '.join(c)}`" for c in (dry_cmd, full_cmd, rss_cmd))
        + "; times include process start-up. Peers: the call alone in a fresh interpreter "
        f"(start-up and `import` excluded); their RSS is the whole interpreter's. "
        f"{args.runs} runs each, medians; the parse-to-columns runs alternate (ours, pandas, "
        "pyarrow, then again), so the VM's drift in speed falls on all three alike.",
    ]
    if args.quick:
        notes.append("**quick mode** (smoke test): small files; the targets are for the full run.")
    section = render_section("CSV ingest" + (" (quick)" if args.quick else ""), table, notes)
    publish(section, args.results)
    return 0


if __name__ == "__main__":
    run_main(main, "ingest_bench")
