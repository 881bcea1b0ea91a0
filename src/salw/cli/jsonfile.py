"""Reading the JSON documents the command line takes (an application, an assessment, a delivery).

The shapes are the API's request bodies. Every problem is collected with the file and the JSON
path of the bad value (``$.parties[2].role``) instead of stopping at the first, and nothing here
touches the database: the services check the rest.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from salw.core.errors import Problem
from salw.core.json_fields import JsonFields

# The database's limits: a positive integer column, and amounts of 16 digits with 2 decimals.
LARGEST_QUANTITY = 2_147_483_647
LARGEST_AMOUNT = Decimal("99999999999999.99")


class JsonFile(JsonFields):
    """One JSON file being read; ``problems`` lists what is wrong with it, each naming the file."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path

    def shown(self, value: Any) -> str:
        return value if isinstance(value, str) else super().shown(value)

    def located(self, where: str, problems: list[Problem]) -> None:
        """Problems a service found in the part of the file at ``where``."""
        for problem in problems:
            self.problems.append(Problem(file=self.file_name, message=f"at {where}: {problem.message}" if where
                                         else problem.message, value=problem.value))

    def load(self) -> Any:
        """The decoded document, or None (with the problem recorded) when it cannot be read."""
        try:
            text = self.path.read_bytes().decode("utf-8-sig")
        except OSError as error:
            self.problem("", f"cannot read the file: {error.strerror or error}")
            return None
        except UnicodeDecodeError:
            self.problem("", "not UTF-8 text; save the file as UTF-8")
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            self.problem("", f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})")
            return None

    # --- shapes --------------------------------------------------------------------------------

    def object(self, value: Any, where: str, fields: tuple[str, ...]) -> dict | None:
        """An object with no field outside ``fields`` (a misspelt field would otherwise be lost)."""
        if not isinstance(value, dict):
            self.problem(where, "expected a JSON object", value)
            return None
        for name in value:
            if name not in fields:
                self.problem(f"{where}.{name}", f"unknown field; expected: {', '.join(fields)}")
        return value

    def text(self, parent: dict, name: str, where: str, *, required: bool = False, max_length: int | None = None
             ) -> str:
        value = parent.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(f"{where}.{name}", "required text is missing")
            return ""
        if not isinstance(value, str):
            self.problem(f"{where}.{name}", "expected text", value)
            return ""
        if max_length is not None and len(value.strip()) > max_length:
            self.problem(f"{where}.{name}", f"longer than {max_length} characters")
            return ""
        return value

    def integer(self, parent: dict, name: str, where: str, *, required: bool = False, minimum: int = 0
                ) -> int | None:
        value = parent.get(name)
        if value is None:
            if required:
                self.problem(f"{where}.{name}", "required number is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{where}.{name}", "expected a whole number", value)
            return None
        if not minimum <= value <= LARGEST_QUANTITY:
            self.problem(f"{where}.{name}", f"expected a whole number from {minimum} to {LARGEST_QUANTITY}", value)
            return None
        return value

    def amount(self, parent: dict, name: str, where: str) -> Decimal | None:
        """A number, or a number written as text ("5000.00"), with at most two decimals."""
        value = parent.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.problem(f"{where}.{name}", "expected an amount", value)
            return None
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            self.problem(f"{where}.{name}", "expected an amount", value)
            return None
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            self.problem(f"{where}.{name}", "an amount has at most two decimals", value)
            return None
        if abs(amount) > LARGEST_AMOUNT:
            self.problem(f"{where}.{name}", "the amount is too large", value)
            return None
        return amount

    def boolean(self, parent: dict, name: str, where: str, *, default: bool | None = None) -> bool | None:
        value = parent.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(f"{where}.{name}", "expected true, false or null", value)
            return default
        return value

    def array(self, parent: dict, name: str, where: str, *, required: bool = False) -> list:
        value = parent.get(name)
        if value is None:
            if required:
                self.problem(f"{where}.{name}", "required list is missing")
            return []
        if not isinstance(value, list):
            self.problem(f"{where}.{name}", "expected a list", value)
            return []
        return value

    def texts(self, parent: dict, name: str, where: str, *, max_length: int | None = None) -> list[str]:
        values = []
        for index, value in enumerate(self.array(parent, name, where)):
            if not isinstance(value, str):
                self.problem(f"{where}.{name}[{index}]", "expected text", value)
            elif max_length is not None and len(value.strip()) > max_length:
                self.problem(f"{where}.{name}[{index}]", f"longer than {max_length} characters")
            else:
                values.append(value)
        return values

    def mapping(self, parent: dict, name: str, where: str) -> dict:
        value = parent.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(f"{where}.{name}", "expected a JSON object", value)
            return {}
        return value
