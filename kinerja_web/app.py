"""The application factory."""
from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from . import config as config_module
from .extensions import babel, csrf, db, init_migrations, limiter, login_manager
from .params import BoundedIntConverter
from .plugins import build_plugin_manager
from .registry import Registry
from .survey.admission import install as install_survey_admission


def create_app(config=None, plugins=None, web_only=False) -> Flask:
    """Build an app. ``plugins`` replaces entry-point discovery (tests); ``web_only`` leaves out
    what only the command line needs (Alembic), for the workers of a web server."""
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = BoundedIntConverter  # before any route is added
    config_module.load(app, config)
    app.config.setdefault("MAX_CONTENT_LENGTH", 3 * int(app.config["EVIDENCE_MAX_BYTES"]) + 1024 * 1024)

    pm = build_plugin_manager(app.config, plugins=plugins)
    app.extensions["kinerja"] = pm
    app.extensions["kinerja_registry"] = Registry.collect(pm)
    _plugin_templates(app, pm)

    db.init_app(app)
    if not web_only:
        init_migrations(app)
    install_survey_admission(app)  # the first before_request: a survey request it refuses runs no other
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    from .notify import init_mail  # mail (Flask-Mailman): notifications mailed after commit

    init_mail(app)

    from . import models  # noqa: F401  (register tables)
    from .admin import api_tokens, hierarchy, ikm, plugins, reopen_requests, status  # noqa: F401  (routes on the admin bp)
    from .admin.views import bp as admin_bp
    from .api.views import bp as api_bp
    from .assets import install as install_assets
    from .auth.views import bp as auth_bp
    from .cli import kinerja_cli
    from .completion import bp as completion_bp
    from .dashboard.views import bp as dashboard_bp
    from .development import bp as development_bp
    from .evaluation import batch, calibration_views, document_views, follow_up, steps  # noqa: F401  (routes on the blueprint)
    from .evaluation.views import bp as evaluation_bp
    from .execution import action_plans, daily, ikm_feed, reopen  # noqa: F401  (routes on the blueprint)
    from .execution.views import bp as execution_bp
    from .export.views import bp as export_bp
    from .help.views import bp as help_bp
    from .imports import bp as imports_bp
    from .imports import employee_views, progress_views, realization_views  # noqa: F401  (routes on the imports blueprint)
    from .planning import correction  # noqa: F401  (routes on the blueprint)
    from .planning.views import bp as planning_bp
    from .programme.views import bp as programme_bp
    from .queries import cache  # noqa: F401  (each commit of a counted row moves the dashboards' generation on)
    from .security import install as install_security
    from .simulation import bp as simulation_bp
    from .simulation import views as simulation_views  # noqa: F401  (routes on the simulation blueprint)
    from .survey import results  # noqa: F401  (routes on the survey blueprint)
    from .survey.views import bp as survey_bp
    from .tree.views import bp as tree_bp
    from .ui import install as install_ui
    from .workflow import standing  # noqa: F401  (each commit keeps the attainment read model of the plans it touched)

    app.register_blueprint(auth_bp)
    app.register_blueprint(planning_bp)
    app.register_blueprint(execution_bp)
    app.register_blueprint(evaluation_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp)
    app.register_blueprint(help_bp)
    app.register_blueprint(imports_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(survey_bp)
    app.register_blueprint(tree_bp)
    app.register_blueprint(export_bp)
    app.register_blueprint(simulation_bp)
    app.register_blueprint(programme_bp)
    app.register_blueprint(development_bp)
    app.register_blueprint(completion_bp)
    app.cli.add_command(kinerja_cli)
    install_ui(app)
    install_security(app)
    install_assets(app)

    @app.get("/healthz")
    def healthz():
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # the point is to answer, not to crash
            return jsonify(status="error", database="unreachable"), 503
        return jsonify(status="ok", database="ok")

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_template("error.html", code=400, csrf=True), 400

    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda exc, code=code: (
            render_template("error.html", code=code, message=None), code))
    return app


def _plugin_templates(app: Flask, pm) -> None:
    """Let the app find the templates plugins ship (``<package>/templates``) for their dashboard panels.

    The app's own templates come first, so a plugin cannot replace a page of the host.
    """
    from pathlib import Path

    from jinja2 import ChoiceLoader, FileSystemLoader

    folders = []
    for _name, plugin in pm.list_name_plugin():
        origin = getattr(plugin, "__file__", None)
        if origin and Path(origin).name == "__init__.py" and (Path(origin).parent / "templates").is_dir():
            folders.append(str(Path(origin).parent / "templates"))
    if folders:
        app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, FileSystemLoader(folders)])


def _select_locale():
    from flask import current_app, has_request_context

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, mail, background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL and foreign keys for SQLite; a no-op elsewhere."""
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


@login_manager.user_loader
def _load_user(session_id: str):
    """The user of a session id ``<user id>:<session version>``; a stale version is logged out.

    One statement loads the user and everything the layout shows (queries.layout).
    """
    from .params import to_id
    from .queries.layout import session_user

    user_part, _, version = (session_id or "").partition(":")
    user_id = to_id(user_part)
    if user_id is None or not version.isdigit():
        return None
    return session_user(user_id, int(version))


def registry_of(app) -> Registry:
    return app.extensions["kinerja_registry"]


__all__ = ["create_app", "g", "request", "registry_of"]
