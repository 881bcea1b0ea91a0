"""/imports/registry: a registry file (interchange.md §1) uploaded instead of passed to `salw import`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import HttpRequest
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from salw.accounts.domain import REGISTRY_WRITE
from salw.api.authentication import acting_user, requires_scope
from salw.api.errors import ApiError, error_responses, problem_detail
from salw.api.lookups import jurisdiction_by_code
from salw.interchange.services import registry_import

router = Router(tags=["interchange"])


class ImportOptions(Schema):
    dry_run: bool = False
    source: str = "local"
    jurisdiction: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    date_format: str | None = None
    allow_extra_columns: bool = False


class ImportReportOut(Schema):
    file: str
    encoding: str
    delimiter: str
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    batch_id: str | None


@router.post("/imports/registry", **requires_scope(REGISTRY_WRITE),
             response={200: ImportReportOut, **error_responses(400)},
             summary="Import (or, with dry_run, only check) a registry file; all or nothing")
def registry_file_import(request: HttpRequest, file: File[UploadedFile], options: Form[ImportOptions]):
    actor = acting_user(request)
    jurisdiction = jurisdiction_by_code(options.jurisdiction) if options.jurisdiction else None
    # The importer names the file in every problem: keep the caller's file name.
    name = get_valid_filename(Path(file.name or "upload.csv").name) or "upload.csv"
    with tempfile.TemporaryDirectory(prefix="salw-upload-") as directory:
        path = Path(directory) / name
        with path.open("wb") as handle:
            for chunk in file.chunks():
                handle.write(chunk)
        report = registry_import(
            actor=actor, path=path, jurisdiction=jurisdiction, source=options.source,
            encoding=options.encoding, delimiter=options.delimiter, date_format=options.date_format,
            dry_run=options.dry_run, allow_extra_columns=options.allow_extra_columns,
        )
    if not report.ok:
        raise ApiError(422, _refusal(report), code="import_refused",
                       details=[problem_detail(problem) for problem in report.problems])
    summary = report.as_dict()
    summary.pop("problems")
    summary.pop("problem_count")
    return summary


def _refusal(report) -> str:
    values = {"file": report.file, "count": report.problem_count, "shown": len(report.problems)}
    if len(report.problems) < report.problem_count:
        return _("%(file)s: refused, %(count)s problem(s) (the first %(shown)s are listed); "
                 "nothing was changed.") % values
    return _("%(file)s: refused, %(count)s problem(s); nothing was changed.") % values
