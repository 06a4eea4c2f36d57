"""Helpers for the report tests: a cache of the bundled samples synced on a fixed date, the CLI run against
it, the JSON Schemas, and what to blank out before comparing two reports (the generation time, and the
checkout's own path in the sample snapshots' source)."""

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
from helpers import cache_db, store_url
from typer.testing import CliRunner

from scscheck.cli import app

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "registries" / "samples"
FETCHED = "2026-11-20T08:00:00+00:00"  # when the fixture pretends the samples were synced
AS_OF = "2026-11-25"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run(home: Path, *args: str, input: str | None = None) -> Run:
    """scscheck in-process against the given cache home, as a pipeline would run it."""
    env = {"SCSCHECK_HOME": str(home), "SCSCHECK_REGISTRY_PATH": "", "COLUMNS": "200",
           "SCSCHECK_STORE": store_url(home)}  # None: the SQLite cache in home
    result = CliRunner().invoke(app, list(args), input=input, env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def synced_on(home: Path, fetched_at: str, snapshot_ids: list[int] | None = None) -> None:
    """Rewrite the cache's record of when snapshots were fetched and last confirmed, as if synced then."""
    db = cache_db(home)
    with db:
        if snapshot_ids is None:
            db.execute("UPDATE snapshot SET fetched_at = ?, checked_at = ?", (fetched_at, fetched_at))
        else:
            db.executemany("UPDATE snapshot SET fetched_at = ?, checked_at = ? WHERE id = ?",
                           [(fetched_at, fetched_at, i) for i in snapshot_ids])
    db.close()


def synced_samples(home: Path) -> Path:
    """A cache of the bundled samples in `home`, recorded as synced on FETCHED (2026-11-20)."""
    assert run(home, "sync").exit_code == 0
    synced_on(home, FETCHED)
    return home


def schema(name: str) -> jsonschema.protocols.Validator:
    """A validator for one of the JSON Schemas shipped in scscheck/schemas."""
    document = json.loads(resources.files("scscheck").joinpath(f"schemas/{name}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())


def assert_valid(validator: jsonschema.protocols.Validator, document: Any) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{e.json_path}: {e.message[:300]}" for e in errors[:10])


_GENERATED = re.compile(r'("generated_at": "|\| Generated \| |<th>Generated</th><td>|generated )'
                        r"[0-9T:+\-Z.]+")


def body(text: str) -> str:
    """A report without its generation time, with the checkout's path in sample sources made neutral."""
    from scscheck.report_md import md

    text = _GENERATED.sub(lambda m: m.group(1) + "<generated>", text)
    # the checkout's path as JSON, Markdown and plain text write it (`_` is escaped in Markdown)
    for path in (json.dumps(str(SAMPLES))[1:-1], md(str(SAMPLES)), str(SAMPLES)):
        text = text.replace(path, "<samples>")
    return text


def generated(text: str) -> list[str]:
    """The generation times a report states."""
    return re.findall(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\+00:00",
                      "".join(m.group(0) for m in _GENERATED.finditer(text)))
