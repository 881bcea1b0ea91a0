"""The import wizard: upload a file, see what an import would do (dry run), then confirm.

The preview and the import are the same service call, registry_import, once with dry_run:
what the officer confirms is exactly what was shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salw.core.errors import PermissionRefused
from salw.interchange.services import registry_import
from salw.web import permissions, uploads
from salw.web.forms import ImportUploadForm


def _upload_or_404(request, upload_id):
    try:
        return uploads.upload_for(request.user, upload_id)
    except uploads.UploadMissing:
        raise Http404("no such upload") from None


def _jurisdiction_or_403(request, upload):
    jurisdiction = permissions.jurisdictions_capturable_by(request.user).filter(id=upload.jurisdiction_id).first()
    if jurisdiction is None:
        raise PermissionDenied
    return jurisdiction


def _run(request, upload, jurisdiction, *, dry_run: bool):
    try:
        return registry_import(actor=request.user, path=upload.path, dry_run=dry_run, jurisdiction=jurisdiction)
    except PermissionRefused:
        raise PermissionDenied from None


@permissions.requires(permissions.may_capture)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None,
                            jurisdictions=permissions.jurisdictions_capturable_by(request.user))
    if request.method == "POST" and form.is_valid():
        upload = uploads.upload_save(user=request.user, uploaded_file=form.cleaned_data["file"],
                                     jurisdiction_id=form.cleaned_data["jurisdiction"])
        return redirect("import_preview", upload_id=upload.id)
    return render(request, "web/import_upload.html", {"form": form})


@permissions.requires(permissions.may_capture)
def import_preview(request, upload_id):
    upload = _upload_or_404(request, upload_id)
    jurisdiction = _jurisdiction_or_403(request, upload)
    report = _run(request, upload, jurisdiction, dry_run=True)
    return render(request, "web/import_preview.html",
                  {"upload": upload, "report": report, "jurisdiction": jurisdiction})


@require_POST
@permissions.requires(permissions.may_capture)
def import_confirm(request, upload_id):
    upload = _upload_or_404(request, upload_id)
    jurisdiction = _jurisdiction_or_403(request, upload)
    report = _run(request, upload, jurisdiction, dry_run=False)
    if not report.ok:
        # The file did not change, but the registry may have since the preview.
        messages.error(request, _("The import was refused; nothing was changed. See the problems below."))
        return render(request, "web/import_preview.html",
                      {"upload": upload, "report": report, "jurisdiction": jurisdiction})
    uploads.upload_discard(upload)
    return render(request, "web/import_done.html", {"upload": upload, "report": report})


@require_POST
@permissions.requires(permissions.may_capture)
def import_cancel(request, upload_id):
    uploads.upload_discard(_upload_or_404(request, upload_id))
    messages.success(request, _("The uploaded file was discarded."))
    return redirect("import_upload")
