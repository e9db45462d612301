"""Issuing bodies, places and people that the generated documents name."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issuer:
    """One issuing body as its header prints it."""
    parent: tuple[str, ...]        # regular capitals above the issuer (may be empty)
    lines: tuple[str, ...]         # bold capitals: the issuing body
    code: str                      # ký hiệu of the body: THTBB, PGDĐT, UBND
    place: str                     # the place-date line's place
    kind: str                      # "school", "office" or "council"
    full: str                      # full name used in the body text
    city: str                      # district or city named in the body text
    reformed: tuple[str, ...] = () # parent after 1 July 2025 (schools) or the new lines (UBND)

    @property
    def name(self) -> str:
        """The issuing body as one line (truth)."""
        return " ".join(self.lines)


SCHOOLS = (
    Issuer(("UBND QUẬN LONG BIÊN",), ("TRƯỜNG TH THẠCH BÀN B",), "THTBB", "Thạch Bàn", "school",
           "Trường Tiểu học Thạch Bàn B", "quận Long Biên", ("UBND PHƯỜNG LONG BIÊN",)),
    Issuer(("UBND QUẬN LONG BIÊN",), ("TRƯỜNG THCS NGUYỄN VĂN CỪ",), "THCSNVC", "Long Biên", "school",
           "Trường THCS Nguyễn Văn Cừ", "quận Long Biên", ("UBND PHƯỜNG BỒ ĐỀ",)),
    Issuer(("UBND THÀNH PHỐ THỦ DẦU MỘT",), ("TRƯỜNG MẦM NON HOA SEN",), "MNHS", "Thủ Dầu Một", "school",
           "Trường Mầm non Hoa Sen", "thành phố Thủ Dầu Một", ("UBND PHƯỜNG THỦ DẦU MỘT",)),
    Issuer(("ỦY BAN NHÂN DÂN", "THÀNH PHỐ THỦ DẦU MỘT"), ("TRƯỜNG TIỂU HỌC PHÚ HÒA 1",), "THPH1",
           "Thủ Dầu Một", "school", "Trường Tiểu học Phú Hòa 1", "thành phố Thủ Dầu Một",
           ("ỦY BAN NHÂN DÂN", "PHƯỜNG PHÚ LỢI")),
    Issuer(("UBND THÀNH PHỐ VĨNH YÊN",), ("TRƯỜNG THCS VĨNH YÊN",), "THCSVY", "Vĩnh Yên", "school",
           "Trường THCS Vĩnh Yên", "thành phố Vĩnh Yên", ("UBND PHƯỜNG VĨNH YÊN",)),
    Issuer(("UBND QUẬN 3",), ("TRƯỜNG TIỂU HỌC", "LÊ QUÝ ĐÔN"), "THLQĐ", "TP. Hồ Chí Minh", "school",
           "Trường Tiểu học Lê Quý Đôn", "Quận 3", ("UBND PHƯỜNG XUÂN HÒA",)),
    Issuer(("SỞ GIÁO DỤC VÀ ĐÀO TẠO HÀ NỘI",), ("TRƯỜNG THPT NGUYỄN GIA THIỀU",), "THPTNGT", "Hà Nội",
           "school", "Trường THPT Nguyễn Gia Thiều", "thành phố Hà Nội"),
)

OFFICES = (
    Issuer(("ỦY BAN NHÂN DÂN", "THÀNH PHỐ THỦ DẦU MỘT"), ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",), "PGDĐT",
           "Thủ Dầu Một", "office", "Phòng Giáo dục và Đào tạo thành phố Thủ Dầu Một",
           "thành phố Thủ Dầu Một"),
    Issuer(("UBND QUẬN LONG BIÊN",), ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",), "PGDĐT", "Long Biên", "office",
           "Phòng Giáo dục và Đào tạo quận Long Biên", "quận Long Biên"),
    Issuer((), ("ỦY BAN NHÂN DÂN", "QUẬN LONG BIÊN"), "UBND", "Long Biên", "council",
           "Ủy ban nhân dân quận Long Biên", "quận Long Biên", ("ỦY BAN NHÂN DÂN", "PHƯỜNG PHÚC LỢI")),
    Issuer((), ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ VĨNH YÊN"), "UBND", "Vĩnh Yên", "council",
           "Ủy ban nhân dân thành phố Vĩnh Yên", "thành phố Vĩnh Yên", ("ỦY BAN NHÂN DÂN", "PHƯỜNG VĨNH YÊN")),
)

UNITS = ("TCCB", "GDTH", "VP", "CNTT", "GDMN")

PEOPLE = (
    "Nguyễn Thị Thu Hương", "Nguyễn Thị Chanh Phương", "Vũ Văn Hường", "Trần Minh Đức",
    "Lê Thị Hồng Nhung", "Phạm Quốc Khánh", "Đỗ Thị Lan Anh", "Hoàng Văn Thắng",
    "Bùi Thị Ngọc Ánh", "Ngô Thanh Tùng", "Đặng Thị Mai", "Phan Văn Lợi", "Trịnh Thị Thủy",
    "Lương Đức Huy", "Võ Thị Kim Oanh", "Huỳnh Tấn Phát", "Đinh Thị Yến", "Tạ Quang Vinh",
    "Dương Thị Thanh Hà", "Lý Văn Cường", "Mai Thị Phượng", "Kiều Anh Tuấn",
)

SENDERS = {
    "school": ("Phòng Giáo dục và Đào tạo", "Ban Giám hiệu", "Tổ Tin học", "Các tổ chuyên môn",
               "Bộ phận Văn phòng", "Cổng thông tin điện tử trường"),
    "office": ("Các trường Mầm non, Tiểu học, THCS", "Lãnh đạo Phòng", "Bộ phận Chuyên môn",
               "UBND quận (để b/c)", "Sở GD&ĐT (để b/c)"),
    "council": ("Sở Giáo dục và Đào tạo", "Thường trực Quận ủy", "Chủ tịch, các PCT UBND",
                "Phòng Giáo dục và Đào tạo", "Các trường trực thuộc"),
}
