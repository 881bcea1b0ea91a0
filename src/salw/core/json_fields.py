"""Reading the fields of a decoded JSON document, every problem kept with the file and the path of
the bad value (``$.parties[2].role``) instead of stopping at the first.

The exchange message and the command line's files read their own shapes with it; each reads text
its own way (``text``), and the choices and dates on top of it are read the same.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from salw.core.errors import Problem

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class JsonFields:
    def __init__(self, file_name: str):
        self.file_name = file_name
        self.problems: list[Problem] = []

    def shown(self, value: Any) -> str:
        """The bad value as a problem quotes it."""
        return json.dumps(value, ensure_ascii=False)

    def problem(self, path: str, message: str, value: Any = None) -> None:
        if path:
            message = _("at %(path)s: %(message)s") % {"path": path, "message": message}
        self.problems.append(Problem(file=self.file_name, message=message,
                                     value=None if value is None else self.shown(value)))

    def text(self, parent: dict, name: str, path: str, required: bool = False) -> str:
        raise NotImplementedError

    def choice(self, parent: dict, name: str, path: str, allowed: tuple[str, ...], default: str = "",
               required: bool = False) -> str:
        value = self.text(parent, name, path, required=required)
        if value and value not in allowed:
            self.problem(f"{path}.{name}", _("expected one of %(choices)s") % {"choices": ", ".join(allowed)},
                         value)
            return default
        return value or default

    def date(self, parent: dict, name: str, path: str, required: bool = False) -> date | None:
        value = self.text(parent, name, path, required=required)
        if not value:
            return None
        try:
            if not _DATE.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.problem(f"{path}.{name}", _("expected a date written YYYY-MM-DD"), value)
            return None
