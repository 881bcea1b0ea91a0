"""Building, rendering and saving each treaty report over a large synthetic registry.

Fills a fresh database the way bench/analytics.py does (N weapons with a loss or theft for one
in fifty, S seizures, a coded trace outcome for three in ten) plus L export and import licences
with their deliveries, then for each instrument and
report year times building the report from the records, rendering it (XLSX, CSV, HTML) and
saving a snapshot, and reports the peak Python memory of the build and the snapshot's size.

    python bench/reports.py --weapons 1000000 --seizures 100000
    scripts/with-postgres.sh python bench/reports.py --weapons 1000000 --seizures 100000 --database postgres
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analytics import choose_database, filled_registry  # noqa: E402 - the same synthetic registry

INSTRUMENTS = ("att", "unroca", "poa", "iafq")
FORMATS = ("xlsx", "csv", "html")


PARTNERS = ["GHA", "LBR", "GIN", "CIV", "NGA", "SEN", "MLI", "BFA"]
UNROCA = {"sa_assault_rifle": "SA4", "sa_revolver_pistol": "SA1", "sa_rifle_carbine": "SA2", "sa_smg": "SA3",
          "sa_lmg": "SA5"}


def fill_transfers(regions, licences: int, seed: int = 9) -> None:
    """Export and import licences, each with two items and two deliveries in 2016-2025."""
    import random
    from datetime import date, timedelta
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from salw.licensing.models import (
        Application,
        ApplicationItem,
        Delivery,
        DeliveryLine,
        Licence,
        Party,
    )

    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        applications = [Application(reference=f"APP-B-{number}", direction=rng.choice(["export", "import"]),
                                    jurisdiction=rng.choice(regions), status="delivered", applicant="Bench Arms",
                                    received_on=date(2016, 1, 1) + timedelta(days=rng.randrange(3000)),
                                    created_by_name="bench") for number in range(licences)]
        Application.objects.bulk_create(applications)
        parties, items, issued = [], [], []
        for application in applications:
            partner = rng.choice(PARTNERS)
            exporter, importer = ("SLE", partner) if application.direction == "export" else (partner, "SLE")
            parties += [Party(application=application, role="exporter", name="Exporter", country=exporter),
                        Party(application=application, role="importer", name="Importer", country=importer),
                        Party(application=application, role="end_user", name="End user", country=importer)]
            for line, weapon_type in enumerate(rng.sample(list(UNROCA), 2), start=1):
                quantity = rng.randrange(10, 500)
                items.append(ApplicationItem(application=application, line=line, weapon_type_id=weapon_type,
                                             unroca=UNROCA[weapon_type], description=weapon_type, quantity=quantity,
                                             licensed_quantity=quantity, value=Decimal(quantity * 400),
                                             currency="USD"))
            issued.append(Licence(application=application, number=f"LIC-B-{application.reference}",
                                  valid_from=application.received_on,
                                  valid_until=application.received_on + timedelta(days=365),
                                  issued_by_name="bench", issued_at=now))
        Party.objects.bulk_create(parties)
        ApplicationItem.objects.bulk_create(items)
        Licence.objects.bulk_create(issued)
        deliveries, lines = [], []
        items_of = {}
        for item in items:
            items_of.setdefault(item.application_id, []).append(item)
        for licence in issued:
            for part in (1, 2):
                delivery = Delivery(licence=licence, reference=f"{licence.number}/D{part}",
                                    shipped_on=licence.valid_from + timedelta(days=30 * part), recorded_by_name="bench")
                deliveries.append(delivery)
                for item in items_of[licence.application_id]:
                    half = item.quantity // 2 if part == 1 else item.quantity - item.quantity // 2
                    lines.append(DeliveryLine(delivery=delivery, item=item, quantity=half,
                                              value=Decimal(half * 400), currency="USD"))
        Delivery.objects.bulk_create(deliveries)
        DeliveryLine.objects.bulk_create(lines)


def timed(function, repeats: int) -> tuple[float, float, object]:
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings), result


def peak_memory_mb(function) -> float:
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def measure(years: list[int], repeats: int) -> list[dict]:
    from salw.core.access import SystemActor
    from salw.reporting.renderers import render
    from salw.reporting.selectors import report_build
    from salw.reporting.services import report_snapshot_create

    actor = SystemActor(name="cli:bench")
    rows = []
    for year in years:
        for instrument in INSTRUMENTS:
            def build(instrument=instrument, year=year):
                return report_build(actor, instrument=instrument, year=year, language="en")

            build_p50, build_max, report = timed(build, repeats)
            counted = sum(len(cell.record_ids) for section in report.sections for row in section.rows
                          for cell in row.cells.values())
            renders = {fmt: timed(lambda fmt=fmt, report=report: render(report, fmt), repeats)[0] for fmt in FORMATS}
            started = time.perf_counter()
            snapshot = report_snapshot_create(actor=actor, instrument=instrument, year=year, language="en")
            snapshot_ms = (time.perf_counter() - started) * 1000
            rows.append({"instrument": instrument, "year": year, "build_p50": build_p50, "build_max": build_max,
                         "memory_mb": peak_memory_mb(build), "records": counted, **renders,
                         "snapshot_ms": snapshot_ms, "snapshot_mb": len(snapshot.report_json.encode()) / 1e6})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weapons", type=int, default=1_000_000)
    parser.add_argument("--seizures", type=int, default=100_000)
    parser.add_argument("--licences", type=int, default=3_000, help="export and import licences, 2016-2025")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--years", default="2023,2026", help="report years, comma-separated (weapons count as "
                                                             "registered in the year the bench runs)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    arguments = parser.parse_args()
    choose_database(parser, arguments.database)
    with filled_registry("salw-bench-reports-", arguments.weapons, arguments.seizures,
                         also=lambda regions: fill_transfers(regions, arguments.licences)) as fill_seconds:
        rows = measure([int(year) for year in arguments.years.split(",")], arguments.repeats)
    print(f"\nreports on {arguments.database}: {arguments.weapons:,} weapons, {arguments.seizures:,} seizures, "
          f"{arguments.licences:,} licences with 4 delivery lines each "
          f"(filled in {fill_seconds:.0f} s), median of {arguments.repeats} builds\n")
    print("| report | year | build p50 ms | build max ms | peak MB | records counted | xlsx ms | csv ms | html ms "
          "| snapshot ms | snapshot MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['instrument']} | {row['year']} | {row['build_p50']:.0f} | {row['build_max']:.0f} | "
              f"{row['memory_mb']:.0f} | {row['records']:,} | {row['xlsx']:.0f} | {row['csv']:.0f} | "
              f"{row['html']:.0f} | {row['snapshot_ms']:.0f} | {row['snapshot_mb']:.1f} |")


if __name__ == "__main__":
    main()
