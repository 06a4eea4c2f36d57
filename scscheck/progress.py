"""Progress bars for sync on a terminal (stderr), driven by the sync observer."""

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from scscheck.registry import Registry
from scscheck.sync import SyncObserver, SyncResult


class PipedObserver(SyncObserver):
    """No bars when stderr is not a terminal, but still say why a sync is waiting."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def waiting(self) -> None:
        self.console.print("scscheck: another sync is running on this cache; waiting for it to finish", markup=False)


class BarObserver(SyncObserver):
    """One bar per registry: bytes while fetching, rows while loading."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TextColumn("{task.fields[rows]}"),
            TimeElapsedColumn(), console=console, transient=True,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> "BarObserver":
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.progress.stop()

    def waiting(self) -> None:
        self.console.print("another sync is running on this cache; waiting for it to finish", markup=False)

    def start(self, registry: Registry) -> None:
        self.tasks[registry.id] = self.progress.add_task(registry.id, total=None, rows="")

    def fetching(self, registry: Registry, done: int, total: int | None) -> None:
        self.progress.update(self.tasks[registry.id], completed=done, total=total)

    def loading(self, registry: Registry, rows: int) -> None:
        self.progress.update(self.tasks[registry.id], rows=f"{rows:,} rows")

    def finish(self, result: SyncResult) -> None:
        self.progress.remove_task(self.tasks.pop(result.registry))
