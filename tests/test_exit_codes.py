"""Each exit code of the contract, from the command line (0, 1, 3 and 4 are also covered where the behaviour
is tested); here the ones that need a particular situation: a second sync waiting, internal errors, Ctrl-C."""

import os
import threading
import time
from pathlib import Path

import pytest

from scscheck.status import ExitCode


def test_exit_code_values_are_the_contract() -> None:
    assert {c.name: int(c) for c in ExitCode} == {
        "SUCCESS": 0, "FOUND": 1, "USAGE": 2, "INCOMPLETE": 3, "SYNC_FAILED": 4, "BUSY": 5, "INTERNAL": 70,
        "INTERRUPTED": 130,
    }


def test_second_sync_waits_for_the_first_and_says_so(cli, home: Path) -> None:
    released = threading.Event()

    def hold() -> None:
        from helpers import store_at

        with store_at(home) as store, store.sync_lock():
            time.sleep(0.5)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.1)
    run = cli("sync", "cn.fj.putian.brand-redlist")
    holder.join()
    assert released.is_set()
    assert run.exit_code == 0
    assert "another sync is running on this cache; waiting" in run.stderr


def test_interrupt_exits_130_and_keeps_the_cache_whole(cli, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scscheck import listing

    assert cli("sync", "cn.fj.putian.brand-redlist").exit_code == 0
    calls = {"n": 0}
    original = listing.ListingBuilder.build

    def interrupted(self: listing.ListingBuilder, line: int, row: dict[str, str]) -> listing.Listing:
        calls["n"] += 1
        if calls["n"] == 500:
            raise KeyboardInterrupt
        return original(self, line, row)

    monkeypatch.setattr(listing.ListingBuilder, "build", interrupted)
    run = cli("sync", "cn.spc.dishonest-debtors")
    assert run.exit_code == ExitCode.INTERRUPTED
    assert "interrupted" in run.stderr
    monkeypatch.setattr(listing.ListingBuilder, "build", original)
    from helpers import store_at

    with store_at(home) as store:
        assert store.current("cn.spc.dishonest-debtors") is None  # nothing half-loaded became current
        assert store.db.execute("SELECT count(*) FROM snapshot").fetchone()[0] == 1
        if store.url_scheme == "sqlite":
            assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_internal_error_is_one_line_without_traceback_unless_debug(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scscheck import inventory

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(inventory, "states", broken)
    run = cli("registries")
    assert run.exit_code == ExitCode.INTERNAL
    assert run.stderr.strip() == (
        "scscheck: error: internal error: ZeroDivisionError: a bug (rerun with --debug for the traceback)")
    with pytest.raises(ZeroDivisionError):
        cli("--debug", "registries")


def test_debug_traceback_never_shows_local_values(home: Path) -> None:
    """Only --debug prints a traceback, and it never prints local variables: they may hold names and ID
    numbers from the lists. The value below is built at run time so that it is not in any source line."""
    import subprocess
    import sys

    program = (
        "import sys\n"
        "import scscheck.check as check\n"
        "def broken(self, cp):\n"
        "    held = ''.join(reversed('7351****5891208043'))\n"
        "    raise RuntimeError('a bug')\n"
        "check._Checker.check = broken\n"
        "from scscheck.cli import main\n"
        "sys.argv = ['scscheck', *sys.argv[1:]]\n"
        "main()\n"
    )
    for debug in ([], ["--debug"]):
        run = subprocess.run([sys.executable, "-c", program, *debug, "check", "陈志刚"],
                             capture_output=True, text=True, env={**os.environ, "SCSCHECK_HOME": str(home)})
        assert run.returncode == (ExitCode.INTERNAL if not debug else 1)
        assert "3408021985****1537" not in run.stderr + run.stdout
        assert ("Traceback" in run.stderr) == bool(debug)
