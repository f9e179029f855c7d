"""``flask kinerja import-employees FILE --agency CODE [--dry-run]``: the preview printed, then the import
with a progress bar. The file is read and checked exactly as the admin page does."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import click
from sqlalchemy import select

from ..clock import today
from ..extensions import db
from ..models import Agency
from ..queries.imports import roster
from .columns import BY_KEY, shown
from .employees import check
from .reading import FileProblem, read_table

SHOWN = 200


def run(path: str, code: str, dry_run: bool) -> None:
    from ..workflow import imports as import_flow
    from ..workflow.base import TransitionError

    agency = db.session.scalar(select(Agency).where(Agency.code == code))
    if agency is None:
        raise click.ClickException(f"No agency with code {code!r}.")
    data = Path(path).read_bytes()
    try:
        table = read_table(data, path)
    except FileProblem as exc:
        raise click.ClickException(str(exc.message)) from None
    found = check(table, roster(agency), today())
    click.echo(f"{Path(path).name}: {found.rows} rows for {agency.name} ({agency.code})")
    for code_, params in found.file_errors:
        click.echo(f"  {shown(code_, params, file=True)}")
    if found.ignored:
        click.echo(f"  Columns not used: {', '.join(found.ignored)}")
    if not found.file_errors:
        click.echo(f"  employees created: {len(found.created)}, changed: {len(found.changed)}, "
                   f"deactivated: {len(found.deactivated)}; units created: {len(found.units_new)}, "
                   f"positions created: {len(found.positions_new)}, accounts created: {len(found.accounts_new)}")
    for row, column, code_, params in found.errors[:SHOWN]:
        header = BY_KEY[column].header if column in BY_KEY else column
        click.echo(f"  row {row}, {header}: {shown(code_, params)}")
    if len(found.errors) > SHOWN:
        click.echo(f"  ... and {len(found.errors) - SHOWN} more errors")
    db.session.rollback()
    if not found.ok:
        raise click.ClickException(f"{len(found.errors) + len(found.file_errors)} errors: nothing was imported.")
    if dry_run:
        click.echo("Dry run: nothing was imported.")
        return
    with click.progressbar(length=max(found.rows, 1), label="Importing", file=sys.stderr, show_pos=True) as bar:
        last = [0]

        def progress(done, total):
            bar.length = max(total, 1)
            bar.update(done - last[0])
            last[0] = done

        try:
            import_flow.import_employees_from_command_line(
                agency, table, filename=Path(path).name, sha256=hashlib.sha256(data).hexdigest(), progress=progress)
        except TransitionError as exc:
            raise click.ClickException(" ".join(str(m) for m in exc.messages)) from None
    click.echo("Imported.")
