"""ATT Article 6(1): UN arms embargoes as dated entries, and what they do to an assessment, a
decision and a delivery."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from salw.core.errors import PermissionRefused, ValidationFailed
from salw.core.models import AuditEntry
from salw.licensing import domain, selectors, services
from salw.licensing.embargoes import (
    SCOPE_ALL,
    SCOPE_LISTED,
    SCOPE_NON_STATE,
    Embargo,
    PartyPlace,
    embargo_findings,
)
from salw.licensing.models import ArmsEmbargo, ReassessmentFlag
from tests.licensing.conftest import (
    CONGO,
    LOW_RISKS,
    NO_PROHIBITION,
    SOUTH_SUDAN,
    licensed,
    new_export,
)

TODAY = date(2025, 6, 1)


def embargo(country="SSD", scope=SCOPE_ALL, starts=date(2018, 7, 13), ends=None, two_way=False) -> Embargo:
    return Embargo("e1", country, "South Sudan sanctions", "S/RES/2428 (2018)", scope, starts, ends, two_way)


# --- the rules ----------------------------------------------------------------------------------

@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1)),
       starts=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1)),
       length=st.one_of(st.none(), st.integers(min_value=0, max_value=20000)))
def test_an_embargo_is_in_force_from_its_first_to_its_last_day(day, starts, length):
    ends = None if length is None else starts + timedelta(days=length)
    expected = starts <= day and (ends is None or day <= ends)
    assert embargo(starts=starts, ends=ends).in_force_on(day) is expected


def test_destinations_are_covered_and_the_exporter_only_by_a_two_way_embargo():
    parties = [PartyPlace("exporter", "Juba Traders", "SSD"), PartyPlace("end_user", "SPLA", "SSD"),
               PartyPlace("transit_state", "Uganda", "UGA"), PartyPlace("broker", "Broker Co", "SSD")]
    found = embargo_findings([embargo()], parties, TODAY)
    assert [(f.party.role, f.prohibits) for f in found] == [("end_user", True)]
    two_way = embargo_findings([embargo(two_way=True)], parties, TODAY)
    assert sorted(f.party.role for f in two_way) == ["end_user", "exporter"]
    assert embargo_findings([embargo(ends=date(2020, 1, 1))], parties, TODAY) == []
    narrow = embargo_findings([embargo(scope=SCOPE_NON_STATE), embargo(scope=SCOPE_ALL, country="UGA")],
                              parties, TODAY)
    assert [(f.party.role, f.prohibits) for f in narrow] == [("transit_state", True), ("end_user", False)]
    assert "not yet verified" in narrow[0].message and "S/RES/2428 (2018)" in narrow[0].message


def test_an_embargo_prohibition_leaves_refusal_as_the_only_outcome():
    facts = domain.AssessmentFacts(article_6={"6.1": "no", "6.2": "no", "6.3": "no"},
                                   article_7={code: "low" for code in domain.ARTICLE_7_CODES}, overriding_risk=False,
                                   overriding_risk_rationale="low", diversion_risk="low",
                                   embargo_prohibitions=("UN arms embargo on SSD",))
    assert domain.required_outcome(facts) == "refuse"
    assert any("UN arms embargo on SSD: the transfer must be refused" in problem
               for problem in domain.decision_problems("approve", facts, reasons="ok"))
    assert domain.decision_problems("refuse", facts, reasons="embargo") == []


# --- the list -----------------------------------------------------------------------------------

def test_the_seed_list_loads_once_unverified_and_only_for_an_administrator(system_actor, officer):
    with pytest.raises(PermissionRefused):
        services.embargoes_seed_load(actor=officer)
    added = services.embargoes_seed_load(actor=system_actor)
    assert added == ArmsEmbargo.objects.count() >= 20
    assert services.embargoes_seed_load(actor=system_actor) == 0
    assert all(entry.verified_on is None and "verify against the official list" in entry.notes
               for entry in ArmsEmbargo.objects.all())
    in_force = {entry.country for entry in selectors.embargo_list(system_actor, in_force_on=date(2025, 1, 1))}
    assert {"PRK", "SSD", "LBY", "COD", "SOM"} <= in_force and "LBR" not in in_force
    somalia = sorted((entry.scope, entry.starts_on) for entry in ArmsEmbargo.objects.filter(country="SOM"))
    assert somalia == [("all", date(1992, 1, 23)), ("non_state", date(2023, 12, 1))]
    # A withdrawn seed entry stays withdrawn when the list is loaded again.
    south_sudan = ArmsEmbargo.objects.get(country="SSD")
    services.embargo_void(actor=system_actor, embargo=south_sudan, reason="test")
    assert services.embargoes_seed_load(actor=system_actor) == 0
    assert not any(entry.country == "SSD" for entry in selectors.embargo_list(system_actor, in_force_on=date(2025, 1, 1)))


def test_the_administrator_records_ends_verifies_and_withdraws_entries_with_audit(system_actor, officer):
    with pytest.raises(PermissionRefused):
        services.embargo_record(actor=officer, country="SSD", regime="r", resolution="S/RES/2428 (2018)",
                                scope=SCOPE_ALL, starts_on=date(2018, 7, 13))
    with pytest.raises(ValidationFailed) as refused:
        services.embargo_record(actor=system_actor, country="XXX", regime="r", resolution="", scope="most",
                                starts_on=date(2018, 7, 13), ends_on=date(2017, 1, 1))
    text = str(refused.value)
    assert "XXX is not a known country" in text and "'most' is not one of" in text and "name the Security" in text
    entry = services.embargo_record(actor=system_actor, country="ssd", regime="South Sudan sanctions",
                                    resolution="S/RES/2428 (2018)", scope=SCOPE_ALL, starts_on=date(2018, 7, 13))
    assert entry.country == "SSD" and entry.as_rule().in_force_on(TODAY)
    services.embargo_end(actor=system_actor, embargo=entry, ends_on=date(2030, 5, 30), ended_by="S/RES/9999 (2030)")
    services.embargo_verify(actor=system_actor, embargo=entry, verified_on=date(2025, 1, 2))
    entry.refresh_from_db()
    assert (entry.ends_on, entry.ended_by, entry.verified_on) == (date(2030, 5, 30), "S/RES/9999 (2030)",
                                                                  date(2025, 1, 2))
    assert entry.as_rule().verified and not entry.as_rule().in_force_on(date(2030, 6, 1))
    with pytest.raises(ValidationFailed, match="say why"):
        services.embargo_void(actor=system_actor, embargo=entry, reason=" ")
    actions = set(AuditEntry.objects.filter(object_id=entry.id.hex).values_list("action", flat=True))
    assert actions == {"embargo_record", "embargo_end", "embargo_verify"}


# --- what an embargo does to an application -------------------------------------------------------



def _record(system_actor, country, scope, starts_on=date(2018, 7, 13), ends_on=None):
    return services.embargo_record(actor=system_actor, country=country, regime=f"{country} sanctions",
                                   resolution="S/RES/1 (2000)", scope=scope, starts_on=starts_on, ends_on=ends_on)


def _assess(officer, application, article_6=NO_PROHIBITION):
    services.application_submit(actor=officer, application=application)
    assessment = services.assessment_start(actor=officer, application=application)
    prefilled = dict(assessment.article_6)
    services.assessment_save(actor=officer, application=application, article_6=article_6, article_7=LOW_RISKS,
                             overriding_risk=False, overriding_risk_rationale="low", diversion_risk="low")
    return prefilled


def test_a_full_embargo_prefills_article_6_1_and_refuses_the_approval(officer, national, system_actor):
    _record(system_actor, "SSD", SCOPE_ALL)
    application = new_export(officer, national, parties=SOUTH_SUDAN)
    prefilled = _assess(officer, application)
    assert prefilled["6.1"]["answer"] == "yes" and "UN arms embargo on SSD" in prefilled["6.1"]["note"]
    with pytest.raises(ValidationFailed, match=r"Article 6\(1\): importer Ministry of Interior \(SSD\): UN arms "
                                               r"embargo on SSD .* the transfer must be refused"):
        services.application_decide(actor=officer, application=application, outcome="approve", reasons="fine")
    services.application_decide(actor=officer, application=application, outcome="refuse",
                                reasons="UN arms embargo (Article 6(1))")
    application.refresh_from_db()
    assert application.status == "refused"


def test_an_embargo_on_armed_groups_needs_the_officer_to_say_why_this_transfer_is_not_covered(
        officer, national, system_actor):
    _record(system_actor, "COD", SCOPE_NON_STATE)
    application = new_export(officer, national, parties=CONGO)
    prefilled = _assess(officer, application, article_6={**NO_PROHIBITION, "6.1": {"answer": "no", "note": ""}})
    assert prefilled["6.1"]["answer"] == "" and "non-governmental entities" in prefilled["6.1"]["note"]
    with pytest.raises(ValidationFailed, match="say in the Article 6\\(1\\) note why this transfer is not covered"):
        services.application_decide(actor=officer, application=application, outcome="approve", reasons="ok")
    services.assessment_save(actor=officer, application=application,
                             article_6={**NO_PROHIBITION, "6.1": {"answer": "no", "note": "end user is the national "
                                                                  "police; notified to the 1533 Committee"}},
                             article_7=LOW_RISKS, overriding_risk=False, overriding_risk_rationale="low",
                             diversion_risk="low")
    services.application_decide(actor=officer, application=application, outcome="approve", reasons="government")
    application.refresh_from_db()
    assert application.status == "approved"


def test_an_ended_or_listed_only_embargo_does_not_prohibit(officer, national, system_actor):
    _record(system_actor, "SSD", SCOPE_ALL, starts_on=date(2018, 7, 13), ends_on=date(2020, 1, 1))
    _record(system_actor, "SSD", SCOPE_LISTED, starts_on=date(2020, 1, 2))
    application = new_export(officer, national, parties=SOUTH_SUDAN)
    _assess(officer, application, article_6={**NO_PROHIBITION, "6.1": {"answer": "no", "note": "no party listed"}})
    services.application_decide(actor=officer, application=application, outcome="approve", reasons="checked list")
    application.refresh_from_db()
    assert application.status == "approved"


def test_a_delivery_on_a_day_under_a_full_embargo_is_refused(officer, national, system_actor):
    licence = licensed(officer, new_export(officer, national, parties=SOUTH_SUDAN))  # valid 2023-02-01..2024-01-31
    _record(system_actor, "SSD", SCOPE_ALL, starts_on=date(2023, 6, 1), ends_on=date(2023, 8, 31))
    services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 3, 1),
                             lines=[{"line": 1, "quantity": 1}])
    with pytest.raises(ValidationFailed, match="this licence cannot be used; reassess it"):
        services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 7, 1),
                                 lines=[{"line": 1, "quantity": 1}])
    services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 9, 1),
                             lines=[{"line": 1, "quantity": 1}])
    assert licence.deliveries.count() == 2


def test_a_new_embargo_flags_the_applications_it_covers_today(officer, national, system_actor):
    in_force = licensed(officer, new_export(officer, national, parties=SOUTH_SUDAN))
    draft = new_export(officer, national, parties=SOUTH_SUDAN)
    elsewhere = licensed(officer, new_export(officer, national))  # Ghana
    assert not ReassessmentFlag.objects.exists()
    ended = _record(system_actor, "SSD", SCOPE_ALL, starts_on=date(2018, 7, 13), ends_on=date(2019, 1, 1))
    assert not ReassessmentFlag.objects.exists()  # not in force today: nothing to reassess
    entry = _record(system_actor, "SSD", SCOPE_ALL, starts_on=timezone.localdate())
    flags = list(ReassessmentFlag.objects.all())
    assert [(flag.application_id, flag.embargo_id) for flag in flags] == [(in_force.application_id, entry.id)]
    assert flags[0].reason.startswith("a new arms embargo is in force: end user South Sudan National Police")
    assert selectors.reassessment_flags_visible_to(officer).count() == 1
    assert draft.status == "draft" and elsewhere.application.status == "licence_issued" and ended.ends_on
