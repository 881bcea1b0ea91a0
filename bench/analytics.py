"""Map and flow aggregates over a large synthetic registry, on SQLite or PostgreSQL.

Fills a fresh database with N weapons (with a loss or theft for one in fifty), S seizures of
one weapon each, a coded trace outcome for three seizures in ten, and a registry match for one
seized weapon in four (its weapon issued before the seizure in half of those), then times every
analytics aggregate the maps and flow pages ask for, for the whole country and for one region,
and prints p50/p95 per endpoint: counted afresh (cold, as after any write) and asked again
before the next write (warm, answered from memory).

    python bench/analytics.py --weapons 1000000 --seizures 100000
    scripts/with-postgres.sh python bench/analytics.py --weapons 1000000 --seizures 100000 --database postgres

PostgreSQL runs use SALW_DATABASE_URL (scripts/with-postgres.sh sets it to a throwaway cluster).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BATCH = 5000
ADMIN1 = {"SLE": ["Eastern", "Northern", "Southern", "Western Area"], "LBR": ["Lofa", "Nimba", "Bong"],
          "GIN": ["Kindia", "Gueckedou", "Macenta"]}
TYPES = ["sa_assault_rifle", "sa_revolver_pistol", "sa_rifle_carbine", "sa_smg", "sa_lmg", "sa_other.shotgun"]
MADE_IN = ["RUS", "CHN", "BEL", "USA", "DEU", "CZE", "BGR", "ITA"]
MECHANISMS = ["stockpile_theft_or_loss", "illicit_transfer_or_retransfer", "battlefield_capture",
              "civilian_leakage", "embezzlement", "unknown"]


def start(data_dir: Path) -> None:
    os.environ["SALW_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salw.settings.runtime")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def reference_data():
    from salw.core.access import SystemActor
    from salw.core.services import jurisdiction_create
    from salw.vocabularies.services import vocabularies_load

    actor = SystemActor(name="cli:bench")
    vocabularies_load(actor=actor)
    nation = jurisdiction_create(actor=actor, code="SLE", name="Sierra Leone", kind="national", country="SLE")
    regions = [jurisdiction_create(actor=actor, code=f"SL-{code}", name=name, kind="region", parent=nation)
               for code, name in (("E", "Eastern"), ("N", "Northern"), ("S", "Southern"), ("W", "Western Area"))]
    return nation, regions


def _day(rng: random.Random, first_year: int = 2012) -> date:
    return date(first_year, 1, 1) + timedelta(days=rng.randrange(365 * (2024 - first_year)))


def fill(weapon_count: int, seizure_count: int, regions, seed: int = 8) -> float:
    from django.db import transaction
    from django.utils import timezone

    from salw.registry.models import Event, Weapon
    from salw.tracing import seizure_copies
    from salw.tracing.models import SeizedItem, Seizure, TraceOutcome

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    seq = 0
    for first in range(0, weapon_count, BATCH):
        with transaction.atomic():
            weapons, events = [], []
            for number in range(first, min(first + BATCH, weapon_count)):
                region = rng.randrange(len(regions))
                lost = number % 50 == 0
                weapons.append(Weapon(
                    record_id=f"B-{number}", serial_number=f"S{number:08d}", weapon_type_id=rng.choice(TYPES),
                    country_of_manufacture=rng.choice(MADE_IN), status="stolen" if lost else rng.choice(
                        ["in_service", "in_storage"]), location_country="SLE",
                    location_admin1=ADMIN1["SLE"][region], jurisdiction=regions[region]))
                if lost:
                    seq += 1
                    events.append((seq, len(weapons) - 1))
            Weapon.objects.bulk_create(weapons)
            Event.objects.bulk_create([Event(
                seq=number, weapon=weapons[position], event_type=rng.choice(["lost", "stolen"]),
                occurred_on=_day(rng), recorded_by_name="bench", recorded_at=now, prev_hash="0" * 64,
                entry_hash="0" * 64) for number, position in events])
    for first in range(0, seizure_count, BATCH):
        with transaction.atomic():
            seizures, items, outcomes = [], [], []
            for number in range(first, min(first + BATCH, seizure_count)):
                region = rng.randrange(len(regions))
                seizures.append(Seizure(
                    kind="seized", occurred_on=_day(rng, 2016), country="SLE", admin1=ADMIN1["SLE"][region],
                    place=f"Place {number % 300}", latitude=7 + rng.random() * 3, longitude=-13.2 + rng.random() * 2.9,
                    legal_justification="illicit_possession", jurisdiction=regions[region], recorded_by_name="bench"))
            Seizure.objects.bulk_create(seizures)
            for seizure in seizures:
                items.append(SeizedItem(seizure=seizure, serial_number=f"X{rng.randrange(10**8):08d}",
                                        weapon_type=rng.choice(TYPES), country_of_manufacture=rng.choice(MADE_IN)))
            for item in items:
                seizure_copies.copy_onto(item, item.seizure)  # bulk_create does not call save()
            SeizedItem.objects.bulk_create(items)
            for item, seizure in zip(items, seizures, strict=True):
                if rng.random() < 0.3:
                    country = rng.choice(list(ADMIN1))
                    diverted = seizure.occurred_on - timedelta(days=rng.randrange(30, 3000))
                    outcomes.append(TraceOutcome(
                        item=item, outcome="diversion_established", diversion_country=country,
                        diversion_admin1=rng.choice(ADMIN1[country]), diversion_from=diverted,
                        diversion_mechanism=rng.choice(MECHANISMS), illicit_origin_established=True,
                        establishment_method="trace_response", last_legal_holder_country=country,
                        recorded_by_name="bench"))
            TraceOutcome.objects.bulk_create(outcomes)
            seq = _matches_for(items, seizures, weapon_count, rng, seq, now)
    return time.perf_counter() - started


def _matches_for(items, seizures, weapon_count: int, rng: random.Random, seq: int, now) -> int:
    """A registry match for one seized weapon in four; the matched weapon was issued (a legal
    transfer) before the seizure in half of those. Returns the last event number used."""
    from salw.registry.models import Event, Weapon
    from salw.tracing.models import ItemMatch

    chosen = [(item, seizure, f"B-{rng.randrange(weapon_count)}") for item, seizure in zip(items, seizures, strict=True)
              if rng.random() < 0.25]
    weapon_ids = dict(Weapon.objects.filter(record_id__in={record_id for _, _, record_id in chosen})
                      .values_list("record_id", "id"))
    matches, events = [], []
    for item, seizure, record_id in chosen:
        matches.append(ItemMatch(item=item, weapon_id=weapon_ids[record_id], source="local", record_id=record_id,
                                 score=round(0.5 + rng.random() / 2, 3), explanation=[]))
        if rng.random() < 0.5:
            seq += 1
            events.append(Event(seq=seq, weapon_id=weapon_ids[record_id], event_type="issued",
                                occurred_on=seizure.occurred_on - timedelta(days=rng.randrange(30, 3000)),
                                recorded_by_name="bench", recorded_at=now, prev_hash="0" * 64, entry_hash="0" * 64))
    ItemMatch.objects.bulk_create(matches)
    Event.objects.bulk_create(events)
    return seq


def choose_database(parser: argparse.ArgumentParser, database: str) -> None:
    if database == "postgres" and not os.environ.get("SALW_DATABASE_URL"):
        parser.error("PostgreSQL needs SALW_DATABASE_URL (run under scripts/with-postgres.sh)")
    if database == "sqlite":
        os.environ.pop("SALW_DATABASE_URL", None)


@contextmanager
def filled_registry(prefix: str, weapon_count: int, seizure_count: int, also=None, keep: Path | None = None):
    """A fresh installation filled as above (``also(regions)`` adds more); yields the seconds it took.

    With ``keep``, the installation lives in that directory: filled on the first run, reused as it is
    on later ones (only SQLite keeps its data there; PostgreSQL's cluster is the wrapper's)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
        data_dir = keep or Path(scratch)
        marker = data_dir / "bench-filled.json"
        start(data_dir)
        if marker.exists():
            yield json.loads(marker.read_text())["seconds"]
            return
        _, regions = reference_data()
        started = time.perf_counter()
        fill(weapon_count, seizure_count, regions)
        if also:
            also(regions)
        seconds = time.perf_counter() - started
        from salw.core.bulk import refresh_planner_statistics

        refresh_planner_statistics()  # as `salw serve` does at start (SQLite), as autovacuum does (PostgreSQL)
        if keep:
            marker.write_text(json.dumps({"seconds": seconds, "weapons": weapon_count, "seizures": seizure_count}))
        yield seconds


def endpoints():
    from salw.analytics import flows, maps, trends
    from salw.core.access import SystemActor

    actor = SystemActor(name="cli:bench")
    return {
        "map/countries seizures": lambda scope: maps.country_geojson(actor, scope, "seizures"),
        "map/countries holdings": lambda scope: maps.country_geojson(actor, scope, "holdings"),
        "map/admin1 losses": lambda scope: maps.admin1_geojson(scope, "losses"),
        "map/admin1 seizures": lambda scope: maps.admin1_geojson(scope, "seizures"),
        "map/seizure-points 0.25°": lambda scope: maps.seizure_points(scope, 0.25),
        "flows/lines": flows.flow_lines,
        "flows/breakdowns country_pairs": flows.by_country_pair,
        "flows/breakdowns admin1_areas": flows.by_admin1,
        "flows/time-to-crime": flows.time_to_crime_summary,
        "flows (all aggregates)": flows.flow_summary,
        "trends": trends.all_trends,
    }


def measure(repeats: int, first_year: int | None) -> list[tuple[str, str, float, float]]:
    from salw.analytics.scope import scope_over
    from salw.core.models import Jurisdiction

    everything = frozenset(Jurisdiction.objects.values_list("id", flat=True))
    eastern = frozenset(Jurisdiction.objects.filter(code="SL-E").values_list("id", flat=True))
    from salw.analytics.domain import Period

    period = Period(first_year, first_year)
    # As analytics_scope() gives them to a national analyst and to an analyst of one region.
    scopes = {"national": scope_over(everything, period), "one region": scope_over(eastern, period)}
    from salw.analytics.memo import forget_all

    def timings_of(endpoint, scope, forget: bool) -> tuple[float, float]:
        timings = []
        for _ in range(repeats):
            if forget:
                forget_all()
            started = time.perf_counter()
            json.dumps(endpoint(scope), default=str)  # what the API would send
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        return statistics.median(timings), timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]

    results = []
    for name, endpoint in endpoints().items():
        for label, scope in scopes.items():
            # Counted afresh (the first question after a write), then asked again before any write.
            cold = timings_of(endpoint, scope, forget=True)
            warm = timings_of(endpoint, scope, forget=False)
            results.append((name, label, *cold, *warm))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weapons", type=int, default=1_000_000)
    parser.add_argument("--seizures", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--year", type=int, default=None, help="time one year (the slider) instead of all years")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--keep", type=Path, default=None,
                        help="a data directory to fill once and reuse on later runs (SQLite)")
    arguments = parser.parse_args()
    choose_database(parser, arguments.database)
    with filled_registry("salw-bench-analytics-", arguments.weapons, arguments.seizures,
                         keep=arguments.keep) as fill_seconds:
        results = measure(arguments.repeats, arguments.year)
    print(f"\nanalytics on {arguments.database}: {arguments.weapons:,} weapons, {arguments.seizures:,} seizures "
          f"(filled in {fill_seconds:.0f} s), {arguments.repeats} runs each, "
          f"{'year ' + str(arguments.year) if arguments.year else 'all years'}\n")
    print("cold: counted afresh, as after any write; warm: asked again before the next write\n")
    print(f"| {'endpoint':<32} | {'scope':<10} | {'cold p50':>8} | {'cold p95':>8} | {'warm p50':>8} | "
          f"{'warm p95':>8} |")
    print(f"|{'-' * 34}|{'-' * 12}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    for name, label, cold50, cold95, warm50, warm95 in results:
        print(f"| {name:<32} | {label:<10} | {cold50:>8.1f} | {cold95:>8.1f} | {warm50:>8.1f} | {warm95:>8.1f} |")


if __name__ == "__main__":
    main()
