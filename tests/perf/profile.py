"""Where the time goes (issue 6): cProfile of the figures the benchmark measures, written as text.

    python tests/perf/profile.py --work /tmp/scscheck-bench --rows 10000000 [--out DIR]

Uses what `tests/perf/bench.py` left in --work for that many rows: the snapshot, and a synced cache. (The
benchmark removes its caches when it ends; this syncs one again if none is there.) Profiles, each as a new
process as a user runs it:

- a full sync of a 300,000-row slice of the snapshot, built in this process (SCSCHECK_SYNC_WORKERS=0: the
  profiler does not follow worker processes), and an incremental sync of the same slice with 1% changed;
- `check --uscc` and `check NAME` on the cache of --rows rows;
- a batch of the benchmark's first 300 counterparties on that cache.

Each profile is written as `<name>.txt`: the top functions by own time and by cumulative time.
"""

import argparse
import gzip
import io
import os
import pstats
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench

SLICE = 300_000


def profiled(name: str, args: list[str], env: dict[str, str], out: Path) -> None:
    data = out / f"{name}.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(data), "-m", "scscheck", *args], env=env,
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = io.StringIO()
    stats = pstats.Stats(str(data), stream=text)
    stats.strip_dirs()
    text.write(f"# {name}: scscheck {' '.join(args)}\n\n## by own time\n")
    stats.sort_stats("tottime").print_stats(25)
    text.write("\n## by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(25)
    (out / f"{name}.txt").write_text(text.getvalue(), encoding="utf-8")
    data.unlink()
    print(out / f"{name}.txt", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/scscheck-bench"))
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "profiles")
    parser.add_argument("--only", choices=("sync", "checks"), help="profile only the syncs, or only the checks")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data = bench.snapshot(args.work, args.rows)
    if args.only != "checks":
        profile_syncs(args.work, data, args.out)
    if args.only != "sync":
        profile_checks(args.work, args.rows, data, args.out)


def profile_syncs(work: Path, data: Path, out: Path) -> None:
    """A full and an incremental sync of a slice of the snapshot."""
    part = work / f"spc-{SLICE}.csv.gz"
    if not part.exists():
        with gzip.open(data, "rt", encoding="utf-8", newline="") as src, \
                gzip.open(part, "wt", encoding="utf-8", newline="", compresslevel=6) as dst:
            for n, line in enumerate(src):
                if n > SLICE:
                    break
                dst.write(line)
    regs = bench.registry_dir(work, f"profile-{SLICE}", part)
    home = work / "profile-home"
    shutil.rmtree(home, ignore_errors=True)
    env = {**bench.environment(home), "SCSCHECK_SYNC_WORKERS": "0"}
    sync = ["--registry-dir", str(regs), "sync", "bench.spc", "-f", "json"]
    profiled("sync-full-300k", sync, env, out)
    changed, _ = bench.changed_snapshot(part)
    regs_changed = bench.registry_dir(work, f"profile-{SLICE}-changed", changed)
    profiled("sync-incremental-300k", ["--registry-dir", str(regs_changed), "sync", "bench.spc", "-f", "json"], env,
             out)
    shutil.rmtree(home, ignore_errors=True)


def profile_checks(work: Path, rows: int, data: Path, out: Path) -> None:
    """A check by USCC, one by name and a batch of 300 on the cache of the whole snapshot."""
    regs = bench.registry_dir(work, str(rows), data)
    home = work / f"homes-{rows}" / "main"
    env = bench.environment(home)
    if not (home / "cache.sqlite3").exists():
        subprocess.run([sys.executable, "-m", "scscheck", "--registry-dir", str(regs), "sync", "bench.spc"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
    picked = bench.sample(data, 2_000)
    code, name = picked.companies[0][1], bench.variants(picked.companies[0][0], 0)
    profiled("check-uscc", ["--registry-dir", str(regs), "check", "--uscc", code, "-f", "json"], env, out)
    profiled("check-name", ["--registry-dir", str(regs), "check", name, "-f", "json"], env, out)
    batch = work / f"batch-{rows}.csv"
    if batch.exists():
        head = work / "batch-300.csv"
        with batch.open(encoding="utf-8") as src:
            head.write_text("".join(line for _, line in zip(range(301), src, strict=False)), encoding="utf-8")
        profiled("batch-300", ["--registry-dir", str(regs), "check", "--input", str(head), "-f", "jsonl", "-o",
                               os.devnull, "--fail-on", "never"], env, out)


if __name__ == "__main__":
    main()
