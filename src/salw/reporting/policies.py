"""Who may make reports: reporting officers and administrators, for their jurisdiction and below.

Reading a report (or the data-quality view) needs the role with any scope; saving a snapshot,
a narrative text or a row's note needs it with capture scope.
"""

from salw.core.access import CAPTURE, VIEW, holds, require
from salw.core.roles import ADMINISTRATOR, REPORTING_OFFICER

REPORT_MAKERS = (ADMINISTRATOR, REPORTING_OFFICER)


def _name(jurisdiction) -> str:
    return getattr(jurisdiction, "name", "this jurisdiction")


def may_read_reports(actor, jurisdiction=None) -> bool:
    return holds(actor, REPORT_MAKERS, scope=VIEW, jurisdiction=jurisdiction)


def may_save_reports(actor, jurisdiction=None) -> bool:
    return holds(actor, REPORT_MAKERS, scope=CAPTURE, jurisdiction=jurisdiction)


def reports_read(actor) -> None:
    require(may_read_reports(actor), "only reporting officers and administrators may read reports")


def report_build(actor, *, jurisdiction) -> None:
    require(may_read_reports(actor, jurisdiction), f"you may not make reports for {_name(jurisdiction)}")


def data_quality_read(actor, *, jurisdiction) -> None:
    require(may_read_reports(actor, jurisdiction),
            f"you may not check report data for {_name(jurisdiction)}")


def report_snapshot_create(actor, *, jurisdiction) -> None:
    require(may_save_reports(actor, jurisdiction), f"you may not save reports for {_name(jurisdiction)}")


def snapshot_read(actor, *, snapshot) -> None:
    require(may_read_reports(actor, snapshot.jurisdiction),
            f"you may not read reports of {_name(snapshot.jurisdiction)}")


def narrative_section_save(actor, *, jurisdiction) -> None:
    require(holds(actor, REPORT_MAKERS, scope=CAPTURE, jurisdiction=jurisdiction),
            f"you may not write report texts for {_name(jurisdiction)}")


def row_annotation_save(actor, *, jurisdiction) -> None:
    require(holds(actor, REPORT_MAKERS, scope=CAPTURE, jurisdiction=jurisdiction),
            f"you may not annotate reports for {_name(jurisdiction)}")
