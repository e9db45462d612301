"""Text of unseen posts: paired Vietnamese/English titles, excerpts (some with misleading dates), bodies."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Callable

from audit.simulator.unseen import vocab
from audit.simulator.unseen.fmt import dmy, esc, school_year

Titles = tuple[str, str]


def _week(at: datetime) -> int:
    """Teaching week number counted from 5 September."""
    start = datetime(at.year if at.month >= 9 else at.year - 1, 9, 5, tzinfo=at.tzinfo)
    return max(1, (at - start).days // 7 + 2)


def _next_week(at: datetime) -> tuple[datetime, datetime]:
    """Monday and Friday of the week after `at`."""
    monday = at + timedelta(days=7 - at.weekday())
    return monday, monday + timedelta(days=4)


def _plan(rng: random.Random, at: datetime) -> Titles:
    """Kế hoạch tuần 5 (03/10 - 07/10): dates of the coming week."""
    mon, fri = _next_week(at)
    return (f"Kế hoạch tuần {_week(mon)} ({mon:%d/%m} - {fri:%d/%m})",
            f"Week {_week(mon)} plan ({mon:%d/%m} - {fri:%d/%m})")


def _month_plan(rng: random.Random, at: datetime) -> Titles:
    """Lịch công tác tháng 10/2022."""
    nxt = (at.replace(day=1) + timedelta(days=32)).replace(day=1)
    return f"Lịch công tác tháng {nxt.month}/{nxt.year}", f"Work schedule for {nxt.month}/{nxt.year}"


def _exam(rng: random.Random, at: datetime) -> Titles:
    """Lịch kiểm tra cuối kì ngày 12/12/2022."""
    day = at + timedelta(days=rng.randint(4, 20))
    subject, subject_en = rng.choice(vocab.SUBJECTS)
    return (f"Lịch kiểm tra môn {subject} ngày {day.day}/{day.month}/{day.year}",
            f"{subject_en} test schedule on {day.day}/{day.month}/{day.year}")


def _activity(rng: random.Random, at: datetime) -> Titles:
    """Liên đội tổ chức …."""
    act, act_en = rng.choice(vocab.ACTIVITIES)
    who, who_en = rng.choice((("Liên đội", "The Pioneer team"), ("Nhà trường", "The school"),
                              ("Chi đoàn", "The Youth Union"), (f"Lớp {rng.randint(6, 9)}A{rng.randint(1, 8)}",
                                                                  "A class")))
    return f"{who} tổ chức {act}", f"{who_en} holds {act_en}"


def _workshop(rng: random.Random, at: datetime) -> Titles:
    """Chuyên đề môn Toán lớp 7."""
    subject, subject_en = rng.choice(vocab.SUBJECTS)
    grade = rng.randint(6, 9)
    return f"Chuyên đề môn {subject} lớp {grade}", f"{subject_en} workshop for grade {grade}"


def _training(rng: random.Random, at: datetime) -> Titles:
    """Tập huấn … cho giáo viên."""
    topic, topic_en = rng.choice(vocab.TOPICS)
    return f"Tập huấn “{topic}” cho giáo viên", f"Teacher training on {topic_en}"


def _celebrate(rng: random.Random, at: datetime) -> Titles:
    """Chào mừng ngày Nhà giáo Việt Nam 20/11."""
    events = [(vi, en) for vi, en, months in vocab.EVENTS if at.month in months]
    if not events:
        return _activity(rng, at)
    event, event_en = rng.choice(events)
    return f"Các hoạt động chào mừng {event}", f"Activities celebrating {event_en}"


def _year_event(rng: random.Random, at: datetime) -> Titles:
    """Sơ kết học kì I năm học 2022-2023."""
    sy = school_year(at)
    vi, en = {9: ("Lễ khai giảng", "Opening ceremony"), 10: ("Hội nghị cán bộ, viên chức", "Staff conference"),
              1: ("Sơ kết học kì I", "First-term review"), 5: ("Tổng kết", "Closing ceremony"),
              6: ("Tổng kết", "Closing ceremony")}.get(at.month, ("Hội nghị cha mẹ học sinh", "Parents' meeting"))
    return f"{vi} năm học {sy}", f"{en} of the {sy} school year"


def _lesson(rng: random.Random, at: datetime) -> Titles:
    """Tiết dạy minh họa môn Tin học của cô giáo …."""
    subject, subject_en = rng.choice(vocab.SUBJECTS)
    teacher = rng.choice(vocab.AUTHORS[:6])
    return f"Tiết dạy minh họa môn {subject} của giáo viên {teacher}", f"Model {subject_en} lesson by {teacher}"


def _result(rng: random.Random, at: datetime) -> Titles:
    """Kết quả hội thi … cấp huyện."""
    subject, subject_en = rng.choice(vocab.SUBJECTS)
    return (f"Học sinh đạt giải cao trong kì thi học sinh giỏi môn {subject}",
            f"Students win prizes in the {subject_en} olympiad")


def _talk(rng: random.Random, at: datetime) -> Titles:
    """Tuyên truyền … cho học sinh khối 8."""
    topic, topic_en = rng.choice(vocab.TOPICS)
    grade = rng.randint(6, 9)
    vi = f"Tuyên truyền về {topic[0].lower() + topic[1:]} cho học sinh khối {grade}"
    return vi, f"Talk on {topic_en} for grade {grade}"


def _visit(rng: random.Random, at: datetime) -> Titles:
    """Đoàn kiểm tra … làm việc tại trường ngày 14/3."""
    day = at - timedelta(days=rng.randint(1, 4))
    issuer = rng.choice(vocab.ISSUERS[:3])
    return (f"Đoàn kiểm tra của {issuer} làm việc tại trường ngày {day.day}/{day.month}",
            f"Inspection visit on {day.day}/{day.month}")


NEWS_TITLES: tuple[Callable[[random.Random, datetime], Titles], ...] = (
    _plan, _month_plan, _exam, _activity, _activity, _workshop, _training, _celebrate, _year_event,
    _lesson, _result, _talk, _visit)
NOTICE_TITLES = (("Thông báo nghỉ học do thời tiết", "School closed due to the weather"),
                 ("Thông báo lịch họp cha mẹ học sinh", "Parents' meeting schedule"),
                 ("Thông báo thu hồ sơ học sinh", "Collection of student records"),
                 ("Thông báo về việc nghỉ Tết Nguyên đán", "Lunar New Year holiday"),
                 ("Thông báo lịch trực hè", "Summer duty roster"),
                 ("Thông báo kế hoạch kiểm tra sức khỏe học sinh", "Student health check plan"))


def news_titles(rng: random.Random, at: datetime, notice: bool) -> Titles:
    """A (Vietnamese, English) title pair; notice sections use "Thông báo …" titles."""
    if notice and rng.random() < 0.6:
        vi, en = rng.choice(NOTICE_TITLES)
        return (f"{vi} ({at:%m/%Y})", f"{en} ({at:%m/%Y})") if rng.random() < 0.5 else (vi, en)
    return rng.choice(NEWS_TITLES)(rng, at)


def excerpt(rng: random.Random, at: datetime, school: str, title: str, trap: bool) -> str:
    """The first sentence of a post; a trap one cites a date that is not the publication date."""
    if trap and rng.random() < 0.6:
        if rng.random() < 0.5:
            mon, fri = _next_week(at)
            return f"Kế hoạch tuần {_week(mon)} ({mon:%d/%m} - {fri:%d/%m}) của {school} gồm các nội dung sau."
        event = at - timedelta(days=rng.randint(1, 6))
        return f"Ngày {dmy(event)}, {school} đã triển khai nội dung: “{title}”."
    act, _ = rng.choice(vocab.ACTIVITIES)
    return rng.choice((f"Nhằm nâng cao chất lượng giáo dục toàn diện, {school} triển khai {act}.",
                       f"Hoạt động thu hút đông đảo giáo viên và học sinh {school} tham gia.",
                       f"Thực hiện kế hoạch năm học {school_year(at)}, nhà trường tổ chức {act}."))


def body(rng: random.Random, lead: str, author: str) -> str:
    """Article paragraphs (HTML): the lead, two more and the author."""
    paras = [lead,
             "Tham dự có đồng chí Hiệu trưởng, các đồng chí Phó Hiệu trưởng, tổ trưởng chuyên môn và "
             "giáo viên chủ nhiệm các lớp.",
             rng.choice(("Qua hoạt động, học sinh được rèn luyện kĩ năng và thêm yêu mái trường.",
                         "Nhà trường đề nghị các tổ, nhóm chuyên môn nghiêm túc triển khai thực hiện.",
                         "Buổi sinh hoạt kết thúc tốt đẹp, để lại nhiều ấn tượng cho thầy và trò."))]
    sign = f'<p style="text-align:right"><strong>{esc(author)}</strong></p>'
    return "".join(f"<p>{esc(p)}</p>" for p in paras) + sign


def document(rng: random.Random, at: datetime, notice: bool) -> tuple[str, str, str, str]:
    """A document: trích yếu title, Số hiệu, issuer and signer."""
    code = "TB-THCS" if notice else rng.choice(vocab.DOC_CODES)
    number = f"{rng.randint(5, 850)}/{code}"
    kind = "Thông báo" if notice else rng.choice(vocab.DOC_KINDS)
    topic = rng.choice(vocab.DOC_TOPICS).format(sy=school_year(at))
    return f"{kind} về việc {topic}", number, rng.choice(vocab.ISSUERS), rng.choice(vocab.SIGNERS)
