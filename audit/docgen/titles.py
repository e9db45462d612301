"""Type names and trích yếu templates ({sy} school year, {m}/{y} month, {city} district or city)."""
from __future__ import annotations

TYPE_NAMES = {
    "QĐ": "QUYẾT ĐỊNH", "KH": "KẾ HOẠCH", "BC": "BÁO CÁO", "TB": "THÔNG BÁO", "BB": "BIÊN BẢN",
    "HD": "HƯỚNG DẪN", "TTr": "TỜ TRÌNH", "QC": "QUY CHẾ", "CTr": "CHƯƠNG TRÌNH", "CV": "",
}

# Which bodies issue which types.
KINDS = {
    "school": ("QĐ", "KH", "BC", "TB", "BB", "TTr", "QC", "CTr", "CV", "HD"),
    "office": ("KH", "HD", "CV", "BC", "TB", "QĐ", "CTr"),
    "council": ("QĐ", "KH", "CV", "BC", "HD"),
}

TITLES: dict[str, tuple[str, ...]] = {
    "KH": (
        "Ứng dụng công nghệ thông tin năm học {sy}",
        "Triển khai ứng dụng công nghệ thông tin năm học {sy}",
        "Thực hiện chuyển đổi số trong nhà trường năm học {sy}",
        "Triển khai thực hiện mô hình “Trường học điện tử” năm học {sy}",
        "Tổ chức dạy học trực tuyến và xây dựng học liệu số năm học {sy}",
        "Xây dựng và phát triển {city} theo hướng đô thị thông minh, lĩnh vực giáo dục và đào tạo năm học {sy}",
        "Bồi dưỡng kỹ năng ứng dụng công nghệ thông tin cho giáo viên năm học {sy}",
        "Triển khai chương trình chuyển đổi số ngành giáo dục giai đoạn 2021-2025, định hướng đến năm 2030",
    ),
    "QĐ": (
        "Về việc phân công nhiệm vụ quản trị hệ thống thông tin năm học {sy}",
        "Về việc thành lập Ban chỉ đạo ứng dụng công nghệ thông tin và chuyển đổi số năm học {sy}",
        "Về việc ban hành Quy chế sử dụng phòng máy tính năm học {sy}",
        "Về việc ban hành biểu điểm đánh giá thực hiện mô hình Trường học điện tử đối với cá nhân phụ trách CNTT năm học {sy}",
        "Về việc phân công cán bộ phụ trách cổng thông tin điện tử của đơn vị",
        "Về việc ban hành nội quy phòng học bộ môn và phòng máy tính năm học {sy}",
    ),
    "BC": (
        "Tổng kết công tác ứng dụng công nghệ thông tin năm học {sy}",
        "Sơ kết học kỳ I công tác chuyển đổi số năm học {sy}",
        "Kết quả thực hiện nhiệm vụ công nghệ thông tin tháng {m} năm {y}",
        "Kết quả thực hiện chuyển đổi số tháng {m}/{y}",
        "Kết quả thực hiện kế hoạch xây dựng đô thị thông minh năm {y}",
        "Tổng kết công tác dạy học trực tuyến năm học {sy}",
    ),
    "TB": (
        "Về việc tổ chức tập huấn sử dụng phần mềm quản lý trường học năm học {sy}",
        "Lịch trực phòng máy tính học kỳ II năm học {sy}",
        "Kết luận của Hiệu trưởng tại cuộc họp Ban chỉ đạo chuyển đổi số tháng {m} năm {y}",
        "Về việc cập nhật dữ liệu lên cơ sở dữ liệu ngành năm học {sy}",
    ),
    "BB": (
        "Họp tổ chuyên môn tháng {m} năm {y}",
        "Họp Hội đồng sư phạm tháng {m}/{y}",
        "Sinh hoạt chuyên môn về ứng dụng công nghệ thông tin tháng {m} năm {y}",
        "Kiểm tra phòng máy tính và thiết bị công nghệ thông tin học kỳ I năm học {sy}",
    ),
    "HD": (
        "Thực hiện nhiệm vụ công nghệ thông tin năm học {sy}",
        "Sử dụng hệ thống dạy học trực tuyến và học liệu số năm học {sy}",
        "Đánh giá nhiệm vụ triển khai công nghệ thông tin và thống kê giáo dục năm học {sy}",
        "Quản lý, vận hành cổng thông tin điện tử và thư điện tử công vụ",
    ),
    "TTr": (
        "Về việc đề nghị bổ sung thiết bị phòng máy tính năm học {sy}",
        "Đề nghị phê duyệt Kế hoạch chuyển đổi số năm học {sy}",
        "Về việc đề nghị nâng cấp đường truyền Internet và hệ thống mạng nội bộ",
    ),
    "QC": (
        "Sử dụng phòng máy tính của nhà trường",
        "Quản lý, vận hành và sử dụng cổng thông tin điện tử năm học {sy}",
        "Sử dụng phòng máy và nội quy phòng học bộ môn Tin học",
    ),
    "CTr": (
        "Công tác năm học {sy}",
        "Hành động thực hiện chuyển đổi số năm học {sy}",
        "Bồi dưỡng thường xuyên về ứng dụng công nghệ thông tin năm học {sy}",
    ),
    "CV": (
        "hướng dẫn đánh giá nhiệm vụ triển khai công nghệ thông tin năm học {sy}",
        "báo cáo kết quả thực hiện chuyển đổi số tháng {m} năm {y}",
        "đăng ký tham gia tập huấn dạy học trực tuyến",
        "cung cấp minh chứng mô hình trường học điện tử năm học {sy}",
        "triển khai kế hoạch ứng dụng CNTT năm học {sy}",
    ),
}



def is_monthly(template: str) -> bool:
    """Whether the template names a month (monthly minutes and reports)."""
    return "{m}" in template


def has_year(template: str) -> bool:
    """Whether the template names the school year."""
    return "{sy}" in template
