"""The district portal ("Phòng GD&ĐT"): a school directory listing some of the school portals."""
from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from audit.simulator.checks import directory_path
from audit.simulator.model import World
from audit.simulator.vnfmt import esc

# Units of the district that are not simulated portals (links the checker must not confuse).
OTHERS = (("Trường Mầm non Hoa Sen", "http://mnhoasen.pgdquan3.hcm.edu.vn/"),
          ("Trường Tiểu học Lê Văn Tám", "http://thlevantam.pgdquan3.hcm.edu.vn/"))


def page(title: str, main: str) -> str:
    """The district portal's frame."""
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{esc(title)}</title></head>'
            '<body><div id="qiheader"><a href="/">PHÒNG GIÁO DỤC VÀ ĐÀO TẠO</a></div><ul class="qimenu">'
            f'<li><a href="/">Trang chủ</a></li><li><a href="/dsdonvi.aspx?codekhoi=th&amp;code=">Đơn vị trực thuộc'
            f'</a></li></ul><div class="qicontent">{main}</div></body></html>')


def directory(world: World, urls: dict[str, str], code: str) -> str:
    """The table of units; only the world's ward lists the simulated schools."""
    units = [(p.name, urls[p.id]) for p in world.portals if p.features.listed] if code == world.ward else []
    units += list(OTHERS) if code == world.ward else []
    rows = "".join(f'<tr><td>{i}</td><td>{esc(n)}</td><td><a href="{u}" target="_blank">{esc(u)}</a></td></tr>'
                   for i, (n, u) in enumerate(sorted(units), 1))
    return page("Danh sách đơn vị", '<h1 class="qititle">DANH SÁCH ĐƠN VỊ</h1><table class="table-donvi">'
                f"<tr><th>STT</th><th>Tên đơn vị</th><th>Website</th></tr>{rows}</table>")


def handler(world: World, urls: dict[str, str]) -> type[BaseHTTPRequestHandler]:
    """A request handler serving the district home and the directory."""

    class DistrictHandler(BaseHTTPRequestHandler):
        """GET / and GET /dsdonvi.aspx?codekhoi=..&code=.."""
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            """Home, directory or 404."""
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            status, body = 200, page("Phòng GD&ĐT", f'<p><a href="{esc(directory_path(world))}">Danh sách '
                                     "trường học</a></p>")
            if parts.path.lower() == "/dsdonvi.aspx":
                body = directory(world, urls, query.get("code", ""))
            elif parts.path != "/":
                status, body = 404, page("Không tìm thấy", "<h1>404</h1>")
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return DistrictHandler
