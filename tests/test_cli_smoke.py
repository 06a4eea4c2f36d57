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
