"""A request the matrix sends, and the registry file it uploads."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from tests.helpers import REGISTRY_HEADER, registry_row


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict = field(default_factory=dict)
    body: dict | None = None
    upload: dict | None = None  # multipart form fields, a file among them

    def text(self) -> str:
        """Everything the caller sent: a response may repeat it without leaking anything."""
        return f"{self.path} {self.params} {self.body} {self.upload}"


def registry_file(record_id: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REGISTRY_HEADER)
    row = registry_row(record_id=record_id, serial_number=f"{record_id}SN")
    writer.writerow([row.get(name, "") for name in REGISTRY_HEADER])
    return out.getvalue().encode()
