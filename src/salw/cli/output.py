"""Progress bars on a terminal, silence elsewhere; problem lists; exit codes."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress(description: str, total: int | None):
    """Yields advance(done) -> None; shows a bar only when stderr is a terminal."""
    if not on_terminal():
        yield lambda done, total=None: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(done: int, new_total: int | None = None) -> None:
            bar.update(task, completed=done, total=new_total or total)

        yield advance


def refuse(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_REFUSED)


SHOWN_PROBLEMS = 50


def refuse_error(error) -> None:
    """Exit 1 with a refused operation's problems (a ValidationFailed lists them) or its message."""
    from salw.core.errors import ValidationFailed

    if isinstance(error, ValidationFailed):
        print_problems(error.problems, len(error.problems))
    else:
        click.echo(str(error), err=True)
    sys.exit(EXIT_REFUSED)


@contextmanager
def refusals_reported():
    """A refused operation (bad input, an unknown reference, a missing right) inside: its problems,
    every one, and exit 1, never a traceback."""
    from salw.core.errors import SalwError

    try:
        yield
    except SalwError as error:
        refuse_error(error)


def print_problems(problems, problem_count: int) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        click.echo(problem.describe(), err=True)
    hidden = problem_count - min(len(problems), SHOWN_PROBLEMS)
    if hidden > 0:
        click.echo(f"... and {hidden} more problems (--format json lists up to {len(problems)})", err=True)
