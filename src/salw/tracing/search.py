"""Marking search: from a described weapon to the registry records most likely to be it.

1. Candidates: records that share a deletion signature with a reading of the query's serial
   (one edit apart once look-alikes are folded; unreadable characters guessed). When those do
   not already include a near-identical serial, a second, wider round allows two edits.
2. Cheap ranking of all candidates with numpy: field agreements (computed once per distinct
   value) plus an approximate serial distance.
3. Exact scoring of the best of them with ``tracing.domain`` (the same rules that explain a
   match to the officer), best first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salw.tracing import domain
from salw.tracing.candidates import CandidateIndex, character_code, sketch
from salw.tracing.domain import (
    SERIAL_BANDS,
    FieldAgreement,
    SerialExplanation,
    WeaponDescription,
    marking_key,
    without_factory_code,
)
from salw.tracing.signatures import one_edit_away, probe_hashes, readings

# How many candidates a query may bring up, and how many of them are scored exactly.
MAX_CANDIDATES = 20_000
EXACTLY_SCORED = 48
# A second-round signature shared by more records than this says nothing about the query.
MAX_WIDE_POSTING = 2_000
# Serial costs up to this are "near-identical" (see domain.SERIAL_BANDS): no wider round needed.
NEAR_IDENTICAL_COST = SERIAL_BANDS[0].max_cost
# Records a serial search would bring up compete for the probability (the population the
# weights of tracing.domain describe); those with a "different" serial do not.
OUT_OF_CONTENTION = SERIAL_BANDS[-1].name


@dataclass(frozen=True)
class Candidate:
    row: int
    score: float
    serial: SerialExplanation
    agreements: list[FieldAgreement]

    @property
    def explanation(self) -> list[str]:
        return domain.explain(self.serial, self.agreements)


class MarkingSearch:
    def __init__(self, index: CandidateIndex, vocabulary: domain.Vocabulary | None = None, *,
                 exactly_scored: int = EXACTLY_SCORED, weights: domain.MatchWeights = domain.WEIGHTS):
        self.index = index
        self.weights = weights
        self.vocabulary = vocabulary
        self.exactly_scored = exactly_scored
        self._field_weights: dict[tuple[str, object, object], float] = {}
        codes = getattr(vocabulary, "factory_codes", {}) or {}
        self._known_codes = sorted({marking_key(code) for record in codes.values() for code in record},
                                   key=len, reverse=True)

    def rank_all(self, query: WeaponDescription, *, top: int = 10) -> list[Candidate]:
        """Every active record ranked by the same rules, no candidate index: the recall ceiling."""
        key = marking_key(query.serial_number or "")
        if not key:
            return []
        rows = np.flatnonzero(~self.index.retired_rows())
        return self._rank(query, key, rows, top)

    def match(self, query: WeaponDescription, *, top: int = 10,
              allowed: np.ndarray | None = None) -> list[Candidate]:
        """The ``top`` best candidates, best first. ``allowed``: codes of visible jurisdictions."""
        key = marking_key(query.serial_number or "")
        if not key:
            return []
        rows = self._near(key, allowed)
        ranked = self._rank(query, key, rows, top)
        if len(rows) < top or not ranked or ranked[0].serial.cost > NEAR_IDENTICAL_COST:
            wider = self._wider(key, allowed)
            if len(wider):
                ranked = self._rank(query, key, np.union1d(rows, wider), top)
        return ranked

    # --- candidates -----------------------------------------------------------------------

    def _near(self, key: str, allowed: np.ndarray | None) -> np.ndarray:
        keys = readings(key)
        # A reading that starts with a factory code may belong to a record written without it.
        stripped = without_factory_code(key, self._known_codes)
        if stripped:
            keys += readings(stripped)
        rows = self.index.rows_sharing(probe_hashes(keys), max_rows=MAX_CANDIDATES)
        return self._visible(rows, allowed)

    def _wider(self, key: str, allowed: np.ndarray | None) -> np.ndarray:
        if key.count(domain.ONE_UNREADABLE) > 1 or domain.UNREADABLE_RUN in key:
            return np.empty(0, np.int64)
        rows = self.index.rows_sharing(probe_hashes(one_edit_away(key)), max_rows=MAX_CANDIDATES,
                                       max_posting=MAX_WIDE_POSTING)
        return self._visible(rows, allowed)

    def _visible(self, rows: np.ndarray, allowed: np.ndarray | None) -> np.ndarray:
        if allowed is None or not len(rows):
            return rows
        return rows[np.isin(self.index.column("jurisdiction")[rows], allowed)]

    # --- ranking --------------------------------------------------------------------------

    def _rank(self, query: WeaponDescription, key: str, rows: np.ndarray, top: int) -> list[Candidate]:
        if not len(rows):
            return []
        field_log_odds = self._field_log_odds(query, rows)
        estimate = field_log_odds + self._approximate_serial_weight(key, rows)
        keep = min(len(rows), max(self.exactly_scored, 4 * top))
        best = np.argpartition(-estimate, keep - 1)[:keep] if keep < len(rows) else np.arange(len(rows))
        # The field part of the estimate is already exact: only the serial needs the full rules.
        scored = []
        for i in best:
            serial = domain.serial_distance(query.serial_number, self.index.serial_key(int(rows[i])),
                                            self._factory_codes(int(rows[i])))
            log_odds = self.weights.prior + domain.serial_weight(serial, self.weights) + field_log_odds[i]
            scored.append((-log_odds, int(rows[i]), serial))
        scored.sort(key=lambda item: item[:2])
        rivals = np.array([-item[0] for item in scored if domain.serial_band(item[2]) != OUT_OF_CONTENTION])
        shares = [_share(-negative, rivals) for negative, _, _ in scored[:top]]
        return [self._candidate(query, row, float(share), serial)
                for (_, row, serial), share in zip(scored[:top], shares, strict=False)]

    def _approximate_serial_weight(self, key: str, rows: np.ndarray) -> np.ndarray:
        """Serial evidence from a cheap estimate of the edits between folded keys.

        The characters two keys share from the start plus those they share from the end leave the
        rest as the estimated edits: exact for one wrong, missing or extra character, two for a
        swap, more for errors far apart. Only the ranking of what gets scored exactly rests on it.
        """
        heads, tails, lengths = self.index.sketches(rows)
        query_heads, query_tails, query_length = sketch([key])
        prefix = _agreeing_run(heads, query_heads)
        suffix = _agreeing_run(tails, query_tails)
        lengths = lengths.astype(np.int32)
        shorter = np.minimum(lengths, int(query_length[0]))
        longer = np.maximum(np.maximum(lengths, int(query_length[0])), 1)
        distances = longer - np.minimum(prefix + suffix, shorter)
        similarity = 1.0 - distances / longer
        serial = self.weights.serial
        weights = np.full(len(rows), serial[SERIAL_BANDS[-1].name])
        for band in reversed(SERIAL_BANDS[:-1]):
            weights[(distances <= band.max_cost) & (similarity >= band.min_similarity)] = serial[band.name]
        weights[distances == 0] = serial["identical"]
        return weights

    def _field_log_odds(self, query: WeaponDescription, rows: np.ndarray) -> np.ndarray:
        """Sum of the field weights of each candidate, each distinct value compared only once."""
        total = np.zeros(len(rows))
        for name in domain.FIELDS:
            codes = self.index.column(name)[rows]
            distinct, positions = np.unique(codes, return_inverse=True)
            weights = np.array([self._field_weight(query, name, int(code)) for code in distinct])
            total += weights[positions]
        return total

    def _field_weight(self, query: WeaponDescription, name: str, code: int) -> float:
        value = self.index.value(name, code)
        said = _said(query, name)
        cache_key = (name, said, value)
        weight = self._field_weights.get(cache_key)
        if weight is None:
            agreement = _compare_one(query, name, value, self.vocabulary)
            weight = self.weights.fields[name].of(agreement.level)
            if len(self._field_weights) > 100_000:
                self._field_weights.clear()
            self._field_weights[cache_key] = weight
        return weight

    def _candidate(self, query: WeaponDescription, row: int, score: float,
                   serial: SerialExplanation) -> Candidate:
        agreements = domain.field_agreement(query, self.record(row), self.vocabulary)
        return Candidate(row, score, serial, agreements)

    def _factory_codes(self, row: int) -> tuple[str, ...]:
        lookup = getattr(self.vocabulary, "factory_codes_of", None)
        if lookup is None:
            return ()
        maker = self.index.value("manufacturer", int(self.index.column("manufacturer")[row])) or ("", "")
        country = self.index.value("country_of_manufacture",
                                   int(self.index.column("country_of_manufacture")[row])) or ""
        return lookup(maker[1], country)

    def record(self, row: int) -> WeaponDescription:
        """The record at ``row`` as the scoring rules see it."""
        values = {name: self.index.value(name, int(self.index.column(name)[row]))
                  for name in domain.FIELDS}
        return _description(self.index.serial_key(row), values)


_UNREADABLE_CODE = character_code(domain.ONE_UNREADABLE)


def _agreeing_run(rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    """How many leading codes of each row agree with the query's ("?" agrees with anything)."""
    agree = ((rows == query) | (query == _UNREADABLE_CODE)) & (query != 0)
    return np.cumprod(agree, axis=1, dtype=np.int32).sum(axis=1)


def _share(log_odds: float, rivals: np.ndarray) -> float:
    """Probability that a candidate is the weapon, given that at most one record is.

    Each record's odds come from its own comparison; as the hypotheses "record i is the weapon"
    and "none is" exclude one another, P(i) = odds_i / (1 + sum of the odds of all records in
    contention, i included). Ten records that fit a half-read serial equally well thus get about
    a tenth each, not 0.99 each.
    """
    contenders = np.append(rivals, log_odds) if log_odds not in rivals else rivals
    peak = max(0.0, float(contenders.max()))
    return float(np.exp(log_odds - peak) / (np.exp(-peak) + np.exp(contenders - peak).sum()))


def _said(query: WeaponDescription, name: str) -> tuple:
    if name == "manufacturer":
        return (query.manufacturer, query.manufacturer_code)
    if name == "calibre":
        return (query.calibre, query.calibre_code)
    return (getattr(query, name),)


def _description(serial: str, values: dict) -> WeaponDescription:
    manufacturer = values.get("manufacturer") or ("", "")
    calibre = values.get("calibre") or ("", "")
    return WeaponDescription(
        serial_number=serial, manufacturer=manufacturer[0], manufacturer_code=manufacturer[1],
        model=values.get("model") or "", calibre=calibre[0], calibre_code=calibre[1],
        weapon_type=values.get("weapon_type") or "",
        country_of_manufacture=values.get("country_of_manufacture") or "",
        year_of_manufacture=values.get("year_of_manufacture"),
    )


def _compare_one(query: WeaponDescription, name: str, value, vocabulary) -> FieldAgreement:
    record = _description("", {name: value})
    position = domain.FIELDS.index(name)
    return domain.field_agreement(query, record, vocabulary)[position]
