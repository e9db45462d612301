"""Hand-written PDFs for the broken cases: JavaScript, a huge image, a font without Unicode map."""
from __future__ import annotations

import struct
import zlib

from reportlab.pdfbase.ttfonts import TTFontFile

from audit.docgen.fonts import FONT_DIR


def build(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file from numbered object bodies (object i+1 is objects[i]) with a valid xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(head: bytes, data: bytes) -> bytes:
    """A stream object body with its /Length."""
    return b"<< " + head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def page_objects(content: bytes, resources: bytes, extra: bytes = b"") -> list[bytes]:
    """Catalog, pages, one A4 page and its content stream (objects 1–4)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R " + extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + b" /Contents 4 0 R >>",
        stream(b"", content),
    ]


def javascript_pdf() -> bytes:
    """A one-page PDF that runs JavaScript when opened (/OpenAction /S /JavaScript)."""
    text = b"BT /F1 14 Tf 72 760 Td (KE HOACH ung dung CNTT nam hoc 2023-2024) Tj ET"
    objects = page_objects(text, b"<< /Font << /F1 6 0 R >> >>", b"/OpenAction 5 0 R ")
    objects.append(b"<< /Type /Action /S /JavaScript /JS (app.alert\\('Evidence'\\); this.submitForm\\('http://example.invalid'\\);) >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return build(objects)


def huge_image_pdf(side: int = 12000) -> bytes:
    """A one-page PDF holding a side×side grey image (small file, ~side² bytes once decoded)."""
    packer = zlib.compressobj(9)
    row = b"\xff" * side
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    objects = page_objects(b"q 595 0 0 842 0 0 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>")
    objects.append(stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                          b"/BitsPerComponent 8 /Filter /FlateDecode" % (side, side), data))
    return build(objects)


def _without_cmap(font: bytes) -> bytes:
    """The TrueType font with its cmap table removed (glyphs stay reachable by glyph id)."""
    count = struct.unpack(">H", font[4:6])[0]
    records = [struct.unpack(">4sIII", font[12 + 16 * i: 28 + 16 * i]) for i in range(count)]
    kept = [r for r in records if r[0] != b"cmap"]
    offset = 12 + 16 * len(kept)
    head, body = bytearray(font[:4] + struct.pack(">HHHH", len(kept), *struct.unpack(">HHH", font[6:12]))), bytearray()
    for tag, checksum, start, length in kept:
        head += struct.pack(">4sIII", tag, checksum, offset + len(body), length)
        body += font[start:start + length] + b"\0" * (-length % 4)
    return bytes(head + body)


def cid_pdf(lines: list[str]) -> bytes:
    """Vietnamese text drawn by glyph id (Identity-H) in a font with no Unicode map: extracts as (cid:NN)."""
    path = f"{FONT_DIR}DejaVuSerif.ttf"
    glyphs = TTFontFile(path).charToGlyph
    ops = [b"BT /F1 13 Tf 16 TL 60 780 Td"]
    for line in lines:
        ops.append(b"<" + "".join(f"{glyphs.get(ord(c), 3):04x}" for c in line).encode() + b"> Tj T*")
    ops.append(b"ET")
    font = _without_cmap(open(path, "rb").read())
    objects = page_objects(b"\n".join(ops), b"<< /Font << /F1 5 0 R >> >>")
    objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TimesNewRoman /Encoding /Identity-H "
                   b"/DescendantFonts [6 0 R] >>")
    objects.append(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+TimesNewRoman /CIDToGIDMap /Identity "
                   b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                   b"/FontDescriptor 7 0 R /DW 560 >>")
    objects.append(b"<< /Type /FontDescriptor /FontName /ABCDEF+TimesNewRoman /Flags 6 /FontBBox [-200 -250 1200 950] "
                   b"/ItalicAngle 0 /Ascent 900 /Descent -230 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>")
    objects.append(stream(b"/Length1 %d /Filter /FlateDecode" % len(font), zlib.compress(font)))
    return build(objects)
