"""The command line: parses options, calls one core function, renders, maps errors to exit codes.

Data goes to stdout, diagnostics and progress to stderr. Tracebacks only with --debug, and never with
local variables (they would print personal data from the lists).
"""

import datetime as dt
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from scscheck import __version__
from scscheck.errors import ScscheckError, UsageError
from scscheck.status import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from scscheck.config import Settings
    from scscheck.registry import Registry
    from scscheck.store import Store

app = typer.Typer(
    name="scscheck",
    help="Check counterparties and their legal representatives against published Social Credit System lists.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class FailOn(StrEnum):
    listed = "listed"
    linked = "linked"
    review = "review"
    never = "never"


@dataclass
class State:
    """Global options, shared by every command."""

    home: Path | None = None
    registry_dirs: list[Path] = field(default_factory=list)
    store_url: str | None = None
    debug: bool = False
    _registries: "dict[str, Registry] | None" = None
    _settings: "Settings | None" = None

    def settings(self) -> "Settings":
        """The configuration file's settings (read once; a broken file is a usage error)."""
        if self._settings is None:
            from scscheck.config import Settings

            self._settings = Settings.load()
        return self._settings

    def registries(self) -> "dict[str, Registry]":
        """Every registry on the search path (loaded once; a broken file is a usage error), with the
        configuration's URL overrides (mirrors) applied."""
        if self._registries is None:
            from scscheck import registry

            found = registry.discover(registry.search_path(self.registry_dirs))
            for registry_id, url in (self.settings().registry_urls or {}).items():
                if registry_id in found:
                    found[registry_id] = registry.load(found[registry_id].path, url_override=url)
                else:
                    _err().print(f"scscheck: warning: the configuration sets a URL for registries.{registry_id}, "
                                 "which no registry directory defines", markup=False, soft_wrap=True)
            self._registries = found
        return self._registries

    def store(self) -> "Store":
        """Open the chosen store: --store (SCSCHECK_STORE), the configuration's store.url, or the SQLite
        cache in the home directory."""
        from scscheck.paths import home_dir
        from scscheck.stores import open_store

        settings = self.settings()
        return open_store(self.store_url or settings.store_url, home_dir(self.home), retention=settings.retention)


def _out() -> "Console":
    """Data on stdout; when piped, tables are laid out 160 wide unless COLUMNS says otherwise."""
    piped = not sys.stdout.isatty() and not os.environ.get("COLUMNS")
    from rich.console import Console  # not on the start-up path of a check that prints JSON

    return Console(soft_wrap=False, width=160 if piped else None, highlight=False)


def _err() -> "Console":
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _fail(message: str, code: ExitCode) -> NoReturn:
    _err().print(f"scscheck: error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(int(code))


@contextmanager
def _errors(state: State) -> Iterator[None]:
    """Map the core's typed errors to one line on stderr and their exit code."""
    try:
        yield
    except ScscheckError as exc:
        if state.debug:
            raise
        _fail(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        _err().print("scscheck: interrupted", markup=False)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if state.debug:
            raise
        if _store_lost(exc):  # a PostgreSQL store that went away mid-command: not a bug of ours
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            _fail(f"the store stopped answering: {reason}; nothing was changed by this command's unfinished "
                  "work (run it again)", ExitCode.USAGE)
        _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)",
              ExitCode.INTERNAL)


def _store_lost(exc: BaseException) -> bool:
    """A lost or refused connection to a PostgreSQL store (psycopg's OperationalError or InterfaceError)."""
    return any(c.__module__.startswith("psycopg") and c.__name__ in ("OperationalError", "InterfaceError")
               for c in type(exc).__mro__)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scscheck {__version__}")
        raise typer.Exit()


def _complete_registry(ctx: typer.Context, incomplete: str) -> list[str]:
    from scscheck.completion import registry_ids

    return registry_ids(ctx, incomplete)


@app.callback()
def main_options(
    ctx: typer.Context,
    home: Annotated[Path | None, typer.Option(
        "--home", metavar="DIR", envvar="SCSCHECK_HOME",
        help="Directory of the cache (default: the platform's data directory).",
        file_okay=False)] = None,
    registry_dir: Annotated[list[Path] | None, typer.Option(
        "--registry-dir", metavar="DIR",
        help="Another directory of registry TOML files (repeatable; env SCSCHECK_REGISTRY_PATH, "
        "':'-separated). Its registries replace bundled ones with the same id.")] = None,
    store: Annotated[str | None, typer.Option(
        "--store", metavar="URL", envvar="SCSCHECK_STORE",
        help="The store to use instead of the SQLite cache in --home: sqlite:///DIR, or "
        "postgresql://user@host/db for one store shared by a team (config: store.url).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks (without local variables).")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Sync blacklist snapshots into a local cache, then check counterparties against them."""
    dirs = list(registry_dir or [])
    for d in dirs:
        if not d.is_dir():
            _err().print(f"scscheck: error: --registry-dir {d}: not a directory", markup=False)
            raise typer.Exit(int(ExitCode.USAGE))
    ctx.obj = State(home=home, registry_dirs=dirs, debug=debug, store_url=store)


@app.command()
def registries(
    ctx: typer.Context,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """List every registry: kind, level, region, current snapshot and its age, rows loaded and rejected."""
    from scscheck import inventory, output

    state: State = ctx.obj
    with _errors(state):
        regs = state.registries()
        with state.store() as store:
            states = inventory.states(store, regs)
        if fmt is ListFormat.json:
            typer.echo(output.dumps([asdict(s) for s in states]))
        else:
            from scscheck import tables

            tables.render_registries(_out(), states)


@app.command()
def sync(
    ctx: typer.Context,
    registry_ids: Annotated[list[str] | None, typer.Argument(
        metavar="[REGISTRY]...", help="Registries to sync (default: all).",
        autocompletion=_complete_registry)] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Summary format.")] = ListFormat.table,
    no_wait: Annotated[bool, typer.Option(
        "--no-wait", help="Exit 5 at once if another sync is running on this cache, instead of waiting.")] = False,
) -> None:
    """Fetch, verify, parse and load each registry's snapshot into the cache.

    A snapshot becomes current only once loaded whole; an unchanged one (HTTP 304 or same SHA-256) makes no
    new snapshot. Exit 4 if any registry failed; the others are synced all the same.
    """
    from scscheck import output, registry
    from scscheck import sync as core

    state: State = ctx.obj
    with _errors(state):
        selected = registry.select(state.registries(), registry_ids or [])
        with state.store() as store:
            with _progress() as observer:
                results = core.sync(store, selected, _fetch_settings(state), observer=observer, debug=state.debug,
                                    wait=not no_wait)
            changed = _refresh_watches(state, store)  # after the bars are gone: it prints what it finds
        for r in results:
            for warning in r.warnings:
                _err().print(f"scscheck: warning: {warning}", markup=False)
            if r.error:
                _err().print(f"scscheck: sync failed: {r.error}", markup=False, soft_wrap=True)
        if fmt is ListFormat.json:
            typer.echo(output.dumps(output.sync_json(results)))
        else:
            from scscheck import tables

            tables.render_sync(_out(), results)
            if changed:
                tables.render_changes(_out(), changed)
        if changed:
            _err().print(f"scscheck: {len(changed['changes'])} change(s) for watched counterparties; see "
                         "`scscheck changes`", markup=False)
        if any(r.outcome == "failed" for r in results):
            raise typer.Exit(int(ExitCode.SYNC_FAILED))


def _refresh_watches(state: State, store: "Store") -> dict[str, Any]:
    """Check the watched counterparties again after a sync; the changes found, as `scscheck.changes/1`."""
    from scscheck import watch

    found = watch.refresh(store, state.registries())
    return watch.document(found, None) if found else {}


def _fetch_settings(state: State) -> Any:
    """The network settings: SCSCHECK_FETCH_* variables, and the configuration's proxy and CA bundle."""
    from dataclasses import replace

    from scscheck.fetch import FetchSettings

    settings = state.settings()
    return replace(FetchSettings.from_env(), proxy=settings.proxy, ca_bundle=settings.ca_bundle)


@contextmanager
def _progress() -> Iterator[Any]:
    """Progress bars on stderr when it is a terminal; a silent observer otherwise."""
    from scscheck.progress import BarObserver, PipedObserver

    if not sys.stderr.isatty():
        yield PipedObserver(_err())
        return
    with BarObserver(_err()) as observer:
        yield observer


# The counterparty options, declared once for `check` and `report`.
NameArg = Annotated[str | None, typer.Argument(
    help="Counterparty name: company or person, in Chinese (any script) or romanized.")]
UsccOpt = Annotated[str | None, typer.Option("--uscc", help="Unified Social Credit Code (or 9-char org code).")]
LegalRepOpt = Annotated[str | None, typer.Option("--legal-rep", help="Name of the legal representative.")]
LegalRepIdOpt = Annotated[str | None, typer.Option(
    "--legal-rep-id", help="Resident ID of the legal representative (may be masked).")]
IdOpt = Annotated[str | None, typer.Option(
    "--id", help="Resident ID of the person checked; with --legal-rep and no --legal-rep-id, the legal "
    "representative's.")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="GB 2260 code or division name (安庆市).")]
InputOpt = Annotated[str | None, typer.Option(
    "--input", "-i", help="File of counterparties (CSV in UTF-8 or GB18030, TSV, XLSX, JSON, JSONL); '-' "
    "reads stdin. Columns are found by name (名称/企业名称/name, 统一社会信用代码/uscc, 法定代表人/legal_rep, "
    "...).")]
ColumnOpt = Annotated[list[str] | None, typer.Option(
    "--column", metavar="FIELD=COLUMN", help="Map an input column to a field (name, uscc, legal_rep, "
    "legal_rep_id, id_number, region); repeatable.")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", help="Answer from the snapshots that were current on this date (YYYY-MM-DD), "
    "with each listing's status on it (default: today, the current snapshots).")]
FailOnOpt = Annotated[FailOn | None, typer.Option(
    "--fail-on", help="Exit 1 when a verdict is at or above this (listed > linked > review). Default: listed, "
    "or the configuration's fail_on.", show_default=False)]
RequireFreshOpt = Annotated[bool, typer.Option(
    "--require-fresh", help="Exit 3 when a registry was never synced or is stale.")]
ThresholdListedOpt = Annotated[float | None, typer.Option(
    "--threshold-listed", min=0.0, max=1.0, help="Match score needed for listed (and linked). Default: 0.90, or "
    "the configuration's thresholds.listed.", show_default=False)]
ThresholdReviewOpt = Annotated[float | None, typer.Option(
    "--threshold-review", min=0.0, max=1.0, help="Match score needed for a finding to be reported. Default: "
    "0.60, or the configuration's thresholds.review.", show_default=False)]


@dataclass
class Checked:
    """A check done by `check` or `report`: the core's report and the registries it covered."""

    report: Any
    registries: "dict[str, Registry]"
    rejected: list[Any]


def _run_check(state: State, name: str | None, uscc: str | None, legal_rep: str | None, legal_rep_id: str | None,
               id_number: str | None, region: str | None, input_file: str | None, column: list[str] | None,
               as_of: str | None, threshold_listed: float | None, threshold_review: float | None,
               then: Any = None, sink: Any = None) -> Checked:
    """Read the counterparties (one from the options, or a file), check them, and call `then(report, regs,
    store)` while the cache is still open."""
    from scscheck import check as core
    from scscheck.match import Thresholds

    settings = state.settings()
    listed = threshold_listed if threshold_listed is not None else settings.threshold_listed
    review = threshold_review if threshold_review is not None else settings.threshold_review
    thresholds = Thresholds(**{k: v for k, v in (("listed", listed), ("review", review)) if v is not None})
    if thresholds.review > thresholds.listed:
        raise UsageError(f"the review threshold ({thresholds.review}) must not be above the listed one "
                         f"({thresholds.listed}): see --threshold-review, --threshold-listed and `scscheck config`")
    day = _as_of(as_of)
    counterparties, rejected = _counterparties(name, uscc, legal_rep, legal_rep_id, id_number, region, input_file,
                                               column)
    regs = state.registries()
    with state.store() as store, _check_progress(len(counterparties) if input_file else 0) as progress:
        report = core.check(store, regs, counterparties, as_of=day, thresholds=thresholds, progress=progress,
                            sink=sink)
        report.batch, report.rejected = bool(input_file), rejected
        if then is not None:
            then(report, regs, store)
    return Checked(report, regs, rejected)


def _counterparties(name: str | None, uscc: str | None, legal_rep: str | None, legal_rep_id: str | None,
                    id_number: str | None, region: str | None, input_file: str | None,
                    column: list[str] | None) -> tuple[list[Any], list[Any]]:
    """The counterparty the options name, or those of an --input file with its unreadable rows."""
    from scscheck import counterparty

    if input_file:
        if name or uscc or legal_rep or legal_rep_id or id_number or region:
            raise UsageError("give either --input or a single counterparty, not both")
        batch = _read_input(input_file, _columns(column or []))
        return batch.counterparties, batch.rejected
    if column:
        raise UsageError("--column maps the columns of an --input file")
    return [counterparty.make(name, uscc, legal_rep, id_number, region, legal_rep_id)], []


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value!r}: expected a date as YYYY-MM-DD") from None
    if day > dt.datetime.now(dt.UTC).date():
        raise UsageError(f"--as-of {value}: a date in the future; the cache knows only what was synced so far")
    return day


def _fail_on(state: State, given: FailOn | None) -> FailOn:
    return given or FailOn(state.settings().fail_on or FailOn.listed.value)


def _exit_for(checked: Checked, fail_on: FailOn, require_fresh: bool) -> None:
    """The exit code of a check or report: findings, unreadable input rows, incomplete coverage."""
    from scscheck import check as core

    report, rejected = checked.report, checked.rejected
    for rejection in rejected:
        _err().print(f"scscheck: input line {rejection.line}: {rejection.reason}", markup=False, soft_wrap=True)
    if core.fails(report.worst, fail_on.value):
        raise typer.Exit(int(ExitCode.FOUND))
    if rejected:
        _err().print(f"scscheck: {len(rejected)} of {len(rejected) + len(report.results)} input rows could not "
                     "be checked", markup=False)
        raise typer.Exit(int(ExitCode.USAGE))
    if require_fresh and not report.complete:
        _err().print("scscheck: coverage incomplete: a registry is missing or stale", markup=False)
        raise typer.Exit(int(ExitCode.INCOMPLETE))


@app.command()
def check(
    ctx: typer.Context,
    name: NameArg = None,
    uscc: UsccOpt = None,
    legal_rep: LegalRepOpt = None,
    legal_rep_id: LegalRepIdOpt = None,
    id_number: IdOpt = None,
    region: RegionOpt = None,
    input_file: InputOpt = None,
    column: ColumnOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[CheckFormat | None, typer.Option(
        "--format", "-f", help="Output format. Default: table, or the configuration's format.",
        show_default=False)] = None,
    output_file: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the output to this file instead of stdout.", dir_okay=False)] = None,
    fail_on: FailOnOpt = None,
    require_fresh: RequireFreshOpt = False,
    threshold_listed: ThresholdListedOpt = None,
    threshold_review: ThresholdReviewOpt = None,
) -> None:
    """Check a counterparty (or a file of them) and print the verdict and every finding.

    Verdicts: listed (an active blacklist listing matched by code or a strong name match), linked (the legal
    representative is listed or represents a listed company), review (a possible match a person must
    judge), clear. Exit 1 when a verdict reaches --fail-on, 2 when input rows could not be read, 3 with
    --require-fresh on incomplete coverage.
    """
    state: State = ctx.obj
    with _errors(state):
        fmt = fmt or CheckFormat(state.settings().format or CheckFormat.table.value)
        document: dict[str, Any] = {}

        def keep_document(report: Any, regs: Any, store: Any) -> None:
            if fmt is CheckFormat.table:  # the terminal shows the report's content
                from scscheck import report as reports

                document.update(reports.build(report, regs, store))

        if input_file and fmt in (CheckFormat.jsonl, CheckFormat.csv):
            # a batch in JSON Lines or CSV is written as it is checked: any size, in flat memory
            with _Stream(output_file, bom=fmt is CheckFormat.csv) as out:
                checked = _run_check(state, name, uscc, legal_rep, legal_rep_id, id_number, region, input_file,
                                     column, as_of, threshold_listed, threshold_review, sink=out.sink(fmt))
                out.rejections(fmt, checked.report, checked.rejected)
        else:
            checked = _run_check(state, name, uscc, legal_rep, legal_rep_id, id_number, region, input_file, column,
                                 as_of, threshold_listed, threshold_review, keep_document)
            _write_check(checked.report, document, fmt, output_file)
        _exit_for(checked, _fail_on(state, fail_on), require_fresh)


class _Stream:
    """Data written as it is made: to stdout, or to a temporary file beside --output that takes its name
    once whole (a killed batch never leaves half a file under the name asked for)."""

    def __init__(self, path: Path | None, bom: bool) -> None:
        self.path, self.bom = path, bom
        self.temp: Path | None = None
        self.fh: Any = sys.stdout

    def __enter__(self) -> "_Stream":
        if self.path is not None:
            import tempfile

            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.fh = tempfile.NamedTemporaryFile(
                    "w", encoding="utf-8-sig" if self.bom else "utf-8", newline="", dir=self.path.parent,
                    prefix=f".{self.path.name}.", delete=False)
            except OSError as exc:
                raise UsageError(f"--output {self.path}: cannot write: {exc.strerror or exc}") from None
            self.temp = Path(self.fh.name)
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if self.temp is None:
            sys.stdout.flush()
            return
        self.fh.close()
        if kind is None:
            assert self.path is not None
            os.replace(self.temp, self.path)
        else:
            self.temp.unlink(missing_ok=True)

    def sink(self, fmt: CheckFormat) -> Any:
        from scscheck import output

        if fmt is CheckFormat.jsonl:
            return lambda report, result: self.fh.write(output.jsonl_line(report, result) + "\n")
        import csv

        writer = csv.writer(self.fh, lineterminator="\n")
        writer.writerow(output.CSV_COLUMNS)
        return lambda report, result: writer.writerows(output.csv_rows(result))

    def rejections(self, fmt: CheckFormat, report: Any, rejected: list[Any]) -> None:
        from scscheck import output

        for rejection in rejected:
            if fmt is CheckFormat.jsonl:
                self.fh.write(output.jsonl_rejection(report, rejection) + "\n")
            else:
                import csv

                csv.writer(self.fh, lineterminator="\n").writerow(output.csv_rejection(rejection))


def _write_check(report: Any, document: dict[str, Any], fmt: CheckFormat, output_file: Path | None) -> None:
    """Render the check in the chosen format, to stdout or to the output file."""
    from scscheck import output
    from scscheck.report_files import write_text

    if fmt is CheckFormat.table:
        from rich.console import Console

        from scscheck import tables

        if output_file is None:
            tables.render_check(_out(), document)
            return
        buffer = io.StringIO()
        tables.render_check(Console(file=buffer, width=160, soft_wrap=False, highlight=False), document)
        write_text(output_file, buffer.getvalue())
        return
    if fmt is CheckFormat.json:
        text = output.dumps(output.check_json(report)) + "\n"
    elif fmt is CheckFormat.jsonl:
        text = "".join(line + "\n" for line in output.check_jsonl(report))
    else:
        text = output.check_csv(report)
    if output_file is None:
        _data(text)
    else:  # a CSV file starts with a byte-order mark, so that a spreadsheet reads it as UTF-8
        write_text(output_file, text, "utf-8-sig" if fmt is CheckFormat.csv else "utf-8")


def _data(text: str) -> None:
    """Data on stdout as it is (click.echo would strip what looks like terminal styling from it)."""
    sys.stdout.write(text)
    sys.stdout.flush()


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


@app.command()
def report(
    ctx: typer.Context,
    name: NameArg = None,
    uscc: UsccOpt = None,
    legal_rep: LegalRepOpt = None,
    legal_rep_id: LegalRepIdOpt = None,
    id_number: IdOpt = None,
    region: RegionOpt = None,
    input_file: InputOpt = None,
    column: ColumnOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[ReportFormat | None, typer.Option(
        "--format", "-f", help="Document format. Default: md, or the configuration's report_format.",
        show_default=False)] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE|DIR", help="Write the report to this file (default: stdout). For an "
        "--input batch, a directory (existing, or given with a trailing '/') gets one file per counterparty "
        "and an index.")] = None,
    fail_on: FailOnOpt = None,
    require_fresh: RequireFreshOpt = False,
    threshold_listed: ThresholdListedOpt = None,
    threshold_review: ThresholdReviewOpt = None,
) -> None:
    """Write the due-diligence report: the query, the verdict in a sentence, every finding with its reason,
    legal basis, dates, status and how it matched, materiality notes, history, red-list entries, and the
    coverage and provenance of every registry searched.

    Markdown, self-contained HTML (printable; nothing fetched) or JSON (schema scscheck.report/1). The
    exit code is as for check.
    """
    state: State = ctx.obj
    with _errors(state):
        document_format = fmt or ReportFormat(state.settings().report_format or ReportFormat.md.value)
        output_path = Path(output) if output else None
        folder = output_path is not None and (output_path.is_dir() or str(output).endswith(("/", os.sep)))
        if folder and not input_file:
            raise UsageError("--output DIR writes one file per counterparty of an --input batch; give a file name")
        written: list[Path] = []

        def write(check_report: Any, regs: Any, store: Any) -> None:
            from scscheck import report_files
            from scscheck.report import build

            if folder:
                assert output_path is not None
                written.extend(report_files.write_folder(output_path, check_report, regs, store,
                                                         document_format.value))
                return
            text = report_files.render(build(check_report, regs, store), document_format.value)
            if output_path is None:
                _data(text)
            else:
                report_files.write_text(output_path, text)
                written.append(output_path)

        checked = _run_check(state, name, uscc, legal_rep, legal_rep_id, id_number, region, input_file, column,
                             as_of, threshold_listed, threshold_review, write)
        if written:
            what = str(written[0]) if len(written) == 1 else f"{len(written)} files in {output_path}"
            _err().print(f"scscheck: wrote {what}", markup=False, soft_wrap=True)
        _exit_for(checked, _fail_on(state, fail_on), require_fresh)


def _columns(specs: list[str]) -> dict[str, str]:
    from scscheck.counterparty import FIELDS

    columns = {}
    for spec in specs:
        field_name, sep, column_name = spec.partition("=")
        if not sep or field_name.strip() not in FIELDS or not column_name.strip():
            raise UsageError(f"--column '{spec}': expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}")
        columns[field_name.strip()] = column_name.strip()
    return columns


@contextmanager
def _check_progress(total: int) -> Iterator[Any]:
    """A progress bar over a batch on a terminal's stderr; nothing for one counterparty or when piped."""
    if total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=_err(), transient=True) as bar:
        task = bar.add_task("check", total=total)
        yield lambda done: bar.update(task, completed=done)


def _read_input(spec: str, columns: dict[str, str]) -> Any:
    from scscheck import counterparty
    from scscheck.errors import InputError

    if spec != "-":
        path = Path(spec)
        if not path.is_file():
            raise InputError(f"--input {spec}: no such file")
        return counterparty.read_file(path, columns)
    data = sys.stdin.buffer.read()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stdin"
        path.write_bytes(data)
        return counterparty.read_file(path, columns)


@app.command()
def rejected(
    ctx: typer.Context,
    registry_id: Annotated[str, typer.Argument(metavar="REGISTRY", help="Registry whose rejected rows to list.",
                                               autocompletion=_complete_registry)],
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many rows (0: all).")] = 0,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """List the rows of a registry's current snapshot that were read but not loaded, with the reason."""
    from scscheck import output, registry

    state: State = ctx.obj
    with _errors(state):
        registry.select(state.registries(), [registry_id])
        with state.store() as store:
            snap = store.current(registry_id)
            if snap is None:
                raise UsageError(f"{registry_id} has not been synced yet; run `scscheck sync {registry_id}`")
            rows = store.rejections(snap.id, limit or None)
        if fmt is ListFormat.json:
            typer.echo(output.dumps({"registry": registry_id, "snapshot": snap.id, "rows_read": snap.rows_read,
                                     "rows_loaded": snap.rows_loaded, "rows_rejected": snap.rows_rejected,
                                     "rejected": [asdict(r) for r in rows]}))
        else:
            from scscheck import tables

            tables.render_rejections(_out(), registry_id, rows)


@app.command()
def show(
    ctx: typer.Context,
    listing_id: Annotated[str, typer.Argument(
        metavar="LISTING_ID", help="A listing id as check and reports print it (registry:digest).")],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """Show one listing: every field, the published row as read, materiality notes, and its provenance
    (registry, snapshot digest and source, fetch time, line, every snapshot it was seen in)."""
    from scscheck import output
    from scscheck import show as core

    state: State = ctx.obj
    with _errors(state):
        with state.store() as store:
            document = core.show(store, state.registries(), listing_id)
        if fmt is ListFormat.json:
            typer.echo(output.dumps(document))
        else:
            from scscheck import tables

            tables.render_listing(_out(), document)


@app.command()
def diff(
    ctx: typer.Context,
    registry_id: Annotated[str, typer.Argument(metavar="REGISTRY", help="Registry whose snapshots to compare.",
                                               autocompletion=_complete_registry)],
    before: Annotated[str | None, typer.Option(
        "--from", metavar="SNAPSHOT", help="Snapshot id, or a date (the snapshot current then). Default: the one "
        "before --to.", show_default=False)] = None,
    after: Annotated[str | None, typer.Option(
        "--to", metavar="SNAPSHOT", help="Snapshot id, or a date. Default: the current snapshot.",
        show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, help="List at most this many listings of each kind (the counts stay whole). Default: 20 "
        "in a table, all in JSON.", show_default=False)] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """Compare two snapshots of a registry: listings added, removed and changed (which fields, both values),
    with counts. Snapshot ids are shown by `scscheck show` and in reports' coverage."""
    from scscheck import diff as core
    from scscheck import output, registry

    state: State = ctx.obj
    with _errors(state):
        registry.select(state.registries(), [registry_id])
        if limit is None and fmt is ListFormat.table:
            limit = 20
        with state.store() as store:
            result = core.diff(store, registry_id, before, after, limit)
        if fmt is ListFormat.json:
            typer.echo(output.dumps(result.document()))
        else:
            from scscheck import tables

            tables.render_diff(_out(), result.document())


watch_app = typer.Typer(
    name="watch", no_args_is_help=True, rich_markup_mode=None,
    help="Counterparties checked again after every sync; what changed for them is printed by the sync and kept "
    "for `scscheck changes`.")
app.add_typer(watch_app)


@watch_app.command("add")
def watch_add(
    ctx: typer.Context,
    name: NameArg = None,
    uscc: UsccOpt = None,
    legal_rep: LegalRepOpt = None,
    legal_rep_id: LegalRepIdOpt = None,
    id_number: IdOpt = None,
    region: RegionOpt = None,
    input_file: InputOpt = None,
    column: ColumnOpt = None,
) -> None:
    """Watch a counterparty (the options of check), or every one in an --input file. Each is checked now;
    later syncs report what changes for it."""
    from scscheck import watch as core

    state: State = ctx.obj
    with _errors(state):
        counterparties, rejected = _counterparties(name, uscc, legal_rep, legal_rep_id, id_number, region,
                                                   input_file, column)
        if rejected:
            for rejection in rejected:
                _err().print(f"scscheck: input line {rejection.line}: {rejection.reason}", markup=False)
            raise UsageError(f"{len(rejected)} input row(s) could not be read; nothing was added")
        with state.store() as store:
            before = {w.id for w in core.watched(store)}
            added = core.add(store, state.registries(), counterparties)
        for w in added:
            new = "watching" if w.id not in before else "already watched"
            _err().print(f"scscheck: {new} #{w.id} {_watched_label(w.counterparty)}: {w.verdict}", markup=False,
                         soft_wrap=True)


def _watched_label(query: dict[str, Any]) -> str:
    from scscheck.text import for_terminal

    return for_terminal(" · ".join(str(v) for v in query.values()))


@watch_app.command("list")
def watch_list(
    ctx: typer.Context,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """List the watched counterparties with their verdict at the last check."""
    from scscheck import output
    from scscheck import watch as core

    state: State = ctx.obj
    with _errors(state):
        with state.store() as store:
            found = core.watched(store)
        if fmt is ListFormat.json:
            typer.echo(output.dumps([asdict(w) for w in found]))
        else:
            from scscheck import tables

            tables.render_watched(_out(), [asdict(w) for w in found])


@watch_app.command("remove")
def watch_remove(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Watch ids, as `watch list` shows them.")],
) -> None:
    """Stop watching counterparties (their past changes stay listed by `scscheck changes`)."""
    from scscheck import watch as core

    state: State = ctx.obj
    with _errors(state):
        with state.store() as store:
            gone = core.remove(store, ids)
        missing = sorted(set(ids) - set(gone))
        if missing:
            raise UsageError(f"not watched: {', '.join(f'#{i}' for i in missing)} (see `scscheck watch list`)")


@app.command()
def changes(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="Changes found on this date (YYYY-MM-DD) or later. Default: those found "
        "by the last sync.", show_default=False)] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    fail_on: FailOnOpt = None,
) -> None:
    """What changed for the watched counterparties: newly listed, a new linked listing through a legal
    representative, a new possible match (review), delisted, expired. Exit 1 when a change is at or above
    --fail-on (delisted and expired never are), for a cron job to alert on."""
    from scscheck import output
    from scscheck import watch as core

    state: State = ctx.obj
    with _errors(state):
        day = None
        if since is not None:
            try:
                day = dt.date.fromisoformat(since)
            except ValueError:
                raise UsageError(f"--since {since!r}: expected a date as YYYY-MM-DD") from None
        with state.store() as store:
            found = core.changes(store, day)
        document = core.document(found, day)
        if fmt is ListFormat.json:
            typer.echo(output.dumps(document))
        else:
            from scscheck import tables

            tables.render_changes(_out(), document)
        if core.fails(found, _fail_on(state, fail_on).value):
            raise typer.Exit(int(ExitCode.FOUND))


class Decision(StrEnum):
    false_positive = "false-positive"
    confirmed = "confirmed"


class ExportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def review(
    ctx: typer.Context,
    listing_id: Annotated[str, typer.Argument(
        metavar="LISTING_ID", help="The finding's listing id, as check and reports print it.")],
    decision: Annotated[Decision, typer.Option(
        "--decision", help="false-positive (another party: the finding no longer raises the verdict) or "
        "confirmed.")],
    note: Annotated[str, typer.Option("--note", help="Why: kept in the audit trail.")],
    counterparty_name: Annotated[str | None, typer.Option(
        "--counterparty", metavar="NAME", help="The counterparty the decision is for, as checked.")] = None,
    uscc: UsccOpt = None,
    id_number: Annotated[str | None, typer.Option("--id", help="The counterparty's resident ID, if a person.")] = None,
    user: Annotated[str | None, typer.Option(
        "--user", help="Who decides (default: SCSCHECK_USER, else the login name).", show_default=False)] = None,
) -> None:
    """Record a review decision on a finding for a counterparty, with who and when. Later checks and reports
    show it; a false positive stops raising the verdict until the listing itself changes."""
    from scscheck import counterparty
    from scscheck import review as core

    state: State = ctx.obj
    with _errors(state):
        if not (counterparty_name or uscc or id_number):
            raise UsageError("say which counterparty the decision is for: --counterparty NAME, --uscc or --id")
        cp = counterparty.make(counterparty_name, uscc, None, id_number)
        with state.store() as store:
            made = core.decide(store, listing_id, cp, decision.value, note, user)
        _err().print(f"scscheck: recorded review #{made.id}: {made.decision} on {made.listing_id} for "
                     f"{_watched_label(made.counterparty)} by {made.decided_by}", markup=False, soft_wrap=True)


@app.command()
def reviews(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.table,
    output_file: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of stdout.", dir_okay=False)] = None,
) -> None:
    """List every review decision (the audit trail), oldest first; JSON or CSV to export it."""
    from scscheck import output
    from scscheck import review as core

    state: State = ctx.obj
    with _errors(state):
        with state.store() as store:
            decisions = core.listed(store)
        if fmt is ExportFormat.table:
            from scscheck import tables

            tables.render_reviews(_out(), core.document(decisions)["reviews"])
            return
        text = output.dumps(core.document(decisions)) + "\n" if fmt is ExportFormat.json else core.csv_text(decisions)
        if output_file is None:
            typer.echo(text, nl=False)
        else:
            from scscheck.report_files import write_text

            write_text(output_file, text, "utf-8-sig" if fmt is ExportFormat.csv else "utf-8")


config_app = typer.Typer(
    name="config", no_args_is_help=True, rich_markup_mode=None,
    help="Read and change the settings file: default formats, --fail-on and thresholds, retention, a proxy and "
    "CA bundle for fetches, and registry URL overrides (mirrors). Options given on the command line win.",
)
app.add_typer(config_app)
ConfigKey = Annotated[str, typer.Argument(
    metavar="KEY", help="format, report_format, fail_on, retention, thresholds.listed, thresholds.review, "
    "network.proxy, network.ca_bundle or registries.<id>.url.")]


@config_app.command("path")
def config_path() -> None:
    """Print where the settings file is (SCSCHECK_CONFIG moves it); it need not exist."""
    from scscheck import config

    typer.echo(str(config.path()))


@config_app.command("get")
def config_get(
    ctx: typer.Context,
    key: Annotated[str | None, typer.Argument(metavar="[KEY]", help="A setting (default: every one set).")] = None,
) -> None:
    """Print a setting's value, or every setting as KEY = VALUE lines. Exit 1 when the key is not set."""
    from scscheck import config

    with _errors(ctx.obj or State()):
        if key is None:
            for name, value in config.flatten(config.load()).items():
                typer.echo(f"{name} = {value}")
            return
        value = config.get(key)
        if value is None:
            _err().print(f"scscheck: {key} is not set ({config.key_help(key)})", markup=False, soft_wrap=True)
            raise typer.Exit(1)
        typer.echo(str(value))


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: ConfigKey,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The value; checked before it is written.")],
) -> None:
    """Set a setting in the settings file (created, readable by its owner only)."""
    from scscheck import config

    with _errors(ctx.obj or State()):
        stored = config.set_value(key, value)
        _err().print(f"scscheck: {key} = {stored} in {config.path()}", markup=False, soft_wrap=True)


@config_app.command("unset")
def config_unset(ctx: typer.Context, key: ConfigKey) -> None:
    """Remove a setting from the settings file: its built-in default applies again."""
    from scscheck import config

    with _errors(ctx.obj or State()):
        if not config.unset(key):
            _err().print(f"scscheck: {key} was not set", markup=False)


def main() -> None:
    """Console-script entry point."""
    if os.environ.get("_SCSCHECK_COMPLETE"):  # a shell asks what to complete (see scscheck.completion)
        from typer._completion_classes import completion_init

        completion_init()
    app(prog_name="scscheck")  # whatever the name it was started by: completion asks _SCSCHECK_COMPLETE
