"""Log in, log out, reset a forgotten password, choose the interface language."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, PasswordField, StringField, ValidationError

from .. import access, security
from ..extensions import db, limiter
from ..forms import max_len, required
from ..models import User
from ..notify import mail_enabled
from ..params import safe_next
from ..workflow import sessions
from . import reset

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


class ForgotForm(FlaskForm):
    name = StringField(_l("Username or e-mail address"), validators=[required(), max_len(200)])


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[required(), max_len(200)])
    confirm = PasswordField(_l("The new password again"), validators=[required(), max_len(200)])

    def validate_password(self, field):
        if len(field.data or "") < 8:
            raise ValidationError(_l("Choose a password of at least 8 characters."))

    def validate_confirm(self, field):
        if field.data != self.password.data:
            raise ValidationError(_l("The two passwords differ."))


def _reset_limit():
    return current_app.config.get("PASSWORD_RESET_RATE_LIMIT", "5 per 15 minutes")


@bp.route("/lupa-sandi", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    mail = mail_enabled()
    form = ForgotForm()
    if mail and form.validate_on_submit():
        reset.send_link(form.name.data)
        # The same answer whether or not the account exists: nothing to enumerate.
        return render_template("auth/forgot.html", form=None, mail=mail, sent=True)
    return render_template("auth/forgot.html", form=form, mail=mail, sent=False), 422 if form.errors else 200


@bp.route("/lupa-sandi/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token):
    user = reset.user_of(token)
    if user is None:
        return render_template("auth/reset.html", form=None), 410
    form = ResetForm()
    if form.validate_on_submit():
        reset.set_new_password(user, form.password.data)
        flash(_l("Your password is changed. Log in with the new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200


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
