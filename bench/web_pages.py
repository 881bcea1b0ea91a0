"""Server time of the pages officers use most, over a large synthetic registry, on SQLite or PostgreSQL.

Generates N synthetic registry rows (salw.demo), imports them with the real command
(`salw import registry`) into a fresh data directory, then requests each page through the whole
Django stack (middleware, sessions, templates) in-process and prints p50/p95 per page, signed in
as a national administrator and as a registrar of one area (about a quarter of the weapons).

    python bench/web_pages.py --weapons 1000000
    scripts/with-postgres.sh python bench/web_pages.py --weapons 1000000 --database postgres

PostgreSQL runs use SALW_DATABASE_URL (scripts/with-postgres.sh sets it); the run gets a database
of its own.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from import_registry import fresh_postgres_url, write_rows  # noqa: E402

# The areas the synthetic rows name in location_admin1; the importer files each weapon under the
# jurisdiction of that name, so they become the districts here.
AREAS = ("Eastern", "Northern", "North West", "Southern", "Western Area")
REGISTRAR_AREA = "Eastern"
PASSWORD = "bench-password-long-enough"


def prepare(data_dir: Path, weapons: int, seed: int, scratch: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SALW_DATA_DIR": str(data_dir)}
    salw = [sys.executable, "-m", "salw"]
    subprocess.run([*salw, "init", "--country", "SLE"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, __file__, "--make-districts"], env=env, check=True)
    source = scratch / "registry.csv"
    write_rows(source, weapons, seed)
    started = time.perf_counter()
    subprocess.run([*salw, "import", "registry", str(source)], env=env, check=True, stdout=subprocess.DEVNULL)
    source.unlink()
    return time.perf_counter() - started


def start_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salw.settings.runtime")
    import django

    django.setup()


def make_districts() -> None:
    start_django()
    from salw.core.access import SystemActor
    from salw.core.selectors import national_jurisdiction
    from salw.core.services import jurisdiction_create

    actor, nation = SystemActor(name="cli:bench"), national_jurisdiction()
    for number, name in enumerate(AREAS, start=1):
        jurisdiction_create(actor=actor, code=f"SL-D{number}", name=name, kind="district", parent=nation)


def users() -> dict[str, object]:
    from salw.accounts.services import user_create
    from salw.core.access import SystemActor
    from salw.core.models import Jurisdiction
    from salw.core.selectors import national_jurisdiction

    actor = SystemActor(name="cli:bench")
    area = Jurisdiction.objects.get(name=REGISTRAR_AREA)
    return {
        "national administrator": user_create(actor=actor, username="bench-admin", password=PASSWORD,
                                              roles=[("administrator", national_jurisdiction(), "capture")]),
        f"registrar ({REGISTRAR_AREA})": user_create(actor=actor, username="bench-registrar", password=PASSWORD,
                                                     roles=[("registrar", area, "capture")]),
    }


def pages(user, rng: random.Random) -> dict[str, callable]:
    """Page name -> a function giving the next URL to ask for (weapons and serials vary per request)."""
    from salw.registry.selectors import weapons_visible_to

    sample = list(weapons_visible_to(user).order_by("-id").values_list("id", "serial_number")[:2000])

    def misread(serial: str) -> str:
        # One character read as another (a worn 8 read as 3, and so on), as an officer misreads it.
        positions = [index for index, character in enumerate(serial) if character.isalnum()]
        position = rng.choice(positions)
        wrong = rng.choice([c for c in "0123456789" if c != serial[position]])
        return serial[:position] + wrong + serial[position + 1:]

    return {
        "dashboard": lambda: "/",
        "registry list, first page": lambda: "/weapons/",
        "registry list, filtered": lambda: "/weapons/?status=in_storage&holder_type=state_armed_forces",
        "serial search": lambda: f"/weapons/?serial={rng.choice(sample)[1][:6]}",
        "marking search": lambda: f"/search/?serial={misread(rng.choice(sample)[1])}",
        "weapon page": lambda: f"/weapons/{rng.choice(sample)[0]}/",
    }


def measure(repeats: int, seed: int) -> list[tuple[str, str, float, float]]:
    from django.test import Client

    rng = random.Random(seed)
    results = []
    for label, user in users().items():
        client = Client()
        client.force_login(user)
        for name, next_url in pages(user, rng).items():
            client.get(next_url())  # warm-up: the marking index and the templates load once per process
            timings = []
            for _ in range(repeats):
                url = next_url()
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: {response.status_code}")
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            results.append((label, name, statistics.median(timings), p95))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weapons", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None, help="Put the scratch files here.")
    parser.add_argument("--make-districts", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.make_districts:
        make_districts()
        return
    if arguments.database == "postgres":
        if not os.environ.get("SALW_DATABASE_URL"):
            parser.error("PostgreSQL needs SALW_DATABASE_URL (run under scripts/with-postgres.sh)")
        os.environ["SALW_DATABASE_URL"] = fresh_postgres_url(os.environ["SALW_DATABASE_URL"],
                                                             f"salw_bench_pages_{arguments.weapons}")
    else:
        os.environ.pop("SALW_DATABASE_URL", None)
    with tempfile.TemporaryDirectory(dir=arguments.workdir) as scratch:
        data_dir = Path(scratch) / "data"
        os.environ["SALW_DATA_DIR"] = str(data_dir)
        imported = prepare(data_dir, arguments.weapons, arguments.seed, Path(scratch))
        print(f"{arguments.weapons:,} weapons imported in {imported:.0f} s ({arguments.database})", file=sys.stderr)
        start_django()
        results = measure(arguments.repeats, arguments.seed)
    print()
    print(f"{arguments.database}, {arguments.weapons:,} weapons, {arguments.repeats} requests per page")
    print(f"{'signed in as':<24} {'page':<28} {'p50 ms':>8} {'p95 ms':>8}")
    for label, name, p50, p95 in results:
        print(f"{label:<24} {name:<28} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
