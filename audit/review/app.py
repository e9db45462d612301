"""The app factory of the reviewers' desk (Flask, server-rendered, no JavaScript)."""
from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from audit.config import Settings, load_settings
from audit.jobs import Dispatch
from audit.report import fmt
from audit.review import api, audits, auth, files, labels, security, submissions, views
from audit.review.desk import Desk
from audit.review.secret import secret_key
from audit.store import Store


def _filters(app: Flask, settings: Settings) -> None:
    app.jinja_env.filters.update(num=fmt.num, signed=fmt.signed, day=labels.local_date,
                                 when=lambda iso: labels.local_time(iso, settings.timezone))
    app.jinja_env.globals.update(role_labels=labels.ROLE, status_labels=labels.CRITERION_STATUS,
                                 crawl_labels=labels.CRAWL_STATUS, posts_labels=labels.POSTS_STATUS)


def create_app(settings: Settings, store: Store | None = None, dispatch: Dispatch | None = None) -> Flask:
    """A new app over the store (opened from the settings when not given); started audits go to `dispatch`
    (default: the workers when a broker is configured, else the app's own threads)."""
    app = Flask(__name__)
    app.config.update(security.config(settings, secret_key(settings)))
    app.jinja_env.autoescape = True  # every template, whatever its name
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # the API's JSON in readable UTF-8
    app.extensions["review_desk"] = Desk(settings, store if store is not None else Store(settings), dispatch)
    auth.install(app)  # before CSRF: a request without a session is refused first
    audits.install(app)  # before CSRF too: the audit form's uploads may be larger than other requests
    CSRFProtect(app).exempt(api.bp)   # the API authenticates by bearer token, never by a session cookie
    app.register_blueprint(views.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(submissions.bp)
    app.register_blueprint(api.bp)
    security.install(app, settings.cookie_secure)
    _filters(app, settings)
    return app


def wsgi_app() -> Flask:
    """The app from the environment's settings, for a WSGI server: gunicorn 'audit.review.app:wsgi_app()'."""
    return create_app(load_settings())
