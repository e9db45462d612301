"""Portal content pages (introduction, organisation, album, Q&A) and the visit counter widget."""
from __future__ import annotations

from audit.simulator.model import Counter, PortalSpec
from audit.simulator.vnfmt import esc

TEAMS = ("Tổ Toán - Tin", "Tổ Ngữ văn", "Tổ Ngoại ngữ", "Tổ Khoa học tự nhiên", "Tổ Văn phòng")
ALBUMS = ("Lễ khai giảng năm học mới", "Hội khỏe Phù Đổng cấp trường", "Ngày hội đọc sách",
          "Trải nghiệm thực tế tại làng nghề", "Lễ tri ân và trưởng thành học sinh lớp cuối cấp",
          "Hội thi giáo viên dạy giỏi cấp trường", "Vui Tết Trung thu", "Chào mừng ngày 20/11",
          "Hội diễn văn nghệ chào xuân", "Ngày hội STEM", "Giải bóng đá học sinh", "Tham quan bảo tàng",
          "Lễ kết nạp đội viên", "Hoạt động ngoại khóa kĩ năng sống", "Trồng cây xanh đầu xuân")
QUESTIONS = (("Khi nào nhà trường nhận hồ sơ chuyển trường?", "Nhà trường nhận hồ sơ vào các ngày làm việc trong tuần."),
             ("Học sinh nghỉ ốm cần thủ tục gì?", "Phụ huynh gửi giấy xin phép cho giáo viên chủ nhiệm."),
             ("Nhà trường có tổ chức bán trú không?", "Nhà trường tổ chức bán trú cho học sinh có nhu cầu."))


def intro(portal: PortalSpec, links: str = "") -> str:
    """The "Giới thiệu" page; `links` are extra links (e.g. "Thông tin công khai")."""
    return (f"<h1>Giới thiệu chung</h1><p>{esc(portal.name)} được thành lập năm 1998. Trải qua hơn 25 năm "
            "xây dựng và phát triển, nhà trường có 24 lớp với hơn 900 học sinh và 56 cán bộ, giáo viên, "
            f"nhân viên.</p><h2>Lịch sử hình thành</h2><p>Tiền thân là trường phổ thông cấp II của xã.</p>{links}")


def organisation(portal: PortalSpec, heading: str) -> str:
    """Ban Giám hiệu and the subject teams."""
    teams = "".join(f"<li>{t}: tổ trưởng {n}</li>" for t, n in zip(TEAMS, ("Nguyễn Thị Hằng", "Lê Văn Toàn",
                                                                         "Phạm Thu Trang", "Vũ Minh Đức",
                                                                         "Đỗ Thị Lan")))
    return (f"<h1>{esc(heading)}</h1><h2>Ban Giám hiệu</h2><ul><li>Hiệu trưởng: Nguyễn Văn Hùng</li>"
            f"<li>Phó Hiệu trưởng: Trần Thị Mai</li></ul><h2>Các tổ chuyên môn</h2><ul>{teams}</ul>")


def contact(portal: PortalSpec, heading: str) -> str:
    """The contact page."""
    return (f"<h1>{esc(heading)}</h1><p>{esc(portal.name)}</p><p>Địa chỉ: số 12 đường Trần Hưng Đạo</p>"
            "<p>Điện thoại: 0228 3812 345 – Email: c2truong@edu.vn</p>")


def album(heading: str, paths: list[str]) -> str:
    """A photo album index: one card per album page."""
    cards = "".join(f'<div class="album-item"><a href="{u}"><img src="/images/album/{i}.jpg" alt="">'
                    f'</a><p><a href="{u}">{a}</a> ({12 + 3 * i} ảnh)</p></div>'
                    for i, (a, u) in enumerate(zip(ALBUMS, paths), 1))
    return f'<h1>{esc(heading)}</h1><div class="album-list">{cards}</div>'


def album_page(title: str, index: int) -> str:
    """One album: a few photos."""
    photos = "".join(f'<img src="/images/album/{index}-{n}.jpg" alt="{esc(title)}">' for n in range(1, 7))
    return f'<h1>{esc(title)}</h1><div class="album-photos">{photos}</div>'


def qa(heading: str) -> str:
    """Questions from parents and the school's answers."""
    rows = "".join(f'<div class="qa-item"><p class="question"><b>Hỏi:</b> {q}</p><p class="answer">'
                   f"<b>Trả lời:</b> {a}</p></div>" for q, a in QUESTIONS)
    return f"<h1>{esc(heading)}</h1>{rows}<p><a href=\"#gui-cau-hoi\">Gửi câu hỏi</a></p>"


def number(value: int, fmt: str) -> str:
    """1.234.567, 1,234,567, 1 234 567 or 1234567."""
    sep = {"dots": ".", "commas": ",", "spaces": " ", "plain": ""}[fmt]
    return f"{value:,}".replace(",", sep)


def counter(spec: Counter | None, day: int) -> str:
    """The visit counter block in one of three markups; empty without a counter."""
    if spec is None:
        return ""
    total_l, today_l, online_l = spec.labels
    rows = ((online_l, number(spec.online, spec.fmt)), (today_l, number(spec.today(day), spec.fmt)),
            (total_l, number(spec.total(day), spec.fmt)))
    if spec.style == "table":
        cells = "".join(f"<tr><td>{k}:</td><td align=\"right\">{v}</td></tr>" for k, v in rows)
        return f'<div class="box thong-ke"><div class="box-title">Thống kê truy cập</div><table>{cells}</table></div>'
    if spec.style == "list":
        items = "".join(f'<li><span class="label">{k}</span> <span class="value">{v}</span></li>' for k, v in rows)
        return f'<div class="widget counter"><h3>Thống kê</h3><ul class="stats">{items}</ul></div>'
    return '<div class="counter">' + "<br>".join(f"{k}: {v}" for k, v in rows) + "</div>"
