"""Run the labelled evaluation set for name and identifier matching (issue 3).

    python tests/eval/run.py [--json FILE] [--data DIR] [--quiet]

from the repository root (with scscheck importable, e.g. the dev venv). It syncs the registries in
tests/eval/data into a temporary cache home, checks every query of queries.jsonl as one counterparty, and
prints a confusion matrix (expected vs got), accuracy per kind, precision and recall of `listed` and of
"flagged" (`listed`, `linked` or `review`: "listed or review"), the number of false `listed` (got `listed`,
expected anything else) and every mismatch. Exit status 0 only when flagged precision and flagged recall are
both >= 0.97 and there is no false `listed`; 1 otherwise. `--json FILE` also writes the figures.

Importable: `evaluate()` returns an `Evaluation` with the same figures (tests/test_eval.py uses it).
"""

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
VERDICTS = ("listed", "linked", "review", "clear")
FLAGGED = frozenset({"listed", "linked", "review"})
THRESHOLD = 0.97
# Every kind the set must cover, with the label its queries carry.
KINDS = {
    "uscc": "listed", "org_code_only": "listed", "org_code_query": "listed", "exact_name": "listed",
    "traditional": "listed", "fullwidth_spaces": "listed", "region_infix": "listed",
    "region_prefix_variant": "listed", "legal_form_variant": "listed", "region_unknown": "review",
    "form_differs": "review", "branch": "review", "romanized": "review", "romanized_homophone": "review",
    "person_with_id": "listed", "person_name_only": "review", "legal_rep_id": "linked",
    "legal_rep_from_listing": "linked", "watchlist": "review", "legal_rep_name_only": "review",
    "homophone": "clear", "other_city": "clear", "other_industry": "clear", "near_person_name": "clear",
    "contradicting_id": "clear", "different_code_same_name": "clear", "expired_only": "clear",
    "redlist_only": "clear", "not_listed": "clear",
}


@dataclass
class Outcome:
    """One query, what it expects and what the checker said."""

    id: str
    kind: str
    query: dict[str, str]
    expect: str
    got: str  # a verdict, or "error" (the query could not be checked)
    note: str
    error: str = ""

    @property
    def correct(self) -> bool:
        return self.got == self.expect


@dataclass
class Rate:
    """Precision and recall of one class of verdicts (a set of labels counted as one)."""

    true_positives: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.expected if self.expected else None

    def as_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "true_positives": self.true_positives,
                "predicted": self.predicted, "expected": self.expected}


def rate(outcomes: list[Outcome], labels: frozenset[str]) -> Rate:
    return Rate(
        true_positives=sum(o.expect in labels and o.got in labels for o in outcomes),
        predicted=sum(o.got in labels for o in outcomes),
        expected=sum(o.expect in labels for o in outcomes),
    )


@dataclass
class Evaluation:
    """The outcome of every query, with the figures derived from them."""

    outcomes: list[Outcome]
    registries: dict[str, dict[str, int]] = field(default_factory=dict)  # id -> rows loaded / rejected

    @property
    def listed(self) -> Rate:
        return rate(self.outcomes, frozenset({"listed"}))

    @property
    def flagged(self) -> Rate:
        return rate(self.outcomes, FLAGGED)

    @property
    def false_listed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.got == "listed" and o.expect != "listed"]

    @property
    def mismatches(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    @property
    def confusion(self) -> dict[str, dict[str, int]]:
        counts = Counter((o.expect, o.got) for o in self.outcomes)
        return {e: {g: counts[(e, g)] for g in (*VERDICTS, "error")} for e in VERDICTS}

    @property
    def per_kind(self) -> dict[str, dict[str, Any]]:
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for o in self.outcomes:
            groups[o.kind].append(o)
        return {kind: {"expect": "/".join(sorted({o.expect for o in group})), "queries": len(group),
                       "correct": sum(o.correct for o in group),
                       "accuracy": sum(o.correct for o in group) / len(group)}
                for kind, group in groups.items()}

    def failures(self) -> list[str]:
        """Why the evaluation fails its acceptance conditions (empty when it passes)."""
        problems = []
        flagged = self.flagged
        if flagged.precision is None or flagged.precision < THRESHOLD:
            problems.append(f"flagged precision {_pct(flagged.precision)} < {THRESHOLD:.0%}")
        if flagged.recall is None or flagged.recall < THRESHOLD:
            problems.append(f"flagged recall {_pct(flagged.recall)} < {THRESHOLD:.0%}")
        if self.false_listed:
            problems.append(f"{len(self.false_listed)} false listed")
        return problems

    @property
    def passed(self) -> bool:
        return not self.failures()

    def figures(self) -> dict[str, Any]:
        return {
            "queries": len(self.outcomes), "passed": self.passed, "failures": self.failures(),
            "threshold": THRESHOLD, "listed": self.listed.as_dict(), "flagged": self.flagged.as_dict(),
            "false_listed": len(self.false_listed), "accuracy": _accuracy(self.outcomes),
            "confusion": self.confusion, "per_kind": self.per_kind, "registries": self.registries,
            "mismatches": [{"id": o.id, "kind": o.kind, "query": o.query, "expect": o.expect, "got": o.got,
                            "note": o.note, **({"error": o.error} if o.error else {})} for o in self.mismatches],
        }


def load_queries(data: Path = DATA) -> list[dict[str, Any]]:
    with (data / "queries.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(data: Path = DATA, home: Path | None = None, store_url: str | None = None) -> Evaluation:
    """Sync the evaluation registries into a cache at `home` (a temporary one by default), or into the store
    `store_url` names (an empty PostgreSQL database, say), and check every query."""
    if home is None:
        with tempfile.TemporaryDirectory(prefix="scscheck-eval-") as tmp:
            return evaluate(data, Path(tmp), store_url)
    from scscheck import check, counterparty, registry, stores, sync
    from scscheck.errors import ScscheckError

    registries = registry.discover([data])
    if not registries:
        raise SystemExit(f"no registry files in {data}")
    loaded: dict[str, dict[str, int]] = {}
    with stores.open_store(store_url, home) as cache:
        for result in sync.sync(cache, list(registries.values())):
            if result.outcome == "failed" or result.snapshot is None:
                raise SystemExit(f"sync failed: {result.error}")
            loaded[result.registry] = {"rows": result.snapshot.rows_loaded, "rejected": result.snapshot.rows_rejected}
        outcomes = []
        for item in load_queries(data):
            q: dict[str, str] = item["query"]
            extra = {"legal_rep_id": q["legal_rep_id"]} if "legal_rep_id" in q else {}
            got, error = "error", ""
            try:
                cp = counterparty.make(q.get("name"), q.get("uscc"), q.get("legal_rep"), q.get("id_number"),
                                       q.get("region"), **extra)
                got = check.check(cache, registries, [cp]).results[0].verdict
            except (ScscheckError, TypeError, ValueError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            outcomes.append(Outcome(item["id"], item["kind"], q, item["expect"], got, item.get("note", ""), error))
    return Evaluation(outcomes, loaded)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _accuracy(outcomes: list[Outcome]) -> float:
    return sum(o.correct for o in outcomes) / len(outcomes) if outcomes else 0.0


def report(ev: Evaluation, *, mismatches: bool = True) -> str:
    """The figures as text."""
    lines = [f"{len(ev.outcomes)} queries against {len(ev.registries)} registries "
             f"({sum(r['rows'] for r in ev.registries.values())} rows loaded, "
             f"{sum(r['rejected'] for r in ev.registries.values())} rejected)", ""]
    cols = (*VERDICTS, "error")
    lines.append("confusion (rows: expected, columns: got)")
    lines.append(f"  {'':10}" + "".join(f"{c:>8}" for c in cols) + f"{'total':>8}")
    for expect, row in ev.confusion.items():
        lines.append(f"  {expect:10}" + "".join(f"{row[c]:>8}" for c in cols) + f"{sum(row.values()):>8}")
    lines += ["", "accuracy per kind"]
    for kind, k in ev.per_kind.items():
        mark = "" if k["correct"] == k["queries"] else "  <"
        lines.append(f"  {kind:26} {k['expect']:7} {k['correct']:>4}/{k['queries']:<4} {k['accuracy']:>7.1%}{mark}")
    listed, flagged = ev.listed, ev.flagged
    lines += [
        "",
        f"overall accuracy                 {_accuracy(ev.outcomes):.1%}",
        f"listed:  precision {_pct(listed.precision):>7}  recall {_pct(listed.recall):>7}  "
        f"({listed.true_positives} of {listed.predicted} got, {listed.expected} expected)",
        f"flagged: precision {_pct(flagged.precision):>7}  recall {_pct(flagged.recall):>7}  "
        f"({flagged.true_positives} of {flagged.predicted} got, {flagged.expected} expected; "
        "flagged = listed, linked or review)",
        f"false listed: {len(ev.false_listed)}",
    ]
    if mismatches and ev.mismatches:
        lines += ["", f"mismatches ({len(ev.mismatches)})"]
        lines += [format_mismatch(o) for o in ev.mismatches]
    failures = ev.failures()
    lines += ["", "PASS" if not failures else "FAIL: " + "; ".join(failures)]
    return "\n".join(lines)


def format_mismatch(o: Outcome) -> str:
    query = json.dumps(o.query, ensure_ascii=False)
    text = f"  {o.id:28} expected {o.expect:6} got {o.got:6} {query}  # {o.note}"
    return text + (f" [{o.error}]" if o.error else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--data", type=Path, default=DATA, help="the evaluation set (default: %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="do not list the mismatches")
    parser.add_argument("--store", metavar="URL", help="sync into this store (an empty postgresql:// database) "
                        "instead of a temporary SQLite cache")
    args = parser.parse_args(argv)
    ev = evaluate(args.data, store_url=args.store)
    print(report(ev, mismatches=not args.quiet))
    if args.json:
        args.json.write_text(json.dumps(ev.figures(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if ev.passed else 1


if __name__ == "__main__":
    sys.exit(main())
