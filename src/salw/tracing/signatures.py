"""Deletion signatures of marking keys: what the candidate index stores and what a query probes.

Two readings of one marking that differ by at most one edit (a wrong, missing or extra
character, or two swapped neighbours) share a *deletion signature*: the key with one character
deleted, or the key itself. Look-alike characters are already folded by ``marking_key``, so
"O" read for "0" costs nothing here. Each signature is a 32-bit hash: a record stores about
one per character of its key, so ten million records fit in well under a gigabyte.

Everything is computed on whole batches of keys with numpy, a batch being keys of one length.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from salw.tracing.domain import ONE_UNREADABLE, UNREADABLE_RUN, marking_key, without_factory_code

_MULTIPLIER = np.uint64(0x100000001B3)  # an odd 64-bit multiplier (FNV prime)
_LENGTH_SALT = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX_2 = np.uint64(0xC4CEB9FE1A85EC53)

# A dropped factory prefix is at most this many letters (tracing.domain's rule too).
MAX_PREFIX_LETTERS = 3
# Characters a query may hold where a record has something else, when guessing a second edit.
GUESSABLE = "".join(sorted(set(marking_key("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))))


def _codes(key: str) -> list[int]:
    return [ord(char) + 1 for char in key]


def _finish(hashes: np.ndarray, length: int) -> np.ndarray:
    """Mix a polynomial hash with the string's length and keep 32 well-spread bits."""
    with np.errstate(over="ignore"):
        mixed = hashes ^ (np.uint64(length) * _LENGTH_SALT)
        mixed ^= mixed >> np.uint64(33)
        mixed *= _MIX_1
        mixed ^= mixed >> np.uint64(33)
        mixed *= _MIX_2
        mixed ^= mixed >> np.uint64(33)
    return (mixed >> np.uint64(32)).astype(np.uint32)


def _powers(length: int) -> np.ndarray:
    powers = np.ones(length + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for exponent in range(1, length + 1):
            powers[exponent] = powers[exponent - 1] * _MULTIPLIER
    return powers


def whole_hashes(codes: np.ndarray) -> np.ndarray:
    """32-bit hash of each row of ``codes`` (keys of one length, one character code per column)."""
    rows, length = codes.shape
    hashes = np.zeros(rows, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in range(length):
            hashes = hashes * _MULTIPLIER + codes[:, column]
    return _finish(hashes, length)


def deletion_hashes(codes: np.ndarray) -> np.ndarray:
    """Hashes of every key with one character deleted: shape (rows, length).

    Deleting position j leaves prefix[:j] followed by suffix[j+1:]; with polynomial hashing
    that is prefix_hash(j) * P^(length-1-j) + suffix_sum(j+1), so all deletions of a key cost
    two passes over its characters.
    """
    rows, length = codes.shape
    powers = _powers(length)
    prefix = np.zeros((rows, length + 1), dtype=np.uint64)
    suffix = np.zeros((rows, length + 1), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in range(length):
            prefix[:, column + 1] = prefix[:, column] * _MULTIPLIER + codes[:, column]
        for column in range(length - 1, -1, -1):
            suffix[:, column] = suffix[:, column + 1] + codes[:, column] * powers[length - 1 - column]
        deleted = np.empty((rows, length), dtype=np.uint32)
        for column in range(length):
            combined = prefix[:, column] * powers[length - 1 - column] + suffix[:, column + 1]
            deleted[:, column] = _finish(combined, length - 1)
    return deleted


def _by_length(keys: Iterable[str]) -> dict[int, list[tuple[int, str]]]:
    groups: dict[int, list[tuple[int, str]]] = {}
    for position, key in enumerate(keys):
        if key:
            groups.setdefault(len(key), []).append((position, key))
    return groups


def _code_matrix(keys: list[str], length: int) -> np.ndarray:
    flat = np.fromiter((code for key in keys for code in _codes(key)), dtype=np.uint64,
                       count=len(keys) * length)
    return flat.reshape(len(keys), length)


def neighbourhood(keys: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """Signatures of many keys: (hashes, position of the key each came from).

    A key contributes itself and each of its one-character deletions.
    """
    hashes, owners = [], []
    for length, members in _by_length(keys).items():
        positions = np.fromiter((position for position, _ in members), dtype=np.int64,
                                count=len(members))
        codes = _code_matrix([key for _, key in members], length)
        hashes.append(whole_hashes(codes))
        owners.append(positions)
        if length > 1:
            hashes.append(deletion_hashes(codes).ravel())
            owners.append(np.repeat(positions, length))
    if not hashes:
        return np.empty(0, np.uint32), np.empty(0, np.int64)
    return np.concatenate(hashes), np.concatenate(owners)


def tail(key: str) -> str:
    """The key without a short leading run of letters and then of zeros ("AK012345" -> "12345").

    Clerks and officers drop factory prefixes (Latin or Cyrillic) and spreadsheets drop leading
    zeros; a record's tail is indexed too, so a reading without them still finds it.
    """
    letters = next((i for i, char in enumerate(key) if not char.isalpha()), len(key))
    rest = key[letters:] if 0 < letters <= MAX_PREFIX_LETTERS else key
    rest = rest.lstrip("0")
    return rest if rest and rest != key else ""


def record_signatures(keys: list[str], factory_codes: list[tuple[str, ...]] | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Everything the index stores for records with these marking keys.

    A record's own "?" is absorbed by deleting it, like a query's; a run of unknown length ("*")
    cannot be, so such keys are left to the search's other fields.
    """
    usable = [key if key and UNREADABLE_RUN not in key else "" for key in keys]
    hashes, owners = neighbourhood(usable)
    tails = [tail(key) for key in usable]
    if factory_codes:
        # A serial stamped after its factory code is indexed without it as well.
        tails += [without_factory_code(key, codes) for key, codes in zip(usable, factory_codes, strict=True)]
    tail_groups = _by_length(tails)
    extra_hashes, extra_owners = [hashes], [owners]
    for length, members in tail_groups.items():
        members = [(position % len(usable), key) for position, key in members]
        codes = _code_matrix([key for _, key in members], length)
        extra_hashes.append(whole_hashes(codes))
        extra_owners.append(np.fromiter((position for position, _ in members), dtype=np.int64,
                                        count=len(members)))
    return np.concatenate(extra_hashes), np.concatenate(extra_owners)


# --- what a query probes ---------------------------------------------------------------------

MAX_STARS_FILLED = 3  # an unreadable run "*" stands for up to this many characters


def readings(query_key: str) -> list[str]:
    """Ways to read a query key with its unreadable characters filled in.

    "*" (a run of unknown length) becomes zero to MAX_STARS_FILLED "?"; one "?" is tried as every
    guessable character, and the last remaining "?" is left for the deletion step to absorb.
    """
    keys = [query_key]
    if UNREADABLE_RUN in query_key:
        head, _, rest = query_key.partition(UNREADABLE_RUN)
        keys = [head + ONE_UNREADABLE * count + rest.replace(UNREADABLE_RUN, "")
                for count in range(MAX_STARS_FILLED + 1)]
    filled: list[str] = []
    for key in keys:
        if key.count(ONE_UNREADABLE) >= 1:
            position = key.index(ONE_UNREADABLE)
            filled += [key[:position] + char + key[position + 1:] for char in GUESSABLE]
        else:
            filled.append(key)
    return [key for key in dict.fromkeys(filled) if key]


def probe_hashes(query_keys: Iterable[str]) -> np.ndarray:
    """Signatures to look up for a query: its readings, their tails and all their deletions.

    A "?" left in a reading matches nothing on its own; deleting it is the one edit it uses.
    """
    keys = []
    for key in query_keys:
        keys.append(key)
        short = tail(key)
        if short:
            keys.append(short)
    hashes, _ = neighbourhood(keys)
    return np.unique(hashes)


def one_edit_away(query_key: str) -> list[str]:
    """Every key one substitution or insertion away from the query (for a second edit)."""
    variants = []
    for position, char in enumerate(query_key):
        variants += [query_key[:position] + other + query_key[position + 1:]
                     for other in GUESSABLE if other != char]
    for position in range(len(query_key) + 1):
        variants += [query_key[:position] + other + query_key[position:] for other in GUESSABLE]
    return variants
