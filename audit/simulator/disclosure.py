"""Disclosure (Công khai) pages: one page by year, a page per year, or dated posts with a PDF."""
from __future__ import annotations

from typing import Protocol

from audit.simulator.model import Features, Post
from audit.simulator.vnfmt import dmy, esc, hm

GROUP_TEXTS = {"quality": "Cam kết chất lượng giáo dục và chất lượng giáo dục thực tế",
               "conditions": "Điều kiện đảm bảo chất lượng: cơ sở vật chất, đội ngũ nhà giáo và cán bộ quản lý",
               "finance": "Thu chi tài chính"}
POST_LINES = {"quality": "cam kết chất lượng giáo dục",
              "conditions": "điều kiện đảm bảo chất lượng (cơ sở vật chất, đội ngũ)",
              "finance": "các khoản thu chi tài chính"}
INTRO = ("<p>Thực hiện Thông tư 36/2017/TT-BGDĐT ngày 28/12/2017 của Bộ Giáo dục và Đào tạo ban hành "
         "Quy chế thực hiện công khai đối với cơ sở giáo dục và đào tạo thuộc hệ thống giáo dục quốc dân.</p>")


class Paths(Protocol):
    """Where a template serves static pages and files."""

    @property
    def FILES(self) -> str:
        """Path prefix of uploaded files."""

    def page_path(self, slug: str) -> str:
        """The path of a static page."""


def sy(first: int) -> str:
    """2021-2022."""
    return f"{first}-{first + 1}"


def year_slug(first: int) -> str:
    """Slug of a per-year disclosure page."""
    return f"cong-khai-nam-hoc-{sy(first)}"


def items(feat: Features, first: int, files: str) -> str:
    """The report links of one school year (TT 36 groups, or TT 09 items from 2024)."""
    if first >= 2024:
        return (f'<li><a href="{files}bao-cao-thuong-nien-nam-{first}.pdf">Báo cáo thường niên năm {first}</a></li>'
                f'<li><a href="{files}cong-khai-tt09-{first}.pdf">Công khai thông tin theo Thông tư '
                f"09/2024/TT-BGDĐT năm học {sy(first)}</a></li>")
    return "".join(f'<li><a href="{files}cong-khai-{first}-bieu-{i + 1}.pdf">Biểu {i + 1}: '
                   f"{esc(GROUP_TEXTS[g])} năm học {sy(first)}</a></li>" for i, g in enumerate(feat.groups))


def year_sections(feat: Features, files: str) -> str:
    """One heading and list per school year, newest first."""
    return "".join(f"<h2>Công khai năm học {sy(y)}</h2><ul>{items(feat, y, files)}</ul>"
                   for y in sorted(feat.disclosure_years, reverse=True))


def main_page(feat: Features, paths: Paths, heading: str) -> str:
    """The disclosure page: sections by year, or links to one page per year."""
    if feat.disclosure == "year_pages":
        links = "".join(f'<li><a href="{paths.page_path(year_slug(y))}">Công khai năm học {sy(y)}</a></li>'
                        for y in sorted(feat.disclosure_years, reverse=True))
        return f"<h1>{esc(heading)}</h1>{INTRO}<ul class=\"list-cong-khai\">{links}</ul>"
    return f"<h1>{esc(heading)}</h1>{INTRO}{year_sections(feat, paths.FILES)}"


def year_page(feat: Features, first: int, files: str) -> str:
    """One school year's own disclosure page."""
    return (f"<h1>Công khai năm học {sy(first)}</h1><p>Các biểu mẫu công khai theo Thông tư "
            f"36/2017/TT-BGDĐT.</p><ul>{items(feat, first, files)}</ul>")


def post_listing(feat: Features, paths: Paths, heading: str) -> str:
    """The dated list of disclosure posts."""
    rows = "".join(f'<li><a href="{p.urls[0]}">{esc(p.title)}</a> <span class="date">({dmy(p.published)})'
                   "</span></li>" for p in feat.disclosure_posts)
    return f'<h1>{esc(heading)}</h1><ul class="list-thong-bao">{rows}</ul>'


def post_detail(feat: Features, post: Post, files: str) -> str:
    """A disclosure post: one line, and the scanned PDF under "Tập tin đính kèm"."""
    line = ", ".join(POST_LINES[g] for g in feat.groups)
    first = post.published.year if post.published.month >= 9 else post.published.year - 1
    name = f"ba-cong-khai-{sy(first)}-scan.pdf"
    return (f'<h1 class="title-detail">{esc(post.title)}</h1><div class="info-detail">{dmy(post.published)} '
            f"{hm(post.published)}</div><div class=\"content-detail\"><p>Nhà trường công khai {line} năm học "
            f"{sy(first)} (file đính kèm).</p></div><div class=\"attach-file\"><b>Tập tin đính kèm</b> "
            f'<a href="{files}{name}">{name}</a></div>')
