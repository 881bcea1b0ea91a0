"""SYNTHETIC registry rows (interchange.md §1) and lifecycle histories, streamed from a seed.

``generate_registry_rows(count, seed)`` yields one dict per weapon with exactly the §1 columns
(all values strings, "" = unknown). ``generate_weapon_histories(count, seed)`` yields the same
rows, each with a chronological list of lifecycle events that ends in the row's status.

Both are generators with constant memory per row and no per-row object set-up, fast enough
(well over 100,000 rows/s for the plain rows) to write the 10-million-row benchmark files.
The same seed and count always give the same rows, whichever of the two functions is used:
events come from a random stream of their own, so asking for histories never shifts the rows.

The data is invented (see ``sierra_leone.SYNTHETIC_NOTICE``); only the geography is real.
Shares, roughly: status in_service 70 %, in_storage 15 %, then seized, surrendered, destroyed,
lost, stolen, found and exported in small shares; 2 % partly obliterated and 0.5 % obliterated
serials (mostly on seized, found and surrendered weapons); about 30 % with import marks; about
80 % with coordinates (district centre, jittered).
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Iterator
from datetime import date
from itertools import accumulate

from salw.demo.serials import FAMILIES, HOLDER_CATEGORIES, SerialFactory
from salw.demo.sierra_leone import (
    DEALERS,
    FIRST_NAMES,
    LAST_NAMES,
    NON_STATE_GROUPS,
    PROVINCES,
    STATE_UNITS,
)

COLUMNS = (
    "record_id", "serial_number", "marking_status", "manufacturer", "model", "calibre", "weapon_type",
    "country_of_manufacture", "year_of_manufacture", "import_country", "import_year", "holder_type",
    "holder_name", "status", "status_date", "location_country", "location_admin1", "latitude", "longitude",
)

STATUS_SHARES = (
    ("in_service", 70.0), ("in_storage", 15.0), ("lost", 1.5), ("stolen", 1.5), ("seized", 3.5),
    ("surrendered", 3.0), ("found", 1.5), ("destroyed", 3.5), ("exported", 0.5),
)
STATUSES = tuple(status for status, _ in STATUS_SHARES)

EVENT_TYPES = ("manufactured", "imported", "issued", "transferred", "stored", "lost", "stolen", "found",
               "seized", "surrendered", "deactivated", "destroyed", "exported", "inventoried")
# The status a weapon has after each event; None leaves the status as it was.
EVENT_STATUS: dict[str, str | None] = {
    "manufactured": "in_storage", "imported": "in_storage", "issued": "in_service", "transferred": None,
    "stored": "in_storage", "lost": "lost", "stolen": "stolen", "found": "found", "seized": "seized",
    "surrendered": "surrendered", "deactivated": "deactivated", "destroyed": "destroyed",
    "exported": "exported", "inventoried": None,
}

EARLIEST_STATUS_DATE = date(1990, 1, 1)
LATEST_STATUS_DATE = date(2026, 6, 30)  # fixed, so that output never depends on today's date
EARLIEST_IMPORT_MARK_YEAR = 2004  # import marking (ITI para 8(b)) in practice only after the ITI
LATEST_IMPORT_YEAR = 2025

SUPPORTED_COUNTRIES = {"SLE": "SL"}  # ISO3 -> record_id prefix
NEIGHBOUR_IMPORT_MARKS = ("LBR", "GIN", "CIV")  # foreign import marks on trafficked weapons

# Share of production runs (consignments) that carry import marks, by family (~30 % overall).
_IMPORT_MARK_SHARE = {"lee_enfield": 0.03, "dshk": 0.15, "m79": 0.05, "glock": 0.65, "beretta": 0.6,
                      "fn_browning": 0.45, "soviet_pistol": 0.35, "shotgun": 0.6}
_DEFAULT_IMPORT_MARK_SHARE = 0.28

_CONSIGNMENT_SIZE = (10, 120)  # weapons of one production run shipped and issued together

_ILLICIT = frozenset({"seized", "found", "surrendered"})
_LEGAL = frozenset({"in_service", "in_storage", "lost", "stolen", "exported"})
# (partly obliterated, obliterated) probabilities by status
_OBLITERATION = {"seized": (0.15, 0.05), "found": (0.15, 0.05), "surrendered": (0.12, 0.04),
                 "destroyed": (0.06, 0.02)}
_OBLITERATION_DEFAULT = (0.009, 0.001)

_KM_PER_DEGREE = 111.32


# --- static tables, built once -------------------------------------------------------------

def _tables() -> dict:
    districts = []  # (name, province name, lat, lon, lat radius deg, lon radius deg, population)
    index_by_code = {}
    for province in PROVINCES:
        for district in province["districts"]:
            index_by_code[district["code"]] = len(districts)
            radius_lat = district["radius_km"] / _KM_PER_DEGREE
            radius_lon = radius_lat / math.cos(math.radians(district["lat"]))
            districts.append((district["name"], province["name"], district["lat"], district["lon"],
                              radius_lat, radius_lon, district.get("population_k", 100)))

    def holders(entries):
        return tuple((e["holder_type"], e["name"], index_by_code[e["district_code"]]) for e in entries)

    army = holders(u for u in STATE_UNITS if u["holder_type"] == "state_armed_forces")
    police = holders(u for u in STATE_UNITS if u["holder_type"] == "state_law_enforcement")
    other = holders(u for u in STATE_UNITS if u["holder_type"] == "state_other")
    slencsa = next(h for h in other if "Small Arms" in h[1])
    ons = next(h for h in other if h[1].startswith("Office of National Security"))
    return {
        "districts": tuple(districts), "army": army, "police": police,
        "other": tuple(h for h in other if h is not slencsa), "slencsa": slencsa, "ons": ons,
        "customs": tuple(h for h in other if "Customs" in h[1]), "dealers": holders(DEALERS),
        "population_cum": tuple(accumulate(d[6] for d in districts)),
    }


_T = _tables()
_DISTRICTS = _T["districts"]
_DISTRICT_INDEX = {d[0]: i for i, d in enumerate(_DISTRICTS)}
_FAMILY_NAMES = tuple(FAMILIES)
_FAMILY_CUM = tuple(accumulate(FAMILIES[name]["weight"] for name in _FAMILY_NAMES))
_HOLDER_CUM = {name: tuple(accumulate(FAMILIES[name]["holders"])) for name in _FAMILY_NAMES}
_FAMILY_TABLES = tuple(
    (name, _HOLDER_CUM[name], FAMILIES[name]["year_known"],
     _IMPORT_MARK_SHARE.get(name, _DEFAULT_IMPORT_MARK_SHARE))
    for name in _FAMILY_NAMES
)
_STATUS_CUM = tuple(accumulate(share for _, share in STATUS_SHARES))
_ORD_1990 = EARLIEST_STATUS_DATE.toordinal()
_ORD_LATEST = LATEST_STATUS_DATE.toordinal()
_YEAR_ORD = {year: date(year, 1, 1).toordinal() for year in range(1900, LATEST_STATUS_DATE.year + 2)}
_DATE_TEXT = tuple(date.fromordinal(o).isoformat() for o in range(_ORD_1990, _ORD_LATEST + 1))
assert len(HOLDER_CATEGORIES) == 5  # army, police, other state, civilian, dealer


def _check(count: int, country: str) -> str:
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(f"count must be a whole number >= 0, not {count!r}")
    if country not in SUPPORTED_COUNTRIES:
        raise ValueError(f"no synthetic geography for {country!r}; supported: {', '.join(SUPPORTED_COUNTRIES)}")
    return SUPPORTED_COUNTRIES[country]


def _obscure(serial: str, rnd) -> str:
    """Partly obliterated: 1-3 characters unreadable, written as '?'."""
    chars = list(serial)
    positions = [i for i, ch in enumerate(chars) if ch not in " -/\\"]
    for _ in range(1 + int(rnd() * 3)):
        chars[positions[int(rnd() * len(positions))]] = "?"
    return "".join(chars)


# --- rows ------------------------------------------------------------------------------------

def _generate(count: int, seed: int, country: str) -> Iterator[tuple[dict[str, str], tuple]]:
    """(row, context) pairs; the context is what the history builder needs beyond the row."""
    record_prefix = _check(count, country)
    rng = random.Random(f"salw-demo-rows:{seed}")
    rnd = rng.random
    randint = rng.randint
    next_item = SerialFactory(seed).next_item

    districts = _DISTRICTS
    army, police, other, dealers = _T["army"], _T["police"], _T["other"], _T["dealers"]
    slencsa, ons, customs = _T["slencsa"], _T["ons"], _T["customs"]
    n_army, n_police, n_other, n_dealers, n_customs = (len(army), len(police), len(other), len(dealers),
                                                        len(customs))
    population_cum = _T["population_cum"]
    population_total = population_cum[-1]
    groups = tuple((g["holder_type"], g["name"]) for g in NON_STATE_GROUPS)
    n_groups = len(groups)
    first_names, last_names = FIRST_NAMES, LAST_NAMES
    n_first, n_last = len(first_names), len(last_names)
    family_tables, family_cum = _FAMILY_TABLES, _FAMILY_CUM
    family_total = family_cum[-1]
    status_cum, statuses = _STATUS_CUM, STATUSES
    status_total = status_cum[-1]
    year_ord, date_text = _YEAR_ORD, _DATE_TEXT
    ord_1990, ord_latest = _ORD_1990, _ORD_LATEST
    obliteration, obliteration_default = _OBLITERATION, _OBLITERATION_DEFAULT
    illicit = _ILLICIT
    neighbours = NEIGHBOUR_IMPORT_MARKS
    two_pi = 2 * math.pi
    cos, sin, sqrt = math.cos, math.sin, math.sqrt

    for number in range(1, count + 1):
        family_name, holder_cum, year_known, import_share = family_tables[
            bisect(family_cum, rnd() * family_total)]
        serial, run = next_item(family_name)
        consignment = run.data
        if consignment is None or consignment[3] <= 0:
            # Part of a run shipped together: one import mark, one army unit, one police division.
            import_year = 0
            if rnd() < import_share:
                import_year = randint(max(run.year, EARLIEST_IMPORT_MARK_YEAR), LATEST_IMPORT_YEAR)
            consignment = [import_year, army[int(rnd() * n_army)], police[int(rnd() * n_police)],
                           randint(*_CONSIGNMENT_SIZE)]
            run.data = consignment
        consignment[3] -= 1
        year = run.year
        status = statuses[bisect(status_cum, rnd() * status_total)]

        # Import marks
        import_year = consignment[0]
        import_country = country if import_year else ""
        if import_year and status in illicit:
            # Most trafficked weapons did not come through this consignment; some bear foreign marks.
            r = rnd()
            if r < 0.7:
                import_year, import_country = 0, ""
            elif r < 0.82:
                import_country = neighbours[int(rnd() * 3)]

        # Holder (for a seized, found, surrendered or destroyed weapon: the state body holding it)
        legal = None
        if status in illicit or status == "destroyed":
            r = rnd()
            if status == "seized":
                holder = police[int(rnd() * n_police)] if r < 0.8 else (
                    army[int(rnd() * n_army)] if r < 0.9 else customs[int(rnd() * n_customs)])
            elif status == "found":
                holder = police[int(rnd() * n_police)] if r < 0.85 else army[int(rnd() * n_army)]
            elif status == "surrendered":
                holder = police[int(rnd() * n_police)] if r < 0.5 else (slencsa if r < 0.85 else ons)
            else:
                holder = slencsa if r < 0.6 else (
                    police[int(rnd() * n_police)] if r < 0.85 else army[int(rnd() * n_army)])
            category = -1
        else:
            category = bisect(holder_cum, rnd() * holder_cum[-1])
            if category == 0:
                holder = consignment[1] if rnd() < 0.65 else army[int(rnd() * n_army)]
            elif category == 1:
                holder = consignment[2] if rnd() < 0.65 else police[int(rnd() * n_police)]
            elif category == 2:
                holder = other[int(rnd() * n_other)]
            elif category == 3:
                holder = ("licensed_civilian",
                          first_names[int(rnd() * n_first)] + " " + last_names[int(rnd() * n_last)],
                          bisect(population_cum, rnd() * population_total))
            else:
                holder = dealers[int(rnd() * n_dealers)]
                if status == "in_service":
                    status = "in_storage"  # a dealer's weapons are stock
            if status == "stolen" and rnd() < 0.25:
                legal = holder  # theft attributed to a (fictional) group
                group = groups[int(rnd() * n_groups)]
                holder = (group[0], group[1], holder[2])

        # Status date: after manufacture and import, within 1990..LATEST_STATUS_DATE
        lowest = year_ord[max(year, import_year)]
        if lowest < ord_1990:
            lowest = ord_1990
        status_ord = lowest + int(rnd() * (ord_latest - lowest + 1))

        # Marking
        partly, gone = obliteration.get(status, obliteration_default)
        r = rnd()
        if r < gone:
            marking, serial_text = "obliterated", ""
        elif r < gone + partly:
            marking, serial_text = "partly_obliterated", _obscure(serial, rnd)
        else:
            marking, serial_text = "legible", serial

        # Written forms, and the gaps in what the registry knows
        written = run.manufacturer_written
        manufacturer = written[0] if rnd() < 0.85 else written[int(rnd() * len(written))]
        calibres = run.calibres
        calibre = calibres[0] if rnd() < 0.8 else calibres[int(rnd() * len(calibres))]
        model, made_in = run.model, run.country
        r = rnd()
        if r < 0.04:
            if r < 0.015:
                manufacturer = ""
            elif r < 0.025:
                calibre = ""
            elif r < 0.03:
                model = ""
            else:
                made_in = ""
        year_text = str(year) if rnd() < year_known else ""

        # Place: the holder's district, the point jittered around its centre
        district = districts[holder[2]]
        if rnd() < 0.8:
            radius = sqrt(rnd())
            angle = rnd() * two_pi
            latitude = f"{district[2] + radius * district[4] * cos(angle):.5f}"
            longitude = f"{district[3] + radius * district[5] * sin(angle):.5f}"
        else:
            latitude = longitude = ""

        row = {
            "record_id": f"{record_prefix}-{number:06d}",
            "serial_number": serial_text,
            "marking_status": marking,
            "manufacturer": manufacturer,
            "model": model,
            "calibre": calibre,
            "weapon_type": run.weapon_type,
            "country_of_manufacture": made_in,
            "year_of_manufacture": year_text,
            "import_country": import_country,
            "import_year": str(import_year) if import_year else "",
            "holder_type": holder[0],
            "holder_name": holder[1],
            "status": status,
            "status_date": date_text[status_ord - ord_1990],
            "location_country": country,
            "location_admin1": district[1],
            "latitude": latitude,
            "longitude": longitude,
        }
        yield row, (run, year, import_year, import_country, status_ord, holder, legal, category)


def generate_registry_rows(count: int, seed: int = 2026, country: str = "SLE") -> Iterator[dict[str, str]]:
    """``count`` SYNTHETIC registry rows with exactly the interchange.md §1 columns, as strings.

    Deterministic for the seed: the first N rows are the same whatever count is asked for.
    """
    _check(count, country)
    return (row for row, _ in _generate(count, seed, country))


# --- histories -------------------------------------------------------------------------------

_PORTS = (("Queen Elizabeth II Quay, Freetown", "Western Area Urban"),
          ("Lungi International Airport", "Port Loko"))
_HOLDER_POOLS = {"state_armed_forces": _T["army"], "state_law_enforcement": _T["police"],
                 "state_other": _T["other"], "dealer": _T["dealers"]}
_CATEGORY_POOLS = (_T["army"], _T["police"], _T["other"], None, _T["dealers"])
_GROUPS_BY_NAME = {g["name"]: g for g in NON_STATE_GROUPS}


class _History:
    """Builds one weapon's events from its row and context, with the event random stream."""

    def __init__(self, rng: random.Random, country: str):
        self.rnd = rng.random
        self.country = country

    def _pick(self, pool):
        return pool[int(self.rnd() * len(pool))]

    def _civilian(self):
        cum = _T["population_cum"]
        return ("licensed_civilian", f"{self._pick(FIRST_NAMES)} {self._pick(LAST_NAMES)}",
                bisect(cum, self.rnd() * cum[-1]))

    def _earlier_holder(self, run):
        """A plausible earlier legal holder of a weapon of this family, and its category."""
        cum = _HOLDER_CUM[run.family]
        category = bisect(cum, self.rnd() * cum[-1])
        if category == 3:
            return self._civilian(), category
        return self._pick(_CATEGORY_POOLS[category]), category

    def build(self, row: dict[str, str], context: tuple) -> list[dict[str, str]]:
        run, year, import_year, import_country, status_ord, holder, legal, category = context
        rnd, pick = self.rnd, self._pick
        status = row["status"]
        plan = []  # (event_type, holder, note, optional) before the final event
        fixed = {}  # plan index -> date ordinal, for events tied to a known year

        def in_year(when: int) -> int:
            start = max(_YEAR_ORD[when], fixed.get(0, 0))
            end = min(_YEAR_ORD[when + 1] - 1, status_ord)
            return start + int(rnd() * (end - start + 1))

        if row["year_of_manufacture"]:
            fixed[0] = in_year(year)
            plan.append(("manufactured", ("manufacturer", run.manufacturer, None),
                         f"Manufactured by {run.manufacturer} ({run.country})", False))

        def entry(receiver):
            """How the weapon came under this State's control legally."""
            if import_country == self.country:
                port, district = _PORTS[int(rnd() * 2)]
                fixed[len(plan)] = in_year(import_year)
                plan.append(("imported", (receiver[0], receiver[1], _DISTRICT_INDEX[district]),
                             f"Imported through {port}; marked {self.country} {import_year}", False))
            else:
                plan.append(("inventoried", receiver,
                             "Entered in the national weapons register; no import marking", False))

        if status in _LEGAL:
            owner = legal or holder  # the legal holder (a stolen weapon's holder may be a group)
            issued = False
            if category == 3:  # a civilian bought it from a dealer's stock
                dealer = pick(_T["dealers"])
                entry(dealer)
                plan.append(("stored", dealer, "In dealer stock awaiting sale", True))
            else:
                entry(owner)
                first = pick(_HOLDER_POOLS[owner[0]]) if owner[0] != "dealer" and rnd() < 0.5 else owner
                if first != owner:  # served with another unit first
                    plan.append(("issued", first, "Issued to unit", True))
                    if status == "in_service":
                        plan.append(("stored", first, "Withdrawn to armoury for redistribution", True))
                    else:
                        plan.append(("transferred", owner, "Transferred between units", True))
                        issued = True
            if status in ("lost", "stolen") and not issued:
                plan.append(("issued", owner, "Sold to licensed holder; licence issued" if category == 3
                             else "Issued to holder", False))
            if status == "in_service":
                final = ("issued", holder, "Sold to licensed holder; licence issued" if category == 3
                         else "Issued to holder")
            elif status == "in_storage":
                if rnd() < 0.5:
                    plan.append(("inventoried", owner, "Counted at annual stock check", True))
                final = ("stored", holder, "Placed in dealer stock" if owner[0] == "dealer"
                         else "Returned to armoury")
            elif status == "lost":
                final = ("lost", holder, "Reported lost by licensed holder" if category == 3
                         else "Reported missing at stock check")
            elif status == "stolen":
                if legal:
                    group = _GROUPS_BY_NAME[holder[1]]
                    note = (f"Stolen from {legal[1]}; attributed to {group['name']} "
                            f"(source: {group['source']}, confidence {group['confidence']})")
                else:
                    note = ("Stolen in burglary; reported to police" if category == 3
                            else "Stolen from armoury")
                final = ("stolen", holder, note)
            else:  # exported
                plan.append(("stored", owner, "Declared surplus; held for export", False))
                destination = pick(("LBR", "GIN", run.country, "GBR"))
                final = ("exported", holder, f"Exported to {destination} under export licence")
        else:  # seized, found, surrendered, destroyed
            from_stock = status == "destroyed" and rnd() < 0.5
            diverted = import_country == self.country or (not import_country and rnd() < 0.35)
            if from_stock:
                unit, kind = self._earlier_holder(run)
                if kind == 3:
                    unit = _T["slencsa"]
                entry(unit)
                if rnd() < 0.5:
                    plan.append(("issued", unit, "Issued to holder", True))
                plan.append(("stored", unit, "Declared surplus and withdrawn to central store", False))
            elif diverted:
                earlier, kind = self._earlier_holder(run)
                entry(earlier if kind != 3 else pick(_T["dealers"]))
                plan.append(("issued", earlier, "Sold to licensed holder; licence issued" if kind == 3
                             else "Issued to holder", False))
                if not (status == "surrendered" and kind == 3):  # a licensee simply hands it in
                    if status == "found" or rnd() < 0.4:
                        plan.append(("lost", earlier, "Reported missing", False))
                    else:
                        plan.append(("stolen", earlier, "Reported stolen", False))
            else:  # never under this State's control before
                if import_country:
                    fixed[len(plan)] = in_year(import_year)
                    plan.append(("imported", ("unknown", "", None),
                                 f"Imported into {import_country} (import mark {import_country} {import_year})",
                                 False))
                if not plan or rnd() < 0.5:
                    group = pick(NON_STATE_GROUPS)
                    plan.append(("transferred", (group["holder_type"], group["name"], holder[2]),
                                 f"Reported in possession of {group['name']} (source: {group['source']}, "
                                 f"confidence {group['confidence']})", False))
            if status == "destroyed":
                if not from_stock:
                    how = pick(("seized", "surrendered", "found"))
                    taker = _T["slencsa"] if how == "surrendered" else pick(_T["police"])
                    plan.append((how, taker, {"seized": "Seized in police operation",
                                              "surrendered": "Surrendered in weapons-collection programme",
                                              "found": "Found in abandoned cache"}[how], False))
                if rnd() < 0.3:
                    plan.append(("deactivated", holder, "Deactivated before destruction", True))
                final = ("destroyed", holder, pick(("Destroyed by cutting at public ceremony",
                                                    "Destroyed by crushing", "Destroyed by burning")))
            elif status == "seized":
                final = ("seized", holder, pick(("Seized at checkpoint; no licence", "Seized in search of premises",
                                                 "Seized at border crossing", "Seized during arrest")))
            elif status == "found":
                final = ("found", holder, pick(("Found in abandoned cache", "Handed in by finder",
                                                "Found during patrol")))
            else:
                final = ("surrendered", holder, pick(("Surrendered in weapons-collection programme",
                                                      "Surrendered during amnesty",
                                                      "Surrendered by licensed holder")))

        # 2 to 6 events with the final one: drop optional middle events first, then early ones.
        while len(plan) > 5:
            candidates = [i for i, step in enumerate(plan) if step[3] and i not in fixed]
            drop = candidates[-1] if candidates else next(i for i in range(len(plan)) if i not in fixed)
            del plan[drop]
            fixed = {(i - 1 if i > drop else i): when for i, when in fixed.items()}
        if not plan:
            plan.append(("inventoried", holder, "Entered in the exhibit register", False))

        # Dates: tied events keep theirs (they come first); the others are sorted draws after them.
        floor = max(fixed.values(), default=0)
        lowest = min(max(floor, _ORD_1990), status_ord)
        free = sorted(lowest + int(rnd() * (status_ord - lowest + 1))
                      for i in range(len(plan)) if i not in fixed)
        free.reverse()
        events = []
        previous = 0
        for index, (event_type, who, note, _) in enumerate(plan):
            when = fixed[index] if index in fixed else free.pop()
            previous = max(previous, when)
            events.append(_event(event_type, previous, who, note))
        events.append(_event(final[0], status_ord, final[1], final[2]))
        return events


def _event(event_type: str, ordinal: int, holder: tuple, note: str) -> dict[str, str]:
    district = _DISTRICTS[holder[2]] if holder[2] is not None else None
    return {
        "event_type": event_type,
        "date": date.fromordinal(ordinal).isoformat(),
        "holder_type": holder[0],
        "holder_name": holder[1],
        "location_admin1": district[1] if district else "",
        "district": district[0] if district else "",
        "note": note,
    }


def generate_weapon_histories(
    count: int, seed: int = 2026, country: str = "SLE",
) -> Iterator[tuple[dict[str, str], list[dict[str, str]]]]:
    """The rows of ``generate_registry_rows(count, seed, country)``, each with its lifecycle events.

    Events are chronological (dates never decrease), 2 to 6 per weapon; the last one brings the
    weapon into the row's status on the row's status date, with the row's holder and place.
    """
    _check(count, country)
    return _histories(count, seed, country)


def _histories(count: int, seed: int, country: str):
    builder = _History(random.Random(f"salw-demo-events:{seed}"), country)
    for row, context in _generate(count, seed, country):
        yield row, builder.build(row, context)
