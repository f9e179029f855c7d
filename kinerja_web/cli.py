"""``flask kinerja …``: set up, demo data, plugins (introspection, scaffolding, docs), accounts."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from .extensions import db


@click.group("kinerja")
def kinerja_cli():
    """kinerja_web administration."""


def _registry():
    return current_app.extensions["kinerja_registry"]


@kinerja_cli.command("init")
@click.option("--demo/--no-demo", default=True, help="Load demo data when the database is empty.")
@with_appcontext
def init(demo):
    """Upgrade the database to the newest schema, then load demo data if it is empty."""
    from flask_migrate import upgrade

    from .extensions import init_migrations

    init_migrations(current_app)  # the web workers never load Alembic

    from . import demo as demo_module
    from .models import User

    upgrade()
    empty = db.session.scalar(select(User.id).limit(1)) is None
    if demo and empty:
        from .clock import today
        from .demo_action import seed_action_plans
        from .demo_activity import seed_activity, seed_evaluations
        from .demo_daily import seed_daily
        from .demo_development import seed_development

        demo_module.seed(_registry())
        seed_activity(today())
        seed_evaluations(today())
        seed_development(today())
        seed_daily(today())
        seed_action_plans(today())
        click.echo("Demo data loaded.")
        _print_accounts()
    elif demo:
        click.echo("Database already has data; demo data not loaded again.")
        _print_accounts()


def _print_accounts():
    from . import demo as demo_module

    click.echo(f"\nDemo accounts (password: {demo_module.DEMO_PASSWORD}):")
    for username, role in demo_module.accounts(_registry()):
        click.echo(f"  {username:<18} {role}")


@kinerja_cli.command("plugins")
@with_appcontext
def plugins():
    """List plugins, their versions, hooks and what each contributed."""
    for info in _registry().plugins:
        click.echo(f"{info.name} {info.version}")
        click.echo(f"  hooks: {', '.join(info.hooks) or '-'}")
        for hook, count in sorted(info.contributions.items()):
            click.echo(f"  {hook}: {count}")


@kinerja_cli.command("new-plugin")
@click.argument("name")
@click.option("--agency", metavar="CODE", help="The agency's code, unique across plugins (default: NAME).")
@click.option("--agency-name", metavar="NAME", help='The agency\'s name (default: "Dinas <Name>").')
@click.option("--directory", default="plugins", show_default=True, type=click.Path(file_okay=False),
              help="The folder the plugin's folder is written into.")
@with_appcontext
def new_plugin(name, agency, agency_name, directory):
    """Write a new agency plugin, kinerja-NAME, into DIRECTORY/NAME.

    It installs with one command, shows up in the app and passes its own tests
    at once; then replace its example indicators with the agency's own. See
    docs/plugins.md.
    """
    from .scaffold import ScaffoldError, scaffold

    taken = {code: d.plugin for code, d in _registry().agencies.items()}
    try:
        target = scaffold(name, directory, agency=agency, agency_name=agency_name, taken=taken)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote the plugin kinerja-{name} (package kinerja_{name}, agency {agency or name}) to {target}:")
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        click.echo(f"  {path}")
    click.echo("\nNext:")
    for command, why in ((f"pip install -e {target}", "into the app's environment"),
                         (f"pytest {target}", "its cases in tests/cases.toml"),
                         ("flask kinerja plugins", "then restart the app and open /admin/plugins")):
        click.echo(f"  {command:<{len(str(target)) + 17}}# {why}")


@kinerja_cli.command("plugin-docs")
@click.argument("path", default="docs/plugins.md", type=click.Path(exists=True, dir_okay=False))
@click.option("--check", is_flag=True, help="Change nothing; exit with 1 when the page is out of step.")
def plugin_docs(path, check):
    """Rewrite the contract section of docs/plugins.md from the hookspecs and the record types."""
    from .plugin_docs import rewrite

    try:
        changed = rewrite(path, check=check)
    except ValueError as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    if check and changed:
        raise click.ClickException(f"{path} is out of step with the hookspecs; run flask kinerja plugin-docs")
    click.echo(f"{path}: the contract is {'rewritten' if changed else 'up to date'}.")


@kinerja_cli.command("create-admin")
@click.argument("username")
@click.password_option()
@with_appcontext
def create_admin(username, password):
    """Create a province administrator account."""
    from .workflow import TransitionError, admin

    try:
        admin.create_province_admin(username, password)
    except TransitionError as exc:
        raise click.ClickException(" ".join(str(m) for m in exc.messages)) from None
    click.echo(f"Province administrator {username!r} created.")


@kinerja_cli.command("import-employees")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--agency", "code", required=True, help="Code of the agency, e.g. dinkes.")
@click.option("--dry-run", is_flag=True, help="Show what the import would do; change nothing.")
@with_appcontext
def import_employees(path, code, dry_run):
    """Import an agency's units, positions and employees from an xlsx or CSV file (as the admin page does).

    Prints what would be created, changed and deactivated and every row error; imports only a file
    without errors, in one transaction (all or nothing).
    """
    from .imports.cli import run

    run(path, code, dry_run)


@kinerja_cli.command("remind")
@with_appcontext
def remind():
    """Notify people whose required evidence is missing as an input deadline nears, and the people still
    incomplete for it with their supervisors (the completion list's late).

    Safe to run daily (cron): each reminder is sent once.
    """
    from .workflow import deadlines, late_reminders

    click.echo(f"{deadlines.remind() + late_reminders.remind_late()} reminders sent.")


@kinerja_cli.command("recompute")
@click.option("--dry-run", is_flag=True, help="Show what the current rules would give; change nothing.")
@click.option("--batch", default=2000, show_default=True, help="Evaluations read per batch.")
@with_appcontext
def recompute(dry_run, batch):
    """Compare final evaluations with what the current plugins and rules would compute.

    Final results are never rewritten: a plugin upgrade must not change a stored
    predikat. This only reports the differences, rule by rule, reading the
    evaluations in batches with bounded memory.
    """
    import gc
    import sys

    from .recompute import count_final, differences

    if not dry_run:
        raise click.ClickException("Final evaluations are never rewritten; run with --dry-run to compare.")
    # A province is millions of short-lived rows and numbers: the collector need not walk the app's
    # modules again and again (gc.freeze), nor run every 700 allocations. Restored afterwards, for a
    # caller that goes on (the tests).
    threshold = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        total, changed = count_final(), 0
        with click.progressbar(length=total, label="Recomputing", file=sys.stderr,
                               show_pos=True) as bar:
            for ev_id, name, period, lines in differences(batch, bar.update):
                changed += 1
                click.echo(f"Evaluation {ev_id} ({name}, {period}):")
                click.echo("\n".join(lines))
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
    db.session.rollback()
    click.echo(f"{changed} of {total} final evaluations would differ under the current rules; none was changed.")


@kinerja_cli.command("refresh")
@click.option("--check", is_flag=True, help="Only say whether the stored rows differ from the source rows.")
@with_appcontext
def refresh(check):
    """Rebuild the attainment read model (standing) from the realisations, plans and review periods.

    Every commit through the app keeps it current; run this after loading rows past the app (a bulk import
    into the database, a restore from another version) or to check that nothing drifted.
    """
    from sqlalchemy import func, select

    from .models import Standing
    from .workflow import standing

    if check:
        stored = sorted(tuple(r) for r in db.session.execute(select(*(getattr(Standing, c) for c in standing.COLUMNS))))
        fresh = standing.rows_of(db.session)
        stored_plans, fresh_plans = standing.stored_plan_rows(db.session), standing.plan_rows_of(db.session)
        db.session.rollback()
        if stored != fresh or stored_plans != fresh_plans:
            raise click.ClickException(f"The read model differs from the source rows ({len(stored)} indicator and "
                                       f"{len(stored_plans)} plan rows stored, {len(fresh)} and {len(fresh_plans)} "
                                       "computed): run flask kinerja refresh.")
        click.echo(f"The read model agrees with the source rows ({len(stored)} indicator rows, "
                   f"{len(stored_plans)} plan rows).")
        return
    standing.refresh(db.session)
    db.session.commit()
    click.echo(f"{db.session.scalar(select(func.count()).select_from(Standing))} standing rows rebuilt.")


@kinerja_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@with_appcontext
def backup_command(path, force):
    """Write a consistent backup of the database and the evidence files to PATH (a .tar.gz).

    Safe while the app serves. Schedule it daily from cron; see README.md, "Backups".
    """
    from . import backup as backups

    try:
        manifest = backups.backup(path, force=force)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    for warning in manifest["warnings"]:
        click.echo(f"warning: {warning}", err=True)
    counts = manifest["counts"]
    click.echo(f"Backup written to {path}: {manifest['dialect']} database at revision "
               f"{manifest['alembic_revision']}, {sum(counts['tables'].values())} rows in "
               f"{len(counts['tables'])} tables, {counts['evidence_files']} evidence files.")


@kinerja_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path, yes):
    """Replace the database and the evidence files with the backup at PATH.

    The archive is checked first (manifest, checksums, database kind); a damaged
    or foreign archive is refused and nothing is changed.
    """
    from . import backup as backups

    def confirm(manifest):
        counts = manifest["counts"]
        click.echo(f"Backup of {manifest['created_at']}: {manifest['dialect']} database at revision "
                   f"{manifest['alembic_revision']}, {sum(counts['tables'].values())} rows, "
                   f"{counts['evidence_files']} evidence files.")
        return yes or click.confirm("Replace the current database and evidence files with it?", default=False)

    try:
        manifest = backups.restore(path, confirm=confirm)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if manifest is None:
        click.echo("Restore cancelled; nothing was changed.")
        click.get_current_context().exit(1)
    click.echo(f"Restored the backup of {manifest['created_at']}.")
    if manifest["alembic_revision"] != backups.head_revision():
        click.echo("The backup predates this version of the app: run `flask kinerja init --no-demo` "
                   "to upgrade its schema.")


from .simulation.cli import simulate  # noqa: E402  (defined beside the simulation it runs)

kinerja_cli.add_command(simulate)
