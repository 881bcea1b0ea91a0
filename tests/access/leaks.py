"""Reading a response the way someone looking for another region's records would: every byte of it."""

from __future__ import annotations

import io
import zipfile


def response_text(response) -> str:
    """The body as text; the XML inside a spreadsheet (a zip) is read out of it."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return body.decode("utf-8", "replace")


def leaked(response, markers: set[str], sent: str = "") -> set[str]:
    """Markers in the response, apart from those the caller sent itself (a refusal may repeat the path)."""
    text = response_text(response)
    return {marker for marker in markers if marker in text and marker not in sent}
