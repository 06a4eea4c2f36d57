"""The installed `scscheck` command as a user runs it: the README quick start on the bundled samples,
offline, in a new process."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from scscheck.samples import planted


def scscheck(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("scscheck", path=str(Path(sys.executable).parent)) or shutil.which("scscheck")
    assert exe, "the scscheck console script is not installed"
    env = {**os.environ, "SCSCHECK_HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "COLUMNS": "200"}
    env.pop("SCSCHECK_REGISTRY_PATH", None)
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def test_quick_start_sync_then_check_a_listed_sample_company(tmp_path: Path) -> None:
    home = tmp_path / "home"
    synced = scscheck("sync", home=home)
    assert synced.returncode == 0, synced.stderr
    assert "Traceback" not in synced.stderr
    for reg_id in planted.REGISTRY_IDS:
        assert reg_id in synced.stdout

    company = planted.HUAYU
    checked = scscheck("check", "--uscc", company.uscc, home=home)
    assert checked.returncode == 1, checked.stderr  # listed: a script gating on it fails
    out = checked.stdout
    assert out.startswith("LISTED")
    expected = ("cn.spc.dishonest-debtors", "有履行能力而拒不履行", "listed 2026-03-18", "expires 2028-03-17",
                "SAMPLE DATA")
    for text in expected:
        assert text in out, text

    as_json = json.loads(scscheck("check", company.name, "--format", "json", home=home).stdout)
    assert as_json["results"][0]["verdict"] == "listed"
    assert as_json["sample_data"] is True

    listed = json.loads(scscheck("registries", "--format", "json", home=home).stdout)
    for entry in listed:
        assert entry["rows_read"] == entry["rows_loaded"] + entry["rows_rejected"]
    assert sum(e["rows_rejected"] for e in listed) > 0  # the samples carry publisher defects, rejected with reasons


# What a single check must not pay for (issue 6): the fetcher, the spreadsheet reader, pypinyin's package
# (its character table is read as a plain module), and for a check by name the code validators (python-stdnum
# imports ssl and pydoc). OpenCC is loaded for a name in Han characters, which it simplifies, and only then.
NOT_FOR_A_NAME = ("httpx", "openpyxl", "pypinyin", "stdnum", "ssl", "pydoc")


def test_a_check_by_name_imports_only_what_it_uses(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert scscheck("sync", home=home).returncode == 0
    probe = ("import runpy, sys\n"
             "sys.argv = ['scscheck', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('scscheck', run_name='__main__')\n"
             "except SystemExit as end:\n    code = end.code\n"
             "print(' '.join(sorted(sys.modules)), code, file=sys.stderr)\n")
    env = {**os.environ, "SCSCHECK_HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    env.pop("SCSCHECK_REGISTRY_PATH", None)

    def modules(*args: str) -> set[str]:
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env,
                              timeout=120, check=False)
        *names, code = done.stderr.split()
        assert code in ("0", "1"), done.stderr[-2000:]  # the check ran to its verdict
        return {name.split(".")[0] for name in names}

    by_name = modules("check", planted.HUAYU.name, "-f", "json")
    assert not by_name & set(NOT_FOR_A_NAME), by_name & set(NOT_FOR_A_NAME)
    assert "opencc" in by_name  # the probe sees imports: the Han name was simplified
    romanized = modules("check", "Anqing Huayu Trading Co., Ltd.", "-f", "json", "--fail-on", "never")
    assert not romanized & {*NOT_FOR_A_NAME, "opencc"}, romanized & {*NOT_FOR_A_NAME, "opencc"}
    by_code = modules("check", "--uscc", planted.HUAYU.uscc, "-f", "json")
    assert "stdnum" in by_code  # the probe sees imports: a code is validated
    assert not by_code & {"httpx", "openpyxl", "pypinyin"}, by_code & {"httpx", "openpyxl", "pypinyin"}
