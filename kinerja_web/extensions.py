"""Flask extensions, created unbound and initialised in ``create_app``."""
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
mail = Mail()  # configured in notify.init_mail
compress = Compress()


def init_migrations(app):
    """Flask-Migrate, and with it Alembic, only where migrations run (the CLI, tests, backups):
    a web worker never imports them."""
    if "migrate" not in app.extensions:
        from pathlib import Path

        from flask_migrate import Migrate

        directory = app.config.get("MIGRATIONS_DIR") or str(Path(__file__).resolve().parent / "migrations")
        Migrate(app, db, directory=directory, render_as_batch=True)
    return app.extensions["migrate"]
