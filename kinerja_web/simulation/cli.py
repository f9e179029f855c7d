"""``flask kinerja simulate AGENCY``: replay a finished period under a candidate rule set, with progress,
and print what the page shows (optionally writing the xlsx). Nothing stored is changed."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext


@click.command("simulate")
@click.argument("agency_code")
@click.option("--candidate", "candidate_code", help="The candidate's code (default: the agency's first).")
@click.option("--review", "review_id", type=int, help="Review period id (default: the latest that has ended).")
@click.option("--year", type=int, help="Replay the annual evaluations of this year instead.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), help="Also write the simulation here.")
@click.option("--batch", default=2000, show_default=True, help="Evaluations read per batch.")
@with_appcontext
def simulate(agency_code, candidate_code, review_id, year, xlsx_path, batch):
    """Show what a candidate rule change would do to an agency's final results; change nothing."""
    from sqlalchemy import select

    from ..evaluation.rule_sets import CandidateRules
    from ..extensions import db
    from ..models import Agency
    from . import replay as sim
    from .scope import candidates_of, reviews_of

    agency = db.session.scalar(select(Agency).where(Agency.code == agency_code))
    if agency is None:
        raise click.ClickException(f"No agency with code {agency_code!r}.")
    declared = [d for d in candidates_of(agency.code) if candidate_code in (None, d.record.code)]
    if not declared:
        raise click.ClickException(f"No candidate rule set {candidate_code or ''} declared for {agency_code!r}.")
    chosen = declared[0]
    reviews = reviews_of(agency.id)
    if year is None:
        ended = [r for r in reviews if r.ended and review_id in (None, r.id)]
        if not ended:
            raise click.ClickException("No such review period has ended in this agency.")
        review, year = ended[-1], ended[-1].year
    else:
        review = None
    label = f"{review.name} {year}" if review else f"annual {year}"
    click.echo(f"Candidate {chosen.record.code} v{chosen.record.version} ({chosen.plugin} {chosen.plugin_version}), "
               f"{agency.code}, {label}")
    total = sim.count(agency.id, review.id if review else None, year)
    with click.progressbar(length=total, label="Simulating", file=sys.stderr, show_pos=True) as bar:
        result = sim.replay(agency, CandidateRules(chosen), review.id if review else None, year, batch, bar.update)
    db.session.rollback()
    changed = result.changed
    click.echo(f"{result.total} final evaluations: {changed['capaian']} capaian, {changed['suggested']} suggested "
               f"ratings and {changed['predicate']} predikat would change; nothing was written.")
    for u in result.units:
        click.echo(f"  {u.name or '-'}: {u.people} evaluations, {u.capaian} capaian, {u.suggested} suggestions, "
                   f"{u.predicate} predikat")
    click.echo("Distribution (before -> after): " + ", ".join(
        f"{p} {result.before.get(p, 0)} -> {result.after.get(p, 0)}"
        for p in sorted(set(result.before) | set(result.after), key=str)))
    for m in result.movers[:50]:
        click.echo(f"  {m.name} ({m.nip}): {m.suggested_before} -> {m.suggested_after}, "
                   f"{m.predicate_before} -> {m.predicate_after}")
        for c in m.changes:
            click.echo(f"    {c.indicator[:60]}: {c.percent_before} ({_rule(c.rule_before)}) -> "
                       f"{c.percent_after} ({_rule(c.rule_after)})")
    if len(result.movers) > 50:
        click.echo(f"  … and {len(result.movers) - 50} more people (see --xlsx)")
    if xlsx_path:
        _write(xlsx_path, agency, chosen, review, year, result)
        click.echo(f"Wrote {xlsx_path}")


def _rule(ref) -> str:
    return f"{ref['code']} v{ref['version']} {ref['plugin']} {ref['plugin_version']}" if ref else "-"


def _write(path, agency, chosen, review, year, result) -> None:
    from ..export.stream import xlsx_chunks
    from .export import sheets
    from .scope import Scope

    s = Scope(agency, [chosen], chosen, [], review, year)
    with open(path, "wb") as out:
        for block in xlsx_chunks(sheets(s, result)):
            out.write(block)
