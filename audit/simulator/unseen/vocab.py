"""Vietnamese (and English) word pools for unseen portals: schools, titles, labels, class names."""
from __future__ import annotations

LEVELS = (("Trường THCS", "Lower Secondary School", 6), ("Trường Tiểu học", "Primary School", 1),
          ("Trường THPT", "High School", 10), ("Trường TH&THCS", "Primary and Lower Secondary School", 6))
NAMES = ("Phan Đình Phùng", "Nguyễn Bỉnh Khiêm", "Trưng Vương", "Lê Hồng Phong", "Tô Hiến Thành",
         "Hoàng Hoa Thám", "Nguyễn Văn Cừ", "Trần Quốc Toản", "Lương Thế Vinh", "Mạc Đĩnh Chi",
         "Nguyễn Huệ", "Bùi Thị Xuân", "Võ Trường Toản", "Hùng Vương", "An Dương Vương",
         "Phù Đổng", "Đống Đa", "Ngọc Lâm", "Tân Mai", "Cầu Giấy", "Hiệp Phước", "Bình Chánh")
PLACES = ("Gia Lâm", "Đông Anh", "Nam Trực", "Giao Thủy", "Yên Phong", "Quận 7", "Dĩ An",
          "Tân Uyên", "Phúc Yên", "Vũ Thư", "Châu Thành", "Hoài Đức")
STREETS = ("Trần Hưng Đạo", "Nguyễn Văn Linh", "Lê Duẩn", "Hai Bà Trưng", "Điện Biên Phủ")

SUBJECTS = (("Toán", "Mathematics"), ("Ngữ văn", "Literature"), ("Tiếng Anh", "English"),
            ("Khoa học tự nhiên", "Natural Science"), ("Lịch sử và Địa lí", "History and Geography"),
            ("Tin học", "Informatics"), ("Công nghệ", "Technology"), ("Âm nhạc", "Music"),
            ("Mĩ thuật", "Fine Arts"), ("Giáo dục thể chất", "Physical Education"))
ACTIVITIES = (("hội thi “Tiếng hát học đường”", "the school singing contest"),
              ("giải cầu lông học sinh", "the student badminton tournament"),
              ("ngày hội sách và văn hóa đọc", "the book and reading festival"),
              ("chương trình “Tết yêu thương”", "the “Loving Tet” programme"),
              ("hoạt động trải nghiệm tại làng nghề", "a field trip to a craft village"),
              ("buổi ngoại khóa phòng cháy chữa cháy", "a fire safety session"),
              ("phong trào nuôi heo đất", "the piggy-bank savings campaign"),
              ("diễn đàn phòng chống bắt nạt học đường", "an anti-bullying forum"),
              ("lễ trưởng thành Đội", "the Young Pioneers coming-of-age ceremony"),
              ("hội khỏe Phù Đổng cấp trường", "the school Phu Dong sports games"),
              ("cuộc thi vẽ tranh “Em yêu biển đảo”", "the “I love our islands” drawing contest"),
              ("buổi chào cờ theo chủ đề", "a themed flag ceremony"))
TOPICS = (("Dạy học phát triển năng lực học sinh", "competence-based teaching"),
          ("Ứng dụng trí tuệ nhân tạo trong giảng dạy", "using AI in teaching"),
          ("Phòng chống tai nạn thương tích", "injury prevention"),
          ("Kĩ năng sống cho học sinh", "life skills for students"),
          ("Bảo vệ môi trường xanh - sạch - đẹp", "a green and clean environment"),
          ("Giáo dục STEM", "STEM education"),
          ("Văn hóa ứng xử trong trường học", "school conduct culture"),
          ("Sức khỏe tâm lí học đường", "school mental health"))
# Events with the months they are celebrated in.
EVENTS = (("ngày Nhà giáo Việt Nam 20/11", "Vietnamese Teachers' Day 20/11", (10, 11)),
          ("ngày thành lập Đoàn 26/3", "Youth Union Day 26/3", (3,)),
          ("ngày Quốc tế Phụ nữ 8/3", "International Women's Day 8/3", (2, 3)),
          ("ngày Sách và Văn hóa đọc Việt Nam 21/4", "Vietnam Book Day 21/4", (4,)),
          ("Tết Trung thu", "the Mid-Autumn Festival", (9, 10)),
          ("ngày thành lập Quân đội nhân dân Việt Nam 22/12", "Vietnam People's Army Day 22/12", (12,)))
AUTHORS = ("Trần Thị Mai", "Nguyễn Văn Hùng", "Lê Thị Ngọc Ánh", "Phạm Minh Tuấn", "Hoàng Thị Yến",
           "Đặng Quang Huy", "Bộ phận truyền thông", "Tổ Văn phòng", "Liên đội", "Chi đoàn giáo viên")
ISSUERS = ("Phòng Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo", "UBND huyện", "Nhà trường")
DOC_CODES = ("KH-THCS", "PGDĐT", "SGDĐT-GDTrH", "QĐ-UBND", "TB-TH", "CV-PGDĐT", "KH-PGDĐT")
DOC_TOPICS = ("hướng dẫn thực hiện nhiệm vụ năm học {sy}", "tổ chức kiểm tra đánh giá cuối học kì",
              "tăng cường công tác phòng chống dịch bệnh", "triển khai chuyển đổi số trong trường học",
              "tổ chức các hoạt động hè", "bồi dưỡng thường xuyên giáo viên năm học {sy}",
              "thực hiện chương trình giáo dục phổ thông 2018", "công tác an ninh trật tự trường học",
              "kế hoạch thời gian năm học {sy}", "tổ chức thi học sinh giỏi cấp huyện")
DOC_KINDS = ("Công văn", "Kế hoạch", "Quyết định", "Hướng dẫn", "Thông báo")
SIGNERS = ("Nguyễn Thị Thanh Hương", "Vũ Văn Nam", "Đỗ Thị Hồng Nhung", "Lê Văn Thành")

# News section labels (the first word pool) and document labels.
NEWS_LABELS = ("Tin tức", "Tin tức - Sự kiện", "Tin hoạt động", "Hoạt động nhà trường", "Bản tin",
               "Tin giáo dục", "Hoạt động chuyên môn", "Hoạt động Đội", "Tin Công đoàn", "Gương sáng")
NEWS_PARENTS = ("Tin tức", "Tin tức - Sự kiện", "Tin tức & Hoạt động")
DOC_PARENTS = ("Văn bản", "Văn bản - Công văn", "Văn bản chỉ đạo")
DOC_CHILDREN = ("Công văn của Phòng", "Văn bản của Sở", "Văn bản nhà trường", "Văn bản pháp quy")
RELATED_LABELS = ("Tin cùng chuyên mục", "Các tin khác", "Tin liên quan", "Bài viết khác")
DISCLOSURE_LABELS = ("Công khai", "Ba công khai", "Thông tin công khai")

# Class-name pools per role: meaningful English names and Vietnamese/abbreviated ones.
ROLES = ("wrap", "list", "item", "inner", "title", "date", "excerpt", "thumb", "meta", "pager",
         "side", "side_title", "menu", "sub", "related", "crumb", "content", "byline")
MEANINGFUL = {
    "wrap": ("content", "main-content", "box-news", "section-news", "container", "row", "col-md-8"),
    "list": ("news-list", "list-news", "post-list", "articles"),
    "item": ("news-item", "post-item", "item-news", "article-item", "entry"),
    "inner": ("item-inner", "post-body", "media-body", "caption"),
    "title": ("news-title", "post-title", "title", "entry-title"),
    "date": ("news-date", "date", "post-date", "time"),
    "excerpt": ("news-summary", "summary", "excerpt", "sapo"),
    "thumb": ("news-thumb", "thumb", "post-image", "img-news"),
    "meta": ("news-meta", "meta", "post-meta", "info"),
    "pager": ("pagination", "paging", "pager", "page-nav"),
    "side": ("sidebar", "widget", "box-right", "right-col"),
    "side_title": ("widget-title", "box-title", "heading"),
    "menu": ("main-menu", "nav", "menu-top", "navbar-nav"),
    "sub": ("sub-menu", "dropdown-menu", "submenu"),
    "related": ("related-news", "other-news", "news-other", "related"),
    "crumb": ("breadcrumb", "breadcrumbs", "path"),
    "content": ("article-content", "entry-content", "news-detail", "detail"),
    "byline": ("article-date", "entry-meta", "post-info", "detail-time"),
}
ABBREV = {
    "wrap": ("ct", "mn-ct", "bx", "khung", "wr", "k-giua"),
    "list": ("nws-lst", "lst-tt", "ds-tin", "bv-list"),
    "item": ("nws-itm", "itm-tt", "bv-it", "tt-item", "n-itm"),
    "inner": ("itm-in", "nd", "bv-nd"),
    "title": ("nws-ttl", "ttl", "tt-tit", "bv-tt"),
    "date": ("nws-dt", "dt", "ngay", "tg"),
    "excerpt": ("nws-sum", "tomtat", "sum", "mota"),
    "thumb": ("nws-img", "anh", "img-tt", "thb"),
    "meta": ("nws-mt", "tt-info", "mt"),
    "pager": ("pg", "ph-tr", "pgn"),
    "side": ("sb", "cot-phai", "bx-r"),
    "side_title": ("bx-tit", "td-bx", "hd"),
    "menu": ("mnu", "mn-top", "dh"),
    "sub": ("mnu-sub", "sub", "dh-con"),
    "related": ("tin-khac", "tlq", "bv-khac"),
    "crumb": ("bc", "dd", "vitri"),
    "content": ("nd-bv", "ct-detail", "noidung"),
    "byline": ("tg-dang", "bv-info", "ngaydang"),
}
RANDOM_TAILS = ("card", "bx", "blk", "it", "row", "c", "k", "m", "w", "q")
