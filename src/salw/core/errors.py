"""Errors every layer may raise and every adapter knows how to show."""

from __future__ import annotations

from dataclasses import dataclass


class SalwError(Exception):
    """Base class: a refusal that the user can act on, never a crash."""


class PermissionRefused(SalwError):
    """The actor may not do this action on this object."""


class ValidationFailed(SalwError):
    """Input breaks a rule; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(message=problems)]
        self.problems = problems
        super().__init__("; ".join(problem.describe() for problem in problems[:5]))


class NotFound(SalwError):
    """The object does not exist or is not visible to the actor."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one piece of input, located as precisely as known."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        shown = ""
        if self.value is not None:
            value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            shown = f" (found {value!r})"
        return f"{prefix}: {self.message}{shown}" if prefix else f"{self.message}{shown}"
