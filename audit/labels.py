"""Vietnamese words shown to people (reports, desk, sheets, CLI, reasons): the one label table, vocabulary as data, no logic."""
from __future__ import annotations

from audit.status import Audit, Check, Crawl, Criterion, Document, Run

# A criterion's status: (short badge, longer meaning).
STATUS: dict[str, tuple[str, str]] = {
    Criterion.CONFIRMED: ("Khớp", "máy kiểm tra được và điểm đề xuất khớp với điểm tự chấm"),
    Criterion.CONTRADICTED: ("Chênh lệch", "máy kiểm tra được và điểm đề xuất khác điểm tự chấm"),
    Criterion.NOT_TESTED: ("Chưa kiểm tra được", "máy chưa kiểm tra được (trang không tải được, thiếu tệp…); "
                                         "không bao giờ tính là 0 điểm"),
    Criterion.NEEDS_REVIEW: ("Cần xem lại", "điểm đề xuất dựa vào văn bản chưa chắc chắn (của trường khác, không số, "
                                    "không ngày, không chữ ký, đọc mờ…); người đánh giá quyết định"),
    Criterion.UNVERIFIABLE: ("Cần người đánh giá", "không có cách kiểm tra tự động; người đánh giá xem minh chứng"),
}
DISCREPANCY_MARK = "⚠"  # printed beside every contradicted row: colour is never the only signal

# What a school's totals rest on (audit/report/standing.py).
TOTAL_PARTS: dict[str, str] = {
    "verified": "Máy đã kiểm chứng",
    "review": "Chờ người xem lại (minh chứng chưa chắc chắn)",
    "unverified": "Chờ người đánh giá (máy không kiểm tra được)",
}
NO_GRADE_FAILED = "Không đề xuất xếp loại: không thu thập được cổng thông tin"
NO_GRADE_UNVERIFIED = "Chưa đề xuất xếp loại: máy chưa kiểm chứng được tiêu chí nào"
GRADE_REST = "; phần chưa kiểm chứng tạm tính theo điểm tự chấm"
NO_REASON = "không rõ lý do"
CRAWL_NOTICE: dict[str, str] = {Crawl.FAILED: "Không thu thập được cổng thông tin",
                                Crawl.PARTIAL: "Chỉ thu thập được một phần cổng thông tin"}
CRAWL_STATUS: dict[str, str] = {
    Crawl.OK: "Thu thập đầy đủ",
    Crawl.PARTIAL: "Thu thập một phần (có lỗi)",
    Crawl.FAILED: "Không thu thập được",
}
RUN_STATUS: dict[str, str] = {
    Run.PENDING: "chưa chạy",
    Run.RUNNING: "đang chạy",
    Run.FAILED: "lỗi",
    Run.DONE: "xong",
}
SECTION_STATUS: dict[str, str] = {
    Check.OK: "Đã kiểm tra",
    Check.PARTIAL: "Kiểm tra một phần",
    Check.FOUND: "Có",
    Check.MISSING: "Không có",
    Check.NOT_TESTED: "Chưa kiểm tra được",
}
DATE_SOURCE: dict[str, str] = {
    "listing": "trang danh sách",
    "article": "trang bài viết",
    "meta": "thẻ meta",
    "sitemap": "sơ đồ trang (sitemap)",
    "feed": "nguồn RSS",
    "url": "địa chỉ bài viết",
}
DISCLOSURE_GROUPS: dict[str, str] = {
    "quality": "Cam kết và kết quả chất lượng giáo dục",
    "conditions": "Điều kiện đảm bảo chất lượng (cơ sở vật chất, đội ngũ)",
    "finance": "Thu chi tài chính",
    "annual_report": "Báo cáo thường niên (TT 09/2024)",
}
DISCLOSURE_KIND: dict[str, str] = {
    "section": "chuyên mục",
    "file": "tệp",
    "post": "tin bài",
    "page": "trang",
}
FORM_AS: dict[str, str] = {"page": "trang", "file": "tệp", "post": "tin bài", "link": "liên kết"}
DOC_STATUS: dict[str, str] = {
    Document.PARSED: "Đã đọc",
    Document.UNREADABLE: "Không đọc được",
    Document.REJECTED: "Từ chối, không mở",
}
TEXT_SOURCE: dict[str, str] = {"text": "lớp chữ của PDF", "ocr": "nhận dạng ảnh quét (OCR)", "none": "không có"}
DOC_FLAGS: dict[str, str] = {
    "unsigned": "không thấy chữ ký",
    "no_number": "không có số văn bản",
    "no_date": "không có ngày ban hành",
    "outside_school_year": "ngày ban hành ngoài năm học",
    "low_ocr_confidence": "ảnh quét khó đọc (độ tin cậy OCR thấp)",
    "ocr": "đọc bằng OCR",
    "after_deadline": "ban hành sau thời hạn",
    "issuer_not_this_school": "cơ quan ban hành không phải trường này",
    "javascript": "có mã JavaScript",
    "open_action": "có lệnh tự chạy khi mở",
    "low_dpi": "ảnh quét độ phân giải thấp",
    "page_too_large": "trang quá lớn, không OCR",
    "duplicate_of": "trùng nội dung với tệp",
    "legacy_font": "phông chữ cũ",
    "stamped_fields": "số và ngày do phần mềm ký số điền",
    "doubtful_number": "số văn bản không đọc chắc chắn được (viết tay hoặc mờ), để trống",
    "doubtful_date": "ngày ban hành không đọc chắc chắn được (viết tay hoặc mờ), để trống",
    "second_document": "tệp chứa thêm một văn bản khác, bắt đầu từ trang",
    "number_second_reading": "số văn bản lấy theo các lần đọc lại phần đầu bản quét (đã kiểm tra)",
    "number_confirmed_by_issuer": "số văn bản: chữ I/O trong mã được đọc là số 1/0 vì tên cơ quan ban hành có số đó",
    "date_second_reading": "ngày ban hành lấy theo các lần đọc lại phần đầu bản quét",
    "number_readings_agree": "số văn bản đọc mờ; nhiều lần đọc bản quét cho cùng kết quả",
    "date_readings_agree": "ngày ban hành đọc mờ; nhiều lần đọc bản quét cho cùng kết quả",
    "readings_disagree": "các lần đọc bản quét cho số hoặc ngày khác nhau; lấy theo số đông, hòa thì để trống",
}
# Integrity findings from a school's post history (audit/integrity.py): flags with proof, never a score.
INTEGRITY_KINDS: dict[str, str] = {
    "backdated": "Tin ghi lùi ngày",
    "padding": "Tin trùng lặp (tin đệm)",
    "deleted_after": "Tin bị gỡ sau khi chấm",
    "series": "Chuỗi tin định kỳ",
}
INTEGRITY_NOTHING = "Không phát hiện dấu hiệu bất thường trong lịch sử tin bài"
# The desk's shorter words for the same states (audit/review/labels.py).
DESK_SOURCE: dict[str, str] = {"decision": "quyết định", "auto": "tự động", "pending": "chưa quyết định"}
DESK_RUN_STATUS: dict[str, str] = {Run.DONE: "Đã xong", Run.FAILED: "Lỗi", Run.RUNNING: "Đang chạy", Run.PENDING: "Đang chờ"}
DESK_CRAWL_STATUS: dict[str, str] = {Crawl.OK: "Đầy đủ", Crawl.PARTIAL: "Một phần", Crawl.FAILED: "Không thu thập được"}
# An audit started on the desk or the API: (words, tone of its badge).
AUDIT_STATUS: dict[str, tuple[str, str]] = {Audit.QUEUED: ("Đang chờ", "info"), Audit.RUNNING: ("Đang chạy", "warn"),
                                            Audit.DONE: ("Đã xong", "ok"), Audit.FAILED: ("Không chạy được", "bad")}
POSTS_STATUS: dict[str, str] = {Check.OK: "Đã đếm", Check.PARTIAL: "Đếm một phần", Check.NOT_TESTED: "Chưa đếm được"}
ROLE: dict[str, str] = {"admin": "Quản trị", "reviewer": "Người kiểm tra", "school": "Trường"}
FINAL_SOURCE: dict[str, str] = {
    "decision": "theo quyết định của người đánh giá",
    "auto": "khớp, tự động",
    "pending": "chờ quyết định",
}
# Where each automatic check's proof is shown in the school report: (anchor, section title).
CHECK_ANCHORS: dict[str, tuple[str, str]] = {
    "posts_per_year": ("bai-viet", "Tin bài"),
    "posts_per_week": ("bai-viet", "Tin bài"),
    "disclosure": ("cong-khai", "Công khai"),
    "forms": ("bieu-mau", "Biểu mẫu"),
    "portal_sections": ("noi-dung", "Chuyên mục của cổng"),
    "documents": ("minh-chung", "Văn bản minh chứng"),
    "visits_per_day": ("luot-truy-cap", "Lượt truy cập"),
    "integration": ("thu-thap", "Thu thập"),
}
SECTION_TITLES: dict[str, str] = {
    "bang-diem": "Bảng điểm",
    "bai-viet": "Tin bài trên cổng thông tin",
    "cong-khai": "Chuyên mục công khai",
    "bieu-mau": "Biểu mẫu, thủ tục hành chính",
    "noi-dung": "Các chuyên mục của cổng thông tin",
    "luot-truy-cap": "Lượt truy cập",
    "minh-chung": "Văn bản minh chứng (tệp PDF)",
    "thu-thap": "Quá trình thu thập",
}
SCHOOL_COLUMNS = ("Mã", "Nội dung", "Điểm chuẩn", "Tự chấm", "Đề xuất", "Chênh lệch", "Lý do", "Minh chứng")
FINAL_COLUMN = "Điểm cuối cùng"
SUMMARY_COLUMNS = ("Quận/huyện", "Trường", "Cổng thông tin", "Tình trạng thu thập", "Tự chấm",
                   "Đề xuất (phần máy kiểm chứng)", "Chênh lệch tổng", "Xếp loại tự chấm", "Xếp loại đề xuất",
                   "Số tiêu chí chênh lệch", "Cần người đánh giá")
NO_DISTRICT = "(chưa ghi quận/huyện)"
SNAPSHOT = "Bản lưu"
MONTH_SHORT = "Th{month}"
MEANINGS = (
    "Tự chấm: điểm trường tự đánh giá. Đề xuất: điểm máy tính ra từ cổng thông tin và tệp minh chứng; "
    "chỉ là đề xuất, người đánh giá quyết định điểm cuối cùng.",
    "«Chưa kiểm tra được» nghĩa là máy không kiểm tra được tiêu chí (trang không tải được, thiếu tệp…): "
    "đây KHÔNG phải 0 điểm. Tổng đề xuất chỉ cộng các tiêu chí máy có đề xuất; xếp loại đề xuất tạm tính "
    "các tiêu chí còn lại theo điểm tự chấm và luôn ghi rõ máy đã kiểm chứng bao nhiêu điểm.",
    "«Cần xem lại» nghĩa là điểm đề xuất dựa vào văn bản chưa chắc chắn (của trường khác, không số, không ngày, "
    "không chữ ký, ngoài năm học, đọc mờ…): điểm chỉ là cuối cùng khi người đánh giá quyết định.",
    "«Cần người đánh giá» nghĩa là tiêu chí không có cách kiểm tra tự động; người đánh giá xem minh chứng.",
    f"Dòng có dấu {DISCREPANCY_MARK} «Chênh lệch» là tiêu chí máy kiểm tra được nhưng điểm đề xuất khác "
    "điểm tự chấm; mỗi lý do dẫn tới minh chứng của nó.",
)
SNAPSHOT_BANNER = "Bản lưu của máy thu thập school-audit: {url}, tải lúc {at}. Đã tắt mọi mã chạy và tài nguyên ngoài."
