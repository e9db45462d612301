"""A PDF's active content (JavaScript, launch actions), found by walking its objects with a real parser.

qpdf (through pikepdf) reads the file as a viewer would: names are unescaped (`/Java#53cript` is
`/JavaScript`), objects packed in compressed object streams are unpacked, a broken cross-reference table
is rebuilt. Every object of the file is looked at, and every dictionary and array nested in it, so an
action counts wherever it sits: the catalog's /OpenAction and /AA, the /Names /JavaScript tree, a page's
/AA, an annotation's /A or /AA, a form field's /AA, an outline item, an action's /Next chain, an XFA form;
an unreferenced script counts too (evidence never needs one). Nothing is ever run.

The walk is bounded (objects, nested values, seconds), so a file built to be huge cannot hold it; a walk
cut short is reported as such, never as clean.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import pikepdf

log = logging.getLogger(__name__)

MAX_OBJECTS = 200_000      # indirect objects; a 300-page scan has a few thousand
MAX_VALUES = 3_000_000     # dictionaries, arrays and their entries looked into
MAX_SECONDS = 15.0
_CHECK_EVERY = 4096        # values between two looks at the clock
_ACTIVE_KINDS = frozenset({"/JavaScript", "/Launch"})
# an action's script; the /Names tree of document scripts; an XFA form (its XML carries scripts)
_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/XFA"})


@dataclass
class Actions:
    """What the walk found: flags ("javascript", "open_action"), or why it could not finish."""
    flags: set[str] = field(default_factory=set)
    incomplete: str = ""      # why the walk stopped early (Vietnamese: the file is refused), or ""


class _Budget:
    def __init__(self, max_values: int, seconds: float):
        self.left, self.deadline = max_values, time.monotonic() + seconds

    def spend(self) -> bool:
        """Take one value; False when the count or the time is used up."""
        self.left -= 1
        if self.left < 0:
            return False
        return bool(self.left % _CHECK_EVERY) or time.monotonic() < self.deadline


def _name(value: Any) -> str:
    return str(value) if isinstance(value, pikepdf.Name) else ""


def _dictionary_flags(obj: Any) -> set[str]:
    """Flags of one dictionary (or stream dictionary) by its own keys."""
    keys = set(obj.keys())
    if keys & _SCRIPT_KEYS or _name(obj.get("/S")) in _ACTIVE_KINDS:
        return {"javascript"}
    return set()


def _walk(root: Any, budget: _Budget, found: set[str]) -> bool:
    """Look into one indirect object and the direct values nested in it; False when the budget ran out.

    Indirect references are not followed: every indirect object is walked on its own."""
    containers = (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Array):
            children: Any = obj
        elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            found |= _dictionary_flags(obj)
            children = obj.values()
        else:
            continue
        for child in children:
            if not budget.spend():
                return False
            if isinstance(child, containers) and not child.is_indirect:
                stack.append(child)
    return True


def _scripted(action: Any) -> bool:
    """Whether an /OpenAction value is itself a script or launch action (told as "javascript" alone)."""
    return isinstance(action, pikepdf.Dictionary) and bool(_dictionary_flags(action))


def find_actions(path: str, max_objects: int | None = None, max_values: int | None = None,
                 seconds: float | None = None) -> Actions:
    """Walk every object of the PDF at `path` for scripts and launch actions (runs in the sandboxed child).

    A file qpdf cannot open at all (encrypted, not a PDF) is left to the readers that follow: nothing found."""
    try:
        pdf = pikepdf.open(path, suppress_warnings=True)
    except Exception as exc:  # noqa: BLE001 - qpdf raises several kinds for files it cannot open or rebuild
        log.info("pikepdf cannot open %s: %s", path, exc)
        return Actions()
    found = Actions()
    with pdf:
        try:
            budget = _Budget(max_values or MAX_VALUES, seconds or MAX_SECONDS)
            _walk_file(pdf, found, max_objects or MAX_OBJECTS, budget)
        except Exception as exc:  # noqa: BLE001 - a walk that breaks off proves nothing: refuse the file
            log.info("pikepdf walk of %s failed: %s", path, exc)
            found.incomplete = f"không kiểm tra được mã tự chạy trong tệp PDF ({type(exc).__name__})"
    return found


def _walk_file(pdf: Any, found: Actions, max_objects: int, budget: _Budget) -> None:
    """Walk every indirect object of an open file into `found`."""
    root = pdf.trailer.get("/Root")
    if isinstance(root, pikepdf.Dictionary) and "/OpenAction" in root and not _scripted(root.get("/OpenAction")):
        found.flags.add("open_action")
    objects = pdf.objects
    if len(objects) > max_objects:
        found.incomplete = f"tệp PDF có quá nhiều đối tượng để kiểm tra mã tự chạy ({len(objects)} > {max_objects})"
        return
    for obj in objects:
        if not _walk(obj, budget, found.flags):
            found.incomplete = "tệp PDF quá phức tạp để kiểm tra mã tự chạy (vượt giới hạn kiểm tra)"
            return
