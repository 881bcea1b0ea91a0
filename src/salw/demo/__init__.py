"""SYNTHETIC demonstration data for salw: clearly fictional, never a real registry.

Everything produced here is generated from a seed (same seed, same data) and must not be
mistaken for records of real weapons, people or groups:

- ``sierra_leone``: Sierra Leone's real administrative tree (provinces, districts with
  approximate centres) and plausible state holders, plus fictional non-state groups.
- ``serials``: manufacturer families and serial-number shapes, emitted in sequential
  production runs (near-neighbour serials exist; the same serial recurs under other makers).
- ``registry_rows``: streaming registry rows in the interchange.md §1 columns, and the same
  rows with a consistent chronological lifecycle (event) history.

Pure standard library; no Django imports, so benchmarks and tests can use it anywhere.
"""
