"""Concurrency on one cache: two syncs at once, and checks while a sync loads.

Each test runs the real command in subprocesses on a generated SPC-shaped snapshot large enough that the
load takes a few seconds (SCSCHECK_CONCURRENCY_ROWS, default 30,000), so that the other process really
runs during it.
"""

import csv
import gzip
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import write_registry

from scscheck.status import ExitCode

ROWS = int(os.environ.get("SCSCHECK_CONCURRENCY_ROWS", "30000"))
SPC_FIELDS = {
    "name": "被执行人姓名/名称", "subject_type": "被执行人类型", "id": "身份证号码/组织机构代码",
    "legal_rep": "法定代表人或者负责人姓名", "authority": "执行法院", "region": "省份", "case_number": "案号",
    "reason": "失信被执行人行为具体情形", "listed_on": "发布时间",
}
VALUES = '\n[values.subject_type]\n"自然人" = "person"\n"法人或其他组织" = "enterprise"\n'


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry directory holding t.big, a large snapshot, and a copy of it in which a column the registry
    does not read (年龄, the age) differs on every row: a sync of the copy loads a new snapshot with the same
    listings, building every row again (an unchanged row would be copied from the previous snapshot, and
    the load over before a check could run beside it)."""
    directory = tmp_path_factory.mktemp("big")
    snapshot = directory / "big.csv.gz"
    subprocess.run([sys.executable, "-m", "scscheck.samples", "stream", "--rows", str(ROWS), "--out",
                    str(snapshot)], check=True, capture_output=True)
    header, *rows = csv.reader(io.StringIO(gzip.decompress(snapshot.read_bytes()).decode("utf-8")))
    assert header[4] == "年龄"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([*row[:4], row[4] + "1", *row[5:]] for row in rows)
    (directory / "big-again.csv.gz").write_bytes(gzip.compress(out.getvalue().encode("utf-8"), mtime=1))
    write_registry(directory, "t.big", "big.csv.gz", fields=SPC_FIELDS, extra=VALUES)
    (directory / "t.big.toml").write_text(
        (directory / "t.big.toml").read_text(encoding="utf-8").replace('"%Y-%m-%d"]', '"%Y-%m-%d", "%Y%m%d"]'),
        encoding="utf-8")
    return directory


def scscheck(home: Path, regs: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "scscheck", "--home", str(home), "--registry-dir", str(regs), *args]


def start(cmd: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def point_at(regs: Path, snapshot: str) -> None:
    toml = regs / "t.big.toml"
    text = toml.read_text(encoding="utf-8")
    for name in ("big.csv.gz", "big-again.csv.gz"):
        text = text.replace(f'url = "{name}"', f'url = "{snapshot}"')
    toml.write_text(text, encoding="utf-8")


def test_second_sync_waits_or_exits_busy(big: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    point_at(big, "big.csv.gz")
    first = start(scscheck(home, big, "sync", "t.big"))
    time.sleep(0.8)  # the first holds the lock by now (it takes it before fetching)
    busy = subprocess.run(scscheck(home, big, "sync", "--no-wait", "t.big"), capture_output=True, text=True)
    second = start(scscheck(home, big, "sync", "t.big", "--format", "json"))
    assert first.poll() is None, "the first sync ended before the others started: raise the row count"
    assert busy.returncode == ExitCode.BUSY
    assert busy.stderr.strip().splitlines() == [
        f"scscheck: error: another sync is running on the cache in {home}; try again when it ends"]
    out, err = second.communicate(timeout=300)
    assert first.wait(timeout=300) == 0
    assert second.returncode == 0, err
    assert "another sync is running on this cache; waiting for it to finish" in err
    assert "Traceback" not in err + busy.stderr
    assert json.loads(out)[0]["outcome"] == "unchanged"  # it waited, then found the snapshot just loaded


def test_checks_during_a_sync_see_one_whole_snapshot(big: Path, tmp_path: Path) -> None:
    """A batch of 1,000 counterparties checked while a new snapshot of the same listings loads gives the
    same verdicts as before it, and every check sees every listing of one snapshot, never part of one."""
    home = tmp_path / "home"
    point_at(big, "big.csv.gz")
    assert subprocess.run(scscheck(home, big, "sync", "t.big"), capture_output=True).returncode == 0
    batch = tmp_path / "batch.csv"
    with gzip.open(big / "big.csv.gz", "rt", encoding="utf-8") as fh:
        header = fh.readline()
        names = list(dict.fromkeys(line.split(",")[0] for line in fh))
    assert header.startswith("被执行人姓名/名称")
    step = max(1, len(names) // 900)
    picked = names[::step][:900] + [f"安庆市未列{i:03d}贸易有限公司" for i in range(100)]
    batch.write_text("名称\n" + "\n".join(picked) + "\n", encoding="utf-8")
    check = scscheck(home, big, "check", "--input", str(batch), "--format", "json", "--fail-on", "never")

    def verdicts() -> tuple[list[str], set[int]]:
        run = subprocess.run(check, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        doc = json.loads(run.stdout)
        snapshots = {f["listing"]["snapshot"] for r in doc["results"] for f in r["findings"]}
        return [r["verdict"] for r in doc["results"]], snapshots

    before, snapshots = verdicts()
    assert len(before) == 1000 and snapshots == {1}
    # the 100 unlisted names are clear, and so are listed names whose every listing has expired
    assert before.count("clear") >= 100 and before.count("listed") >= 100 and before.count("review") >= 100

    point_at(big, "big-again.csv.gz")
    sync = start(scscheck(home, big, "sync", "t.big"))
    during = 0
    seen: set[int] = set()
    while sync.poll() is None:
        after, snapshots = verdicts()
        assert after == before
        assert len(snapshots) == 1  # one snapshot per check, never a mix
        seen |= snapshots
        during += sync.poll() is None
    assert sync.returncode == 0, sync.stderr.read() if sync.stderr else ""
    assert during >= 1, "no check completed while the sync was loading: raise SCSCHECK_CONCURRENCY_ROWS"
    assert verdicts() == (before, {2})
