"""Vietnamese content: school names, news/document/resource titles and bodies."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

LEVELS = ("Trường THCS", "Trường Tiểu học", "Trường THPT", "Trường Mầm non", "Trường TH&THCS")
NAMES = ("Nguyễn Du", "Lê Quý Đôn", "Trần Phú", "Chu Văn An", "Kim Đồng", "Võ Thị Sáu",
         "Lý Thường Kiệt", "Ngô Quyền", "Phan Bội Châu", "Quang Trung", "Hai Bà Trưng",
         "Nguyễn Trãi", "Lê Lợi", "Đoàn Thị Điểm", "Thăng Long", "Yên Hòa", "Tân Định",
         "Hòa Bình", "Thủy Nguyên", "Lạc Long Quân", "Đinh Tiên Hoàng", "Bế Văn Đàn")
PLACES = ("Hải Hậu", "Ý Yên", "Thuận Thành", "Quận 3", "Thủ Dầu Một", "Long Biên",
          "Vĩnh Yên", "Thạch Bàn", "Tiên Du", "Kiến Xương")
SUBJECTS = ("Toán", "Ngữ văn", "Tiếng Anh", "Khoa học tự nhiên", "Lịch sử và Địa lí",
            "Tin học", "Giáo dục công dân", "Công nghệ", "Âm nhạc", "Mĩ thuật")
ACTIVITIES = ("hội thi “Rung chuông vàng”", "giải bóng đá học sinh", "ngày hội đọc sách",
              "chương trình “Áo ấm mùa đông”", "hoạt động trải nghiệm sáng tạo",
              "tuyên truyền an toàn giao thông", "phong trào kế hoạch nhỏ",
              "chuyên đề phòng chống bạo lực học đường", "tiết học ngoại khóa kĩ năng sống",
              "lễ kết nạp đội viên mới", "hội diễn văn nghệ", "trồng cây xanh")
TOPICS = ("Đổi mới phương pháp dạy học", "Ứng dụng công nghệ thông tin trong dạy học",
          "Phòng chống đuối nước", "Giáo dục giới tính", "An toàn thực phẩm",
          "Chuyển đổi số trong nhà trường", "Dạy học theo định hướng STEM",
          "Xây dựng trường học hạnh phúc", "Phòng chống ma túy học đường")
AUTHORS = ("Nguyễn Thị Hương", "Trần Văn Minh", "Lê Thị Thu Hà", "Phạm Quốc Bảo",
           "Đỗ Thị Lan", "Vũ Đức Thắng", "Tổ Văn phòng", "Liên đội")
ISSUERS = ("Phòng GD&ĐT", "Sở GD&ĐT", "UBND huyện", "Trường")


def school_name(rng: random.Random) -> str:
    """A Vietnamese school name."""
    return f"{rng.choice(LEVELS)} {rng.choice(NAMES)} - {rng.choice(PLACES)}"


def _sy(dt: datetime) -> str:
    """School year text of a date: 2021-2022."""
    first = dt.year if dt.month >= 9 else dt.year - 1
    return f"{first}-{first + 1}"


def news_title(rng: random.Random, dt: datetime) -> str:
    """A news title; some contain dates that are not the publication date."""
    nxt = dt + timedelta(days=rng.randint(3, 9))
    end = nxt + timedelta(days=4)
    week = max(1, (dt - datetime(dt.year if dt.month >= 9 else dt.year - 1, 9, 1,
                                  tzinfo=dt.tzinfo)).days // 7 + 2)
    prev = dt.replace(day=1) - timedelta(days=1)
    options = (
        f"Lịch công tác Tuần {week} ({nxt:%d/%m} - {end:%d/%m})",
        f"Kế hoạch tháng {nxt.month}/{nxt.year}",
        f"Hoạt động chuyên môn tổ {rng.choice(SUBJECTS)} tháng {prev.month}/{prev.year}",
        f"Liên đội tổ chức {rng.choice(ACTIVITIES)}",
        f"Sinh hoạt chuyên đề môn {rng.choice(SUBJECTS)} lớp {rng.randint(6, 9)}",
        f"Hội nghị cán bộ, viên chức năm học {_sy(dt)}",
        f"Kết quả thi học sinh giỏi cấp huyện năm học {_sy(dt)}",
        f"Bảng ba công khai năm học {_sy(dt)}",
        f"Thông báo lịch kiểm tra ngày {nxt.day}/{nxt.month}/{nxt.year}",
        f"Nhà trường tổ chức {rng.choice(ACTIVITIES)}",
        f"Thi đua chào mừng ngày Nhà giáo Việt Nam 20/11/{_sy(dt)[:4]}",
        f"Thông báo tuyển sinh lớp 6 năm học {dt.year}-{dt.year + 1}",
        f"Lớp {rng.randint(6, 9)}A{rng.randint(1, 6)} tham gia {rng.choice(ACTIVITIES)}",
        f"Tiết dạy minh họa môn {rng.choice(SUBJECTS)} của cô giáo {rng.choice(AUTHORS[:6])}",
        f"Chuyên đề “{rng.choice(TOPICS)}” tổ {rng.choice(SUBJECTS)}",
        f"Tuyên truyền {rng.choice(TOPICS).lower()} cho học sinh khối {rng.randint(6, 9)}",
        f"Đoàn kiểm tra của {rng.choice(ISSUERS)} làm việc tại trường ngày {nxt.day}/{nxt.month}",
    )
    return rng.choice(options)


def document_title(rng: random.Random, dt: datetime) -> tuple[str, str, str]:
    """A document: title, number (Số hiệu) and issuer."""
    number = f"{rng.randint(12, 980)}/{rng.choice(('PGDĐT', 'SGDĐT-GDTrH', 'KH-THCS', 'QĐ-UBND'))}"
    issuer = rng.choice(ISSUERS)
    topic = rng.choice((f"hướng dẫn nhiệm vụ năm học {_sy(dt)}", "tổ chức kiểm tra cuối kỳ",
                        "công tác chuyển đổi số trong trường học", "tuyển sinh đầu cấp",
                        f"kế hoạch dạy học môn {rng.choice(SUBJECTS)}",
                        "phòng chống dịch bệnh", "thực hiện ba công khai"))
    kind = rng.choice(("Công văn", "Quyết định", "Kế hoạch", "Thông báo"))
    return f"{kind} số {number} về việc {topic}", number, issuer


def resource_title(rng: random.Random) -> str:
    """An e-learning resource title."""
    grade = rng.randint(6, 9)
    return rng.choice((f"Bài giảng điện tử môn {rng.choice(SUBJECTS)} lớp {grade}",
                       f"Đề kiểm tra giữa kỳ I môn {rng.choice(SUBJECTS)} lớp {grade}",
                       f"Đề cương ôn tập học kỳ II môn {rng.choice(SUBJECTS)} lớp {grade}",
                       f"Kho học liệu số: {rng.choice(SUBJECTS)} {grade}"))


def body(rng: random.Random, title: str, school: str) -> str:
    """A few paragraphs of article text (HTML)."""
    paras = [
        f"Thực hiện kế hoạch năm học, {school} đã triển khai nội dung: {title.lower()}.",
        "Tham dự có đại diện Ban Giám hiệu, các đồng chí tổ trưởng chuyên môn, "
        "giáo viên chủ nhiệm và đông đảo học sinh toàn trường.",
        rng.choice(("Hoạt động đã diễn ra sôi nổi, thu hút sự tham gia nhiệt tình của học sinh.",
                    "Qua đó góp phần nâng cao chất lượng dạy và học của nhà trường.",
                    "Nhà trường đề nghị các tổ, nhóm chuyên môn nghiêm túc thực hiện.")),
    ]
    return "".join(f"<p>{p}</p>" for p in paras)
