"""Shell completion: the scripts in `completions/` (bash, zsh, fish), made from the typer app, and the
completion of registry ids. A script asks scscheck itself what to complete (it runs `scscheck` with
`_SCSCHECK_COMPLETE` set), so commands, options and registry ids are always this version's.

    python -m scscheck.completion completions/      # write the three scripts (a test fails when they differ)
"""

import sys
from pathlib import Path
from typing import Any

PROG = "scscheck"
VARIABLE = "_SCSCHECK_COMPLETE"
FILES = {"bash": "scscheck.bash", "zsh": "_scscheck", "fish": "scscheck.fish"}


def scripts() -> dict[str, str]:
    """Each completion script's file name and text."""
    from typer._completion_shared import get_completion_script

    return {name: get_completion_script(prog_name=PROG, complete_var=VARIABLE, shell=shell) + "\n"
            for shell, name in FILES.items()}


def registry_ids(ctx: Any, incomplete: str) -> list[str]:
    """The registry ids on the search path (with any --registry-dir already typed) that start as typed."""
    from scscheck import registry

    root = ctx.find_root() if ctx is not None else None
    dirs = [Path(d) for d in ((root.params.get("registry_dir") if root is not None else None) or [])]
    try:
        found = registry.discover(registry.search_path(dirs))
    except Exception:  # a broken registry file: complete nothing rather than print an error into the prompt
        return []
    return [registry_id for registry_id in found if registry_id.startswith(incomplete)]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m scscheck.completion DIR", file=sys.stderr)
        return 2
    directory = Path(argv[0])
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in scripts().items():
        (directory / name).write_text(text, encoding="utf-8")
        print(directory / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
