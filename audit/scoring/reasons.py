"""Vietnamese reasons for reviewers: what was found, what is missing, how it compares."""
from __future__ import annotations

from audit.labels import DOC_FLAGS
from audit.text import vn_number
from audit.rubric.model import Criterion
from audit.scoring.outcomes import Outcome


def unverifiable(c: Criterion) -> str:
    """Why no machine verdict exists."""
    text = "Tiêu chí cần người đánh giá (không có kiểm tra tự động)"
    if c.evidence:
        text += f"; minh chứng yêu cầu: {c.evidence}"
    return text + "."


def not_tested(untested: list[Outcome]) -> str:
    """Why the checks could not run."""
    return "Chưa kiểm tra được: " + "; ".join(dict.fromkeys(o.detail for o in untested)) + "."


def verified(c: Criterion, outcomes: dict[str, Outcome], self_score: float | None,
             proposed: float, person_deductions: bool) -> str:
    """What the checks found and how the proposed score compares with the self-score."""
    verdicts = [("Đạt" if o.passed else "Chưa đạt") + f": {o.detail}" for o in outcomes.values()]
    text = "; ".join(verdicts) + f". Đề xuất {vn_number(proposed)}/{vn_number(c.max)} điểm"
    if self_score is None:
        text += "; trường chưa tự chấm tiêu chí này"
    elif round(self_score, 2) == proposed:
        text += ", khớp với điểm tự chấm"
    else:
        text += f", khác điểm tự chấm ({vn_number(self_score)})"
    text += "."
    if c.note:
        text += f" Lưu ý: {c.note}"
    if person_deductions:
        text += " Người đánh giá có thể trừ thêm theo các nội dung cần xem trực tiếp."
    return text


def doubtful(doubts: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """Why a verdict waits for a reviewer: the doubtful documents it rests on, with their flags in words."""
    files = "; ".join(f"{file} ({', '.join(DOC_FLAGS.get(flag, flag) for flag in flags)})" for file, flags in doubts)
    return f" Cần người đánh giá xem lại: điểm đề xuất dựa vào văn bản chưa chắc chắn: {files}."
