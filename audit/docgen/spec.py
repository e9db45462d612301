"""DocSpec: everything needed to draw one document, and its ground truth."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from audit.docgen.layout import layout

Block = tuple[str, str]  # (style, text): "p" paragraph, "h" bold heading, "c" centred bold, "i" italic


@dataclass(frozen=True)
class DocSpec:
    """One generated administrative document (Decree 30/2020 layout) with its ground truth."""
    key: str                        # file stem, unique in a corpus
    doc_type: str                   # QĐ, KH, BC, … or CV
    parent: tuple[str, ...]         # regular capitals, top left
    issuer_lines: tuple[str, ...]   # bold capitals under the parent
    number_text: str                # what follows "Số:" as printed
    number: str | None              # truth: printed number without spaces, None when blank
    place: str
    date_text: str                  # the whole italic place-date line
    issued_on: date | None
    type_name: str                  # "" for a công văn
    title: str                      # truth: trích yếu joined with one space (without "V/v")
    title_lines: tuple[str, ...]    # as printed (a công văn's first line starts with "V/v ")
    recipient: str                  # "Kính gửi: …" line or ""
    body: tuple[Block, ...]
    authority: tuple[str, ...]      # TM./KT./Q. lines and the position, bold capitals
    signer: str | None
    left_signer: tuple[str, str] | None  # minutes: (position, name) of the secretary, bottom left
    to: tuple[str, ...]             # "Nơi nhận:" list (empty for minutes)
    school_year: str | None
    seed: int

    @property
    def signed(self) -> bool:
        """Whether the document carries a signature and the signer's name."""
        return self.signer is not None

    @property
    def issuer(self) -> str:
        """The issuing body as one line."""
        return " ".join(self.issuer_lines)

    @cached_property
    def pages(self) -> int:
        """Number of pages the rendered PDF has."""
        return len(layout(self).pages)

    @property
    def truth(self) -> dict[str, Any]:
        """Ground truth with the keys of evidence.schema.json's document fields."""
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "place": self.place,
            "issuer": self.issuer,
            "title": self.title,
            "signer": self.signer,
            "school_year": self.school_year,
            "signed": self.signed,
            "pages": self.pages,
        }
