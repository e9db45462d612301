"""The reviewers' pages: batches, a batch's schools, one school's criteria and the decisions on them."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from audit.finals import ACTION_LABELS, DecisionError, decided_score
from audit.integrity import integrity_findings
from audit.report.fmt import safe_href
from audit.report.integrity import integrity_view, posts_counted
from audit.review import access, model
from audit.review.auth import desk
from audit.review.model import Entry
from audit.text import nfc

bp = Blueprint("pages", __name__)
NOTE_MAX = 2000


@bp.get("/")
def index() -> str:
    """The batches with schools this user may see."""
    return render_template("batches.html", batches=desk().batches(g.user))


@bp.get("/batch/<batch_id>")
def batch(batch_id: str) -> str:
    """A batch's visible schools with their totals and what is left to decide."""
    found = desk().batch(g.user, batch_id)
    if found is None:
        abort(404)
    info, entries = found
    return render_template("batch.html", batch=info, schools=[model.summary(e) for e in entries])


def _entry(batch_id: str, school_id: str) -> Entry:
    entry = desk().school(g.user, batch_id, school_id)
    if entry is None:
        abort(404)
    return entry


def _groups(entry: Entry) -> list[dict[str, Any]]:
    """The school's criteria cards, grouped as on the sheet (none before the result)."""
    if entry.result is None or entry.finals is None:
        return []
    d = desk()
    pages = model.page_index(d.store.pages(entry.run_id)) if entry.run_id is not None else {}
    rubric = d.rubric_of({"school": entry.school, "result": entry.result})
    return model.grouped_criteria(entry.result, entry.finals, rubric, pages)


def _integrity(entry: Entry) -> dict[str, Any]:
    """The integrity flags, read live from the store's history (a post deleted after the evaluation shows only
    later); the stored result's when there is no run to read; nothing before a result."""
    if entry.result is None or not posts_counted(entry.result):   # no post read: nothing to say either way
        return integrity_view(None)
    if entry.run_id is None:
        return integrity_view(entry.result.get("integrity"))
    return integrity_view(integrity_findings(desk().store, entry.school["id"], entry.year, entry.run_id))


def _school_page(batch_id: str, entry: Entry, errors: dict[str, str] | None = None,
                 form: dict[str, str] | None = None, notice: str | None = None) -> str:
    """The school page (with a refused decision's error and what the reviewer typed, or a notice); a school
    account's without decision forms or history."""
    groups = _groups(entry)
    criteria = [c for group in groups for c in group["criteria"]]
    deciding = access.can_decide(g.user)
    history = desk().store.decisions(entry.school["id"], entry.year, entry.school.get("district")) if deciding else []
    result = entry.result or {}
    return render_template("school.html", batch_id=batch_id, entry=entry, s=model.summary(entry), groups=groups,
                           discrepancy_ids=[c["id"] for c in criteria if c["discrepancy"]],
                           pending_ids=[c["id"] for c in criteria if c["source"] == "pending"],
                           history=model.history_rows(history, {c["id"]: c["title"] for c in criteria}),
                           actions=ACTION_LABELS, errors=errors or {}, form=form or {},
                           posts=model.post_rows(result), documents=model.document_rows(result),
                           school_href=safe_href(entry.school.get("url")), integrity=_integrity(entry),
                           can_decide=deciding, own=model.own_check(g.user, desk().batch_info(batch_id), entry),
                           notice=notice)


def school_page(batch_id: str, entry: Entry, notice: str) -> str:
    """The school page with a notice on top (a refused submission)."""
    return _school_page(batch_id, entry, notice=notice)


@bp.get("/batch/<batch_id>/school/<school_id>")
def school(batch_id: str, school_id: str) -> str:
    """One school: its criteria (discrepancies marked), proof, decisions and history."""
    return _school_page(batch_id, _entry(batch_id, school_id))


def parse_score(text: str) -> float | None:
    """A score typed by a reviewer ("4,5" or "4.5"); None when blank; DecisionError when not a number."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise DecisionError("Điểm phải là một số (ví dụ 4,5).") from None


def _validated(entry: Entry, form: dict[str, str]) -> tuple[str, float]:
    """(criterion id, decided score) of a posted decision; DecisionError (Vietnamese) when it cannot apply."""
    criterion = model.find_criterion(entry.result, form.get("criterion_id", ""))
    if criterion is None:
        raise DecisionError("Không có tiêu chí này trong kết quả của trường.")
    action = form.get("action", "")
    if action not in ACTION_LABELS:
        raise DecisionError("Hãy chọn một quyết định.")
    if len(form.get("note", "")) > NOTE_MAX:
        raise DecisionError(f"Ghi chú dài quá {NOTE_MAX} ký tự.")
    score = parse_score(form.get("score", "")) if action == "set" else None
    return criterion["id"], decided_score(criterion, action, score)


@bp.post("/batch/<batch_id>/school/<school_id>/decide")
def decide(batch_id: str, school_id: str) -> BaseResponse | tuple[str, int]:
    """Record a decision (appended to the history), then back to the criterion; errors change nothing; a school
    account never decides (403)."""
    if not access.can_decide(g.user):
        abort(403)
    entry = _entry(batch_id, school_id)
    if entry.result is None:
        abort(404)
    form = {k: nfc(request.form.get(k, "")) for k in ("criterion_id", "action", "score", "note")}
    try:
        criterion_id, value = _validated(entry, form)
    except DecisionError as exc:
        return _school_page(batch_id, entry, {form["criterion_id"]: str(exc)}, form), 400
    desk().store.add_decision(entry.school["id"], entry.year, criterion_id, form["action"], value,
                              form["note"].strip(), g.user["username"], entry.school.get("district"))
    flash(f"Đã lưu quyết định cho tiêu chí {criterion_id}.")
    target = url_for("pages.school", batch_id=batch_id, school_id=school_id)
    return redirect(f"{target}#c-{quote(criterion_id, safe='')}", code=303)
