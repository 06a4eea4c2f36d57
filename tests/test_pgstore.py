"""The PostgreSQL store (issue 8): the same commands and answers as the SQLite cache, on one database that
several processes (and machines) share. Each test gets an empty database on the test run's own server on
127.0.0.1 (tests/pgserver.py). The rest of the suite runs against PostgreSQL with SCSCHECK_TEST_STORE=postgresql.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from test_concurrency import big, point_at  # noqa: F401  (big is a fixture)
from test_eval import run as evaluation_run

from scscheck import pgstore
from scscheck.migrations import SCHEMA_VERSION
from scscheck.samples import planted
from scscheck.status import ExitCode


def scscheck(store: str, home: Path, regs: Path | None, *args: str) -> list[str]:
    dirs = ["--registry-dir", str(regs)] if regs else []
    return [sys.executable, "-m", "scscheck", "--store", store, "--home", str(home), *dirs, *args]


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SCSCHECK_STORE", "SCSCHECK_REGISTRY_PATH")}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)


def test_every_schema_number_of_the_cache_has_its_postgresql_schema() -> None:
    assert max(pgstore.MIGRATIONS) == SCHEMA_VERSION


def test_the_evaluation_gives_the_same_verdicts_on_both_stores(postgres_url: str, tmp_path: Path) -> None:
    on_sqlite = evaluation_run.evaluate(evaluation_run.DATA, tmp_path / "sqlite")
    on_postgres = evaluation_run.evaluate(evaluation_run.DATA, tmp_path / "pg", store_url=postgres_url)
    assert on_postgres.registries == on_sqlite.registries
    differ = [(a.id, a.got, b.got) for a, b in zip(on_sqlite.outcomes, on_postgres.outcomes, strict=True)
              if (a.id, a.got, a.error) != (b.id, b.got, b.error)]
    assert not differ, differ
    assert len(on_postgres.outcomes) >= 300 and on_postgres.passed
    assert not on_postgres.false_listed


def _comparable(doc: dict[str, Any]) -> Any:
    """A check's JSON without what differs between two syncs: times, snapshot numbers, the store."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()
                    if k not in ("checked_at", "generated_at", "fetched_at", "snapshot", "first_seen", "last_seen",
                                 "as_of_time", "coverage")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip(doc)


def test_check_json_is_the_same_on_both_stores(postgres_url: str, tmp_path: Path) -> None:
    sqlite = f"sqlite:///{tmp_path / 'sqlite-home'}"
    for store in (sqlite, postgres_url):
        synced = run(scscheck(store, tmp_path / "home", None, "sync", "-f", "json"))
        assert synced.returncode == 0, synced.stderr
    assert (tmp_path / "sqlite-home" / "cache.sqlite3").is_file()
    for args in (["--uscc", planted.HUAYU.uscc], [planted.HUAYU.name], ["张伟"], ["--legal-rep", "陈志刚"]):
        docs = []
        for store in (sqlite, postgres_url):
            checked = run(scscheck(store, tmp_path / "home", None, "check", *args, "-f", "json"))
            assert checked.returncode in (0, 1), checked.stderr
            docs.append(json.loads(checked.stdout))
        assert docs[0]["results"][0]["verdict"] == docs[1]["results"][0]["verdict"], args
        assert _comparable(docs[0]["results"]) == _comparable(docs[1]["results"]), args


def test_a_store_url_it_cannot_use_is_one_line_and_its_exit_code(tmp_path: Path) -> None:
    bad = run(scscheck("mysql://db/x", tmp_path / "home", None, "check", "x"))
    assert bad.returncode == ExitCode.USAGE
    assert bad.stderr.strip().splitlines() == [
        "scscheck: error: --store mysql://db/x: expected sqlite:///DIR or "
        "postgresql://[user[:password]@]host[:port]/database"]
    # a server that is not there: the store cannot be opened, and the password is not shown
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = run(scscheck(f"postgresql://u:secret@127.0.0.1:{port}/x", tmp_path / "home", None, "check", "x"))
    assert down.returncode == ExitCode.USAGE, down.stderr  # as a SQLite cache that cannot be opened
    lines = down.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"scscheck: error: cannot open the store postgresql://u:***@127.0.0.1:{port}/x")
    assert "secret" not in down.stderr and "Traceback" not in down.stderr


def test_the_store_can_be_chosen_in_the_configuration(postgres_url: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SCSCHECK_STORE", "SCSCHECK_REGISTRY_PATH")}
    env.update(SCSCHECK_CONFIG=str(tmp_path / "config.toml"), SCSCHECK_HOME=str(tmp_path / "home"))
    base = [sys.executable, "-m", "scscheck"]
    assert subprocess.run([*base, "config", "set", "store.url", postgres_url], env=env).returncode == 0
    assert subprocess.run([*base, "sync", planted.REGISTRY_IDS[0]], env=env, capture_output=True).returncode == 0
    assert not (tmp_path / "home" / "cache.sqlite3").exists()  # the sync went to PostgreSQL
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM snapshot").fetchone()[0] == 1


def test_a_sync_and_four_checking_processes_on_one_store(big: Path, postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    """Four processes check a batch over and over while a new snapshot of the same listings loads: no errors,
    the same verdicts throughout, and every check sees one whole snapshot (the old one or the new one)."""
    point_at(big, "big.csv.gz")
    first = run(scscheck(postgres_url, tmp_path / "sync-home", big, "sync", "t.big"))
    assert first.returncode == 0, first.stderr
    import gzip

    with gzip.open(big / "big.csv.gz", "rt", encoding="utf-8") as fh:
        fh.readline()
        names = list(dict.fromkeys(line.split(",")[0] for line in fh))
    picked = names[:: max(1, len(names) // 150)][:150] + [f"安庆市未列{i:03d}贸易有限公司" for i in range(50)]
    batch = tmp_path / "batch.csv"
    batch.write_text("名称\n" + "\n".join(picked) + "\n", encoding="utf-8")

    def check_cmd(worker: int) -> list[str]:
        return scscheck(postgres_url, tmp_path / f"checker-{worker}", big, "check", "--input", str(batch),
                        "--format", "json", "--fail-on", "never")

    def answer(done: subprocess.CompletedProcess[str] | Any) -> tuple[list[str], set[int]]:
        doc = json.loads(done.stdout)
        return ([r["verdict"] for r in doc["results"]],
                {f["listing"]["snapshot"] for r in doc["results"] for f in r["findings"]})

    before, snapshots = answer(run(check_cmd(0)))
    assert snapshots == {1} and before.count("clear") >= 50 and before.count("listed") >= 20

    point_at(big, "big-again.csv.gz")
    env = {k: v for k, v in os.environ.items() if k not in ("SCSCHECK_STORE", "SCSCHECK_REGISTRY_PATH")}
    sync = subprocess.Popen(scscheck(postgres_url, tmp_path / "sync-home", big, "sync", "t.big"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    checkers: dict[int, tuple[subprocess.Popen[str], Path]] = {}
    results: list[tuple[int, int, str, str, bool]] = []  # worker, exit code, stdout, stderr, during the sync
    started, runs = time.monotonic(), 0
    while True:
        syncing = sync.poll() is None
        for worker in range(4):
            running = checkers.get(worker)
            if running is not None and running[0].poll() is not None:
                proc, out = running
                results.append((worker, proc.returncode, out.read_text(encoding="utf-8"),
                                out.with_suffix(".err").read_text(encoding="utf-8"), syncing))
                running = None
            if running is None and syncing:  # its output to files: a pipe nobody reads would stop it
                runs += 1
                out = tmp_path / f"check-{runs}.json"
                with out.open("w") as stdout, out.with_suffix(".err").open("w") as stderr:
                    checkers[worker] = (subprocess.Popen(check_cmd(worker), stdout=stdout, stderr=stderr,
                                                         text=True, env=env), out)
            elif running is None:
                checkers.pop(worker, None)
        if not syncing and not checkers:
            break
        assert time.monotonic() - started < 600
        time.sleep(0.05)
    assert sync.returncode == 0, sync.stderr.read() if sync.stderr else ""
    assert len(results) >= 4
    assert sum(during for *_, during in results) >= 4, "no check ran while the sync loaded: raise the rows"
    seen: set[int] = set()
    for worker, code, out, err, _ in results:
        assert code == 0 and "Traceback" not in err, (worker, err[-2000:])
        verdicts, snapshots = answer(subprocess.CompletedProcess([], code, out, err))
        assert verdicts == before, worker
        assert len(snapshots) == 1, snapshots  # one whole snapshot per check, never a mix
        seen |= snapshots
    assert seen <= {1, 2}
    assert answer(run(check_cmd(0))) == (before, {2})


def test_two_syncs_from_two_machines_take_turns_and_share_the_history(
    big: Path, postgres_url: str, tmp_path: Path  # noqa: F811
) -> None:
    point_at(big, "big.csv.gz")
    env = {k: v for k, v in os.environ.items() if k not in ("SCSCHECK_STORE", "SCSCHECK_REGISTRY_PATH")}
    first = subprocess.Popen(scscheck(postgres_url, tmp_path / "machine-a", big, "sync", "t.big"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(1.0)  # the first holds the lock by now (it takes it before fetching)
    busy = run(scscheck(postgres_url, tmp_path / "machine-b", big, "sync", "--no-wait", "t.big"))
    second = run(scscheck(postgres_url, tmp_path / "machine-b", big, "sync", "t.big", "-f", "json"))
    assert first.wait(timeout=300) == 0
    assert busy.returncode == ExitCode.BUSY, busy.stderr
    assert "another sync is running on the store postgresql://" in busy.stderr
    assert second.returncode == 0, second.stderr
    assert "waiting for it to finish" in second.stderr
    assert json.loads(second.stdout)[0]["outcome"] in ("unchanged", "loaded")

    # the snapshot history is the store's: machine a compares the snapshot it loaded with one machine b loads
    point_at(big, "big-again.csv.gz")
    third = run(scscheck(postgres_url, tmp_path / "machine-b", big, "sync", "t.big", "-f", "json"))
    assert third.returncode == 0, third.stderr
    before, after = json.loads(second.stdout)[0]["snapshot"], json.loads(third.stdout)[0]
    assert after["outcome"] == "loaded"
    compared = run(scscheck(postgres_url, tmp_path / "machine-a", big, "diff", "t.big", "-f", "json"))
    assert compared.returncode == 0, compared.stderr
    history = json.loads(compared.stdout)
    assert (history["from"]["snapshot"], history["to"]["snapshot"]) == (before["id"], after["snapshot"]["id"])
    assert history["from"]["digest"] != history["to"]["digest"]
    assert history["from"]["rows"] == history["to"]["rows"] > 0


def test_watchlist_and_review_decisions_are_shared(postgres_url: str, tmp_path: Path) -> None:
    a, b = tmp_path / "machine-a", tmp_path / "machine-b"
    assert run(scscheck(postgres_url, a, None, "sync")).returncode == 0
    added = run(scscheck(postgres_url, a, None, "watch", "add", "--uscc", planted.HUAYU.uscc))
    assert added.returncode == 0, added.stderr
    listed = run(scscheck(postgres_url, b, None, "watch", "list", "-f", "json"))
    assert listed.returncode == 0, listed.stderr
    assert [w["counterparty"]["uscc"] for w in json.loads(listed.stdout)] == [planted.HUAYU.uscc]

    checked = json.loads(run(scscheck(postgres_url, b, None, "check", "张伟", "-f", "json")).stdout)
    assert checked["results"][0]["verdict"] == "review"
    listing_id = next(f["listing"]["listing_id"] for f in checked["results"][0]["findings"]
                      if f["effect"] == "review")
    decided = run(scscheck(postgres_url, a, None, "review", listing_id, "--counterparty", "张伟", "--decision",
                           "false-positive", "--note", "another 张伟", "--user", "compliance.li"))
    assert decided.returncode == 0, decided.stderr
    again = json.loads(run(scscheck(postgres_url, b, None, "check", "张伟", "-f", "json")).stdout)
    finding = next(f for f in again["results"][0]["findings"] if f["listing"]["listing_id"] == listing_id)
    assert finding["review"]["decided_by"] == "compliance.li"
    assert finding["effect"] == "none"
    history = json.loads(run(scscheck(postgres_url, b, None, "registries", "-f", "json")).stdout)
    assert {entry["registry"] for entry in history} >= set(planted.REGISTRY_IDS)


def test_a_query_is_the_same_with_parameters_or_without(postgres_url: str, tmp_path: Path) -> None:
    store = pgstore.PgStore(postgres_url, tmp_path / "home")
    try:
        assert store.db.execute("SELECT 'a%b', 'a%b' LIKE 'a_b'").fetchone() == ("a%b", True)
        assert store.db.execute("SELECT 'a%b' LIKE ?, ? || '%'", ("a%", "x")).fetchone() == (True, "x%")
        row = store.db.execute("SELECT 1 AS one, ? AS two", (2,)).fetchone()
        assert (row.keys(), row["one"], row["two"]) == (["one", "two"], 1, 2)
    finally:
        store.close()


def test_a_store_of_a_newer_version_is_refused(postgres_url: str, tmp_path: Path) -> None:
    import psycopg

    assert run(scscheck(postgres_url, tmp_path / "home", None, "registries")).returncode == 0  # creates the schema
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM scscheck_schema").fetchone()[0] == SCHEMA_VERSION
        conn.execute("UPDATE scscheck_schema SET version = version + 1")
    refused = run(scscheck(postgres_url, tmp_path / "home", None, "check", "x"))
    assert refused.returncode == ExitCode.USAGE
    assert refused.stderr.strip().splitlines() == [
        f"scscheck: error: the cache {postgres_url} was written by a newer scscheck (schema {SCHEMA_VERSION + 1}, "
        f"this version knows {SCHEMA_VERSION}); upgrade scscheck or use another store"]


def test_a_store_lost_in_the_middle_of_a_batch_is_one_line(postgres_url: str, tmp_path: Path) -> None:
    import psycopg

    assert run(scscheck(postgres_url, tmp_path / "home", None, "sync")).returncode == 0
    batch = tmp_path / "batch.csv"
    batch.write_text("名称\n" + "张伟\n安庆市华宇贸易有限公司\n" * 3000, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("SCSCHECK_STORE", "SCSCHECK_REGISTRY_PATH")}
    checking = subprocess.Popen(scscheck(postgres_url, tmp_path / "home", None, "check", "--input", str(batch),
                                         "-f", "jsonl", "-o", str(tmp_path / "out.jsonl")),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    database = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        for _ in range(200):  # until the check is connected and reading
            time.sleep(0.05)
            if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                            "pg_backend_pid() AND state = 'active'", (database,)).fetchone()[0]:
                break
        terminated = conn.execute("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = %s AND pid <> pg_backend_pid()) AS t", (database,)).fetchone()[0]
    _, err = checking.communicate(timeout=120)
    assert terminated >= 1
    assert checking.returncode == ExitCode.USAGE, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scscheck: error: the store stopped answering: "), err
    assert not (tmp_path / "out.jsonl").exists()  # no half-written output under the name asked for
