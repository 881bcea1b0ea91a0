"""ATT Article 7(7): a trace that ends at a licence or its end user flags the application for
reassessment, and the licensing officers of its jurisdiction see the flag and resolve it."""

from __future__ import annotations

from datetime import date

import pytest

from salw.core.errors import NotFound, PermissionRefused, ValidationFailed
from salw.licensing import selectors, services
from salw.licensing.models import ReassessmentFlag
from salw.registry.services import actor_create, weapon_register
from salw.tracing.services import seizure_record, trace_outcome_record
from tests.licensing.conftest import licensed, new_export


@pytest.fixture
def ghana_police(system_actor):
    return actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Ghana Police Service",
                        country="GHA")


def _seized(actor, jurisdiction, serial: str = "X-1"):
    seizure = seizure_record(actor=actor, jurisdiction=jurisdiction, kind="seized", occurred_on=date(2024, 5, 1),
                             legal_justification="illicit_possession", country="SLE",
                             items=[{"item_kind": "weapon", "serial_number": serial, "manufacturer": "Izhmash"}])
    return seizure.items.get()


def _outcome(actor, item, **fields):
    return trace_outcome_record(actor=actor, item=item, outcome="diversion_established",
                                establishment_method="trace_response", diversion_country="GHA",
                                diversion_from=date(2023, 6, 1), diversion_to=date(2023, 9, 1),
                                diversion_mechanism="stockpile_theft_or_loss", **fields)


def test_a_trace_ending_at_the_end_user_flags_the_licence_in_its_jurisdiction_only(
        officer, east_officer, national, eastern, system_actor, ghana_police):
    parties = [{"role": "importer", "name": "Ghana Police Service", "country": "GHA", "registry_actor": ghana_police},
               {"role": "end_user", "name": "Ghana Police Service", "country": "GHA", "registry_actor": ghana_police}]
    licence = licensed(officer, new_export(officer, national, parties=parties))
    draft = new_export(officer, national, parties=parties)
    outcome = _outcome(system_actor, _seized(system_actor, national), last_legal_holder=ghana_police)
    flags = list(ReassessmentFlag.objects.all())
    assert [(flag.application_id, flag.trace_outcome_id) for flag in flags] == [(licence.application_id, outcome.id)]
    assert flags[0].party.role in ("importer", "end_user") and flags[0].is_open
    assert "ends at Ghana Police Service" in flags[0].reason and "X-1" in flags[0].reason
    assert list(selectors.reassessment_flags_visible_to(officer)) == flags
    assert not selectors.reassessment_flags_visible_to(east_officer).exists()
    with pytest.raises(NotFound):
        selectors.reassessment_flag_for(east_officer, flags[0].id)
    assert draft.reassessment_flags.count() == 0


def test_the_holder_named_in_the_trace_is_matched_by_name_and_country(officer, national, system_actor):
    licence = licensed(officer, new_export(officer, national))  # end user "Ghana Police Service", GHA
    _outcome(system_actor, _seized(system_actor, national, "A-1"), last_legal_holder_name="ghana  police SERVICE",
             last_legal_holder_country="TGO")
    assert not ReassessmentFlag.objects.exists()  # same name, another country
    item = _seized(system_actor, national, "A-2")
    _outcome(system_actor, item, last_legal_holder_name="ghana  police SERVICE", last_legal_holder_country="GHA")
    flag = ReassessmentFlag.objects.get()
    assert flag.application_id == licence.application_id and "names ghana police SERVICE" in flag.reason
    # The item's outcome coded again is the same news while the flag is open.
    _outcome(system_actor, item, last_legal_holder_name="Ghana Police Service", last_legal_holder_country="GHA",
             reason="corrected the dates")
    assert ReassessmentFlag.objects.count() == 1


def test_a_seized_weapon_identified_as_one_delivered_under_the_licence_flags_it(officer, national, system_actor,
                                                                                ghana_police):
    weapon_register(actor=system_actor, jurisdiction=national, record_id="L-1", serial_number="KD 774411",
                    weapon_type="sa_assault_rifle", manufacturer="Izhmash", status="in_storage",
                    status_date=date(2022, 1, 1))
    licence = licensed(officer, new_export(officer, national))
    delivery = services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 3, 1),
                                        lines=[{"line": 1, "quantity": 1, "serials": ["KD 774411"]}])
    item = _seized(system_actor, national, "KD774411")
    assert item.matches.filter(score__gte=selectors.IDENTIFIED_MATCH_SCORE).exists()
    trace_outcome_record(actor=system_actor, item=item, outcome="origin_established_other",
                         establishment_method="registry_record", diversion_country="SLE")
    flag = ReassessmentFlag.objects.get()
    assert flag.application_id == licence.application_id and flag.party is None
    assert f"shipped on {delivery.reference} under licence {licence.number}" in flag.reason


def test_resolving_a_flag_records_the_conclusion_and_may_revoke_the_licence(officer, east_officer, national,
                                                                            system_actor, ghana_police):
    parties = [{"role": "importer", "name": "Ghana Police Service", "country": "GHA"},
               {"role": "end_user", "name": "Ghana Police Service", "country": "GHA", "registry_actor": ghana_police}]
    first = licensed(officer, new_export(officer, national, parties=parties))
    second = licensed(officer, new_export(officer, national, parties=parties))
    _outcome(system_actor, _seized(system_actor, national), last_legal_holder=ghana_police)
    flags = {flag.application_id: flag for flag in ReassessmentFlag.objects.all()}
    assert set(flags) == {first.application_id, second.application_id}

    with pytest.raises(PermissionRefused):
        services.reassessment_resolve(actor=east_officer, flag=flags[first.application_id], resolution="maintained",
                                      note="x")
    with pytest.raises(ValidationFailed) as refused:
        services.reassessment_resolve(actor=officer, flag=flags[first.application_id], resolution="ignored", note=" ")
    assert "'ignored' is not one of" in str(refused.value) and "write what the reassessment found" in str(refused.value)

    services.reassessment_resolve(actor=officer, flag=flags[first.application_id], resolution="maintained",
                                  note="stolen from a police armoury after delivery; the police reported it")
    services.reassessment_resolve(actor=officer, flag=flags[second.application_id], resolution="revoked",
                                  note="end user cannot keep its stock", revoked_on=date(2024, 6, 1))
    second.application.refresh_from_db()
    second.refresh_from_db()
    assert second.application.status == "revoked" and second.end_reason.startswith("Article 7(7) reassessment:")
    assert not selectors.reassessment_flags_visible_to(officer).exists()
    assert selectors.reassessment_flags_visible_to(officer, open_only=False).count() == 2
    with pytest.raises(ValidationFailed, match="already resolved"):
        services.reassessment_resolve(actor=officer, flag=flags[first.application_id], resolution="maintained",
                                      note="again")
