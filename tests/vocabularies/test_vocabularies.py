"""The shipped vocabularies load, and written names resolve to the right entries."""

from __future__ import annotations

import pytest

from salw.vocabularies.domain import calibre_key, name_key
from salw.vocabularies.models import Calibre, Country, LandBorder, Manufacturer, WeaponType
from salw.vocabularies.selectors import vocabulary_resolver


def test_reference_tables_are_complete(db):
    assert Country.objects.count() >= 240
    assert Manufacturer.objects.count() >= 150
    assert WeaponType.objects.filter(parent__isnull=True).exclude(unroca="").count() == 13
    # SAAMI and CIP list many cartridges twice; one entry per cartridge remains.
    assert Calibre.objects.count() >= 650
    sierra_leone = Country.objects.get(iso3="SLE")
    assert sierra_leone.iso2 == "SL" and sierra_leone.numeric == "694" and sierra_leone.region == "Africa"
    neighbours = set(LandBorder.objects.filter(country_id="SLE").values_list("neighbour_id", flat=True))
    assert neighbours == {"GIN", "LBR"}
    assert LandBorder.objects.get(country_id="LBR", neighbour_id="CIV").shared_border_km > 400


@pytest.mark.parametrize(("written", "code"), [
    ("Izhmash", "izhmash"), ("ИЖМАШ", "izhmash"), ("Kalashnikov Concern", "izhmash"),
    ("heckler and koch", "heckler_koch"), ("Heckler & Koch GmbH", "heckler_koch"), ("NORINCO", "norinco"),
    ("Fabrique Nationale", "fn_herstal"), ("Berreta", "beretta"), ("Tulsky Oruzheiny Zavod", "tula_arms_plant"),
])
def test_manufacturer_names_resolve(db, written, code):
    assert vocabulary_resolver().manufacturer(written) == code


def test_unknown_manufacturer_stays_unresolved(db):
    assert vocabulary_resolver().manufacturer("Acme Blunderbuss Works") is None


@pytest.mark.parametrize("written", ["7.62x39mm", "7,62 × 39", "7.62 X 39 mm", "7.62x39"])
def test_military_calibre_spellings_meet(db, written):
    resolver = vocabulary_resolver()
    assert resolver.calibre(written) == resolver.calibre("7.62x39mm") is not None


def test_civilian_cartridges_resolve(db):
    resolver = vocabulary_resolver()
    assert resolver.calibre("9 mm Luger") is not None
    assert resolver.calibre("9mm Luger") == resolver.calibre("9 mm Luger")


def test_keys():
    assert name_key("Heckler & Koch GmbH") == name_key("heckler and koch") == "hecklerandkoch"
    assert name_key("Česká zbrojovka a.s.") == name_key("Ceska Zbrojovka")
    assert calibre_key(".45 ACP") == calibre_key("45 acp") == "45acp"
    assert calibre_key("7,62×39 мм") == "7.62x39"


def test_reloading_changes_nothing_and_retiring_keeps_the_entry(system_actor):
    from salw.vocabularies.services import vocabularies_load, vocabulary_entry_retire

    before = (Manufacturer.objects.count(), Calibre.objects.count(), Country.objects.count())
    vocabularies_load(actor=system_actor)
    assert (Manufacturer.objects.count(), Calibre.objects.count(), Country.objects.count()) == before
    vocabulary_entry_retire(actor=system_actor, model=Manufacturer, code="izhmash")
    retired = Manufacturer.objects.get(code="izhmash")
    assert retired.retired_at is not None
    assert vocabulary_resolver().manufacturer("Izhmash") == "izhmash"  # old records keep resolving


def test_names_are_translatable(db):
    from salw.vocabularies.models import TranslatedName
    from salw.vocabularies.selectors import display_name

    TranslatedName.objects.update_or_create(vocabulary="country", code="CIV", language="fr",
                                         defaults={"name": "Côte d’Ivoire"})
    assert display_name("country", "CIV", "Cote d'Ivoire", "fr") == "Côte d’Ivoire"
    assert display_name("country", "CIV", "Cote d'Ivoire", "sw") == "Cote d'Ivoire"  # no Swahili shipped
