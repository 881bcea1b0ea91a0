"""Writes to the shared kernel: the jurisdiction tree."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from salw.core import policies
from salw.core.audit import audit_record
from salw.core.errors import ValidationFailed
from salw.core.models import Jurisdiction


def jurisdiction_create(*, actor, code: str, name: str, kind: str,
                        parent: Jurisdiction | None = None, country: str = "") -> Jurisdiction:
    policies.jurisdiction_create(actor, parent=parent)
    code = code.strip()
    if not code or "/" in code:
        raise ValidationFailed(_("a jurisdiction code is required and may not contain '/'"))
    if kind not in Jurisdiction.Kind.values:
        raise ValidationFailed(_("unknown jurisdiction kind %(kind)r") % {"kind": kind})
    if parent is None and kind != Jurisdiction.Kind.NATIONAL:
        raise ValidationFailed(_("only the national jurisdiction has no parent"))
    with transaction.atomic():
        if Jurisdiction.objects.filter(code=code).exists():
            raise ValidationFailed(_("a jurisdiction with code %(code)r already exists") % {"code": code})
        path = (parent.path if parent else "/") + code + "/"
        jurisdiction = Jurisdiction.objects.create(
            code=code, name=name.strip(), kind=kind, parent=parent, path=path,
            country=country or (parent.country if parent else ""),
        )
        audit_record(actor=actor, action="jurisdiction_create", object_type="jurisdiction",
                     object_id=jurisdiction.id,
                     changes={"code": code, "name": name, "kind": kind, "path": path})
    return jurisdiction
