"""The progress bar of `kehoach batch` on stderr (rich). Imported only when a batch runs: rich's progress
machinery is not needed for `--help` or any other command."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from extract.batch import Progress as BatchProgress


class Rate(ProgressColumn):
    """Documents per second, the figure a batch is judged by."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="cyan")


class RichProgress(BatchProgress):
    """Draws the runner's progress reports as one bar; does nothing when disabled (not a terminal, --quiet)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        if not self.enabled:
            return
        self.bar = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            Rate(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[last]}"),
            transient=False,
            console=Console(stderr=True),
        )
        self.bar.start()
        self.task = self.bar.add_task("batch", total=total, last="")

    def advance(self, status: str, path: str) -> None:
        if self.bar is not None and self.task is not None:
            name = Path(path.split("!")[-1]).name
            self.bar.update(self.task, advance=1, last=f"{status}: {name}"[:40])

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
