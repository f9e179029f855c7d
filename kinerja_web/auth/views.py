"""Log in, log out, choose the interface language."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import PasswordField, StringField

from .. import access
from ..extensions import db, limiter
from ..forms import max_len, required
from ..models import User
from ..models.audit import record

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[required(), max_len(64)])
    password = PasswordField(_l("Password"), validators=[required(), max_len(200)])


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("planning.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        valid = user is not None and user.active and user.check_password(form.password.data)
        if valid and not access.agency_active(user):
            form.username.errors.append(
                _l("Your agency is deactivated in this system. Contact the province HR office."))
        elif valid:
            login_user(user)
            session.permanent = True
            record(user, "auth.login", user)
            db.session.commit()
            target = request.args.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("planning.home")
            return redirect(target)
        form.password.errors.append(_l("Wrong username or password."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_l("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language():
    code = request.form.get("locale", "")
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("planning.home")
    return redirect(target)
