"""National-scale benchmark (issue 6): sync, re-sync, single checks, a batch and an incremental sync of an
SPC-shaped snapshot of N rows, each figure beside its baseline measured in the same run on the same data.

    pip install -e '.[test,bench]'
    python tests/perf/bench.py                         # 100k, 1M and 10M rows (the 10M run takes an hour)
    python tests/perf/bench.py --scales 100000 --runs 3 --work /tmp/scscheck-bench

Data is made by the package's sample generator (`python -m scscheck.samples stream`) into --work (kept
between runs; a few GB at 10M). Every command is timed as a new process, as a user runs it, with bytecode
compiled first (`compileall`); figures are medians of --runs runs (--sync-runs for full syncs, which are the
long ones), peak RSS is the largest of the runs (getrusage of the command, started by a small
spawner process, and the PSS of it and its workers). The results are printed and
written as JSON to tests/perf/results/<date>-<machine>.json (or --out). Not part of the test run.

Baselines, per the issue: `sqlite-utils insert --csv` of the decompressed snapshot (loads only) for the
full sync; `zgrep -F CODE` over the snapshot for a check by USCC; `python -c "import typer, rich"` for a
check by name; brute-force `rapidfuzz.process.extractOne` over every listed name, timed on 100 queries and
scaled, for the batch; the full sync for the incremental one.

Verdicts: the batch is 40% listed companies under a name variant (traditional script, region in brackets,
spaces), 10% romanized names of listed companies, 50% names of companies on no list. The recall of the
planted variants is reported, and a sample of the batch is checked one by one to show that the single and
batch paths give the same verdicts.
"""

import argparse
import contextlib
import csv
import datetime as dt
import gzip
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCSCHECK = [sys.executable, "-m", "scscheck"]
BIN = Path(sys.executable).parent
REGISTRY = REPO / "registries" / "cn.spc.dishonest-debtors.toml"
BATCH_SIZE = 100_000
ACTIVE_DAYS = 700  # a row published this recently is active (the SPC registry's term is 730 days)
# Trade-name characters the generator never uses (its pool is samples.names.TRADE_CHARS): companies named
# with them are on no list.
UNLISTED_TRADE = "甄璟瑄琰璞琦瑾瑜珂珞琮璋玥珩琨璐瑗璇琳琬"


@dataclass
class Timed:
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


# The commands are started by a small process of their own, not by the benchmark: a child's peak RSS
# (getrusage) counts what its parent held when it was started, and the benchmark holds the sampled snapshot
# and the batch's answers (about 1 GB at 10M rows), which an earlier version reported as the batch's memory.
SPAWNER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["stderr"], "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(job["cmd"], env=job["env"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err)
        print(json.dumps({"pid": proc.pid}), flush=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}),
          flush=True)
"""


class Spawner:
    """Runs commands for the benchmark from a process that holds nothing (see SPAWNER)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-S", "-c", SPAWNER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        handle, name = tempfile.mkstemp(prefix="scscheck-bench-", suffix=".err")
        os.close(handle)
        self.errors = Path(name)

    def start(self, cmd: Sequence[str], env: dict[str, str] | None) -> int:
        assert self.proc.stdin and self.proc.stdout
        job = {"cmd": [str(c) for c in cmd], "env": dict(os.environ if env is None else env),
               "stderr": str(self.errors)}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        return int(json.loads(self.proc.stdout.readline())["pid"])

    def wait(self) -> dict[str, Any]:
        assert self.proc.stdout
        return dict(json.loads(self.proc.stdout.readline()))

    def stderr(self) -> str:
        return self.errors.read_bytes().decode("utf-8", "replace")


_spawner: Spawner | None = None


def spawner() -> Spawner:
    global _spawner
    if _spawner is None:
        _spawner = Spawner()
    return _spawner


def run(cmd: Sequence[str], env: dict[str, str] | None = None, check: bool = True) -> tuple[float, float, int]:
    """Run a command as a new process: wall seconds, peak memory in MB, exit code. The peak memory is the
    largest of the process's own peak RSS (getrusage, taken by the spawner) and the sum of the proportional
    set sizes (PSS, shared pages split between the processes sharing them) of it and its worker processes,
    sampled every 0.2 s. The time is the spawner's, from the start to the end of the process."""
    runner = spawner()
    pid = runner.start(cmd, env)
    peaks = [0.0]
    done = threading.Event()

    def sample() -> None:  # beside the wait, so that the time measured is the process's own
        while not done.wait(0.2):
            peaks.append(tree_pss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    result = runner.wait()
    done.set()
    sampler.join()
    code = int(result["code"])
    if check and code not in (0, 1):
        raise SystemExit(f"failed ({code}): {' '.join(map(str, cmd))}\n{runner.stderr()[-2000:]}")
    return float(result["seconds"]), max(result["maxrss_kb"] / 1024, max(peaks)), code


def tree_pss_mb(root: int) -> float:
    """The PSS of a process and its children, in MB (0 where /proc cannot say)."""
    pids, total = [root], 0.0
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{root}/task/{root}/children").read_text().split()
        pids += [int(p) for p in children]
    for pid in pids:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
                    break
    return total


def timed(runs: int, make: Callable[[int], Sequence[str]], env: dict[str, str],
          before: Callable[[int], None] | None = None) -> Timed:
    result = Timed()
    for i in range(runs):
        if before:
            before(i)
        seconds, rss, _ = run(make(i), env)
        result.seconds.append(seconds)
        result.peak_rss_mb = max(result.peak_rss_mb, rss)
    return result


# --postgres URL: every cache home of the run gets a database of its own on that server (the store on
# PostgreSQL, issue 8) instead of its SQLite file; the figures are the same.
POSTGRES: str | None = None


def _on_server(sql: str, params: tuple[Any, ...] = ()) -> Any:
    """Run one statement on the --postgres server (outside any transaction: CREATE DATABASE needs that)."""
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


def store_name(home: Path) -> str:
    """The database of a cache home on the --postgres server."""
    return "bench_" + "_".join(home.parts[-2:]).replace("-", "_").lower()


def store_for(home: Path) -> str | None:
    """The store URL of a cache home: None for SQLite, else its database (created empty on first use)."""
    if POSTGRES is None:
        return None
    name = store_name(home)
    if _on_server("SELECT 1 FROM pg_database WHERE datname = %s", (name,)) is None:
        _on_server(f'CREATE DATABASE "{name}"')
    return POSTGRES.rsplit("/", 1)[0] + "/" + name


def drop_home(home: Path) -> None:
    """Remove a cache home (and its database)."""
    shutil.rmtree(home, ignore_errors=True)
    if POSTGRES is not None:
        _on_server(f'DROP DATABASE IF EXISTS "{store_name(home)}"')


def copy_home(source: Path, target: Path) -> None:
    """A copy of a synced cache home (and of its database, made from the other)."""
    drop_home(target)
    shutil.copytree(source, target)
    if POSTGRES is not None:
        _on_server(f'CREATE DATABASE "{store_name(target)}" TEMPLATE "{store_name(source)}"')


def store_bytes(home: Path) -> int:
    """The cache's size on disk: the SQLite files, or the database."""
    if POSTGRES is None:
        return sum(p.stat().st_size for p in home.glob("cache.sqlite3*"))
    return int(_on_server("SELECT pg_database_size(%s)", (store_name(home),))[0])


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "SCSCHECK_REGISTRY_PATH", "SCSCHECK_STORE")}
    env.update(SCSCHECK_HOME=str(home), XDG_CACHE_HOME=str(home.parent / "xdg-cache"), COLUMNS="200")
    url = store_for(home)
    if url:
        env["SCSCHECK_STORE"] = url
    return env


def registry_dir(work: Path, name: str, snapshot: Path) -> Path:
    """A registry directory with `bench.spc`: the bundled SPC registry, pointed at the benchmark snapshot."""
    directory = work / f"regs-{name}"
    directory.mkdir(parents=True, exist_ok=True)
    link = directory / snapshot.name
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(snapshot)
    text = REGISTRY.read_text(encoding="utf-8")
    text = text.replace('id = "cn.spc.dishonest-debtors"', 'id = "bench.spc"', 1)
    text = "\n".join(f'url = "{snapshot.name}"' if line.startswith("url = ") else line for line in text.splitlines())
    text = text.replace("max_age_days = 7", "max_age_days = 36500")
    (directory / "bench.spc.toml").write_text(text + "\n", encoding="utf-8")
    return directory


def snapshot(work: Path, rows: int) -> Path:
    path = work / f"spc-{rows}.csv.gz"
    if not path.exists():
        print(f"  generating {path.name} ...", flush=True)
        from scscheck.samples.spc import write_spc_snapshot

        partial = path.with_suffix(".partial")
        write_spc_snapshot(partial, rows)
        partial.rename(path)
    return path


def decompressed(path: Path) -> Path:
    out = path.with_suffix("")  # .csv
    if not out.exists():
        with gzip.open(path, "rb") as src, open(out.with_suffix(".partial"), "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        out.with_suffix(".partial").rename(out)
    return out


def changed_snapshot(path: Path, fraction: float = 0.01) -> tuple[Path, int]:
    """The snapshot with `fraction` of its rows changed (their performance column), as a publisher's next
    day might: the rest byte for byte the same."""
    out = path.with_name(path.name.replace(".csv.gz", "-changed.csv.gz"))
    step = round(1 / fraction)
    if not out.exists():
        with gzip.open(path, "rt", encoding="utf-8", newline="") as src, \
                gzip.open(out.with_suffix(".partial"), "wt", encoding="utf-8", newline="", compresslevel=6) as dst:
            reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
            writer.writerow(next(reader))
            for n, row in enumerate(reader):
                if n % step == 0:
                    row[13] = "部分未履行" if row[13] != "部分未履行" else "全部未履行"
                writer.writerow(row)
        out.with_suffix(".partial").rename(out)
    rows = int(path.name.split("-")[1].split(".")[0])
    changed = (rows + step - 1) // step
    return out, changed


@dataclass
class Sample:
    """What the benchmark takes from the snapshot: active listed companies, and every listed name."""

    companies: list[tuple[str, str]]  # (name, USCC)
    names: list[str]


def sample(path: Path, want: int, seed: int = 7) -> Sample:
    from scscheck.ids import uscc

    today = dt.date.today()
    horizon = (today - dt.timedelta(days=ACTIVE_DAYS)).strftime("%Y年%m月%d日")
    rng = random.Random(seed)
    reservoir: list[tuple[str, str]] = []
    names: list[str] = []
    seen = 0
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for row in reader:
            names.append(row[0])
            if row[1] != "法人或其他组织" or len(row[2]) != 18 or row[15] < horizon:
                continue
            seen += 1  # a uniform sample of the active company rows (reservoir sampling)
            if len(reservoir) < want:
                reservoir.append((row[0], row[2]))
            elif (j := rng.randrange(seen)) < want:
                reservoir[j] = (row[0], row[2])
    companies = list({name: (name, code) for name, code in reservoir if uscc.is_valid(code)}.values())
    rng.shuffle(companies)
    return Sample(companies, names)


def variants(name: str, n: int) -> str:
    """A listed company's name as another list or a user might write it."""
    from scscheck import names

    parts = names.parse_company(name)
    place = _place(parts.region)
    if n % 3 == 0 or not (place and parts.trade and parts.form):
        return _traditional(name)
    industry = "".join(parts.industries)
    if n % 3 == 1:
        return f"{parts.trade}{industry}（{place}）{parts.form}"
    return f"{place} {parts.trade}{industry} {parts.form}"


def _place(code: str | None) -> str:
    """A division's name as a company name writes it (安庆市, 福建 for 福建省)."""
    from scscheck import regions

    name = regions.name_of(code) if code else None
    return (name or "").removesuffix("省")


def _traditional(text: str) -> str:
    import opencc

    global _S2T
    if _S2T is None:
        _S2T = opencc.OpenCC("s2t")
    return str(_S2T.convert(text))


_S2T: Any = None


def romanized(name: str) -> str:
    from scscheck import industries, names, romanize

    parts = names.parse_company(name)
    english = {han: words for words, hans in industries.ENGLISH.items() for han in hans}
    industry = " ".join(english.get(i, romanize.pinyin(i)).title() for i in parts.industries)
    place = romanize.pinyin(_place(parts.region).removesuffix("市")).title()
    return f"{place} {romanize.pinyin(parts.trade).title()} {industry} Co., Ltd.".replace("  ", " ")


def unlisted(rng: random.Random, places: Sequence[str]) -> str:
    from scscheck.samples import names

    trade = "".join(rng.sample(UNLISTED_TRADE, 2))
    return f"{rng.choice(places)}{trade}{rng.choice(names.INDUSTRIES)}{rng.choice(names.LEGAL_FORMS)}"


def batch_file(work: Path, rows: int, picked: Sample) -> tuple[Path, list[tuple[str, str]]]:
    """100,000 counterparties: 40% listed (name variants), 10% romanized, 50% on no list; with the
    expected verdict of each."""
    from scscheck import names

    rng = random.Random(11)
    listed = picked.companies
    places = sorted({p for name, _ in listed[:2000] if (p := _place(names.parse_company(name).region))}) or ["安庆市"]
    queries: list[tuple[str, str]] = []
    for i in range(int(BATCH_SIZE * 0.4)):
        queries.append((variants(listed[i % len(listed)][0], i), "listed"))
    for i in range(int(BATCH_SIZE * 0.1)):
        queries.append((romanized(listed[(i * 7) % len(listed)][0]), "review"))
    while len(queries) < BATCH_SIZE:
        queries.append((unlisted(rng, places), "clear"))
    rng.shuffle(queries)
    path = work / f"batch-{rows}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["名称"])
        writer.writerows([q] for q, _ in queries)
    return path, queries


def recall(out: Path, expected: list[tuple[str, str]]) -> dict[str, Any]:
    verdicts = {}
    with out.open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            verdicts[item["query"]["line"] - 2] = item["verdict"]
    kinds: dict[str, list[bool]] = {}
    false_listed = 0
    for i, (_, want) in enumerate(expected):
        got = verdicts.get(i)
        if want == "listed":
            kinds.setdefault("listed name variants found listed", []).append(got == "listed")
        elif want == "review":
            kinds.setdefault("romanized names found (review or listed)", []).append(got in ("review", "listed"))
        else:
            kinds.setdefault("unlisted names found clear", []).append(got == "clear")
            false_listed += got in ("listed", "linked")
    figures: dict[str, Any] = {k: {"queries": len(v), "recall": round(sum(v) / len(v), 4)} for k, v in kinds.items()}
    figures["false listed or linked among unlisted"] = false_listed
    return figures


def same_verdicts(home: Path, regs: Path, expected: list[tuple[str, str]], out: Path,
                  count: int = 200) -> dict[str, Any]:
    """Check a sample of the batch one by one, in-process (the single-check path), against the batch's."""
    os.environ["SCSCHECK_HOME"] = str(home)
    from scscheck import check, counterparty, registry
    from scscheck.stores import open_store

    batch = {}
    with out.open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            batch[item["query"]["line"] - 2] = item["verdict"]
    regs_all = registry.discover(registry.search_path([regs]))
    picks = random.Random(3).sample(range(len(expected)), count)
    differ = 0
    with open_store(store_for(home), home) as store:
        for i in picks:
            single = check.check(store, regs_all, [counterparty.make(expected[i][0])]).results[0].verdict
            differ += single != batch.get(i)
    return {"compared": count, "different": differ}


def extract_one_baseline(names: list[str], queries: list[str]) -> float:
    """Seconds for rapidfuzz.process.extractOne over every listed name, for each query."""
    from rapidfuzz import process

    started = time.perf_counter()
    for q in queries:
        process.extractOne(q, names)
    return time.perf_counter() - started


def single_checks(regs: Path, data: Path, env: dict[str, str], picked: Sample, runs: int) -> dict[str, Any]:
    """`check --uscc` beside `zgrep -F`, `check NAME` beside `import typer, rich`, each as new processes."""
    figures: dict[str, Any] = {}
    check_uscc = timed(max(runs, 10), lambda i: [*SCSCHECK, "--registry-dir", str(regs), "check", "--uscc",
                                                 picked.companies[i][1], "-f", "json"], env)
    zgrep = timed(max(runs, 10), lambda i: ["zgrep", "-F", picked.companies[i][1], str(data)], env)
    figures["check_uscc"] = {"seconds": check_uscc.seconds, "median": check_uscc.median, "target_seconds": 0.2,
                             "baseline_zgrep": {"seconds": zgrep.seconds, "median": zgrep.median},
                             "ratio_zgrep_to_check": zgrep.median / check_uscc.median}
    check_name = timed(max(runs, 10), lambda i: [*SCSCHECK, "--registry-dir", str(regs), "check",
                                                 variants(picked.companies[i][0], i), "-f", "json"], env)
    typer_rich = timed(max(runs, 10), lambda i: [sys.executable, "-c", "import typer, rich"], env)
    figures["check_name"] = {"seconds": check_name.seconds, "median": check_name.median, "target_seconds": 0.25,
                             "baseline_import_typer_rich": {"seconds": typer_rich.seconds,
                                                            "median": typer_rich.median},
                             "ratio_to_baseline": check_name.median / typer_rich.median}
    for i in range(3):  # the verdicts of the timed single checks, shown
        shown = subprocess.run([*SCSCHECK, "--registry-dir", str(regs), "check", "--uscc", picked.companies[i][1],
                                "-f", "json"], env=env, capture_output=True, text=True).stdout
        figures.setdefault("check_uscc_verdicts", []).append(json.loads(shown)["results"][0]["verdict"])
    return figures


def batch_figures(work: Path, rows: int, regs: Path, home: Path, env: dict[str, str], picked: Sample,
                  runs: int) -> dict[str, Any]:
    """A batch of 100,000 beside brute-force extractOne, its verdicts' recall, and single against batch."""
    print("  batch of 100,000 ...", flush=True)
    batch, expected = batch_file(work, rows, picked)
    out = work / f"batch-{rows}.jsonl"
    batch_runs = timed(runs, lambda i: [*SCSCHECK, "--registry-dir", str(regs), "check", "--input", str(batch),
                                        "-f", "jsonl", "-o", str(out), "--fail-on", "never"], env)
    queries = [q for q, _ in expected[:100]]
    brute = extract_one_baseline(picked.names, queries) * (BATCH_SIZE / len(queries))
    return {"counterparties": BATCH_SIZE, "seconds": batch_runs.seconds, "median": batch_runs.median,
            "peak_rss_mb": batch_runs.peak_rss_mb, "target_seconds": 60,
            "baseline_rapidfuzz_extractone_scaled_seconds": brute,
            "ratio_baseline_to_batch": brute / batch_runs.median,
            "verdicts": recall(out, expected),
            "single_vs_batch": same_verdicts(home, regs, expected, out)}


def keep_home(home: Path, keep: Path | None) -> None:
    """Drop the synced cache home at the end of a scale, or move it (and its database) to `keep`."""
    if keep is None:
        drop_home(home)
        return
    drop_home(keep)
    shutil.move(home, keep)
    if POSTGRES is not None:
        _on_server(f'ALTER DATABASE "{store_name(home)}" RENAME TO "{store_name(keep)}"')


def bench_scale(rows: int, work: Path, runs: int, sync_runs: int, skip: set[str],
                keep: Path | None = None) -> dict[str, Any]:
    print(f"\n== {rows:,} rows", flush=True)
    data = snapshot(work, rows)
    regs = registry_dir(work, str(rows), data)
    homes = work / f"homes-{rows}"
    shutil.rmtree(homes, ignore_errors=True)
    figures: dict[str, Any] = {"rows": rows, "snapshot_bytes": data.stat().st_size,
                               "store": "postgresql" if POSTGRES else "sqlite"}

    def sync_cmd(home: Path, directory: Path = regs) -> list[str]:
        url = store_for(home)
        return [*SCSCHECK, *(["--store", url] if url else []), "--home", str(home), "--registry-dir",
                str(directory), "sync", "bench.spc", "-f", "json"]

    home = homes / "main"
    env = environment(home)
    print("  full sync ...", flush=True)
    full = timed(sync_runs, lambda i: sync_cmd(homes / f"full-{i}"), env,
                 before=lambda i: drop_home(homes / f"full-{i}"))
    copy_home(homes / f"full-{sync_runs - 1}", home)
    size = store_bytes(home)
    figures["full_sync"] = {"seconds": full.seconds, "median": full.median, "peak_rss_mb": full.peak_rss_mb,
                            "rows_per_second": rows / full.median, "target_seconds": 90 * rows / 10_000_000,
                            "cache_bytes": size, "cache_mb_per_million": size / 1e6 / (rows / 1e6)}
    for i in range(sync_runs):
        drop_home(homes / f"full-{i}")
    print("  baseline: sqlite-utils insert --csv ...", flush=True)
    plain = decompressed(data)
    utils = shutil.which("sqlite-utils", path=str(BIN)) or "sqlite-utils"
    base = timed(sync_runs, lambda i: [utils, "insert", str(work / f"su-{rows}-{i}.db"), "listing", str(plain),
                                       "--csv"],
                 env, before=lambda i: (work / f"su-{rows}-{i}.db").unlink(missing_ok=True))
    for i in range(sync_runs):
        (work / f"su-{rows}-{i}.db").unlink(missing_ok=True)
    figures["full_sync"]["baseline_sqlite_utils"] = {"seconds": base.seconds, "median": base.median}
    figures["full_sync"]["ratio_to_baseline"] = full.median / base.median

    print("  re-sync unchanged ...", flush=True)
    resync = timed(runs, lambda i: sync_cmd(home), env)
    figures["resync_unchanged"] = {"seconds": resync.seconds, "median": resync.median, "target_seconds": 1.0}

    print("  sampling the snapshot ...", flush=True)
    picked = sample(data, 20_000)
    figures.update(single_checks(regs, data, env, picked, runs))

    figures["batch"] = batch_figures(work, rows, regs, home, env, picked, sync_runs)

    if "incremental" in skip:
        keep_home(home, keep)
        shutil.rmtree(homes, ignore_errors=True)
        figures["incremental"] = {"skipped": True}
        return figures
    print("  incremental sync (1% of rows changed) ...", flush=True)
    changed, count = changed_snapshot(data)
    regs_changed = registry_dir(work, f"{rows}-changed", changed)

    def fresh(i: int) -> None:
        copy_home(home, homes / f"inc-{i}")

    incremental = timed(sync_runs, lambda i: sync_cmd(homes / f"inc-{i}", regs_changed), env, before=fresh)
    figures["incremental"] = {"rows_changed": count, "seconds": incremental.seconds, "median": incremental.median,
                              "fraction_of_full_sync": incremental.median / full.median, "target_fraction": 0.30}
    for i in range(sync_runs):
        drop_home(homes / f"inc-{i}")
    keep_home(home, keep)
    shutil.rmtree(homes, ignore_errors=True)
    return figures


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"node": platform.node(), "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1),
            "python": platform.python_version(), "system": platform.platform()}


def report(results: list[dict[str, Any]]) -> None:
    print("\nfigure                               " + "".join(f"{r['rows']:>16,}" for r in results))

    def line(label: str, get: Callable[[dict[str, Any]], Any]) -> None:
        cells = []
        for r in results:
            try:
                value = get(r)
            except (KeyError, TypeError):
                value = None
            cells.append(f"{value:>16.3f}" if isinstance(value, float) else f"{value!s:>16}")
        print(f"{label:37}" + "".join(cells))

    line("full sync s (median)", lambda r: r["full_sync"]["median"])
    line("  target s", lambda r: r["full_sync"]["target_seconds"])
    line("  rows/s", lambda r: r["full_sync"]["rows_per_second"])
    line("  peak RSS MB", lambda r: r["full_sync"]["peak_rss_mb"])
    line("  sqlite-utils insert --csv s", lambda r: r["full_sync"]["baseline_sqlite_utils"]["median"])
    line("  ratio scscheck / sqlite-utils", lambda r: r["full_sync"]["ratio_to_baseline"])
    line("  cache MB per million listings", lambda r: r["full_sync"]["cache_mb_per_million"])
    line("re-sync unchanged s", lambda r: r["resync_unchanged"]["median"])
    line("check --uscc s (new process)", lambda r: r["check_uscc"]["median"])
    line("  zgrep -F s", lambda r: r["check_uscc"]["baseline_zgrep"]["median"])
    line("  ratio zgrep / check", lambda r: r["check_uscc"]["ratio_zgrep_to_check"])
    line("check NAME s (new process)", lambda r: r["check_name"]["median"])
    line("  import typer, rich s", lambda r: r["check_name"]["baseline_import_typer_rich"]["median"])
    line("  ratio check / import", lambda r: r["check_name"]["ratio_to_baseline"])
    line("batch 100k s", lambda r: r["batch"]["median"])
    line("  peak RSS MB", lambda r: r["batch"]["peak_rss_mb"])
    line("  rapidfuzz extractOne (scaled) s", lambda r: r["batch"]["baseline_rapidfuzz_extractone_scaled_seconds"])
    line("  ratio extractOne / batch", lambda r: r["batch"]["ratio_baseline_to_batch"])
    line("  listed variants recall", lambda r: r["batch"]["verdicts"]["listed name variants found listed"]["recall"])
    line("  romanized recall", lambda r: r["batch"]["verdicts"]["romanized names found (review or listed)"]["recall"])
    line("  unlisted found clear", lambda r: r["batch"]["verdicts"]["unlisted names found clear"]["recall"])
    line("  single vs batch: differences", lambda r: r["batch"]["single_vs_batch"]["different"])
    line("incremental sync s", lambda r: r["incremental"]["median"])
    line("  fraction of full sync", lambda r: r["incremental"]["fraction_of_full_sync"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="100000,1000000,10000000", help="rows per snapshot, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs of each quick figure (median)")
    parser.add_argument("--sync-runs", type=int, default=3, help="runs of each full sync and batch (median)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "scscheck-bench")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--postgres", metavar="URL", default=None,
                        help="measure the store on PostgreSQL: a database of this server per cache home "
                             "(postgresql://user@host:port/postgres; the user creates databases)")
    parser.add_argument("--skip", default="",
                        help="figures to leave out, comma-separated (incremental; batch with --checks-only)")
    parser.add_argument("--checks-only", type=Path, metavar="HOME", default=None,
                        help="only the single checks and the batch (unless --skip batch), on the synced cache in "
                             "HOME (of the one --scales size)")
    parser.add_argument("--keep", type=Path, metavar="HOME", default=None,
                        help="keep the synced cache of the (one) --scales size in HOME, for a later --checks-only")
    args = parser.parse_args(argv)
    global POSTGRES
    POSTGRES = args.postgres
    args.work.mkdir(parents=True, exist_ok=True)
    spawner()  # before the benchmark holds any data
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "scscheck")], check=True)
    if args.checks_only:
        rows = int(args.scales.split(",")[0])
        data = snapshot(args.work, rows)
        regs, env = registry_dir(args.work, str(rows), data), environment(args.checks_only)
        picked = sample(data, 20_000)
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
        figures = {"rows": rows, "commit": commit.strip() or None, "command": " ".join(sys.argv),
                   "machine": machine(), **single_checks(regs, data, env, picked, args.runs)}
        if "batch" not in args.skip.split(","):
            figures["batch"] = batch_figures(args.work, rows, regs, args.checks_only, env, picked, args.sync_runs)
        print(json.dumps(figures, indent=1, ensure_ascii=False))
        if args.out:
            args.out.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    results = []
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for rows in (int(x) for x in args.scales.split(",")):
        results.append(bench_scale(rows, args.work, args.runs, args.sync_runs, set(filter(None, args.skip.split(","))),
                                   args.keep))
        report(results)
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    document = {"benchmark": "scscheck national scale (issue 6)", "command": " ".join(sys.argv),
                "commit": commit.strip() or None,
                "started": started.isoformat(),
                "finished": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), "machine": machine(),
                "runs": args.runs, "sync_runs": args.sync_runs, "results": results}
    out = args.out or REPO / "tests" / "perf" / "results" / f"{started.date()}-{platform.node() or 'machine'}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
