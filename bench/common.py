"""Helpers shared by the IoTShield benchmarks (stdlib only).

- run_command / run_python: run one child process, timing it and reading its peak RSS from
  os.wait4 (the one place where timing and RSS are measured).
- repeat / Series: N runs (default 3) and their median time / peak RSS.
- machine_description: what the numbers were measured on.
- Row / append_results / publish: append a markdown section to bench/RESULTS.md (and print it).
- verdict, run_main: a target's "met"/"**missed**"; a benchmark script's entry point.
- log: progress on stderr, only for an interactive terminal outside CI.
- iotshield_bin: the binary under test ($IOTSHIELD_BIN, else .build/release/iotshield).
- load_average: the 1/5/15-minute load, for sections measured on a shared machine.
- BIN / iotshield / run_ours / ensure_real_store: our CLI and the real-row store that
  `iotshield synth` interpolates from (bench/.data/real.iotc).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable, Sequence

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
RESULTS_MD = BENCH_DIR / "RESULTS.md"
DEFAULT_RUNS = 3
DEFAULT_BIN = Path(".build/release/iotshield")  # relative to the repo root


def iotshield_bin() -> Path:
    """The iotshield binary the benchmarks run: $IOTSHIELD_BIN (bench/run.sh sets it), else the
    repo's own release build. Relative paths are relative to the repo root, where every
    benchmark command runs."""
    return Path(os.environ.get("IOTSHIELD_BIN") or DEFAULT_BIN)
# Kept for scripts that import the path directly.
BIN = iotshield_bin()

DATA_DIR = Path("bench/.data")
REAL_CSV_DIRS = (Path("data/ciciot2023"), Path("../shared/data/ciciot2023"))
REAL_STORE = DATA_DIR / "real.iotc"

RESULTS_HEADER = """# IoTShield benchmark results

Appended by `make bench` (`bench/run.sh`); newest section last. Times are medians of the runs
shown; MB = 10^6 bytes; peak RSS is the child's `ru_maxrss` from `wait4` (max over its runs).

"""


# ---------------------------------------------------------------------------------------------
# progress output


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def log(message: str) -> None:
    """Progress message: stderr, and only on an interactive terminal outside CI."""
    if _interactive():
        print(f"[bench] {message}", file=sys.stderr, flush=True)


def warn(message: str) -> None:
    """Something the reader should know even in CI (e.g. a row-count mismatch)."""
    print(f"[bench] warning: {message}", file=sys.stderr, flush=True)


class BenchError(RuntimeError):
    pass


# ---------------------------------------------------------------------------------------------
# timing and peak RSS


@dataclass
class Run:
    seconds: float  # wall time of the child (run_python: time inside the timed call only)
    maxrss_kib: int  # peak resident set size of the child (and its waited-for children), KiB
    stdout: str
    cpu_seconds: float = 0.0  # user + system CPU time of the child (run_command only)


def run_command(cmd: Sequence[str], cwd: Path | str = REPO_DIR) -> Run:
    """Run cmd once; wall time from just before spawn to reap, peak RSS from os.wait4.

    stdout is returned; stderr is kept in a temp file and shown only if the command fails.
    """
    cmd = [str(c) for c in cmd]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, rusage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        stdout = out.read().decode(errors="replace")
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-4000:]
            raise BenchError(
                f"command failed (exit {proc.returncode}): {shlex.join(cmd)}\n{tail}")
    return Run(seconds=seconds, maxrss_kib=rusage.ru_maxrss, stdout=stdout,
               cpu_seconds=rusage.ru_utime + rusage.ru_stime)


def run_python(func: Callable, *args, preload: Sequence[str] = ()) -> Run:
    """Call module-level func(*args) in a fresh interpreter (this one's, i.e. the venv's).

    The modules in `preload` are imported before the clock starts, so `seconds` is the time of
    the call itself (interpreter start-up and imports excluded, which favours the peer); peak
    RSS covers the whole child. func must return something JSON-serialisable; it comes back
    as json in Run.stdout.
    """
    module = func.__module__
    if module == "__main__":  # a benchmark script calling its own function
        module = Path(sys.modules["__main__"].__file__).stem
    spec = json.dumps({"module": module, "func": func.__qualname__,
                       "args": [str(a) for a in args], "preload": list(preload)})
    run = run_command([sys.executable, str(Path(__file__).resolve()), "--child", spec])
    reply = json.loads(run.stdout)
    return Run(seconds=reply["seconds"], maxrss_kib=run.maxrss_kib,
               stdout=json.dumps(reply["result"]))


def _child_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    sys.path.insert(0, str(BENCH_DIR))
    for name in spec["preload"]:
        importlib.import_module(name)
    func = getattr(importlib.import_module(spec["module"]), spec["func"])
    start = time.perf_counter()
    result = func(*spec["args"])
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "result": result}))


@dataclass
class Series:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median_seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def median_cpu_seconds(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def peak_rss_kib(self) -> int:
        return max(r.maxrss_kib for r in self.runs)

    @property
    def last_stdout(self) -> str:
        return self.runs[-1].stdout


def repeat(label: str, once: Callable[[], Run], runs: int = DEFAULT_RUNS,
           before: Callable[[], None] | None = None) -> Series:
    """Run `once` `runs` times (calling `before` untimed ahead of each) and collect the runs."""
    def prepared() -> Run:
        if before is not None:
            before()
        return once()
    return repeat_interleaved([(label, prepared)], runs)[0]


def repeat_interleaved(contenders: list[tuple[str, Callable[[], Run]]], runs: int = DEFAULT_RUNS) -> list[Series]:
    """Run each contender `runs` times in rounds (A B C, A B C, ...) rather than A A A B B B:
    on a shared VM whose speed drifts over minutes, a drift then lands on every contender
    alike instead of on whichever ran during it. One Series per contender, in the order given."""
    series = [Series(label) for label, _ in contenders]
    for i in range(1, runs + 1):
        for (label, once), collected in zip(contenders, series):
            run = once()
            collected.runs.append(run)
            log(f"{label}: run {i}/{runs}: {run.seconds:.2f} s, peak RSS {fmt_rss(run.maxrss_kib)}")
    return series


# ---------------------------------------------------------------------------------------------
# our CLI and the real rows


def iotshield(*args) -> list[str]:
    return [str(BIN), *(str(a) for a in args)]


def run_ours(*args) -> Run:
    return run_command(iotshield(*args))


def real_csvs() -> list[Path]:
    for folder in REAL_CSV_DIRS:
        files = sorted((REPO_DIR / folder).glob("*.csv"))
        if files:
            return [folder / f.name for f in files]
    raise BenchError(f"no real CICIoT2023 CSVs in {' or '.join(map(str, REAL_CSV_DIRS))}")


def ensure_real_store() -> None:
    """bench/.data/real.iotc, the seed of `iotshield synth`; rebuilt when older than the binary."""
    store = REPO_DIR / REAL_STORE
    if store.exists() and store.stat().st_mtime >= (REPO_DIR / BIN).stat().st_mtime:
        return
    log(f"ingesting the real samples into {REAL_STORE}")
    store.unlink(missing_ok=True)
    (REPO_DIR / DATA_DIR).mkdir(parents=True, exist_ok=True)
    run_ours("ingest", *real_csvs(), "--out", REAL_STORE)


# ---------------------------------------------------------------------------------------------
# formatting


def fmt_seconds(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_rss(kib: int | None) -> str:
    if kib is None:
        return "—"
    return f"{kib / 1024:.0f} MiB" if kib < 1024 * 1024 else f"{kib / 1024 / 1024:.2f} GiB"


def fmt_bytes(n: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.2f} {unit}"
    return f"{n:.0f} B"


def fmt_throughput(seconds: float, nbytes: int | None = None, rows: int | None = None) -> str:
    """'12.34 s · 85.1 MB/s · 0.42 M rows/s' (parts without data left out)."""
    parts = [fmt_seconds(seconds)]
    if nbytes is not None:
        parts.append(f"{nbytes / seconds / 1e6:.1f} MB/s")
    if rows is not None:
        parts.append(f"{rows / seconds / 1e6:.2f} M rows/s")
    return " · ".join(parts)


def fmt_ratio(value: float, how: str) -> str:
    return f"{value:.2f}× ({how})"


# ---------------------------------------------------------------------------------------------
# machine description


def _first_line(cmd: Sequence[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
        text = (out.stdout or out.stderr).strip()
        return text.splitlines()[0] if text else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "not found"


def _proc_field(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.split(":")[0].strip() == key:
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))}, kernel {platform.release()}"
    except OSError:
        pass
    return platform.platform()


def _pkg_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    """'1.23 / 1.10 / 0.98' (1, 5 and 15 minutes) and the core count it compares to."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min; {os.cpu_count()} cores)"


def machine_description(peers: Sequence[str] = ("pandas", "pyarrow")) -> dict[str, str]:
    mem_kib = _proc_field("/proc/meminfo", "MemTotal")
    mem = f"{int(mem_kib.split()[0]) / 1024 / 1024:.1f} GiB" if mem_kib else "unknown"
    desc = {
        "nproc": _first_line(["nproc"]),
        "CPU": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "memory": mem,
        "OS": _os_name(),
        "swift": _first_line(["swift", "--version"]),
        "python": platform.python_version(),
    }
    desc.update({name: _pkg_version(name) for name in peers})
    return desc


# ---------------------------------------------------------------------------------------------
# RESULTS.md


@dataclass
class Row:
    """One table row; cells are already formatted (use the fmt_* helpers, '—' for none)."""
    what: str
    ours: str
    peer: str = "—"
    ratio: str = "—"
    rss_ours: str = "—"
    rss_peer: str = "—"


TABLE_HEAD = ("| what | ours median | peer median | ratio | peak RSS ours | peak RSS peer |\n"
              "| --- | --- | --- | --- | --- | --- |\n")


def invocation() -> str:
    """The exact command that produced this run (bench/run.sh exports BENCH_INVOCATION)."""
    direct = shlex.join([os.path.relpath(sys.executable, REPO_DIR),
                         os.path.relpath(sys.argv[0], REPO_DIR), *sys.argv[1:]])
    outer = os.environ.get("BENCH_INVOCATION")
    return f"`{outer}` (runs `{direct}`)" if outer else f"`{direct}`"


def render_section(title: str, rows: Sequence[Row], notes: Sequence[str] = (),
                   machine: dict[str, str] | None = None, command: str | None = None,
                   when: _dt.datetime | None = None) -> str:
    when = when or _dt.datetime.now(_dt.timezone.utc)
    machine = machine if machine is not None else machine_description()
    out = [f"## {title} — {when.strftime('%Y-%m-%d %H:%M UTC')}\n\n",
           f"- command: {command or invocation()}\n",
           "- machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()) + "\n\n",
           TABLE_HEAD]
    out += [f"| {r.what} | {r.ours} | {r.peer} | {r.ratio} | {r.rss_ours} | {r.rss_peer} |\n"
            for r in rows]
    if notes:
        out.append("\n" + "".join(f"- {n}\n" for n in notes))
    return "".join(out)


def append_results(section: str, path: Path = RESULTS_MD) -> None:
    """Append a section rendered by render_section; never rewrites earlier sections."""
    path = Path(path)
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", encoding="utf-8") as f:
        if new:
            f.write(RESULTS_HEADER)
        f.write(section if section.endswith("\n\n") else section.rstrip("\n") + "\n\n")


def publish(section: str, path: Path = RESULTS_MD) -> None:
    """append_results, then print the section and where it went."""
    append_results(section, path)
    print(section, end="")
    print(f"(appended to {os.path.relpath(Path(path).resolve(), REPO_DIR)})")


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def bench_arguments(doc: str, quick_help: str, keep_help: str) -> argparse.ArgumentParser:
    """The options every benchmark takes: --quick, --keep, --runs, --results (add more to it)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help=quick_help)
    ap.add_argument("--keep", action="store_true", help=keep_help)
    ap.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs per measurement")
    ap.add_argument("--results", type=Path, default=RESULTS_MD,
                    help="markdown file to append to (default bench/RESULTS.md)")
    return ap


def require_binary(binary: Path, script: str) -> None:
    """Runs from the repo root; exits with a hint when the iotshield binary is missing."""
    os.chdir(REPO_DIR)
    if not binary.exists():
        sys.exit(f"{script}: {binary} not found; build it first (`make bench` does)")


def publish_table(title: str, rows: Sequence[Row], notes: Sequence[str], results: Path,
                  quick: bool = False, machine: dict[str, str] | None = None) -> None:
    """Renders the section (marked as a smoke test with `quick`), appends it to `results` and
    prints it."""
    if quick:
        title += " (quick)"
        notes = [*notes, "**quick mode** (smoke test): small files; the targets are for the full run."]
    publish(render_section(title, rows, notes, machine=machine), results)


def run_main(main: Callable[[], int], name: str) -> None:
    """Exits with main()'s status; a BenchError becomes a one-line message naming the script."""
    try:
        sys.exit(main())
    except BenchError as e:
        sys.exit(f"{name}: {e}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child_main(sys.argv[2])
    else:
        sys.exit("usage: common.py --child SPEC_JSON (internal: used by run_python)")
