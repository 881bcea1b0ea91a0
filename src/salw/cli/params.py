"""Option types the commands share."""

from __future__ import annotations

from datetime import date

import click


class IsoDate(click.ParamType):
    """A calendar day written YYYY-MM-DD."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


ISO_DATE = IsoDate()
