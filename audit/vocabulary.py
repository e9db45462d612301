"""Vocabulary as data: check kinds, form kinds, portal sections and their Vietnamese names.

No logic lives here; rubric files and detectors refer to these names.
"""
from __future__ import annotations

# Automatic web checks and the finding each one reads.
WEB_CHECKS: dict[str, str] = {
    "posts_per_year": "posts",
    "posts_per_week": "posts",
    "visits_per_day": "visits",
    "disclosure": "disclosure",
    "forms": "forms",
    "portal_sections": "portal_sections",
    "integration": "integration",
    "integration_share": "integration_share",
    "portal_posts_used": "department_posts",
}
DOCUMENT_CHECK = "documents"
MANUAL_CHECK = "manual"
CHECK_KINDS = frozenset(WEB_CHECKS) | {DOCUMENT_CHECK, MANUAL_CHECK}

# Required parameters of each check kind, and the optional ones.
CHECK_PARAMS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "manual": (frozenset(), frozenset()),
    "posts_per_year": (frozenset({"min"}), frozenset()),
    "posts_per_week": (frozenset({"min_avg"}), frozenset()),
    "visits_per_day": (frozenset({"min_avg"}), frozenset()),
    "disclosure": (frozenset(), frozenset({"per_school_year"})),
    "forms": (frozenset({"required"}), frozenset()),
    "portal_sections": (frozenset({"required"}), frozenset()),
    "integration": (frozenset({"domain"}), frozenset({"directory"})),
    "integration_share": (frozenset({"domain"}), frozenset()),
    "portal_posts_used": (frozenset({"portal", "min"}), frozenset()),
    "documents": (frozenset(), frozenset({"types", "keywords", "items", "count", "per_month",
                                          "school_year", "deadline"})),
}
COMMON_CHECK_PARAMS = frozenset({"kind", "name", "window"})

FORM_KINDS: dict[str, str] = {
    "leave_request": "mẫu đơn xin nghỉ học",
    "regrade_request": "mẫu đơn xin phúc khảo bài kiểm tra, bài thi",
    "admission_info": "thông tin tuyển sinh đầu cấp",
    "admin_procedure": "thủ tục hành chính",
    "other": "biểu mẫu khác",
}

PORTAL_SECTIONS: dict[str, str] = {
    "introduction": "giới thiệu",
    "organisation": "cơ cấu tổ chức",
    "contact": "liên hệ",
    "news": "tin tức",
    "documents": "văn bản chỉ đạo",
    "disclosure": "công khai",
    "elearning": "kho học liệu, bài giảng điện tử",
    "photo_album": "album ảnh",
    "qa": "hỏi đáp",
    "admin_procedures": "thủ tục hành chính",
}

# Decree 30/2020 Appendix III type codes, plus CV for a công văn and codes some offices use.
DOC_TYPES: dict[str, str] = {
    "NQ": "nghị quyết", "QĐ": "quyết định", "CT": "chỉ thị", "QC": "quy chế",
    "QyĐ": "quy định", "TC": "thông cáo", "TB": "thông báo", "HD": "hướng dẫn",
    "CTr": "chương trình", "KH": "kế hoạch", "PA": "phương án", "ĐA": "đề án",
    "DA": "dự án", "BC": "báo cáo", "BB": "biên bản", "TTr": "tờ trình",
    "HĐ": "hợp đồng", "CĐ": "công điện", "BGN": "bản ghi nhớ", "BTT": "bản thỏa thuận",
    "GUQ": "giấy ủy quyền", "GM": "giấy mời", "GGT": "giấy giới thiệu",
    "GNP": "giấy nghỉ phép", "PG": "phiếu gửi", "PC": "phiếu chuyển", "PB": "phiếu báo",
    "CV": "công văn",
}

SCORING_RULES = frozenset({"all_or_nothing", "proportional", "tiers", "deductions", "levels"})
DEDUCTION_PER = frozenset({"missing_item", "missing_month", "missing_document", "occurrence", "once"})
# Document flags that make a document doubtful: it may support a criterion, never confirm it alone
# (the criterion then needs a reviewer). Labels: audit/labels.py DOC_FLAGS.
DOUBT_FLAGS = ("issuer_not_this_school", "unsigned", "no_number", "no_date", "outside_school_year",
               "after_deadline", "low_ocr_confidence", "doubtful_number", "doubtful_date", "readings_disagree",
               "number_readings_agree", "date_readings_agree")
MACHINE_DEDUCTIONS = frozenset({"missing_item", "missing_month", "missing_document"})
LEVELS = frozenset({"school", "district", "staff"})

# Headings of blocks that list OTHER posts (their dates are never the article's), folded.
RELATED_BLOCK_WORDS = ("tin cung chuyen muc", "tin lien quan", "tin khac", "cac tin khac",
                       "bai viet lien quan", "bai viet khac", "tin moi", "tin noi bat",
                       "tin xem nhieu", "tin doc nhieu", "xem them", "tin da dua")

# Labels of a document's fields (folded): items or pages showing them are Văn bản, not news.
DOCUMENT_FIELD_WORDS = ("so hieu", "ngay ban hanh", "trich yeu", "co quan ban hanh", "nguoi ky", "ngay hieu luc")

# Link texts that lead to an article's neighbours (folded): "« Bài trước", "Tin sau »".
NEIGHBOUR_LINK_WORDS = ("bai truoc", "bai sau", "bai tiep", "tin truoc", "tin sau", "tin tiep", "bai viet truoc",
                        "bai viet sau", "previous post", "next post")

# Labels of a link to the home page (folded): never a section.
HOME_LABELS = ("trang chu", "home", "trang nhat", "trang dau")

# Language switches (folded): "VIE", "ENG", "English" lead to the same page in another language.
LANGUAGE_LABELS = ("vi", "vie", "vn", "en", "eng", "english", "tieng viet", "tieng anh", "vietnamese")

# Meta tags that carry an article's publication time.
ARTICLE_DATE_META = ("article:published_time", "datepublished", "pubdate", "publishdate",
                     "date", "dc.date.issued", "dc.date", "og:published_time", "publish-date")

# Platform fast paths for a post's identity: a URL matching the pattern is the post named by
# the groups (hcm.edu.vn serves one post under /ct/, /ctmb/ and /ctfull/; older sites of the
# family use -c<catId>-<postId>.aspx; NukeViet ends in -<id>.html). Generic rules come after.
POST_ID_PATTERNS = (
    r"/(?:ct|ctmb|ctfull)/\d+/(\d+)/?$",
    r"-c\d+-(\d+)\.aspx$",
)
# Query parameters that only say which category a post is filed under.
CATEGORY_PARAMS = ("cat", "catid", "cid", "cate", "category", "categoryid", "chuyenmuc", "cm",
                   "menu", "menuid", "mid", "tab", "tabid", "sectionid", "sid", "module", "mod")
# Query parameters that name the post itself: when a URL has one, it alone says which post it shows.
POST_PARAMS = ("id", "p", "nid", "newsid", "itemid", "articleid", "postid", "contentid", "tinid", "news_id")
# Query parameters that never change which page is shown.
TRACKING_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
                   "fbclid", "gclid", "zarsrc", "ref")

# Section kinds by the folded words of a menu label or URL slug. Order matters: the first kind
# whose words match wins ("văn bản" before "tin tức": "Tin tức - Văn bản" is rare, "Văn bản" is not news).
SECTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("disclosure", ("cong khai", "ba cong khai", "3 cong khai", "thong tin cong khai")),
    ("forms", ("bieu mau", "thu tuc hanh chinh", "mau don", "tthc")),
    ("admission", ("tuyen sinh",)),
    ("documents", ("van ban", "cong van", "phap quy", "van ban chi dao")),
    ("photo_album", ("album", "thu vien anh", "hinh anh", "video")),  # before "thu vien" (library)
    ("resources", ("tai nguyen", "hoc lieu", "bai giang", "thu vien", "e-learning", "elearning", "giao an")),
    ("qa", ("hoi dap", "hoi - dap", "giai dap")),
    ("contact", ("lien he",)),
    ("organisation", ("co cau to chuc", "so do to chuc", "ban giam hieu", "to chuyen mon", "doi ngu")),
    ("introduction", ("gioi thieu", "lich su", "tong quan")),
    ("news", ("tin tuc", "tin hoat dong", "hoat dong", "thong bao", "su kien", "ban tin", "bang tin",
              "tin giao duc", "tin nha truong", "tin truong", "chuyen mon", "doan the", "ngoai khoa",
              "thi dua", "khen thuong", "tin moi", "news")),
)
# Link texts that lead to the next page of a listing (folded).
NEXT_PAGE_WORDS = ("trang sau", "trang tiep", "tiep theo", "sau", "next", "»", "›", ">", ">>", "tiep", "xem them",
                   "trang ke", "trang ke tiep", "next page", "older posts", "cu hon", "tin cu hon", "bai cu hon")
# Words of a pager's links once symbols are stripped ("Trang sau »", "« Trang trước", "Trang 3", "Last"):
# such links are never sections of a portal.
PAGER_WORDS = ("trang", "page", "sau", "truoc", "tiep", "theo", "dau", "cuoi", "next", "prev", "previous",
               "first", "last", "older", "newer", "posts", "entries", "cu", "moi", "hon", "xem", "them")

# Disclosure (công khai): words of a link or heading, folded.
DISCLOSURE_WORDS = ("cong khai", "ba cong khai", "3 cong khai", "thong tin cong khai")
# Thông tư 36/2017 groups and Thông tư 09/2024 items, by folded words found on disclosure pages.
DISCLOSURE_GROUPS: dict[str, tuple[str, ...]] = {
    "quality": ("cam ket chat luong", "chat luong giao duc thuc te", "ket qua giao duc"),
    "conditions": ("co so vat chat", "doi ngu", "dieu kien dam bao chat luong", "dieu kien dam bao"),
    "finance": ("thu chi", "tai chinh", "cac khoan thu", "hoc phi"),
    "annual_report": ("bao cao thuong nien",),
}

# Forms by folded words of a link text or file name: every group of a kind's tuple must match
# (one word of each inner tuple); `FORM_EXCLUDE` words veto a kind ("nghỉ phép" is staff leave).
FORM_RULES: dict[str, tuple[tuple[str, ...], ...]] = {
    "leave_request": (("nghi hoc",), ("don", "mau", "giay")),
    "regrade_request": (("phuc khao",), ("don", "mau", "de nghi", "giay")),
    "admission_info": (("tuyen sinh", "xet tuyen", "dau cap"),),
    "admin_procedure": (("thu tuc", "tthc", "dich vu cong"),),  # "Thủ tục chuyển trường", "Thủ tục hành chính"
}
FORM_EXCLUDE: dict[str, tuple[str, ...]] = {
    "leave_request": ("nghi phep", "giao vien", "can bo"),
    "regrade_request": ("ket qua",),
    "admission_info": (),
    "admin_procedure": (),
}
FORM_FILE_SUFFIXES = (".doc", ".docx", ".pdf", ".xls", ".xlsx", ".odt", ".rtf")

# Portal-content keys (rubric `portal_sections`) for the section kinds of discovery.
SECTION_KIND_TO_CONTENT = {
    "introduction": "introduction", "organisation": "organisation", "contact": "contact",
    "news": "news", "documents": "documents", "disclosure": "disclosure", "resources": "elearning",
    "photo_album": "photo_album", "qa": "qa", "forms": "admin_procedures",
}

# Visit counter labels (folded) and the reading each one gives.
COUNTER_LABELS: tuple[tuple[str, str], ...] = (
    ("tong luot truy cap", "total"), ("tong so luot truy cap", "total"), ("luot truy cap", "total"),
    ("da truy cap", "total"), ("tong truy cap", "total"), ("hom nay", "today"), ("truy cap hom nay", "today"),
    ("dang online", "online"), ("dang truy cap", "online"), ("truc tuyen", "online"),
)

# What each check looks at, in Vietnamese, for reasons shown to reviewers.
CHECK_NAMES_VI = {
    "posts_per_year": "số tin bài trong năm học", "posts_per_week": "số tin bài mỗi tuần",
    "visits_per_day": "lượt truy cập mỗi ngày", "disclosure": "chuyên mục công khai",
    "forms": "biểu mẫu, thủ tục hành chính", "portal_sections": "các chuyên mục của cổng thông tin",
    "integration": "tích hợp vào cổng thông tin cấp trên",
    "integration_share": "tỷ lệ đơn vị tích hợp vào cổng thông tin cấp trên",
    "portal_posts_used": "số tin bài được sử dụng trên cổng thông tin cấp trên",
    "documents": "văn bản minh chứng (tệp PDF)",
}

# Decree 30/2020 document-type names as printed (folded) → code; CV (công văn) has no name.
DOC_TYPE_NAMES = {fold_name: code for code, fold_name in (
    ("NQ", "nghi quyet"), ("QĐ", "quyet dinh"), ("CT", "chi thi"), ("QC", "quy che"), ("QyĐ", "quy dinh"),
    ("TC", "thong cao"), ("TB", "thong bao"), ("HD", "huong dan"), ("CTr", "chuong trinh"),
    ("KH", "ke hoach"), ("PA", "phuong an"), ("ĐA", "de an"), ("DA", "du an"), ("BC", "bao cao"),
    ("BB", "bien ban"), ("TTr", "to trinh"), ("HĐ", "hop dong"), ("CĐ", "cong dien"),
    ("BGN", "ban ghi nho"), ("BTT", "ban thoa thuan"), ("GUQ", "giay uy quyen"), ("GM", "giay moi"),
    ("GGT", "giay gioi thieu"), ("GNP", "giay nghi phep"), ("PG", "phieu gui"), ("PC", "phieu chuyen"),
    ("PB", "phieu bao"))}
# Signer positions (folded words) that open the signature block.
SIGNER_POSITIONS = ("hieu truong", "pho hieu truong", "truong phong", "pho truong phong", "giam doc",
                    "pho giam doc", "chu tich", "pho chu tich", "to truong", "thu ky", "chu toa", "chu tri",
                    "nguoi lap", "nguoi viet", "truong ban", "pho truong ban", "ke toan",
                    # ministries, departments and their offices
                    "bo truong", "thu truong", "cuc truong", "pho cuc truong", "vu truong", "pho vu truong",
                    "tong cuc truong", "chanh van phong", "pho chanh van phong", "chanh thanh tra",
                    "pho chanh thanh tra", "vien truong", "pho vien truong", "chu nhiem", "pho chu nhiem",
                    "bi thu", "pho bi thu", "tong giam doc")
# How issuers' names shorten in document codes (folded phrase, letters), longest first.
ISSUER_ABBREVIATIONS = (("trung hoc pho thong", "THPT"), ("trung hoc co so", "THCS"), ("tieu hoc", "TH"),
                        ("mam non", "MN"), ("mau giao", "MG"), ("uy ban nhan dan", "UBND"),
                        ("giao duc va dao tao", "GDĐT"), ("giao duc - dao tao", "GDĐT"), ("ubnd", "UBND"),
                        ("gd&dt", "GDĐT"))
ISSUER_SKIPPED = ("truong", "-", "&")   # words a school's code leaves out
# Lines of a digital-signature box ("Ký bởi: …", "Thời gian ký: …"): who signed the file, not the document.
SIGNATURE_BOX_WORDS = ("ky boi", "nguoi ky", "thoi gian ky", "ky ngay", "signed by", "signature valid")
SIGNER_PREFIXES = ("tm.", "kt.", "tl.", "tuq.", "q.", "tm ", "kt ")
