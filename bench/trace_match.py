"""Marking search quality and speed: salw's candidate index vs pg_trgm vs scoring every record.

Builds a synthetic registry (sequential production runs, the same serial under several makers,
Cyrillic and Latin renderings) and noisy trace queries, then prints one table:

- salw: the deletion-signature candidate index, then salw's scoring;
- pg_trgm: PostgreSQL trigram search (GIN on the same normalised key), best 200 by trigram
  similarity, then the same scoring (needs SALW_DATABASE_URL, e.g. via scripts/with-postgres.sh);
- exhaustive: every record scored by the same rules, no index (the recall ceiling; run on a
  sample of the queries because it is slow).

    python bench/trace_match.py --records 1000000 --queries 2000
    scripts/with-postgres.sh python bench/trace_match.py --records 1000000 10000000

Queries: 80 % describe a registered weapon with the reading errors of domain.md §2 (look-alike
characters, one or two unreadable characters, a swap of neighbours, a lost prefix, separators,
a handwriting or plain misreading, combinations) and field noise (maker written as a variant or
misspelt or missing, model of the same family, missing calibre/type/country/year). 20 % describe
weapons that are not registered: half are new serials, half a registered serial under another
maker. "Accepted" and "false match" are measured at salw's operating threshold.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from salw.demo.registry_rows import generate_registry_rows  # noqa: E402
from salw.registry.domain import serial_key  # noqa: E402
from salw.tracing.candidates import CandidateIndex, RecordBatch  # noqa: E402
from salw.tracing.domain import (  # noqa: E402
    FIELDS,
    SERIAL_FEATURES,
    WeaponDescription,
    marking_key,
    serial_features,
)
from salw.tracing.search import MarkingSearch  # noqa: E402

BATCH = 200_000
PG_CANDIDATES = 200
LOOKALIKES = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8",
              "2": "Z", "Z": "2", "6": "G", "G": "6", "A": "А", "K": "К", "M": "М", "T": "Т",
              "H": "Н", "E": "Е", "P": "Р", "C": "С", "X": "Х"}


@dataclass
class Query:
    description: WeaponDescription
    truth: int | None  # row of the registered weapon, None when not registered
    kind: str


# --- registry -------------------------------------------------------------------------------

def registry_rows(count: int, seed: int):
    """Rows with only what the index needs, so ten million fit in memory."""
    for row in generate_registry_rows(count, seed=seed):
        yield (row["serial_number"], row["manufacturer"], row["model"], row["calibre"],
               row["weapon_type"], row["country_of_manufacture"], row["year_of_manufacture"])


def build_index(count: int, resolver, targets: set[int]) -> tuple[CandidateIndex, float, dict[int, tuple]]:
    """The index of ``count`` records, its build time, and the rows to describe in queries.

    Weapons recorded without a readable serial are not described: nothing but make and model
    would be left to tell them from thousands of others.
    """
    index = CandidateIndex()
    kept: dict[int, tuple] = {}
    batch: list[tuple] = []
    seconds = 0.0

    def flush():
        nonlocal seconds
        started = time.perf_counter()
        index.add(RecordBatch(
            weapon_ids=[uuid.uuid4().bytes for _ in batch],
            serial_keys=[serial_key(row[0]) for row in batch],
            fields={
                "manufacturer": [(row[1], resolver.manufacturer(row[1]) or "") if row[1] else None
                                 for row in batch],
                "model": [row[2] for row in batch],
                "calibre": [(row[3], resolver.calibre(row[3]) or "") if row[3] else None for row in batch],
                "weapon_type": [row[4] for row in batch],
                "country_of_manufacture": [row[5] for row in batch],
                "year_of_manufacture": [int(row[6]) if row[6] else None for row in batch],
                "jurisdiction": ["national"] * len(batch),
            },
            factory_codes=[resolver.factory_codes_of(resolver.manufacturer(row[1]) or "", row[5])
                           for row in batch]), settle=False)
        seconds += time.perf_counter() - started
        batch.clear()

    for position, row in enumerate(registry_rows(count, seed=2026)):
        if position in targets and serial_key(row[0]).strip("?*"):
            kept[position] = row
        batch.append(row)
        if len(batch) == BATCH:
            flush()
    flush()
    started = time.perf_counter()
    index.finish()
    return index, seconds + time.perf_counter() - started, kept


# --- queries --------------------------------------------------------------------------------

def misread(serial: str, rng: random.Random) -> tuple[str, str]:
    """The serial as an officer might read it, and what was done to it."""
    kind = rng.choices(["clean", "lookalike", "one unreadable", "two unreadable", "swap", "lost prefix",
                        "factory code", "separators", "handwriting", "plain misreading", "unreadable run",
                        "combined"],
                       [10, 18, 14, 8, 10, 8, 4, 8, 4, 6, 4, 8])[0]
    steps = {"combined": rng.sample(["lookalike", "one unreadable", "swap", "separators", "lost prefix"], 2)}
    text = serial
    for step in steps.get(kind, [kind]):
        text = _apply(step, text, rng)
    return text, kind


def _positions(text: str) -> list[int]:
    return [i for i, char in enumerate(text) if char.isalnum()]


def _apply(step: str, text: str, rng: random.Random) -> str:
    places = _positions(text)
    if not places:
        return text
    if step == "lookalike":
        swappable = [i for i in places if text[i].upper() in LOOKALIKES]
        for i in rng.sample(swappable, min(len(swappable), rng.choice([1, 1, 2]))):
            text = text[:i] + LOOKALIKES[text[i].upper()] + text[i + 1:]
    elif step in ("one unreadable", "two unreadable"):
        for i in rng.sample(places, min(len(places), 1 if step == "one unreadable" else 2)):
            text = text[:i] + "?" + text[i + 1:]
    elif step == "unreadable run":
        i = rng.choice(places[:-1] or places)
        text = text[:i] + "*" + text[i + 2:]
    elif step == "swap":
        pairs = [i for i in places if i + 1 in places and text[i] != text[i + 1]]
        if pairs:
            i = rng.choice(pairs)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    elif step == "lost prefix":
        key = serial_key(text)
        letters = len(key) - len(key.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖИКЛМНПРСТУФХЦЧШЭЮЯ"))
        text = key[letters:] if 0 < letters < len(key) else key.lstrip("0") or key
    elif step == "factory code":
        # A number stamped apart (in a triangle, before a space) is left out or run into the rest.
        head, separator, rest = text.strip("/\\ ").partition(" ")
        code = head.strip("/\\")
        text = rest if separator and code.isdigit() and len(code) <= 3 else text.replace(" ", "")
    elif step == "separators":
        key = serial_key(text)
        i = rng.randrange(1, max(2, len(key)))
        text = key[:i] + rng.choice([" ", "-", "/"]) + key[i:]
    elif step == "handwriting":
        fours = [i for i in places if text[i] in "49"]
        if fours:
            i = rng.choice(fours)
            text = text[:i] + ("9" if text[i] == "4" else "4") + text[i + 1:]
    elif step == "plain misreading":
        i = rng.choice(places)
        text = text[:i] + rng.choice("0123456789ACEHKMPTX".replace(text[i].upper(), "")) + text[i + 1:]
    return text


def noisy_fields(row: tuple, rng: random.Random) -> dict:
    _, maker, model, calibre, weapon_type, country, year = row
    said_maker = rng.choices([maker, _misspelt(maker, rng), ""], [65, 10, 25])[0]
    said_model = rng.choices([model, model.replace("-", ""), model[:-1] if len(model) > 3 else model, ""],
                             [55, 10, 10, 25])[0]
    year_said = ""
    if year and rng.random() < 0.4:
        year_said = str(int(year) + rng.choice([0, 0, 0, 1, -1]))
    return {"manufacturer": said_maker, "model": said_model,
            "calibre": calibre if rng.random() < 0.6 else "",
            "weapon_type": weapon_type if rng.random() < 0.5 else "",
            "country_of_manufacture": country if rng.random() < 0.5 else "",
            "year_of_manufacture": year_said or None}


def _misspelt(name: str, rng: random.Random) -> str:
    if len(name) < 5:
        return name
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1:]


def make_queries(count: int, registered: dict[int, tuple], records: int, seed: int) -> list[Query]:
    rng = random.Random(seed)
    queries: list[Query] = []
    targets = sorted(registered)
    rng.shuffle(targets)
    targets = targets[:count]
    unregistered = count // 5
    for row_number in targets[: count - unregistered]:
        row = registered[row_number]
        serial, kind = misread(row[0], rng)
        queries.append(Query(WeaponDescription(serial_number=serial, **noisy_fields(row, rng)), row_number, kind))
    # New weapons: rows of another registry (other production runs), read with the same errors.
    strangers = list(registry_rows(unregistered // 2, seed=seed + 7919))
    for row in strangers:
        serial, _ = misread(row[0], rng)
        queries.append(Query(WeaponDescription(serial_number=serial, **noisy_fields(row, rng)), None,
                             "not registered: new serial"))
    # A registered serial on a weapon of another maker (numbering restarts per factory).
    for row_number in targets[count - unregistered: count - unregistered + unregistered - len(strangers)]:
        row = registered[row_number]
        other = strangers[rng.randrange(len(strangers))]
        while other[1] == row[1]:
            other = strangers[rng.randrange(len(strangers))]
        serial, _ = misread(row[0], rng)
        queries.append(Query(WeaponDescription(serial_number=serial, **noisy_fields((row[0], *other[1:]), rng)),
                             None, "not registered: serial of another maker"))
    rng.shuffle(queries)
    return queries


# --- methods --------------------------------------------------------------------------------

class TrigramSearch:
    """pg_trgm over the same folded keys, then salw's scoring of its best candidates."""

    def __init__(self, url: str, index: CandidateIndex, search: MarkingSearch):
        import psycopg

        self.search = search
        self.connection = psycopg.connect(url, autocommit=True)
        with self.connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("DROP TABLE IF EXISTS bench_keys")
            cursor.execute("CREATE UNLOGGED TABLE bench_keys (row_number integer, key text)")
            started = time.perf_counter()
            with cursor.copy("COPY bench_keys (row_number, key) FROM STDIN") as copy:
                for row in range(len(index)):
                    copy.write_row((row, marking_key(index.serial_key(row))))
            self.load_seconds = time.perf_counter() - started
            started = time.perf_counter()
            cursor.execute("CREATE INDEX bench_keys_trgm ON bench_keys USING gin (key gin_trgm_ops)")
            cursor.execute("ANALYZE bench_keys")
            self.build_seconds = time.perf_counter() - started
            cursor.execute("SELECT pg_relation_size('bench_keys_trgm')")
            self.index_bytes = cursor.fetchone()[0]

    def match(self, query: WeaponDescription, top: int):
        key = marking_key(query.serial_number or "").replace("?", "").replace("*", "")
        if not key:
            return []
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT row_number FROM bench_keys WHERE key %% %s "
                           "ORDER BY similarity(key, %s) DESC LIMIT %s", (key, key, PG_CANDIDATES))
            rows = np.array([row for (row,) in cursor.fetchall()], dtype=np.int64)
        return self.search._rank(query, marking_key(query.serial_number), rows, top)


SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def evaluate(name: str, match, queries: list[Query], threshold: float, sweep: list | None = None) -> dict:
    latencies, at1, at10, accepted, false_matches = [], 0, 0, 0, 0
    right_scores, stranger_scores = [], []
    registered = [query for query in queries if query.truth is not None]
    started = time.perf_counter()
    for query in queries:
        began = time.perf_counter()
        candidates = match(query.description)
        latencies.append(time.perf_counter() - began)
        rows = [candidate.row for candidate in candidates]
        if query.truth is None:
            false_matches += bool(candidates) and candidates[0].score >= threshold
            stranger_scores.append(candidates[0].score if candidates else 0.0)
            continue
        if rows[:1] == [query.truth]:
            at1 += 1
            accepted += candidates[0].score >= threshold
            right_scores.append(candidates[0].score)
        at10 += query.truth in rows[:10]
    elapsed = time.perf_counter() - started
    strangers = len(queries) - len(registered)
    if sweep is not None:
        for level in SWEEP:
            sweep.append({"method": name, "threshold": level,
                          "accepted": sum(s >= level for s in right_scores) / max(1, len(right_scores)),
                          "false match": sum(s >= level for s in stranger_scores) / max(1, len(stranger_scores))})
    return {
        "method": name, "queries": len(queries),
        "recall@1": at1 / len(registered), "recall@10": at10 / len(registered),
        "accepted": accepted / at1 if at1 else 0.0,
        "false match": false_matches / strangers if strangers else 0.0,
        "p50 ms": 1000 * statistics.median(latencies),
        "p95 ms": 1000 * float(np.percentile(latencies, 95)),
        "queries/s": len(queries) / elapsed,
    }


def fit_weights(search: MarkingSearch, queries: list[Query], records: int) -> dict:
    """Match weights fitted by logistic regression on the candidates the search brings up.

    Each (query, candidate) pair is one case: the features are the serial's (serial_features)
    and one indicator per field and level; the label says whether the candidate is the weapon.
    Fitting on what the search returns keeps the weights true to the population they score:
    the records a serial search brings up.
    """
    names = ["prior", *SERIAL_FEATURES] + [f"{field}:{level}" for field in FIELDS
                                             for level in ("agree", "partial", "disagree")]
    rows, labels = [], []
    for query in queries:
        for candidate in search.match(query.description, top=30):
            features = serial_features(candidate.serial)
            levels = {agreement.field: agreement.level for agreement in candidate.agreements}
            rows.append([1.0, *(features[name] for name in SERIAL_FEATURES)]
                        + [float(levels.get(field) == level) for field in FIELDS
                           for level in ("agree", "partial", "disagree")])
            labels.append(float(candidate.row == query.truth))
    x, y = np.array(rows), np.array(labels)
    coefficients = _monotone_fit(x, y, names)
    p = 1 / (1 + np.exp(-(x @ coefficients)))
    log_loss = float(-np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)))
    fitted = dict(zip(names, coefficients.tolist(), strict=True))
    return {
        "source": f"fitted on {len(queries)} synthetic trace queries against {records} records "
                  "(bench/trace_match.py --fit)",
        "prior": fitted["prior"],
        "serial": {name: fitted[name] for name in SERIAL_FEATURES},
        "fields": {field: [fitted[f"{field}:{level}"] for level in ("agree", "partial", "disagree")]
                   for field in FIELDS},
        "fit": {"pairs": len(y), "matches": int(y.sum()), "log_loss": log_loss, "penalty": 1.0},
    }


def _monotone_fit(x: np.ndarray, y: np.ndarray, names: list[str]) -> np.ndarray:
    """Logistic regression whose weights keep the order the evidence has in words.

    Among the records a serial search brings up, agreement on a field is weak evidence and can
    come out slightly negative by chance; a score that fell when a field agreed better could not
    be explained to an officer. So: agree >= partial >= 0 >= disagree for every field, and the
    serial bands in order. A weight that breaks its bound is held at it (or tied to its
    neighbour) and the rest refitted, until none does.
    """
    order = [[f"{field}:agree", f"{field}:partial"] for field in FIELDS] + [
        list(SERIAL_FEATURES[:3]), list(SERIAL_FEATURES[3:])]
    at_least_zero = {f"{field}:{level}" for field in FIELDS for level in ("agree", "partial")}
    at_most_zero = {f"{field}:disagree" for field in FIELDS}
    groups = [[name] for name in names]  # features sharing one weight
    fixed: set[str] = set()  # weights held at zero
    for _ in range(len(names)):
        free = [group for group in groups if group[0] not in fixed]
        design = np.column_stack([x[:, [names.index(n) for n in group]].sum(axis=1) for group in free])
        fitted = _logistic_regression(design, y, penalty=1.0, free_intercept=True)
        weights = dict.fromkeys(names, 0.0)
        for group, value in zip(free, fitted, strict=True):
            weights.update(dict.fromkeys(group, float(value)))
        broken = [n for n in names if n not in fixed and ((n in at_least_zero and weights[n] < 0)
                                                           or (n in at_most_zero and weights[n] > 0))]
        if broken:
            fixed.update(broken)
            continue
        tie = next(((a, b) for chain in order for a, b in zip(chain, chain[1:], strict=False)
                    if weights[a] < weights[b] and _group(groups, a) is not _group(groups, b)), None)
        if tie is None:
            return np.array([weights[name] for name in names])
        first, second = _group(groups, tie[0]), _group(groups, tie[1])
        groups = [group for group in groups if group is not first and group is not second] + [first + second]
    raise RuntimeError("the monotone fit did not settle")


def _group(groups: list[list[str]], name: str) -> list[str]:
    return next(group for group in groups if name in group)


def _logistic_regression(x: np.ndarray, y: np.ndarray, penalty: float, free_intercept: bool = True
                         ) -> np.ndarray:
    """Newton's method with an L2 penalty on every coefficient but the intercept (column 0)."""
    coefficients = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], penalty)
    if free_intercept:
        ridge[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ coefficients)))
        gradient = x.T @ (y - p) - ridge * coefficients
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        coefficients += step
        if np.abs(step).max() < 1e-8:
            break
    return coefficients


def vocabulary():
    """The shipped vocabularies, through a throwaway installation."""
    data_dir = Path(tempfile.mkdtemp(prefix="salw-bench-"))
    env = {key: value for key, value in os.environ.items() if key != "SALW_DATABASE_URL"}
    subprocess.run([sys.executable, "-m", "salw", "--data-dir", str(data_dir), "init", "--country", "SLE"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    os.environ.pop("SALW_DATABASE_URL", None)
    from salw.cli.bootstrap import start_django

    start_django(data_dir)
    from salw.vocabularies.selectors import build_resolver

    return build_resolver()


def fit_command(arguments) -> None:
    import json

    resolver = vocabulary()
    records = arguments.records[0]
    rng = random.Random(f"fit:{records}")
    targets = set(rng.sample(range(records), 2 * arguments.queries))
    index, _, kept = build_index(records, resolver, targets)
    queries = make_queries(arguments.queries, kept, records, seed=records + 104729)
    weights = fit_weights(MarkingSearch(index, resolver), queries, records)
    arguments.fit.write_text(json.dumps(weights, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(weights, indent=2))


def print_table(rows: list[dict]) -> None:
    columns = list(rows[0])
    widths = [max(len(column), *(len(_cell(row[column])) for row in rows)) for column in columns]
    print(" | ".join(column.ljust(width) for column, width in zip(columns, widths, strict=True)))
    print("-|-".join("-" * width for width in widths))
    for row in rows:
        print(" | ".join(_cell(row[column]).ljust(width) for column, width in zip(columns, widths, strict=True)))


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--exhaustive-queries", type=int, default=300,
                        help="how many of the queries also go through the exhaustive search")
    parser.add_argument("--no-pg", action="store_true", help="skip pg_trgm even when PostgreSQL is available")
    parser.add_argument("--fit", type=Path, metavar="JSON",
                        help="fit the match weights on queries of another seed and write them here")
    arguments = parser.parse_args()
    if arguments.fit:
        fit_command(arguments)
        return
    pg_url = None if arguments.no_pg else os.environ.get("SALW_DATABASE_URL")
    resolver = vocabulary()
    from salw.tracing.matching import OPERATING_THRESHOLD

    table, builds, sweep = [], [], []
    for records in arguments.records:
        rng = random.Random(records)
        targets = set(rng.sample(range(records), 2 * arguments.queries))
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        index, build_seconds, kept = build_index(records, resolver, targets)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        builds.append({"records": records, "method": "salw", "build s": build_seconds,
                       "index MB": index.nbytes() / 1e6, "peak RSS MB": rss_after / 1024,
                       "RSS growth MB": (rss_after - rss_before) / 1024})
        queries = make_queries(arguments.queries, kept, records, seed=records + 1)
        search = MarkingSearch(index, resolver)
        search.match(queries[0].description)  # warm the caches once, as a running server would be
        result = evaluate("salw", lambda q, s=search: s.match(q, top=10), queries, OPERATING_THRESHOLD,
                          sweep)
        table.append({"records": records, **result})
        if pg_url:
            trigram = TrigramSearch(pg_url, index, search)
            builds.append({"records": records, "method": "pg_trgm GIN", "build s": trigram.build_seconds,
                           "index MB": trigram.index_bytes / 1e6, "peak RSS MB": float("nan"),
                           "RSS growth MB": float("nan")})
            result = evaluate("pg_trgm + salw scoring", lambda q, t=trigram: t.match(q, 10), queries,
                              OPERATING_THRESHOLD)
            table.append({"records": records, **result})
        sample = queries[: arguments.exhaustive_queries]
        ceiling = MarkingSearch(index, resolver, exactly_scored=400)
        result = evaluate("exhaustive (sample)", lambda q, s=ceiling: s.rank_all(q, top=10), sample,
                          OPERATING_THRESHOLD)
        table.append({"records": records, **result})
        same_sample = evaluate("salw on that sample", lambda q, s=search: s.match(q, top=10), sample,
                               OPERATING_THRESHOLD)
        table.append({"records": records, **same_sample})
        del index, search, ceiling
    print_table(table)
    print()
    print_table(builds)
    print()
    print_table(sweep)


if __name__ == "__main__":
    main()
