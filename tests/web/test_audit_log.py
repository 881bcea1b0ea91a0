"""The audit log: national auditors and administrators only, newest first, filterable, paged."""

from __future__ import annotations

from salw.core.audit import audit_record


def test_auditor_sees_newest_first(login, national_auditor, east_rifle):
    audit_record(actor=national_auditor, action="report_print", object_type="report", changes={"n": 1})
    entries = login(national_auditor).get("/audit/").context["page"].items
    assert entries[0].action == "report_print"
    assert [entry.seq for entry in entries] == sorted((entry.seq for entry in entries), reverse=True)


def test_filters_by_action_and_user(login, national_auditor, east_rifle):
    audit_record(actor=national_auditor, action="report_print", object_type="report")
    client = login(national_auditor)
    by_action = client.get("/audit/", {"action": "weapon_register"}).context["page"].items
    assert by_action and {entry.action for entry in by_action} == {"weapon_register"}
    by_user = client.get("/audit/", {"user": "AUDIT"}).context["page"].items
    assert by_user and {entry.actor_name for entry in by_user} == {"auditor"}


def test_pages_of_fifty(login, national_auditor):
    for n in range(60):
        audit_record(actor=national_auditor, action="report_print", changes={"n": n})
    client = login(national_auditor)
    first = client.get("/audit/", {"action": "report_print"}).context["page"]
    second = client.get("/audit/", {"action": "report_print", "after": first.next_key}).context["page"]
    assert len(first.items) == 50 and len(second.items) == 10
    assert first.items[-1].seq > second.items[0].seq


def test_regional_auditor_and_registrar_are_refused(login, make_user, eastern, east_registrar):
    assert login(make_user("east-auditor", ("auditor", eastern, "view"))).get("/audit/").status_code == 403
    assert login(east_registrar).get("/audit/").status_code == 403


def test_the_log_is_read_only(login, national_auditor):
    assert login(national_auditor).post("/audit/", {}).status_code == 405
