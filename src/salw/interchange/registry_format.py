"""The registry record format (interchange.md §1): its columns and the checks on each cell."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from salw.core.errors import Problem
from salw.registry import domain
from salw.registry.domain import serial_key
from salw.vocabularies.domain import name_key

COLUMNS = (
    "record_id", "serial_number", "marking_status", "manufacturer", "model", "calibre", "weapon_type",
    "country_of_manufacture", "year_of_manufacture", "import_country", "import_year", "holder_type",
    "holder_name", "status", "status_date", "location_country", "location_admin1", "latitude", "longitude",
)
# Optional columns added after v1 (extensions never rename or remove a v1 column).
OPTIONAL_COLUMNS = ("source",)
KNOWN_COLUMNS = COLUMNS + OPTIONAL_COLUMNS
REQUIRED_COLUMNS = ("record_id", "serial_number")

MAX_LENGTH = {
    "record_id": 200, "serial_number": 100, "manufacturer": 300, "model": 200, "calibre": 200,
    "holder_name": 300, "location_admin1": 200, "source": 100,
}
TEXT_COLUMNS = ("record_id", "serial_number", "manufacturer", "model", "calibre", "holder_name",
                "location_admin1", "source")

_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
_PLAIN_SIGNED = re.compile(r"^[+-][\w .\-/]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_FORMATS = {
    "yyyy-mm-dd": "%Y-%m-%d", "dd/mm/yyyy": "%d/%m/%Y", "mm/dd/yyyy": "%m/%d/%Y",
    "dd.mm.yyyy": "%d.%m.%Y", "dd-mm-yyyy": "%d-%m-%Y", "yyyy/mm/dd": "%Y/%m/%d",
}
EARLIEST_YEAR = 1800


def strftime_pattern(date_format: str | None) -> str | None:
    """Turn --date-format (``dd/mm/yyyy`` or a strftime pattern) into a strftime pattern."""
    if not date_format:
        return None
    lowered = date_format.strip().lower()
    if lowered in _DATE_FORMATS:
        return _DATE_FORMATS[lowered]
    if "%" in date_format:
        return date_format
    raise ValueError(_("unknown date format %(date_format)r; use one of %(formats)s or a strftime pattern "
                       "such as %(example)s") % {"date_format": date_format, "formats": ", ".join(_DATE_FORMATS),
                                                 "example": "%d/%m/%Y"})


def formula_problem(value: str) -> str | None:
    """Why a text cell looks like a spreadsheet formula, or None."""
    first = value[0]
    if first in "=@\t\r":
        return _("looks like a spreadsheet formula; text may not start with = @ tab or return")
    if first in "+-" and not _PLAIN_SIGNED.match(value):
        return _("looks like a spreadsheet formula; text starting with + or - may hold only letters, digits "
                 "and . - /")
    return None


def _choice(value: str) -> str:
    return value.strip().casefold().replace(" ", "_").replace("-", "_")


def _one_of(choices) -> str:
    return _("expected one of %(choices)s") % {"choices": ", ".join(choices)}


def _before_year_made(year_made: int) -> str:
    return _("is before the year of manufacture (%(year)s)") % {"year": year_made}


@dataclass(slots=True)
class RegistryRecord:
    """One validated row, with typed values and the keys the writer needs, worked out in advance."""

    row: int
    source: str
    record_id: str
    serial_number: str
    marking_status: str
    manufacturer: str
    model: str
    calibre: str
    weapon_type: str
    country_of_manufacture: str
    year_of_manufacture: int | None
    import_country: str
    import_year: int | None
    holder_type: str
    holder_name: str
    status: str
    status_date: date | None
    location_country: str
    location_admin1: str
    latitude: float | None
    longitude: float | None
    # Derived by RecordValidator.prepare(), so that the writing process only writes.
    serial_key: str = ""
    manufacturer_id: str | None = None
    calibre_id: str | None = None
    holder_key: tuple[str, str] | None = None
    fingerprint: str = ""


IMPORTED_FIELDS = tuple(name for name in RegistryRecord.__slots__
                        if name not in ("row", "serial_key", "manufacturer_id", "calibre_id", "holder_key",
                                        "fingerprint"))


def record_fingerprint(record: RegistryRecord) -> str:
    """Changes whenever any imported value changes (the row number does not count)."""
    values = repr(tuple(getattr(record, name) for name in IMPORTED_FIELDS))
    return hashlib.blake2b(values.encode(), digest_size=16).hexdigest()


def holder_key(holder_type: str, holder_name: str) -> tuple[str, str] | None:
    """Identity of a holder across rows: its type and the key of its name."""
    if not holder_name:
        return None
    return (holder_type or "unknown", name_key(holder_name) or holder_name.casefold())


class RecordValidator:
    """Checks one row's cells; collects every problem rather than stopping at the first."""

    def __init__(self, *, file_name: str, header: list[str], resolver, default_source: str,
                 date_format: str | None = None, today: date | None = None):
        self.file_name = file_name
        self.resolver = resolver
        self.default_source = default_source
        self.pattern = strftime_pattern(date_format)
        self.today = today or date.today()
        self.index = {name: position for position, name in enumerate(header)}
        self.width = len(header)
        self.header = header

    def _problem(self, row: int, column: str | None, message: str, value: str | None = None) -> Problem:
        return Problem(file=self.file_name, row=row, column=column, message=message, value=value)

    def validate(self, row: int, cells: list[str]) -> tuple[RegistryRecord | None, list[Problem]]:
        problems: list[Problem] = []
        if len(cells) != self.width:
            if len(cells) > self.width and not any(cell.strip() for cell in cells[self.width:]):
                cells = cells[: self.width]
            else:
                return None, [self._problem(row, None, _("has %(cells)s cells but the header has %(width)s; "
                                                         "check separators and quotes")
                                            % {"cells": len(cells), "width": self.width})]
        values = {name: cells[position].strip() for name, position in self.index.items()}
        for name in TEXT_COLUMNS:
            value = values.get(name)
            # Undo the apostrophe that exports put before formula-like text.
            if value and value[0] == "'" and len(value) > 1 and value[1] in "=+-@":
                values[name] = value[1:]
        for name in TEXT_COLUMNS:
            value = values.get(name, "")
            if not value:
                continue
            if "\x00" in value or _CONTROL.search(value):
                problems.append(self._problem(row, name, _("contains control characters (NUL or similar)")))
            elif len(value) > MAX_LENGTH[name]:
                problems.append(self._problem(row, name, _("is %(length)s characters long; at most %(limit)s "
                                                           "allowed") % {"length": len(value),
                                                                         "limit": MAX_LENGTH[name]}, value))
            elif reason := formula_problem(value):
                problems.append(self._problem(row, name, reason, value))
        get = values.get
        record_id = get("record_id", "")
        if not record_id:
            problems.append(self._problem(row, "record_id", _("is required")))
        marking_status = _choice(get("marking_status", "")) or "legible"
        if marking_status not in domain.MARKING_STATUSES:
            problems.append(self._problem(row, "marking_status", _one_of(domain.MARKING_STATUSES),
                                          get("marking_status")))
        serial = get("serial_number", "")
        if not serial and marking_status != "obliterated":
            problems.append(self._problem(row, "serial_number",
                                          _("is required unless marking_status is obliterated")))
        elif serial and _SCIENTIFIC.match(serial):
            problems.append(self._problem(row, "serial_number", _("looks like a number a spreadsheet turned "
                                                                  "into scientific notation; format the column "
                                                                  "as text and export again"), serial))
        weapon_type = get("weapon_type", "")
        if weapon_type and weapon_type not in self.resolver.weapon_types:
            lowered = weapon_type.casefold()
            if lowered in self.resolver.weapon_types:
                weapon_type = lowered
            else:
                problems.append(self._problem(row, "weapon_type", _("is not a weapon-type code (e.g. %(examples)s)")
                                              % {"examples": "sa_assault_rifle, sa_revolver_pistol.pistol"},
                                              weapon_type))
        holder_type = _choice(get("holder_type", ""))
        if holder_type and holder_type not in domain.IMPORTABLE_HOLDER_TYPES:
            problems.append(self._problem(row, "holder_type", _one_of(domain.IMPORTABLE_HOLDER_TYPES),
                                          get("holder_type")))
        status = _choice(get("status", ""))
        if status and status not in domain.IMPORTABLE_STATUSES:
            problems.append(self._problem(row, "status", _one_of(domain.IMPORTABLE_STATUSES), get("status")))
        countries = {}
        for column in ("country_of_manufacture", "import_country", "location_country"):
            countries[column] = self._country(row, column, get(column, ""), problems)
        year_made = self._year(row, "year_of_manufacture", get("year_of_manufacture", ""), problems)
        import_year = self._year(row, "import_year", get("import_year", ""), problems)
        status_date = self._date(row, "status_date", get("status_date", ""), problems)
        if year_made and import_year and import_year < year_made:
            problems.append(self._problem(row, "import_year", _before_year_made(year_made), str(import_year)))
        if year_made and status_date and status_date.year < year_made:
            problems.append(self._problem(row, "status_date", _before_year_made(year_made), get("status_date")))
        latitude, longitude = self._coordinates(row, get("latitude", ""), get("longitude", ""),
                                                countries["location_country"], problems)
        if problems:
            return None, problems
        return self.prepare(RegistryRecord(
            row=row, source=get("source", "") or self.default_source, record_id=record_id,
            serial_number=serial, marking_status=marking_status, manufacturer=get("manufacturer", ""),
            model=get("model", ""), calibre=get("calibre", ""), weapon_type=weapon_type,
            country_of_manufacture=countries["country_of_manufacture"], year_of_manufacture=year_made,
            import_country=countries["import_country"], import_year=import_year, holder_type=holder_type,
            holder_name=get("holder_name", ""), status=status, status_date=status_date,
            location_country=countries["location_country"], location_admin1=get("location_admin1", ""),
            latitude=latitude, longitude=longitude,
        )), problems

    def prepare(self, record: RegistryRecord) -> RegistryRecord:
        record.serial_key = serial_key(record.serial_number)
        record.manufacturer_id = self.resolver.manufacturer(record.manufacturer)
        record.calibre_id = self.resolver.calibre(record.calibre)
        record.holder_key = holder_key(record.holder_type, record.holder_name)
        record.fingerprint = record_fingerprint(record)
        return record

    def _country(self, row: int, column: str, value: str, problems: list[Problem]) -> str:
        if not value:
            return ""
        code = value.upper()
        if code in self.resolver.countries:
            return code
        if len(code) == 2 and code in self.resolver.iso2_to_iso3:
            message = _("expected an ISO 3166-1 alpha-3 country code; %(code)s is the alpha-2 code, write "
                        "%(iso3)s") % {"code": code, "iso3": self.resolver.iso2_to_iso3[code]}
        else:
            message = _("expected an ISO 3166-1 alpha-3 country code")
        problems.append(self._problem(row, column, message, value))
        return ""

    def _year(self, row: int, column: str, value: str, problems: list[Problem]) -> int | None:
        if not value:
            return None
        try:
            year = int(value.removesuffix(".0"))
        except ValueError:
            problems.append(self._problem(row, column, _("expected a year such as 1987"), value))
            return None
        if not EARLIEST_YEAR <= year <= self.today.year:
            problems.append(self._problem(row, column, _("expected a year between %(earliest)s and %(latest)s")
                                          % {"earliest": EARLIEST_YEAR, "latest": self.today.year}, value))
            return None
        return year

    def _date(self, row: int, column: str, value: str, problems: list[Problem]) -> date | None:
        if not value:
            return None
        try:
            if self.pattern:
                parsed = datetime.strptime(value, self.pattern).date()
            else:
                if len(value) != 10:
                    raise ValueError
                parsed = date.fromisoformat(value)
        except ValueError:
            problems.append(self._problem(row, column, self._date_expected(value), value))
            return None
        if parsed > self.today:
            problems.append(self._problem(row, column, _("is in the future"), value))
            return None
        if parsed.year < EARLIEST_YEAR:
            problems.append(self._problem(row, column, _("is before %(earliest)s") % {"earliest": EARLIEST_YEAR},
                                          value))
            return None
        return parsed

    def _date_expected(self, value: str) -> str:
        if self.pattern:
            return _("expected a date as %(pattern)s") % {"pattern": self.pattern}
        if "/" in value:
            return _("expected a date as YYYY-MM-DD (give --date-format dd/mm/yyyy for such dates)")
        return _("expected a date as YYYY-MM-DD")

    def _coordinates(self, row: int, latitude_text: str, longitude_text: str, country: str,
                     problems: list[Problem]) -> tuple[float | None, float | None]:
        if not latitude_text and not longitude_text:
            return None, None
        if not latitude_text or not longitude_text:
            missing = "latitude" if not latitude_text else "longitude"
            problems.append(self._problem(row, missing, _("is empty while the other coordinate is given")))
            return None, None
        try:
            latitude = float(latitude_text.replace(",", "."))
            longitude = float(longitude_text.replace(",", "."))
        except ValueError:
            problems.append(self._problem(row, "latitude", _("expected decimal degrees such as 8.4657 / -13.2317"),
                                          f"{latitude_text} / {longitude_text}"))
            return None, None
        if not (-90 <= latitude <= 90) or latitude != latitude:
            problems.append(self._problem(row, "latitude", _("must be between -90 and 90"), latitude_text))
            return None, None
        if not (-180 <= longitude <= 180) or longitude != longitude:
            problems.append(self._problem(row, "longitude", _("must be between -180 and 180"), longitude_text))
            return None, None
        facts = self.resolver.countries.get(country) if country else None
        if facts and facts.bounds:
            min_lon, min_lat, max_lon, max_lat = facts.bounds
            margin = 1.0
            if not (min_lat - margin <= latitude <= max_lat + margin
                    and min_lon - margin <= longitude <= max_lon + margin):
                swapped = (min_lat - margin <= longitude <= max_lat + margin
                           and min_lon - margin <= latitude <= max_lon + margin)
                if swapped:
                    message = _("the point lies outside %(country)s; latitude and longitude look swapped")
                else:
                    message = _("the point lies outside %(country)s")
                problems.append(self._problem(row, "latitude", message % {"country": facts.name},
                                              f"{latitude_text} / {longitude_text}"))
                return None, None
        return latitude, longitude


def header_problems(file_name: str, header: list[str], allow_extra: bool = False) -> list[Problem]:
    problems = []
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            problems.append(Problem(file=file_name, row=1, column=f"#{position}", message=_("header cell is empty")))
        elif name in seen:
            problems.append(Problem(file=file_name, row=1, column=name, message=_("column appears twice")))
        elif name not in KNOWN_COLUMNS and not allow_extra:
            problems.append(Problem(file=file_name, row=1, column=name,
                                    message=_("unknown column; expected only: %(columns)s")
                                    % {"columns": ", ".join(COLUMNS)}))
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            problems.append(Problem(file=file_name, row=1, column=name, message=_("required column is missing")))
    return problems
