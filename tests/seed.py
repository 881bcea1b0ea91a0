"""Reference data every test may assume; re-created after each flush of a transactional test."""

from salw.core.access import SystemActor


def seed_reference_data() -> None:
    from salw.core.services import jurisdiction_create
    from salw.vocabularies.services import vocabularies_load

    actor = SystemActor(name="cli:test")
    vocabularies_load(actor=actor)
    root = jurisdiction_create(actor=actor, code="SLE", name="Sierra Leone", kind="national", country="SLE")
    for code, name, district in (("SL-E", "Eastern", "Kenema"), ("SL-N", "Northern", "Bombali")):
        region = jurisdiction_create(actor=actor, code=code, name=name, kind="region", parent=root)
        jurisdiction_create(actor=actor, code=f"{code}-{district.upper()}", name=district,
                            kind="district", parent=region)
