"""Sentence pools for body text ({full}, {city}, {sy}, {code}, {n}, {d1}, {d2} placeholders)."""
from __future__ import annotations

BASES = (
    "Căn cứ Thông tư số 09/2021/TT-BGDĐT ngày 30/3/2021 của Bộ Giáo dục và Đào tạo quy định về quản lý và tổ chức dạy học trực tuyến trong cơ sở giáo dục phổ thông và cơ sở giáo dục thường xuyên;",
    "Căn cứ Thông tư số 37/2020/TT-BGDĐT ngày 05/10/2020 của Bộ Giáo dục và Đào tạo quy định về tổ chức hoạt động, sử dụng thư điện tử và cổng thông tin điện tử tại sở giáo dục và đào tạo, phòng giáo dục và đào tạo và các cơ sở giáo dục;",
    "Căn cứ Quyết định số 131/QĐ-TTg ngày 25/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án “Tăng cường ứng dụng công nghệ thông tin và chuyển đổi số trong giáo dục và đào tạo giai đoạn 2022-2025, định hướng đến năm 2030”;",
    "Căn cứ Công văn số {n}/PGDĐT ngày {d1} của Phòng Giáo dục và Đào tạo {city} về việc hướng dẫn thực hiện nhiệm vụ công nghệ thông tin năm học {sy};",
    "Căn cứ Kế hoạch số {n2}/KH-{code} ngày {d2} của {full} về việc thực hiện nhiệm vụ năm học {sy};",
    "Căn cứ Đề án ứng dụng công nghệ thông tin trong công tác quản lý, hướng tới chuyển đổi số {city} giai đoạn 2021-2026;",
)

FILLER = (
    "Tiếp tục đẩy mạnh ứng dụng công nghệ thông tin trong công tác quản lý, điều hành và trong đổi mới nội dung, phương pháp dạy học, kiểm tra, đánh giá.",
    "Duy trì hiệu quả hoạt động của cổng thông tin điện tử, thường xuyên cập nhật tin bài về các hoạt động của nhà trường.",
    "100% cán bộ, giáo viên, nhân viên sử dụng thư điện tử công vụ và hệ thống quản lý văn bản điều hành trong trao đổi công việc.",
    "Khai thác hiệu quả phần mềm quản lý trường học, sổ điểm điện tử, học bạ số và cơ sở dữ liệu ngành giáo dục.",
    "Tổ chức bồi dưỡng, tập huấn cho giáo viên kỹ năng thiết kế bài giảng điện tử, xây dựng học liệu số và dạy học trực tuyến.",
    "Hệ thống mạng LAN, Wifi, máy tính, máy chiếu và bảng tương tác được kiểm tra, bảo trì định kỳ hằng tháng.",
    "Phòng máy tính được sử dụng đúng mục đích, có sổ theo dõi, có nội quy phòng học bộ môn niêm yết công khai.",
    "Thực hiện nghiêm túc chế độ thông tin, báo cáo định kỳ và đột xuất theo yêu cầu của cấp trên.",
    "Phân công cụ thể cán bộ phụ trách quản trị hệ thống thông tin, bảo đảm an toàn, an ninh thông tin của đơn vị.",
    "Đẩy mạnh thanh toán không dùng tiền mặt trong thu các khoản thu theo quy định.",
    "Một số giáo viên lớn tuổi còn hạn chế về kỹ năng sử dụng các phần mềm dạy học; thiết bị tại một số phòng học đã xuống cấp.",
    "Đường truyền Internet có thời điểm chưa ổn định, ảnh hưởng đến việc tổ chức các tiết dạy trực tuyến.",
    "Các tổ chuyên môn xây dựng kho học liệu số dùng chung, mỗi giáo viên đóng góp tối thiểu 02 bài giảng điện tử mỗi học kỳ.",
    "Tham gia đầy đủ các hội thi giáo viên dạy giỏi có ứng dụng công nghệ thông tin do các cấp tổ chức.",
    "Cập nhật đầy đủ, chính xác dữ liệu học sinh, đội ngũ, cơ sở vật chất lên cơ sở dữ liệu ngành đúng thời hạn.",
    "Tuyên truyền đến cha mẹ học sinh về việc sử dụng các ứng dụng kết nối giữa nhà trường và gia đình.",
    "Xây dựng mô hình lớp học thông minh, từng bước số hóa hồ sơ, sổ sách trong công tác quản lý.",
    "Kiểm tra, đánh giá việc thực hiện nhiệm vụ công nghệ thông tin của các bộ phận theo từng tháng, có sơ kết, rút kinh nghiệm.",
)

TASKS = (
    "Ứng dụng công nghệ thông tin trong đổi mới phương pháp dạy - học và kiểm tra, đánh giá",
    "Ứng dụng công nghệ thông tin trong công tác quản lý, điều hành",
    "Ứng dụng công nghệ thông tin trong công tác thông tin, truyền thông",
    "Xây dựng hạ tầng công nghệ thông tin và bảo đảm an toàn thông tin",
    "Triển khai chuyển đổi số trong nhà trường",
    "Bồi dưỡng kỹ năng ứng dụng công nghệ thông tin cho đội ngũ",
)

ROOMS = ("phòng Hội đồng", "phòng họp tầng 2", "phòng Tin học số 1", "thư viện")
