"""A programme's contributions (``queries.programmes.contributions``) shaped for its page: per programme RHK and
per agency, with totals. Python adds up per-agency rows (agencies × programme RHK), never people."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..queries.programmes import Contribution


@dataclass
class Total:
    rhk: int = 0
    people: int = 0
    indicators: int = 0
    attainment: float | None = None

    def add(self, c: Contribution) -> None:
        n = self.indicators + c.indicators
        if n:
            self.attainment = ((self.attainment or 0) * self.indicators + (c.attainment or 0) * c.indicators) / n
        self.indicators = n
        self.rhk += c.rhk
        self.people += c.people


@dataclass
class ResultRow:
    result: object
    total: Total = field(default_factory=Total)
    agencies: list = field(default_factory=list)  # (agency, Contribution) for every agency taking part


@dataclass
class AgencyRow:
    agency: object
    lead: bool
    total: Total = field(default_factory=Total)


@dataclass
class Summary:
    results: list[ResultRow]
    agencies: list[AgencyRow]
    total: Total


def summarise(programme, found: list[Contribution]) -> Summary:
    by_key = {(c.result_id, c.agency_id): c for c in found}
    members = sorted((m.agency for m in programme.members),
                     key=lambda a: (a.id != programme.lead_agency_id, a.name))
    total = Total()
    agencies = []
    for agency in members:
        row = AgencyRow(agency, agency.id == programme.lead_agency_id)
        if (None, agency.id) in by_key:
            row.total.add(by_key[None, agency.id])
            total.add(by_key[None, agency.id])
        agencies.append(row)
    results = []
    for result in programme.results:
        row = ResultRow(result)
        for agency in members:
            c = by_key.get((result.id, agency.id)) or Contribution(result.id, agency.id)
            row.total.add(c)
            row.agencies.append((agency, c))
        results.append(row)
    return Summary(results, agencies, total)
