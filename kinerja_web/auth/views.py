"""Log in, log out, choose the interface language."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, PasswordField, StringField

from .. import access, security
from ..extensions import db, limiter
from ..forms import max_len, required
from ..models import User
from ..params import safe_next
from ..workflow import sessions

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[required(), max_len(64)])
    password = PasswordField(_l("Password"), validators=[required(), max_len(200)])
    remember = BooleanField(_l("Keep me logged in on this device"))


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _home():
    return url_for("planning.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or _home())
    form = LoginForm()
    if form.validate_on_submit():
        name = form.username.data.strip()
        if security.throttled(name):
            minutes = int(current_app.config["LOGIN_FAILURE_WINDOW"]) // 60
            form.password.errors.append(_l(
                "Too many failed attempts. Wait %(minutes)d minutes, or ask your agency admin to reset the "
                "password.", minutes=minutes))
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalar(select(User).where(User.username == name))
        valid = security.check_password(user, form.password.data) and user.active
        if valid and not access.agency_active(user):
            form.username.errors.append(
                _l("Your agency is deactivated in this system. Contact the province HR office."))
        elif valid:
            login_user(user, remember=form.remember.data)
            session.permanent = True
            sessions.logged_in(user, name)
            return redirect(safe_next(request.args.get("next")) or _home())
        else:
            sessions.login_failed(name)
            form.password.errors.append(_l("Wrong username or password."))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    # Every copy of this session cookie, and every other session of this user, ends here.
    sessions.logged_out(current_user)
    logout_user()
    flash(_l("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language():
    code = request.form.get("locale", "")
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            sessions.set_locale(current_user, code)
    return redirect(safe_next(request.form.get("next")) or _home())
