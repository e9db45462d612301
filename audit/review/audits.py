"""Audits started on the desk: the form (a school of the user's districts or a new portal, rubric, year, the
self-score sheet and evidence files), the live progress page, and "Kiểm tra lại" from a school's result page.

Routes: GET/POST /audits/new, GET /audits/<id> (progress; once finished, 303 to the school's result),
POST /schools/<school_id>/again?year=… (form field run_id: the result looked at, which the new one is compared
with). A reviewer starts audits of schools of their districts only (404 otherwise, never saying which), an admin
of any, a school account of its own school only (kind "self"). Uploads may reach settings.upload_max_total on the
form's POST only; every other request keeps the app's small limit.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response as BaseResponse

from audit import labels
from audit.errors import InputError
from audit.jobs import AuditRequest, Upload, check_request, find_school_by_url, previous_inputs, resolve_school, \
    start_audit
from audit.report.changes import changes
from audit.review import access
from audit.review.auth import desk
from audit.review.model import Entry
from audit.rubric import load_all
from audit.school import normalise_url
from audit.schoolyear import parse_school_year, school_year_of
from audit.status import Audit
from audit.text import district_key, nfc

bp = Blueprint("audits", __name__)
User = Mapping[str, Any]
FIELDS = ("school_id", "url", "name", "district", "rubric", "year")
UPLOAD_SLACK = 1024 * 1024     # multipart headers and the form's own fields, beyond the files' bytes
UPLOAD_ENDPOINTS = frozenset({"audits.new"})
SHEET_ACCEPT = ".xlsx,.docx,.csv"
EVIDENCE_ACCEPT = ".pdf,.docx,.doc,.jpg,.jpeg,.png,.heic,.heif,.zip"
FINISHED = (Audit.DONE, Audit.FAILED)
STATUS = labels.AUDIT_STATUS


# who may do what
def is_school_account(user: User) -> bool:
    """A school's own account (it checks only its own school)."""
    return user.get("role") == access.SCHOOL


def may_start(user: User, school: Mapping[str, Any]) -> bool:
    """Whether the user may start an audit of this school (by its district now; a school account: its own)."""
    if is_school_account(user):
        return access.is_school(user) and school.get("id") == user.get("school_id")
    return access.can_see(user, school.get("district"))


def may_see(user: User, school_id: str, district: str | None, kind: str | None) -> bool:
    """Whether the user may see an audit or run of this school, district (then) and batch kind."""
    return access.can_see_row(user, school_id, district, kind)


def _user_district(user: User, typed: str) -> str:
    """The district a new portal is registered in: an admin's as typed, a reviewer's one of their own (as they
    spell it); InputError otherwise."""
    if not typed:
        raise InputError("quận/huyện", "trường mới cần quận/huyện")
    if access.is_admin(user):
        return typed
    own = {district_key(d): d for d in user.get("districts") or []}
    if district_key(typed) not in own:
        raise InputError("quận/huyện", "chỉ được thêm trường của quận/huyện mình phụ trách")
    return own[district_key(typed)]


# the form
def rubrics() -> list[dict[str, str]]:
    """The school rubrics offered on the form (id, title), loaded once per app."""
    cached: list[dict[str, str]] | None = current_app.extensions.get("audit_rubrics")
    if cached is None:
        cached = [{"id": r.id, "title": r.title} for r in load_all() if r.level == "school"]
        current_app.extensions["audit_rubrics"] = cached
    return cached


def current_year() -> str:
    """The school year of today."""
    return str(school_year_of(date.today()))


def _page(form: Mapping[str, str], error: str | None = None) -> str:
    """The form, filled with what the user typed (files must be chosen again)."""
    d, user = desk(), g.user
    own = None
    if is_school_account(user):
        own = _own_school(user)
    schools = [] if own else [s for s in d.store.schools() if may_start(user, s)]
    districts = None if access.is_admin(user) else list(user.get("districts") or [])
    return render_template("audit_new.html", form=form, error=error, own_school=own, schools=schools,
                           districts=districts, rubrics=rubrics(), settings=d.settings,
                           sheet_accept=SHEET_ACCEPT, evidence_accept=EVIDENCE_ACCEPT)


def _own_school(user: User) -> dict[str, Any]:
    """A school account's school (404 when it has none)."""
    try:
        return desk().store.school(str(user.get("school_id") or ""))
    except KeyError:
        abort(404)


def _read(file: FileStorage) -> Upload:
    return Upload(file.filename or "", file.read())


def uploads() -> tuple[Upload | None, tuple[Upload, ...]]:
    """The sheet and the evidence files of the form; inputs left empty (no file chosen) are ignored."""
    sheet = request.files.get("self_scores")
    evidence = tuple(_read(f) for f in request.files.getlist("evidence") if f.filename)
    return (_read(sheet) if sheet is not None and sheet.filename else None), evidence


def _school_of(user: User, form: Mapping[str, str], req: AuditRequest) -> dict[str, Any]:
    """The school the form names, checked for access (404) and, when it is new, registered once everything else
    of the request is known to be good."""
    d = desk()
    if is_school_account(user):
        return _own_school(user)
    if form["school_id"]:
        try:
            school = d.store.school(form["school_id"])
        except KeyError:
            abort(404)
        if not may_start(user, school):
            abort(404)
        return school
    if not form["url"]:
        raise InputError("trường", "hãy chọn một trường hoặc nhập địa chỉ cổng thông tin")
    known = find_school_by_url(d.store, normalise_url(form["url"])[0])
    if known is not None:
        if not may_start(user, known):
            abort(404)
        return known
    district = _user_district(user, form["district"])
    check_request(d.settings, req, req.rubric)
    return resolve_school(d.store, AuditRequest(year=req.year, url=form["url"], name=form["name"],
                                                district=district, rubric=req.rubric))


def _start(user: User, form: Mapping[str, str]) -> str:
    """Start the audit the form asks for; its id (InputError: nothing created)."""
    d = desk()
    sheet, evidence = uploads()
    kind = access.PRIVATE if is_school_account(user) else "desk"
    req = AuditRequest(year=form["year"], rubric=form["rubric"] or None, sheet=sheet, evidence=evidence, kind=kind)
    school = _school_of(user, form, req)
    req = AuditRequest(year=req.year, school_id=school["id"], rubric=req.rubric, sheet=sheet, evidence=evidence,
                       kind=kind)
    return start_audit(d.store, d.settings, d.dispatch, school, req, str(user["username"]))


@bp.route("/audits/new", methods=["GET", "POST"])
def new() -> BaseResponse | str | tuple[str, int]:
    """The form; a good POST starts the audit and goes to its progress page, a bad one shows the form again."""
    if request.method == "GET":
        return _page({**{k: "" for k in FIELDS}, "year": current_year()})
    form = {k: " ".join(nfc(request.form.get(k, "")).split()) for k in FIELDS}
    try:
        audit_id = _start(g.user, form)
    except InputError as exc:
        return _page(form, str(exc)), 400
    return redirect(url_for("audits.progress", audit_id=audit_id), code=303)


# progress
def _visible_audit(audit_id: str) -> dict[str, Any]:
    """The audit when the user may see it (by its run's district, else the district its batch was made with)."""
    d = desk()
    audit = d.store.audit(audit_id)
    if audit is None:
        abort(404)
    district = audit["district"] if audit["run_id"] is not None else \
        d.store.batch_districts(audit_id).get(audit["school_id"])
    if not may_see(g.user, audit["school_id"], district, audit.get("batch_kind") or audit["kind"]):
        abort(404)
    return audit


def stage(audit: Mapping[str, Any]) -> str:
    """What the audit is doing, in words."""
    progress = audit.get("progress") or {}
    if audit["status"] == "queued":
        return "Chờ máy chạy nhận việc."
    if audit["status"] == "failed":
        return "Không kiểm tra được."
    if audit["status"] == "done":
        return "Đã kiểm tra xong."
    if not progress.get("crawled"):
        return "Đang đọc cổng thông tin của trường."
    if not progress.get("evidence_read"):
        return "Đang đọc văn bản minh chứng."
    return "Đang chấm điểm theo bộ tiêu chí."


@bp.get("/audits/<audit_id>")
def progress(audit_id: str) -> BaseResponse | str:
    """The audit's live progress (refreshed every 2 s while it runs); once finished, its school's result."""
    audit = _visible_audit(audit_id)
    if audit["status"] in FINISHED and audit["run_id"] is not None:
        return redirect(url_for("pages.school", batch_id=audit["id"], school_id=audit["school_id"]), code=303)
    school = desk().store.school(audit["school_id"])
    label, tone = STATUS.get(audit["status"], (audit["status"], "info"))
    files = [u for u in audit["uploads"] if u.get("role") == "evidence"]
    sheet = next((u for u in audit["uploads"] if u.get("role") == "self_scores"), None)
    return render_template("audit_progress.html", audit=audit, school=school, status_label=label, tone=tone,
                           stage=stage(audit), running=audit["status"] not in FINISHED, p=audit["progress"],
                           evidence_files=files, sheet=sheet)


# "Kiểm tra lại"
def _shown_run(user: User, school_id: str, year: str, text: str | None) -> int | None:
    """The run of the result the user is looking at (posted with the button), when it is one of this school and
    year the user may see; else None."""
    if not text or not text.isdigit():
        return None
    run = desk().store.run_result(int(text), with_result=False)
    if run is None or run["school_id"] != school_id or run["year"] != year:
        return None
    return run["run_id"] if may_see(user, school_id, run["district"], run["kind"]) else None


@bp.post("/schools/<school_id>/again")
def again(school_id: str) -> BaseResponse | tuple[str, int]:
    """Audit the school again for the year (?year=), with the inputs of its newest audit (else the registry's),
    compared with the result looked at (form field run_id); then its progress page."""
    d, user = desk(), g.user
    try:
        school = d.store.school(school_id)
    except KeyError:
        abort(404)
    if not may_start(user, school):
        abort(404)
    kind = access.PRIVATE if is_school_account(user) else "desk"
    try:
        year = str(parse_school_year(nfc(request.values.get("year", ""))))
    except ValueError as exc:
        return render_template("error.html", message=f"Không kiểm tra lại được: {exc}", status=400), 400
    run_id = _shown_run(user, school_id, year, request.form.get("run_id"))
    previous = previous_inputs(d.store, school, year, run_id,
                               usable=lambda a: may_see(user, school_id, a.get("district"),
                                                        a.get("batch_kind") or a.get("kind")))
    try:
        audit_id = start_audit(d.store, d.settings, d.dispatch, school,
                               AuditRequest(year=year, school_id=school_id, kind=kind), str(user["username"]),
                               previous)
    except InputError as exc:
        return render_template("error.html", message=f"Không kiểm tra lại được: {exc}", status=400), 400
    return redirect(url_for("audits.progress", audit_id=audit_id), code=303)


def recheck_form(entry: Entry) -> dict[str, Any] | None:
    """The "Kiểm tra lại" button of a school page (None when the user may not start an audit of the school)."""
    user = g.user
    try:
        school = desk().store.school(entry.school["id"])
    except KeyError:
        return None
    if not may_start(user, school):
        return None
    return {"action": url_for("audits.again", school_id=school["id"], year=entry.year), "run_id": entry.run_id}


def changes_for(entry: Entry) -> dict[str, Any] | None:
    """What changed since the result the entry's audit was started from ("Kiểm tra lại"), when there is one the
    user may see: changes() plus "previous" (run_id, batch_id, finished_at)."""
    user = g.user
    if entry.result is None or entry.run_id is None:
        return None
    store = desk().store
    run = store.run_result(entry.run_id, with_result=False)
    audit = store.audit(run["batch_id"]) if run is not None and run["batch_id"] else None
    if audit is None or not audit.get("previous_run_id") or audit["previous_run_id"] == entry.run_id:
        return None
    old = store.run_result(audit["previous_run_id"])
    if old is None or old["result"] is None or old["school_id"] != entry.school["id"] \
            or not may_see(user, old["school_id"], old["district"], old["kind"]):
        return None
    return {**changes(old["result"], entry.result),
            "previous": {k: old[k] for k in ("run_id", "batch_id", "finished_at")}}


# the app
def raise_upload_limit() -> None:
    """Before the CSRF check reads the form: the audit form's POST may carry settings.upload_max_total bytes
    of files (every other request keeps the app's MAX_CONTENT_LENGTH)."""
    if request.method == "POST" and request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = desk().settings.upload_max_total + UPLOAD_SLACK


def install(app: Flask) -> None:
    """The upload limit hook (install after the session check, before CSRFProtect), the pages, and the school
    page's "Kiểm tra lại" button and changes section (template globals recheck_form, audit_changes)."""
    app.before_request(raise_upload_limit)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(recheck_form=recheck_form, audit_changes=changes_for)
