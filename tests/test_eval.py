"""The labelled evaluation set for name and identifier matching (issue 3): at least 300 queries over every
kind, flagged (listed, linked or review) precision and recall >= 0.97, and not one false `listed`.

The same figures, with the confusion matrix and accuracy per kind: `python tests/eval/run.py`.
"""

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

EVAL = Path(__file__).resolve().parent / "eval"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"scscheck_eval_{name}", EVAL / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


run = _load("run")


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return run.evaluate(run.DATA, tmp_path_factory.mktemp("eval-home"))


def _mismatches(ev: Any) -> str:
    lines = [run.format_mismatch(o) for o in ev.mismatches]
    return f"\n{len(lines)} mismatches:\n" + "\n".join(lines) if lines else ""


def test_the_set_has_300_queries_covering_every_kind() -> None:
    queries = run.load_queries()
    kinds = Counter(q["kind"] for q in queries)
    assert len(queries) >= 300
    assert set(kinds) == set(run.KINDS)
    assert min(kinds.values()) >= 10, kinds
    assert all(q["expect"] == run.KINDS[q["kind"]] for q in queries)
    assert len({q["id"] for q in queries}) == len(queries)
    positives = sum(q["expect"] != "clear" for q in queries)
    assert 0.4 <= positives / len(queries) <= 0.6


def test_every_row_loads(evaluation: Any) -> None:
    assert len(evaluation.registries) == 6
    assert all(r["rows"] > 0 and r["rejected"] == 0 for r in evaluation.registries.values()), evaluation.registries


def test_no_false_listed(evaluation: Any) -> None:
    false = [run.format_mismatch(o) for o in evaluation.false_listed]
    assert not false, "false listed:\n" + "\n".join(false)


def test_flagged_precision_and_recall(evaluation: Any) -> None:
    flagged = evaluation.flagged
    summary = (f"flagged precision {flagged.precision}, recall {flagged.recall}; "
               f"listed precision {evaluation.listed.precision}, recall {evaluation.listed.recall}")
    assert flagged.precision is not None and flagged.precision >= run.THRESHOLD, summary + _mismatches(evaluation)
    assert flagged.recall is not None and flagged.recall >= run.THRESHOLD, summary + _mismatches(evaluation)


def test_the_data_is_what_the_generator_makes(tmp_path: Path) -> None:
    """The committed data is the generator's output (regenerate with `python tests/eval/build.py`), and the
    generator's oracle agrees with every label (build() fails otherwise)."""
    build = _load("build")
    build.write(build.build(), tmp_path)
    made = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in run.DATA.iterdir()}
    assert sorted(made) == sorted(committed)
    stale = [name for name in made if made[name] != committed[name]]
    assert not stale, f"tests/eval/data is out of date ({', '.join(stale)}): run python tests/eval/build.py"
