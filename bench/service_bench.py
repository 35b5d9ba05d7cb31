#!/usr/bin/env python3
"""Detection-service load benchmark: `iotshield serve` against a FastAPI + scikit-learn peer.

Run through bench/run.sh (which sets up bench/.venv); the results are appended to
bench/RESULTS.md and printed on stdout.

  model  ours: `iotshield train --data data/ciciot2023 --task family --model rf --balance none`
         (100 trees), cached in bench/.data/service-rf-real.iotm; peer: StandardScaler +
         RandomForestClassifier(100) on the same real training rows and features
         (bench/peers/fastapi_service.py), cached in bench/.data/service-peer-rf.joblib. Both
         forests are fitted on the same 80 % split without balancing: the same model type on
         the same rows, so the two services score forests of the same size. Delete them to
         retrain.
  serve  ours: `iotshield serve --no-auth --port 0 --db TMP --model service-rf-real.iotm`; with
         IOTSHIELD_BENCH_POSTGRES_URL set, `--postgres URL` instead of `--db` (the shared store;
         e.g. `scripts/with-postgres.sh sh -c 'IOTSHIELD_BENCH_POSTGRES_URL=$IOTSHIELD_TEST_POSTGRES_URL
         bench/run.sh --only service'`); peer: `uvicorn fastapi_service:app --workers 2` (one worker per core).
  load   wrk (Debian's, installed through scripts/deps.sh when missing), 1 thread, with
         bench/service_wrk.lua POSTing real CICIoT2023 v2 rows from data/ciciot2023 to
         /v1/flows, a different body each request:
           a. batches of 100 records as a CSV body (header + 100 rows), 4 connections
           b. batches of 100 records as a JSON array body, 4 connections
           c. single-record JSON objects, 1 connection (latency without queueing)
           d. single-record JSON objects, 4 connections
  memory ours' VmRSS every second over a 60 s run of (a) on a fresh server (--quick: 10 s).

wrk is closed-loop (a connection sends its next request when the previous answer arrives), so
its latencies leave out the time a request would have waited had requests come at a fixed
rate (coordinated omission): they are service times under the stated concurrency.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from common import (BENCH_DIR, DEFAULT_RUNS, REPO_DIR, BenchError, Row, bench_arguments, fmt_ratio,
                    fmt_rss, iotshield_bin, load_average, log, machine_description, publish,
                    render_section, run_command, run_main, verdict, warn)

BIN = iotshield_bin()
DATA_DIR = Path("bench/.data")
REAL_CSV_DIR = Path("data/ciciot2023")
MODEL = DATA_DIR / "service-rf-real.iotm"
# The store ours writes to: the SQLite file by default, or this PostgreSQL database.
POSTGRES_URL = os.environ.get("IOTSHIELD_BENCH_POSTGRES_URL")
STORE_ARGS = ["--postgres", POSTGRES_URL] if POSTGRES_URL else ["--db", "{tmp}/alerts.sqlite"]
STORE_TEXT = ("--postgres URL (a PostgreSQL 15 server on loopback, synchronous_commit on)" if POSTGRES_URL
              else "--db TMP/alerts.sqlite")
PEER_MODEL = DATA_DIR / "service-peer-rf.joblib"
PEER_SCRIPT = BENCH_DIR / "peers" / "fastapi_service.py"
WRK_LUA = BENCH_DIR / "service_wrk.lua"
FEATURES = 39  # the v2 feature columns come first in both sample files
BATCH = 100
WRK_THREADS = 1
PEER_WORKERS = 2
SEPARATOR = "\x1e"  # between bodies in the file service_wrk.lua reads

# Targets (issue #7).
TARGET_RECORDS_PER_S = 200_000  # batched, on 2 cores
TARGET_P99_MS = 5.0  # single-record requests
TARGET_VS_PEER = 20.0
TARGET_RSS_SLOPE_MIB_PER_MIN = 1.0  # "memory flat"


@dataclass
class Workload:
    name: str
    what: str
    content_type: str
    records_per_request: int
    connections: int


WORKLOADS = [
    Workload("batch-csv", "batches of 100 records, CSV body", "text/csv", BATCH, 4),
    Workload("batch-json", "batches of 100 records, JSON array body", "application/json", BATCH, 4),
    Workload("single-c1", "single record, JSON object body", "application/json", 1, 1),
    Workload("single-c4", "single record, JSON object body", "application/json", 1, 4),
]


# ---------------------------------------------------------------------------------------------
# data: request bodies from the real rows


def real_rows() -> tuple[list[str], list[list[str]]]:
    """The v2 feature names and every real row's feature fields (text as in the files),
    shuffled with a fixed seed so that each batch mixes families."""
    files = sorted((REPO_DIR / REAL_CSV_DIR).glob("*.csv"))
    if not files:
        raise BenchError(f"no CICIoT2023 CSVs in {REAL_CSV_DIR}")
    names, rows = None, []
    for path in files:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)[:FEATURES]
            if names is not None and header != names:
                raise BenchError(f"{path.name}: feature columns differ from {files[0].name}")
            names = header
            rows += [row[:FEATURES] for row in reader if row]
    random.Random(1).shuffle(rows)
    return names, rows


def json_record(names: list[str], row: list[str]) -> str:
    return json.dumps({n: float(v) for n, v in zip(names, row)}, separators=(",", ":"))


def bodies(workload: Workload, names: list[str], rows: list[list[str]]) -> list[str]:
    n = workload.records_per_request
    chunks = [rows[i:i + n] for i in range(0, len(rows) - n + 1, n)]
    if workload.content_type == "text/csv":
        header = ",".join(names)
        return ["\n".join([header, *(",".join(r) for r in chunk)]) + "\n" for chunk in chunks]
    if n == 1:
        return [json_record(names, chunk[0]) for chunk in chunks]
    return ["[" + ",".join(json_record(names, r) for r in chunk) + "]" for chunk in chunks]


def write_bodies(path: Path, items: list[str]) -> Path:
    path.write_text("".join(b + SEPARATOR for b in items), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# models


def ensure_model(retrain: bool = False) -> None:
    model = REPO_DIR / MODEL
    if model.exists() and not retrain:
        log(f"reusing {MODEL}")
        return
    log(f"training {MODEL} (random forest, 100 trees; a few minutes)")
    model.parent.mkdir(parents=True, exist_ok=True)
    model.unlink(missing_ok=True)
    run_command([BIN, "train", "--data", REAL_CSV_DIR, "--task", "family", "--model", "rf",
                 "--balance", "none", "--out", MODEL])


def ensure_peer_model() -> dict:
    """Trains the peer's model when missing or older than ours (it copies ours' features)."""
    peer, ours = REPO_DIR / PEER_MODEL, REPO_DIR / MODEL
    info = peer.with_suffix(".json")
    if peer.exists() and info.exists() and peer.stat().st_mtime >= ours.stat().st_mtime:
        log(f"reusing {PEER_MODEL}")
        return json.loads(info.read_text())
    log(f"training {PEER_MODEL} (scikit-learn)")
    run = run_command([sys.executable, PEER_SCRIPT, "train", "--iotm", MODEL, "--data",
                       REAL_CSV_DIR, "--out", PEER_MODEL])
    info.write_text(run.stdout)
    return json.loads(run.stdout)


# ---------------------------------------------------------------------------------------------
# servers


def http(url: str, body: bytes | None = None, content_type: str | None = None,
         timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status_kib(pid: int, key: str) -> int:
    """A /proc/PID/status field in KiB (VmRSS, VmHWM), or 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def process_tree(pid: int) -> list[int]:
    pids, i = [pid], 0
    while i < len(pids):
        try:
            for task in Path(f"/proc/{pids[i]}/task").iterdir():
                pids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
        i += 1
    return pids


class Server:
    """A server process with its output in a temp file; `url` once it answers `ready_path`."""

    def __init__(self, name: str, cmd: list, ready_path: str, env: dict | None = None,
                 url: str | None = None, timeout: float = 300):
        self.name = name
        self.dir = tempfile.TemporaryDirectory(prefix="iotshield-svcbench-")
        self.output = Path(self.dir.name) / "output.log"
        cmd = [str(c).replace("{tmp}", self.dir.name) for c in cmd]
        self.cmd = cmd
        with open(self.output, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=REPO_DIR, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
                                         start_new_session=True)
        self.url = url
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"{name} exited ({self.proc.returncode}) at start:\n{self.log_tail()}")
            if self.url is None:
                for line in self.output.read_text(errors="replace").splitlines():
                    if line.startswith("listening on http://"):
                        self.url = line.split()[2]
            if self.url and http(self.url + ready_path, timeout=5)[0] == 200:
                return
            time.sleep(0.2)
        self.stop()
        raise BenchError(f"{name} not ready within {timeout:.0f} s:\n{self.log_tail()}")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_tail(self) -> str:
        return self.output.read_text(errors="replace")[-3000:]

    def peak_rss_kib(self) -> int:
        """VmHWM summed over the process and its children (uvicorn's workers)."""
        return sum(proc_status_kib(p, "VmHWM") for p in process_tree(self.pid))

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.dir.cleanup()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_ours() -> Server:
    cmd = [BIN, "serve", "--no-auth", "--port", 0, *STORE_ARGS, "--model", MODEL]
    try:
        return Server("iotshield serve", cmd, "/readyz")
    except BenchError as e:
        if "model" not in str(e).lower():
            raise
        warn(f"the cached {MODEL} does not load ({e}); retraining it")
        ensure_model(retrain=True)
        return Server("iotshield serve", cmd, "/readyz")


def start_peer() -> Server:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "fastapi_service:app", "--app-dir", PEER_SCRIPT.parent,
           "--host", "127.0.0.1", "--port", port, "--workers", PEER_WORKERS,
           "--log-level", "warning", "--no-access-log"]
    return Server("FastAPI peer", cmd, "/healthz", env={"PEER_MODEL": str(REPO_DIR / PEER_MODEL)},
                  url=f"http://127.0.0.1:{port}")


def check(server: Server, names: list[str], rows: list[list[str]]) -> list[str]:
    """One CSV and one JSON batch must each come back with 100 predictions; returns the
    predicted families of the first 1,000 rows (for the agreement between ours and the peer)."""
    families = []
    for workload in WORKLOADS[:2]:
        for i, body in enumerate(bodies(workload, names, rows[:10 * BATCH])):
            status, answer = http(server.url + "/v1/flows", body.encode(), workload.content_type)
            if status != 200:
                raise BenchError(f"{server.name}: POST /v1/flows ({workload.name}) answered {status}: "
                                 f"{answer[:300]!r}")
            predictions = json.loads(answer)["predictions"]
            if len(predictions) != BATCH:
                raise BenchError(f"{server.name}: {len(predictions)} predictions for {BATCH} records")
            if workload.content_type == "text/csv":
                families += [p["family"] for p in predictions]
    return families


# ---------------------------------------------------------------------------------------------
# wrk


def ensure_wrk() -> str:
    """wrk's path; installs Debian's package through scripts/deps.sh when missing."""
    if not shutil.which("wrk"):
        log("installing wrk (scripts/deps.sh wrk)")
        try:
            run_command(["scripts/deps.sh", "wrk"])
        except BenchError as e:
            raise BenchError(f"wrk is missing and could not be installed: {e}") from e
    path = shutil.which("wrk")
    if not path:
        raise BenchError("wrk is still not on PATH after scripts/deps.sh wrk")
    return path


def wrk_version() -> str:
    out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return (out.stdout or out.stderr).splitlines()[0].split(" Copyright")[0].strip()


@dataclass
class WrkRun:
    requests_ok: int
    seconds: float
    status_errors: int
    socket_errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    records_per_request: int

    @property
    def requests_per_s(self) -> float:
        return self.requests_ok / self.seconds

    @property
    def records_per_s(self) -> float:
        return self.requests_per_s * self.records_per_request


def run_wrk(url: str, workload: Workload, body_file: Path, seconds: float) -> WrkRun:
    cmd = ["wrk", "-t", WRK_THREADS, "-c", workload.connections, "-d", f"{seconds:g}s",
           "--timeout", "10s", "-s", WRK_LUA, url + "/v1/flows"]
    env = {**os.environ, "BENCH_BODIES": str(body_file), "BENCH_CTYPE": workload.content_type}
    out = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env,
                         cwd=REPO_DIR, check=False)
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if out.returncode != 0 or not lines:
        raise BenchError(f"wrk failed (exit {out.returncode}):\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    s = json.loads(lines[-1])
    errors = s["errors"]
    latency = s["latency_us"]
    return WrkRun(requests_ok=s["requests"] - errors["status"], seconds=s["duration_us"] / 1e6,
                  status_errors=errors["status"],
                  socket_errors=errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
                  p50_ms=latency["p50"] / 1e3, p90_ms=latency["p90"] / 1e3,
                  p99_ms=latency["p99"] / 1e3, records_per_request=workload.records_per_request)


@dataclass
class Measured:
    runs: list[WrkRun] = field(default_factory=list)
    rss_after_kib: int = 0  # the server's VmRSS (main process) after the workload's runs

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(r, attribute) for r in self.runs)

    @property
    def errors(self) -> int:
        return sum(r.status_errors + r.socket_errors for r in self.runs)


def measure(server: Server, files: dict[str, Path], runs: int, seconds: float,
            warmup: float) -> dict[str, Measured]:
    results = {}
    for workload in WORKLOADS:
        run_wrk(server.url, workload, files[workload.name], warmup)
        measured = Measured()
        for i in range(1, runs + 1):
            run = run_wrk(server.url, workload, files[workload.name], seconds)
            measured.runs.append(run)
            log(f"{server.name} {workload.name} run {i}/{runs}: {run.records_per_s:,.0f} records/s, "
                f"{run.requests_per_s:,.1f} req/s, p50 {run.p50_ms:.2f} ms, p99 {run.p99_ms:.2f} ms"
                + (f", {run.status_errors} non-2xx" if run.status_errors else ""))
        measured.rss_after_kib = proc_status_kib(server.pid, "VmRSS")
        if measured.errors:
            warn(f"{server.name} {workload.name}: {measured.errors} failed requests "
                 "(non-2xx or socket errors; left out of the rates)")
        results[workload.name] = measured
    return results


# ---------------------------------------------------------------------------------------------
# memory over a long run


@dataclass
class MemoryRun:
    samples_kib: list[tuple[float, int]]  # (seconds since start, VmRSS)
    wrk: WrkRun

    @property
    def slope_mib_per_min(self) -> float:
        """Least-squares slope of RSS over time."""
        t = [s for s, _ in self.samples_kib]
        r = [kib / 1024 for _, kib in self.samples_kib]
        tm, rm = statistics.fmean(t), statistics.fmean(r)
        var = sum((x - tm) ** 2 for x in t)
        return 60 * sum((x - tm) * (y - rm) for x, y in zip(t, r)) / var if var else 0.0


def memory_run(body_file: Path, seconds: float, warmup: float) -> MemoryRun:
    workload = WORKLOADS[0]
    with start_ours() as server:
        run_wrk(server.url, workload, body_file, warmup)
        samples: list[tuple[float, int]] = []
        stop = threading.Event()

        def sample() -> None:
            start = time.monotonic()
            while not stop.is_set():
                samples.append((time.monotonic() - start, proc_status_kib(server.pid, "VmRSS")))
                stop.wait(1.0)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            run = run_wrk(server.url, workload, body_file, seconds)
        finally:
            stop.set()
            sampler.join()
    return MemoryRun(samples, run)


# ---------------------------------------------------------------------------------------------
# the benchmark


def fmt_rate(m: Measured, workload: Workload) -> str:
    latency = f"p50 {m.median('p50_ms'):.2f} ms · p99 {m.median('p99_ms'):.2f} ms"
    if workload.records_per_request > 1:
        return f"{m.median('records_per_s'):,.0f} records/s · {m.median('requests_per_s'):,.1f} req/s · {latency}"
    return f"{latency} · {m.median('requests_per_s'):,.0f} req/s"


def main() -> int:
    ap = bench_arguments(__doc__, quick_help="smoke test: 3 s wrk runs, 1 run each, a 10 s memory run",
                         keep_help="accepted for bench/run.sh; no effect")
    ap.set_defaults(runs=None)  # DEFAULT_RUNS, or 1 with --quick (below)
    ap.add_argument("--seconds", type=float, default=None,
                    help="length of each timed wrk run (default 10; 3 with --quick)")
    ap.add_argument("--memory-seconds", type=float, default=None,
                    help="length of the memory run (default 60; 10 with --quick)")
    args = ap.parse_args()
    runs = args.runs or (1 if args.quick else DEFAULT_RUNS)
    seconds = args.seconds or (3.0 if args.quick else 10.0)
    memory_seconds = args.memory_seconds or (10.0 if args.quick else 60.0)
    warmup = 2.0
    os.chdir(REPO_DIR)
    if not (REPO_DIR / BIN).exists():
        sys.exit(f"service_bench: {BIN} not found; build it first (`make bench` does)")

    ensure_wrk()
    load_before = load_average()
    ensure_model()
    peer_info = ensure_peer_model()
    names, rows = real_rows()
    log(f"{len(rows):,} real rows from {REAL_CSV_DIR}")

    with tempfile.TemporaryDirectory(prefix="iotshield-svcbench-bodies-") as tmp:
        files = {w.name: write_bodies(Path(tmp) / f"{w.name}.bodies", bodies(w, names, rows))
                 for w in WORKLOADS}
        with start_ours() as ours:
            ours_families = check(ours, names, rows)
            ours_results = measure(ours, files, runs, seconds, warmup)
            ours_rss = ours.peak_rss_kib()
        with start_peer() as peer:
            peer_families = check(peer, names, rows)
            peer_results = measure(peer, files, runs, seconds, warmup)
            peer_rss = peer.peak_rss_kib()
        log(f"memory run: {memory_seconds:g} s of {WORKLOADS[0].name} against a fresh server")
        memory = memory_run(files[WORKLOADS[0].name], memory_seconds, warmup)
    load_after = load_average()

    # Report.
    table = []
    for w in WORKLOADS:
        o, p = ours_results[w.name], peer_results[w.name]
        ratio = o.median("requests_per_s") / p.median("requests_per_s")
        table.append(Row(f"{w.what}, {w.connections} connection{'s' * (w.connections > 1)}",
                         fmt_rate(o, w), fmt_rate(p, w), fmt_ratio(ratio, "ours ÷ peer, rate"),
                         fmt_rss(ours_rss), fmt_rss(peer_rss)))
    mib = [kib / 1024 for _, kib in memory.samples_kib]
    table.append(Row(f"memory over a {memory_seconds:g} s run of batched CSV ingest (fresh server)",
                     f"VmRSS start {mib[0]:.0f} MiB · end {mib[-1]:.0f} MiB · max {max(mib):.0f} MiB"
                     f" · slope {memory.slope_mib_per_min:+.2f} MiB/min · "
                     f"{memory.wrk.records_per_s:,.0f} records/s",
                     rss_ours=f"{max(mib):.0f} MiB"))

    def rate(results: dict[str, Measured], name: str, what: str) -> float:
        return results[name].median(what)

    notes = []
    for name in ("batch-csv", "batch-json"):
        value = rate(ours_results, name, "records_per_s")
        notes.append(f"{name}: {value:,.0f} records/s (target ≥ {TARGET_RECORDS_PER_S:,}): "
                     f"{verdict(value >= TARGET_RECORDS_PER_S)}")
    p99 = rate(ours_results, "single-c1", "p99_ms")
    notes.append(f"single-record p99, 1 connection: {p99:.2f} ms (target ≤ {TARGET_P99_MS:g} ms): "
                 f"{verdict(p99 <= TARGET_P99_MS)}; with 4 connections: "
                 f"{rate(ours_results, 'single-c4', 'p99_ms'):.2f} ms")
    for w in WORKLOADS:
        ratio = rate(ours_results, w.name, "requests_per_s") / rate(peer_results, w.name, "requests_per_s")
        notes.append(f"{w.name} vs the FastAPI peer: {ratio:.2f}× (target ≥ {TARGET_VS_PEER:g}×): "
                     f"{verdict(ratio >= TARGET_VS_PEER)}")
    notes.append("ours' VmRSS after each workload (same process, in this order): " + ", ".join(
        f"{w.name} {fmt_rss(ours_results[w.name].rss_after_kib)}" for w in WORKLOADS))
    notes.append(f"memory flat: slope {memory.slope_mib_per_min:+.2f} MiB/min over "
                 f"{len(memory.samples_kib)} one-second VmRSS samples (target |slope| ≤ "
                 f"{TARGET_RSS_SLOPE_MIB_PER_MIN:g} MiB/min): "
                 f"{verdict(abs(memory.slope_mib_per_min) <= TARGET_RSS_SLOPE_MIB_PER_MIN)}")
    agree = sum(a == b for a, b in zip(ours_families, peer_families))
    errors = {f"{who} {n}": m.errors for who, res in (("ours", ours_results), ("peer", peer_results))
              for n, m in res.items() if m.errors}
    notes += [
        f"**load average** {load_before} before, {load_after} after: " + (
            "the machine was shared with other work while this ran, so every figure here (ours and "
            "peer alike) is pessimistic." if max(float(load_before.split()[0]), float(load_after.split()[0]))
            > (os.cpu_count() or 1) else "the machine was otherwise idle (wrk shares its cores with the server)."),
        f"load generator: {wrk_version()}, {WRK_THREADS} thread, connections as in the table, "
        f"{runs} run{'s' * (runs > 1)} of {seconds:g} s per workload after a {warmup:g} s warm-up, "
        "medians; not pinned (taskset): on 2 cores, pinning wrk would take a core away from the "
        "server. Each request POSTs the next body of "
        f"{len(rows):,} real CICIoT2023 v2 rows from {REAL_CSV_DIR}/ (shuffled, seed 1; batches of "
        f"{BATCH} as CSV with a header line, or as a JSON array of objects; single records as "
        "JSON objects). wrk is closed-loop: its latencies are service times at that concurrency "
        "and understate what a fixed-rate client would see (coordinated omission); the 1-connection "
        "run is the unqueued latency.",
        f"ours: `{BIN} serve --no-auth --port 0 {STORE_TEXT} --model {MODEL}` (random "
        "forest, 100 trees, family task, standard scaler, `--balance none`; the store commits "
        "every incident before answering — SQLite with synchronous=FULL, PostgreSQL with "
        "synchronous_commit on — requests in flight sharing a transaction). Peer: `uvicorn fastapi_service:app --workers "
        f"{PEER_WORKERS}` (bench/peers/fastapi_service.py): StandardScaler + "
        f"RandomForestClassifier(100, n_jobs=1) on the same features, trained on "
        f"{peer_info.get('train_rows', '?'):,} real rows (ours: the same rows), test accuracy {peer_info.get('accuracy', 0):.3f}; no alert store. "
        f"Families agree on {agree} of {len(ours_families)} rows checked.",
        "peak RSS: VmHWM of ours over all workloads; of the peer, summed over uvicorn's "
        "supervisor and workers.",
    ]
    if errors:
        notes.append("failed requests (left out of the rates): "
                     + ", ".join(f"{k} {v}" for k, v in errors.items()))
    if args.quick:
        notes.append("**quick mode** (smoke test): short runs; the targets are for the full run.")
    machine = machine_description(peers=("fastapi", "uvicorn", "scikit-learn"))
    section = render_section("Detection service load" + (", PostgreSQL store" if POSTGRES_URL else "") + (" (quick)" if args.quick else ""),
                             table, notes, machine=machine)
    publish(section, args.results)
    return 0


if __name__ == "__main__":
    run_main(main, "service_bench")
