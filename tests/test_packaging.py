"""A non-editable install must carry the bundled registries and their sample snapshots."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_registries_and_samples(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("scscheck-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for toml in (ROOT / "registries").glob("*.toml"):
        assert f"scscheck/_registries/{toml.name}" in names
    samples = sorted(p.name for p in (ROOT / "registries" / "samples").iterdir())
    assert samples
    for sample in samples:
        assert f"scscheck/_registries/samples/{sample}" in names
    assert "scscheck/cli.py" in names
