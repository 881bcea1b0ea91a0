"""Import speed and peak memory of `salw import registry`, on SQLite and PostgreSQL.

Generates N synthetic registry rows (interchange §1) into a CSV file, then imports
it with the real command in a fresh data directory, and prints one table row per run.

    python bench/import_registry.py --rows 1000000
    scripts/with-postgres.sh python bench/import_registry.py --rows 1000000 --database both

PostgreSQL runs need SALW_DATABASE_URL (scripts/with-postgres.sh sets it); each run
gets a database of its own.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from salw.demo.registry_rows import generate_registry_rows  # noqa: E402
from salw.interchange.registry_format import COLUMNS  # noqa: E402


def write_rows(path: Path, count: int, seed: int) -> float:
    started = time.perf_counter()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in generate_registry_rows(count, seed=seed):
            writer.writerow([row[name] for name in COLUMNS])
    return time.perf_counter() - started


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants (the importer and its reader process)."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(command: list[str], env: dict) -> tuple[float, float, int]:
    """(seconds, peak resident memory of the whole process tree in MB, exit code)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            peak = max(peak, tree_rss(watched))
        except psutil.Error:
            pass
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    if process.returncode:
        sys.stderr.write(process.stderr.read().decode(errors="replace")[-2000:])
    return elapsed, peak / 1e6, process.returncode


def fresh_postgres_url(base_url: str, name: str) -> str:
    import psycopg

    parts = urlsplit(base_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None, help="Put the scratch files here.")
    parser.add_argument("--skip-reimport", action="store_true", help="Do not time the no-op second import.")
    args = parser.parse_args()
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    if "postgres" in databases and not os.environ.get("SALW_DATABASE_URL"):
        parser.error("PostgreSQL runs need SALW_DATABASE_URL (run under scripts/with-postgres.sh)")
    salw = [sys.executable, "-m", "salw"]
    results = []
    with tempfile.TemporaryDirectory(dir=args.workdir) as scratch:
        scratch = Path(scratch)
        for count in args.rows:
            source = scratch / f"registry-{count}.csv"
            generated = write_rows(source, count, args.seed)
            size_mb = source.stat().st_size / 1e6
            print(f"generated {count:,} rows ({size_mb:,.0f} MB) in {generated:.1f} s", file=sys.stderr)
            for database in databases:
                env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
                env.pop("SALW_DATABASE_URL", None)
                if database == "postgres":
                    env["SALW_DATABASE_URL"] = fresh_postgres_url(os.environ["SALW_DATABASE_URL"], f"salw_bench_{count}")
                data_dir = scratch / f"data-{database}-{count}"
                env["SALW_DATA_DIR"] = str(data_dir)
                subprocess.run([*salw, "init", "--country", "SLE"], env=env, check=True, stdout=subprocess.DEVNULL)
                seconds, peak_mb, code = run_measured([*salw, "import", "registry", str(source)], env)
                again, again_mb = float("nan"), float("nan")
                if not args.skip_reimport:
                    again, again_mb, _ = run_measured([*salw, "import", "registry", str(source)], env)
                results.append((database, count, seconds, count / seconds, peak_mb, code, again, again_mb))
                print(f"{database}: {count:,} rows in {seconds:.1f} s", file=sys.stderr)
                if database == "sqlite":
                    for path in data_dir.glob("salw.sqlite3*"):
                        path.unlink()
            source.unlink()
    print()
    print(f"{'database':<10} {'rows':>12} {'import s':>9} {'rows/s':>9} {'peak RSS MB':>12} {'exit':>5} "
          f"{'re-import s':>12} {'re-import RSS MB':>17}")
    for database, count, seconds, rate, peak_mb, code, again, again_mb in results:
        print(f"{database:<10} {count:>12,} {seconds:>9.1f} {rate:>9,.0f} {peak_mb:>12.0f} {code:>5} "
              f"{again:>12.1f} {again_mb:>17.0f}")


if __name__ == "__main__":
    main()
