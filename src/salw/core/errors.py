"""Errors every layer may raise and every adapter knows how to show."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


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

    @classmethod
    def about(cls, field: str, message: str) -> ValidationFailed:
        """A refusal about one input, so that a form can show it next to that field."""
        return cls([Problem(message=message, field=field)])


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
    field: str | None = None  # the input it is about, named as the service's parameter; never shown
    english: str | None = None  # the message as written, when shown in another language; never shown

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)r") % {"column": self.column})
        shown = ""
        if self.value is not None:
            value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            shown = _(" (found %(value)r)") % {"value": value}
        if not where:
            return f"{self.message}{shown}"
        return _("%(where)s: %(message)s") % {"where": ", ".join(where), "message": f"{self.message}{shown}"}
