"""Hidden PDF JavaScript (issue 14, item 3): actions are found by walking the objects with a real parser
(pikepdf/qpdf), wherever they sit and however their names are written, and the file is refused."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pikepdf
import pytest

from audit.config import load_settings
from audit.docgen import rawpdf
from audit.evidence.actions import find_actions
from audit.evidence.parse import parse_file
from audit.evidence.read import read_pdf

SETTINGS = load_settings(env={})
TEXT = b"BT /F1 14 Tf 72 760 Td (KE HOACH ung dung CNTT nam hoc 2023-2024) Tj ET"
SCRIPT_REASON = "tệp có mã JavaScript hoặc lệnh tự chạy (không an toàn)"


def _name(name: str, escaped: bool) -> bytes:
    """A PDF name, every other letter hex-escaped when `escaped` (`/Java#53cript` style: same name)."""
    if not escaped:
        return b"/" + name.encode()
    return b"/" + b"".join(b"#%02X" % ord(ch) if i % 2 else ch.encode() for i, ch in enumerate(name))


def _action(kind: str, escaped: bool) -> bytes:
    """A JavaScript (or Launch) action dictionary."""
    n = lambda name: _name(name, escaped)  # noqa: E731
    if kind == "Launch":
        return b"<< " + n("Type") + b" " + n("Action") + b" " + n("S") + b" " + n("Launch") + b" /F (calc.exe) >>"
    return (b"<< " + n("Type") + b" " + n("Action") + b" " + n("S") + b" " + n("JavaScript") + b" " + n("JS")
            + b" (app.alert\\(1\\)) >>")


def _pdf(path: Path, place: str, escaped: bool = False, kind: str = "JavaScript") -> Path:
    """A one-page PDF (objects 1-5 as in `rawpdf`) with a script placed at `place`, names as written."""
    n = lambda name: _name(name, escaped)  # noqa: E731
    catalog_extra, page_extra, objects = b"", b"", []
    action = _action(kind, escaped)
    if place == "open_action":
        catalog_extra = n("OpenAction") + b" 6 0 R "
        objects = [action]
    elif place == "names_tree":
        catalog_extra = n("Names") + b" << " + n("JavaScript") + b" 6 0 R >> "
        objects = [b"<< /Names [(a) 7 0 R] >>", action]
    elif place == "page_aa":
        page_extra = n("AA") + b" << /O 6 0 R >> "
        objects = [action]
    elif place == "annotation":
        page_extra = n("Annots") + b" [6 0 R] "
        objects = [b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /Border [0 0 0] " + n("A") + b" "
                   + action + b" >>"]
    elif place == "field_aa":
        catalog_extra = b"/AcroForm << /Fields [6 0 R] >> "
        page_extra = b"/Annots [6 0 R] "
        objects = [b"<< /FT /Tx /T (so) /Type /Annot /Subtype /Widget /Rect [72 600 200 620] " + n("AA")
                   + b" << /K 7 0 R >> >>", action]
    elif place == "outline":
        catalog_extra = b"/Outlines 6 0 R "
        objects = [b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
                   b"<< /Title (Muc 1) /Parent 6 0 R " + n("A") + b" 8 0 R >>", action]
    elif place != "none":
        raise ValueError(place)
    body = rawpdf.page_objects(TEXT, b"<< /Font << /F1 5 0 R >> >>", catalog_extra)
    body[2] = body[2][:-2] + page_extra + b">>"
    body.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    path.write_bytes(rawpdf.build(body + objects))
    return path


def _packed(path: Path) -> Path:
    """The same file saved with its objects in compressed object streams (no name left in plain bytes)."""
    packed = path.with_name(path.stem + "-packed.pdf")
    with pikepdf.open(path) as pdf:
        pdf.save(packed, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    assert b"JavaScript" not in packed.read_bytes() and b"/JS" not in packed.read_bytes()
    return packed


PLACES = ["open_action", "names_tree", "page_aa", "annotation", "field_aa", "outline"]
WRITINGS: dict[str, Callable[[Path, str], Path]] = {
    "plain": lambda p, place: _pdf(p, place),
    "hex_escaped": lambda p, place: _pdf(p, place, escaped=True),
    "object_stream": lambda p, place: _packed(_pdf(p, place)),
}


@pytest.mark.parametrize("writing", WRITINGS)
@pytest.mark.parametrize("place", PLACES)
def test_scripts_are_found_wherever_and_however_written(tmp_path: Path, place: str, writing: str) -> None:
    path = WRITINGS[writing](tmp_path / f"{place}.pdf", place)
    assert find_actions(str(path)).flags == {"javascript"}
    result = read_pdf(path, SETTINGS)
    assert result.status == "rejected" and "javascript" in result.flags and result.reason == SCRIPT_REASON


def test_java_53cript_open_action(tmp_path: Path) -> None:
    """The issue's case: `/S /Java#53cript` with `/J#53` in the open action."""
    body = rawpdf.page_objects(TEXT, b"<< /Font << /F1 5 0 R >> >>", b"/OpenAction 6 0 R ")
    body += [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
             b"<< /Type /Action /S /Java#53cript /J#53 (app.alert\\(1\\)) >>"]
    path = tmp_path / "java53cript.pdf"
    path.write_bytes(rawpdf.build(body))
    assert find_actions(str(path)).flags == {"javascript"}
    for target in (path, _packed(path)):
        result = read_pdf(target, SETTINGS)
        assert result.status == "rejected" and result.flags == ("javascript",)


@pytest.mark.parametrize("writing", ["plain", "hex_escaped", "object_stream"])
def test_launch_actions_are_refused(tmp_path: Path, writing: str) -> None:
    path = _pdf(tmp_path / "launch.pdf", "page_aa", escaped=writing == "hex_escaped", kind="Launch")
    if writing == "object_stream":
        path = _packed(path)
    result = read_pdf(path, SETTINGS)
    assert result.status == "rejected" and "javascript" in result.flags


def test_clean_pdf_still_parses(tmp_path: Path) -> None:
    for path in (_pdf(tmp_path / "clean.pdf", "none"), _packed(_pdf(tmp_path / "clean2.pdf", "none"))):
        assert find_actions(str(path)).flags == set() and not find_actions(str(path)).incomplete
        result = read_pdf(path, SETTINGS)
        assert result.status == "parsed" and result.flags == (), result
        assert "KE HOACH" in " ".join(line.text for page in result.pages for line in page.lines)


def test_a_plain_open_action_is_noted_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "goto.pdf"
    with pikepdf.open(_pdf(tmp_path / "base.pdf", "none")) as pdf:
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
        pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    result = read_pdf(path, SETTINGS)
    assert result.status == "parsed" and result.flags == ("open_action",)


def test_the_walk_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.pdf"
    with pikepdf.open(_pdf(tmp_path / "base.pdf", "none")) as pdf:
        pdf.Root.Padding = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(N=i)) for i in range(500)])
        pdf.Root.Numbers = pikepdf.Array(list(range(20_000)))
        pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert not find_actions(str(path)).incomplete
    assert "quá nhiều đối tượng" in find_actions(str(path), max_objects=100).incomplete
    assert "quá phức tạp" in find_actions(str(path), max_values=10_000).incomplete
    # a file whose walk does not finish is refused, never passed as clean
    from audit.evidence import actions
    monkeypatch.setattr(actions, "MAX_VALUES", 10_000)
    result = parse_file(str(path), SETTINGS, "ends")
    assert result.status == "rejected" and "quá phức tạp" in result.reason
