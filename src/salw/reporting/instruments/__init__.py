"""The instruments salw reports to, each a report definition in its own module."""

from __future__ import annotations

from salw.reporting.domain import ATT, IAFQ, POA, UNROCA


def definition_for(instrument: str):
    from salw.reporting.instruments.att import AttAnnualReport
    from salw.reporting.instruments.iafq import IafqReport
    from salw.reporting.instruments.poa import PoaNationalReport
    from salw.reporting.instruments.unroca import UnrocaReturn

    definitions = {ATT: AttAnnualReport, UNROCA: UnrocaReturn, POA: PoaNationalReport, IAFQ: IafqReport}
    if instrument not in definitions:
        raise KeyError(instrument)
    return definitions[instrument]()
