"""Who may make reports: reporting officers and administrators, for their jurisdiction and below.

Reading a report (or the data-quality view) needs the role with any scope; saving a snapshot,
a narrative text or a row's note needs it with capture scope.
"""

from django.utils.translation import gettext as _

from salw.core.access import CAPTURE, VIEW, holds, refusal, require
from salw.core.roles import ADMINISTRATOR, REPORTING_OFFICER

REPORT_MAKERS = (ADMINISTRATOR, REPORTING_OFFICER)


def may_read_reports(actor, jurisdiction=None) -> bool:
    return holds(actor, REPORT_MAKERS, scope=VIEW, jurisdiction=jurisdiction)


def may_save_reports(actor, jurisdiction=None) -> bool:
    return holds(actor, REPORT_MAKERS, scope=CAPTURE, jurisdiction=jurisdiction)


def reports_read(actor) -> None:
    require(may_read_reports(actor), _("only reporting officers and administrators may read reports"))


def report_build(actor, *, jurisdiction) -> None:
    require(may_read_reports(actor, jurisdiction), refusal(jurisdiction, _("you may not make reports for %(jurisdiction)s")))


def data_quality_read(actor, *, jurisdiction) -> None:
    require(may_read_reports(actor, jurisdiction),
            refusal(jurisdiction, _("you may not check report data for %(jurisdiction)s")))


def report_snapshot_create(actor, *, jurisdiction) -> None:
    require(may_save_reports(actor, jurisdiction), refusal(jurisdiction, _("you may not save reports for %(jurisdiction)s")))


def snapshot_read(actor, *, snapshot) -> None:
    require(may_read_reports(actor, snapshot.jurisdiction),
            refusal(snapshot.jurisdiction, _("you may not read reports of %(jurisdiction)s")))


def narrative_section_save(actor, *, jurisdiction) -> None:
    require(holds(actor, REPORT_MAKERS, scope=CAPTURE, jurisdiction=jurisdiction),
            refusal(jurisdiction, _("you may not write report texts for %(jurisdiction)s")))


def row_annotation_save(actor, *, jurisdiction) -> None:
    require(holds(actor, REPORT_MAKERS, scope=CAPTURE, jurisdiction=jurisdiction),
            refusal(jurisdiction, _("you may not annotate reports for %(jurisdiction)s")))
