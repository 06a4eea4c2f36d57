"""Shell completions: the scripts in completions/ are what the typer app generates now, and the bash one,
sourced in a real bash, completes a subcommand, an option and a registry id (from --registry-dir too)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import write_registry

from scscheck import completion

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # where `pip install -e .` put the `scscheck` console script


def test_the_committed_scripts_are_up_to_date() -> None:
    for name, text in completion.scripts().items():
        committed = REPO / "completions" / name
        assert committed.is_file(), f"{committed} is missing: python -m scscheck.completion completions/"
        assert committed.read_text(encoding="utf-8") == text, (
            f"{committed} is out of date: python -m scscheck.completion completions/")


def complete(words: list[str], tmp_path: Path) -> list[str]:
    """What bash offers for the last word through the committed script: the function `complete -p` names,
    called as bash's programmable completion calls it, and `compgen -F` with it (which runs the command
    under the name `compgen`: a link of that name to scscheck stands in), both giving the same words."""
    links = tmp_path / "links"
    links.mkdir(exist_ok=True)
    if not (links / "compgen").exists():
        (links / "compgen").symlink_to(BIN / "scscheck")
    script = f"""
        source {REPO / 'completions' / 'scscheck.bash'}
        complete -p scscheck || exit 9
        function=$(complete -p scscheck | sed -E 's/.*-F ([^ ]+) .*/\\1/')
        COMP_WORDS=({' '.join(f"'{w}'" for w in words)})
        COMP_CWORD={len(words) - 1}
        "$function" scscheck
        printf '%s\\n' "${{COMPREPLY[@]}}"
        echo ---
        compgen -F "$function" -- '{words[-1]}' 2>/dev/null
    """
    env = {**os.environ, "PATH": f"{links}{os.pathsep}{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "SCSCHECK_HOME": str(tmp_path / "home")}
    env.pop("SCSCHECK_REGISTRY_PATH", None)
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "complete -o default -F _scscheck_completion scscheck"
    split = lines.index("---")
    offered = [line for line in lines[1:split] if line]
    assert sorted(line for line in lines[split + 1:] if line) == sorted(offered)  # compgen agrees
    return offered


@pytest.mark.skipif(shutil.which("bash") is None or not (BIN / "scscheck").exists(),
                    reason="needs bash and the installed scscheck command")
def test_bash_completes_commands_options_and_registry_ids(tmp_path: Path) -> None:
    assert complete(["scscheck", "sy"], tmp_path) == ["sync"]
    assert set(complete(["scscheck", "rep"], tmp_path)) == {"report"}
    assert set(complete(["scscheck", "re"], tmp_path)) == {"registries", "report", "rejected", "review", "reviews"}
    assert complete(["scscheck", "check", "--fail"], tmp_path) == ["--fail-on"]
    assert complete(["scscheck", "config", "un"], tmp_path) == ["unset"]
    assert complete(["scscheck", "sync", "cn.spc.dish"], tmp_path) == ["cn.spc.dishonest-debtors"]
    regs = tmp_path / "regs"
    write_registry(regs, "test.alpha", "alpha.csv")
    write_registry(regs, "test.beta", "beta.csv")
    assert complete(["scscheck", "--registry-dir", str(regs), "sync", "test."], tmp_path) == ["test.alpha",
                                                                                               "test.beta"]
    assert complete(["scscheck", "--registry-dir", str(regs), "rejected", "test.b"], tmp_path) == ["test.beta"]
