"""A school submits one of its own finished checks: frozen, it then appears on its district's reviewers' desk."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, url_for
from werkzeug.wrappers import Response as BaseResponse

from audit.review import access, labels
from audit.review.auth import desk
from audit.review.model import Entry
from audit.review.views import school_page
from audit.store.submissions import SubmitError

bp = Blueprint("submissions", __name__)


def _submittable(batch_id: str, school_id: str) -> Entry:
    """The school's own check of this batch, for its own account (403 for any other role, 404 otherwise)."""
    if not access.is_school(g.user):
        abort(403)
    entry = desk().school(g.user, batch_id, school_id)
    audit = desk().store.audit(batch_id)
    if entry is None or audit is None or audit["kind"] != "self" or audit["school_id"] != school_id:
        abort(404)
    return entry


@bp.post("/batch/<batch_id>/school/<school_id>/submit")
def submit(batch_id: str, school_id: str) -> BaseResponse | tuple[str, int]:
    """Freeze the school's finished check as its submission; a second submit (or one not finished) is refused."""
    entry = _submittable(batch_id, school_id)
    try:
        done = desk().store.submit(batch_id, g.user["username"])
    except SubmitError as exc:
        return school_page(batch_id, entry, notice=f"Chưa nộp: {exc}."), 409
    when = labels.local_time(done["submitted_at"], desk().settings.timezone)
    seen_by = f"người kiểm tra của {done['district']}" if done["district"] else "người kiểm tra"
    flash(f"Đã nộp kết quả lúc {when}; {seen_by} đã thấy bài nộp này trên bàn kiểm tra.")
    return redirect(url_for("pages.school", batch_id=batch_id, school_id=school_id), code=303)
