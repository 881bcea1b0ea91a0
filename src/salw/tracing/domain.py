"""Pure rules for identifying a seized or found weapon against registry records.

Three steps, each explainable to the officer who asked:

1. serials are compared as *markings*, allowing for the ways people misread them
   (``marking_key``, ``serial_distance``);
2. the other observed facts are compared field by field (``field_agreement``);
3. the evidence is summed as log-likelihood ratios into one calibrated score
   (``match_score``) and put into words (``explain``).

The words are ``salw.core.message.Message``s: English text (what is stored and compared) that
remembers its template and values, so the web pages and the API can show it in the reader's
language (``salw.core.translation.translated``). Serial characters, codes and names stay values.

Standard library and other pure salw modules only: no Django, no C extensions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import NamedTuple, Protocol

from salw.core.message import Message, gettext_noop
from salw.registry.domain import serial_key
from salw.vocabularies.domain import calibre_key, name_key

# --- marking keys ----------------------------------------------------------------------------

# Characters that get misread as one another (domain.md §2, "Reading errors to design for").
# Every member of a class maps to the class's first character. serial_key has already upper-cased
# the text, folded Cyrillic/Greek look-alikes of Latin letters (Cyrillic "Н" -> "H") and folded
# Unicode digits to their values. That last step is deliberate: an officer who types "٥" means
# five, even though the glyph looks like a Latin "0" when seen stamped on metal.
CONFUSION_CLASSES = (
    "0OQD",
    "1IL7",  # "7" only for handwritten reports, but they are common enough
    "2Z",
    "3З",
    "4Ч",
    "5S",
    "6GБ",  # Cyrillic "б" (upper-cased to "Б" by serial_key) looks like "6"
    "8B",
    "VU",
    "RЯ",
    "NИ",
)
_CONFUSION_TABLE = str.maketrans({ch: group[0] for group in CONFUSION_CLASSES for ch in group[1:]})

ONE_UNREADABLE = "?"
UNREADABLE_RUN = "*"
_WILDCARDS = frozenset(ONE_UNREADABLE + UNREADABLE_RUN)


@lru_cache(maxsize=65536)
def _serial_forms(text: str) -> tuple[str, str]:
    key = serial_key(text)
    return key, key.translate(_CONFUSION_TABLE)


def marking_key(text: str) -> str:
    """Key under which two readings of one marking compare equal despite look-alike characters.

    It is serial_key's form with every character replaced by its confusion class, one character
    for one, so positions in the two forms line up. "?" and "*" stay as they are.
    """
    return _serial_forms(text)[1] if text else ""


# --- serial distance -------------------------------------------------------------------------

# Costs of the edit operations, in "one plainly wrong character" units.
LOOKALIKE_SUBSTITUTION = 0.2
HANDWRITING_SUBSTITUTION = 0.5
OTHER_SUBSTITUTION = 1.0
ADJACENT_TRANSPOSITION = 0.6
INSERTION_OR_DELETION = 0.8
DROPPED_PREFIX_CHARACTER = 0.3
MAX_DROPPED_PREFIX = 3
UNREADABLE_CHARACTER_COST = 0.1
UNREADABLE_RUN_COST = 0.2
FACTORY_CODE_LEFT_OUT = 0.2  # stamped in a triangle or oval apart from the number, often not read

# Pairs confused in handwriting only: distinct in the key, cheap in the distance.
HANDWRITING_PAIRS = frozenset({("4", "9"), ("9", "4")})

# Steps of an alignment (each consumes a query and/or a record character).
_MATCH, _LOOKALIKE, _HANDWRITING, _SUBSTITUTION = "=", "~", "h", "x"
_UNREADABLE, _TRANSPOSITION, _EXTRA, _MISSING = "?", "t", "d", "i"
_QUERY_RUN_STARTS, _QUERY_RUN_TAKES = "s", "S"
_RECORD_RUN_STARTS, _RECORD_RUN_TAKES = "r", "R"


@dataclass(frozen=True)
class SerialExplanation:
    """How a query serial compares with a record's serial, in numbers and in words."""

    query: str  # serial_key form of what the officer read
    candidate: str  # serial_key form of the record's serial
    cost: float
    similarity: float  # 1 - cost / longer length, clipped to 0..1
    confirmed_characters: int  # readable characters the two serials share (look-alikes count)
    differences: list[str] = field(default_factory=list)  # Messages, one difference each

    @property
    def compared(self) -> bool:
        return bool(self.query and self.candidate)

    @property
    def exact(self) -> bool:
        return self.compared and self.cost == 0


def serial_distance(query_serial: str, candidate_serial: str,
                    factory_codes: Iterable[str] = ()) -> SerialExplanation:
    """Weighted edit distance between a serial as read and a record's serial, with reasons.

    Either argument may be raw text, its serial_key or its marking_key (serial_key is idempotent;
    a marking_key still compares, but look-alike differences are then invisible). Positions in
    the differences are 1-based positions in the query's serial_key form.

    ``factory_codes`` are codes the record's maker stamps before the serial (Chinese state
    factories' "66", "386"...): one side may carry the code and the other not.
    """
    best = _plain_distance(query_serial, candidate_serial)
    if best.exact or not best.compared:
        return best
    for code in factory_codes:
        for with_code, side in ((best.candidate, "record"), (best.query, "reading")):
            without = without_factory_code(with_code, (code,))
            other = best.query if side == "record" else best.candidate
            if not without or other.startswith(code):
                continue
            pair = (query_serial, without) if side == "record" else (without, candidate_serial)
            rest = _plain_distance(*pair)
            cost = round(rest.cost + FACTORY_CODE_LEFT_OUT, 6)
            if cost < best.cost:
                longer = max(len(best.query), len(best.candidate))
                note = _FACTORY_CODE_ONLY[side](code)
                best = SerialExplanation(best.query, best.candidate, cost,
                                         min(1.0, max(0.0, 1.0 - cost / longer)),
                                         rest.confirmed_characters, [note, *rest.differences])
    return best


_FACTORY_CODE_ONLY = {
    "record": lambda code: Message(gettext_noop("factory code %(code)s in the record only"), {"code": code}),
    "reading": lambda code: Message(gettext_noop("factory code %(code)s in the reading only"), {"code": code}),
}


def without_factory_code(key: str, codes: Iterable[str]) -> str:
    """The key without the first of ``codes`` it starts with; "" when none does.

    The code must leave a serial of its own behind (four characters or more), or it was the serial.
    """
    for code in codes:
        if code and key.startswith(code) and len(key) - len(code) >= 4:
            return key[len(code):]
    return ""


def _plain_distance(query_serial: str, candidate_serial: str) -> SerialExplanation:
    query, query_classes = _serial_forms(query_serial or "")
    record, record_classes = _serial_forms(candidate_serial or "")
    if not query or not record:
        return _not_compared(query, record)
    if query == record and not _WILDCARDS.intersection(query):
        return SerialExplanation(query, record, 0.0, 1.0, len(query), [])
    # A shared ending costs nothing and aligns with itself, so only the rest needs the table.
    shared = _shared_ending(query, record)
    a, b = query[: len(query) - shared], record[: len(record) - shared]
    a_classes, b_classes = query_classes[: len(a)], record_classes[: len(b)]
    costs, steps = _align(a, b, a_classes, b_classes, _cost_budget(a, b, a_classes, b_classes))
    cost = round(costs[-1][-1], 6)
    similarity = min(1.0, max(0.0, 1.0 - cost / max(len(query), len(record))))
    path = _path(steps, a, b)
    differences = _describe(path, a, b)
    return SerialExplanation(query, record, cost, similarity, _confirmed(path) + shared, differences)


def _shared_ending(a: str, b: str) -> int:
    shared = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y or x in _WILDCARDS:
            break
        shared += 1
    return shared


def _not_compared(query: str, record: str) -> SerialExplanation:
    if not query and not record:
        reason = Message(gettext_noop("serial not given in the query or the record"))
    elif not query:
        reason = Message(gettext_noop("serial not given in the query"))
    else:
        reason = Message(gettext_noop("serial not given in the record"))
    cost = INSERTION_OR_DELETION * max(len(query), len(record))
    return SerialExplanation(query, record, cost, 0.0, 0, [reason])


@lru_cache(maxsize=65536)
def _leading_costs(key: str) -> tuple[float, ...]:
    """Cost of dropping each character when everything before it has been dropped too.

    Officers and clerks lose factory prefixes ("AK", "KT") and spreadsheets lose leading zeros,
    so a short leading run of letters, or of zeros, is cheap to drop.
    """
    costs = []
    for position, char in enumerate(key):
        prefix = key[: position + 1]
        if char == UNREADABLE_RUN:
            costs.append(UNREADABLE_RUN_COST)
        elif position < MAX_DROPPED_PREFIX and (prefix.isalpha() or prefix == "0" * len(prefix)):
            costs.append(DROPPED_PREFIX_CHARACTER)
        else:
            costs.append(INSERTION_OR_DELETION)
    return tuple(costs)


def _cost_budget(a: str, b: str, a_classes: str, b_classes: str) -> float:
    """Cost of the better of two simple alignments: an upper bound on the cheapest one.

    One lines the serials up at their starts, the other at their ends (as when a prefix was lost).
    """
    if UNREADABLE_RUN in a or UNREADABLE_RUN in b:
        return math.inf  # a "*" shifts the alignment for free, so no band can be drawn
    excess = abs(len(a) - len(b))
    longer = a if len(a) > len(b) else b
    at_starts = _paired_cost(a, b, a_classes, b_classes) + INSERTION_OR_DELETION * excess
    at_ends = (_paired_cost(a[::-1], b[::-1], a_classes[::-1], b_classes[::-1])
               + sum(_leading_costs(longer)[:excess]))
    return min(at_starts, at_ends)


def _paired_cost(a: str, b: str, a_classes: str, b_classes: str) -> float:
    total = 0.0
    for char, other, char_class, other_class in zip(a, b, a_classes, b_classes, strict=False):
        if char != other or char == ONE_UNREADABLE:
            total += _substitution_cost(char, other, char_class, other_class)
    return total


def _substitution_cost(char: str, other: str, char_class: str, other_class: str) -> float:
    if char == other and char != ONE_UNREADABLE:
        return 0.0
    if ONE_UNREADABLE in (char, other):
        return UNREADABLE_CHARACTER_COST
    if char_class == other_class:
        return LOOKALIKE_SUBSTITUTION
    if (char, other) in HANDWRITING_PAIRS:
        return HANDWRITING_SUBSTITUTION
    return OTHER_SUBSTITUTION


def _align(a: str, b: str, a_classes: str, b_classes: str,
           budget: float = math.inf) -> tuple[list[list[float]], list[list[str]]]:
    """Cheapest alignment table (optimal string alignment with wildcards and cheap prefixes).

    Cells that no alignment costing at most ``budget`` passes through are skipped and left
    infinite (Ukkonen's cut-off): with a budget at least the cheapest cost, the result is exact.
    """
    n, m = len(a), len(b)
    costs = [[math.inf] * (m + 1) for _ in range(n + 1)]
    steps = [[""] * (m + 1) for _ in range(n + 1)]
    costs[0][0] = 0.0
    for j, drop in enumerate(_leading_costs(b), start=1):
        costs[0][j] = costs[0][j - 1] + drop
        steps[0][j] = _RECORD_RUN_STARTS if b[j - 1] == UNREADABLE_RUN else _MISSING
    for i, drop in enumerate(_leading_costs(a), start=1):
        costs[i][0] = costs[i - 1][0] + drop
        steps[i][0] = _QUERY_RUN_STARTS if a[i - 1] == UNREADABLE_RUN else _EXTRA
    lowest_offset, highest_offset = _diagonal_band(budget, n, m)
    for i in range(1, n + 1):
        first, last = max(1, i - highest_offset), min(m, i - lowest_offset)
        if a[i - 1] == UNREADABLE_RUN:
            _fill_query_run_row(costs[i - 1], costs[i], steps[i], first, last)
        else:
            _fill_row(i, a, b, a_classes, b_classes, costs, steps[i], first, last)
    return costs, steps


def _diagonal_band(budget: float, n: int, m: int) -> tuple[int, int]:
    """Lowest and highest row-minus-column offset of a cell on an alignment within ``budget``."""
    if budget == math.inf:
        return -m, n
    # Leaving the diagonal that ends in the corner costs at least one cheap drop per step, there
    # and back again.
    length_difference = n - m
    spare = max(0, int(((budget + 1e-9) / DROPPED_PREFIX_CHARACTER - abs(length_difference)) / 2))
    return min(0, length_difference) - spare, max(0, length_difference) + spare


def _fill_query_run_row(above: list[float], row: list[float], row_steps: list[str],
                        first: int, last: int) -> None:
    # A "*" in the query either starts here (having matched nothing yet) or takes one more
    # record character at no extra cost: its whole run costs UNREADABLE_RUN_COST once.
    for j in range(first, last + 1):
        starts, takes = above[j] + UNREADABLE_RUN_COST, row[j - 1]
        if takes <= starts:
            row[j], row_steps[j] = takes, _QUERY_RUN_TAKES
        else:
            row[j], row_steps[j] = starts, _QUERY_RUN_STARTS


def _fill_row(i: int, a: str, b: str, a_classes: str, b_classes: str,
              costs: list[list[float]], row_steps: list[str], first: int, last: int) -> None:
    # The hot loop, written for speed: no calls (the substitution rules of _substitution_cost
    # are inlined), neighbouring costs carried in locals.
    char, char_class = a[i - 1], a_classes[i - 1]
    above, row = costs[i - 1], costs[i]
    unreadable_here = char == ONE_UNREADABLE
    may_swap = i > 1 and not unreadable_here and a[i - 2] not in _WILDCARDS
    left, diagonal = row[first - 1], above[first - 1]
    for j in range(first, last + 1):
        other, other_class, up = b[j - 1], b_classes[j - 1], above[j]
        if other == UNREADABLE_RUN:  # the record's "*": the query's rule, mirrored
            starts = left + UNREADABLE_RUN_COST
            best, step = (up, _RECORD_RUN_TAKES) if up <= starts else (starts, _RECORD_RUN_STARTS)
        elif char == other and not unreadable_here:
            best, step = diagonal, _MATCH  # provably never beaten by another step
        else:
            if unreadable_here or other == ONE_UNREADABLE:
                best, step = diagonal + UNREADABLE_CHARACTER_COST, _UNREADABLE
            elif char_class == other_class:
                best, step = diagonal + LOOKALIKE_SUBSTITUTION, _LOOKALIKE
            elif (char, other) in HANDWRITING_PAIRS:
                best, step = diagonal + HANDWRITING_SUBSTITUTION, _HANDWRITING
            else:
                best, step = diagonal + OTHER_SUBSTITUTION, _SUBSTITUTION
            if up + INSERTION_OR_DELETION < best:
                best, step = up + INSERTION_OR_DELETION, _EXTRA
            if left + INSERTION_OR_DELETION < best:
                best, step = left + INSERTION_OR_DELETION, _MISSING
            if (may_swap and j > 1 and char_class == b_classes[j - 2] and a_classes[i - 2] == other_class
                    and other != ONE_UNREADABLE and b[j - 2] not in _WILDCARDS
                    and costs[i - 2][j - 2] + ADJACENT_TRANSPOSITION < best):
                best, step = costs[i - 2][j - 2] + ADJACENT_TRANSPOSITION, _TRANSPOSITION
        row[j] = left = best
        row_steps[j] = step
        diagonal = up


class _Step(NamedTuple):
    kind: str
    i: int  # query characters consumed after this step
    j: int  # record characters consumed after this step


def _path(steps: list[list[str]], a: str, b: str) -> list[_Step]:
    """The steps of the cheapest alignment, first to last."""
    moves = {
        _MATCH: (1, 1), _LOOKALIKE: (1, 1), _HANDWRITING: (1, 1), _SUBSTITUTION: (1, 1),
        _UNREADABLE: (1, 1), _TRANSPOSITION: (2, 2), _EXTRA: (1, 0), _MISSING: (0, 1),
        _QUERY_RUN_STARTS: (1, 0), _QUERY_RUN_TAKES: (0, 1),
        _RECORD_RUN_STARTS: (0, 1), _RECORD_RUN_TAKES: (1, 0),
    }
    i, j = len(a), len(b)
    path = []
    while i or j:
        kind = steps[i][j]
        path.append(_Step(kind, i, j))
        back_i, back_j = moves[kind]
        i, j = i - back_i, j - back_j
    path.reverse()
    return path


def _confirmed(path: list[_Step]) -> int:
    shared = {_MATCH: 1, _LOOKALIKE: 1, _HANDWRITING: 1, _TRANSPOSITION: 2}
    return sum(shared.get(step.kind, 0) for step in path)


def _describe(path: list[_Step], a: str, b: str) -> list[Message]:
    differences = []
    start = 0
    while start < len(path):
        if path[start].kind == _MATCH:
            start += 1
            continue
        end = _end_of_group(path, start, a)
        line = _describe_group(path[start:end], a, b)
        if line:
            differences.append(line)
        start = end
    return differences


# Steps that extend the message begun by a step of the key's kind.
_GROUP_CONTINUATIONS = {
    _EXTRA: _EXTRA, _MISSING: _MISSING, _UNREADABLE: _UNREADABLE,
    _QUERY_RUN_STARTS: _QUERY_RUN_TAKES, _RECORD_RUN_STARTS: _RECORD_RUN_TAKES,
}


def _end_of_group(path: list[_Step], start: int, a: str) -> int:
    """Index after the steps one message covers: a gap, a "*" and what it took, a run of "?"."""
    first = path[start]
    continuation = _GROUP_CONTINUATIONS.get(first.kind)
    end = start + 1
    while (end < len(path) and path[end].kind == continuation
           and _unreadable_in_query(path[end], a) == _unreadable_in_query(first, a)):
        end += 1
    return end


def _unreadable_in_query(step: _Step, a: str) -> bool:
    return step.kind == _UNREADABLE and a[step.i - 1] == ONE_UNREADABLE


def _describe_group(steps: list[_Step], a: str, b: str) -> Message | None:
    kind = steps[0].kind
    if kind in (_EXTRA, _MISSING):
        return _describe_gap(steps, a, b)
    if kind in (_QUERY_RUN_STARTS, _RECORD_RUN_STARTS):
        return _describe_wildcard_run(steps, a, b)
    if kind == _UNREADABLE:
        return _describe_unreadable(steps, a)
    return _describe_single(steps[0], a, b)


def _describe_single(step: _Step, a: str, b: str) -> Message | None:
    position = step.i
    params = {"read": a[step.i - 1], "recorded": b[step.j - 1], "position": position}
    if step.kind == _LOOKALIKE:
        return Message(gettext_noop("serial differs by %(read)s→%(recorded)s at position %(position)s"), params)
    if step.kind == _HANDWRITING:
        return Message(gettext_noop("serial differs by %(read)s→%(recorded)s at position %(position)s "
                                    "(handwriting look-alike)"), params)
    if step.kind == _SUBSTITUTION:
        return Message(gettext_noop("serial differs by %(read)s→%(recorded)s at position %(position)s "
                                    "(not a look-alike)"), params)
    if step.kind == _TRANSPOSITION:
        return Message(gettext_noop("characters %(first)s and %(second)s swapped"),
                       {"first": position - 1, "second": position})
    return None  # a wildcard taking a wildcard


def _describe_unreadable(steps: list[_Step], a: str) -> Message:
    first, last = steps[0].i, steps[-1].i
    if a[first - 1] == ONE_UNREADABLE:
        if first == last:
            return Message(gettext_noop("unreadable character at position %(position)s"), {"position": first})
        return Message(gettext_noop("unreadable characters at positions %(first)s–%(last)s"),
                       {"first": first, "last": last})
    read = "".join(a[step.i - 1] for step in steps)
    if first == last:
        return Message(gettext_noop("record has an unreadable character where the serial reads '%(read)s' "
                                    "(position %(position)s)"), {"read": read, "position": first})
    return Message(gettext_noop("record has unreadable characters where the serial reads '%(read)s' "
                                "(positions %(first)s–%(last)s)"), {"read": read, "first": first, "last": last})


def _describe_gap(steps: list[_Step], a: str, b: str) -> Message:
    first = steps[0]
    if first.kind == _EXTRA:
        chars = "".join(a[step.i - 1] for step in steps)
        if first.j == 0:
            return _describe_leading(chars, missing=False)
        if len(chars) == 1:
            return Message(gettext_noop("extra character '%(chars)s' at position %(position)s"),
                           {"chars": chars, "position": first.i})
        return Message(gettext_noop("extra characters '%(chars)s' at position %(position)s"),
                       {"chars": chars, "position": first.i})
    chars = "".join(b[step.j - 1] for step in steps)
    if first.i == 0:
        return _describe_leading(chars, missing=True)
    if len(chars) == 1:
        return Message(gettext_noop("character '%(chars)s' missing at position %(position)s"),
                       {"chars": chars, "position": first.i + 1})
    return Message(gettext_noop("characters '%(chars)s' missing at position %(position)s"),
                   {"chars": chars, "position": first.i + 1})


def _describe_leading(chars: str, missing: bool) -> Message:
    if chars.isalpha():
        template = (gettext_noop("prefix '%(chars)s' missing") if missing
                    else gettext_noop("extra prefix '%(chars)s'"))
    elif chars == "0" * len(chars):
        template = (gettext_noop("leading zeros '%(chars)s' missing") if missing
                    else gettext_noop("extra leading zeros '%(chars)s'"))
    elif len(chars) == 1:
        template = (gettext_noop("leading character '%(chars)s' missing") if missing
                    else gettext_noop("extra leading character '%(chars)s'"))
    else:
        template = (gettext_noop("leading characters '%(chars)s' missing") if missing
                    else gettext_noop("extra leading characters '%(chars)s'"))
    return Message(template, {"chars": chars})


def _describe_wildcard_run(steps: list[_Step], a: str, b: str) -> Message:
    start = steps[0]
    if start.kind == _QUERY_RUN_STARTS:
        taken = "".join(b[step.j - 1] for step in steps[1:])
        if not taken:
            return Message(gettext_noop("unreadable run at position %(position)s stands for nothing"),
                           {"position": start.i})
        return Message(gettext_noop("unreadable run at position %(position)s stands for '%(chars)s'"),
                       {"position": start.i, "chars": taken})
    taken = "".join(a[step.i - 1] for step in steps[1:])
    if not taken:
        return Message(gettext_noop("record has an unreadable run standing for nothing of the serial"))
    return Message(gettext_noop("record has an unreadable run standing for '%(chars)s' of the serial"),
                   {"chars": taken})


# --- field agreement -------------------------------------------------------------------------

AGREE, PARTIAL, DISAGREE, UNKNOWN = "agree", "partial", "disagree", "unknown"
FIELDS = ("manufacturer", "model", "calibre", "weapon_type", "country_of_manufacture",
          "year_of_manufacture")
# How the explanations name each field.
FIELD_LABELS = {
    "manufacturer": gettext_noop("manufacturer"),
    "model": gettext_noop("model"),
    "calibre": gettext_noop("calibre"),
    "weapon_type": gettext_noop("weapon type"),
    "country_of_manufacture": gettext_noop("country of manufacture"),
    "year_of_manufacture": gettext_noop("year of manufacture"),
}


@dataclass(frozen=True)
class WeaponDescription:
    """What is known of one weapon: a trace query as observed, or a registry record.

    ``manufacturer_code`` and ``calibre_code`` are vocabulary codes the caller has already
    resolved (a registry record has them); otherwise the texts are resolved here if possible.
    """

    serial_number: str = ""
    manufacturer: str = ""
    manufacturer_code: str = ""
    model: str = ""
    calibre: str = ""
    calibre_code: str = ""
    weapon_type: str = ""
    country_of_manufacture: str = ""
    year_of_manufacture: int | str | None = None


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    level: str  # AGREE, PARTIAL, DISAGREE or UNKNOWN
    explanation: str  # a Message


class Vocabulary(Protocol):
    """What field comparison needs of the vocabularies (VocabularyResolver provides it).

    Optional extras, used when present: ``iso2_to_iso3`` (a dict) and
    ``weapon_type_parent(code) -> str | None``.
    """

    def manufacturer(self, text: str) -> str | None: ...

    def calibre(self, text: str) -> str | None: ...


def field_agreement(query: WeaponDescription, candidate: WeaponDescription,
                    vocabulary: Vocabulary | None = None) -> list[FieldAgreement]:
    """How each observed field of the query compares with the record, in FIELDS order."""
    return [
        _compare_manufacturer(query, candidate, vocabulary),
        _compare_model(query.model, candidate.model),
        _compare_calibre(query, candidate, vocabulary),
        _compare_weapon_type(query.weapon_type, candidate.weapon_type, vocabulary),
        _compare_country(query.country_of_manufacture, candidate.country_of_manufacture, vocabulary),
        _compare_year(query.year_of_manufacture, candidate.year_of_manufacture),
    ]


def _label(name: str) -> Message:
    return Message(FIELD_LABELS[name])


def _unknown(name: str, query_value: object, record_value: object) -> FieldAgreement:
    if not query_value and not record_value:
        template = gettext_noop("%(field)s not given in the query or the record")
    elif not query_value:
        template = gettext_noop("%(field)s not given in the query")
    else:
        template = gettext_noop("%(field)s not given in the record")
    return FieldAgreement(name, UNKNOWN, Message(template, {"field": _label(name)}))


def _said_and_recorded(template: str, said: object, recorded: object) -> Message:
    return Message(template, {"said": said, "recorded": recorded})


def _resolve(vocabulary: Vocabulary | None, kind: str, text: str) -> str:
    if vocabulary is None or not text:
        return ""
    return getattr(vocabulary, kind)(text) or ""


def _compare_manufacturer(query: WeaponDescription, record: WeaponDescription,
                          vocabulary: Vocabulary | None) -> FieldAgreement:
    said = query.manufacturer or query.manufacturer_code
    recorded = record.manufacturer or record.manufacturer_code
    if not said or not recorded:
        return _unknown("manufacturer", said, recorded)
    said_key, recorded_key = name_key(query.manufacturer), name_key(record.manufacturer)
    if said_key and said_key == recorded_key:
        return FieldAgreement("manufacturer", AGREE,
                              Message(gettext_noop("manufacturer matches ('%(said)s')"), {"said": said}))
    said_code = query.manufacturer_code or _resolve(vocabulary, "manufacturer", query.manufacturer)
    recorded_code = record.manufacturer_code or _resolve(vocabulary, "manufacturer", record.manufacturer)
    if said_code and recorded_code:
        if said_code == recorded_code and query.manufacturer:
            return FieldAgreement("manufacturer", AGREE,
                                  Message(gettext_noop("manufacturer matches via alias '%(said)s'"), {"said": said}))
        if said_code == recorded_code:
            return FieldAgreement("manufacturer", AGREE,
                                  Message(gettext_noop("manufacturer matches ('%(said)s')"), {"said": said}))
        return _manufacturer_differs(said, recorded)
    # One side is not in the vocabulary, perhaps misspelt: only a close spelling counts.
    if said_key and recorded_key and _similar_names(said_key, recorded_key):
        return FieldAgreement("manufacturer", PARTIAL, _said_and_recorded(
            gettext_noop("manufacturer spelt similarly: '%(said)s' vs '%(recorded)s'"), said, recorded))
    return _manufacturer_differs(said, recorded)


def _manufacturer_differs(said: str, recorded: str) -> FieldAgreement:
    return FieldAgreement("manufacturer", DISAGREE, _said_and_recorded(
        gettext_noop("manufacturer differs: '%(said)s' vs '%(recorded)s'"), said, recorded))


def _similar_names(a: str, b: str) -> bool:
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 4 and shorter in longer:
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def model_key(text: str) -> str:
    """Key under which two writings of one model compare equal: "AK-M", "akm", "АКМ" -> "AKM"."""
    return "".join(ch for ch in serial_key(text) if ch.isalnum()) if text else ""


def _compare_model(said: str, recorded: str) -> FieldAgreement:
    said_key, recorded_key = model_key(said), model_key(recorded)
    if not said_key or not recorded_key:
        return _unknown("model", said_key, recorded_key)
    if said_key == recorded_key:
        if said == recorded:
            return FieldAgreement("model", AGREE, Message(gettext_noop("model matches ('%(said)s')"), {"said": said}))
        return FieldAgreement("model", AGREE, _said_and_recorded(
            gettext_noop("model matches ('%(said)s' = '%(recorded)s')"), said, recorded))
    if _same_model_family(said_key, recorded_key):
        return FieldAgreement("model", PARTIAL, _said_and_recorded(
            gettext_noop("model of the same family: '%(said)s' vs '%(recorded)s'"), said, recorded))
    return FieldAgreement("model", DISAGREE, _said_and_recorded(
        gettext_noop("model differs: '%(said)s' vs '%(recorded)s'"), said, recorded))


def _same_model_family(a: str, b: str) -> bool:
    """"AKM"/"AKMS", "M16"/"M16A2" and "AK-47"/"AKM" are kin; "G3"/"G36" and "MP5"/"MP7" are not."""
    common = len(_common_prefix(a, b))
    if common < 2:
        return False
    rest_a, rest_b = a[common:], b[common:]
    if not rest_a or not rest_b:  # one extends the other, unless that splits a number
        rest = rest_a or rest_b
        return not (rest[0].isdigit() and a[common - 1].isdigit())
    covers_a_letters = not a[:common].isalpha() or not rest_a[0].isalpha()
    covers_b_letters = not b[:common].isalpha() or not rest_b[0].isalpha()
    differing_numbers = rest_a[0].isdigit() and rest_b[0].isdigit()
    return (covers_a_letters or covers_b_letters) and not differing_numbers


def _common_prefix(a: str, b: str) -> str:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return a[:length]


def _compare_calibre(query: WeaponDescription, record: WeaponDescription,
                     vocabulary: Vocabulary | None) -> FieldAgreement:
    said = query.calibre or query.calibre_code
    recorded = record.calibre or record.calibre_code
    if not said or not recorded:
        return _unknown("calibre", said, recorded)
    said_code = query.calibre_code or _resolve(vocabulary, "calibre", query.calibre)
    recorded_code = record.calibre_code or _resolve(vocabulary, "calibre", record.calibre)
    said_key, recorded_key = calibre_key(said), calibre_key(recorded)
    if (said_code and said_code == recorded_code) or (said_key and said_key == recorded_key):
        if said == recorded:
            return FieldAgreement("calibre", AGREE,
                                  Message(gettext_noop("calibre matches ('%(said)s')"), {"said": said}))
        return FieldAgreement("calibre", AGREE, _said_and_recorded(
            gettext_noop("calibre matches ('%(said)s' = '%(recorded)s')"), said, recorded))
    # "7.62" said of a 7.62x39 record: a bore without its case length.
    if said_key.startswith(recorded_key + "x") or recorded_key.startswith(said_key + "x"):
        return FieldAgreement("calibre", PARTIAL, _said_and_recorded(
            gettext_noop("calibre partly matches: '%(said)s' vs '%(recorded)s'"), said, recorded))
    return FieldAgreement("calibre", DISAGREE, _said_and_recorded(
        gettext_noop("calibre differs: '%(said)s' vs '%(recorded)s'"), said, recorded))


_UNKNOWN_WEAPON_TYPE = "unknown"


def _compare_weapon_type(said: str, recorded: str, vocabulary: Vocabulary | None) -> FieldAgreement:
    said = "" if said == _UNKNOWN_WEAPON_TYPE else (said or "")
    recorded = "" if recorded == _UNKNOWN_WEAPON_TYPE else (recorded or "")
    if not said or not recorded:
        return _unknown("weapon_type", said, recorded)
    if said == recorded:
        return FieldAgreement("weapon_type", AGREE,
                              Message(gettext_noop("weapon type matches ('%(said)s')"), {"said": said}))
    parent = _weapon_type_parent(said, vocabulary)
    if parent and parent == _weapon_type_parent(recorded, vocabulary):
        return FieldAgreement("weapon_type", PARTIAL, Message(
            gettext_noop("weapon types '%(said)s' and '%(recorded)s' share the category '%(category)s'"),
            {"said": said, "recorded": recorded, "category": parent}))
    return FieldAgreement("weapon_type", DISAGREE, _said_and_recorded(
        gettext_noop("weapon type differs: '%(said)s' vs '%(recorded)s'"), said, recorded))


def _weapon_type_parent(code: str, vocabulary: Vocabulary | None) -> str:
    lookup = getattr(vocabulary, "weapon_type_parent", None)
    if lookup is not None:
        return lookup(code) or code
    # Vocabulary codes spell their UNROCA parent: "sa_rifle_carbine.rifle".
    return code.split(".", 1)[0]


# ISO 3166-3 codes of dissolved states and the states that succeeded them: a weapon made in
# Izhevsk in 1985 is "SUN" in an old ledger and often "RUS" on a seizure report.
_SUCCESSOR_STATES = {
    "SUN": frozenset({"ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LTU", "LVA", "MDA", "RUS",
                      "TJK", "TKM", "UKR", "UZB"}),
    "YUG": frozenset({"BIH", "HRV", "MKD", "MNE", "SCG", "SRB", "SVN"}),
    "SCG": frozenset({"MNE", "SRB"}),
    "CSK": frozenset({"CZE", "SVK"}),
    "DDR": frozenset({"DEU"}),
}


def _country_code(text: str, vocabulary: Vocabulary | None) -> str:
    code = (text or "").strip().upper()
    if len(code) == 2:
        return getattr(vocabulary, "iso2_to_iso3", {}).get(code, code)
    return code


def _compare_country(said: str, recorded: str, vocabulary: Vocabulary | None) -> FieldAgreement:
    said_code, recorded_code = _country_code(said, vocabulary), _country_code(recorded, vocabulary)
    if not said_code or not recorded_code:
        return _unknown("country_of_manufacture", said_code, recorded_code)
    if said_code == recorded_code:
        return FieldAgreement("country_of_manufacture", AGREE,
                              Message(gettext_noop("country of manufacture matches (%(said)s)"), {"said": said_code}))
    if (recorded_code in _SUCCESSOR_STATES.get(said_code, ())
            or said_code in _SUCCESSOR_STATES.get(recorded_code, ())):
        return FieldAgreement("country_of_manufacture", PARTIAL, _said_and_recorded(
            gettext_noop("country of manufacture %(said)s and %(recorded)s: predecessor and successor state"),
            said_code, recorded_code))
    return FieldAgreement("country_of_manufacture", DISAGREE, _said_and_recorded(
        gettext_noop("country of manufacture differs: %(said)s vs %(recorded)s"), said_code, recorded_code))


def _year(value: int | str | None) -> int | None:
    try:
        year = float(str(value).strip())  # spreadsheets turn 1975 into "1975.0"
    except ValueError:
        return None
    return int(year) if year.is_integer() else None


def _compare_year(said: int | str | None, recorded: int | str | None) -> FieldAgreement:
    said_year, recorded_year = _year(said), _year(recorded)
    if said_year is None or recorded_year is None:
        return _unknown("year_of_manufacture", said_year, recorded_year)
    if said_year == recorded_year:
        return FieldAgreement("year_of_manufacture", AGREE,
                              Message(gettext_noop("year of manufacture matches (%(said)s)"), {"said": said_year}))
    if abs(said_year - recorded_year) == 1:
        return FieldAgreement("year_of_manufacture", PARTIAL, _said_and_recorded(
            gettext_noop("year of manufacture within a year: %(said)s vs %(recorded)s"), said_year, recorded_year))
    return FieldAgreement("year_of_manufacture", DISAGREE, _said_and_recorded(
        gettext_noop("year of manufacture differs: %(said)s vs %(recorded)s"), said_year, recorded_year))


# --- match score -----------------------------------------------------------------------------
#
# Fellegi–Sunter: each piece of evidence adds log(P(evidence | same weapon) / P(evidence |
# different weapon)) to the prior log-odds, and the logistic of the sum is the probability that
# the record is the weapon. "Different weapon" means a registry record that a serial search
# would bring up for the query. ALL RATES BELOW ARE ASSUMPTIONS, to be re-estimated from traced
# cases (the benchmark tunes them); they are written as rates so that they can be.


@dataclass(frozen=True)
class LevelWeights:
    agree: float
    partial: float
    disagree: float

    def of(self, level: str) -> float:
        if level == AGREE:
            return self.agree
        if level == PARTIAL:
            return self.partial
        return self.disagree if level == DISAGREE else 0.0


def _log_ratio(same: float, different: float) -> float:
    return math.log(same / different)


def weights_from_rates(same: tuple[float, float, float],
                       different: tuple[float, float, float]) -> LevelWeights:
    """Weights of agree/partial/disagree from their rates among same and different weapons."""
    return LevelWeights(*(_log_ratio(m, u) for m, u in zip(same, different, strict=True)))


#                                          (agree, partial, disagree) rates
FIELD_WEIGHTS = {
    # Records found by serial mostly come from a few big factories, hence a high chance agreement.
    "manufacturer": weights_from_rates(same=(0.85, 0.05, 0.10), different=(0.15, 0.05, 0.80)),
    # Officers call many Kalashnikov-pattern rifles "AK-47": model is the noisiest field.
    "model": weights_from_rates(same=(0.70, 0.15, 0.15), different=(0.15, 0.10, 0.75)),
    "calibre": weights_from_rates(same=(0.85, 0.05, 0.10), different=(0.25, 0.05, 0.70)),
    # "Rifle" said of an assault rifle is a different UNROCA category: disagreement is common.
    "weapon_type": weights_from_rates(same=(0.70, 0.15, 0.15), different=(0.35, 0.10, 0.55)),
    "country_of_manufacture": weights_from_rates(same=(0.85, 0.05, 0.10), different=(0.30, 0.05, 0.65)),
    "year_of_manufacture": weights_from_rates(same=(0.60, 0.25, 0.15), different=(0.05, 0.10, 0.85)),
}

# Log-odds that a record a serial search brings up is the weapon, before looking at anything.
PRIOR_LOG_ODDS = -4.4


@dataclass(frozen=True)
class SerialBand:
    name: str
    max_cost: float
    min_similarity: float
    weight: float


EXACT_SERIAL_WEIGHT = _log_ratio(0.55, 0.002)
# Bands below an exact match, best first; the last band catches everything. Cost and similarity
# both bound a band, so that a lost prefix counts the same on long and short serials while one
# plain error in three characters is not "similar".
SERIAL_BANDS = (
    # look-alikes, a few "?", a swap, a lost prefix
    SerialBand("near-identical", 0.6, 0.85, _log_ratio(0.30, 0.006)),
    SerialBand("similar", 1.2, 0.80, _log_ratio(0.10, 0.02)),  # about one plain error
    SerialBand("weakly similar", math.inf, 0.60, _log_ratio(0.03, 0.08)),
    SerialBand("different", math.inf, 0.0, _log_ratio(0.02, 0.892)),
)
# Short or mostly unreadable serials collide by chance: serial evidence from the exact to the
# similar band is scaled by confirmed characters / this many.
FULL_EVIDENCE_CHARACTERS = 6

# The serial's evidence is a sum of weights times these features (see serial_features).
SERIAL_FEATURES = ("identical", "near-identical", "similar", "weakly similar", "different")


@dataclass(frozen=True)
class MatchWeights:
    """Every weight of the match score: the prior, the serial's, and each field's by level."""

    prior: float
    serial: dict[str, float]  # SERIAL_FEATURES -> weight
    fields: dict[str, LevelWeights]
    source: str = "assumed rates"

    def as_dict(self) -> dict:
        return {"source": self.source, "prior": self.prior, "serial": dict(self.serial),
                "fields": {name: [w.agree, w.partial, w.disagree] for name, w in self.fields.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> MatchWeights:
        return cls(prior=float(data["prior"]),
                   serial={name: float(data["serial"][name]) for name in SERIAL_FEATURES},
                   fields={name: LevelWeights(*map(float, data["fields"][name])) for name in FIELDS},
                   source=str(data.get("source", "")))


ASSUMED_WEIGHTS = MatchWeights(
    prior=PRIOR_LOG_ODDS,
    serial={"identical": EXACT_SERIAL_WEIGHT, **{band.name: band.weight for band in SERIAL_BANDS}},
    fields=FIELD_WEIGHTS,
)


def _shipped_weights() -> MatchWeights:
    """Weights fitted on identified cases and shipped with salw, or the assumed ones."""
    try:
        text = resources.files("salw.tracing").joinpath("data/match_weights.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return ASSUMED_WEIGHTS
    return MatchWeights.from_dict(json.loads(text))


WEIGHTS = _shipped_weights()


def serial_band(serial: SerialExplanation) -> str:
    if not serial.compared:
        return "not compared"
    if serial.exact:
        return "identical"
    return _band_of(serial).name


def _band_of(serial: SerialExplanation) -> SerialBand:
    return next(band for band in SERIAL_BANDS
                if serial.cost <= band.max_cost and serial.similarity >= band.min_similarity)


def serial_features(serial: SerialExplanation) -> dict[str, float]:
    """How much of each SERIAL_FEATURES weight the comparison earns.

    Up to the "similar" band the cost moves the evidence linearly from one band's weight to the
    next (exact at cost 0, near-identical at 0.6, similar at 1.2), so that of two close readings
    the closer one ranks first; that evidence is scaled down for short or half-read serials.
    """
    features = dict.fromkeys(SERIAL_FEATURES, 0.0)
    if not serial.compared:
        return features
    band = "identical" if serial.exact else _band_of(serial).name
    if band not in ("identical", "near-identical", "similar"):
        features[band] = 1.0
        return features
    evidence = min(1.0, serial.confirmed_characters / FULL_EVIDENCE_CHARACTERS)
    near, similar = SERIAL_BANDS[0], SERIAL_BANDS[1]
    if serial.cost <= near.max_cost:
        share = serial.cost / near.max_cost
        features["identical"], features["near-identical"] = evidence * (1 - share), evidence * share
    else:
        share = min(1.0, (serial.cost - near.max_cost) / (similar.max_cost - near.max_cost))
        features["near-identical"], features["similar"] = evidence * (1 - share), evidence * share
    return features


def serial_weight(serial: SerialExplanation, weights: MatchWeights = WEIGHTS) -> float:
    """Log-likelihood ratio of the serial comparison (0 when either serial is unknown)."""
    return sum(weights.serial[name] * value for name, value in serial_features(serial).items() if value)


def match_log_odds(serial: SerialExplanation, agreements: Iterable[FieldAgreement],
                   weights: MatchWeights = WEIGHTS) -> float:
    total = weights.prior + serial_weight(serial, weights)
    for agreement in agreements:
        total += weights.fields[agreement.field].of(agreement.level)
    return total


def match_score(serial: SerialExplanation, agreements: Iterable[FieldAgreement],
                weights: MatchWeights = WEIGHTS) -> float:
    """Probability (0..1) that the record is the weapon described by the query, on its own."""
    return logistic(match_log_odds(serial, agreements, weights))


def logistic(log_odds: float) -> float:
    if log_odds >= 0:
        return 1.0 / (1.0 + math.exp(-log_odds))
    odds = math.exp(log_odds)  # this way round exp cannot overflow
    return odds / (1.0 + odds)


MAX_DIFFERENCES_SHOWN = 5


def explain(serial: SerialExplanation, agreements: Sequence[FieldAgreement]) -> list[str]:
    """The lines shown under a candidate: the serial, its differences, then each compared field.

    Each line is a Message: stored as its English text, shown translated (``translated`` per line).
    """
    lines = [_serial_summary(serial)]
    if len(serial.differences) > MAX_DIFFERENCES_SHOWN:
        shown = serial.differences[: MAX_DIFFERENCES_SHOWN - 1]
        lines += shown + [Message(gettext_noop("… and %(count)s more serial differences"),
                                  {"count": len(serial.differences) - len(shown)})]
    else:
        lines += serial.differences
    lines += [agreement.explanation for agreement in agreements if agreement.level != UNKNOWN]
    missing = [_label(agreement.field) for agreement in agreements if agreement.level == UNKNOWN]
    if missing:
        lines.append(Message(gettext_noop("not compared (missing): %(fields)s"), {"fields": _listing(missing)}))
    return lines


def _listing(items: Sequence[Message]) -> Message:
    """``items`` separated by commas, each still a Message that ``translated`` renders.

    Its template ("%(item0)s, %(item1)s"...) is only placeholders: no catalogue holds it, so
    translating it leaves the separators and translates the items.
    """
    names = [f"item{number}" for number in range(len(items))]
    return Message(", ".join(f"%({name})s" for name in names), dict(zip(names, items, strict=True)))


# How the summary line puts each SERIAL_BANDS band below an exact match.
_BAND_SUMMARIES = {
    "near-identical": gettext_noop("serial near-identical: %(query)s vs %(record)s (similarity %(similarity)s)"),
    "similar": gettext_noop("serial similar: %(query)s vs %(record)s (similarity %(similarity)s)"),
    "weakly similar": gettext_noop("serial weakly similar: %(query)s vs %(record)s (similarity %(similarity)s)"),
    "different": gettext_noop("serial different: %(query)s vs %(record)s (similarity %(similarity)s)"),
}


def _serial_summary(serial: SerialExplanation) -> Message:
    if not serial.compared:
        return Message(gettext_noop("serial not compared"))
    if serial.exact:
        return Message(gettext_noop("serial identical (%(serial)s)"), {"serial": serial.candidate})
    return Message(_BAND_SUMMARIES[serial_band(serial)],
                   {"query": serial.query, "record": serial.candidate, "similarity": f"{serial.similarity:.2f}"})
