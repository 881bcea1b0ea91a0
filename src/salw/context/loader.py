"""The files shipped with the package: source data in ``data/`` and fitted risk models in ``risk_models/``."""

from __future__ import annotations

import csv
import json
from datetime import date
from importlib import resources
from pathlib import Path

from salw.context.domain import ECONOMY, UCDP, WGI, GwCrosswalk, GwState

PACKAGE = "salw.context"
SHIPPED_FILES = {
    UCDP: ("ucdp_prio_acd_v23_1.csv", "23.1"),
    WGI: ("wgi_1996_2022.csv", "2023 update (data to 2022)"),
    ECONOMY: ("gapminder_economy_1960_2023.csv", "systema_globalis c63631a (data to 2023)"),
}
CROSSWALK_FILE = "gw_iso3_crosswalk.csv"


def data_path(name: str) -> Path:
    return Path(str(resources.files(PACKAGE).joinpath("data", name)))


def shipped_release(source: str) -> tuple[Path, str]:
    name, version = SHIPPED_FILES[source]
    return data_path(name), version


def gw_crosswalk() -> GwCrosswalk:
    with data_path(CROSSWALK_FILE).open(encoding="utf-8-sig", newline="") as handle:
        return GwCrosswalk([GwState(int(row["gwcode"]), row["iso_a3"].strip(), date.fromisoformat(row["startdate"]),
                                    date.fromisoformat(row["enddate"]))
                            for row in csv.DictReader(handle)])


def shipped_model_specs() -> list[dict]:
    folder = Path(str(resources.files(PACKAGE).joinpath("risk_models")))
    specs = []
    for path in sorted(folder.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            specs.append(json.load(handle))
    return specs
